"""`briefing serve`: a live preview that regenerates pages when content changes."""

from __future__ import annotations

import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Callable
from pathlib import Path

from helpers import MINI


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _wait_for(check: Callable[[], bool], seconds: float) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            if check():
                return True
        except (urllib.error.URLError, ConnectionError):
            pass
        time.sleep(0.2)
    return False


def _get(url: str) -> str:
    with urllib.request.urlopen(url, timeout=5) as response:
        return str(response.read().decode("utf-8"))


def test_serve_regenerates_pages_when_content_changes(tmp_path: Path) -> None:
    root = tmp_path / "project"
    shutil.copytree(MINI, root)
    port = _free_port()
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "generator",
            "serve",
            "--root",
            str(root),
            "--dev-addr",
            f"127.0.0.1:{port}",
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    url = f"http://127.0.0.1:{port}/actors/putin.html"
    try:
        assert _wait_for(lambda: "Vladimir Putin" in _get(url), 60), "server did not start"
        assert "livereload" in _get(url)  # the page reloads itself when the site changes
        page = root / "content" / "actors" / "putin.md"
        page.write_text(page.read_text().replace("Vladimir Putin", "Vladimir V. Putin"))
        assert _wait_for(lambda: "Vladimir V. Putin" in _get(url), 60), "page not regenerated"
        # The change reaches the pages that link to him, too.
        other = f"http://127.0.0.1:{port}/agreements/energy-pause.html"
        assert "Vladimir V. Putin" in _get(other)
    finally:
        server.terminate()
        server.wait(timeout=20)

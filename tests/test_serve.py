"""`briefing serve`: a live preview that regenerates pages when content changes."""

from __future__ import annotations

import contextlib
import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
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


@contextlib.contextmanager
def _serving(root: Path, *extra: str) -> Iterator[int]:
    """`briefing serve` on `root` at a free port, stopped afterwards; yields the port."""
    port = _free_port()
    log = (root.parent / "serve.log").open("w")  # a file, so a long report never blocks it
    server = subprocess.Popen(
        [sys.executable, "-m", "generator", "serve", "--root", str(root)]
        + ["--dev-addr", f"127.0.0.1:{port}", *extra],
        stdout=log,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        yield port
        assert server.poll() is None, (root.parent / "serve.log").read_text()
    finally:
        server.terminate()
        server.wait(timeout=20)
        log.close()


def test_serve_regenerates_pages_when_content_changes(tmp_path: Path) -> None:
    root = tmp_path / "project"
    shutil.copytree(MINI, root)
    with _serving(root) as port:
        url = f"http://127.0.0.1:{port}/actors/putin.html"
        assert _wait_for(lambda: "Vladimir Putin" in _get(url), 60), "server did not start"
        assert "livereload" in _get(url)  # the page reloads itself when the site changes
        page = root / "content" / "actors" / "putin.md"
        page.write_text(page.read_text().replace("Vladimir Putin", "Vladimir V. Putin"))
        assert _wait_for(lambda: "Vladimir V. Putin" in _get(url), 60), "page not regenerated"
        # The change reaches the pages that link to him, too.
        other = f"http://127.0.0.1:{port}/agreements/energy-pause.html"
        assert "Vladimir V. Putin" in _get(other)


def test_a_bad_edit_shows_its_errors_in_the_browser_and_a_fix_clears_them(
    tmp_path: Path,
) -> None:
    root = tmp_path / "project"
    shutil.copytree(MINI, root)
    # A published address with a path: the preview still serves at the root.
    settings = root / "content" / "briefing.yaml"
    settings.write_text(settings.read_text() + "site_url: https://example.org/briefing/\n")
    with _serving(root) as port:
        url = f"http://127.0.0.1:{port}/actors/putin.html"
        position = root / "content" / "positions" / "russia-on-prisoners.md"
        good = position.read_text()
        assert _wait_for(lambda: "Vladimir Putin" in _get(url), 60), "server did not start"
        position.write_text(good.replace("stance: supports", "stance: oppose"))
        # Every page answers at once, with the last valid content and the problem on top.
        assert _wait_for(lambda: "briefing-errors" in _get(url), 60), "errors not shown"
        page = _get(url)
        assert "Vladimir Putin" in page and "livereload" in page
        assert "&#39;oppose&#39; is not an allowed value for &#39;stance&#39;" in page
        assert "russia-on-prisoners.md:4:9" in page
        position.write_text(good)
        assert _wait_for(lambda: "briefing-errors" not in _get(url), 60), "errors not cleared"


def test_every_local_link_of_the_preview_answers(tmp_path: Path) -> None:
    import re
    from urllib.parse import urljoin, urlsplit

    root = tmp_path / "project"
    shutil.copytree(MINI, root)
    with _serving(root) as port:
        base = f"http://127.0.0.1:{port}/"
        assert _wait_for(lambda: "livereload" in _get(base + "index.html"), 60)
        seen: set[str] = set()
        queue = [base + "index.html"]
        while queue:
            url = queue.pop()
            if url in seen:
                continue
            seen.add(url)
            with urllib.request.urlopen(url, timeout=5) as response:  # a 404 raises
                assert response.status == 200, url
                body = response.read()
            if not url.endswith(".html"):
                continue
            for href in re.findall(rb'href="([^"#]+)', body):
                target = urljoin(url, href.decode())
                if urlsplit(target).netloc == f"127.0.0.1:{port}":
                    queue.append(target)
        # The pages, and no link to a PDF the preview does not make.
        assert len([u for u in seen if u.endswith(".html")]) > 15
        assert not [u for u in seen if u.endswith(".pdf")]


def test_serve_dirty_starts_and_serves(tmp_path: Path) -> None:
    root = tmp_path / "project"
    shutil.copytree(MINI, root)
    with _serving(root, "--dirty") as port:
        url = f"http://127.0.0.1:{port}/actors/putin.html"
        assert _wait_for(lambda: "Vladimir Putin" in _get(url), 60), "server did not start"


def test_the_preview_runs_the_pipeline_once_at_start_up(tmp_path: Path) -> None:
    """`briefing serve` generates the pages, then MkDocs' first build asks the plugin to:
    the plugin takes over the command's session, so nothing is rendered a second time."""
    from mkdocs.config import load_config

    from generator.incremental import Session
    from generator.mkdocs_plugin import PREVIEW_SESSION
    from generator.pipeline import run
    from generator.project.layout import Project

    root = tmp_path / "project"
    shutil.copytree(MINI, root)
    project = Project(root)
    session = Session(project)
    run(project, site_dir=project.site, publish=False, session=session)  # as cmd_serve does
    rendered: list[set[str]] = []
    render = session.render

    def counting(*args: object, **kwargs: object) -> object:
        result = render(*args, **kwargs)  # type: ignore[arg-type]
        rendered.append(set(result.rendered))
        return result

    session.render = counting  # type: ignore[method-assign]
    token = PREVIEW_SESSION.set(session)
    try:
        config = load_config(str(project.site_config))
        config.plugins.on_startup(command="serve", dirty=False)
        config = config.plugins.on_config(config)
        plugin = config.plugins["briefing"]
        assert plugin.session is session
        assert rendered == [set()]  # asked again, it had nothing left to render
    finally:
        PREVIEW_SESSION.reset(token)
        config.plugins["briefing"]._held.close()

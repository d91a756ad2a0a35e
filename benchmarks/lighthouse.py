"""Lighthouse scores for the built site: `python -m benchmarks.lighthouse [--site site]`.

Serves the site on 127.0.0.1 with gzip compression (as any production host would),
runs Lighthouse (the npm package) in mobile emulation against Debian's Chromium on the
home page and an entity page, and prints the four category scores, the transfer size
and the search index size. Lighthouse is installed into build/lighthouse on first use.
"""

from __future__ import annotations

import argparse
import functools
import gzip
import http.server
import json
import shutil
import subprocess
import sys
import tempfile
import threading
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
CHROME_FLAGS = (
    "--headless=new --no-sandbox --disable-gpu --disable-background-networking "
    "--disable-component-update --disable-sync --no-first-run"
)
PAGES = {"home": "index.html", "entity": "actors/dan-hoffman.html"}
COMPRESSIBLE = (".html", ".css", ".js", ".json", ".svg", ".xml", ".txt")


class _GzipHandler(http.server.SimpleHTTPRequestHandler):
    """Static files, gzip-compressed when the client accepts it."""

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002
        pass

    def send_head(self):  # type: ignore[no-untyped-def]
        path = Path(self.translate_path(self.path))
        if path.is_dir():
            path = path / "index.html"
        accepts = "gzip" in self.headers.get("Accept-Encoding", "")
        if not (accepts and path.suffix in COMPRESSIBLE and path.is_file()):
            return super().send_head()
        body = gzip.compress(path.read_bytes(), mtime=0)
        self.send_response(200)
        self.send_header("Content-Type", self.guess_type(str(path)))
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "max-age=3600")
        self.end_headers()
        return _Body(body)


class _Body:
    def __init__(self, data: bytes) -> None:
        self.data = data

    def read(self, *_: object) -> bytes:
        data, self.data = self.data, b""
        return data

    def close(self) -> None:
        pass


def lighthouse_binary(explicit: str | None) -> str:
    if explicit:
        return explicit
    prefix = REPO / "build" / "lighthouse"
    binary = prefix / "node_modules" / ".bin" / "lighthouse"
    if not binary.exists():
        subprocess.run(
            ["npm", "install", "--no-audit", "--no-fund", "--prefix", str(prefix), "lighthouse@12"],
            check=True,
        )
    return str(binary)


def run(site: Path, binary: str) -> dict[str, Any]:
    handler = functools.partial(_GzipHandler, directory=str(site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_address[1]}/"
    results: dict[str, Any] = {}
    try:
        for name, rel in PAGES.items():
            with tempfile.TemporaryDirectory() as tmp:
                report = Path(tmp) / "report.json"
                subprocess.run(
                    [
                        binary,
                        base + rel,
                        "--chrome-path=/usr/bin/chromium",
                        f"--chrome-flags={CHROME_FLAGS}",
                        "--output=json",
                        f"--output-path={report}",
                        "--quiet",
                        "--only-categories=performance,accessibility,best-practices,seo",
                    ],
                    check=True,
                )
                data = json.loads(report.read_text())
            results[name] = {
                "url": rel,
                "scores": {k: round(v["score"] * 100) for k, v in data["categories"].items()},
                "transfer_kb": data["audits"]["total-byte-weight"]["numericValue"] / 1024,
                "failed_audits": sorted(
                    a["id"]
                    for a in data["audits"].values()
                    if a.get("score") is not None
                    and a["score"] < 0.9
                    and a.get("scoreDisplayMode") in ("binary", "numeric")
                ),
            }
    finally:
        server.shutdown()
    index = site / "search" / "search_index.json"
    results["search_index_kb"] = index.stat().st_size / 1024
    results["search_index_gzip_kb"] = len(gzip.compress(index.read_bytes())) / 1024
    return results


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m benchmarks.lighthouse",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--site", type=Path, default=REPO / "site")
    parser.add_argument("--lighthouse", help="path of the lighthouse command, if installed")
    args = parser.parse_args(argv)
    if not (args.site / "index.html").is_file():
        parser.error(f"no built site in {args.site}; run scripts/build first")
    if shutil.which("npm") is None and not args.lighthouse:
        parser.error("npm is needed to install Lighthouse")
    results = run(args.site, lighthouse_binary(args.lighthouse))
    print(json.dumps(results, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())

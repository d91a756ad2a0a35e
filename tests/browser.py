"""Driving Debian's Chromium with Playwright against a built site served on 127.0.0.1.

`playwright install` cannot download browsers everywhere this runs, so the system's
/usr/bin/chromium is launched directly.
"""

from __future__ import annotations

import functools
import http.server
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

from playwright.sync_api import Locator, Page

CHROMIUM = "/usr/bin/chromium"
# Without the background-networking switches Chromium tries to reach Google's services,
# which a closed network refuses; none of them matter to the pages under test.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-default-apps",
    "--disable-extensions",
]
AXE = Path(__file__).parent / "vendor" / "axe-4.14.1.min.js"
PAGE_TYPES = {
    "home": "index.html",
    "agreements": "agreements/index.html",
    "actors": "actors/index.html",
    "issues": "issues/index.html",
    "positions": "positions/index.html",
    "assessments": "assessments/index.html",
    "events": "events/index.html",
    "sources": "sources/index.html",
    "agreement": "agreements/energy-strike-moratorium.html",
    "actor": "actors/dan-hoffman.html",
    "issue": "issues/deported-children.html",
    "position": "positions/russia-on-western-military-aid.html",
    "assessment": "assessments/hoffman-on-energy-moratorium.html",
    "event": "events/trump-putin-call.html",
    "source": "sources/ki-kremlin-demands-halt-aid.html",
    "matrix": "matrix.html",
    "timeline": "timeline.html",
    "glossary": "glossary.html",
    "about": "about.html",
    "tags": "tags.html",
}


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:  # noqa: A002
        pass


@contextmanager
def serve_directory(root: Path) -> Iterator[str]:
    """Serve `root` on 127.0.0.1 at a free port; yield the base URL (ending in '/')."""
    handler = functools.partial(_QuietHandler, directory=str(root))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


@dataclass
class PageWatch:
    """Console errors, failed requests and foreign requests seen by one page."""

    origin: str
    console_errors: list[str] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)
    foreign: list[str] = field(default_factory=list)

    def attach(self, page: object) -> None:
        page.on("console", self._console)  # type: ignore[attr-defined]
        page.on("pageerror", lambda exc: self.console_errors.append(str(exc)))  # type: ignore[attr-defined]
        page.on("requestfailed", lambda req: self.failed.append(req.url))  # type: ignore[attr-defined]
        page.on("request", self._request)  # type: ignore[attr-defined]
        page.on("response", self._response)  # type: ignore[attr-defined]

    def _console(self, message: object) -> None:
        if message.type == "error":  # type: ignore[attr-defined]
            self.console_errors.append(message.text)  # type: ignore[attr-defined]

    def _request(self, request: object) -> None:
        url = request.url  # type: ignore[attr-defined]
        parts = urlsplit(url)
        if parts.scheme in ("data", "blob", "about"):
            return
        if parts.scheme == "file" and self.origin.startswith("file:"):
            return
        if f"{parts.scheme}://{parts.netloc}/" != self.origin:
            self.foreign.append(url)

    def _response(self, response: object) -> None:
        if response.status >= 400:  # type: ignore[attr-defined]
            self.failed.append(f"{response.status} {response.url}")  # type: ignore[attr-defined]


# The two builders' themes differ in their search dialog: Material's is in the page,
# Zensical's in a shadow root (which Playwright's locators see into).


def open_search(page: Page, builder: str) -> tuple[Locator, Locator]:
    """Open the search dialog; return its query field and its result links."""
    if builder == "zensical":
        page.locator(".md-search__button").first.click()
        field = page.get_by_role("combobox", name="Search")
        results = page.get_by_role("listbox", name="Search results").get_by_role("option")
    else:
        page.locator("label.md-search__icon, .md-search__input").first.click()
        field = page.locator("input.md-search__input")
        results = page.locator(".md-search-result__item > a")
    return field, results


def search(page: Page, query: str, builder: str, timeout: float = 3000) -> Locator:
    """Open the search dialog, type `query`, and return the result links, best first."""
    field, results = open_search(page, builder)
    field.press_sequentially(query)
    results.first.wait_for(timeout=timeout)
    # Both themes search as the reader types, so the first results shown may answer a
    # prefix ("c" for "children"): wait until the list has stopped changing.
    _wait_until_settled(page, results, timeout)
    return results


def _wait_until_settled(page: Page, results: Locator, timeout: float) -> None:
    def snapshot() -> tuple[int, str]:
        return results.count(), results.first.inner_text() if results.count() else ""

    previous, steady, waited = snapshot(), 0, 0.0
    while steady < 3 and waited < timeout:
        page.wait_for_timeout(150)
        waited += 150
        current = snapshot()
        steady = steady + 1 if current == previous else 0
        previous = current


def result_text(link: Locator) -> str:
    """A result's title and snippet as the reader sees them."""
    return " ".join(link.inner_text().split())

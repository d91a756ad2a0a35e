"""The one check of a built site that its builder does not make: no page loads anything
from another origin. (Broken links and anchors fail the build itself: MkDocs' and
Zensical's link validation, made strict by the site configuration.)

Links to other sites (`<a href="https://…">`) are navigation, and allowed; what a page
*loads* (scripts, stylesheets, images, frames, fonts) must come from the site itself.
"""

from __future__ import annotations

from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlsplit

# Attributes through which a page loads a resource, by tag.
_LOADS = {
    "script": "src",
    "img": "src",
    "iframe": "src",
    "source": "src",
    "audio": "src",
    "video": "src",
    "embed": "src",
    "object": "data",
    "link": "href",
}
_NAVIGATION_RELS = {
    "canonical",
    "alternate",
    "author",
    "help",
    "license",
    "next",
    "prev",
    "search",
    "bookmark",
    "external",
    "nofollow",
    "noopener",
    "noreferrer",
}


@dataclass(frozen=True)
class LinkProblem:
    """One remote load, in one page of the site."""

    page: str
    target: str
    problem: str

    def __str__(self) -> str:
        return f"{self.page}: {self.problem}: {self.target}"


class _PageParser(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.loads: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {k: v for k, v in attrs if v is not None}
        attr = _LOADS.get(tag)
        if attr and attr in values:
            rels = set(values.get("rel", "").lower().split())
            if not (tag == "link" and rels and rels <= _NAVIGATION_RELS):
                self.loads.append(values[attr])
        if "srcset" in values:
            self.loads.extend(
                part.split()[0] for part in values["srcset"].split(",") if part.strip()
            )


def _is_remote(url: str) -> bool:
    parts = urlsplit(url)
    return bool(parts.scheme and parts.scheme not in ("data", "blob")) or url.startswith("//")


def remote_loads(site: Path) -> list[LinkProblem]:
    """Every resource a page of `site` loads from another origin."""
    problems: list[LinkProblem] = []
    for path in sorted(site.rglob("*.html")):
        parser = _PageParser()
        parser.feed(path.read_text(encoding="utf-8"))
        page = path.relative_to(site).as_posix()
        problems += [
            LinkProblem(page, url, "loads a resource from another origin")
            for url in parser.loads
            if _is_remote(url)
        ]
    return problems

"""The project's own link checker for a built site: every internal link and anchor must
resolve, and no page may load anything from another origin.

Links to other sites (`<a href="https://…">`) are navigation, and allowed; what a page
*loads* (scripts, stylesheets, images, frames, fonts) must come from the site itself.
"""

from __future__ import annotations

import posixpath
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

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
    """One broken link or remote load, in one page of the site."""

    page: str
    target: str
    problem: str

    def __str__(self) -> str:
        return f"{self.page}: {self.problem}: {self.target}"


class _PageParser(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.ids: set[str] = set()
        self.links: list[str] = []
        self.loads: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {k: v for k, v in attrs if v is not None}
        for key in ("id", "name"):
            if key in values and (key == "id" or tag == "a"):
                self.ids.add(values[key])
        if tag == "a" and "href" in values:
            self.links.append(values["href"])
        attr = _LOADS.get(tag)
        if attr and attr in values:
            rels = set(values.get("rel", "").lower().split())
            if tag == "link" and rels and rels <= _NAVIGATION_RELS:
                self.links.append(values[attr])
            else:
                self.loads.append(values[attr])
        if "srcset" in values:
            self.loads.extend(
                part.split()[0] for part in values["srcset"].split(",") if part.strip()
            )


def _is_remote(url: str) -> bool:
    parts = urlsplit(url)
    return bool(parts.scheme and parts.scheme not in ("data", "blob")) or url.startswith("//")


def check_site(site: Path) -> list[LinkProblem]:
    """All broken internal links and anchors, and all remote loads, in `site`'s HTML."""
    parsed: dict[str, _PageParser] = {}
    for path in sorted(site.rglob("*.html")):
        parser = _PageParser()
        parser.feed(path.read_text(encoding="utf-8"))
        parsed[path.relative_to(site).as_posix()] = parser
    problems: list[LinkProblem] = []
    for page, parser in parsed.items():
        for url in parser.loads:
            if _is_remote(url):
                problems.append(LinkProblem(page, url, "loads a resource from another origin"))
            else:
                problems += _check_internal(site, parsed, page, url)
        for url in parser.links:
            parts = urlsplit(url)
            if parts.scheme or url.startswith("//"):
                continue  # a link to another site: navigation, not a load
            problems += _check_internal(site, parsed, page, url)
    return problems


def _check_internal(
    site: Path, parsed: dict[str, _PageParser], page: str, url: str
) -> list[LinkProblem]:
    parts = urlsplit(url)
    path = unquote(parts.path)
    if path.startswith("/"):  # root-relative, as MkDocs writes in 404.html
        target = posixpath.normpath(path.lstrip("/") or ".")
    elif path:
        target = posixpath.normpath(posixpath.join(posixpath.dirname(page), path))
    else:
        target = page
    if target.startswith("../"):
        return [LinkProblem(page, url, "link leaves the site")]
    if path.endswith("/") or (site / target).is_dir():
        target = posixpath.join(target, "index.html")
    if not (site / target).is_file():
        return [LinkProblem(page, url, "link target does not exist")]
    fragment = unquote(parts.fragment)
    if fragment and target in parsed and fragment not in parsed[target].ids:
        return [LinkProblem(page, url, "anchor does not exist")]
    return []

"""What readers see, read back from a built site and its PDFs, and the faults a
professional reader notices at once: an editor's note in print, the same citations twice
in a row, a heading stranded at the foot of a PDF page, an almost blank page.

`problems()` returns one line per fault; tests assert it is empty for the shipped
briefing and for fixtures, and that it finds faults planted on purpose.
"""

from __future__ import annotations

import html
import re
from html.parser import HTMLParser
from pathlib import Path

from pypdf import PdfReader

from generator.model.entries import LinkedBriefing
from generator.model.schema import Source
from generator.pdf.edition import render_pdf_html
from generator.project.layout import Project

EDITOR_PHRASES = (
    "headline not shown",
    "read via a copy",
    "read only through",
    "copy at a bare ip",
    "lemmy",
    "the fox summary",
    "briefing started from",
    "not given in the sources used here",
)
"""How a source was read: editors' notes that were once published, and must never be."""

# A group of citations, then (after at most a full stop or comma and a space) the same
# group again: "[9][23].[9][23]". In the site the numbers are footnote references.
_REPEATED = re.compile(r"((?:\[\d+\](?:,(?=\[))?)+)[.,;:]?\s?\1(?!\d)")
_SPACE_BEFORE = re.compile(r"\s+(?=[,.;:]|\[\d)")
_FOOTNOTE_REF = re.compile(r'<a class="footnote-ref" href="[^"]*">(\d+)</a>')
_TAG = re.compile(r"<[^>]+>")
_FOOTER = re.compile(r"Page \d+ of \d+\s*$")
NEARLY_BLANK = 300
"""Fewer characters than this on a page (a few lines) make it an almost blank page."""
_MAIN = re.compile(r"<article[^>]*>(.*?)</article>", re.S)


class _Headings(HTMLParser):
    """The texts of the headings and captions of the print HTML."""

    def __init__(self) -> None:
        super().__init__()
        self.texts: set[str] = set()
        self._depth = 0
        self._current: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("h1", "h2", "h3", "h4", "h5", "h6", "caption"):
            self._depth += 1
            self._current = []

    def handle_endtag(self, tag: str) -> None:
        if tag in ("h1", "h2", "h3", "h4", "h5", "h6", "caption") and self._depth:
            self._depth -= 1
            self.texts.add(" ".join("".join(self._current).split()))

    def handle_data(self, data: str) -> None:
        if self._depth:
            self._current.append(data)


def squash(text: str) -> str:
    return " ".join(text.split())


def page_texts(pdf: Path) -> list[str]:
    return [page.extract_text() or "" for page in PdfReader(pdf).pages]


def body_lines(text: str) -> list[str]:
    """A PDF page's lines without its running header and footer (the last two lines)."""
    lines = [line.strip() for line in text.splitlines() if line.strip().strip("•").strip()]
    if lines and _FOOTER.search(lines[-1]):
        lines = lines[:-2]
    return lines


def site_texts(site: Path) -> dict[str, str]:
    """The readable text of every page's article, citations written as [n]."""
    texts = {}
    for page in sorted(site.rglob("*.html")):
        markup = page.read_text(encoding="utf-8")
        match = _MAIN.search(markup)
        if not match:
            continue
        article = _FOOTNOTE_REF.sub(r"[\1]", match.group(1))
        # Tags are gaps between words; before punctuation and citations they are not.
        text = squash(html.unescape(_TAG.sub(" ", article)))
        texts[page.relative_to(site).as_posix()] = _SPACE_BEFORE.sub("", text)
    return texts


def editor_notes(linked: LinkedBriefing) -> list[str]:
    """Every source's private editor's note (long enough to be recognised)."""
    return [
        squash(s.model.editor_note)
        for s in linked.of(Source)
        if s.model.editor_note and len(s.model.editor_note) >= 20
    ]


def _text_problems(where: str, text: str, notes: list[str]) -> list[str]:
    found = []
    folded = text.casefold()
    for phrase in EDITOR_PHRASES:
        if phrase in folded:
            found.append(f"{where}: editor's note published: {phrase!r}")
    for note in notes:
        if note.casefold() in folded:
            found.append(f"{where}: a source's editor_note is published: {note[:60]!r}")
    for match in _REPEATED.finditer(text):
        found.append(f"{where}: the same citations twice in a row: {match.group(0)!r}")
    return found


def stranded_headings(pdf: Path, headings: set[str]) -> list[str]:
    """Pages of `pdf` whose last line of text is a heading (or the end of one)."""
    found = []
    for number, text in enumerate(page_texts(pdf), start=1):
        lines = body_lines(text)
        if not lines:
            continue
        last = lines[-1]
        two = f"{lines[-2]} {last}" if len(lines) > 1 else last
        if last in headings or two in headings:
            found.append(f"{pdf.name} page {number}: ends with the heading {last!r}")
    return found


def nearly_blank_pages(pdf: Path, least: int = NEARLY_BLANK) -> list[str]:
    """Pages of `pdf` (but the last) carrying less than `least` characters of text."""
    texts = page_texts(pdf)
    return [
        f"{pdf.name} page {number}: almost blank ({size} characters)"
        for number, text in enumerate(texts[:-1], start=1)
        if (size := len(" ".join(body_lines(text)))) < least
    ]


def print_headings(project: Project, linked: LinkedBriefing, edition: str) -> set[str]:
    parser = _Headings()
    parser.feed(render_pdf_html(project, linked, edition))
    return parser.texts


def problems(
    project: Project, linked: LinkedBriefing, site: Path, pdfs: dict[str, Path]
) -> list[str]:
    """Every fault found in the site's pages and the PDF editions `pdfs` (by edition)."""
    notes = editor_notes(linked)
    found = []
    for rel, text in site_texts(site).items():
        found += _text_problems(rel, text, notes)
    for edition, pdf in pdfs.items():
        pages = page_texts(pdf)
        found += _text_problems(pdf.name, squash(" ".join(pages)), notes)
        found += stranded_headings(pdf, print_headings(project, linked, edition))
        found += nearly_blank_pages(pdf)
    return found

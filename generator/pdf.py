"""Stage 5b: the offline PDF of the whole briefing, rendered with WeasyPrint.

A print-specific HTML document is rendered through Jinja2 from the same linked model as
the site, then laid out by WeasyPrint: cover, contents with page numbers, bookmarks,
running headers, footnoted citations, a landscape position matrix and a bibliography.
Rendering fetches nothing from the network, and takes every date from the content, so
the same content always gives the same bytes.
"""

from __future__ import annotations

import hashlib
import re
from functools import cache
from pathlib import Path
from typing import Any

import jinja2
import markdown
from markupsafe import Markup

from . import __version__
from .atomic import TEMP_SUFFIX, write_atomic
from .history import GitError, git, last_updated
from .linker import LinkedBriefing
from .mdtext import splice
from .pagenumbers import TARGET_COUNTER_CSS, fill_page_numbers, with_placeholders
from .pages import TEMPLATES, _by_date, entity_context, matrix_axes
from .pipeline import paused_gc
from .safe_markdown import SafeContentExtension
from .sanitize import CONTENT, UnsafeHTML, audit_document, clean
from .schema_check import Entry
from .weasyprint_tuning import tune_weasyprint
from .writer import LABELS, display_title, format_date, format_range

PDF_TEMPLATES = TEMPLATES / "pdf"
_TOKEN = re.compile(r"BRIEFINGREF\d+Z")
_HEADING_TAG = re.compile(r"<(/?)h([1-6])(?=[\s>])")
SECTION_ORDER = (
    "bottom-line",
    "agreements",
    "matrix",
    "issues",
    "assessments",
    "timeline",
    "actors",
    "bibliography",
)


class RemoteFetchRefused(ValueError):
    """Raised for any attempt to load a resource from the network while rendering."""


def _inside_templates(url: str) -> bool:
    from urllib.parse import unquote, urlsplit

    path = Path(unquote(urlsplit(url).path)).resolve()
    return path.is_relative_to(PDF_TEMPLATES.resolve())


def _make_fetcher() -> Any:
    from weasyprint.urls import URLFetcher

    class LocalOnlyFetcher(URLFetcher):
        """Serves files and data: URLs; refuses everything else, so rendering stays offline."""

        def __init__(self) -> None:
            super().__init__(allowed_protocols={"file", "data"})
            self.refused: list[str] = []

        def fetch(self, url: str, headers: Any = None) -> Any:
            # Only the templates' own folder and inline data: nothing from the network,
            # and no other local file can be pulled into a published document.
            allowed = url.startswith("data:") or (
                url.startswith("file:") and _inside_templates(url)
            )
            if not allowed:
                self.refused.append(url)
                raise RemoteFetchRefused(f"refusing to fetch {url} while rendering the PDF")
            return super().fetch(url, headers)

    return LocalOnlyFetcher()


class DocWriter:
    """Writes the HTML of the PDF: cross-references with page numbers, footnoted cites."""

    def __init__(self, linked: LinkedBriefing, numbers: dict[str, int]) -> None:
        self.linked = linked
        self.numbers = numbers
        # The same safety net as the site: raw HTML is text, unsafe URLs are dropped.
        self._md = markdown.Markdown(
            extensions=["tables", "fenced_code", SafeContentExtension()], output_format="html"
        )
        self._held: dict[str, str] = {}

    def title(self, entry_id: str) -> str:
        return display_title(self.linked.entries[entry_id], self.linked)

    def link(self, entry_id: str, label: str | None = None) -> Markup:
        """A cross-reference to an entity's section, with its page number in print."""
        text = label if label is not None else self.title(entry_id)
        collection = self.linked.entries[entry_id].collection
        return Markup('<a class="xref xref-{}" href="#{}">{}</a>').format(
            collection, entry_id, text
        )

    def links(self, ids: list[str]) -> Markup:
        return Markup(", ").join(self.link(i) for i in ids) if ids else Markup("—")

    def cite(self, source_id: str) -> Markup:
        """A numbered citation linking to the source's entry in the bibliography.

        Numbered references keep pages readable where a paragraph cites many sources;
        the bibliography entry gives the full reference, its address and its citers.
        """
        return Markup('<a class="cite" href="#{}">[{}]</a>').format(
            source_id, self.numbers[source_id]
        )

    def _hold(self, html: str) -> str:
        # Markdown shows raw HTML as text, so links and citations go in as plain tokens
        # and are swapped for their HTML after conversion.
        token = f"BRIEFINGREF{len(self._held)}Z"
        self._held[token] = html
        return token

    def _html(self, text: str, inline: bool) -> str:
        spliced = splice(
            text,
            lambda i, label: self._hold(str(self.link(i, label))),
            lambda s: self._hold(str(self.cite(s))),
            inline,
        )
        if inline:
            spliced = " ".join(spliced.split())  # as on the site: one line, no blocks
        self._md.reset()
        # Only what the contributor allowlist permits; the links go in afterwards.
        converted = clean(str(self._md.convert(spliced)), CONTENT)
        return _TOKEN.sub(lambda m: self._held.get(m.group(0), m.group(0)), converted)

    def inline(self, text: str | None) -> Markup:
        """Inline Markdown as HTML without the wrapping paragraph."""
        if not text:
            return Markup("")
        html = self._html(text, inline=True)
        if html.startswith("<p>") and html.endswith("</p>") and html.count("<p>") == 1:
            html = html[3:-4]
        return Markup(html)

    def body(self, entry: Entry) -> Markup:
        """An entity's Markdown body as HTML, its headings kept below section level."""
        html = self._html(entry.body, inline=False) if entry.body.strip() else ""
        html = _HEADING_TAG.sub(lambda m: f"<{m.group(1)}h{min(int(m.group(2)) + 2, 6)}", html)
        return Markup(html)

    def badge(self, value: str) -> Markup:
        label, symbol = LABELS[value]
        return Markup('<span class="badge badge-{}">{} {}</span>').format(value, symbol, label)

    def date(self, day: Any) -> str:
        return format_date(day)

    def daterange(self, first: Any, last: Any) -> str:
        return format_range(first, last)


@cache
def _environment() -> jinja2.Environment:
    return jinja2.Environment(
        loader=jinja2.FileSystemLoader(PDF_TEMPLATES),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )


def edition(root: Path) -> str:
    """The edition printed on the cover: the package version, and the git commit if any."""
    try:
        return f"{__version__} ({git(root, 'rev-parse', '--short=10', 'HEAD').strip()})"
    except GitError:
        return __version__


def render_pdf_html(
    linked: LinkedBriefing, edition_label: str, updated: dict[str, Any] | None = None
) -> str:
    """The print HTML of the whole briefing; `updated` maps content paths to change dates."""
    settings = linked.briefing.settings
    assert settings is not None
    issues = sorted(linked.collection("issues"), key=lambda e: display_title(e, linked).casefold())
    latest, parties, subjects = matrix_axes(linked)
    sources = sorted(
        linked.collection("sources"),
        key=lambda e: (e.model.outlet.casefold(), e.model.title.casefold(), e.id),
    )
    numbers = {source.id: index for index, source in enumerate(sources, start=1)}
    context = {
        "settings": settings,
        "doc": DocWriter(linked, numbers),
        "edition": edition_label,
        "lead": linked.entries.get(settings.lead_agreement),
        "agreements": _by_date(linked.collection("agreements"), "announced"),
        "issues": issues,
        "issue_context": {e.id: entity_context(linked, e) for e in issues},
        "agreement_context": {
            e.id: entity_context(linked, e) for e in linked.collection("agreements")
        },
        "parties": parties,
        "subjects": subjects,
        "cells": latest,
        "assessments": _by_date(linked.collection("assessments"), "date"),
        "events": _by_date(linked.collection("events"), "date"),
        "actors": sorted(
            linked.collection("actors"), key=lambda e: display_title(e, linked).casefold()
        ),
        "sources": sources,
        "cited_by": linked.cited_by,
        "stylesheet": (PDF_TEMPLATES / "briefing.css").read_text(encoding="utf-8"),
        "updated": {e.id: (updated or {}).get(e.path) for e in linked.entries.values()},
    }
    html = _environment().get_template("briefing.html.j2").render(**context)
    problems = audit_document(html)
    if problems:
        raise UnsafeHTML(f"refusing to print unsafe HTML: {problems[0]}")
    return html


# Each layout after the first widens the placeholders that were too short; numbers
# rarely grow twice, and a third miss falls back to target-counter().
MAX_LAYOUTS = 3


def html_to_pdf(html: str) -> bytes:
    """Lay out the print HTML with WeasyPrint as a tagged PDF/UA-1 document."""
    import weasyprint

    tune_weasyprint()

    def lay_out(markup: str) -> Any:
        # Links without a placeholder get their page numbers from target-counter().
        return weasyprint.HTML(
            string=markup, base_url=str(PDF_TEMPLATES) + "/", url_fetcher=_make_fetcher()
        ).render(stylesheets=[weasyprint.CSS(string=TARGET_COUNTER_CSS)])

    # WeasyPrint builds millions of short-lived objects; the cyclic collector's rescans
    # of them cost a quarter of the time on a 400-page document.
    with paused_gc():
        wider: dict[str, int] = {}
        too_long: dict[str, int] | None = None
        for _ in range(MAX_LAYOUTS):
            document = lay_out(with_placeholders(html, wider))
            too_long = fill_page_numbers(document)
            if not too_long:
                break
            wider.update(too_long)
            document = None  # let it go before the next layout, not after
        if too_long != {}:
            document = None
            document = lay_out(html)
        # The file identifier is derived from the content, not drawn at random.
        identifier = hashlib.sha256(html.encode("utf-8")).hexdigest()[:32].encode("ascii")
        return bytes(document.write_pdf(pdf_variant="pdf/ua-1", pdf_identifier=identifier))


@cache
def _renderer_signature() -> str:
    import pydyf
    import weasyprint

    from . import pagenumbers, weasyprint_tuning

    code = b"".join(
        Path(module.__file__).read_bytes()
        for module in (pagenumbers, weasyprint_tuning)
        if module.__file__
    )
    code += Path(__file__).read_bytes()
    return f"{weasyprint.__version__} {pydyf.__version__} {hashlib.sha256(code).hexdigest()}"


def _whole_pdf(data: bytes, digest: str) -> bool:
    """Whether `data` is the complete file the cache stored under `digest`."""
    return (
        hashlib.sha256(data).hexdigest() == digest
        and data.startswith(b"%PDF-")
        and data.rstrip(b"\r\n").endswith(b"%%EOF")
    )


def _read_cache(cache_dir: Path, key: str) -> bytes | None:
    """The cached PDF for `key`, if there is a sound one; a damaged entry is deleted."""
    # An entry's name carries the digest of its bytes, checked on every read: a file cut
    # short by a full disk, a kill or a crash is laid out again, never published.
    for entry in sorted(cache_dir.glob(f"briefing-{key}-*.pdf")):
        digest = entry.stem.rpartition("-")[2]
        try:
            data = entry.read_bytes()
            if _whole_pdf(data, digest):
                return data
            entry.unlink()
        except OSError:
            continue  # an unreadable cache only costs the time of a layout
    return None


def _write_cache(cache_dir: Path, key: str, data: bytes) -> None:
    """Keep `data` as the one entry of the cache; give up quietly if it cannot be written."""
    try:
        cache_dir.mkdir(parents=True, exist_ok=True)
        # Old entries, and temporary files of a writer that was killed, go first: on a
        # nearly full disk that is the room the new entry needs.
        for old in [*cache_dir.glob("briefing-*.pdf"), *cache_dir.glob(f".*{TEMP_SUFFIX}")]:
            old.unlink()
        digest = hashlib.sha256(data).hexdigest()
        write_atomic(cache_dir / f"briefing-{key}-{digest}.pdf", data)
    except OSError:
        pass  # the build has its bytes; a missing cache entry only costs a layout next time


def pdf_bytes(
    linked: LinkedBriefing, cache_dir: Path | None = None, edition_label: str | None = None
) -> bytes:
    """The briefing as PDF bytes.

    Layout is by far the slowest step of a build, and its output depends only on the
    print HTML and the renderer (WeasyPrint, pydyf and this package's layout code); with
    `cache_dir`, an unchanged document is read back instead of laid out again. The cache
    never fails a build: an entry that cannot be written or does not check out is skipped.
    """
    root = linked.briefing.root
    html = render_pdf_html(linked, edition_label or edition(root), last_updated(root))
    if cache_dir is None:
        return html_to_pdf(html)
    key = hashlib.sha256(f"{_renderer_signature()}\n{html}".encode()).hexdigest()[:24]
    cached = _read_cache(cache_dir, key)
    if cached is not None:
        return cached
    data = html_to_pdf(html)
    _write_cache(cache_dir, key, data)
    return data

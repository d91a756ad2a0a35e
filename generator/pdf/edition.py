"""The PDF stage: the offline PDF of the whole briefing, laid out by WeasyPrint.

A print-specific HTML document is rendered through Jinja2 from the same linked model as
the site: a cover, the contents, then one part per entry of the registry's PDF order
(each part a template under `site_templates/pdf/`), with numbered citations and page
numbers on cross-references. Rendering fetches nothing from the network and reads no
file outside the templates, and every date comes from the content, so the same content
always gives the same bytes.
"""

from __future__ import annotations

import hashlib
import io
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

from generator.content.validate import paused_gc
from generator.markdown.audit import audit_document
from generator.markdown.sanitize import UnsafeHTML
from generator.model.colours import pdf_css
from generator.model.entries import Entry, LinkedBriefing
from generator.model.i18n import _
from generator.model.matrix import matrix_axes
from generator.model.queries import entity_context, grouped, ordered
from generator.model.registry import Column, PdfPart
from generator.pdf.cache import read_cache, write_cache
from generator.pdf.engine import internals_allowed
from generator.pdf.pagenumbers import TARGET_COUNTER_CSS, fill_page_numbers, with_placeholders
from generator.pdf.tuning import tuned_weasyprint
from generator.project.layout import PACKAGE_TEMPLATES, Project
from generator.render.citation import cite
from generator.render.doc_writer import DocWriter


class RemoteFetchRefused(ValueError):
    """Raised for any attempt to load a resource from the network while rendering."""


def _inside(url: str, folders: tuple[Path, ...]) -> bool:
    from urllib.parse import unquote, urlsplit

    path = Path(unquote(urlsplit(url).path)).resolve()
    return any(path.is_relative_to(folder.resolve()) for folder in folders)


def _make_fetcher(folders: tuple[Path, ...]) -> Any:
    from weasyprint.urls import URLFetcher

    class LocalOnlyFetcher(URLFetcher):
        """Serves files and data: URLs; refuses everything else, so rendering stays offline."""

        def __init__(self) -> None:
            super().__init__(allowed_protocols={"file", "data"})
            self.refused: list[str] = []

        def fetch(self, url: str, headers: Any = None) -> Any:
            # Only the templates' own folder and inline data: nothing from the network,
            # and no other local file can be pulled into a published document.
            allowed = url.startswith("data:") or (url.startswith("file:") and _inside(url, folders))
            if not allowed:
                self.refused.append(url)
                raise RemoteFetchRefused(f"refusing to fetch {url} while rendering the PDF")
            return super().fetch(url, headers)

    return LocalOnlyFetcher()


@dataclass
class Part:
    """One part of the PDF as its template sees it."""

    id: str
    title: str
    template: str
    entries: list[Entry[Any]] = field(default_factory=list)
    contexts: dict[str, dict[str, Any]] = field(default_factory=dict)
    listed: bool = False
    """Whether the contents list each entry."""
    groups: list[tuple[str, list[Entry[Any]]]] = field(default_factory=list)
    """The entries in their groups (see registry.Collection.group_by)."""
    facts: tuple[Column, ...] = ()
    """The rows of each entry's facts table (registry.Collection.facts)."""


def _part_entries(linked: LinkedBriefing, part: PdfPart) -> list[Entry[Any]]:
    collection = part.collection
    if collection is None:
        return []
    entries = ordered(linked, collection, collection.pdf_sort)
    # Grouped parts are numbered group by group (the bibliography's references).
    return [e for _, group in grouped(linked, collection, entries) for e in group]


def parts(linked: LinkedBriefing) -> list[Part]:
    """The PDF's parts, in the registry's order, with their entries and relationships."""
    out = []
    for part in linked.registry.pdf_parts():
        entries = _part_entries(linked, part)
        contexts = {e.id: entity_context(linked, e) for e in entries}
        groups = grouped(linked, part.collection, entries) if part.collection else []
        facts = part.collection.facts if part.collection else ()
        out.append(
            Part(
                part.id, _(part.title), part.template, entries, contexts, part.listed, groups, facts
            )
        )
    return out


def _css_string(text: str) -> str:
    """`text` as a CSS string: quotes, backslashes and line ends escaped."""
    escaped = "".join(c if c.isprintable() and c not in '\\"' else f"\\{ord(c):x} " for c in text)
    return f'"{escaped}"'


def _css_content(message: str, **values: str) -> str:
    """A translated message as a CSS `content` list, its %(name)s fields replaced by the
    CSS values given (counter(page), var(--page-ref))."""
    pieces = re.split(r"%\((\w+)\)s", message)
    out = []
    for index, piece in enumerate(pieces):
        if index % 2:
            out.append(values[piece])
        elif piece:
            out.append(_css_string(piece))
    return " ".join(out) or '""'


def language_css() -> str:
    """The words the stylesheet writes (page numbers, the running as-of line), in the
    language being rendered; laid over pdf/briefing.css."""
    page = _css_content(
        _("Page %(page)s of %(pages)s"), page="counter(page)", pages="counter(pages)"
    )
    reference = _css_content(_("(p. %(page)s)"), page="var(--page-ref)")
    short = _css_content(_("p. %(page)s"), page="var(--page-ref)")
    as_of = _css_string(_("Information as of") + " ")
    return (
        f"\n@page {{ @bottom-right {{ content: {page}; }} }}\n"
        f".cover-facts dd {{ string-set: asof {as_of} content(text); }}\n"
        f'p a.xref::after, li a.xref::after, td a.xref::after {{ content: " " {reference}; }}\n'
        f'table.matrix th a.xref::after {{ content: " " {short} !important; }}\n'
    )


BRIEF_PAGES = 4
"""The most pages the brief should run to."""


def render_pdf_html(
    project: Project, linked: LinkedBriefing, edition: str = "full", note: str = ""
) -> str:
    """The print HTML of the briefing's `edition` (see EDITIONS); `note` is a
    translation's word to readers about what in it is not translated."""
    settings = linked.settings
    assert settings is not None
    latest, parties, subjects = matrix_axes(linked)
    context: dict[str, Any] = {
        "settings": settings,
        "lead": linked.entries.get(settings.lead_agreement),
        "parties": parties,
        "subjects": subjects,
        "cells": latest,
        "stances": linked.briefing.vocabularies["stance"],
        "cited_by": linked.cited_by,
        # The briefing's colour first, as custom properties the stylesheet reads.
        "stylesheet": pdf_css(settings.colours.primary)
        + project.find("pdf/briefing.css").read_text(encoding="utf-8")
        + language_css(),
        "citation": cite(settings),
        "translation_note": note,
    }
    if edition == "brief":
        context["doc"] = DocWriter(linked, site_url=settings.site_url)
        template = "pdf/brief.html.j2"
    else:
        all_parts = parts(linked)
        sources = [e for p in all_parts if p.id in linked.registry.cited for e in p.entries]
        numbers = {source.id: index for index, source in enumerate(sources, start=1)}
        context.update(doc=DocWriter(linked, numbers), parts=all_parts)
        template = "pdf/briefing.html.j2"
    env = project.environment(html=True)
    html = env.get_template(template).render(**context)
    problems = audit_document(html)
    if problems:
        raise UnsafeHTML(f"refusing to print unsafe HTML: {problems[0]}")
    return html


# Each layout after the first widens the placeholders that were too short; numbers
# rarely grow twice, and a third miss falls back to target-counter().
MAX_LAYOUTS = 3


def html_to_pdf(html: str, template_dirs: tuple[Path, ...] = (PACKAGE_TEMPLATES,)) -> bytes:
    """Lay out the print HTML with WeasyPrint as a tagged PDF/UA-1 document.

    Only files inside `template_dirs`' pdf/ folders may be read while laying it out.
    """
    import weasyprint

    allowed = tuple(d / "pdf" for d in template_dirs)
    base = allowed[0]

    def lay_out(markup: str) -> Any:
        # Links without a placeholder get their page numbers from target-counter().
        return weasyprint.HTML(
            string=markup, base_url=str(base) + "/", url_fetcher=_make_fetcher(allowed)
        ).render(stylesheets=[weasyprint.CSS(string=TARGET_COUNTER_CSS)])

    # WeasyPrint builds millions of short-lived objects; the cyclic collector's rescans
    # of them cost a quarter of the time on a 400-page document.
    with paused_gc(), tuned_weasyprint():
        document = _laid_out(html, lay_out) if internals_allowed() else None
        if document is None:
            # WeasyPrint's documented route: target-counter() gives every page number.
            document = lay_out(html)
        # The file identifier is derived from the content, not drawn at random.
        identifier = hashlib.sha256(html.encode("utf-8")).hexdigest()[:32].encode("ascii")
        return bytes(document.write_pdf(pdf_variant="pdf/ua-1", pdf_identifier=identifier))


def _laid_out(html: str, lay_out: Callable[[str], Any]) -> Any:
    """The document laid out with page numbers filled in after layout (pagenumbers.py),
    or None if its boxes do not have the shape that relies on."""
    wider: dict[str, int] = {}
    for _attempt in range(MAX_LAYOUTS):
        document = lay_out(with_placeholders(html, wider))
        too_long = fill_page_numbers(document)
        if too_long is None:
            return None
        if not too_long:
            return document
        wider.update(too_long)
        document = None  # let it go before the next layout, not after
    return None


@cache
def _renderer_signature() -> str:
    import pydyf
    import weasyprint

    from generator.pdf import engine, pagenumbers, tuning
    from generator.render import doc_writer

    code = b"".join(
        Path(module.__file__).read_bytes()
        for module in (engine, pagenumbers, doc_writer, tuning)
        if module.__file__
    )
    code += Path(__file__).read_bytes()
    return f"{weasyprint.__version__} {pydyf.__version__} {hashlib.sha256(code).hexdigest()}"


def page_count(data: bytes) -> int:
    """The number of pages of a PDF this module wrote."""
    from pypdf import PdfReader

    return len(PdfReader(io.BytesIO(data)).pages)


def pdf_bytes(
    project: Project,
    linked: LinkedBriefing,
    edition: str = "full",
    use_cache: bool = True,
    note: str = "",
) -> bytes:
    """The briefing as PDF bytes, read back from the cache when nothing changed.

    Its output depends only on the print HTML and the renderer (WeasyPrint, pydyf and
    this package's layout code), which together are the cache key.
    """
    html = render_pdf_html(project, linked, edition, note)
    if not use_cache:
        return html_to_pdf(html, project.template_dirs)
    # The route taken (internals or the documented API) is part of what made the bytes.
    renderer = f"{_renderer_signature()} internals={internals_allowed()}"
    key = hashlib.sha256(f"{renderer}\n{html}".encode()).hexdigest()[:24]
    cached = read_cache(project.pdf_cache, key, edition)
    if cached is not None:
        return cached
    data = html_to_pdf(html, project.template_dirs)
    write_cache(project.pdf_cache, key, data, edition)
    return data

"""Three measured changes to WeasyPrint and pydyf (its PDF writer) for long documents.

Two remove costs that grow with the square of the page count and leave the PDF's bytes
unchanged (tested); the third sets a compression level pydyf does not expose. They are
made only for the engine versions engine.py names, and each replaces one attribute only
if it is still the one this module was written against; otherwise WeasyPrint runs as
shipped. The changes are made for one render at a time (`tuned_weasyprint`) and undone after
it. Each is written up for its upstream project in docs/upstream/.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import inspect
import zlib
from collections.abc import Iterator
from typing import Any

from generator.pdf.engine import internals_allowed

# Every compressed stream (page content, fonts, object streams) at zlib level 6 instead of
# pydyf's 9: four times faster on the briefing's text-heavy pages, for streams about 4%
# larger (`python -m benchmarks --pdf`).
STREAM_COMPRESSION_LEVEL = 6


# The WeasyPrint function `_fast_page_styles` stands in for, by the digest of its source
# (WeasyPrint 70.0); any other version keeps its own.
PAGE_STYLES_SOURCES = frozenset({"4e68b396b35c4a06"})


class _Zlib:
    """zlib as pydyf sees it: the same module, with a cheaper compression level."""

    def __getattr__(self, name: str) -> Any:
        return getattr(zlib, name)

    @staticmethod
    def compressobj(level: int = -1, *args: Any, **kwargs: Any) -> Any:
        return zlib.compressobj(min(level, STREAM_COMPRESSION_LEVEL), *args, **kwargs)


def _cache_page_references(pydyf: Any) -> None:
    """Make `PDF.page_references` cost one tuple per page count, not one per read.

    pydyf rebuilds the tuple of every page's reference each time the property is read,
    and WeasyPrint reads it once per tagged element and per link: quadratic in the page
    count, and half the writing time of a 400-page tagged PDF. The cached tuple is the
    same value, rebuilt whenever a page has been added since.
    """
    current = pydyf.PDF.__dict__.get("page_references")
    if not isinstance(current, property) or current.fget is None:
        return
    build = current.fget
    if getattr(build, "cached", False):
        return

    def page_references(pdf: Any) -> tuple[bytes, ...]:
        kids = pdf.pages["Kids"]
        cached = pdf.__dict__.get("_page_references")
        if cached is None or cached[0] is not kids or cached[1] != len(kids):
            cached = (kids, len(kids), build(pdf))
            pdf.__dict__["_page_references"] = cached
        return cached[2]

    page_references.cached = True  # type: ignore[attr-defined]
    page_references.__wrapped__ = build  # type: ignore[attr-defined]
    pydyf.PDF.page_references = property(page_references)


def _page_pseudo_types(style_for: Any) -> list[str]:
    """The margin boxes and other page pseudo-elements the stylesheets give rules for."""
    found: dict[str, None] = {}
    for sheet, _origin, _specificity in style_for._sheets:
        for _rule, selectors, _declarations in sheet.page_rules:
            for _specificity, pseudo_type, _page_selector in selectors:
                if pseudo_type:
                    found[pseudo_type] = None
    return list(found)


def _fast_page_styles(original: Any) -> Any:
    """`set_page_type_computed_styles` without a scan of every earlier page's styles.

    WeasyPrint finds a page's margin-box styles by walking the cascaded styles of every
    page laid out so far, once per page: 3 ms a page at 2,000 pages, and growing. The
    same entries are looked up directly, for the pseudo-elements the page rules name
    (the only ones that can have been cascaded for a page).
    """

    def set_page_type_computed_styles(page_type: Any, html: Any, style_for: Any) -> None:
        try:
            pseudo_types = _page_pseudo_types(style_for)
        except (AttributeError, TypeError, ValueError):
            return original(page_type, html, style_for)
        style_for.add_page_declarations(page_type)
        root = html.etree_element
        style_for.set_computed_styles(page_type, root=root, parent=root, base_url=html.base_url)
        cascaded = style_for.get_cascaded_styles()
        for pseudo_type in pseudo_types:
            if (page_type, pseudo_type) in cascaded:
                style_for.set_computed_styles(
                    page_type,
                    pseudo_type=pseudo_type,
                    root=root,
                    parent=page_type,
                    base_url=html.base_url,
                )

    set_page_type_computed_styles.tuned = True  # type: ignore[attr-defined]
    set_page_type_computed_styles.__wrapped__ = original  # type: ignore[attr-defined]
    return set_page_type_computed_styles


def tune_weasyprint() -> None:
    """Apply the three changes (once; later calls do nothing), if engine.py allows."""
    if not internals_allowed():
        return
    import pydyf
    from weasyprint.layout import page

    _cache_page_references(pydyf)
    if getattr(pydyf, "zlib", None) is zlib:
        pydyf.zlib = _Zlib()
    current = getattr(page, "set_page_type_computed_styles", None)
    if getattr(current, "tuned", False):
        return  # already done: skip reading the source again on every PDF
    if callable(current) and _source_digest(current) in PAGE_STYLES_SOURCES:
        page.set_page_type_computed_styles = _fast_page_styles(current)


@contextlib.contextmanager
def tuned_weasyprint() -> Iterator[None]:
    """The changes for the duration of a block (one PDF), and WeasyPrint and pydyf exactly
    as they were after it: no process-wide state outlives the render."""
    import pydyf
    from weasyprint.layout import page

    saved = (
        pydyf.PDF.__dict__.get("page_references"),
        pydyf.zlib,
        getattr(page, "set_page_type_computed_styles", None),
    )
    tune_weasyprint()
    try:
        yield
    finally:
        references, compressor, page_styles = saved
        if references is not None:
            pydyf.PDF.page_references = references
        pydyf.zlib = compressor
        if page_styles is not None:
            page.set_page_type_computed_styles = page_styles


@functools.cache  # read once per function: the changes are made again for every PDF
def _source_digest(function: Any) -> str:
    try:
        source = inspect.getsource(function)
    except (OSError, TypeError):
        return ""
    return hashlib.sha256(source.encode("utf-8")).hexdigest()[:16]

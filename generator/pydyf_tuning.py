"""Two changes to how pydyf, WeasyPrint's PDF writer, writes the briefing; both measured.

Writing took a third of the PDF's time on long documents. pydyf is not configurable on
either point, so each change replaces one attribute, and only if it is still what this
module expects; with any other pydyf, the PDF is written as pydyf writes it.
"""

from __future__ import annotations

import zlib
from typing import Any

# Content streams at level 6 instead of pydyf's 9: four times faster on the briefing's
# text-heavy pages, for streams about 4% larger (`python -m benchmarks --pdf`).
STREAM_COMPRESSION_LEVEL = 6


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
    pydyf.PDF.page_references = property(page_references)


def tune_pydyf() -> None:
    """Apply both changes (once; later calls do nothing)."""
    import pydyf

    _cache_page_references(pydyf)
    if getattr(pydyf, "zlib", None) is zlib:
        pydyf.zlib = _Zlib()

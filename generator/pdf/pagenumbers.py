"""Page numbers for the PDF's cross-references, filled in after one layout pass.

The print stylesheet writes a reference's page number as `var(--page-ref)`. WeasyPrint
could resolve it with `target-counter()`, but it does so by laying out again every page
that holds a reference, and then once more because the page total changed in between:
nearly three layouts per page for a briefing, whose running text is full of references.

Instead each reference is laid out once with a placeholder of zeros, as many as its
page number is expected to need. Once layout has placed every anchor, each placeholder's
text is swapped for the page number. Digits and the figure space share one advance width
(references are set with tabular figures and no kerning), so a shorter number is padded
with figure spaces, no glyph moves, and nothing needs laying out again. (This holds for
the DejaVu fonts the print stylesheet names and `scripts/build` installs; test_pdf.py
checks it in every place a reference prints a number.) A number longer than its
placeholder sends that reference back for another layout with a wider one.

The swap touches laid-out text boxes, which WeasyPrint does not document, so it runs only
with the WeasyPrint version engine.py names. Even then, if the boxes ever look
different, `fill_page_numbers` says so and the caller falls back to `target-counter()`:
slower, with the same numbers. One precondition is checked box by box: WeasyPrint frees
each box's Pango layout once the page is laid out and shapes the box's text again when
drawing; a layout still alive would draw the placeholder, not the number.
"""

from __future__ import annotations

import math
import re
from html import unescape
from typing import Any
from urllib.parse import unquote

FIGURE_SPACE = "\u2007"
TARGET_COUNTER_CSS = ":root { --page-ref: target-counter(attr(href), page); }"
# A reference's page is guessed from where its target sits in the print HTML, which runs
# at 4,000 to 5,000 characters a page, plus a margin: a guess too long costs a figure
# space of padding, one too short a second layout. These values guessed no page number
# too short, and padded 3% of the targets, across the shipped briefing and synthetic
# ones of 120 and 400 pages (`python -m benchmarks --pdf`).
HTML_CHARS_PER_PAGE = 4500
MARGIN = 1.1

_ID = re.compile(r'<[a-zA-Z][^<>]*?\sid="([^"]+)"')
# The links whose page numbers the stylesheet prints: cross-references, the matrix's rows
# among them (the contents use target-counter(), as they are only a few pages).
_NUMBERED_LINK = re.compile(r'<a class="xref\b[^"]*" href="#([^"]+)"')
_PLACEHOLDER = re.compile(r"--page-ref: '(0+)'")


def _guess_digits(offset: int) -> int:
    return len(str(math.ceil((1 + offset / HTML_CHARS_PER_PAGE) * MARGIN)))


def with_placeholders(html: str, wider: dict[str, int]) -> str:
    """The print HTML with a page-number placeholder on every numbered link.

    `wider` holds targets whose page number outgrew its placeholder in an earlier layout.
    """
    offsets: dict[str, int] = {}
    for found in _ID.finditer(html):
        offsets.setdefault(unescape(found.group(1)), found.start())

    def placeholder(link: re.Match[str]) -> str:
        # Named as WeasyPrint names a link's target, so that `wider` finds it.
        target = unquote(unescape(link.group(1)))
        digits = max(_guess_digits(offsets.get(target, len(html))), wider.get(target, 0))
        return f"{link.group(0)} style=\"--page-ref: '{'0' * digits}'\""

    return _NUMBERED_LINK.sub(placeholder, html)


def _numbered(text: str, placeholder: str, number: str) -> str:
    """`text` with its placeholder replaced by `number`, padded to the same width."""
    pad = FIGURE_SPACE * (len(placeholder) - len(number))
    start = text.index(placeholder)
    lead = len(text) - len(text.lstrip())
    if 0 < lead < start:
        # " (p. 000)" becomes " ␣␣(p. 7)", with two figure spaces: the padding reads as a
        # wider word space before the reference, not a gap inside it or before the
        # punctuation after it.
        return text[:lead] + pad + text[lead:start] + number + text[start + len(placeholder) :]
    # This box starts a line (the reference was split across two): padding in front
    # would indent the line, so it goes after the reference.
    end = start + len(placeholder)
    closing = end + 1 if text[end : end + 1] == ")" else end
    return text[:start] + number + text[end:closing] + pad + text[closing:]


def page_of_anchors(document: Any) -> dict[str, int]:
    """The page number (from 1) each anchor lands on; the first occurrence wins."""
    pages: dict[str, int] = {}
    for number, page in enumerate(document.pages, start=1):
        for name in page.anchors:
            pages.setdefault(name, number)
    return pages


def fill_page_numbers(document: Any) -> dict[str, int] | None:
    """Write each reference's page number over its placeholder in the laid-out pages.

    Returns the targets whose numbers did not fit, with the digits they need (nothing
    is changed unless all fit), or None when the layout does not have the shape this
    relies on: a placeholder not whole in one text box, or a target not in the document.
    """
    pages = page_of_anchors(document)
    # Every visible page reference: the ::after text boxes of each numbered link. A link
    # broken over lines is listed once per piece, so boxes are gathered by identity.
    references: dict[int, tuple[str, str, dict[int, Any]]] = {}
    try:
        for page in document.pages:
            for link_type, target, _rectangle, box in page.links:
                marked = _PLACEHOLDER.search(box.element.get("style") or "")
                if link_type != "internal" or marked is None:
                    continue
                _, _, boxes = references.setdefault(id(box.element), (target, marked.group(1), {}))
                for child in box.descendants():
                    if (
                        child.element is box.element
                        and (child.element_tag or "").endswith("::after")
                        and isinstance(getattr(child, "text", None), str)
                    ):
                        boxes[id(child)] = child
        edits: list[tuple[Any, str]] = []
        too_long: dict[str, int] = {}
        for target, placeholder, boxes in references.values():
            if not boxes:
                continue  # the stylesheet prints no page number for this link
            holders = [child for child in boxes.values() if placeholder in child.text]
            if len(holders) != 1 or holders[0].pango_layout.text != holders[0].text:
                return None
            if hasattr(holders[0].pango_layout, "layout"):
                return None  # a live layout would be drawn as it is: the placeholder
            if target not in pages:
                return None
            number = str(pages[target])
            if len(number) > len(placeholder):
                too_long[target] = len(number)
            else:
                edits.append((holders[0], _numbered(holders[0].text, placeholder, number)))
    except (AttributeError, TypeError, ValueError):
        return None
    if too_long:
        return too_long
    for child, text in edits:
        # Drawing shapes the text again from the layout's copy, so both must change.
        child.text = text
        child.pango_layout.text = text
    return {}

"""A Markdown extension for the generated pages: each block's direction.

In a page of one direction, a paragraph, item, cell or heading written mostly in the
other (an English sentence in an Arabic briefing, a Persian one in an English briefing)
gets a `dir` attribute, so that its words and punctuation keep their order. The
direction is decided by the block's letters, most of them (`direction`),
not by its first: a Persian sentence that opens with an English name is still Persian.
The page's own direction comes from the briefing's language (`direction`, written into
mkdocs.yml by project/siteconfig.py); both builders render with this extension.
"""

from __future__ import annotations

import re
import unicodedata
from xml.etree.ElementTree import Element

from markdown import Markdown
from markdown.extensions import Extension
from markdown.treeprocessors import Treeprocessor

BLOCKS = frozenset(
    {"p", "li", "td", "th", "dt", "dd", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote"}
)


_TAG = re.compile(r"<[^>]*>")


_WORD = re.compile(r"[^\W\d_]+")


def direction(text: str) -> str | None:
    """The direction, "ltr" or "rtl", that most of the words of `text` are written in
    (markup ignored; on a tie, that of the first); None for text with no word of either.
    Most, not the first as dir="auto" decides: a Persian sentence that opens with an
    English name is still Persian. Words, not letters: an Arabic heading around a long
    English title is still Arabic."""
    left = right = 0
    first = None
    for word in _WORD.findall(_TAG.sub("", text)):
        kind = unicodedata.bidirectional(word[0])
        if kind == "L":
            left += 1
            first = first or "ltr"
        elif kind in ("R", "AL"):
            right += 1
            first = first or "rtl"
    if left == right:
        return first
    return "ltr" if left > right else "rtl"


class _Direction(Treeprocessor):
    def __init__(self, md: Markdown, page: str) -> None:
        super().__init__(md)
        self.page = page

    def run(self, root: Element) -> None:
        self._mark(root, self.page)

    def _mark(self, element: Element, around: str) -> None:
        for child in element:
            here = around
            if child.tag in BLOCKS and "dir" not in child.attrib:
                found = direction("".join(child.itertext()))
                if found is not None and found != around:
                    child.set("dir", found)
                    here = found
            self._mark(child, here)


class DirectionExtension(Extension):
    def __init__(self, **kwargs: object) -> None:
        self.config = {"direction": ["ltr", "the page's direction: ltr or rtl"]}
        super().__init__(**kwargs)

    def extendMarkdown(self, md: Markdown) -> None:  # noqa: N802 (Markdown's API)
        page = "rtl" if self.getConfig("direction") == "rtl" else "ltr"
        # After the inline patterns (20) have made the text, before the search budget (5).
        md.treeprocessors.register(_Direction(md, page), "briefing_direction", 7)


def makeExtension(**kwargs: object) -> DirectionExtension:  # noqa: N802 (entry point)
    return DirectionExtension(**kwargs)

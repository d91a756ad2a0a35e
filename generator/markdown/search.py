"""A Markdown extension for the generated pages: what the search index holds.

Both themes' search (Material for MkDocs and Zensical) index a page section by section,
a section being the text from one heading to the next, and both honour the attribute
`data-search-exclude` on a block. This extension sets it, so that every builder indexes
the same text:

- **Facts tables.** Every entity page opens with its prose, then a "Fact | Detail" table
  (its header in the briefing's language: the extension's `facts_header`); without this
  a result's snippet would often be that table's cells.
- **Notices.** The note a translated page carries about its translation (class
  `briefing-notice`) would otherwise be every such page's snippet.
- **A budget per section.** Zensical refuses to build a site whose search index holds a
  section longer than its limit, and that limit shrinks as the site grows (32 KB a
  section at 5,000 entities). A collection index, the topics page or a long body would
  break the build. So each section indexes its blocks (and the items of its lists and
  tables) up to SECTION_BUDGET characters, and leaves the rest out of search; every
  page those listings link to is indexed on its own.
"""

from __future__ import annotations

import re
from xml.etree.ElementTree import Element

from markdown import Markdown
from markdown.extensions import Extension
from markdown.treeprocessors import Treeprocessor

FACTS_HEADER = ("Fact", "Detail")
EXCLUDE = "data-search-exclude"

SECTION_BUDGET = 8_000
"""Characters of search text a section may index: its text, plus MARKUP_COST for each
element (the index keeps block tags). Zensical's limit is 2^30 bytes divided by the
number of sections rounded up to a power of two: 8,000 leaves room for 30,000 entities
even where every character takes three bytes."""
MARKUP_COST = 10

_HEADING = re.compile(r"h[1-6]")
# Blocks whose rows or items can be indexed one by one when the whole does not fit.
_ITEMS = {"ul": "./li", "ol": "./li", "dl": "./*", "table": "./tbody/tr"}


def _size(element: Element) -> int:
    return sum(len(text) for text in element.itertext()) + MARKUP_COST * sum(
        1 for _ in element.iter()
    )


NOTICE = "briefing-notice"


def _is_facts_table(element: Element, header: tuple[str, ...]) -> bool:
    found = [th.text or "" for th in element.iterfind("./thead/tr/th")]
    return element.tag == "table" and tuple(h.strip() for h in found) == header


def _is_notice(element: Element) -> bool:
    return NOTICE in (element.get("class") or "").split()


class _SearchBudget(Treeprocessor):
    def __init__(self, md: Markdown, facts_header: tuple[str, ...]) -> None:
        super().__init__(md)
        self.facts_header = facts_header

    def run(self, root: Element) -> None:
        used = 0
        for block in list(root):
            if _HEADING.fullmatch(block.tag):
                used = _size(block)
                continue
            if _is_facts_table(block, self.facts_header) or _is_notice(block):
                block.set(EXCLUDE, "")
                continue
            size = _size(block)
            if used + size <= SECTION_BUDGET:
                used += size
                continue
            if block.tag not in _ITEMS:
                block.set(EXCLUDE, "")
                used = SECTION_BUDGET  # later blocks would make a section with a hole
                continue
            # Keep the first rows or items that fit, so that a long listing is still
            # found by its beginning.
            used += MARKUP_COST
            for item in block.iterfind(_ITEMS[block.tag]):
                item_size = _size(item)
                if used + item_size <= SECTION_BUDGET:
                    used += item_size
                else:
                    item.set(EXCLUDE, "")
                    used = SECTION_BUDGET


class SearchMarkupExtension(Extension):
    def __init__(self, **kwargs: object) -> None:
        self.config = {
            "facts_header": [list(FACTS_HEADER), "the facts tables' header, in the language"]
        }
        super().__init__(**kwargs)

    def extendMarkdown(self, md: Markdown) -> None:  # noqa: N802 (Markdown's API)
        header = tuple(str(h) for h in self.getConfig("facts_header"))
        # After the tables, footnotes and inline patterns have built the page's tree.
        md.treeprocessors.register(_SearchBudget(md, header), "briefing_search_budget", 5)


def makeExtension(**kwargs: object) -> SearchMarkupExtension:  # noqa: N802 (entry point)
    return SearchMarkupExtension(**kwargs)

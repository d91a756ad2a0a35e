"""A Markdown extension for the generated pages: facts tables stay out of search.

Every entity page opens with its prose, then a "Fact | Detail" table. The themes' search
indexes a page's text in order, so without this a result's snippet would often be the
cells of that table. Marking the table `data-search-exclude`, which the search of
Material for MkDocs and of Zensical both honour, keeps results on prose. It is a
Markdown extension rather than a plugin so that every builder applies it alike.
"""

from __future__ import annotations

from xml.etree.ElementTree import Element

from markdown import Markdown
from markdown.extensions import Extension
from markdown.treeprocessors import Treeprocessor

FACTS_HEADER = ("Fact", "Detail")


class _ExcludeFactsTables(Treeprocessor):
    def run(self, root: Element) -> None:
        for table in root.iter("table"):
            header = [th.text or "" for th in table.iterfind("./thead/tr/th")]
            if tuple(h.strip() for h in header) == FACTS_HEADER:
                table.set("data-search-exclude", "")


class SearchMarkupExtension(Extension):
    def extendMarkdown(self, md: Markdown) -> None:  # noqa: N802 (Markdown's API)
        # After the tables extension has built the table (it runs as a block processor).
        md.treeprocessors.register(_ExcludeFactsTables(md), "briefing_facts_tables", 5)


def makeExtension(**kwargs: object) -> SearchMarkupExtension:  # noqa: N802 (entry point)
    return SearchMarkupExtension(**kwargs)

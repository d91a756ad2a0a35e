"""Budgets for contributor input, in one place.

Content arrives through pull requests from people the maintainers may not know, and
Python-Markdown (which the site is built with) was not written for hostile input: some
of its passes take time that grows with the square of a paragraph's length. These limits
keep every file that passes validation cheap to build; each is far above what a real
briefing needs. CONTRIBUTING.md documents them (`briefing docs` copies them there).
"""

from __future__ import annotations

MAX_FILE_BYTES = 256 * 1024
"""The largest content file, in bytes."""

MAX_BLOCK_CHARS = 20_000
"""The longest paragraph, list or table: a run of lines with no blank line between them."""

MAX_PARAGRAPHS = 2_000
"""The most paragraphs (blank-line separated blocks) in one text."""

MAX_HEADINGS = 200
"""The most headings in one text."""

MAX_NESTING = 10
"""How deeply lists and quotes may nest inside one another."""

MAX_GLOSSARY = 500
MAX_TRANSLATIONS = 10
"""The most languages a briefing is translated into: each is a site and two PDFs more."""
"""The most abbreviations the glossary may hold (each is defined on every page using it)."""

MAX_DECLARED_COLLECTIONS = 20
"""The most collections a briefing may declare in briefing.yaml (each is a section of the
navigation and of the PDF)."""

MAX_FIELDS = 40
"""The most fields one declared collection may have."""

MAX_BRACKET_DEPTH = 4
"""Square brackets nested deeper than this are shown as plain text."""

MAX_LISTED = 100
"""The most entries one list of a generated page names (who refers to a page, its events,
what cites a source); the rest are counted and left to the collection's index, so that
a page stays linear in size however many entries point at one."""

BUDGETS = {
    "file size": f"{MAX_FILE_BYTES // 1024} KB per file",
    "paragraph length": f"{MAX_BLOCK_CHARS:,} characters between blank lines",
    "paragraphs": f"{MAX_PARAGRAPHS:,} in one text",
    "headings": f"{MAX_HEADINGS} in one text",
    "nesting": f"lists and quotes {MAX_NESTING} levels deep",
    "glossary": f"{MAX_GLOSSARY} abbreviations",
    "declared collections": f"{MAX_DECLARED_COLLECTIONS}, of {MAX_FIELDS} fields each",
}
"""The limits as contributors read them, for CONTRIBUTING.md."""

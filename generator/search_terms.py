"""Variant spellings in the search index: a reader who types "Kiev" or "Zelenskiy" finds
the pages that say "Kyiv" or "Zelenskyy".

The briefing spells each name one way (settings `spellings`), and entities list the
other ways theirs is written (`also_known_as`, shown under their titles). The theme's
search knows only the words on a page, so after the search plugin has written its index,
in each section the first use of a spelling is followed by its variants in brackets,
"Kyiv (also Kiev)": a search for either finds the section, and the result's snippet
reads naturally. Nothing is added to the pages themselves.

Facts tables ("Fact | Detail") are left out of the index (`exclude_facts_tables`), so
that results show a page's prose rather than the cells of its table.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from pathlib import Path

INDEX = Path("search") / "search_index.json"


def variant_table(spellings: Iterable[tuple[str, str]]) -> dict[str, list[str]]:
    """Each spelling used, with the variants readers may type for it."""
    table: dict[str, list[str]] = {}
    for variant, used in spellings:
        if variant.casefold() != used.casefold():
            table.setdefault(used, []).append(variant)
    return table


def _pattern(table: dict[str, list[str]]) -> re.Pattern[str] | None:
    if not table:
        return None
    words = sorted(table, key=len, reverse=True)
    # Not inside a longer name ("Kyiv Independent" is a newspaper, not a spelling of
    # Kyiv), and not before a possessive, where the brackets would read badly.
    return re.compile(
        r"(?<!\w)((?i:" + "|".join(map(re.escape, words)) + r"))"
        r"(?!\w)(?![ \u00a0][A-Z])(?!['\u2019]s\b)"
    )


def add_variants(
    site_dir: Path, table: dict[str, list[str]], aliases: dict[str, list[str]] | None = None
) -> int:
    """Add variants after the first use of each spelling in `table`, in every section,
    and each page's other names (`aliases`, by the page's location) to its title, which
    ranks it first for them.

    Returns the number of sections changed; a site without a search index is left alone.
    """
    index_file = site_dir / INDEX
    pattern = _pattern(table)
    aliases = aliases or {}
    if (pattern is None and not aliases) or not index_file.is_file():
        return 0
    folded = {used.casefold(): variants for used, variants in table.items()}
    index = json.loads(index_file.read_text(encoding="utf-8"))
    changed = 0
    for doc in index.get("docs", []):
        text = doc.get("text", "")
        marked = _mark(text, pattern, folded) if pattern else text
        title = doc.get("title", "")
        other = aliases.get(doc.get("location", ""), [])
        names = [n for n in other if not _has_word(title.casefold(), n.casefold())]
        if names:
            doc["title"] = f"{title} (also {', '.join(names)})"
        if marked != text or names:
            doc["text"] = marked
            changed += 1
    if changed:
        # As the search plugin writes it: compact, in the same order, so builds stay
        # byte-identical.
        index_file.write_text(
            json.dumps(index, separators=(",", ":"), default=str), encoding="utf-8"
        )
    return changed


def _mark(text: str, pattern: re.Pattern[str], folded: dict[str, list[str]]) -> str:
    """`text` with the first use of each spelling followed by its missing variants."""
    present = text.casefold()
    seen: set[str] = set()
    pieces = []
    # The indexed text keeps a few tags (<p>, <code>…); only the text between them counts.
    for part in _TAGS.split(text):
        if part.startswith("<"):
            pieces.append(part)
            continue

        def add(match: re.Match[str]) -> str:
            used = match.group(1).casefold()
            if used in seen:
                return match.group(0)
            seen.add(used)
            missing = [v for v in folded[used] if not _has_word(present, v.casefold())]
            return f"{match.group(0)} (also {', '.join(missing)})" if missing else match.group(0)

        pieces.append(pattern.sub(add, part))
    return "".join(pieces)


_TAGS = re.compile(r"(<[^>]*>)")


def _has_word(text: str, word: str) -> bool:
    """Whether `word` occurs in `text` as a word ("Witkof" is not in "Witkoff")."""
    return re.search(rf"(?<!\w){re.escape(word)}(?!\w)", text) is not None


_FACTS_TABLE = re.compile(r"<table>(?=\s*<thead>\s*<tr>\s*<th>Fact</th>\s*<th>Detail</th>)")


def exclude_facts_tables(html: str) -> str:
    """A page's HTML with its facts tables marked for the search plugin to skip."""
    return _FACTS_TABLE.sub("<table data-search-exclude>", html)

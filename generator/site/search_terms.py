"""Variant spellings in the search index: a reader who types "Kiev" or "Zelenskiy" finds
the pages that say "Kyiv" or "Zelenskyy".

The briefing spells each name one way (settings `spellings`), and entities list the
other ways theirs is written (`also_known_as`, shown under their titles). The theme's
search knows only the words on a page, so after the search plugin has written its index,
in each section the first use of a spelling is followed by its variants in brackets,
"Kyiv (also Kiev)": a search for either finds the section, and the result's snippet
reads naturally. Nothing is added to the pages themselves.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from html import escape
from pathlib import Path

# Where each builder writes its index, and under which key its entries are.
INDEXES = (
    (Path("search") / "search_index.json", "docs"),  # Material for MkDocs
    (Path("search.json"), "items"),  # Zensical
)
# Zensical's copy of its index for pages opened from files: a script assigning it.
SCRIPT_INDEX = (Path("search.js"), "var __index = ", ";")


def variant_table(spellings: Iterable[tuple[str, str]]) -> dict[str, list[str]]:
    """Each spelling used, with the variants readers may type for it.

    Escaped for HTML, as the index's text is: the theme shows a result's title and
    snippet as HTML, so a spelling must never arrive there as markup.
    """
    table: dict[str, list[str]] = {}
    for variant, used in spellings:
        if variant.casefold() != used.casefold():
            table.setdefault(escape(used, quote=False), []).append(escape(variant, quote=False))
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
    pattern = _pattern(table)
    aliases = aliases or {}
    if pattern is None and not aliases:
        return 0
    folded = {used.casefold(): variants for used, variants in table.items()}
    changed = 0
    for path, key in INDEXES:
        index_file = site_dir / path
        if not index_file.is_file():
            continue
        index = json.loads(index_file.read_text(encoding="utf-8"))
        count = sum(_mark_entry(entry, pattern, folded, aliases) for entry in index.get(key, []))
        if count:
            # As the builders write it: compact, in the same order, so builds stay
            # byte-identical.
            text = json.dumps(index, separators=(",", ":"), default=str)
            index_file.write_text(text, encoding="utf-8")
            script, prefix, suffix = SCRIPT_INDEX
            if key == "items" and (site_dir / script).is_file():
                (site_dir / script).write_text(prefix + text + suffix, encoding="utf-8")
        changed += count
    return changed


def _mark_entry(
    entry: dict[str, str],
    pattern: re.Pattern[str] | None,
    folded: dict[str, list[str]],
    aliases: dict[str, list[str]],
) -> bool:
    """Mark one entry of an index; whether it changed."""
    text = entry.get("text", "")
    marked = _mark(text, pattern, folded) if pattern else text
    title = entry.get("title", "")
    # Only the page's own entry, not its sections ("page.html#section").
    other = [escape(n, quote=False) for n in aliases.get(entry.get("location", ""), [])]
    names = [n for n in other if not _has_word(title.casefold(), n.casefold())]
    if names:
        entry["title"] = f"{title} (also {', '.join(names)})"
    entry["text"] = marked
    return marked != text or bool(names)


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

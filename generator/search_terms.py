"""Variant spellings in the search index: a reader who types "Kiev" or "Zelenskiy" finds
the pages that say "Kyiv" or "Zelenskyy".

The briefing spells each name one way (settings `spellings`), and entities list the
other ways theirs is written (`also_known_as`, shown under their titles). The theme's
search knows only the words on a page, so after the search plugin has written its index,
each section that uses a spelling gets that spelling's variants appended to its indexed
text. Nothing is added to the pages themselves.
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
    return re.compile(r"(?<!\w)(" + "|".join(map(re.escape, words)) + r")(?!\w)", re.IGNORECASE)


def add_variants(site_dir: Path, table: dict[str, list[str]]) -> int:
    """Append variants to the indexed text of every section using a spelling in `table`.

    Returns the number of sections changed; a site without a search index is left alone.
    """
    index_file = site_dir / INDEX
    pattern = _pattern(table)
    if pattern is None or not index_file.is_file():
        return 0
    folded = {used.casefold(): variants for used, variants in table.items()}
    index = json.loads(index_file.read_text(encoding="utf-8"))
    changed = 0
    for doc in index.get("docs", []):
        text = f"{doc.get('title', '')} {doc.get('text', '')}"
        found = {m.group(1).casefold() for m in pattern.finditer(text)}
        extra = [
            v for used in sorted(found) for v in folded[used] if v.casefold() not in text.casefold()
        ]
        if extra:
            doc["text"] = f"{doc.get('text', '')} {' '.join(extra)}"
            changed += 1
    if changed:
        # As the search plugin writes it: compact, in the same order, so builds stay
        # byte-identical.
        index_file.write_text(
            json.dumps(index, separators=(",", ":"), default=str),
            encoding="utf-8",
        )
    return changed

"""Finding `[[id]]` links and `[@source]` citations in contributor Markdown.

One scan serves both the validator (which reports problems and resolves the ids) and the
renderer (which splices links and footnotes into the text), so both agree on what a
link is. Code is blanked first, as the Markdown renderer reads it (see
`markdown.linear.blank_code`): what is inside code is shown literally. Whether the rest
of the Markdown is allowed is judged by rendering it (`markdown/check.py`).

Every pattern here matches in time linear in the text: no two quantifiers range over
the same characters.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field
from functools import lru_cache

from generator.markdown.linear import blank_code
from generator.model.schema import ID_RE

_WIKI_RE = re.compile(r"\[\[([^\[\]|\n]*)(?:\|([^\[\]\n]*))?\]\]")
# Not followed by "(" or "[": that would be a Markdown link whose text starts with "@";
# but "[@a][@b]" is two citations.
_CITE_RE = re.compile(r"(?<!!)\[(-?@[^\[\]\n]*)\](?!\(|\[(?!-?@))")
_CITE_KEY_RE = re.compile(r"^-?@([^\s,;]+)(?:\s*,\s*(.+))?$")


@dataclass(frozen=True)
class Ref:
    """A `[[id]]` link or `[@id]` citation found at `start:end` of the text."""

    start: int
    end: int
    kind: str  # "link" or "cite"
    targets: tuple[str, ...]
    label: str | None = None


@dataclass
class Scan:
    """What a scan of one text found: references, and problems as (offset, code, message)."""

    refs: list[Ref] = field(default_factory=list)
    problems: list[tuple[int, str, str]] = field(default_factory=list)


def _scan_citation(match: re.Match[str], scan: Scan) -> None:
    keys = []
    for part in match.group(1).split(";"):
        key_match = _CITE_KEY_RE.match(part.strip())
        if not key_match or not ID_RE.match(key_match.group(1)):
            scan.problems.append(
                (match.start(), "malformed-link", f"'{match.group(0)}' is not a valid citation")
            )
            return
        keys.append(key_match.group(1))
    scan.refs.append(Ref(match.start(), match.end(), "cite", tuple(keys)))


def scan_markup(text: str, inline: bool = False) -> Scan:
    """Find references, and malformed ones, in contributor Markdown.

    `inline` texts (summaries, claims, key facts) are rendered on one line.
    """
    scan = Scan()
    if "[" not in text:
        return scan  # the common case for short fields: nothing to look at
    masked = blank_code(text, inline)
    for match in _WIKI_RE.finditer(masked):
        target = match.group(1).strip()
        if not ID_RE.match(target):
            scan.problems.append(
                (match.start(), "malformed-link", f"'{match.group(0)}' does not name a valid id")
            )
            continue
        label = match.group(2).strip() if match.group(2) is not None else None
        scan.refs.append(Ref(match.start(), match.end(), "link", (target,), label or None))
    linked = _WIKI_RE.sub(lambda m: " " * len(m.group(0)), masked)
    for index in (m.start() for m in re.finditer(r"\[\[", linked)):
        scan.problems.append(
            (index, "malformed-link", "'[[' is not closed by ']]' on the same line")
        )
    for match in _CITE_RE.finditer(linked):
        _scan_citation(match, scan)
    scan.refs.sort(key=lambda r: r.start)
    scan.problems.sort()
    return scan


def line_col(text: str, offset: int) -> tuple[int, int]:
    """Zero-based line and column of `offset` in `text`."""
    starts = _line_starts(text)
    line = bisect.bisect_right(starts, offset) - 1
    return line, offset - starts[line]


@lru_cache(maxsize=16)
def _line_starts(text: str) -> list[int]:
    # A binary search per lookup: a body with thousands of problems stays linear.
    return [0, *(m.end() for m in re.finditer("\n", text))]


def blank_refs(text: str, scan: Scan) -> str:
    """`text` with each reference replaced by letters of the same length.

    What is left is the contributor's own Markdown, at the same offsets, for
    `markdown/check.py` to judge; the references themselves are the generator's to render.
    """
    if not scan.refs:
        return text
    pieces, last = [], 0
    for ref in scan.refs:
        pieces += [text[last : ref.start], "x" * (ref.end - ref.start)]
        last = ref.end
    pieces.append(text[last:])
    return "".join(pieces)

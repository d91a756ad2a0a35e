"""Writing Markdown safely: escaping plain text, and turning contributor Markdown into pages.

Plain-text fields (names, titles, places) are escaped so that `|`, `*`, `_`, `[`, `<` or
a backtick in a name can never break a table, a link or the page, and nothing is ever
read as HTML. Inline fields and bodies are contributor Markdown that validation has
already checked; here their `[[id]]` links and `[@source]` citations are spliced in.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import lru_cache
from urllib.parse import quote

from .linker import cached_scan
from .markup import mask_code

# Characters Python-Markdown (and CommonMark) treat as markup inside a line; `|` matters
# in tables. `<`, `>` and `&` become entities so that no text is ever taken for HTML.
_INLINE_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+!|])")
_LINE_START = re.compile(r"^([-+>]|\d+(?=[.)]))")
_HTML = {"&": "&amp;", "<": "&lt;", ">": "&gt;"}


@lru_cache(maxsize=65536)
def escape(text: object) -> str:
    """Plain text as Markdown that renders exactly as written, on one line."""
    value = " ".join(str(text).split())
    value = re.sub(r"[&<>]", lambda m: _HTML[m.group(0)], value)
    value = _INLINE_SPECIAL.sub(r"\\\1", value)
    # A leading "-", "+", ">" or "1." would start a list or quote; only the character
    # after a number's digits can be escaped, so "1." becomes "1\.".
    match = _LINE_START.match(value)
    if match:
        cut = match.end()
        value = (value[:cut] + "\\" + value[cut:]) if match.group(0)[0].isdigit() else "\\" + value
    return value


def href(url: str) -> str:
    """A validated URL as a Markdown link destination: percent-encoded where it must be."""
    return quote(url, safe=":/?#[]@!$&'*+,;=%~-._")


def cell(markdown: str) -> str:
    """Markdown made safe for one table cell: one line, with every `|` escaped."""
    one_line = " ".join(markdown.split())
    return re.sub(r"(?<!\\)\|", r"\\|", one_line)


def splice(
    text: str,
    link: Callable[[str, str | None], str],
    cite: Callable[[str], str],
    inline: bool = False,
    between: str = "",
) -> str:
    """Replace `[[id|label]]` with `link(id, label)` and each `[@id]` with `cite(id)`.

    Citations next to each other are joined by `between` (a comma on the site, so that
    notes 1 and 2 do not read as 12).
    """
    scan = cached_scan(text, inline)
    if not scan.refs:
        return text
    out: list[str] = []
    last = 0
    previous_cite_end = -1
    for ref in scan.refs:
        gap = text[last : ref.start]
        if ref.kind == "link":
            out.append(gap)
            out.append(link(ref.targets[0], ref.label))
        else:
            # "text [@source]." reads as "text¹." in print: the space goes with the marker.
            adjacent = last == previous_cite_end and not gap.strip()
            out.append(between if adjacent else gap.rstrip(" \t"))
            out.append(between.join(cite(target) for target in ref.targets))
            previous_cite_end = ref.end
        last = ref.end
    out.append(text[last:])
    return "".join(out)


_HEADING = re.compile(r"^(#{1,6})(?=[ \t]|$)", re.M)
_SETEXT = re.compile(r"^(?![ \t]*(?:[-*+>|#]|\d+[.)]))([^\n]*\S[^\n]*)\n(=+|-+)[ \t]*$", re.M)


def demote_headings(markdown: str) -> str:
    """Push body headings one level down: the page title is the only level-one heading.

    Lines inside code are left alone; underlined ("setext") headings become "#" ones.
    """
    if "#" not in markdown and "\n=" not in markdown and "\n-" not in markdown:
        return markdown
    masked = mask_code(markdown)
    edits: list[tuple[int, int, str]] = []
    for match in _SETEXT.finditer(masked):
        level = 2 if match.group(2)[0] == "=" else 3
        edits.append((match.start(), match.end(), "#" * level + " " + match.group(1).strip()))
    for match in _HEADING.finditer(masked):
        if not any(start <= match.start() < end for start, end, _ in edits):
            edits.append((match.start(), match.end(), "#" * min(len(match.group(1)) + 1, 6)))
    for start, end, replacement in sorted(edits, reverse=True):
        markdown = markdown[:start] + replacement + markdown[end:]
    return markdown

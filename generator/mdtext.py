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

from .linker import cached_scan

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


def cell(markdown: str) -> str:
    """Markdown made safe for one table cell: one line, with every `|` escaped."""
    one_line = " ".join(markdown.split())
    return re.sub(r"(?<!\\)\|", r"\\|", one_line)


def splice(text: str, link: Callable[[str, str | None], str], cite: Callable[[str], str]) -> str:
    """Replace `[[id|label]]` with `link(id, label)` and each `[@id]` with `cite(id)`."""
    scan = cached_scan(text)
    if not scan.refs:
        return text
    out: list[str] = []
    last = 0
    for ref in scan.refs:
        out.append(text[last : ref.start])
        if ref.kind == "link":
            out.append(link(ref.targets[0], ref.label))
        else:
            # "text [@source]." reads as "text¹." in print: the space goes with the marker.
            if out and out[-1].endswith((" ", "\t")):
                out[-1] = out[-1].rstrip(" \t")
            out.append("".join(cite(target) for target in ref.targets))
        last = ref.end
    out.append(text[last:])
    return "".join(out)


_HEADING = re.compile(r"^(#{1,5})(?=\s)", re.M)


def demote_headings(markdown: str) -> str:
    """Push body headings one level down: the page title is the only level-one heading."""
    if "#" not in markdown:
        return markdown
    return _HEADING.sub(r"#\1", markdown)

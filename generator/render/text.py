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

from generator.content.link import cached_scan
from generator.markdown.linear import code_lines, code_spans, normalise

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
    """Markdown made safe for one table cell: one line, with every `|` escaped.

    Not inside code spans: the tables extension leaves a `|` there alone, and an escape
    would be shown as a backslash.
    """
    one_line = " ".join(markdown.split())
    if "|" not in one_line:
        return one_line
    pieces, last = [], 0
    for start, end in code_spans(one_line):
        pieces += [_PIPE.sub(r"\\|", one_line[last:start]), one_line[start:end]]
        last = end
    pieces.append(_PIPE.sub(r"\\|", one_line[last:]))
    return "".join(pieces)


_PIPE = re.compile(r"(?<!\\)\|")


_OPENERS = " \t*_(\"'\u201c\u2018["
_AT_LINE_START = re.compile(r"(?:^|\n)[ \t]*(?:[-*+>#]+|\d+[.)])?[ \t]*$")


def mid_sentence(text: str, start: int) -> bool:
    """Whether position `start` of `text` falls inside a sentence, not at its start."""
    before = text[:start].rstrip(_OPENERS)
    at_start = not before or before[-1] in ".!?:\n" or _AT_LINE_START.search(text[:start])
    return not at_start


def splice(
    text: str,
    link: Callable[[str, str | None], str],
    cite: Callable[[str], str],
    inline: bool = False,
    between: str = "",
    phrase: Callable[[str], str] | None = None,
) -> str:
    """Replace `[[id|label]]` with `link(id, label)` and each `[@id]` with `cite(id)`.

    Citations next to each other are joined by `between` (a comma on the site, so that
    notes 1 and 2 do not read as 12). A `[[id]]` without a label inside a sentence is
    labelled `phrase(id)`, the title as it reads there ("the snapback of UN sanctions").
    The result is `markdown.linear.normalise`d, as every contributor text must be
    before Python-Markdown reads it.
    """
    scan = cached_scan(text, inline)
    if not scan.refs:
        return normalise(text, inline)
    out: list[str] = []
    last = 0
    previous_cite_end = -1
    for ref in scan.refs:
        gap = text[last : ref.start]
        if ref.kind == "link":
            out.append(gap)
            label = ref.label
            if label is None and phrase is not None and mid_sentence(text, ref.start):
                label = phrase(ref.targets[0])
            out.append(link(ref.targets[0], label))
        else:
            # "text [@source]." reads as "text¹." in print: the space goes with the marker.
            adjacent = last == previous_cite_end and not gap.strip()
            out.append(between if adjacent else gap.rstrip(" \t"))
            out.append(between.join(cite(target) for target in ref.targets))
            previous_cite_end = ref.end
        last = ref.end
    out.append(text[last:])
    return normalise("".join(out), inline)


_HEADING = re.compile(r"#{1,6}")
_UNDERLINE = re.compile(r"(=+|-+)[ \t]*")
_NOT_A_TITLE = re.compile(r"[ \t]*(?:[-*+>|#]|\d+[.)])")


def demote_headings(markdown: str) -> str:
    """Push body headings one level down: the page title is the only level-one heading.

    Lines inside code are left alone; underlined ("setext") headings become "#" ones.
    Python-Markdown's rules: a "#" heading is any line starting with one to six "#";
    an underlined one is the first line of a paragraph followed by a line of "=" or "-".
    """
    if "#" not in markdown and "\n=" not in markdown and "\n-" not in markdown:
        return markdown
    lines = markdown.split("\n")
    code = code_lines(lines)
    out: list[str] = []
    index = 0
    while index < len(lines):
        line = lines[index]
        # A "#" heading ends the paragraph before it, so the next line starts one.
        previous = lines[index - 1] if index else ""
        starts_block = (
            not index or not previous.strip() or index - 1 in code or bool(_HEADING.match(previous))
        )
        if index in code:
            out.append(line)
        elif match := _HEADING.match(line):
            out.append("#" * min(len(match.group(0)) + 1, 6) + line[match.end() :])
        elif (
            starts_block
            and line.strip()
            and index + 1 < len(lines)
            and index + 1 not in code
            and (underline := _UNDERLINE.fullmatch(lines[index + 1]))
            and not _NOT_A_TITLE.match(line)
        ):
            level = 2 if underline.group(1)[0] == "=" else 3
            out.append("#" * level + " " + line.strip())
            index += 1  # the underline is consumed
        else:
            out.append(line)
        index += 1
    return "\n".join(out)

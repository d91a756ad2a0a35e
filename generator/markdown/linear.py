"""Contributor Markdown rewritten so that Python-Markdown reads it in linear time.

Python-Markdown finds the end of a code span, of a link's text and of a link's address
by scanning forward from each opening backtick, bracket or parenthesis; when the closer
is missing it scans to the end of the paragraph, and its recovery from an unclosed run
of backticks re-enters the next run half-way. A paragraph of a few thousand unmatched
`[` or backticks takes minutes. One linear pass here makes every opener it will meet
have its closer:

- the opening line of a fenced code block that is never closed is plain text, so its
  first character becomes an entity;
- backtick runs pair as Python-Markdown pairs them (a run closes at the next run of the
  same length); a run with no partner, or after a backslash, becomes entities;
- a square bracket with no partner, or nested deeper than MAX_BRACKET_DEPTH, is escaped;
- a link address `](...)` is rewritten as `](<address> ...)`, which Python-Markdown
  reads with one regular expression; an address that does not parse has its
  parenthesis escaped.

Each rewrite only changes how text that Markdown shows literally is spelt, so pages look
the same. Fenced and indented code is left alone. Validation, the site and the PDF all
render the output of `normalise`, so they agree on what a text means.
"""

from __future__ import annotations

import bisect
import re

from generator.model.limits import MAX_BRACKET_DEPTH

# Python-Markdown's fenced_code rules, read one line at a time: an opening fence with an
# optional {attributes} or language, closed by a line holding the same fence.
_OPENER = re.compile(
    r"(`{3,}|~{3,})[ ]*(?:\{[^\n]*\}|\.?[\w#.+-]*[ ]*(?:hl_lines=([\"'])[^\n]*?\2[ ]*)?)"
)
_CLOSER = re.compile(r"(`{3,}|~{3,})[ ]*")
_LIST_ITEM = re.compile(r"[ ]{0,3}(?:[-*+]|\d+[.)])[ \t]")
_TICKS = re.compile(r"`+")
# An escaped character (consumed whole, so `\[` is never a bracket) or a bracket.
_BRACKET_TOKENS = re.compile(r"\\.|[\[\]]", re.S)
_ENTITY = {"`": "&#96;", "~": "&#126;"}
_REFERENCE_DEFINITION = re.compile(r"^[ ]{0,3}\[[^\]\n]+\]:", re.M)
# What ends an address written without angle brackets (Python-Markdown allows more, but
# stopping here keeps every scan inside its own link).
_BARE_STOP = frozenset(" \t\n[]<>`\\\"'")

Edit = tuple[int, int, str]


def normalise(text: str, inline: bool = False) -> str:
    """`text` with every opener Python-Markdown would scan past rewritten (see above).

    An `inline` text is one line that the templates may place at the start of a line.
    """
    if not any(c in text for c in "`~[]"):
        return text
    if inline:
        if text[:3] in ("```", "~~~"):
            text = _ENTITY[text[0]] + text[1:]  # a one-line text can never be a fence
        return _normalise_block(text, references=False)
    lines = text.split("\n")
    fenced = _fences(lines)
    references = bool(_REFERENCE_DEFINITION.search(text))
    out: list[str] = []
    for kind, first, last in _segments(lines, fenced):
        if kind == "text":
            block = _normalise_block("\n".join(lines[first:last]), references)
            out.extend(block.split("\n"))
        else:
            out.extend(fenced.get(i, lines[i]) for i in range(first, last))
    return "\n".join(out)


def blank_code(text: str, inline: bool = False) -> str:
    """`text` with its code (fenced, indented and spans) blanked out, offsets kept.

    What is inside code is shown literally, so it holds neither links nor citations.
    """
    if "`" not in text and "~~~" not in text and "    " not in text and "\t" not in text:
        return text
    if inline:
        return _blank_spans(text)
    lines = text.split("\n")
    fenced = _fences(lines)
    out: list[str] = []
    for kind, first, last in _segments(lines, fenced):
        if kind == "text":
            out.extend(_blank_spans("\n".join(lines[first:last])).split("\n"))
        elif kind == "code":
            out.extend(" " * len(lines[i]) for i in range(first, last))
        elif kind == "fence":
            # A fence's opening line stays: its {attributes} are the contributor's markup.
            for i in range(first, last):
                inside = lines[i] == fenced[i] and not _OPENER.fullmatch(lines[i])
                out.append(" " * len(lines[i]) if inside else lines[i])
        else:
            out.extend(lines[first:last])
    return "\n".join(out)


def code_lines(lines: list[str]) -> set[int]:
    """The indices of the lines that are fenced or indented code."""
    fenced = _fences(lines)
    inside = {i for i, line in fenced.items() if line == lines[i]}
    for kind, first, last in _segments(lines, fenced):
        if kind == "code":
            inside.update(range(first, last))
    return inside


def _blank_spans(text: str) -> str:
    spans = _code_spans(text, [])
    if not spans:
        return text
    chars = list(text)
    for start, end in spans:
        for i in range(start, end):
            if chars[i] != "\n":
                chars[i] = " "
    return "".join(chars)


def _segments(lines: list[str], fenced: dict[int, str]) -> list[tuple[str, int, int]]:
    """The text as runs of lines: "fence", "blank", indented "code" and "text" blocks.

    An indented block is code unless it continues a list, as Python-Markdown reads it.
    """
    segments: list[tuple[str, int, int]] = []
    after_list = False
    index = 0
    while index < len(lines):
        first = index
        if index in fenced:
            while index < len(lines) and index in fenced:
                index += 1
            segments.append(("fence", first, index))
            continue
        if not lines[index].strip():
            while index < len(lines) and index not in fenced and not lines[index].strip():
                index += 1
            segments.append(("blank", first, index))
            continue
        while index < len(lines) and index not in fenced and lines[index].strip():
            index += 1
        head = lines[first]
        indented = head.startswith(("    ", "\t"))
        if indented and not after_list:
            segments.append(("code", first, index))
        else:
            segments.append(("text", first, index))
            after_list = after_list if indented else bool(_LIST_ITEM.match(head))
    return segments


def _fences(lines: list[str]) -> dict[int, str]:
    """Lines that belong to fenced code (as they are), and unclosed openers (defused)."""
    closers: dict[str, list[int]] = {}
    for index, line in enumerate(lines):
        if line[:3] in ("```", "~~~") and (match := _CLOSER.fullmatch(line)):
            closers.setdefault(match.group(1), []).append(index)
    fenced: dict[int, str] = {}
    index = 0
    while index < len(lines):
        line = lines[index]
        match = _OPENER.fullmatch(line) if line[:3] in ("```", "~~~") else None
        if match:
            later = closers.get(match.group(1), [])
            k = bisect.bisect_right(later, index)
            if k < len(later):
                for inside in range(index, later[k] + 1):
                    fenced[inside] = lines[inside]
                index = later[k] + 1
                continue
            fenced[index] = _ENTITY[line[0]] + line[1:]
        index += 1
    return fenced


def _normalise_block(text: str, references: bool) -> str:
    """One paragraph, list or table: the rewrites that keep inline parsing linear.

    `references` says whether the whole text defines link references (`[id]: url`).
    """
    if not any(c in text for c in "`[]"):
        return text
    edits: list[Edit] = []
    code = _code_spans(text, edits)
    if "[" in text or "]" in text:
        _brackets(text, code, edits, references)
    if not edits:
        return text
    edits.sort()
    pieces: list[str] = []
    last = 0
    for start, end, replacement in edits:
        pieces.append(text[last:start])
        pieces.append(replacement)
        last = end
    pieces.append(text[last:])
    return "".join(pieces)


def code_spans(text: str) -> list[tuple[int, int]]:
    """Where the code spans of one paragraph are, as `normalise` pairs them."""
    return _code_spans(text, [])


def _code_spans(text: str, edits: list[Edit]) -> list[tuple[int, int]]:
    """Pair backtick runs into code spans; add edits that turn the others into entities."""
    runs = [(m.start(), m.end()) for m in _TICKS.finditer(text)]
    following: list[int | None] = [None] * len(runs)
    last_of_length: dict[int, int] = {}
    for index in range(len(runs) - 1, -1, -1):
        length = runs[index][1] - runs[index][0]
        following[index] = last_of_length.get(length)
        last_of_length[length] = index
    spans: list[tuple[int, int]] = []
    index = 0
    while index < len(runs):
        start, end = runs[index]
        backslashes = 0
        while start - backslashes > 0 and text[start - backslashes - 1] == "\\":
            backslashes += 1
        partner = following[index]
        if backslashes or partner is None:
            # An odd backslash escaped the run: drop it, the entity says the same.
            cut = start - 1 if backslashes % 2 else start
            edits.append((cut, end, _ENTITY["`"] * (end - start)))
            index += 1
            continue
        spans.append((start, runs[partner][1]))
        index = partner + 1
    return spans


def _brackets(text: str, code: list[tuple[int, int]], edits: list[Edit], references: bool) -> None:
    """Escape unmatched and too deeply nested brackets; rewrite link addresses."""
    starts = [s for s, _ in code]
    stack: list[int] = []
    pairs: list[tuple[int, int]] = []
    for match in _BRACKET_TOKENS.finditer(text):
        pos = match.start()
        token = match.group(0)
        if len(token) == 2:
            continue  # an escaped character
        if starts:
            k = bisect.bisect_right(starts, pos) - 1
            if k >= 0 and pos < code[k][1]:
                continue  # inside a code span
        if token == "[":
            stack.append(pos)
        elif stack:
            opened = stack.pop()
            if len(stack) >= MAX_BRACKET_DEPTH:
                edits.append((opened, opened, "\\"))
                edits.append((pos, pos, "\\"))
            else:
                pairs.append((opened, pos))
        else:
            edits.append((pos, pos, "\\"))
    edits.extend((pos, pos, "\\") for pos in stack)
    if not references:
        # Python-Markdown scans every bracket pair three times (link, reference, shortcut
        # reference), a character at a time in Python; a pair that can be neither a link
        # nor a reference is escaped, so that it costs one copy instead.
        kept = []
        for opened, closed in pairs:
            follows = text[closed + 1 : closed + 2]
            before = text[opened - 1 : opened] if opened else ""
            if follows in ("(", "[") or before == "]" or text.startswith("[^", opened):
                kept.append((opened, closed))
            else:
                edits += [(opened, opened, "\\"), (closed, closed, "\\")]
        pairs = kept
    if "](" in text:
        # Where each character that can end part of an address is, so that looking for
        # the next one is a binary search, never a scan to the end of the paragraph.
        marks = {c: [m.start() for m in re.finditer(re.escape(c), text)] for c in "\"'<>\n"}
        for _, close in sorted(pairs, key=lambda p: p[1]):
            if text.startswith("(", close + 1) and (edit := _link_address(text, close + 1, marks)):
                edits.append(edit)


def _next(positions: list[int], after: int) -> int | None:
    k = bisect.bisect_right(positions, after)
    return positions[k] if k < len(positions) else None


def _link_address(text: str, paren: int, marks: dict[str, list[int]]) -> Edit | None:
    """The edit for the `(` at `paren` after a link's text: canonical form, or escaped.

    A plain `(address)` needs none: Python-Markdown stops at its `)` too.
    """
    escape = (paren, paren, "\\")
    pos = paren + 1
    while pos < len(text) and text[pos] in " \t\n":
        pos += 1
    if text.startswith("<", pos):
        close = _next(marks[">"], pos)
        stop = min(_next(marks["<"], pos) or len(text), _next(marks["\n"], pos) or len(text))
        if close is None or close > stop:
            return escape
        address, pos = text[pos + 1 : close], close + 1
    else:
        begin, depth = pos, 0
        while pos < len(text) and text[pos] not in _BARE_STOP:
            if text[pos] == "(":
                depth += 1
                if depth > 1:
                    return escape
            elif text[pos] == ")":
                if depth == 0:
                    break
                depth -= 1
            pos += 1
        if depth:
            return escape
        if text.startswith(")", pos) and pos > begin == paren + 1:
            return None
        address = text[begin:pos]
    rewritten_end = pos
    while pos < len(text) and text[pos] in " \t\n":
        pos += 1
    if pos < len(text) and text[pos] in "\"'":
        closing = _next(marks[text[pos]], pos)
        if closing is None:
            return escape
        pos = closing + 1
        while pos < len(text) and text[pos] in " \t\n":
            pos += 1
    if not text.startswith(")", pos):
        return escape
    return (paren, rewritten_end, f"(<{address}>")

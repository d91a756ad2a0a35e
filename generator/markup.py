"""Scanning contributor Markdown: `[[id]]` links, `[@source]` citations, and unsafe markup.

One scan serves both the validator (which reports problems and resolves the ids) and the
renderer (which splices links and footnotes into the text), so both agree on what a
link is. Code spans and fenced blocks are masked first: what is inside them is shown
literally by Markdown, so it is neither a link nor a risk.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field

from .models import ID_RE

# Python-Markdown's own rules: a fence starts a line, may carry a language or {attributes},
# and must be closed by the same fence; a code span never crosses a line, and a
# backslash before a backtick makes it literal. Anything looser would hide markup that
# Markdown in fact renders.
_FENCE_RE = re.compile(
    r"^(?P<fence>~{3,}|`{3,})[ ]*(?:\{[^\n]*\}|\.?[\w#.+-]*[ ]*)\n.*?(?<=\n)(?P=fence)[ ]*$",
    re.M | re.S,
)
_CODE_SPAN_RE = re.compile(r"(?<![\\`])(`+)(?!`)([^\n]+?)(?<!`)\1(?!`)")
_WIKI_RE = re.compile(r"\[\[([^\[\]|\n]*)(?:\|([^\[\]\n]*))?\]\]")
# Not followed by "(" or "[": that would be a Markdown link whose text starts with "@";
# but "[@a][@b]" is two citations.
_CITE_RE = re.compile(r"(?<!!)\[(-?@[^\[\]\n]*)\](?!\(|\[(?!-?@))")
_CITE_KEY_RE = re.compile(r"^-?@([^\s,;]+)(?:\s*,\s*(.+))?$")
# Every "](" opens a link destination, however the link text is nested or wrapped.
_DEST_RE = re.compile(r"\]\(\s*(<[^<>\n]*>|[^\s()]*(?:\([^\s()]*\)[^\s()]*)*)")
_IMAGE_RE = re.compile(r"!\[(?:[^\[\]]|\[[^\[\]]*\])*\](\(|\[|)")
_REF_DEF_RE = re.compile(r"^ {0,3}\[[^\]\n]+\]:[ \t]*\n?[ \t]*(<[^<>\n]*>|\S+)", re.M)
_ANGLE_RE = re.compile(r"<(?=[A-Za-z/!?])[^<>\n]*>?")
_AUTOLINK_RE = re.compile(
    r"<([A-Za-z][A-Za-z0-9+.-]*:[^\s<>]*|[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,})>"
)
_TAG_NAME_RE = re.compile(r"</?\s*([A-Za-z][A-Za-z0-9-]*)")
_HANDLER_RE = re.compile(r"\bon[a-z]+\s*=", re.I)
# "{: ...}", "{#id}", "{.class}", "{ key=value }" and "{ word }": what attr_list reads.
_ATTR_LIST_RE = re.compile(r"\{:?[ \t]*(?:[#.:][^\s{}]|[\w-]+[ \t]*(?:=|\}))[^\n]*")
_SCHEME_RE = re.compile(r"^([A-Za-z][A-Za-z0-9+.-]*):")
_INVISIBLE_RE = re.compile(r"[\x00-\x20\x7f-\x9f\u200b-\u200f\u2028\u2029\ufeff]")
SAFE_SCHEMES = frozenset({"http", "https", "mailto"})


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


def mask_code(text: str, inline: bool = False) -> str:
    """Blank out code blocks and spans, keeping every offset and newline in place.

    An `inline` text is rendered on one line, where a fence is no fence.
    """

    def blank(match: re.Match[str]) -> str:
        return re.sub(r"[^\n]", " ", match.group(0))

    if "`" not in text and "~~~" not in text:
        return text
    if not inline:
        text = _FENCE_RE.sub(blank, text)
    return _CODE_SPAN_RE.sub(blank, text)


def _scheme(destination: str) -> str | None:
    # Browsers ignore whitespace and control characters inside a scheme and decode
    # entities first, so "java&#x09;script:" must be caught as "javascript:".
    cleaned = _INVISIBLE_RE.sub("", html.unescape(destination.strip("<>")))
    match = _SCHEME_RE.match(cleaned)
    return match.group(1).lower() if match else None


def _check_destination(offset: int, destination: str, is_image: bool, scan: Scan) -> None:
    scheme = _scheme(destination)
    if is_image:
        code = "remote-image" if scheme in ("http", "https") else "relative-link"
        scan.problems.append(
            (offset, code, f"images are not supported in content ({destination!r})")
        )
    elif scheme is None:
        if not destination.startswith("#"):
            shown = destination or "an empty address"
            scan.problems.append(
                (offset, "relative-link", f"link to {shown!r} is not a full address")
            )
    elif scheme not in SAFE_SCHEMES:
        scan.problems.append((offset, "unsafe-link", f"link scheme '{scheme}:' is not allowed"))


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
    """Find references and unsafe or malformed markup in contributor Markdown.

    `inline` texts (summaries, claims, key facts) are rendered on one line.
    """
    scan = Scan()
    if not any(c in text for c in "[<{"):
        return scan  # the common case for short fields: nothing to look at
    masked = mask_code(text, inline)
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
    image_destinations: dict[int, int] = {}  # where "](" is -> where the image starts
    for match in _IMAGE_RE.finditer(linked):
        if match.group(1) == "(":
            image_destinations[match.end() - 2] = match.start()
            continue  # its destination is checked below
        scan.problems.append((match.start(), "remote-image", "images are not supported in content"))
    for match in _DEST_RE.finditer(linked):
        start = image_destinations.get(match.start(), match.start(1))
        _check_destination(start, match.group(1), match.start() in image_destinations, scan)
    for match in _REF_DEF_RE.finditer(linked):
        _check_destination(match.start(), match.group(1), False, scan)
    reported_tags: set[str] = set()
    for match in _ANGLE_RE.finditer(linked):
        autolink = _AUTOLINK_RE.match(match.group(0))
        if autolink:
            if "@" not in autolink.group(1) or ":" in autolink.group(1):
                _check_destination(match.start(), autolink.group(1), False, scan)
            continue
        name = _TAG_NAME_RE.match(match.group(0))
        tag = name.group(1).lower() if name else match.group(0)[:20]
        if match.group(0).startswith("</") and tag in reported_tags:
            continue  # the opening tag has been reported already
        reported_tags.add(tag)
        what = f"<{tag}>" if name else tag
        extra = " with an event-handler attribute" if _HANDLER_RE.search(match.group(0)) else ""
        scan.problems.append((match.start(), "raw-html", f"raw HTML {what}{extra} is not allowed"))
    for match in _ATTR_LIST_RE.finditer(linked):
        found = match.group(0)
        shown = found[: found.index("}") + 1] if "}" in found else found
        scan.problems.append(
            (match.start(), "attribute-list", f"attribute list '{shown[:40]}' is not allowed")
        )
    scan.refs.sort(key=lambda r: r.start)
    scan.problems.sort()
    return scan


def line_col(text: str, offset: int) -> tuple[int, int]:
    """Zero-based line and column of `offset` in `text`."""
    line = text.count("\n", 0, offset)
    return line, offset - (text.rfind("\n", 0, offset) + 1)

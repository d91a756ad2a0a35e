"""Judging contributor Markdown by rendering it, as the site will, against the allowlist.

A scanner that reads Markdown with its own patterns disagrees with the renderer about
where a code block or an attribute list ends, and every disagreement is a hole. Here a
text is rendered with the site's own Markdown extensions (after the same
`markdown.linear.normalise` the site applies), and what comes out is checked against
`sanitize.CONTENT`. Each problem is then placed in the source, so that the contributor
sees `path:line:col`.
"""

from __future__ import annotations

import json
import re
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import markdown
from markdown.preprocessors import Preprocessor

from generator.markdown.linear import blank_code, normalise
from generator.markdown.safe import SafeContentExtension
from generator.markdown.sanitize import CONTENT, Violation, audit, url_scheme
from generator.model.limits import MAX_BLOCK_CHARS, MAX_HEADINGS, MAX_NESTING, MAX_PARAGRAPHS
from generator.project.siteconfig import markdown_extensions

Extensions = str
"""A list of Markdown extensions and their settings, as mkdocs.yml gives them, in JSON:
hashable, so that converters and verdicts can be cached per list."""


def extensions_key(items: list[Any]) -> Extensions:
    return json.dumps(items, sort_keys=True, default=str)


_ACTIVE: ContextVar[Extensions | None] = ContextVar("briefing_markdown", default=None)


@lru_cache(maxsize=1)
def _shipped_extensions() -> Extensions:
    """The extensions of the shipped configuration (read when first needed, not at import)."""
    return extensions_key(markdown_extensions())


def _active() -> Extensions:
    return _ACTIVE.get() or _shipped_extensions()


@contextmanager
def rendering_with(items: list[Any]) -> Iterator[None]:
    """Judge content, inside the block, with these extensions: the ones the project's own
    site is built with (siteconfig.markdown_extensions of the project)."""
    token = _ACTIVE.set(extensions_key(items))
    try:
        yield
    finally:
        _ACTIVE.reset(token)


@lru_cache(maxsize=16)
def _site_extensions(key: Extensions) -> tuple[tuple[str, ...], dict[str, Any]]:
    """The site's Markdown extensions and their settings.

    MkDocs always adds toc, tables and fenced_code; `generator.markdown.safe` is added
    by whoever renders, set up for what they need to see.
    """
    names: list[str] = []
    configs: dict[str, Any] = {}
    for item in json.loads(key):
        name, options = next(iter(item.items())) if isinstance(item, dict) else (item, None)
        if name == "generator.markdown.safe":
            continue
        names.append(name)
        if options:
            configs[name] = options
    names += [n for n in ("toc", "tables", "fenced_code") if n not in names]
    return tuple(names), configs


Problem = tuple[int, str, str]
"""(offset in the text, diagnostic code, message)."""

_LOCAL = threading.local()
_TAG_NAME = re.compile(r"<\s*/?\s*([A-Za-z][A-Za-z0-9:-]*)")
_HANDLER = re.compile(r"\bon[a-z]+\s*=", re.I)
_CONTAINER = re.compile(r"[ ]{0,3}(?:>|[-*+](?=[ \t])|\d{1,9}[.)](?=[ \t]))[ \t]?")
_SETEXT = re.compile(r"(=+|-+)[ \t]*")
_TOO_LONG = f"this paragraph is longer than {MAX_BLOCK_CHARS:,} characters"
_TOO_MANY_BLOCKS = f"this text has more than {MAX_PARAGRAPHS:,} paragraphs"
_TOO_MANY_HEADINGS = f"this text has more than {MAX_HEADINGS} headings"
_TOO_DEEP = f"lists or quotes are nested more than {MAX_NESTING} levels deep"
_DESTINATION = re.compile(r"\]\(\s*<?|\]:[ \t]*\n?[ \t]*<?|<(?=[A-Za-z][A-Za-z0-9+.-]*:)")


def site_markdown() -> markdown.Markdown:
    """A Markdown converter set up as the site's (one per thread, reset before each use)."""
    key = _active()
    cache = _LOCAL.__dict__.setdefault("site", {})
    md = cache.get(key)
    if md is None:
        names, configs = _site_extensions(key)
        md = cache[key] = markdown.Markdown(
            extensions=[*names, SafeContentExtension()], extension_configs=configs
        )
    return md


class _MarkStash(Preprocessor):
    """Remembers how much of the HTML stash fenced code filled, before raw HTML is read."""

    def run(self, lines: list[str]) -> list[str]:
        self.md.fenced_fragments = self.md.htmlStash.html_counter
        return lines


def _contributor_markdown(raw_html: bool) -> markdown.Markdown:
    """The site's Markdown for judging content: no heading ids, raw HTML kept if asked."""
    key = _active()
    cache = _LOCAL.__dict__.setdefault("raw" if raw_html else "escaped", {})
    md = cache.get(key)
    if md is None:
        # No toc: a heading id in contributor content can only come from an attribute list.
        names, configs = _site_extensions(key)
        extensions: list[object] = [e for e in names if e != "toc"]
        extensions.append(SafeContentExtension(escape_html=not raw_html, drop_images=False))
        configs = {k: v for k, v in configs.items() if k != "toc"}
        md = cache[key] = markdown.Markdown(extensions=extensions, extension_configs=configs)
        # After fenced code (25), before raw HTML blocks (20).
        md.preprocessors.register(_MarkStash(md), "briefing_mark_stash", 22)
    md.reset()
    return md


@dataclass
class _Finder:
    """Places problems in the source, each search starting where the last one of its kind ended."""

    text: str
    lowered: str

    def __post_init__(self) -> None:
        self._cursors: dict[str, int] = {}

    def find(self, needle: str, kind: str | None = None) -> int | None:
        key = kind or needle
        at = self.lowered.find(needle.lower(), self._cursors.get(key, 0))
        if at < 0:
            at = self.lowered.find(needle.lower())
        if at < 0:
            return None
        self._cursors[key] = at + 1
        return at

    def destination(self, value: str) -> int | None:
        """Where the link or image address `value` is written (the next one along)."""
        wanted = _plain(value)[:12]
        after = self._cursors.get("destination", 0)
        starts = [m.end() for m in _DESTINATION.finditer(self.text)]
        for start in [s for s in starts if s >= after] + starts:
            if _plain(self.text[start : start + 4 * len(wanted) + 8]).startswith(wanted):
                self._cursors["destination"] = start + 1
                return start
        return starts[0] if starts else None


def _plain(url: str) -> str:
    from html import unescape

    return re.sub(r"[\x00-\x20\x7f-\x9f]", "", unescape(url)).lower()


def _budget(text: str, inline: bool) -> list[Problem]:
    """Size and shape limits that keep rendering cheap, checked before rendering."""
    problems: dict[str, Problem] = {}

    def over(code: str, offset: int, message: str) -> None:
        problems.setdefault(message, (offset, code, message))

    offset = 0
    block_start, block_length, blocks, headings = 0, 0, 0, 0
    previous = ""
    for line in text.split("\n"):
        if line.strip():
            if not block_length:
                block_start, blocks = offset, blocks + 1
            block_length += len(line) + 1
            if block_length > MAX_BLOCK_CHARS:
                over("text-too-long", block_start, _TOO_LONG)
            if line.startswith("#") or (previous.strip() and _SETEXT.fullmatch(line)):
                headings += 1
            depth, rest = 0, line.expandtabs(4)
            while match := _CONTAINER.match(rest):
                depth, rest = depth + 1, rest[match.end() :]
            depth += (len(rest) - len(rest.lstrip(" "))) // 4
            if depth > MAX_NESTING:
                over("nested-too-deeply", offset, _TOO_DEEP)
        else:
            block_length = 0
        if blocks > MAX_PARAGRAPHS:
            over("text-too-long", offset, _TOO_MANY_BLOCKS)
        if headings > MAX_HEADINGS:
            over("text-too-long", offset, _TOO_MANY_HEADINGS)
        previous = line
        offset += len(line) + 1
    return list(problems.values())


def check_markup(text: str, inline: bool = False) -> tuple[Problem, ...]:
    """Problems in contributor Markdown, by rendering it as the site does, with the
    extensions of `rendering_with` (by default, those every site has).

    `text` has its `[[id]]` links and `[@source]` citations blanked out already (they are
    the generator's to render). Problems come back sorted by offset.
    """
    return _check_markup(text, inline, _active())


@lru_cache(maxsize=65536)
def _check_markup(text: str, inline: bool, key: Extensions) -> tuple[Problem, ...]:
    problems = _budget(text, inline)
    if problems or not any(c in text for c in "<[]{"):
        return tuple(problems)
    # Problems are looked for outside code, where Markdown shows text literally.
    finder = _Finder(text, blank_code(text, inline).lower())
    source = " ".join(text.split()) if inline else text
    if "<" in text:
        try:
            problems += _raw_html(normalise(source, inline), finder)
        except Exception as exc:  # an extension of the project's refused the text
            message = " ".join(str(exc).split())[:120] or type(exc).__name__
            return (
                *problems,
                (0, "unsupported-markdown", f"this text cannot be rendered: {message}"),
            )
    normalised = normalise(source, inline)
    problems += _unrendered_links(normalised, finder)
    md = _contributor_markdown(raw_html=False)
    try:
        html = md.convert(normalised)
    except Exception as exc:  # an extension of the project's refused the text
        message = " ".join(str(exc).split())[:120] or type(exc).__name__
        return (*problems, (0, "unsupported-markdown", f"this text cannot be rendered: {message}"))
    problems += _judge(audit(html, CONTENT), finder)
    return tuple(sorted(set(problems)))


# A link or image whose address normalise could not read: its parenthesis was escaped,
# so the page shows it as typed.
_REFUSED_LINK = re.compile(r"(!?)\[([^\]\n]{0,200})\]\\\(")


def _unrendered_links(normalised: str, finder: _Finder) -> list[Problem]:
    problems = []
    for match in _REFUSED_LINK.finditer(normalised):
        written = f"{match.group(1)}[{match.group(2)}]("
        at = finder.find(written, "unrendered")
        if at is None:
            continue  # the contributor escaped it: shown as typed, as meant
        what = "image" if match.group(1) else "link"
        problems.append(
            (
                at,
                "unrendered-link",
                f"this {what} would be shown as typed, not as {'an' if what == 'image' else 'a'} "
                f"{what}: its address cannot be read",
            )
        )
    return problems


def _raw_html(text: str, finder: _Finder) -> list[Problem]:
    md = _contributor_markdown(raw_html=True)
    md.convert(text)
    fragments = md.htmlStash.rawHtmlBlocks[getattr(md, "fenced_fragments", 0) :]
    problems: list[Problem] = []
    reported: set[str] = set()
    for fragment in fragments:
        if not isinstance(fragment, str) or not fragment.startswith("<"):
            continue  # an entity such as &amp;
        name = _TAG_NAME.match(fragment)
        tag = name.group(1).lower() if name else fragment[:20]
        if fragment.startswith("</") and tag in reported:
            continue  # its opening tag is reported already
        reported.add(tag)
        extra = " with an event-handler attribute" if _HANDLER.search(fragment) else ""
        at = finder.find(fragment[:40])
        if at is None:
            at = finder.find("<" + tag) or 0
        problems.append((at, "raw-html", f"raw HTML <{tag}>{extra} is not allowed"))
    return problems


def _judge(violations: list[Violation], finder: _Finder) -> list[Problem]:
    """Turn what the allowlist refused into diagnostics placed in the source."""
    problems: list[Problem] = []
    said: set[str] = set()
    for v in violations:
        if v.tag == "img":
            src = dict(v.attributes).get("src", "")
            remote = url_scheme(src) in ("http", "https") or src.startswith("//")
            at = finder.find("![", "image")
            code = "remote-image" if remote else "relative-link"
            problems.append((at or 0, code, f"images are not supported in content ({src!r})"))
        elif v.tag == "a" and v.attribute == "href":
            at = finder.destination(v.value or "") or 0
            scheme = url_scheme(v.value or "")
            if scheme is None:
                shown = v.value or "an empty address"
                message = f"link to {shown!r} is not a full address"
                problems.append((at, "relative-link", message))
            else:
                problems.append((at, "unsafe-link", f"link scheme '{scheme}:' is not allowed"))
        elif _footnote_or_abbreviation(v):
            kind = "abbreviation" if v.tag == "abbr" else "footnote"
            if kind in said:
                continue
            said.add(kind)
            if kind == "abbreviation":
                at, message = finder.find("*["), "abbreviations belong in the glossary"
            else:
                at, message = finder.find("[^"), "footnotes are made from [@source] citations"
            problems.append((at or 0, "unsupported-markdown", message))
        elif v.attribute is not None:
            at = finder.find(v.attribute, "attribute")
            brace = finder.text.rfind("{", 0, at) if at is not None else -1
            line_start = finder.text.rfind("\n", 0, at or 0) + 1
            if at is not None and brace >= line_start:
                at = brace
                shown = finder.text[brace : finder.text.find("}", brace) + 1 or brace + 40]
            else:
                shown = f'{v.attribute}="{(v.value or "")[:20]}"'
            message = f"attribute list '{shown[:40]}' is not allowed"
            problems.append((at or 0, "attribute-list", message))
        else:
            at = finder.find(v.tag, "element")
            problems.append((at or 0, "unsupported-markdown", f"{v.describe()} is not supported"))
    return problems


def _footnote_or_abbreviation(v: Violation) -> bool:
    value = v.value or ""
    return (
        v.tag in ("sup", "abbr")
        or (v.attribute in ("class", "title") and "footnote" in value)
        or (v.attribute == "id" and value.startswith(("fn:", "fnref")))
    )

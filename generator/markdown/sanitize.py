"""The allowlists that decide what HTML may be published, and the sanitiser that applies them.

Every page's content is cleaned with nh3 (the binding of the Rust sanitiser ammonia) after
every Markdown extension, template and plugin has run: only the elements, attributes,
classes and URL schemes below survive. The same allowlists are checked by `audit`, which
the validator runs on contributor Markdown rendered with the site's own extensions, and
which the build runs on the finished pages as a last line of defence.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from html import unescape
from typing import Any

import nh3

from generator.model.errors import BriefingError

SAFE_SCHEMES = frozenset({"http", "https", "mailto"})
# Heading ids (the toc extension's ASCII slugs) and footnote ids ("fn:x", "fnref2:x").
# Never "__...": the theme's own elements and configuration use such ids, and a content
# element carrying one would be found in their place.
SAFE_ID = re.compile(r"[a-z0-9][a-z0-9_.:-]{0,127}")
_ALIGN = re.compile(r"text-align:\s*(left|right|center);?")
_INVISIBLE = re.compile(r"[\x00-\x20\x7f-\x9f\u200b-\u200f\u2028\u2029\ufeff]")
_SCHEME = re.compile(r"([A-Za-z][A-Za-z0-9+.-]*):")
ADMONITIONS = frozenset(
    {"note", "abstract", "info", "tip", "success", "question", "warning", "failure", "danger"}
    | {"bug", "example", "quote"}
)
_STRUCTURE = frozenset(
    {"p", "br", "hr", "em", "strong", "code", "pre", "blockquote", "ul", "ol", "li"}
    | {"h1", "h2", "h3", "h4", "h5", "h6", "table", "thead", "tbody", "tr", "th", "td"}
)


def url_scheme(url: str) -> str | None:
    """The scheme of a URL as a browser reads it (entities decoded, controls ignored)."""
    match = _SCHEME.match(_INVISIBLE.sub("", unescape(url)))
    return match.group(1).lower() if match else None


def is_safe_url(url: str) -> bool:
    """True for http(s) and mailto addresses, and for relative ones."""
    scheme = url_scheme(url)
    return scheme is None or scheme in SAFE_SCHEMES


@dataclass(frozen=True)
class Policy:
    """What a fragment of HTML may hold: elements, their attributes and their classes.

    `classes` lists, per element, the class names allowed; a name ending in "*" allows
    every name with that prefix.
    """

    name: str
    tags: frozenset[str]
    attributes: dict[str, frozenset[str]] = field(default_factory=dict)
    classes: dict[str, frozenset[str]] = field(default_factory=dict)
    relative_links: bool = True
    """Whether a link may be relative (the generator's own) or only a full address."""

    def allows_class(self, tag: str, name: str) -> bool:
        allowed = self.classes.get(tag, frozenset())
        return name in allowed or any(
            a.endswith("*") and name.startswith(a[:-1]) and len(name) > len(a) - 1 for a in allowed
        )

    def value(self, tag: str, attribute: str, value: str) -> str | None:
        """The attribute's value as it may be published, or None if it must go."""
        if attribute not in self.attributes.get(tag, frozenset()):
            return None
        if attribute == "href":
            if value.startswith("#"):
                return "#" + safe_id(value[1:])  # as the id it leads to is rewritten
            if not self.relative_links and url_scheme(value) is None:
                return None
            return value if is_safe_url(value) else None
        if attribute == "id":
            return safe_id(value)
        if attribute == "style":
            return value if _ALIGN.fullmatch(value.strip()) else None
        if attribute == "dir":
            return value if value in ("ltr", "rtl") else None
        if attribute == "start":
            return value if value.isdigit() and len(value) < 10 else None
        if attribute == "class":
            kept = [c for c in value.split() if self.allows_class(tag, c)]
            return " ".join(kept) if kept else None
        return value


_BADGES = frozenset({"badge", "badge-*", "tone-*"})

# Blocks the search index may be told to leave out (markdown/search.py).
_SEARCH_EXCLUDABLE = (
    "p",
    "ul",
    "ol",
    "li",
    "dl",
    "dt",
    "dd",
    "table",
    "tr",
    "div",
    "blockquote",
    "pre",
)


def _with_search_exclude(attributes: dict[str, frozenset[str]]) -> dict[str, frozenset[str]]:
    merged = dict(attributes)
    for tag in _SEARCH_EXCLUDABLE:
        merged[tag] = merged.get(tag, frozenset()) | {"data-search-exclude"}
    return merged


CONTENT = Policy(
    "contributor Markdown",
    _STRUCTURE | {"a", "div"},
    attributes=_with_search_exclude(
        {
            "a": frozenset({"href", "title"}),
            "code": frozenset({"class"}),
            "div": frozenset({"class"}),
            "p": frozenset({"class"}),
            "ol": frozenset({"start"}),
            "th": frozenset({"style"}),
            "td": frozenset({"style"}),
        }
    ),
    classes={
        "code": frozenset({"language-*"}),
        "div": frozenset({"admonition"} | ADMONITIONS),
        "p": frozenset({"admonition-title"}),
    },
    relative_links=False,
)
"""What contributor Markdown may render to: text structure, links, tables and notes."""

PAGE = Policy(
    "site page",
    CONTENT.tags | {"abbr", "sup", "nav", "span"},
    attributes=_with_search_exclude(
        {
            **CONTENT.attributes,
            "a": frozenset({"href", "title", "class"}),
            "abbr": frozenset({"title"}),
            "strong": frozenset({"class"}),
            "sup": frozenset({"id"}),
            "nav": frozenset({"class"}),
            "span": frozenset({"class"}),
            **{f"h{level}": frozenset({"id", "dir"}) for level in range(1, 7)},
            # The direction of a block written in the other one (markdown/direction.py).
            **{
                tag: CONTENT.attributes.get(tag, frozenset()) | {"dir"}
                for tag in ("p", "td", "th", "dt", "dd", "blockquote")
            },
            "li": frozenset({"id", "dir"}),
        }
    ),
    classes={
        **CONTENT.classes,
        "a": frozenset({"footnote-ref", "footnote-backref", "headerlink", "md-tag"})
        | frozenset({"md-button", "md-button--primary"})
        | _BADGES,
        "strong": _BADGES,
        "div": CONTENT.classes["div"] | {"footnote"},
        "p": CONTENT.classes["p"] | {"dateline"},
        "nav": frozenset({"md-tags"}),
        "span": frozenset({"md-tag"}),
    },
    relative_links=True,
)
"""What the content of a site page may hold: contributor Markdown plus what the templates,
footnotes, abbreviations, heading anchors and the tags listing add."""


def clean(html: str, policy: Policy) -> str:
    """`html` with everything outside `policy` removed (text is kept, scripts dropped)."""
    return nh3.clean(
        html,
        tags=set(policy.tags),
        attributes={tag: set(names) for tag, names in policy.attributes.items()},
        attribute_filter=policy.value,
        url_schemes=set(SAFE_SCHEMES),
        link_rel=None,
        strip_comments=True,
    )


@dataclass(frozen=True)
class Violation:
    """One element or attribute that a policy does not allow."""

    tag: str
    attribute: str | None = None
    value: str | None = None
    attributes: tuple[tuple[str, str], ...] = ()
    """For a refused element, all its attributes."""

    def describe(self) -> str:
        if self.attribute is None:
            return f"<{self.tag}>"
        shown = (self.value or "")[:60]
        return f'<{self.tag} {self.attribute}="{shown}">'


def audit(html: str, policy: Policy) -> list[Violation]:
    """Every element and attribute in `html` that `policy` does not allow, in order.

    The fragment is parsed as a browser parses it (HTML5, Lexbor), so what is judged is
    the tree a browser would build, not what a simpler tokenizer makes of the text.
    """
    from selectolax.lexbor import LexborHTMLParser

    found: list[Violation] = []
    tree = LexborHTMLParser(html)
    if tree.root is None:
        return found
    for node in tree.root.traverse(include_text=False):
        tag = node.tag or ""
        if tag in ("html", "head", "body") or tag.startswith(("-", "_")):
            continue  # the document around the fragment, comments and text
        attrs = node.attributes
        if tag not in policy.tags:
            found.append(Violation(tag, attributes=tuple((n, v or "") for n, v in attrs.items())))
            continue
        for name, value in attrs.items():
            text = value or ""
            if policy.value(tag, name, text) != (
                text if name != "class" else " ".join(text.split())
            ):
                found.append(Violation(tag, name, text))
    return found


THEME_SCRIPTS = (
    "__md_scope=",
    "var palette=__md_get(",
    "var target=document.getElementById(location.hash",
)
"""How the theme's own inline scripts start (Material for MkDocs 9); no other may run."""

REFUSED_FEATURES = {
    "content.tooltips": "it renders title attributes and cut-off navigation text as HTML",
}
"""Theme features that turn text into markup in the browser, after every check has run."""


class UnsafeHTML(BriefingError):
    """A finished page or document holds something the allowlists refuse."""


def plain_title(title: str) -> str:
    """A title for the theme: the text of `title` (HTML or escaped text), escaped once."""
    from html import escape

    return escape(unescape(re.sub(r"<[^>]*>", "", title)), quote=False)


def safe_id(value: str) -> str:
    """An id the allowlist accepts, the same for the heading and every link to it: the
    id itself, cut short if it is only too long (a long heading), or else a name derived
    from it."""
    if SAFE_ID.fullmatch(value):
        return value
    cut = value[:128].rstrip("_.:-")
    if SAFE_ID.fullmatch(cut):
        return cut
    return "section-" + hashlib.sha256(value.encode("utf-8", "replace")).hexdigest()[:12]


def sanitize_toc(items: list[Any]) -> None:
    """Make a page's table of contents safe for the theme, which prints it unescaped.

    Titles become escaped text; an id the allowlist refuses is replaced, so that no
    attribute can break out of the link the theme writes around it.
    """
    for item in items:
        item.title = plain_title(item.title)
        item.id = safe_id(item.id)
        if getattr(item, "typeset", None) is not None:
            item.typeset = None
        sanitize_toc(item.children)

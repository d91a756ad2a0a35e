"""The last line of defence: what in finished HTML could run script or load from elsewhere.

Every page has been cleaned (markdown/sanitize.py) before it gets here; this reads the whole
document, theme and template included, the way a browser does: an HTML5 parser (Lexbor,
through selectolax) builds the tree, attribute values are decoded as a browser decodes
them, addresses are read as a browser reads them (tabs and newlines dropped, `\\` taken
for `/`), and CSS as a browser reads it (escapes decoded, comments dropped).
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Iterable
from functools import cache
from pathlib import Path
from urllib.parse import urljoin, urlsplit

from selectolax.lexbor import LexborHTMLParser, LexborNode

from generator.markdown.sanitize import SAFE_SCHEMES, THEME_SCRIPTS

# Attributes that make the browser (or WeasyPrint) load something by themselves.
_LOADING = frozenset(
    {"src", "srcset", "poster", "background", "data", "ping", "lowsrc", "dynsrc", "imagesrcset"}
)
_URLS = _LOADING | {
    "href",
    "action",
    "formaction",
    "cite",
    "longdesc",
    "xlink:href",
    "manifest",
    "codebase",
    "archive",
    "icon",
}
_FORBIDDEN = frozenset(
    {"iframe", "frame", "frameset", "object", "embed", "applet", "base", "portal", "fencedframe"}
)
# SVG animation can set an attribute (href) to a value the markup never showed.
_ANIMATION = frozenset({"set", "animate", "animatetransform", "animatemotion", "animatecolor"})
# <link> relations that name another address without fetching anything from it.
_LINK_ONLY = frozenset({"canonical", "alternate", "prev", "next", "author", "license", "help"})
_SCRIPT_TYPES = frozenset({"", "text/javascript", "application/javascript", "module"})
_HTTP_EQUIV = frozenset({"refresh", "set-cookie", "content-security-policy", "link"})
_SCHEME = re.compile(r"([A-Za-z][A-Za-z0-9+.-]*):")
_CSS_ESCAPE = re.compile(r"\\(?:([0-9a-fA-F]{1,6})[ \t\n\r\f]?|(.))", re.S)
_CSS_COMMENT = re.compile(r"/\*.*?(?:\*/|$)", re.S)
_CSS_LOAD = re.compile(r"url\(|image-set\(|@import|expression\(|\bsrc\(", re.I)


def browser_url(value: str) -> str:
    """An address as a browser reads it: outer whitespace and controls trimmed, tabs and
    newlines inside removed, and (for http pages) backslashes read as slashes."""
    value = value.strip(
        "\x00\x01\x02\x03\x04\x05\x06\x07\x08\t\n\x0b\x0c\r\x0e\x0f"
        "\x10\x11\x12\x13\x14\x15\x16\x17\x18\x19\x1a\x1b\x1c\x1d\x1e\x1f "
    )
    return re.sub(r"[\t\n\r]", "", value).replace("\\", "/")


def scheme_of(value: str) -> str | None:
    match = _SCHEME.match(browser_url(value))
    return match.group(1).lower() if match else None


def is_remote(value: str) -> bool:
    """Whether loading `value` reaches another site (an absolute or scheme-relative URL)."""
    url = browser_url(value)
    return url.startswith("//") or scheme_of(url) is not None


def css_text(value: str) -> str:
    """CSS as the browser reads it: escapes decoded, comments removed."""

    def decode(match: re.Match[str]) -> str:
        if match.group(1):
            code = int(match.group(1), 16)
            return chr(code) if 0 < code <= 0x10FFFF else "\ufffd"
        return match.group(2)

    return _CSS_COMMENT.sub(" ", _CSS_ESCAPE.sub(decode, value))


def _srcset_urls(value: str) -> list[str]:
    return [part.strip().split(" ")[0] for part in value.split(",") if part.strip()]


def _element_problems(node: LexborNode, attrs: dict[str, str | None]) -> list[str]:
    tag = node.tag or ""
    shown = f"<{tag}>"
    values = {name.lower(): value or "" for name, value in attrs.items()}
    problems = []
    if tag in _FORBIDDEN:
        problems.append(f"{shown} element")
    if tag in _ANIMATION:
        target = values.get("attributename", "").strip().lower()
        changed = [values.get(k, "") for k in ("to", "from", "values", "by")]
        if target in ("href", "xlink:href", "src") or any(scheme_of(v) for v in changed):
            problems.append(f"{shown} that changes {target or 'an attribute'}")
    if tag == "meta" and values.get("http-equiv", "").strip().lower() in _HTTP_EQUIV:
        problems.append(f"<meta http-equiv={values['http-equiv'].strip().lower()}>")
    for name, value in values.items():
        if name.startswith("on"):
            problems.append(f"{shown} event handler {name}")
        elif name in _URLS:
            urls = _srcset_urls(value) if name.endswith("srcset") else [value]
            for url in urls:
                scheme = scheme_of(url)
                if scheme is not None and scheme not in SAFE_SCHEMES:
                    problems.append(f"{shown} {name} with a disallowed scheme")
        elif name == "style" and _CSS_LOAD.search(css_text(value)):
            problems.append(f"{shown} style that loads a resource")
    loads = [
        u
        for n in _LOADING
        if n in values
        for u in (_srcset_urls(values[n]) if n.endswith("srcset") else [values[n]])
    ]
    if tag == "link" and not set(values.get("rel", "").lower().split()) <= _LINK_ONLY:
        loads.append(values.get("href", ""))
    if tag == "script":
        loads.append(values.get("src", ""))
    for url in loads:
        if url and is_remote(url):
            problems.append(f"{shown} loads {url[:80]!r} from another site")
    return problems


def _script_problems(
    node: LexborNode,
    attrs: dict[str, str | None],
    inline_scripts: tuple[str, ...],
    scripts: frozenset[str] | None,
    page: str,
) -> list[str]:
    src = attrs.get("src")
    kind = (attrs.get("type") or "").strip().lower()
    if kind not in _SCRIPT_TYPES:
        return []  # data (application/json and the like): never run
    if src is None:
        body = (node.text(deep=True) or "").strip()
        if body and not body.startswith(inline_scripts):
            return [f"inline <script> not from the theme: {body[:60]!r}"]
        return []
    if scripts is None or is_remote(src):
        return []  # a remote one is reported by _element_problems
    # The page's address: the site's own path (from site_url) and the page's place in it.
    path = urlsplit(urljoin("https://site.invalid" + page, browser_url(src))).path
    if path not in scripts:
        return [
            f"<script src={src[:80]!r}> is not from the theme, the generator or "
            "briefing.yaml's scripts"
        ]
    return []


def _nodes(html: str) -> Iterable[LexborNode]:
    tree = LexborHTMLParser(html)
    stack = [tree.root] if tree.root is not None else []
    while stack:
        node = stack.pop()
        for child in node.traverse(include_text=False):
            yield child
            if child.tag == "template":
                # A template's content is a fragment of its own, which the tree does not
                # show: parse what is between its tags too.
                outer = child.html or ""
                inner = outer[outer.find(">") + 1 : outer.rfind("</template>")]
                fragment = LexborHTMLParser(inner).root if inner else None
                if fragment is not None:
                    stack.append(fragment)


def audit_document(
    html: str,
    inline_scripts: tuple[str, ...] = (),
    scripts: frozenset[str] | None = None,
    page: str = "",
) -> list[str]:
    """What in a finished document could run script or load from another site.

    Event handlers, script or data URLs, remote loads, meta refreshes, SVG animation of
    links, CSS that loads, and inline scripts other than those starting with one of
    `inline_scripts`. With `scripts`, the addresses (paths from the server's root) of
    the scripts a page may load, a local `<script src>` naming any other is reported too
    (`page` is the document's own path from the server's root, to resolve against).
    """
    problems: list[str] = []
    for node in _nodes(html):
        tag = node.tag
        if not tag or tag.startswith("-") or tag.startswith("_"):
            continue  # text, comments, the document itself
        attrs = node.attributes
        if attrs or tag in ("script", "style", "iframe", "object", "embed", "base", "frame"):
            problems += _element_problems(node, attrs)
        if tag == "script":
            problems += _script_problems(node, attrs, inline_scripts, scripts, page)
        elif tag == "style" and _CSS_LOAD.search(css_text(node.text(deep=True) or "")):
            problems.append("<style> that loads a resource")
    return problems


# --- the whole site -------------------------------------------------------------------------

# Each builder's search index, the key of its entries, and the script copies of it that
# pages opened from files load (`var __index = {...}`).
SEARCH_INDEXES = {"search/search_index.json": "docs", "search.json": "items"}
SEARCH_SCRIPTS = {"search/search_index.js": "docs", "search.js": "items"}
_INDEX_PREFIX = re.compile(r"^\s*var __index = ")


@cache
def known_scripts() -> frozenset[str]:
    """The sha256 of every script the themes, MkDocs and the generator ship."""
    from importlib.util import find_spec

    from generator.project.layout import PACKAGE_TEMPLATES

    folders = [PACKAGE_TEMPLATES]
    for package in ("material", "zensical", "mkdocs"):
        spec = find_spec(package)
        if spec is not None and spec.submodule_search_locations:
            folders += [Path(p) for p in spec.submodule_search_locations]
    return frozenset(
        hashlib.sha256(path.read_bytes()).hexdigest()
        for folder in folders
        for path in folder.rglob("*.js")
    )


def _index_entries(text: str, key: str) -> list[dict[str, object]]:
    text = _INDEX_PREFIX.sub("", text).rstrip().rstrip(";")
    entries = json.loads(text).get(key, [])
    return [e for e in entries if isinstance(e, dict)]


def audit_site(
    site: Path,
    skip: set[Path] | None = None,
    listed_scripts: Iterable[str] = (),
    base: str = "/",
) -> list[str]:
    """Every problem in every file of `site` a browser would run or render, as
    "path: problem": pages, SVG images, the search indexes (whose titles and snippets the
    theme shows as HTML), stylesheets that load from elsewhere, and scripts that are
    neither the themes' nor the generator's nor named in `listed_scripts`.

    `skip` holds files the generator wrote itself and checked already (its redirects);
    `base` is the path the site is published under (that of its `site_url`).
    """
    base = "/" + base.strip("/") + "/" if base.strip("/") else "/"
    skip = skip or set()
    listed = set(listed_scripts)
    problems: list[str] = []
    files = sorted(p for p in site.rglob("*") if p.is_file() and p not in skip)
    scripts: set[str] = set()
    for path in files:
        rel = path.relative_to(site).as_posix()
        if path.suffix == ".js" and rel not in SEARCH_SCRIPTS:
            digest = hashlib.sha256(path.read_bytes()).hexdigest()
            if digest in known_scripts() or rel in listed:
                scripts.add(base + rel)
            else:
                problems.append(
                    f"{rel}: a script that is not the theme's or the generator's; name it in "
                    "briefing.yaml's scripts if it is meant to be there"
                )
    for path in files:
        rel = path.relative_to(site).as_posix()
        suffix = path.suffix
        if suffix in (".html", ".htm", ".xhtml"):
            found = audit_document(
                path.read_text("utf-8", "replace"), THEME_SCRIPTS, frozenset(scripts), base + rel
            )
        elif suffix == ".svg":
            found = audit_document(path.read_text("utf-8", "replace"))
        elif rel in SEARCH_INDEXES or rel in SEARCH_SCRIPTS:
            key = SEARCH_INDEXES.get(rel) or SEARCH_SCRIPTS[rel]
            found = []
            for entry in _index_entries(path.read_text("utf-8", "replace"), key):
                for field in ("title", "text"):
                    found += audit_document(str(entry.get(field, "")))
        elif suffix == ".css":
            css = css_text(path.read_text("utf-8", "replace"))
            found = [
                f"stylesheet loads {m.group(1)[:80]!r} from another site"
                for m in _CSS_URL.finditer(css)
                if is_remote(m.group(1).strip("'\" "))
                and not m.group(1).strip("'\" ").startswith("data:")
            ]
            found += ["stylesheet imports another" for _ in _CSS_IMPORT.finditer(css)]
        else:
            continue
        problems += [f"{rel}: {problem}" for problem in found]
    return problems


_CSS_URL = re.compile(r"url\(\s*([^)]*)\)", re.I)
_CSS_IMPORT = re.compile(r"@import", re.I)

"""A Python-Markdown extension that makes content safe to publish, whatever the validator missed.

Validation rejects raw HTML and unsafe links with a clear message, but it reads Markdown
with regular expressions, and Markdown's grammar has many corners. This extension is
the guarantee behind it, applied where the HTML is produced:

- raw HTML is never passed through: it is shown as text;
- every `href` and `src` must be http(s), mailto, or a relative address;
- no element keeps an event-handler (`on...`), `style` or `srcdoc` attribute;
- no image loads from another site.

It is listed in mkdocs.yml and used by the PDF renderer too.
"""

from __future__ import annotations

import html
import re
from xml.etree.ElementTree import Element

from markdown import Extension, Markdown
from markdown.treeprocessors import Treeprocessor

_INVISIBLE = re.compile(r"[\x00-\x20\x7f-\x9f\u200b-\u200f\u2028\u2029\ufeff]")
_SCHEME = re.compile(r"^([A-Za-z][A-Za-z0-9+.-]*):")
SAFE_SCHEMES = frozenset({"http", "https", "mailto"})
_URL_ATTRIBUTES = ("href", "src", "action", "formaction", "poster", "xlink:href", "data")
_DROPPED_ATTRIBUTES = ("style", "srcdoc")


def is_safe_url(url: str) -> bool:
    """True for http(s) and mailto addresses and for relative ones, after decoding."""
    cleaned = _INVISIBLE.sub("", html.unescape(url))
    match = _SCHEME.match(cleaned)
    if match:
        return match.group(1).lower() in SAFE_SCHEMES
    return True


def is_remote(url: str) -> bool:
    cleaned = _INVISIBLE.sub("", html.unescape(url)).lower()
    return cleaned.startswith(("http:", "https:", "//"))


class _Sanitizer(Treeprocessor):
    def run(self, root: Element) -> None:
        for element in list(root.iter()):
            for name in list(element.attrib):
                lowered = name.lower()
                unsafe_url = lowered in _URL_ATTRIBUTES and not is_safe_url(element.attrib[name])
                if lowered.startswith("on") or lowered in _DROPPED_ATTRIBUTES or unsafe_url:
                    del element.attrib[name]
            if element.tag == "img" and is_remote(element.get("src", "")):
                element.attrib.pop("src", None)


class SafeContentExtension(Extension):
    """Escape raw HTML and strip unsafe URLs and attributes from the output."""

    def extendMarkdown(self, md: Markdown) -> None:  # noqa: N802 (Markdown's API)
        for name in ("html_block",):
            if name in md.preprocessors:
                md.preprocessors.deregister(name)
        if "html" in md.inlinePatterns:
            md.inlinePatterns.deregister("html")
        # After every other tree processor (attr_list adds attributes at priority 8).
        md.treeprocessors.register(_Sanitizer(md), "briefing_sanitizer", 0)


def makeExtension(**kwargs: object) -> SafeContentExtension:  # noqa: N802 (entry point)
    """Let mkdocs.yml name the extension as `generator.safe_markdown`."""
    return SafeContentExtension(**kwargs)

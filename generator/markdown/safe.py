"""The Python-Markdown extension the site and the PDF are built with.

It does three things inside Markdown, and, as the site's extension, cleans what Markdown
made with `sanitize.clean` (the page allowlist), for every builder alike.

- Raw HTML is never passed through: it is shown as text, as the contributor typed it.
- Images are replaced by their description. Content may not load images, and dropping
  them here (rather than their address only) leaves MkDocs no image without a source.
- Repeated references to one footnote are numbered in constant time (see below).
- A heading whose words have no ASCII slug (Ukrainian, Arabic) gets the id the
  sanitiser would give it (`sanitize.safe_id`) before the table of contents is made, so
  that the contents' links and the headings agree with every builder.

It is listed last under `markdown_extensions` in mkdocs.yml.
"""

from __future__ import annotations

from typing import Any
from xml.etree.ElementTree import Element

from markdown import Extension, Markdown
from markdown.postprocessors import Postprocessor
from markdown.treeprocessors import Treeprocessor


class _HeadingIds(Treeprocessor):
    """Ids for headings that Python-Markdown's slugify would leave empty or unsafe."""

    def run(self, root: Element) -> None:
        from markdown.extensions.toc import slugify

        from generator.markdown.sanitize import SAFE_ID, safe_id

        if "toc" not in self.md.treeprocessors:
            return  # no contents to agree with (checking content, or the PDF)

        for element in root.iter():
            if element.tag in _HEADINGS and "id" not in element.attrib:
                text = "".join(element.itertext()).strip()
                if text and not SAFE_ID.fullmatch(slugify(text, "-")):
                    element.set("id", safe_id(text))


_HEADINGS = {"h1", "h2", "h3", "h4", "h5", "h6"}


class _DropImages(Treeprocessor):
    def run(self, root: Element) -> None:
        for parent in list(root.iter()):
            for index, child in reversed(list(enumerate(parent))):
                if child.tag != "img":
                    continue
                text = (child.get("alt") or "") + (child.tail or "")
                parent.remove(child)
                if index:
                    previous = parent[index - 1]
                    previous.tail = (previous.tail or "") + text
                else:
                    parent.text = (parent.text or "") + text


def _linear_footnote_refs(md: Markdown) -> None:
    """Number repeated references to one footnote in constant time each.

    The footnotes extension finds the id for the n-th reference to a note by trying
    `fnref:x`, `fnref2:x`, ... `fnrefn:x` in turn, so a page citing one source 20,000
    times took minutes. Counting where the last search stopped gives the same ids.
    """
    from markdown.extensions.footnotes import FootnoteExtension

    for extension in md.registeredExtensions:
        if isinstance(extension, FootnoteExtension):
            _count_references(extension)


def _count_references(footnotes: Any) -> None:
    original_reset = footnotes.reset
    next_number: dict[str, int] = {}

    def unique_ref(reference: str, found: bool = False) -> str:
        if not found:
            return reference
        separator = footnotes.get_separator()
        prefix, rest = reference.split(separator, 1)
        number = next_number.get(reference, 1)
        candidate = reference if number == 1 else f"{prefix}{number}{separator}{rest}"
        while candidate in footnotes.used_refs:
            number += 1
            candidate = f"{prefix}{number}{separator}{rest}"
        next_number[reference] = number + 1
        footnotes.used_refs.add(candidate)
        footnotes.found_refs[reference] = footnotes.found_refs.get(reference, 0) + 1
        return candidate

    def reset() -> None:
        original_reset()
        next_number.clear()

    footnotes.unique_ref = unique_ref
    footnotes.reset = reset


class SafeContentExtension(Extension):
    """Show raw HTML as text, drop images, and keep footnote numbering linear.

    Validation turns both off to see what a contributor wrote (`escape_html=False`,
    `drop_images=False`). Even then, raw HTML is read by Python-Markdown's inline pattern
    only: its block reader uses Python's html.parser, which takes time growing with the
    square of the text on a run of unclosed tags, and every tag it would find, the
    inline pattern finds too.
    """

    def __init__(
        self, escape_html: bool = True, drop_images: bool = True, clean_output: bool = False
    ) -> None:
        super().__init__()
        self.escape_html = escape_html
        self.drop_images = drop_images
        self.clean_output = clean_output

    def extendMarkdown(self, md: Markdown) -> None:  # noqa: N802 (Markdown's API)
        _linear_footnote_refs(md)
        if "html_block" in md.preprocessors:
            md.preprocessors.deregister("html_block")
        if self.escape_html and "html" in md.inlinePatterns:
            md.inlinePatterns.deregister("html")
        # After the inline patterns (20) and attr_list (8), before the contents (toc, 5).
        md.treeprocessors.register(_HeadingIds(md), "briefing_heading_ids", 6)
        if self.drop_images:
            # After attr_list (8), before MkDocs rewrites image addresses (0).
            md.treeprocessors.register(_DropImages(md), "briefing_drop_images", 1)
        if self.clean_output:
            # Last of all: every builder that renders with this extension publishes HTML
            # that passed the page allowlist (MkDocs' plugin cleans once more, after the
            # other plugins; Zensical runs no plugin, so this is its cleaning).
            md.postprocessors.register(_CleanOutput(md), "briefing_clean", -100)


class _CleanOutput(Postprocessor):
    def run(self, text: str) -> str:
        from generator.markdown.sanitize import PAGE, clean

        return clean(text, PAGE)


def makeExtension(**kwargs: object) -> SafeContentExtension:  # noqa: N802 (entry point)
    """Let mkdocs.yml name the extension as `generator.markdown.safe`: the site's
    settings, with the output cleaned against the page allowlist."""
    return SafeContentExtension(clean_output=True)

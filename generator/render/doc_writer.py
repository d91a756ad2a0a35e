"""The writer the PDF's templates call: cross-references with page numbers, numbered
citations, and contributor Markdown as sanitised HTML."""

from __future__ import annotations

import re
from typing import Any

import markdown
from markupsafe import Markup

from generator.markdown.direction import direction
from generator.markdown.safe import SafeContentExtension
from generator.markdown.sanitize import CONTENT, clean
from generator.model.entries import Entry, LinkedBriefing, display_title, entry_path, in_sentence
from generator.model.i18n import _, active, format_date, format_number, format_range
from generator.model.schema import Source, Version
from generator.render.page_writer import account, source_title
from generator.render.text import splice
from generator.render.writer import Writer

_TOKEN = re.compile(r"BRIEFINGREF\d+Z")
_HEADING_TAG = re.compile(r"<(/?)h([1-6])(?=[\s>])")
_BLOCK = re.compile(r"<(p|li|h[1-6])>(.*?)</\1>", re.DOTALL)


class DocWriter(Writer):
    """Writes the HTML of the PDF: cross-references with page numbers, footnoted cites.

    The full edition numbers its citations by the bibliography (`numbers`) and links to
    the entities' sections. The brief has neither: it numbers sources as they are first
    cited (listed by `cited()` at its end) and links to the pages of the site at
    `site_url`, or not at all when the briefing has no address.
    """

    def __init__(
        self,
        linked: LinkedBriefing,
        numbers: dict[str, int] | None = None,
        site_url: str | None = None,
    ) -> None:
        self.linked = linked
        self.standalone = numbers is None
        self.numbers = {} if numbers is None else numbers
        self.site_url = site_url.rstrip("/") + "/" if site_url else None
        # The same safety net as the site: raw HTML is text, unsafe URLs are dropped.
        self._md = markdown.Markdown(
            extensions=["tables", "fenced_code", SafeContentExtension()], output_format="html"
        )
        self._held: dict[str, str] = {}
        # WeasyPrint follows dir attributes but not unicode-bidi: plaintext, so text whose
        # direction differs from the document's is marked as such (see isolate).
        self.direction = active().direction

    def title(self, entry_id: str) -> str:
        return display_title(self.linked.entries[entry_id], self.linked)

    def in_sentence(self, entry_id: str) -> str:
        """An entity's title as it reads mid-sentence."""
        return in_sentence(self.linked.entries[entry_id], self.linked)

    def link(self, entry_id: str, label: str | None = None) -> Markup:
        """A cross-reference to an entity's section, with its page number in print."""
        text = label if label is not None else self.title(entry_id)
        entry = self.linked.entries[entry_id]
        if self.standalone:
            if not self.site_url:
                return self.isolate(Markup("{}").format(text))
            page = entry_path(entry).removesuffix(".md") + ".html"
            link = Markup('<a class="web" href="{}">{}</a>').format(self.site_url + page, text)
            return self.isolate(link)
        link = Markup('<a class="xref xref-{}" href="#{}">{}</a>').format(
            entry.collection, entry_id, text
        )
        return self.isolate(link)

    def isolate(self, html: Markup) -> Markup:
        """`html` in a span of its own direction where that is not the document's, so
        that a date or a name keeps its order ("14 July 2015, Vienna." in Arabic)."""
        found = direction(html)
        if found is None or found == self.direction:
            return html
        return Markup('<span dir="{}">{}</span>').format(found, html)

    def links(self, ids: list[str]) -> Markup:
        return Markup(", ").join(self.link(i) for i in ids) if ids else Markup("—")

    def cite(self, source_id: str) -> Markup:
        """A numbered citation linking to the source's entry in the bibliography.

        Numbered references keep pages readable where a paragraph cites many sources;
        the bibliography entry gives the full reference, its address and its citers.
        """
        if source_id not in self.numbers:  # only the brief numbers as it goes
            self.numbers[source_id] = len(self.numbers) + 1
        # A word joiner ties the number to the word before it: it never starts a line.
        return Markup('\u2060<a class="cite" href="#{}">[{}]</a>').format(
            source_id, self.numbers[source_id]
        )

    def cited(self) -> list[Entry[Any]]:
        """The sources cited so far, in the order of their numbers."""
        return [self.linked.entries[s] for s in sorted(self.numbers, key=lambda s: self.numbers[s])]

    def version(self, version: Version) -> Markup:
        """One account of a disputed fact, without repeating what the value already says
        (as PageWriter.version)."""
        value, attribute, sources = account(version)
        html = self.inline(value)
        if attribute and version.according_to:
            html += Markup(" ") + Markup(_("(according to %(party)s)")) % {
                "party": self.link(version.according_to)
            }
        return html + Markup("").join(self.cite(s) for s in sources)

    def _hold(self, html: str) -> str:
        # Markdown shows raw HTML as text, so links and citations go in as plain tokens
        # and are swapped for their HTML after conversion.
        token = f"BRIEFINGREF{len(self._held)}Z"
        self._held[token] = html
        return token

    def _html(self, text: str, inline: bool) -> str:
        spliced = splice(
            text,
            lambda i, label: self._hold(str(self.link(i, label))),
            lambda s: self._hold(str(self.cite(s))),
            inline,
            phrase=lambda i: in_sentence(self.linked.entries[i], self.linked),
        )
        if inline:
            spliced = " ".join(spliced.split())  # as on the site: one line, no blocks
        self._md.reset()
        # Only what the contributor allowlist permits; the links go in afterwards.
        converted = clean(str(self._md.convert(spliced)), CONTENT)
        return _TOKEN.sub(lambda m: self._held.get(m.group(0), m.group(0)), converted)

    def inline(self, text: str | None) -> Markup:
        """Inline Markdown as HTML without the wrapping paragraph."""
        if not text:
            return Markup("")
        html = self._html(text, inline=True)
        if html.startswith("<p>") and html.endswith("</p>") and html.count("<p>") == 1:
            html = html[3:-4]
        return self.isolate(Markup(html))

    def body(self, entry: Entry[Any]) -> Markup:
        """An entity's Markdown body as HTML, its headings kept below section level."""
        html = self._html(entry.body, inline=False) if entry.body.strip() else ""
        html = _HEADING_TAG.sub(lambda m: f"<{m.group(1)}h{min(int(m.group(2)) + 2, 6)}", html)
        return Markup(_BLOCK.sub(self._directed, html))

    def _directed(self, block: re.Match[str]) -> str:
        # A paragraph, item or heading of the body in the other direction says so.
        found = direction(block.group(2))
        if found is None or found == self.direction:
            return block.group(0)
        return f'<{block.group(1)} dir="{found}">{block.group(2)}</{block.group(1)}>'

    def badge(self, value: str) -> Markup:
        """A vocabulary term as symbol and words, coloured by its tone."""
        term = self.linked.briefing.vocabularies.term(value)
        return Markup('<span class="badge badge-{} tone-{}">{}</span>').format(
            value, term.tone, f"{term.symbol} {_(term.label)}".strip()
        )

    def source_title(self, source: Source) -> str:
        """A source's title in quotation marks, or its description without them."""
        return source_title(source)

    def label(self, value: str) -> str:
        """A vocabulary term's label."""
        return _(self.linked.briefing.vocabularies.term(value).label)

    def date(self, day: Any) -> str:
        return format_date(day)

    def text(self, value: Any) -> Markup:
        return Markup("{}").format(value) if value is not None else Markup("")

    def external(self, url: str) -> Markup:
        return Markup('<a class="web" href="{}">{}</a>').format(url, url)

    def daterange(self, first: Any, last: Any) -> str:
        return format_range(first, last)

    def number(self, value: float) -> str:
        return format_number(value)

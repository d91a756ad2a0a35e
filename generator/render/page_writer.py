"""The per-page Markdown writer that templates call: links, citations and footnotes.

One `PageWriter` exists per generated page. It knows where the page sits, so it writes
relative links that work on any host and from `file://`; it numbers the page's
citations as footnotes; and it records which entities the page used, so that a later
run can tell which pages an edit affects.
"""

from __future__ import annotations

import datetime as dt
import posixpath
from functools import lru_cache
from typing import Any

from generator.content.link import cached_scan
from generator.model.entries import (
    Entry,
    LinkedBriefing,
    display_title,
    entry_path,
    in_sentence,
    title_sources,
)
from generator.model.i18n import (
    _,
    format_date,
    format_number,
    format_range,
    full_stop,
    ngettext,
)
from generator.model.limits import MAX_LISTED
from generator.model.schema import Settings, Source, Version
from generator.render.text import demote_headings, escape, splice
from generator.render.writer import Writer


@lru_cache(maxsize=4096)
def relative_url(folder: str, target: str) -> str:
    """The link from a page in `folder` to `target`, both relative to the site's root.

    The generated tree is at most one folder deep, so this needs no general path
    arithmetic (posixpath.relpath was a third of the time spent rendering).
    """
    if not folder:
        return target
    if target.startswith(folder + "/"):
        return target[len(folder) + 1 :]
    return "../" * (folder.count("/") + 1) + target


def source_title(source: Source) -> str:
    """A source's title as a reference prints it: a headline in quotation marks, a
    description of an untitled document without them."""
    if source.descriptive_title:
        return source.title
    # Quotation marks as the language sets them: “…”, «…», „…“.
    return _("\u201c%(title)s\u201d") % {"title": source.title}


def account(version: Version) -> tuple[str, bool, list[str]]:
    """What a disputed fact's version adds to its value: the value without its closing
    full stop, whether to name whose account it is, and the sources not yet cited in it.

    Contributors sometimes attribute or cite inside the value itself; what the value
    already says is not said again.
    """
    value = version.value.strip().rstrip(".").rstrip()
    refs = cached_scan(value, True).refs
    cited = {t for ref in refs if ref.kind == "cite" for t in ref.targets}
    attribute = version.according_to is not None and "according to" not in value.casefold()
    return value, attribute, [s for s in version.sources if s not in cited]


class PageWriter(Writer):
    """Writes the Markdown of one page: links relative to it, and its footnotes."""

    def __init__(
        self, linked: LinkedBriefing, path: str, shared: dict[tuple[str, str], str] | None = None
    ) -> None:
        self.linked = linked
        self.path = path
        self.folder = posixpath.dirname(path)
        self.depends: set[str] = set()
        self._notes: dict[str, int] = {}
        # Footnote texts depend only on the page's folder; one render of the site shares them.
        self._shared = shared if shared is not None else {}

    # Links -----------------------------------------------------------------
    def url(self, target: str) -> str:
        """A relative link from this page to the generated file `target`."""
        return relative_url(self.folder, target)

    def title(self, entry_id: str) -> str:
        """The display title of an entity, recording the dependency."""
        entry = self.linked.entries[entry_id]
        self.depends.add(entry_id)
        self.depends.update(title_sources(entry))
        return display_title(entry, self.linked)

    def in_sentence(self, entry_id: str) -> str:
        """An entity's title as it reads mid-sentence (its `title_in_sentence`)."""
        self.title(entry_id)  # records the dependencies
        return in_sentence(self.linked.entries[entry_id], self.linked)

    def link(self, entry_id: str, label: str | None = None) -> str:
        """A Markdown link to an entity's page; the label is plain text."""
        entry = self.linked.entries[entry_id]
        self.depends.add(entry_id)  # the address changes if the entity moves
        text = escape(label if label is not None else self.title(entry_id))
        return f"[{text}]({self.url(entry_path(entry))})"

    def links(self, ids: list[str], empty: str = "—") -> str:
        """Links to several entities, comma-separated."""
        return ", ".join(self.link(i) for i in ids) if ids else empty

    def more(self, total: int, collection: str) -> str:
        """What a list cut at MAX_LISTED leaves out, with a link to where it all is."""
        if total <= MAX_LISTED:
            return ""
        found = self.linked.registry.named(collection)
        title = _(found.title) if found else collection
        rest = total - MAX_LISTED
        where = f"[{escape(title)}]({self.url(f'{collection}/index.md')})"
        return ngettext(
            "and %(num)s more, listed under %(where)s",
            "and %(num)s more, listed under %(where)s",
            rest,
        ) % {"num": format_number(rest), "where": where}

    # Text ------------------------------------------------------------------
    def inline(self, text: str | None) -> str:
        """Contributor Markdown with its links and citations resolved, on one line."""
        if not text:
            return ""
        return " ".join(
            splice(
                text, self._wiki, self.cite, inline=True, between=",", phrase=self.in_sentence
            ).split()
        )

    def body(self, entry: Entry[Any]) -> str:
        """An entity's Markdown body, resolved, with headings below the page title."""
        # The very text the linker scanned, so that its scan is reused from the cache.
        return demote_headings(
            splice(entry.body, self._wiki, self.cite, between=",", phrase=self.in_sentence).strip()
        )

    def _wiki(self, entry_id: str, label: str | None) -> str:
        return self.link(entry_id, label)

    def cite(self, source_id: str) -> str:
        """A footnote reference to a source, numbered in order of first citation."""
        self._notes.setdefault(source_id, len(self._notes) + 1)
        return f"[^{source_id}]"

    def cite_all(self, source_ids: list[str]) -> str:
        """Footnote references to several sources."""
        return ",".join(self.cite(s) for s in source_ids)

    def version(self, version: Version) -> str:
        """One account of a disputed fact: what it says, whose account it is, its sources."""
        value, attribute, sources = account(version)
        text = self.inline(value)
        if attribute and version.according_to:
            text += " " + _("(according to %(party)s)") % {"party": self.link(version.according_to)}
        return text + self.cite_all(sources)

    def footnotes(self) -> str:
        """The footnote definitions for every source this page cited."""
        lines = []
        for source_id in self._notes:
            lines.append(f"[^{source_id}]: {self.reference(source_id)}")
        return "\n".join(lines)

    def reference(self, source_id: str, full: bool = False) -> str:
        """A one-line bibliographic reference: issuer, title (linking to the source's
        page), the outlet that carried it, and its date.

        `full` is the source page's own reference: the title is not a link to itself.
        """
        self.depends.add(source_id)
        key = (self.folder if not full else "\0full", source_id)
        if key not in self._shared:
            source = self.linked.entries[source_id].model
            shown = source_title(source)
            title = escape(shown) if full else self.link(source_id, shown)
            parts = [escape(source.outlet), title]
            if source.quoted_by:
                parts.append(_("as quoted by %(outlet)s") % {"outlet": escape(source.quoted_by)})
            if source.published:
                parts.append(format_date(source.published))
            self._shared[key] = full_stop(_(", ").join(parts))
        return self._shared[key]

    # Presentation helpers ----------------------------------------------------
    def badge(self, value: str, target: str | None = None) -> str:
        """A vocabulary term as symbol and words, coloured by its tone, optionally linked.

        The words always say what the colour says, so the meaning never rests on colour.
        """
        term = self.linked.briefing.vocabularies.term(value)
        text = escape(f"{term.symbol} {_(term.label)}".strip())
        classes = f"{{ .badge .badge-{value} .tone-{term.tone} }}"
        if target:
            self.depends.add(target)
            href = self.url(entry_path(self.linked.entries[target]))
            return f"[{text}]({href}){classes}"
        return f"**{text}**{classes}"

    def matrix_cell(self, position: Entry[Any] | None) -> str:
        """A cell of the position matrix: the stance, linked to the position, and a few
        words on it; an empty cell says so in words."""
        if position is None:
            return "*" + escape(_("Not recorded")) + "*"
        badge = self.badge(position.model.stance, position.id)
        short = position.model.short
        return f"{badge} {escape(short)}" if short else badge

    def date_line(self, settings: Settings) -> str:
        """When the briefing's information dates from, and when it was published."""
        parts = [f"**{_('Information as of')}** {format_date(settings.as_of)}"]
        if settings.published:
            parts.append(f"**{_('Published')}** {format_date(settings.published)}")
        if settings.edition:
            parts.append(f"**{_('Edition')}** {escape(settings.edition)}")
        return " · ".join(parts) + "\n{: .dateline }"

    def label(self, value: str) -> str:
        """A vocabulary term's label, as plain text."""
        return escape(_(self.linked.briefing.vocabularies.term(value).label))

    def external(self, url: str) -> str:
        # Validated as http(s) without spaces; an autolink cannot hold < or >.
        return "<" + url.replace("<", "%3C").replace(">", "%3E") + ">"

    def date(self, day: dt.date | None) -> str:
        """A formatted date."""
        return format_date(day)

    def daterange(self, first: dt.date, last: dt.date | None) -> str:
        """A day or an inclusive range of days."""
        return format_range(first, last)

    def number(self, value: float) -> str:
        """A number as the language writes it."""
        return format_number(value)

    def text(self, value: Any) -> str:
        """Escaped plain text."""
        return escape(value) if value is not None else ""

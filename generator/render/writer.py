"""What every page template asks of its writer, for the site and the PDF alike.

`PageWriter` (page_writer.py) writes Markdown for the site, `DocWriter` (doc_writer.py)
HTML for the PDF. Templates call the same methods on either, so a collection's fields
are shown the same way in both (`column`, which the index tables, the generic entity
page and the PDF's generic section use).
"""

from __future__ import annotations

import datetime as dt
from abc import ABC, abstractmethod
from typing import Any

from generator.model.entries import Entry
from generator.model.i18n import format_number
from generator.model.registry import Column


class Writer(ABC):
    """The methods templates call to write titles, links, citations and values."""

    @abstractmethod
    def title(self, entry_id: str) -> str:
        """An entity's display title, as plain text."""

    @abstractmethod
    def in_sentence(self, entry_id: str) -> str:
        """An entity's title as it reads mid-sentence."""

    @abstractmethod
    def link(self, entry_id: str, label: str | None = None) -> str:
        """A link to an entity, by its title (or `label`)."""

    @abstractmethod
    def links(self, ids: list[str]) -> str:
        """Links to several entities, or a dash for none."""

    @abstractmethod
    def inline(self, text: str | None) -> str:
        """Contributor inline Markdown, with its links and citations."""

    @abstractmethod
    def body(self, entry: Entry[Any]) -> str:
        """An entity's Markdown body."""

    @abstractmethod
    def badge(self, value: str) -> str:
        """A vocabulary term as symbol and words, coloured by its tone."""

    @abstractmethod
    def label(self, value: str) -> str:
        """A vocabulary term's label."""

    @abstractmethod
    def date(self, day: dt.date | None) -> str:
        """A formatted date."""

    @abstractmethod
    def daterange(self, first: dt.date, last: dt.date | None) -> str:
        """A day or an inclusive range of days."""

    @abstractmethod
    def text(self, value: Any) -> str:
        """Plain text, escaped for the output."""

    @abstractmethod
    def external(self, url: str) -> str:
        """A link to a (validated, http or https) address outside the briefing."""

    def column(self, entry: Entry[Any], column: Column) -> str:
        """One value of an entity, as `column.show` says (see registry.Column)."""
        value = getattr(entry.model, column.field) if column.field else None
        show = column.show
        if show == "link":
            return self.link(entry.id)
        if value is None or value == []:
            return "—"
        if show == "badge":
            return self.badge(value)
        if show == "term":
            return self.label(value)
        if show == "date":
            return self.date(value)
        if show == "daterange":
            return self.daterange(value, getattr(entry.model, "end_date", None))
        if show == "ref":
            return self.link(value)
        if show == "refs":
            return self.links(value)
        if show == "inline":
            return self.inline(value)
        if show == "number":
            return self.text(format_number(value))
        if show == "url":
            return self.external(value)
        return self.text(value)

"""The words the generator writes itself, in the briefing's language.

Every label, heading, badge and sentence a template or the code writes is a message:
an English text looked up in the language's catalog (gettext, as Babel reads it; see
project/messages.py), falling back to the English when the catalog has no translation.
Dates and numbers are written with Babel's locale data.

One language is active at a time, for the pages or the PDF being rendered (`speaking`).
It is a context variable rather than an argument because the words are needed in
every layer, from the registry's titles to the templates; each render sets it, and a
render that sets nothing writes English.
"""

from __future__ import annotations

import datetime as dt
import gettext as _gettext
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from functools import lru_cache

from babel import Locale, UnknownLocaleError
from babel.dates import format_date as _babel_date
from babel.numbers import format_decimal


def N_(message: str) -> str:
    """Mark `message` for the catalog without translating it (it is translated where
    it is shown: registry titles, column headers, vocabulary labels)."""
    return message


RTL_LANGUAGES = frozenset(
    {"ar", "arc", "ckb", "dv", "fa", "he", "ks", "ps", "sd", "ug", "ur", "yi"}
)
"""Languages written right to left (the script's direction, by primary subtag)."""


@lru_cache(maxsize=64)
def locale_of(tag: str) -> Locale:
    """Babel's locale for a BCP 47 tag, or its language alone, or English."""
    for candidate in (tag.replace("-", "_"), tag.split("-")[0]):
        try:
            return Locale.parse(candidate)
        except (ValueError, UnknownLocaleError):
            continue
    return Locale.parse("en")


@dataclass(frozen=True, eq=False)
class Messages:
    """One language's messages and locale data."""

    language: str = "en"
    translations: _gettext.NullTranslations = field(default_factory=_gettext.NullTranslations)

    @property
    def primary(self) -> str:
        return self.language.split("-")[0].lower()

    @property
    def direction(self) -> str:
        """ "rtl" for a language written right to left, else "ltr"."""
        return "rtl" if self.primary in RTL_LANGUAGES else "ltr"

    @property
    def locale(self) -> Locale:
        return locale_of(self.language)

    def gettext(self, message: str) -> str:
        return self.translations.gettext(message)

    def ngettext(self, singular: str, plural: str, count: int) -> str:
        return self.translations.ngettext(singular, plural, count)

    def pgettext(self, context: str, message: str) -> str:
        return self.translations.pgettext(context, message)

    def date(self, day: dt.date | None) -> str:
        """A day as the language writes it in full: 18 March 2025, 18 березня 2025 р.

        In a right-to-left language the date is an isolate of its own (FSI … PDI), so
        that "15 ژانویه 2025" keeps its order inside a left-to-right reference.
        """
        if day is None:
            return ""
        if self.direction == "rtl":
            return "\u2068" + _date(day, self.language) + "\u2069"
        return _date(day, self.language)

    def month(self, day: dt.date) -> str:
        """A month and year, as a heading: March 2025, березень 2025."""
        return _month(day, self.language)

    def number(self, value: float) -> str:
        """A number with the language's grouping: 1,000; 1 000; 1.000."""
        return _number(value, self.language)


@lru_cache(maxsize=8192)
def _date(day: dt.date, language: str) -> str:
    if language.split("-")[0].lower() == "en":
        # English briefings write the day first, as British and international usage does.
        return f"{day.day} {day:%B %Y}"
    return _babel_date(day, "long", locale=locale_of(language))


@lru_cache(maxsize=1024)
def _month(day: dt.date, language: str) -> str:
    if language.split("-")[0].lower() == "en":
        return f"{day:%B %Y}"
    # The standalone month name (nominative), as a heading needs: "березень 2025".
    return _babel_date(day, "LLLL y", locale=locale_of(language)).capitalize()


@lru_cache(maxsize=1024)
def _number(value: float, language: str) -> str:
    return format_decimal(value, locale=locale_of(language))


def full_stop(text: str) -> str:
    """`text` ending a sentence: a full stop added unless it ends with one already, as a
    Ukrainian date does ("18 березня 2025 р.") or a title with a question mark."""
    return text if text.rstrip().endswith((".", "!", "?", "…")) else text + "."


ENGLISH = Messages()

_ACTIVE: ContextVar[Messages] = ContextVar("briefing_messages", default=ENGLISH)


def active() -> Messages:
    """The language being written now."""
    return _ACTIVE.get()


@contextmanager
def speaking(messages: Messages) -> Iterator[Messages]:
    """Write in `messages`' language for the duration of the block."""
    token = _ACTIVE.set(messages)
    try:
        yield messages
    finally:
        _ACTIVE.reset(token)


def _(message: str) -> str:
    """`message` in the active language."""
    return _ACTIVE.get().gettext(message)


def pgettext(context: str, message: str) -> str:
    """`message`, in the sense `context` gives it, in the active language."""
    return _ACTIVE.get().pgettext(context, message)


def ngettext(singular: str, plural: str, count: int) -> str:
    """The singular or plural form (as many as the language has) for `count`."""
    return _ACTIVE.get().ngettext(singular, plural, count)


def format_date(day: dt.date | None) -> str:
    """A day in the active language."""
    return _ACTIVE.get().date(day)


def format_range(first: dt.date, last: dt.date | None) -> str:
    """A day, or an inclusive range of days."""
    if last is None or last == first:
        return format_date(first)
    return f"{format_date(first)} – {format_date(last)}"


def format_number(value: float) -> str:
    """A number in the active language."""
    return _ACTIVE.get().number(value)

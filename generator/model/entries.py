"""The domain model: the values the pipeline's stages hand on, and the queries on them.

`load` gives `RawRecord`s, `check` the typed `Briefing` of `Entry`s, `link` the
`LinkedBriefing`, in which every reference is resolved and indexed both ways. Pages,
the PDF and `briefing diff` ask their questions of the linked model here: an entity's
display title, its page, who points at it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Generic, NamedTuple, TypeVar

from pydantic import BaseModel

from generator.model.i18n import _
from generator.model.registry import Registry
from generator.model.schema import Settings
from generator.model.vocabulary import Vocabularies
from generator.model.yamlpos import Loc, Pos

M = TypeVar("M", bound=BaseModel)


@dataclass
class RawRecord:
    """One content file: its front matter with 1-based file positions, and its body."""

    collection: str
    id: str
    path: str
    data: dict[str, Any]
    positions: dict[Loc, Pos]
    key_positions: dict[Loc, Pos]
    body: str = ""
    body_line: int = 1

    def pos(self, loc: Loc) -> Pos:
        """The position of the value at `loc`, or of its nearest enclosing value."""
        while loc not in self.positions and loc:
            loc = loc[:-1]
        return self.positions.get(loc, (1, 1))

    def key_pos(self, loc: Loc) -> Pos:
        """The position of the key naming `loc`, falling back to the value's."""
        return self.key_positions.get(loc) or self.pos(loc)


@dataclass
class Entry(Generic[M]):
    """One validated entity, typed by its model, and the file it came from."""

    id: str
    collection: str
    model: M
    record: RawRecord
    title_from: tuple[str, ...] = ()
    """The reference fields a title is derived from when it has none (registry)."""

    @property
    def path(self) -> str:
        return self.record.path

    @property
    def body(self) -> str:
        return self.record.body


@dataclass
class Briefing:
    """The validated content: settings and entries, in collection then id order."""

    root: Path
    registry: Registry
    settings: Settings | None
    vocabularies: Vocabularies
    settings_record: RawRecord | None = None
    entries: dict[str, Entry[Any]] = field(default_factory=dict)
    # Every id read from disk, valid or not, so that references to a file with a schema
    # error are not reported a second time as dangling.
    known: dict[str, tuple[str, str]] = field(default_factory=dict)
    # Records whose front matter failed; their bodies are still checked.
    rejected: list[RawRecord] = field(default_factory=list)
    # For each rejected record, by path, the fields that did validate (the others None),
    # so that their references, sources and dates are checked in the same run.
    partials: dict[str, Any] = field(default_factory=dict)

    def collection(self, name: str) -> list[Entry[Any]]:
        """The entries of one collection, in id order."""
        return [e for e in self.entries.values() if e.collection == name]

    def of(self, model: type[M]) -> list[Entry[M]]:
        """The entries of the collection whose model is `model`, typed, in id order."""
        return self.collection(self.registry.of_model(model).name)


class Link(NamedTuple):
    """One resolved reference from entry `source` to entry `target`.

    A named tuple, so that sorting thousands of them compares in C.
    """

    source: str
    target: str
    field: str
    kind: str  # "ref" (front matter), "link" ([[id]]) or "cite" ([@id])


SETTINGS_KEY = "briefing.yaml"
"""Stands for the settings file where an entity id would: it can never be a valid id."""


@dataclass
class LinkedBriefing:
    """The briefing with every reference resolved and indexed both ways."""

    briefing: Briefing
    links: list[Link] = field(default_factory=list)
    aliases: dict[str, str] = field(default_factory=dict)
    referenced_by: dict[str, list[str]] = field(default_factory=dict)
    cited_by: dict[str, list[str]] = field(default_factory=dict)
    _by_field: dict[tuple[str, str], list[str]] = field(default_factory=dict)
    titles: dict[str, str] = field(default_factory=dict)
    """Display titles, filled in as they are asked for."""
    _proper_words: frozenset[str] | None = None

    @property
    def entries(self) -> dict[str, Entry[Any]]:
        return self.briefing.entries

    @property
    def registry(self) -> Registry:
        return self.briefing.registry

    @property
    def settings(self) -> Settings | None:
        return self.briefing.settings

    def collection(self, name: str) -> list[Entry[Any]]:
        return self.briefing.collection(name)

    def proper_words(self) -> frozenset[str]:
        """Capitalised words the briefing uses as names: of actors (and their other
        names), places and glossary terms. A title starting with one keeps its capital
        inside a sentence."""
        if self._proper_words is None:
            texts: list[str] = []
            for entry in self.entries.values():
                fields = getattr(entry.model, "__dict__", {})
                for key in ("name", "place"):
                    if isinstance(fields.get(key), str):
                        texts.append(fields[key])
                texts += [a for a in fields.get("also_known_as") or [] if isinstance(a, str)]
            if self.settings is not None:
                texts += [g.term for g in self.settings.glossary]
                texts += [s.used for s in self.settings.spellings]
            self._proper_words = frozenset(
                word.strip(",.;:()\"'") for text in texts for word in text.split()
            )
        return self._proper_words

    def of(self, model: type[M]) -> list[Entry[M]]:
        return self.briefing.of(model)

    def pointing_at(self, target: str, collection: str, field_name: str) -> list[Entry[Any]]:
        """Entries of `collection` whose front-matter `field_name` names `target`."""
        ids = self._by_field.get((target, field_name), [])
        return [self.entries[i] for i in ids if self.entries[i].collection == collection]

    def title(self, entry_id: str) -> str:
        """The display title of the entity `entry_id`."""
        return display_title(self.entries[entry_id], self)


def entry_path(entry: Entry[Any]) -> str:
    """Where an entity's page lives in the generated tree."""
    return f"{entry.collection}/{entry.id}.md"


def display_title(entry: Entry[Any], linked: LinkedBriefing) -> str:
    """The name a page or link shows for an entity (computed once per linked model)."""
    cached = linked.titles.get(entry.id)
    if cached is None:
        cached = linked.titles[entry.id] = _display_title(entry, linked)
    return cached


def in_sentence(entry: Entry[Any], linked: LinkedBriefing) -> str:
    """The title as it reads inside a sentence: "a full 30-day ceasefire", not "A full…".

    Its `title_in_sentence` if it has one. Otherwise a title that is a common noun
    phrase ("Snapback of UN sanctions") loses its capital; a name (of an actor or a
    source, a derived "X on Y", or a title whose first word is a name the briefing
    uses, such as a place or a glossary term) keeps it.
    """
    phrase = getattr(entry.model, "title_in_sentence", None)
    if isinstance(phrase, str):
        return phrase
    title = display_title(entry, linked)
    english = linked.settings is None or linked.settings.language.split("-")[0] == "en"
    # Casing rules differ by language (German capitalises every noun): elsewhere, the
    # title as written, unless `title_in_sentence` says otherwise.
    names = entry.collection in linked.registry and linked.registry[entry.collection].names
    if not english or names or title_sources(entry):
        return title
    first, _, rest = title.partition(" ")
    if first in ("The", "A", "An") and rest:  # "The Riverbend accord" -> "the Riverbend accord"
        return first.lower() + " " + rest
    letters = first.replace("-", "")
    if (
        len(letters) > 1
        and letters[0].isupper()
        and letters[1:].islower()
        and first not in linked.proper_words()
        and not (rest[:1].isupper() and not rest.split(" ")[0].isupper())  # "Black Sea"
    ):
        return first[0].lower() + first[1:] + (" " + rest if rest else "")
    return title


def title_sources(entry: Entry[Any]) -> tuple[str, ...]:
    """The other entities a derived title ("State A on groundwater") is made from: those
    its collection's `title_from` fields name, when the entry has no title of its own."""
    if not entry.title_from:
        return ()
    # Asked for every link a page prints: the fields are read from the model's __dict__,
    # as getattr on a pydantic model raises (slowly) for a field its class lacks.
    fields = getattr(entry.model, "__dict__", {})
    if fields.get("title") is not None:
        return ()
    parts = [fields.get(name) for name in entry.title_from]
    ids = tuple(p for p in parts if isinstance(p, str))
    return ids if len(ids) == len(parts) else ()


def _display_title(entry: Entry[Any], linked: LinkedBriefing) -> str:
    model = entry.model
    name = getattr(model, "name", None)
    if isinstance(name, str):
        return name
    title = getattr(model, "title", None)
    if isinstance(title, str):
        return title
    parts = title_sources(entry)
    if parts:
        who, about = (linked.entries.get(i) for i in parts)
        name = display_title(who, linked) if who else parts[0]
        subject = in_sentence(about, linked) if about else parts[1]
        return _("%(party)s on %(subject)s") % {"party": name, "subject": subject}
    return entry.id

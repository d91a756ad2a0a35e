"""The registry of collections: everything the generator knows about each, in one place.

A collection is a folder of `content/` holding one kind of entity. Its entry here names
its model, how its pages are titled and found, the columns of its index, where it sits
in the site's navigation and in the PDF; the loader, the checks, the page writer, the
navigation, the PDF and `briefing new` all read it from here. The built-in collections
are declared in defaults.py; a project declares its own in briefing.yaml (declared.py).

The site's other pages (home, position matrix, timeline, glossary, tags) are listed
here too, so that the navigation is derived in one place.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field, replace
from functools import cached_property
from typing import Any

from pydantic import BaseModel

from generator.model.walk import ref_targets


@dataclass(frozen=True)
class Column:
    """One column of a collection's index table.

    `show` says how the entry's `field` is written: "link" (the entry itself, by title),
    "badge" (a vocabulary term), "date", "daterange" (`field` and `end_date`), "text",
    "term" (a vocabulary term's label), "ref" (a link to the entity the field names),
    "refs" (links to several), "inline" (a text with its links and citations),
    "number" or "url".
    """

    header: str
    show: str
    field: str | None = None


@dataclass(frozen=True)
class Shown:
    """A relationship: the entries of this collection that name an entity in `field` are
    shown on that entity's page ("participants of an event are actors, shown on the
    actor's page as Events").

    The page template receives them under `key` (ordered by `order`: "title" or a date
    field); with no `key`, they are in the page's `relations`, which every page
    template lists under `title`. With `current_per`, only the latest entry for each value
    of that field is in `key`, and the earlier ones are in `<key>_earlier` (a party's
    current position on an issue, and the ones it held before).
    """

    field: str
    title: str
    key: str = ""
    order: str = "title"
    current_per: str = ""


@dataclass(frozen=True)
class Collection:
    """One collection, as the generator knows it."""

    name: str
    """The folder under `content/`, and the section of the site: plural, e.g. "actors"."""
    singular: str
    """What one entity is called in messages and in `briefing new`: "actor"."""
    title: str
    """The heading of the collection's index page and its navigation entry."""
    model: type[BaseModel]
    """The pydantic model every file of the collection must match."""
    columns: tuple[Column, ...] = ()
    """The columns of the index table (the first is usually the entity's link)."""
    sort: str = "title"
    """How the index is ordered: "title", "outlet" (then date and title), or the name of a
    date field."""
    group_by: str = ""
    """A vocabulary field the index and the PDF section are grouped by, in the
    vocabulary's order (the bibliography by kind of source), or "" for one list."""
    search_boost: float = 1
    """How far up search results the entities' pages rank."""
    nav: int | None = None
    """The place of the index in the navigation (smaller first), or None to leave it out."""
    nav_section: str = ""
    """The navigation section the index sits in, if not at the top level."""
    pdf: int | None = None
    """The place of the collection's section in the PDF, or None to leave it out."""
    page_template: str = ""
    """The template of an entity's page (default: `<singular>.md.j2`)."""
    index_template: str = "collection.md.j2"
    """The template of the index page."""
    pdf_template: str = "pdf/collection.html.j2"
    """The template of the PDF section."""
    pdf_sort: str = ""
    """How the PDF section is ordered, if not as the index ("title" or a date field)."""
    pdf_title: str = ""
    """The PDF section's heading, if not the collection's title."""
    pdf_contents: bool = False
    """Whether the PDF's contents list each entity of the section."""
    shown_on: tuple[Shown, ...] = ()
    """Where its entries are shown on the pages of the entities they refer to."""
    alongside: str = ""
    """A reference field whose other entries an entry's page lists (the other parties'
    positions on the same subject), or ""."""
    cited: bool = False
    """Whether `[@id]` citations point at it (the sources): its entries must be cited,
    its index is the bibliography, and the PDF numbers them."""
    names: bool = False
    """Whether its titles are names, which keep their capital inside a sentence."""
    title_from: tuple[str, ...] = ()
    """Two reference fields whose entities make the title of an entry without one:
    ("actor", "subject") gives "State A on groundwater"."""
    tracked: str = ""
    """A vocabulary field whose changes `briefing diff` lists ("Stance changes")."""
    checks: tuple[Callable[..., list[Any]], ...] = ()
    """Rules spanning its entries, each `(linked, collection) -> diagnostics`."""
    facts: tuple[Column, ...] = ()
    """The rows of the facts table on an entry's page, for the generic page template
    (declared collections; the built-in templates lay out their own)."""
    declared: bool = False
    """Whether the project declared it in briefing.yaml (`collections:`)."""

    @property
    def template(self) -> str:
        if self.page_template:
            return self.page_template
        return "entity.md.j2" if self.declared else f"{self.singular}.md.j2"


@dataclass(frozen=True)
class SitePage:
    """A page of the site that is not an entity or a collection index."""

    path: str
    title: str
    nav: int | None = None
    pdf: int | None = None
    pdf_template: str = ""
    pdf_title: str = ""
    nav_section: str = ""


@dataclass(frozen=True)
class NavItem:
    """One entry of the site's navigation: a page, or a section of entries."""

    title: str
    path: str = ""
    children: tuple[NavItem, ...] = ()


@dataclass(frozen=True)
class PdfPart:
    """One part of the PDF, in order: a collection's section or a special page's."""

    id: str
    title: str
    template: str
    collection: Collection | None = None
    listed: bool = False


@dataclass(frozen=True)
class Registry:
    """The collections and pages of a briefing, in their declared order."""

    collections: tuple[Collection, ...]
    pages: tuple[SitePage, ...] = field(default=())

    def __iter__(self) -> Iterator[Collection]:
        return iter(self.collections)

    @cached_property
    def _by_name(self) -> dict[str, Collection]:
        # Asked for every reference and text the linker reads: a dict, not a scan.
        return {c.name: c for c in self.collections}

    def __contains__(self, name: object) -> bool:
        return name in self._by_name

    def __getitem__(self, name: str) -> Collection:
        return self._by_name[name]

    @property
    def names(self) -> tuple[str, ...]:
        return tuple(c.name for c in self.collections)

    def named(self, name: str) -> Collection | None:
        """The collection called `name` in the plural or the singular, if any."""
        for collection in self.collections:
            if name in (collection.name, collection.singular):
                return collection
        return None

    def of_model(self, model: type[BaseModel]) -> Collection:
        for collection in self.collections:
            if collection.model is model:
                return collection
        raise KeyError(model.__name__)

    def nav(self) -> list[NavItem]:
        """The navigation: special pages and collection indexes, by their `nav` place,
        those of a section gathered under it (at the place of its first)."""
        entries = [
            (p.nav, p.nav_section, NavItem(p.title, p.path))
            for p in self.pages
            if p.nav is not None
        ]
        entries += [
            (c.nav, c.nav_section, NavItem(c.title, f"{c.name}/index.md"))
            for c in self.collections
            if c.nav is not None
        ]
        entries.sort(key=lambda e: e[0] or 0)
        top: list[NavItem] = []
        sections: dict[str, list[NavItem]] = {}
        for _, section, item in entries:
            if not section:
                top.append(item)
            elif section in sections:
                sections[section].append(item)
            else:
                sections[section] = [item]
                top.append(NavItem(section))
        return [
            NavItem(i.title, children=tuple(sections[i.title])) if not i.path else i for i in top
        ]

    def pdf_parts(self) -> list[PdfPart]:
        """The PDF's parts, by their `pdf` place."""
        parts = [
            (p.pdf, PdfPart(_part_id(p.path), p.pdf_title or p.title, p.pdf_template))
            for p in self.pages
            if p.pdf is not None
        ]
        parts += [
            (c.pdf, PdfPart(c.name, c.pdf_title or c.title, c.pdf_template, c, c.pdf_contents))
            for c in self.collections
            if c.pdf is not None
        ]
        return [part for _, part in sorted(parts, key=lambda pair: pair[0] or 0)]

    @property
    def cited(self) -> tuple[str, ...]:
        """The collections `[@id]` citations point at."""
        return tuple(c.name for c in self.collections if c.cited)

    def shown_on(self, target: str) -> list[tuple[Collection, Shown]]:
        """The relationships whose entries are shown on the pages of `target`'s entities:
        those whose field may refer to that collection."""
        return self._shown_on.get(target, [])

    @cached_property
    def _shown_on(self) -> dict[str, list[tuple[Collection, Shown]]]:
        # Asked for every entity page: worked out once per registry.
        found: dict[str, list[tuple[Collection, Shown]]] = {}
        for collection in self.collections:
            for shown in collection.shown_on:
                for target in ref_targets(collection.model, shown.field):
                    found.setdefault(target, []).append((collection, shown))
        return found

    def with_collection(self, collection: Collection) -> Registry:
        """This registry with one more collection (a briefing's own, or a test's)."""
        return replace(self, collections=(*self.collections, collection))


def _part_id(path: str) -> str:
    return "bottom-line" if path == "index.md" else path.removesuffix(".md")

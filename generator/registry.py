"""The registry of collections: everything the generator knows about each, in one place.

A collection is a folder of `content/` holding one kind of entity. Its entry here names
its model, how its pages are titled and found, the columns of its index, where it sits
in the site's navigation and in the PDF; the loader, the checks, the page writer, the
navigation, the PDF and `briefing new` all read it from here. Adding a collection is a
model (schema.py), an entry in `DEFAULT_REGISTRY` and a page template.

The site's other pages (home, position matrix, timeline, glossary, tags) are listed
here too, so that the navigation is derived in one place.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field, replace

from pydantic import BaseModel

from .schema import Actor, Agreement, Assessment, Event, Issue, Position, Source


@dataclass(frozen=True)
class Column:
    """One column of a collection's index table.

    `show` says how the entry's `field` is written: "link" (the entry itself, by title),
    "badge" (a vocabulary term), "date", "daterange" (`field` and `end_date`), "text",
    "term" (a vocabulary term's label), "ref" (a link to the entity the field names),
    "refs" (links to several) or "inline" (a text with its links and citations).
    """

    header: str
    show: str
    field: str | None = None


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
    """How the index is ordered: "title", or the name of a date field."""
    search_boost: float = 1
    """How far up search results the entities' pages rank."""
    nav: int | None = None
    """The place of the index in the navigation (smaller first), or None to leave it out."""
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

    @property
    def template(self) -> str:
        return self.page_template or f"{self.singular}.md.j2"


@dataclass(frozen=True)
class SitePage:
    """A page of the site that is not an entity or a collection index."""

    path: str
    title: str
    nav: int | None = None
    pdf: int | None = None
    pdf_template: str = ""
    pdf_title: str = ""


@dataclass(frozen=True)
class NavItem:
    """One entry of the site's navigation."""

    title: str
    path: str


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

    def __contains__(self, name: object) -> bool:
        return any(c.name == name for c in self.collections)

    def __getitem__(self, name: str) -> Collection:
        for collection in self.collections:
            if collection.name == name:
                return collection
        raise KeyError(name)

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
        """The navigation: special pages and collection indexes, by their `nav` place."""
        items = [(p.nav, NavItem(p.title, p.path)) for p in self.pages if p.nav is not None]
        items += [
            (c.nav, NavItem(c.title, f"{c.name}/index.md"))
            for c in self.collections
            if c.nav is not None
        ]
        return [item for _, item in sorted(items, key=lambda pair: pair[0] or 0)]

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

    def with_collection(self, collection: Collection) -> Registry:
        """This registry with one more collection (a briefing's own, or a test's)."""
        return replace(self, collections=(*self.collections, collection))


def _part_id(path: str) -> str:
    return "bottom-line" if path == "index.md" else path.removesuffix(".md")


DEFAULT_REGISTRY = Registry(
    collections=(
        Collection(
            "agreements",
            "agreement",
            "Agreements",
            Agreement,
            columns=(
                Column("Agreement", "link"),
                Column("Status", "badge", "status"),
                Column("Parties", "refs", "parties"),
                Column("Announced", "date", "announced"),
            ),
            search_boost=8,
            nav=10,
            pdf=10,
            pdf_template="pdf/agreements.html.j2",
            pdf_sort="announced",
            pdf_contents=True,
        ),
        Collection(
            "actors",
            "actor",
            "Actors",
            Actor,
            columns=(
                Column("Name", "link"),
                Column("Kind", "term", "kind"),
                Column("Role", "text", "role"),
                Column("Affiliation", "ref", "affiliation"),
            ),
            search_boost=8,
            nav=40,
            pdf=60,
            pdf_template="pdf/actors.html.j2",
        ),
        Collection(
            "issues",
            "issue",
            "Issues",
            Issue,
            columns=(
                Column("Issue", "link"),
                Column("Status", "badge", "status"),
                Column("Summary", "inline", "summary"),
            ),
            search_boost=8,
            nav=20,
            pdf=30,
            pdf_template="pdf/issues.html.j2",
            pdf_contents=True,
        ),
        Collection(
            "positions",
            "position",
            "Positions",
            Position,
            columns=(
                Column("Party", "ref", "actor"),
                Column("On", "ref", "subject"),
                Column("Stance", "badge", "stance"),
                Column("As of", "date", "as_of"),
            ),
            search_boost=2,
            nav=50,
        ),
        Collection(
            "assessments",
            "assessment",
            "Assessments",
            Assessment,
            columns=(
                Column("Assessment", "link"),
                Column("Verdict", "badge", "verdict"),
                Column("Date", "date", "date"),
            ),
            search_boost=3,
            nav=60,
            pdf=40,
            pdf_template="pdf/assessments.html.j2",
            pdf_sort="date",
        ),
        Collection(
            "events",
            "event",
            "Events",
            Event,
            columns=(
                Column("Date", "daterange", "date"),
                Column("Event", "link"),
                Column("Place", "text", "place"),
            ),
            sort="date",
            search_boost=2,
            nav=80,
            pdf=50,
            pdf_template="pdf/timeline.html.j2",
            pdf_title="Timeline",
        ),
        Collection(
            "sources",
            "source",
            "Sources",
            Source,
            sort="source",
            search_boost=1,
            nav=90,
            pdf=90,
            index_template="bibliography.md.j2",
            pdf_template="pdf/bibliography.html.j2",
            pdf_title="Bibliography",
        ),
    ),
    pages=(
        SitePage(
            "index.md",
            "Home",
            nav=0,
            pdf=0,
            pdf_template="pdf/bottom-line.html.j2",
            pdf_title="Bottom line and key facts",
        ),
        SitePage("matrix.md", "Position matrix", nav=30, pdf=20, pdf_template="pdf/matrix.html.j2"),
        SitePage("timeline.md", "Timeline", nav=70),
        SitePage("glossary.md", "Glossary", nav=100),
        SitePage("tags.md", "Tags", nav=110),
    ),
)
"""The collections of a briefing: agreements, actors, issues, positions, assessments,
events and sources."""

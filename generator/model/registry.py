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

from generator.model.schema import Actor, Agreement, Assessment, Event, Issue, Position, Source


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
    """How the index is ordered: "title", "source" (outlet, then date), or the name of a
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
            "Who's who",
            Actor,
            columns=(
                Column("Name", "link"),
                Column("Kind", "term", "kind"),
                Column("Role", "text", "role"),
                Column("Affiliation", "ref", "affiliation"),
            ),
            search_boost=8,
            nav=60,
            pdf=60,
            pdf_template="pdf/actors.html.j2",
            pdf_title="Who's who",
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
        ),
        Collection(
            "assessments",
            "assessment",
            "Analysis and reactions",
            Assessment,
            columns=(
                Column("Assessment", "link"),
                Column("Verdict", "badge", "verdict"),
                Column("Date", "date", "date"),
            ),
            search_boost=3,
            nav=41,
            nav_section="Positions and views",
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
            group_by="kind",
            search_boost=1,
            nav=91,
            nav_section="About",
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
            pdf_title="Summary and key facts",
        ),
        SitePage(
            "matrix.md",
            "Where the parties stand",
            nav=40,
            nav_section="Positions and views",
            pdf=20,
            pdf_template="pdf/matrix.html.j2",
        ),
        SitePage("timeline.md", "Timeline", nav=50),
        SitePage(
            "about.md",
            "About this briefing",
            nav=90,
            nav_section="About",
            pdf=100,
            pdf_template="pdf/about.html.j2",
        ),
        SitePage("glossary.md", "Glossary", nav=92, nav_section="About"),
        SitePage("tags.md", "Topics", nav=93, nav_section="About"),
    ),
)
"""The collections of a briefing: agreements, actors, issues, positions, assessments,
events and sources."""

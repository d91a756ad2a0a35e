"""Render: the linked model as Markdown pages through the Jinja2 templates.

Python decides what each page shows (the queries below); the templates in
`site_templates/` decide how it looks. Every page is rendered by a `PageWriter` that
resolves links relative to the page and collects its footnotes.
"""

from __future__ import annotations

import html
import json
import re
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import lru_cache, partial
from typing import Any

from generator.content.link import cached_scan
from generator.model.entries import (
    SETTINGS_KEY,
    Entry,
    LinkedBriefing,
    display_title,
    entry_path,
    title_sources,
)
from generator.model.i18n import N_, _, active
from generator.model.matrix import matrix_axes
from generator.model.queries import (
    by_date,
    collection_key,
    entity_context,
    grouped,
    ordered,
)
from generator.model.registry import Collection
from generator.model.schema import Event, Position
from generator.project.layout import Project
from generator.render.citation import cite
from generator.render.page_writer import PageWriter
from generator.render.text import cell, escape, href

LATEST_EVENTS = 5
_BLANK_RUNS = re.compile(r"\n{3,}")


@dataclass(frozen=True)
class Page:
    """One generated Markdown page and the entities its content was drawn from."""

    path: str
    text: str
    depends: frozenset[str]


def _filters(env: Any) -> Any:
    """The page templates' filters: plain text to Markdown, table cells, link addresses."""
    env.filters["md"] = escape
    env.filters["cell"] = cell
    env.filters["href"] = href
    return env


def fence_for(text: str) -> str:
    """A code fence longer than any run of backticks in `text`, so it cannot be closed
    from inside."""
    longest = max((len(run) for run in re.findall(r"`+", text)), default=0)
    return "`" * max(3, longest + 1)


def _front_matter(
    title: str, description: str = "", boost: float | None = None, tags: Iterable[str] = ()
) -> str:
    lines = ["---", f"title: {_yaml_str(title)}"]
    if description:
        lines.append(f"description: {_yaml_str(description)}")
    if boost is not None:
        lines += ["search:", f"  boost: {boost}"]
    tag_list = sorted(set(tags))
    if tag_list:
        lines.append("tags:")
        lines += [f"  - {_yaml_str(t)}" for t in tag_list]
    return "\n".join(lines + ["---", ""])


_YAML_UNSAFE = re.compile(r"[\x7f-\x9f\u2028\u2029\ufeff\ud800-\udfff]")


def _yaml_str(value: str) -> str:
    # The theme writes the title and description into <title> and <meta content="...">
    # without escaping them, so they are HTML-escaped here. A JSON string is a YAML
    # double-quoted scalar; the characters YAML may not hold raw (C1 controls, line and
    # paragraph separators, the byte-order mark) are escaped as \uXXXX too, so a value
    # can never break out of the front matter.
    escaped = html.escape(" ".join(value.split()), quote=False).replace('"', "&quot;")
    return _YAML_UNSAFE.sub(
        lambda m: f"\\u{ord(m.group(0)):04x}", json.dumps(escaped, ensure_ascii=False)
    )


class SiteRenderer:
    """Renders every page of one linked briefing."""

    def __init__(
        self,
        project: Project,
        linked: LinkedBriefing,
        with_pdf: bool = False,
    ) -> None:
        self.project = project
        self.linked = linked
        self.with_pdf = with_pdf
        self._shared: dict[tuple[str, str], str] = {}
        self.env = _filters(project.environment())
        settings = linked.briefing.settings
        self.settings = settings
        terms = {g.term: g.expansion for g in settings.glossary} if settings else {}
        self.glossary = terms

    def _finish(self, path: str, writer: PageWriter, header: str, body: str) -> Page:
        notes = writer.footnotes()
        # Templates leave runs of blank lines where optional blocks are skipped.
        text = header + _BLANK_RUNS.sub("\n\n", body).strip() + "\n"
        if notes:
            text += "\n" + notes + "\n"
        text += self._abbreviations(text)
        return Page(path, text, frozenset(writer.depends))

    def _abbreviations(self, text: str) -> str:
        """Glossary definitions for the terms a page uses: Markdown's abbr tooltips."""
        # A substring test in C rules out most terms before any regular expression runs.
        present = tuple(sorted(t for t in self.glossary if t in text))
        if not present:
            return ""
        used = sorted(set(_term_pattern(present).findall(text)))
        if not used:
            return ""
        return (
            "\n" + "\n".join(f"*[{t}]: {' '.join(self.glossary[t].split())}" for t in used) + "\n"
        )

    def _every(self, model: type[Any]) -> str:
        """The dependency on the membership of the collection of `model`."""
        return collection_key(self.linked.registry.of_model(model).name)

    def render(self, template: str, path: str, header: str, **context: Any) -> Page:
        writer = PageWriter(self.linked, path, self._shared)
        body = self.env.get_template(template).render(
            page=writer,
            settings=self.settings,
            linked=self.linked,
            vocabularies=self.linked.briefing.vocabularies,
            **context,
        )
        return self._finish(path, writer, header, body)

    def entity_page(self, entry: Entry[Any]) -> Page:
        collection = self.linked.registry[entry.collection]
        title = display_title(entry, self.linked)
        summary = getattr(entry.model, "summary", None) or ""
        tags = getattr(entry.model, "tags", [])
        header = _front_matter(title, _plain(summary), collection.search_boost, tags)
        page = self.render(
            collection.template,
            entry_path(entry),
            header,
            entry=entry,
            model=entry.model,
            title=title,
            collection=collection,
            **entity_context(self.linked, entry),
        )
        return Page(page.path, page.text, page.depends | {entry.id, *title_sources(entry)})

    def collection_page(self, collection: Collection) -> Page:
        entries = ordered(self.linked, collection)
        header = _front_matter(_(collection.title), boost=0.5)
        page = self.render(
            collection.index_template,
            f"{collection.name}/index.md",
            header,
            collection=collection,
            title=collection.title,
            entries=entries,
            groups=grouped(self.linked, collection, entries),
        )
        depends = {collection_key(collection.name)} | {e.id for e in entries}
        return Page(page.path, page.text, page.depends | depends)

    def home_page(self) -> Page:
        settings = self.settings
        assert settings is not None
        lead = self.linked.entries.get(settings.lead_agreement)
        events = by_date(self.linked.of(Event), "date", reverse=True)
        header = _front_matter(
            settings.title, settings.description or settings.subtitle or "", boost=0.5
        )
        page = self.render(
            "home.md.j2",
            "index.md",
            header,
            lead=lead,
            latest=events[:LATEST_EVENTS],
            pdf=self.with_pdf,
        )
        # The latest events are chosen among all of them.
        events_ids = {e.id for e in events}
        return Page(
            page.path,
            page.text,
            page.depends | {SETTINGS_KEY, self._every(Event)} | events_ids,
        )

    def matrix_page(self) -> Page:
        positions = self.linked.of(Position)
        latest, actors, subjects = matrix_axes(self.linked)
        header = _front_matter(
            _("Where the parties stand"), _("Each party's stance on each issue"), boost=0.5
        )
        page = self.render(
            "matrix.md.j2",
            "matrix.md",
            header,
            actors=actors,
            subjects=subjects,
            cells=latest,
            stances=self.linked.briefing.vocabularies["stance"],
        )
        return Page(
            page.path,
            page.text,
            # Which parties make the cut depends on every position and every party's name.
            page.depends
            | {self._every(Position)}
            | {p.id for p in positions}
            | {p.model.actor for p in positions},
        )

    def timeline_page(self) -> Page:
        events = by_date(self.linked.of(Event), "date")
        months: dict[str, list[Entry[Event]]] = {}
        for event in events:
            months.setdefault(active().month(event.model.date), []).append(event)
        header = _front_matter(_("Timeline"), _("Events in date order"), boost=0.5)
        page = self.render("timeline.md.j2", "timeline.md", header, months=months)
        return Page(
            page.path,
            page.text,
            page.depends | {self._every(Event)} | {e.id for e in events},
        )

    def about_page(self) -> Page:
        settings = self.settings
        assert settings is not None
        citation = cite(settings)
        page = self.simple_page(
            "about.md.j2",
            "about.md",
            N_("About this briefing"),
            citation=citation,
            bibtex_fence=fence_for(citation.bibtex),
            json_fence=fence_for(citation.csl_json),
        )
        return Page(page.path, page.text, page.depends | {SETTINGS_KEY})

    def tags_page(self) -> Page:
        topics: dict[str, list[Entry[Any]]] = defaultdict(list)
        for entry in self.linked.entries.values():
            for tag in sorted(set(getattr(entry.model, "tags", None) or [])):
                topics[tag].append(entry)
        listing = [
            (tag, sorted(topics[tag], key=lambda e: display_title(e, self.linked).casefold()))
            for tag in sorted(topics, key=str.casefold)
        ]
        page = self.simple_page("tags.md.j2", "tags.md", _("Topics"), topics=listing)
        # Which pages carry which topic depends on every entity.
        every = set(self.linked.entries) | {collection_key(c.name) for c in self.linked.registry}
        return Page(page.path, page.text, page.depends | every)

    def simple_page(self, template: str, path: str, title: str, **context: Any) -> Page:
        return self.render(template, path, _front_matter(_(title), boost=0.5), **context)


@lru_cache(maxsize=256)
def _term_pattern(terms: tuple[str, ...]) -> re.Pattern[str]:
    """Whole-word occurrences of any of `terms` (longest first)."""
    alternatives = "|".join(re.escape(t) for t in sorted(terms, key=len, reverse=True))
    return re.compile(r"(?<![\w-])(" + alternatives + r")(?![\w-])")


def _plain(markdown: str) -> str:
    """A rough plain-text version of inline Markdown, for page descriptions.

    Citations are dropped and links replaced by their label (or id), using the same scan
    as the renderer, so the work is linear in the text.
    """
    scan = cached_scan(markdown, True)
    pieces, last = [], 0
    for ref in scan.refs:
        pieces.append(markdown[last : ref.start].rstrip() if ref.kind == "cite" else "")
        if ref.kind == "link":
            pieces[-1] = markdown[last : ref.start] + (ref.label or ref.targets[0])
        last = ref.end
    pieces.append(markdown[last:])
    return " ".join("".join(pieces).split())


def render_pages(
    project: Project,
    linked: LinkedBriefing,
    with_pdf: bool = False,
) -> dict[str, Page]:
    """Every page of the site, keyed by its path in the generated tree.

    With `with_pdf`, the pages link to the PDF editions, which the build then provides.
    """
    renderer = SiteRenderer(project, linked, with_pdf)
    return {path: build() for path, build in page_plan(renderer).items()}


def page_plan(renderer: SiteRenderer) -> dict[str, Callable[[], Page]]:
    """How to render each page of the site, by path; rendering only some is possible."""
    linked = renderer.linked
    plan: dict[str, Callable[[], Page]] = {
        "index.md": renderer.home_page,
        "matrix.md": renderer.matrix_page,
        "timeline.md": renderer.timeline_page,
        "tags.md": renderer.tags_page,
        "about.md": renderer.about_page,
        "glossary.md": partial(
            renderer.simple_page, "glossary.md.j2", "glossary.md", N_("Glossary")
        ),
    }
    for collection in linked.registry:
        plan[f"{collection.name}/index.md"] = partial(renderer.collection_page, collection)
    for entry in linked.entries.values():
        plan[entry_path(entry)] = partial(renderer.entity_page, entry)
    return plan

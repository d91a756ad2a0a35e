"""Regenerating after an edit: redo only what the edit can have changed.

A `Session` keeps what the last run read, validated and rendered. On the next run,
unchanged files are neither read nor validated again; every reference is re-resolved
(it is cheap, and an edit can break a link anywhere); and only the pages that drew on
a changed entity, or on an entity it links to before or after the edit, are rendered
again. A page's text that comes out the same is not rewritten, so modification times
stay put and a watching `mkdocs serve` sees only real changes.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from generator.content.fields import ModelCache
from generator.content.load import FileCache
from generator.content.validate import Validation, paused_gc, validate_project
from generator.model.entries import LinkedBriefing
from generator.model.queries import collection_key
from generator.project.layout import Project, declared_registry
from generator.render.pages import Page, SiteRenderer, page_plan

EVERYTHING = None


def _templates_signature(project: Project) -> tuple[tuple[str, int, int], ...]:
    return tuple(
        (str(p), p.stat().st_mtime_ns, p.stat().st_size)
        for folder in project.template_dirs
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    )


@dataclass
class Rendered:
    """The pages of one run, and the paths rendered afresh in it."""

    pages: dict[str, Page]
    rendered: set[str] = field(default_factory=set)


class Session:
    """Validates and renders one project, reusing the previous run's work where it can.

    A command makes one and runs once; the preview server keeps one for as long as it
    runs (on its MkDocs plugin), so that each edit costs only what it changed.
    """

    def __init__(self, project: Project) -> None:
        # A project whose collections come from its briefing.yaml follows edits to it.
        self._follows_declarations = project.registry is declared_registry(project.root)
        self._start(project)

    def _start(self, project: Project) -> None:
        """Forget every earlier run."""
        self.project = project
        self.with_pdf = False
        self._files: FileCache = {}
        self._models: ModelCache = {}
        self._pages: dict[str, Page] = {}
        self._records: dict[str, object] = {}
        self._collections: dict[str, str] = {}
        self._settings_record: object = None
        self._targets: dict[str, set[str]] = {}
        self._templates: tuple[tuple[str, int, int], ...] = ()

    def validate(self) -> Validation:
        """Load, check and link, reusing unchanged files."""
        if self._follows_declarations:
            registry = declared_registry(self.project.root)
            if registry is not self.project.registry:
                # Collections were declared or changed: nothing earlier can be reused.
                self._start(replace(self.project, registry=registry))
        return validate_project(self.project, self._files, self._models)

    def render(self, linked: LinkedBriefing, with_pdf: bool) -> Rendered:
        """Render the pages the changes since the last run can have affected."""
        with paused_gc():
            templates = _templates_signature(self.project)
            changed = self._changes(linked, templates)
            if with_pdf != self.with_pdf:
                changed, self.with_pdf = EVERYTHING, with_pdf  # the home page links the PDF
            renderer = SiteRenderer(self.project, linked, with_pdf)
            plan = page_plan(renderer)
            result = Rendered({})
            for path, build in plan.items():
                previous = self._pages.get(path)
                if changed is EVERYTHING or previous is None or previous.depends & changed:
                    result.pages[path] = build()
                    result.rendered.add(path)
                else:
                    result.pages[path] = previous
        self._remember(linked, result.pages, templates)
        return result

    def _changes(
        self,
        linked: LinkedBriefing,
        templates: tuple[tuple[str, int, int], ...],
    ) -> set[str] | None:
        """Ids whose pages, or pages that show them, may differ from the last run."""
        briefing = linked.briefing
        if (
            not self._pages
            or templates != self._templates
            or self._settings_record is not briefing.settings_record
        ):
            return EVERYTHING
        current = {e.id: e.record for e in linked.entries.values()}
        modified = {
            i
            for i in current.keys() | self._records.keys()
            if current.get(i) is not self._records.get(i)
        }
        # A member coming, going or moving changes the lists of its collections.
        for entry_id in current.keys() | self._collections.keys():
            before = self._collections.get(entry_id)
            after = linked.entries[entry_id].collection if entry_id in current else None
            if before != after:
                modified.add(entry_id)
                modified |= {collection_key(c) for c in (before, after) if c is not None}
        targets = self._link_targets(linked)
        changed = set(modified)
        for entry_id in modified:
            changed |= self._targets.get(entry_id, set()) | targets.get(entry_id, set())
        return changed

    @staticmethod
    def _link_targets(linked: LinkedBriefing) -> dict[str, set[str]]:
        targets: dict[str, set[str]] = {}
        for link in linked.links:
            targets.setdefault(link.source, set()).add(link.target)
        return targets

    def _remember(
        self,
        linked: LinkedBriefing,
        pages: dict[str, Page],
        templates: tuple[tuple[str, int, int], ...],
    ) -> None:
        self._pages = pages
        self._records = {e.id: e.record for e in linked.entries.values()}
        self._collections = {e.id: e.collection for e in linked.entries.values()}
        self._settings_record = linked.briefing.settings_record
        self._targets = self._link_targets(linked)
        self._templates = templates

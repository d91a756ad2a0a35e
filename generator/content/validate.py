"""The first three stages together: load, check and link, collecting every problem.

`briefing validate` runs only these; `pipeline.run` runs them first.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from generator.content.fields import ModelCache, check_schema
from generator.content.link import resolve_links
from generator.content.load import FileCache, load_content
from generator.markdown.check import rendering_with
from generator.model.diagnostics import Diagnostic
from generator.model.entries import LinkedBriefing
from generator.project.layout import Project
from generator.project.siteconfig import markdown_extensions


@dataclass
class Validation:
    """The linked model, and every problem found on the way, sorted by place."""

    linked: LinkedBriefing
    diagnostics: list[Diagnostic]

    @property
    def errors(self) -> list[Diagnostic]:
        return [d for d in self.diagnostics if d.severity == "error"]

    @property
    def ok(self) -> bool:
        return not self.errors


@contextmanager
def paused_gc() -> Iterator[None]:
    """Pause the cyclic garbage collector for a bounded batch of work.

    Loading thousands of files creates millions of small objects and almost no cycles;
    the collector's repeated scans of them cost more than a tenth of the run.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def validate_project(
    project: Project | Path, files: FileCache | None = None, models: ModelCache | None = None
) -> Validation:
    """Load, check and link the content of `project`, collecting every problem.

    With the caches of an earlier run, unchanged files are neither read nor checked again.
    """
    if not isinstance(project, Project):
        project = Project(project)
    # Content is judged with the Markdown extensions the project's site is built with.
    with paused_gc(), rendering_with(markdown_extensions(project)):
        raw = load_content(project, files)
        briefing, schema_problems = check_schema(raw, project.registry, models)
        linked, link_problems = resolve_links(briefing)
    problems = sorted(set(raw.diagnostics + schema_problems + link_problems))
    if raw.settings is not None:
        # The settings first: an error there can explain others further down.
        first = raw.settings.path
        problems.sort(key=lambda d: d.path != first)  # stable: the rest keep their order
    return Validation(linked, problems)

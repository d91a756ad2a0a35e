"""The first three stages together: load, check and link, collecting every problem.

`briefing validate` runs only these; `pipeline.run` runs them first.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path

from generator.content.fields import ModelCache, check_schema
from generator.content.link import resolve_links
from generator.content.load import FileCache, load_content
from generator.content.translations import (
    Translation,
    language_problems,
    translate,
    unknown_languages,
)
from generator.markdown.check import rendering_with
from generator.model.diagnostics import Diagnostic, diagnostic
from generator.model.entries import LinkedBriefing, RawRecord
from generator.model.schema import Settings
from generator.project.layout import Project
from generator.project.siteconfig import markdown_extensions


@dataclass
class Validation:
    """The linked model, and every problem found on the way, sorted by place."""

    linked: LinkedBriefing
    diagnostics: list[Diagnostic]
    translations: dict[str, Translation] = field(default_factory=dict)
    """Each language of `translations:` in briefing.yaml: its content (when the
    originals are valid) and the state of its translation files."""

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
        problems = raw.diagnostics + schema_problems + link_problems
        translations: dict[str, Translation] = {}
        settings = linked.settings
        if settings is not None:
            problems += message_problems(project, raw.settings, settings)
            problems += unknown_languages(raw, settings)
            if raw.settings is not None:
                problems += language_problems(raw.settings, settings, project.registry)
            if not any(d.severity == "error" for d in problems):
                # Each language's content is checked once its originals are valid.
                for language in settings.translations:
                    translation = translate(raw, project.registry, language)
                    translations[language] = translation
                    problems += translation.diagnostics
    problems = sorted(set(problems))
    if raw.settings is not None:
        # The settings first: an error there can explain others further down.
        first = raw.settings.path
        problems.sort(key=lambda d: d.path != first)  # stable: the rest keep their order
    return Validation(linked, problems, translations)


def message_problems(
    project: Project, record: RawRecord | None, settings: Settings
) -> list[Diagnostic]:
    """A warning for each language of the briefing the generator's catalogs do not
    cover in full (their messages would be shown in English)."""
    from generator.project.messages import CatalogError, broken_translations, untranslated

    problems = []
    for index, language in enumerate([settings.language, *settings.translations]):
        loc: tuple[str | int, ...] = ("language",) if index == 0 else ("translations", index - 1)
        line, col = record.pos(loc) if record is not None else (1, 1)
        path = record.path if record is not None else "content/briefing.yaml"
        say = partial(diagnostic, path, line, col, "untranslated-message")
        try:
            missing = untranslated(project, language)
        except CatalogError as error:
            problems.append(say(str(error)))
            continue
        for problem in broken_translations(project, language):
            problems.append(
                say(
                    f"a translation into '{language}' is not used: {problem}",
                    "its placeholders (%(name)s) and plural forms must be the English's",
                )
            )
        if missing:
            shown = ", ".join(repr(m) for m in missing[:3]) + (", …" if len(missing) > 3 else "")
            problems.append(
                say(
                    f"{len(missing)} of the generator's messages have no translation into "
                    f"'{language}' and will be shown in English: {shown}",
                    f"translate them in site_templates/locale/{language}.po "
                    f"(`briefing messages init {language}` writes it with every message)",
                )
            )
    return problems

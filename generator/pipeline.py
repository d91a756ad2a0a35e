"""The pipeline, readable in one function: load, check, link, render, then the site and
the PDF.

Each stage is a subpackage and hands on a typed value (model/entries.py):

1. load (`content/load.py`): the files under content/, as raw records with positions;
2. check (`content/fields.py`): each record against its collection's model: `Briefing`;
3. link (`content/link.py`): every reference resolved once all files are loaded:
   `LinkedBriefing`;
4. render (`render/pages.py`, templates): one Markdown page per entity, index and page;
5. PDF (`pdf/edition.py`): each edition, laid out by WeasyPrint;
6. site (`site/tree.py`, `site/publish.py`): the docs folder and its configuration,
   built by MkDocs or Zensical, finished, and swapped in.

`run` is the one entry: `briefing build`, `briefing pdf`, `briefing serve` and the MkDocs
plugin (under `serve` and plain `mkdocs`) all call it. The caller holds the project's
lock. Every date the outputs carry comes from the content (its "as of" and publication
days), so nothing here reads the clock or sets the environment.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from generator.content.translations import Translation
from generator.content.validate import Validation
from generator.incremental import Session
from generator.model.diagnostics import Diagnostic
from generator.model.entries import LinkedBriefing
from generator.model.errors import BriefingError, UsageError
from generator.model.i18n import locale_of, speaking
from generator.model.schema import Settings
from generator.project import atomic
from generator.project.layout import Project
from generator.project.messages import messages_for
from generator.project.paths import check_paths
from generator.project.swap import prepare_site_dir
from generator.site.publish import publish_site
from generator.site.tree import EDITIONS, Generated, write_generated


class ContentError(BriefingError):
    """The content has errors; the diagnostics say which."""

    def __init__(self, diagnostics: list[Diagnostic]) -> None:
        super().__init__(f"{len(diagnostics)} problems in the content")
        self.diagnostics = diagnostics

    def report(self) -> str:
        from generator.model.diagnostics import format_text

        return format_text(self.diagnostics)


@dataclass
class Outcome:
    """What a run of the pipeline produced."""

    validation: Validation
    generated: Generated | None
    pdf: bytes | None
    """The edition asked for with `pdf_path`, if any."""
    pdfs: dict[str, bytes]
    """Every edition laid out, by name (see site/tree.py: EDITIONS)."""


def run(
    project: Project,
    *,
    site_dir: Path | None = None,
    pdf_path: Path | None = None,
    edition: str = "full",
    pdf_in_site: bool = False,
    builder: str = "mkdocs",
    publish: bool = True,
    session: Session | None = None,
    report: Callable[[str], None] | None = None,
    language: str | None = None,
) -> Outcome:
    """Render the site's pages for `site_dir` and/or the PDF's `edition` into `pdf_path`.

    With `pdf_in_site`, both PDF editions are also published with the site (see
    site/tree.py's PDF_NAMES). With `publish`, `builder` (site/builders.py) then builds
    the site and it is swapped in; without, the generated docs folder is left for a
    builder already running (the MkDocs plugin). `language` chooses the language of the
    edition written to `pdf_path`: one of the briefing's `translations:` (by default,
    the original). Raises ContentError, BuildError or OSError; a failed run leaves the
    published site as it was.
    """
    check_paths(project, site_dir, pdf_path)  # no link where the build reads or writes
    if site_dir is not None and publish:
        prepare_site_dir(site_dir, report)
    session = session or Session(project)
    validation = session.validate()  # load, check, link
    if not validation.ok:
        raise ContentError(validation.diagnostics)
    linked = validation.linked
    assert linked.settings is not None
    if language is not None and language != linked.settings.language:
        return _translated_pdf(project, validation, language, edition, pdf_path)
    wanted = {edition} if pdf_path is not None else set()
    if pdf_in_site and site_dir is not None:
        wanted |= set(EDITIONS)
    generated = None
    settings = linked.settings
    menu = language_menu(settings)
    # Every word the generator writes, in the briefing's language (model/i18n.py).
    with speaking(messages_for(project, settings.language)):
        pdfs = make_pdfs(project, linked, wanted)  # each edition laid out once
        if site_dir is not None:
            in_site = pdfs if pdf_in_site else None
            generated = render(  # render
                project, session, linked, site_dir, in_site, builder, menu(None) if publish else []
            )
    translated: dict[str, Path] = {}
    if site_dir is not None and publish:
        # Only a published build makes the other languages: a builder already running
        # (the preview, plain `mkdocs`) builds the original's folder alone.
        for language, translation in validation.translations.items():
            translated[language] = render_translation(  # each language: its site and PDFs
                project, translation, settings, site_dir / language, pdf_in_site, builder, menu
            )
    if generated is not None and site_dir is not None and publish:
        publish_site(generated.config_file, site_dir, builder, translated)  # the site
    if pdf_path is not None:
        atomic.write_atomic(pdf_path, pdfs[edition])
    return Outcome(validation, generated, pdfs.get(edition), pdfs)


def render(
    project: Project,
    session: Session,
    linked: LinkedBriefing,
    site_dir: Path,
    pdfs: dict[str, bytes] | None = None,
    builder: str = "mkdocs",
    alternates: list[dict[str, str]] | None = None,
) -> Generated:
    """Render the pages, and write the docs folder and configuration a builder reads."""
    rendered = session.render(linked, with_pdf=bool(pdfs))
    return write_generated(
        project, linked, rendered.pages, rendered.rendered, site_dir, pdfs, builder, alternates
    )


def _translated_pdf(
    project: Project, validation: Validation, language: str, edition: str, pdf_path: Path | None
) -> Outcome:
    """The edition in one of the briefing's translations, written to `pdf_path`."""
    translation = validation.translations.get(language)
    if translation is None or translation.linked is None:
        settings = validation.linked.settings
        assert settings is not None
        known = ", ".join([settings.language, *settings.translations])
        raise UsageError(f"the briefing is not published in '{language}'; its languages: {known}")
    with speaking(messages_for(project, language)):
        settings = validation.linked.settings
        assert settings is not None
        from generator.render.notices import edition_note

        named = language_name(settings.language, language)
        note = edition_note(translation.linked, translation, named)
        pdfs = make_pdfs(project.translated(language), translation.linked, {edition}, note)
    if pdf_path is not None:
        atomic.write_atomic(pdf_path, pdfs[edition])
    return Outcome(validation, None, pdfs[edition], pdfs)


def render_translation(
    project: Project,
    translation: Translation,
    original: Settings,
    site_dir: Path,
    with_pdfs: bool,
    builder: str,
    menu: Callable[[str | None], list[dict[str, str]]],
) -> Path:
    """Render one language's pages (and PDFs) into its own generated folder; return the
    configuration its builder reads. Its pages say which entries are not translated yet,
    or were translated from an earlier version of the original."""
    from generator.render.notices import edition_note, mark_translation
    from generator.render.pages import render_pages

    language = translation.language
    view = project.translated(language)
    linked = translation.linked
    assert linked is not None  # validation passed
    with speaking(messages_for(project, language)):
        named = language_name(original.language, language)
        note = edition_note(linked, translation, named)
        pdfs = make_pdfs(view, linked, set(EDITIONS), note) if with_pdfs else {}
        pages = render_pages(view, linked, with_pdf=bool(pdfs))
        pages = mark_translation(pages, linked, translation, named)
        generated = write_generated(
            view, linked, pages, set(pages), site_dir, pdfs or None, builder, menu(language)
        )
    return generated.config_file


def language_name(language: str, in_language: str) -> str:
    """`language`'s name as `in_language` writes it: "English", "англійська"."""
    name = locale_of(language).get_display_name(locale_of(in_language)) or language
    return name


def language_menu(settings: Settings) -> Callable[[str | None], list[dict[str, str]]]:
    """The language menu of the site of each language (None: the original), linking
    to the root of every language's site; empty for a briefing in one language."""

    def menu(current: str | None) -> list[dict[str, str]]:
        if not settings.translations:
            return []
        up = "../" if current else ""
        items = [(settings.language, up or "./")]
        items += [(t, f"{up}{t}/" if t != current else "./") for t in settings.translations]
        return [
            {
                "name": language_name(tag, tag)[:1].upper() + language_name(tag, tag)[1:],
                "link": link,
                "lang": tag,
            }
            for tag, link in items
        ]

    return menu


def make_pdfs(
    project: Project, linked: LinkedBriefing, editions: set[str], note: str = ""
) -> dict[str, bytes]:
    """The PDF editions named (each read back from the cache when nothing changed);
    `note` tells a translation's readers what in it is not translated."""
    if not editions:
        return {}
    from generator.pdf.edition import (
        pdf_bytes,  # WeasyPrint is slow to import; a site-only build skips it
    )

    return {e: pdf_bytes(project, linked, e, note=note) for e in EDITIONS if e in editions}

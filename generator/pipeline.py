"""The pipeline, readable in one function: load, check, link, render, then the site and
the PDF.

Each stage lives in its own module and hands on a typed value (model.py):

1. load (`loader.py`): the files under content/, as raw records with their positions;
2. check (`schema_check.py`): each record against its collection's model: `Briefing`;
3. link (`linker.py`): every reference resolved once all files are loaded: `LinkedBriefing`;
4. render (`pages.py`, templates): one Markdown page per entity, index and special page;
5. site (`docs_tree.py`, `site.py`): the docs folder and its configuration, built by MkDocs;
6. PDF (`pdf.py`): the print edition, laid out by WeasyPrint.

`briefing build`, `briefing pdf` and the MkDocs plugin (under `briefing serve` and plain
`mkdocs`) all run it. The caller holds the project's lock.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, time
from pathlib import Path

from generator.content.validate import Validation
from generator.incremental import Session
from generator.model.diagnostics import Diagnostic
from generator.model.entries import LinkedBriefing
from generator.model.errors import BriefingError
from generator.model.schema import Settings
from generator.project import atomic
from generator.project.layout import Project
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
    """Every edition laid out, by name (see pdf.EDITIONS)."""


def build(
    project: Project,
    *,
    site_dir: Path | None = None,
    pdf_path: Path | None = None,
    edition: str = "full",
    pdf_in_site: bool = False,
    builder: str = "mkdocs",
    session: Session | None = None,
    report: Callable[[str], None] | None = None,
) -> Outcome:
    """Build the site into `site_dir` and/or the PDF's `edition` into `pdf_path`.

    With `pdf_in_site`, both PDF editions are also published with the site (see
    docs_tree.PDF_NAMES). `builder` names the site's builder (builders.BUILDERS).
    Raises ContentError, site.BuildError or OSError; a failed run
    leaves the published site as it was.
    """
    check_paths(project, site_dir, pdf_path)  # no link where the build reads or writes
    if site_dir is not None:
        prepare_site_dir(site_dir, report)
    session = session or Session(project)
    validation = session.validate()  # load, check, link
    if not validation.ok:
        raise ContentError(validation.diagnostics)
    linked = validation.linked
    assert linked.settings is not None
    with pinned_date(linked.settings):
        wanted = {edition} if pdf_path is not None else set()
        if pdf_in_site and site_dir is not None:
            wanted |= set(EDITIONS)
        pdfs = make_pdfs(project, linked, wanted)  # each edition laid out once
        generated = None
        if site_dir is not None:
            in_site = pdfs if pdf_in_site else None
            generated = render(project, session, linked, site_dir, in_site, builder)  # render
            publish_site(generated.config_file, site_dir, builder)  # the site
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
) -> Generated:
    """Render the pages, and write the docs folder and configuration a builder reads."""
    rendered = session.render(linked, with_pdf=bool(pdfs))
    return write_generated(
        project, linked, rendered.pages, rendered.rendered, site_dir, pdfs, builder
    )


def generate(project: Project, session: Session, site_dir: Path, with_pdf: bool) -> Generated:
    """Load, check, link and render, writing the docs folder (the MkDocs plugin's part).

    Raises ContentError. The date stays pinned for the builder that runs next.
    """
    check_paths(project, site_dir)
    validation = session.validate()
    if not validation.ok:
        raise ContentError(validation.diagnostics)
    linked = validation.linked
    assert linked.settings is not None
    pin_date(linked.settings)
    pdfs = make_pdfs(project, linked, set(EDITIONS) if with_pdf else set())
    return render(project, session, linked, site_dir, pdfs)


def make_pdfs(project: Project, linked: LinkedBriefing, editions: set[str]) -> dict[str, bytes]:
    """The PDF editions named (each read back from the cache when nothing changed)."""
    if not editions:
        return {}
    from generator.pdf.edition import (
        pdf_bytes,  # WeasyPrint is slow to import; a site-only build skips it
    )

    return {e: pdf_bytes(project, linked, e) for e in EDITIONS if e in editions}


def pin_date(settings: Settings) -> str | None:
    """Date the output by the content's "as of" day, unless SOURCE_DATE_EPOCH is set.

    MkDocs and WeasyPrint read SOURCE_DATE_EPOCH for every date they write (the sitemap,
    the PDF's metadata), so the same content gives the same bytes on any day. Returns
    the value set, or None if the caller had set one.
    """
    if os.environ.get("BRIEFING_PINNED_DATE") != os.environ.get("SOURCE_DATE_EPOCH"):
        return None  # set by the caller, not by us: respect it
    moment = datetime.combine(settings.as_of, time(), tzinfo=UTC)
    value = str(int(moment.timestamp()))
    # Marked as ours, so that a later run (a preview after an edit) may move it.
    os.environ["SOURCE_DATE_EPOCH"] = os.environ["BRIEFING_PINNED_DATE"] = value
    return value


@contextlib.contextmanager
def pinned_date(settings: Settings) -> Iterator[None]:
    """`pin_date` for the duration of a block, undone after it."""
    before = {k: os.environ.get(k) for k in ("SOURCE_DATE_EPOCH", "BRIEFING_PINNED_DATE")}
    pin_date(settings)
    try:
        yield
    finally:
        for key, value in before.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value

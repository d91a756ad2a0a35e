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

from . import atomic
from .diagnostics import Diagnostic
from .docs_tree import Generated, write_generated
from .history import last_updated
from .incremental import Session
from .model import LinkedBriefing
from .project import Project
from .schema import Settings
from .site import prepare_site_dir, publish_site
from .validation import Validation


class ContentError(Exception):
    """The content has errors; the diagnostics say which."""

    def __init__(self, diagnostics: list[Diagnostic]) -> None:
        super().__init__(f"{len(diagnostics)} problems in the content")
        self.diagnostics = diagnostics


@dataclass
class Outcome:
    """What a run of the pipeline produced."""

    validation: Validation
    generated: Generated | None
    pdf: bytes | None


def build(
    project: Project,
    *,
    site_dir: Path | None = None,
    pdf_path: Path | None = None,
    pdf_in_site: bool = False,
    session: Session | None = None,
    report: Callable[[str], None] | None = None,
) -> Outcome:
    """Build the site into `site_dir` and/or the PDF into `pdf_path`.

    With `pdf_in_site`, the PDF is also published with the site (as briefing.pdf). Raises
    ContentError, site.BuildError or OSError; a failed run leaves the published site as
    it was.
    """
    if site_dir is not None:
        prepare_site_dir(site_dir, report)
    session = session or Session(project)
    validation = session.validate()  # load, check, link
    if not validation.ok:
        raise ContentError(validation.diagnostics)
    linked = validation.linked
    assert linked.settings is not None
    with pinned_date(linked.settings):
        want_pdf = pdf_path is not None or (pdf_in_site and site_dir is not None)
        pdf = make_pdf(project, linked) if want_pdf else None  # the PDF, laid out once
        generated = None
        if site_dir is not None:
            in_site = pdf if pdf_in_site else None
            generated = render(project, session, linked, site_dir, in_site)  # render
            publish_site(generated.config_file, site_dir)  # the site
        if pdf_path is not None and pdf is not None:
            pdf_path.parent.mkdir(parents=True, exist_ok=True)
            atomic.write_atomic(pdf_path, pdf)
    return Outcome(validation, generated, pdf)


def render(
    project: Project,
    session: Session,
    linked: LinkedBriefing,
    site_dir: Path,
    pdf: bytes | None = None,
) -> Generated:
    """Render the pages, and write the docs folder and configuration a builder reads."""
    rendered = session.render(linked, last_updated(project.root), with_pdf=pdf is not None)
    return write_generated(project, linked, rendered.pages, rendered.rendered, site_dir, pdf)


def generate(project: Project, session: Session, site_dir: Path, with_pdf: bool) -> Generated:
    """Load, check, link and render, writing the docs folder (the MkDocs plugin's part).

    Raises ContentError. The date stays pinned for the builder that runs next.
    """
    validation = session.validate()
    if not validation.ok:
        raise ContentError(validation.diagnostics)
    linked = validation.linked
    assert linked.settings is not None
    pin_date(linked.settings)
    pdf = make_pdf(project, linked) if with_pdf else None
    return render(project, session, linked, site_dir, pdf)


def make_pdf(project: Project, linked: LinkedBriefing) -> bytes:
    """The PDF of the briefing (read back from the cache when nothing changed)."""
    from .pdf import pdf_bytes

    return pdf_bytes(project, linked)


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

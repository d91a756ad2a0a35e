"""Stage 5: write the generated Markdown tree, and build it into `site/` with MkDocs.

The generated tree (`build/docs/`) is written file by file, and a file whose content
has not changed is left alone, so its modification time stays put and a watching
`mkdocs serve` rebuilds only what changed. `site/` is replaced only once a whole new
build has succeeded, so a failed build never leaves a broken or half-written site.

A build is a transaction: it runs under the project's lock, every file is written under
a temporary name and renamed into place (`atomic.py`), and the new site is swapped in
with one atomic exchange where the OS offers it. A build killed halfway through a swap
is finished or undone by the next one (`recover_swap`).
"""

from __future__ import annotations

import contextlib
import errno
import html
import logging
import os
import shutil
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime, time
from pathlib import Path

from . import atomic
from .diagnostics import Diagnostic
from .history import last_updated
from .incremental import Regenerator
from .linker import LinkedBriefing
from .lock import project_lock
from .pages import TEMPLATES
from .pipeline import Validation
from .writer import display_title

GENERATED = Path("build") / "docs"
STATIC = TEMPLATES / "static"
PDF_NAME = "briefing.pdf"
PDF_CACHE = Path("build") / "pdf-cache"
DEFAULT_CONFIG = TEMPLATES.parent / "mkdocs.yml"
"""The repository's MkDocs configuration, used for a --root that has none of its own."""


class ContentError(Exception):
    """The content has errors; the diagnostics say which."""

    def __init__(self, diagnostics: list[Diagnostic]) -> None:
        super().__init__(f"{len(diagnostics)} problems in the content")
        self.diagnostics = diagnostics


class BuildError(Exception):
    """The site could not be built (MkDocs or PDF failure)."""


@dataclass
class WriteStats:
    """What a write of the generated tree changed."""

    written: list[str] = field(default_factory=list)
    unchanged: int = 0
    removed: list[str] = field(default_factory=list)


@dataclass
class Generated:
    """The result of generating the Markdown tree."""

    validation: Validation
    out_dir: Path
    stats: WriteStats


def _write_if_changed(path: Path, data: bytes) -> bool:
    try:
        if path.stat().st_size == len(data) and path.read_bytes() == data:
            return False
    except FileNotFoundError:
        path.parent.mkdir(parents=True, exist_ok=True)
    # Atomic: a watcher never sees a half-written page, nor does a build after a crash.
    atomic.write_atomic(path, data)
    return True


def write_tree(files: dict[str, bytes], out_dir: Path, keep: set[str] | None = None) -> WriteStats:
    """Make `out_dir` hold exactly `files`, touching only what differs.

    With `keep`, `files` holds only the files that may have changed, and `keep` names
    every file the folder should hold; those not in `files` are left alone. A file that
    `keep` does not name is removed, a temporary one left by a killed process included.
    """
    stats = WriteStats()
    wanted = keep if keep is not None else set(files)
    for rel in sorted(files):
        if _write_if_changed(out_dir / rel, files[rel]):
            stats.written.append(rel)
        else:
            stats.unchanged += 1
    stats.unchanged += len(wanted - set(files))
    if out_dir.exists():
        for path in sorted(out_dir.rglob("*"), reverse=True):
            rel = path.relative_to(out_dir).as_posix()
            if path.is_file() and rel not in wanted:
                path.unlink()
                stats.removed.append(rel)
            elif path.is_dir() and not any(path.iterdir()):
                path.rmdir()
    return stats


def static_files(static_dir: Path = STATIC) -> dict[str, bytes]:
    """The stylesheets and scripts copied beside the generated pages."""
    return {
        p.relative_to(static_dir).as_posix(): p.read_bytes()
        for p in sorted(static_dir.rglob("*"))
        if p.is_file()
    }


def pin_build_date(validation: Validation) -> None:
    """Date the build by the content's "as of" day, unless SOURCE_DATE_EPOCH is set.

    MkDocs and WeasyPrint read SOURCE_DATE_EPOCH for every date they write (the sitemap,
    PDF metadata), so the same content gives the same bytes on any day.
    """
    global _PINNED
    settings = validation.linked.briefing.settings
    if settings is None:
        return
    if "SOURCE_DATE_EPOCH" in os.environ and os.environ["SOURCE_DATE_EPOCH"] != _PINNED:
        return  # set by the caller, not by us: respect it
    moment = datetime.combine(settings.as_of, time(), tzinfo=UTC)
    # Set again on every run, so that a preview follows an edit of the "as of" date.
    _PINNED = os.environ["SOURCE_DATE_EPOCH"] = str(int(moment.timestamp()))


_PINNED: str | None = None


_REGENERATORS: dict[tuple[Path, bool], Regenerator] = {}


def generate(root: Path, out_dir: Path | None = None, with_pdf: bool = False) -> Generated:
    """Validate the content and write the complete Markdown tree; raise ContentError.

    Within one process (the preview server), each call reuses what the last one for the
    same project read and rendered, and writes only the pages that changed.
    """
    regenerator = _REGENERATORS.setdefault((root.resolve(), with_pdf), Regenerator(root, with_pdf))
    validation = regenerator.validate()
    if not validation.ok:
        raise ContentError(validation.diagnostics)
    pin_build_date(validation)
    rendered = regenerator.render(validation.linked, last_updated(root))
    files = static_files()
    keep = set(files) | set(rendered.pages)
    files.update({path: rendered.pages[path].text.encode("utf-8") for path in rendered.rendered})
    if with_pdf:
        # The PDF sits beside the pages, so that MkDocs copies it into the site and
        # checks the home page's link to it like any other.
        from .pdf import pdf_bytes

        files[PDF_NAME] = pdf_bytes(validation.linked, cache_dir=root / PDF_CACHE)
        keep.add(PDF_NAME)
    target = out_dir or root / GENERATED
    # A page not rendered afresh is still written if its file has gone missing.
    for path, page in rendered.pages.items():
        if path not in files and not (target / path).is_file():
            files[path] = page.text.encode("utf-8")
    return Generated(validation, target, write_tree(files, target, keep))


def mkdocs_logging() -> None:
    logger = logging.getLogger("mkdocs")
    if not any(getattr(h, "_briefing", False) for h in logger.handlers):
        handler = logging.StreamHandler()
        handler.setFormatter(logging.Formatter("mkdocs: %(levelname)s: %(message)s"))
        handler.setLevel(logging.WARNING)
        handler._briefing = True  # type: ignore[attr-defined]
        logger.addHandler(handler)
        logger.setLevel(logging.INFO)


def _one_line(exc: BaseException) -> str:
    text = " ".join(str(exc).split())
    return f"{type(exc).__name__}: {text}" if text else type(exc).__name__


def run_mkdocs(root: Path, generated: Generated, site_dir: Path) -> None:
    """Build the generated tree with MkDocs into `site_dir`; raise BuildError or OSError."""
    from mkdocs.commands.build import build
    from mkdocs.config import load_config
    from mkdocs.exceptions import MkDocsException

    from . import mkdocs_plugin

    mkdocs_logging()
    # Material prints a banner about its end of life on every build; the README covers it.
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    mkdocs_plugin.PREGENERATED = generated
    config_file = root / "mkdocs.yml"
    if not config_file.is_file():
        config_file = DEFAULT_CONFIG
    try:
        config = load_config(str(config_file), site_dir=str(site_dir))
        build(config)
    except MkDocsException as exc:
        raise BuildError(f"MkDocs failed: {exc}") from None
    except OSError as exc:
        # A full disk or an unwritable folder, reported as such. MkDocs writes through
        # file objects, whose errors name no file: name the folder it was writing.
        if exc.filename is None:
            exc.filename = str(site_dir)
        raise
    except Exception as exc:
        # A plugin, a hook, a theme or MkDocs itself broke: the build fails, in one line.
        raise BuildError(f"MkDocs failed: {_one_line(exc)}") from None
    finally:
        mkdocs_plugin.PREGENERATED = None


def staging_dir(site_dir: Path) -> Path:
    """Where a build writes the new site before swapping it in: beside `site_dir`."""
    return site_dir.with_name(f".{site_dir.name}.building")


def old_dir(site_dir: Path) -> Path:
    """Where the previous site waits during a swap without an atomic exchange."""
    return site_dir.with_name(f".{site_dir.name}.old")


def recover_swap(site_dir: Path) -> str | None:
    """Finish or undo what a build killed during its swap left; say what, if anything.

    Without an atomic exchange, a build killed between its two renames leaves no site,
    only the previous one under `old_dir`: put it back. Beside a site, the old folder is
    leftover garbage, and so is a staging folder, always.
    """
    old = old_dir(site_dir)
    note = None
    if old.exists() or old.is_symlink():
        if site_dir.exists() or site_dir.is_symlink():
            # A leftover must never stop a build: if it cannot go, it waits for the next.
            with contextlib.suppress(OSError):
                atomic.remove(old)
        elif old.is_dir():
            os.rename(old, site_dir)
            note = f"restored {site_dir} from {old.name}, left by an interrupted build"
    staging = staging_dir(site_dir)
    if staging.exists() or staging.is_symlink():
        atomic.remove(staging)
    return note


def swap_into_place(new: Path, final: Path) -> None:
    """Replace `final` with the finished build in `new`, keeping the old one until then.

    With an atomic exchange, `final` exists at every instant. Without one, the old site
    is renamed aside, then the new one into place; a build killed between the two leaves
    the old site under `old_dir`, which the next build's `recover_swap` puts back.
    """
    if not (final.exists() or final.is_symlink()):
        os.rename(new, final)
        return
    if atomic.exchange(new, final):
        shutil.rmtree(new, ignore_errors=True)  # now the old site; leftovers are recovered
        return
    old = old_dir(final)
    atomic.remove(old)
    os.rename(final, old)
    try:
        os.rename(new, final)
    except BaseException:
        os.rename(old, final)  # never leave no site: put the previous one back
        raise
    shutil.rmtree(old, ignore_errors=True)  # what is left is recovered by the next build


def build_site(
    root: Path, site_dir: Path, with_pdf: bool, report: Callable[[str], None] | None = None
) -> Generated:
    """The whole build: generate, MkDocs into a temporary folder, then swap it in.

    Holds the project's lock throughout (raises lock.ProjectBusy), and first recovers an
    interrupted swap, telling `report` if it put a previous site back. Raises
    ContentError, BuildError or OSError, and then leaves `site_dir` as it was.
    """
    with project_lock(root, "build"):
        if site_dir.exists() and not site_dir.is_dir():
            raise NotADirectoryError(errno.ENOTDIR, os.strerror(errno.ENOTDIR), str(site_dir))
        note = recover_swap(site_dir)
        if note and report:
            report(note)
        generated = generate(root, with_pdf=with_pdf)
        staging = staging_dir(site_dir)
        try:
            run_mkdocs(root, generated, staging)
            atomic.sync_tree(staging)
            swap_into_place(staging, site_dir)
        finally:
            # Never mask the build's own error with one from cleaning up.
            shutil.rmtree(staging, ignore_errors=True)
    return generated


_REDIRECT = """<!DOCTYPE html>
<html lang="{lang}">
<head>
<meta charset="utf-8">
<title>Moved: {title}</title>
<meta http-equiv="refresh" content="0; url={url}">
<link rel="canonical" href="{url}">
<meta name="robots" content="noindex">
</head>
<body>
<p>This page has moved to <a href="{url}">{title}</a>.</p>
</body>
</html>
"""


def write_redirects(linked: LinkedBriefing, site_dir: Path, use_directory_urls: bool) -> list[str]:
    """Keep renamed entities' old URLs working: a redirect page at each alias's address."""
    settings = linked.briefing.settings
    lang = html.escape(settings.language if settings else "en")
    written = []
    for alias, entry_id in sorted(linked.aliases.items()):
        entry = linked.entries[entry_id]
        if use_directory_urls:
            rel, url = f"{entry.collection}/{alias}/index.html", f"../{entry_id}/"
        else:
            rel, url = f"{entry.collection}/{alias}.html", f"{entry_id}.html"
        target = site_dir / rel
        if target.exists():
            continue  # never shadow a real page
        title = html.escape(display_title(entry, linked))
        target.parent.mkdir(parents=True, exist_ok=True)
        page = _REDIRECT.format(lang=lang, title=title, url=html.escape(url))
        atomic.write_atomic(target, page.encode("utf-8"))
        written.append(rel)
    return written

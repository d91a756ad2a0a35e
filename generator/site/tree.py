"""Writing what a builder reads: `build/docs/`, `build/overrides/` and `build/mkdocs.yml`.

`build/docs/` holds every generated page, the stylesheets and scripts, the redirect
pages of renamed entities and the PDF, so it is a complete docs folder. Files are written
only where their bytes changed, each under a temporary name renamed into place: a
watching `mkdocs serve` sees only real changes, and never a half-written page.
"""

from __future__ import annotations

import html
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from generator.model.colours import site_css
from generator.model.entries import LinkedBriefing, display_title, entry_path
from generator.model.i18n import N_, _
from generator.project import atomic
from generator.project.layout import Project
from generator.project.siteconfig import COLOURS_CSS, render_config, site_config
from generator.render.pages import Page
from generator.site.builders import zensical_config

EDITIONS = ("brief", "full")
"""The print editions: the full reference, and the brief of a few pages."""
PDF_NAMES = {"full": "briefing.pdf", "brief": "briefing-brief.pdf"}
"""The editions' files in the site."""
PDF_TITLES = {"brief": N_("The brief (PDF)"), "full": N_("Full reference (PDF)")}
"""How the site's pages name them."""


@dataclass
class WriteStats:
    """What a write of a generated folder changed."""

    written: list[str] = field(default_factory=list)
    unchanged: int = 0
    removed: list[str] = field(default_factory=list)


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


def static_files(project: Project) -> dict[str, bytes]:
    """The stylesheets and scripts copied beside the pages (the project's own win)."""
    return {rel: path.read_bytes() for rel, path in project.layered("static").items()}


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


def page_url(path: str, use_directory_urls: bool) -> str:
    """Where the builder puts the page generated at `path` ("actors/x.md"), from the root."""
    stem = path.removesuffix(".md")
    if not use_directory_urls:
        return stem + ".html"
    return "" if stem == "index" else stem.removesuffix("/index") + "/"


def redirect_pages(linked: LinkedBriefing, use_directory_urls: bool) -> dict[str, bytes]:
    """A page at each renamed entity's old address, sending readers to the new one.

    They are plain files of the docs folder, so any builder copies them as they are.
    """
    settings = linked.settings
    lang = html.escape(settings.language if settings else "en")
    pages: dict[str, bytes] = {}
    for alias, entry_id in sorted(linked.aliases.items()):
        entry = linked.entries[entry_id]
        if use_directory_urls:
            rel, url = f"{entry.collection}/{alias}/index.html", f"../{entry_id}/"
        else:
            rel, url = f"{entry.collection}/{alias}.html", f"{entry_id}.html"
        title = html.escape(display_title(entry, linked))
        page = _REDIRECT.format(lang=lang, title=title, url=html.escape(url))
        pages[rel] = page.encode("utf-8")
    return pages


@dataclass
class Generated:
    """What one generation wrote, and the configuration a builder needs."""

    out_dir: Path
    stats: WriteStats
    config: dict[str, Any]
    config_file: Path


def write_generated(
    project: Project,
    linked: LinkedBriefing,
    pages: dict[str, Page],
    rendered: set[str],
    site_dir: Path,
    pdfs: dict[str, bytes] | None = None,
    builder: str = "mkdocs",
    alternates: list[dict[str, str]] | None = None,
) -> Generated:
    """Write `build/docs/`, `build/overrides/` and `build/mkdocs.yml` for `site_dir`,
    and for Zensical, `build/overrides-zensical/` and `build/zensical.yml`.

    `pages` are every page; only those in `rendered` were rendered afresh (the others are
    rewritten only if their file has gone missing).
    """
    assert linked.settings is not None
    config = site_config(project, linked.settings, site_dir)
    target = project.generated
    files = static_files(project)
    colours = linked.settings.colours
    files[COLOURS_CSS] = site_css(colours.primary, colours.accent).encode("utf-8")
    files.update(redirect_pages(linked, bool(config.get("use_directory_urls"))))
    keep = set(files) | set(pages)
    files.update({path: pages[path].text.encode("utf-8") for path in rendered})
    for path, page in pages.items():
        if path not in files and not (target / path).is_file():
            files[path] = page.text.encode("utf-8")
    for edition, data in (pdfs or {}).items():
        # The PDFs sit beside the pages, so that the builder copies them into the site and
        # checks the pages' links to them like any other.
        files[PDF_NAMES[edition]] = data
        keep.add(PDF_NAMES[edition])
    # Search ranks an entity's page first for its other names (search_terms.py).
    directory_urls = bool(config.get("use_directory_urls"))
    config["extra"]["briefing_aliases"] = {
        page_url(entry_path(e), directory_urls): list(e.model.also_known_as)
        for e in linked.entries.values()
        if getattr(e.model, "also_known_as", None)
    }
    # Every page links the editions (overrides/main.html), if this build makes them.
    config.setdefault("extra", {})["briefing_pdfs"] = [
        {"title": _(PDF_TITLES[e]), "href": PDF_NAMES[e]} for e in EDITIONS if e in (pdfs or {})
    ]
    if alternates:
        # The language menu (overrides/partials/alternate.html links each page to itself
        # in the other languages); the sitemaps name each page's translations (finish.py).
        config["extra"]["briefing_languages"] = alternates
    stats = write_tree(files, target, keep)
    # Overrides of the Material theme's own partials are for MkDocs only: Zensical's
    # partials differ (its search dialog, for one, is already accessible).
    common = {rel: p.read_bytes() for rel, p in project.layered("overrides").items()}
    material = {rel: p.read_bytes() for rel, p in project.layered("overrides-mkdocs").items()}
    write_tree({**common, **material}, project.overrides)
    _write_if_changed(project.site_config, render_config(config))
    if builder != "zensical":
        return Generated(target, stats, config, project.site_config)
    zensical = {rel: p.read_bytes() for rel, p in project.layered("overrides-zensical").items()}
    write_tree({**common, **zensical}, project.zensical_overrides)
    adapted = zensical_config(config)
    adapted["theme"] = {**config["theme"], "custom_dir": project.zensical_overrides.name}
    _write_if_changed(project.zensical_config, render_config(adapted))
    return Generated(target, stats, config, project.zensical_config)

"""A thin MkDocs plugin, so that plain `mkdocs build` and `mkdocs serve` run the pipeline.

It adds no logic of its own: on every (re)build it calls the same `generate()` as
`briefing build`, serves the generated tree as the site's files, and tells
`mkdocs serve` to watch `content/` and `site_templates/`. It is also where the
sanitiser sits, since only MkDocs' events see each page's final HTML: every page's
content is cleaned after every other plugin has changed it, the values the theme prints
unescaped are escaped, and each finished page is checked before it is written.
"""

from __future__ import annotations

import contextlib
import html
from pathlib import Path
from typing import Any

from mkdocs.config import base, config_options
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, event_priority
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page

from .diagnostics import format_text
from .linker import LinkedBriefing
from .lock import ProjectBusy, project_lock
from .pages import TEMPLATES
from .sanitize import (
    PAGE,
    REFUSED_FEATURES,
    THEME_SCRIPTS,
    audit_document,
    clean,
    plain_title,
    sanitize_toc,
)
from .site import ContentError, Generated, generate, write_redirects

PROJECT_ROOT: Path | None = None
"""Set by `briefing serve --root`; plain MkDocs uses the folder holding mkdocs.yml."""

PREGENERATED: Generated | None = None
"""Set by `briefing build`, which has generated the tree already, to avoid doing it twice."""


class BriefingConfig(base.Config):
    """Options of the plugin in mkdocs.yml."""

    pdf = config_options.Type(bool, default=True)
    """Write briefing.pdf into the site on `mkdocs build` (never on `mkdocs serve`)."""


class BriefingPlugin(BasePlugin[BriefingConfig]):
    """Generates the briefing's Markdown before MkDocs reads any page."""

    def __init__(self) -> None:
        super().__init__()
        self.generated: Path | None = None
        self.linked: LinkedBriefing | None = None
        self.serving = False
        self._lock = contextlib.ExitStack()

    def on_startup(self, *, command: str, dirty: bool) -> None:
        # A preview is rebuilt on every keystroke's save: skip the slow PDF there.
        self.serving = command == "serve"

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        for feature in config.theme.get("features", []):
            if feature in REFUSED_FEATURES:
                raise PluginError(
                    f"theme feature '{feature}' is not supported: {REFUSED_FEATURES[feature]}; "
                    "remove it from mkdocs.yml"
                )
        generated = PREGENERATED
        if generated is None:
            root = _project_root(config)
            # Plain `mkdocs build` shares the lock of `briefing build`, `pdf` and `serve`
            # (inside those commands, which hold it already, this passes straight through).
            try:
                self._lock.enter_context(project_lock(root, "mkdocs"))
            except ProjectBusy as exc:
                raise PluginError(str(exc)) from None
            try:
                generated = generate(root, with_pdf=self.config.pdf and not self.serving)
            except ContentError as exc:
                raise PluginError("content is invalid:\n" + format_text(exc.diagnostics)) from None
        self.generated = generated.out_dir
        self.linked = generated.validation.linked
        settings = generated.validation.linked.briefing.settings
        if settings is not None:
            # The theme prints site_name unescaped, in text and in attributes.
            config.site_name = html.escape(settings.title)
        return config

    def on_files(self, files: Files, config: MkDocsConfig) -> Files:
        assert self.generated is not None
        out = self.generated
        docs_dir = Path(config.docs_dir).resolve()
        # Keep the theme's own assets; replace docs_dir's files with the generated tree,
        # which holds copies of them beside the pages.
        kept = [
            f
            for f in files
            if f.abs_src_path is None or not Path(f.abs_src_path).resolve().is_relative_to(docs_dir)
        ]
        generated = [
            File(
                path.relative_to(out).as_posix(),
                str(out),
                config.site_dir,
                config.use_directory_urls,
            )
            for path in sorted(out.rglob("*"))
            if path.is_file()
        ]
        return Files(kept + generated)

    @event_priority(100)  # before search indexes the page, after the tags listings exist
    def on_page_context(self, context: Any, *, page: Page, config: MkDocsConfig, nav: Any) -> Any:
        page.content = clean(page.content or "", PAGE)
        sanitize_toc(list(page.toc))
        page.title = plain_title(page.title or "")
        return context

    @event_priority(-100)  # after every other plugin
    def on_post_page(self, output: str, *, page: Page, config: MkDocsConfig) -> str:
        _refuse_unsafe(output, page.file.src_uri)
        return output

    def on_post_template(
        self, output_content: str, *, template_name: str, config: MkDocsConfig
    ) -> str:
        if template_name.endswith(".html"):
            _refuse_unsafe(output_content, template_name)
        return output_content

    def on_post_build(self, *, config: MkDocsConfig) -> None:
        try:
            if self.linked is not None:
                write_redirects(self.linked, Path(config.site_dir), config.use_directory_urls)
        finally:
            self._lock.close()

    def on_build_error(self, *, error: Exception) -> None:
        self._lock.close()

    def on_serve(self, server: Any, config: MkDocsConfig, builder: Any) -> Any:
        server.watch(str(_project_root(config) / "content"))
        server.watch(str(TEMPLATES))
        return server


def _refuse_unsafe(html_text: str, name: str) -> None:
    problems = audit_document(html_text, THEME_SCRIPTS)
    if problems:
        raise PluginError(f"{name}: refusing to publish unsafe HTML: {problems[0]}")


def _project_root(config: MkDocsConfig) -> Path:
    return PROJECT_ROOT or Path(config.config_file_path).resolve().parent

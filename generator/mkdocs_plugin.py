"""The MkDocs plugin: a thin adapter between MkDocs' events and the pipeline.

- Under `briefing serve` and plain `mkdocs build -f build/mkdocs.yml`, it runs the same
  pipeline as `briefing build` before MkDocs reads any page (`briefing build` has run it
  already and turns this off), and tells `mkdocs serve` what to watch.
- It is where the sanitiser sits, since only MkDocs' events see each page's final
  HTML: every page's content is cleaned after every other plugin has changed it, the
  table of contents is made safe for the theme, and each finished page is checked
  before it is written (markdown/sanitize.py; the audit of the finished page is
  markdown/audit.py).
"""

from __future__ import annotations

import contextlib
import sys
from contextvars import ContextVar
from pathlib import Path
from typing import Any

from markupsafe import Markup
from mkdocs.config import base, config_options
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, event_priority
from mkdocs.structure.pages import Page

from generator.incremental import Session
from generator.markdown.audit import audit_document
from generator.markdown.sanitize import (
    PAGE,
    REFUSED_FEATURES,
    THEME_SCRIPTS,
    clean,
    plain_title,
    sanitize_toc,
)
from generator.model.diagnostics import format_text
from generator.pipeline import ContentError, run
from generator.project.layout import Project
from generator.project.lock import ProjectBusy, project_lock
from generator.site.search_terms import add_variants, variant_table

PREVIEW_SESSION: ContextVar[Session | None] = ContextVar("briefing_preview", default=None)
"""The session `briefing serve` started with, for the plugin of the preview it runs."""


class BriefingConfig(base.Config):
    """Options of the plugin, as `briefing build` writes them into build/mkdocs.yml."""

    root = config_options.Type(str, default=".")
    """The project folder, relative to the configuration file."""
    pdf = config_options.Type(bool, default=True)
    """Put briefing.pdf into the site on `mkdocs build` (never on `mkdocs serve`)."""
    regenerate = config_options.Type(bool, default=True)
    """Run the pipeline before the build; `briefing build` has run it already."""


class BriefingPlugin(BasePlugin[BriefingConfig]):
    """Generates the briefing's pages before MkDocs reads them, and sanitises its output."""

    def __init__(self) -> None:
        super().__init__()
        self.serving = False
        # Kept across the preview's rebuilds (MkDocs keeps a plugin that has on_startup),
        # so that each edit costs only what it changed.
        self.session: Session | None = None
        self._held = contextlib.ExitStack()
        self.served_once = False  # a preview has valid pages to fall back on

    def on_startup(self, *, command: str, dirty: bool) -> None:
        # A preview is rebuilt on every save: skip the slow PDF there.
        self.serving = command == "serve"

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        for feature in config.theme.get("features", []):
            if feature in REFUSED_FEATURES:
                raise PluginError(
                    f"theme feature '{feature}' is not supported: {REFUSED_FEATURES[feature]}; "
                    "remove it from mkdocs.yml"
                )
        # The name is escaped once, by the generator (the theme prints it unescaped in
        # places); as markup, the theme's own `| e` elsewhere leaves it as it is.
        for key in ("site_name", "site_description", "site_author", "copyright"):
            if isinstance(config.get(key), str):
                config[key] = Markup(config[key])
        if not self.config.regenerate:
            return config
        project = self.project(config)
        try:
            # Inside `briefing serve`, which holds the lock already, this passes through.
            self._held.enter_context(project_lock(project.root, "mkdocs"))
        except ProjectBusy as exc:
            raise PluginError(str(exc)) from None
        if self.session is None or self.session.project != project:
            # `briefing serve` has run the pipeline once already, with this session: its
            # first build then renders nothing again.
            started = PREVIEW_SESSION.get()
            fits = started is not None and started.project == project
            self.session = started if fits else Session(project)
        try:
            generated = run(
                project,
                site_dir=Path(config.site_dir),
                pdf_in_site=self.config.pdf and not self.serving,
                publish=False,  # MkDocs, running this plugin, builds the site
                session=self.session,
            ).generated
            assert generated is not None
        except ContentError as exc:
            report = format_text(exc.diagnostics)
            if self.serving and self.served_once:
                # The preview keeps serving the last valid pages, with the problems shown
                # on every page, and reloads by itself once they are fixed.
                # Not through MkDocs' logger: in strict mode it would abort the rebuild.
                sys.stderr.write(
                    "content is invalid; the preview shows the last valid version\n" + report
                )
                config.extra["briefing_errors"] = report.splitlines()
                return config
            self._held.close()
            raise PluginError("content is invalid:\n" + report) from None
        self.served_once = True
        config.extra["briefing_errors"] = []
        # The configuration was read before this run: take what the content may have changed.
        for key in ("site_name", "site_description", "site_author", "copyright"):
            if key in generated.config:
                config[key] = Markup(generated.config[key])
        for key in ("briefing_pdfs", "briefing_spellings", "briefing_aliases", "briefing_text"):
            config.extra[key] = generated.config["extra"].get(key)
        # A collection declared (or renamed) since the preview started has a place in the
        # navigation now, and its pages are not reported as missing from it.
        config["nav"] = generated.config.get("nav", config["nav"])
        if "not_in_nav" in generated.config:
            option = config_options.PathSpec()
            config["not_in_nav"] = option.run_validation(generated.config["not_in_nav"])
        return config

    def project(self, config: MkDocsConfig) -> Project:
        """The project this configuration builds."""
        base_dir = Path(config.config_file_path or ".").resolve().parent
        return Project((base_dir / self.config.root).resolve())

    @event_priority(100)  # before search indexes the page, after the tags listings exist
    def on_page_context(self, context: Any, *, page: Page, config: MkDocsConfig, nav: Any) -> Any:
        page.content = clean(page.content or "", PAGE)
        sanitize_toc(list(page.toc))
        page.title = plain_title(page.title or "")
        return context

    @event_priority(-100)  # after every other plugin
    def on_post_page(self, output: str, *, page: Page, config: MkDocsConfig) -> str:
        # Under `briefing build` (no regeneration here), finish.py audits every file of the
        # site before it is published: auditing each page here too would be done twice.
        if self.config.regenerate:
            _refuse_unsafe(output, page.file.src_uri)
        return output

    def on_post_template(
        self, output_content: str, *, template_name: str, config: MkDocsConfig
    ) -> str:
        if self.config.regenerate and template_name.endswith(".html"):
            _refuse_unsafe(output_content, template_name)
        return output_content

    # After the search plugin writes its index, before the offline plugin inlines it.
    @event_priority(-50)
    def on_post_build(self, *, config: MkDocsConfig) -> None:
        try:
            spellings = config.extra.get("briefing_spellings") or []
            table = variant_table(tuple(s) for s in spellings)
            add_variants(Path(config.site_dir), table, config.extra.get("briefing_aliases"))
        finally:
            self._held.close()

    def on_build_error(self, *, error: Exception) -> None:
        self._held.close()

    def on_serve(self, server: Any, config: MkDocsConfig, builder: Any) -> Any:
        project = self.project(config)
        server.watch(str(project.content))
        for folder in project.template_dirs:
            server.watch(str(folder))
        return server


def _refuse_unsafe(html_text: str, name: str) -> None:
    problems = audit_document(html_text, THEME_SCRIPTS)
    if problems:
        raise PluginError(f"{name}: refusing to publish unsafe HTML: {problems[0]}")

"""A thin MkDocs plugin, so that plain `mkdocs build` and `mkdocs serve` run the pipeline.

It adds no logic of its own: on every (re)build it calls the same `generate()` as
`briefing build`, serves the generated tree as the site's files, and tells
`mkdocs serve` to watch `content/` and `site_templates/`.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from mkdocs.config import base, config_options
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin
from mkdocs.structure.files import File, Files

from .diagnostics import format_text
from .linker import LinkedBriefing
from .pages import TEMPLATES
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

    def on_startup(self, *, command: str, dirty: bool) -> None:
        # A preview is rebuilt on every keystroke's save: skip the slow PDF there.
        self.serving = command == "serve"

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        generated = PREGENERATED
        if generated is None:
            root = _project_root(config)
            try:
                generated = generate(root, with_pdf=self.config.pdf and not self.serving)
            except ContentError as exc:
                raise PluginError("content is invalid:\n" + format_text(exc.diagnostics)) from None
        self.generated = generated.out_dir
        self.linked = generated.validation.linked
        settings = generated.validation.linked.briefing.settings
        if settings is not None:
            config.site_name = settings.title
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

    def on_post_build(self, *, config: MkDocsConfig) -> None:
        if self.linked is not None:
            write_redirects(self.linked, Path(config.site_dir), config.use_directory_urls)

    def on_serve(self, server: Any, config: MkDocsConfig, builder: Any) -> Any:
        server.watch(str(_project_root(config) / "content"))
        server.watch(str(TEMPLATES))
        return server


def _project_root(config: MkDocsConfig) -> Path:
    return PROJECT_ROOT or Path(config.config_file_path).resolve().parent

"""A briefing project on disk: where its content, templates and outputs are.

The generator ships its templates, stylesheets, scripts, theme override and default site
configuration as package data (`generator/site_templates` in an installed wheel; the
repository's `site_templates/` in a checkout). A project's own `site_templates/` folder
overrides them file by file, as MkDocs' `custom_dir` does for a theme.
"""

from __future__ import annotations

import os
import stat
from dataclasses import dataclass
from functools import cache, lru_cache
from importlib.resources import files
from pathlib import Path

import jinja2

from generator.model.declared import valid_specs, with_declared
from generator.model.defaults import DEFAULT_REGISTRY
from generator.model.limits import MAX_FILE_BYTES
from generator.model.registry import Registry
from generator.model.yamlpos import YamlProblem, parse_yaml

PACKAGE_TEMPLATES = Path(str(files("generator.site_templates")))
"""The templates, static files, theme override and default configuration that ship."""


@dataclass(frozen=True)
class Project:
    """One briefing: a folder holding `content/`, and optionally its own templates."""

    root: Path
    registry: Registry = None  # type: ignore[assignment]
    """The collections: by default the built-in ones and those `briefing.yaml` declares."""
    translation: str = ""
    """The language of the translation this view of the project builds (its own
    generated files under build/translations/<language>/), or "" for the original."""

    def __post_init__(self) -> None:
        if self.registry is None:
            object.__setattr__(self, "registry", declared_registry(self.root))

    @property
    def content(self) -> Path:
        return self.root / "content"

    @property
    def build(self) -> Path:
        """Where generated files go (never published as they are)."""
        if self.translation:
            return self.root / "build" / "translations" / self.translation
        return self.root / "build"

    def translated(self, language: str) -> Project:
        """The view of this project that builds its translation into `language`."""
        return Project(self.root, self.registry, language)

    @property
    def generated(self) -> Path:
        """The generated docs folder MkDocs builds: pages, stylesheets, scripts, the PDF."""
        return self.build / "docs"

    @property
    def site_config(self) -> Path:
        """The complete MkDocs configuration written for each build."""
        return self.build / "mkdocs.yml"

    @property
    def overrides(self) -> Path:
        """The theme override folder: the shipped one with the project's laid over it."""
        return self.build / "overrides"

    @property
    def zensical_config(self) -> Path:
        """The configuration written for Zensical (builders.zensical_config)."""
        return self.build / "zensical.yml"

    @property
    def zensical_overrides(self) -> Path:
        """The theme override folder Zensical uses: without the MkDocs theme's partials."""
        return self.build / "overrides-zensical"

    @property
    def pdf_cache(self) -> Path:
        return self.build / "pdf-cache"

    @property
    def site(self) -> Path:
        """The default place of the built site."""
        return self.root / "site"

    @property
    def own_templates(self) -> Path:
        """The project's template folder, whose files override the shipped ones."""
        return self.root / "site_templates"

    @property
    def own_config(self) -> Path:
        """The project's optional mkdocs.yml, whose keys override the defaults."""
        return self.root / "mkdocs.yml"

    @property
    def template_dirs(self) -> tuple[Path, ...]:
        """Where templates are looked for, the project's own first."""
        own = self.own_templates.resolve()
        if own.is_dir() and own != PACKAGE_TEMPLATES.resolve():
            return (own, PACKAGE_TEMPLATES)
        return (PACKAGE_TEMPLATES,)

    def find(self, name: str) -> Path:
        """The file `name` (e.g. "pdf/briefing.css") from the first template folder with it."""
        for folder in self.template_dirs:
            if (folder / name).is_file():
                return folder / name
        raise FileNotFoundError(f"no template file {name!r} in {self.template_dirs[0]}")

    def layered(self, folder: str) -> dict[str, Path]:
        """Every file under `folder` of the template folders, the project's winning."""
        found: dict[str, Path] = {}
        for base in reversed(self.template_dirs):
            root = base / folder
            if root.is_dir():
                for path in sorted(root.rglob("*")):
                    if path.is_file() and "__pycache__" not in path.parts:
                        found[path.relative_to(root).as_posix()] = path
        return dict(sorted(found.items()))

    def environment(self, html: bool = False) -> jinja2.Environment:
        """The Jinja2 environment of the page (Markdown) or print (HTML) templates."""
        return _environment(self.template_dirs, html)


@cache
def _environment(dirs: tuple[Path, ...], html: bool) -> jinja2.Environment:
    # Compiled once per process and set of folders; Jinja2 reloads a template whose
    # file changed, so the preview server sees edits to templates too.
    from generator.model import i18n
    from generator.model.limits import MAX_LISTED

    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader([str(d) for d in dirs]),
        extensions=["jinja2.ext.i18n"],
        autoescape=html,  # the page templates write Markdown; `md` escapes text for it
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=not html,
    )
    env.globals["MAX_LISTED"] = MAX_LISTED  # the most entries one generated list names
    # `_("…")` and `ngettext(…)` look the message up in the language being rendered
    # (model/i18n.py), so one compiled environment serves every language.
    env.install_gettext_callables(  # type: ignore[attr-defined]
        i18n._, i18n.ngettext, newstyle=True, pgettext=i18n.pgettext
    )
    env.globals["language"] = i18n.active
    env.filters["full_stop"] = i18n.full_stop
    return env


def declared_registry(root: Path) -> Registry:
    """The built-in collections and those `content/briefing.yaml` declares under
    `collections:`.

    Read before the content is loaded, since the loader needs to know the folders. A
    declaration that is not valid is left out here; checking the settings reports it,
    with its line.
    """
    path = root / "content" / "briefing.yaml"
    try:
        # Never through a link, never a file larger than any content file may be.
        fd = os.open(path, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK)
    except OSError:
        return DEFAULT_REGISTRY
    with os.fdopen(fd, "rb") as handle:
        info = os.fstat(handle.fileno())
        if not stat.S_ISREG(info.st_mode) or info.st_size > MAX_FILE_BYTES:
            return DEFAULT_REGISTRY
        return _declared(handle.read(MAX_FILE_BYTES + 1))


@lru_cache(maxsize=8)
def _declared(data: bytes) -> Registry:
    try:
        # The content's own YAML reader: no aliases, no timestamps.
        settings = parse_yaml(data.decode("utf-8")).data
    except (YamlProblem, UnicodeDecodeError):
        return DEFAULT_REGISTRY
    declared = settings.get("collections") if isinstance(settings, dict) else None
    return with_declared(DEFAULT_REGISTRY, valid_specs(declared))

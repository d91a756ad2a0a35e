"""The MkDocs configuration of one briefing, derived rather than copied.

It is the shipped defaults (`site_templates/mkdocs.yml`), then what the briefing says of
itself in `briefing.yaml` (name, description, language, publisher, colours), then the
navigation from the registry, and last the project's own `mkdocs.yml`, key by key. No
project ever shows another project's name or description. The result is written to
`build/mkdocs.yml`, with paths relative to it, so that any builder reading `mkdocs.yml`
files can be pointed at it.
"""

from __future__ import annotations

import copy
import html
import os
from functools import cache
from pathlib import Path
from typing import Any

import yaml

from generator.model.errors import BriefingError
from generator.model.i18n import N_, _, active
from generator.model.registry import NavItem
from generator.model.schema import Settings
from generator.project.layout import PACKAGE_TEMPLATES, Project

COLOURS_CSS = "stylesheets/colours.css"
"""The generated stylesheet with the briefing's colours (colours.site_css)."""


class ConfigError(BriefingError):
    """The project's mkdocs.yml cannot be read or is not a mapping."""


def defaults() -> dict[str, Any]:
    """The shipped default configuration."""
    loaded = yaml.safe_load((PACKAGE_TEMPLATES / "mkdocs.yml").read_text(encoding="utf-8"))
    return dict(loaded)


def merge(base: dict[str, Any], overrides: dict[str, Any]) -> dict[str, Any]:
    """`base` with `overrides` applied key by key: mappings merge, anything else replaces."""
    merged = copy.deepcopy(base)
    for key, value in overrides.items():
        if isinstance(value, dict) and isinstance(merged.get(key), dict):
            merged[key] = merge(merged[key], value)
        else:
            merged[key] = copy.deepcopy(value)
    return merged


def _own_overrides(project: Project) -> dict[str, Any]:
    path = project.own_config
    if not path.is_file():
        return {}
    try:
        # MkDocs' own loader, so that its tags (!ENV, !relative) read as MkDocs reads them.
        from mkdocs.utils.yaml import get_yaml_loader

        loaded = yaml.load(path.read_text(encoding="utf-8"), Loader=get_yaml_loader())
    except (OSError, yaml.YAMLError) as exc:
        raise ConfigError(f"{path.name} cannot be read: {exc}") from None
    if loaded is None:
        return {}
    if not isinstance(loaded, dict):
        raise ConfigError(f"{path.name} must hold 'key: value' settings")
    return loaded


THEME_MESSAGES = (N_("Switch to dark mode"), N_("Switch to light mode"))
"""The default configuration's own words (site_templates/mkdocs.yml), for the catalog."""


@cache
def _theme_languages() -> frozenset[str]:
    from importlib.resources import files

    folder = files("material") / "templates" / "partials" / "languages"
    return frozenset(
        p.name.removesuffix(".html") for p in folder.iterdir() if p.name.endswith(".html")
    )


def _language(tag: str) -> str:
    """The theme language nearest to a BCP 47 tag ("en-GB" → "en")."""
    for candidate in (tag, tag.split("-")[0].lower()):
        if candidate in _theme_languages():
            return candidate
    return "en"


def _nav_entry(item: NavItem) -> dict[str, Any]:
    # The themes write navigation titles into the page as they are: escaped here, so a
    # collection's title declared in briefing.yaml is text.
    title = html.escape(_(item.title), quote=False)
    if item.children:
        return {title: [_nav_entry(child) for child in item.children]}
    return {title: item.path}


def _relative(target: Path, base: Path) -> str:
    return os.path.relpath(target.resolve(), base.resolve()).replace(os.sep, "/")


def site_config(project: Project, settings: Settings, site_dir: Path) -> dict[str, Any]:
    """The complete MkDocs configuration of `project`, for a site built into `site_dir`."""
    config = defaults()
    # The theme prints these without escaping them, in text and in attributes.
    config["site_name"] = html.escape(settings.title)
    description = settings.description or settings.subtitle
    if description:
        config["site_description"] = html.escape(description)
    config["site_author"] = html.escape(settings.publisher)
    config["copyright"] = html.escape(
        _("Published by %(publisher)s") % {"publisher": settings.publisher}
    )
    theme = config.setdefault("theme", {})
    theme["language"] = _language(settings.language)
    # The colours come from the generator's stylesheet (colours.py), the same for every
    # builder: the theme's own palette is told to stand aside.
    for scheme in theme.get("palette", []):
        scheme["primary"] = "custom"
        scheme["accent"] = "custom"
        toggle = scheme.get("toggle")
        if isinstance(toggle, dict) and isinstance(toggle.get("name"), str):
            toggle["name"] = html.escape(_(toggle["name"]))
    config["extra_css"] = [COLOURS_CSS, *config.get("extra_css", [])]
    if settings.site_url:
        # One setting: the citation, the PDFs, and here the sitemap and canonical links.
        config["site_url"] = settings.site_url
        if project.translation:  # a translation is published under its language's folder
            config["site_url"] = f"{settings.site_url.rstrip('/')}/{project.translation}/"
    config["nav"] = [_nav_entry(item) for item in project.registry.nav()]
    # The entities' pages are reached through their collections, not the navigation.
    config["not_in_nav"] = "\n".join(f"/{c.name}/*.md" for c in project.registry) + "\n"
    # Variant spellings for the search index (search_terms.py).
    # The words the theme override (overrides/main.html) writes, in the language.
    config.setdefault("extra", {})["briefing_text"] = {
        "download": _("Download:"),
        "problems": _(
            "The content has problems; this preview shows the last valid version. "
            "Fix them and the page reloads by itself."
        ),
    }
    config["extra"]["briefing_spellings"] = [[s.variant, s.used] for s in settings.spellings]
    own = _own_overrides(project)
    _check_code(project, settings, own)
    # Paths in the project's mkdocs.yml are relative to it; the file written is in build/.
    for key in ("hooks", "watch"):
        if isinstance(own.get(key), list):
            own[key] = [
                p if not isinstance(p, str) or Path(p).is_absolute() else f"../{p}"
                for p in own[key]
            ]
    config = merge(config, own)
    _confine_snippets(project, config)
    config["extra"]["briefing_scripts"] = list(settings.scripts)
    # The sanitiser lives in the plugin, and raw HTML is shown as text by the extension:
    # a project's own lists of plugins or extensions cannot leave them out.
    if "briefing" not in [next(iter(p)) if isinstance(p, dict) else p for p in config["plugins"]]:
        config["plugins"].insert(0, "briefing")
    extensions = config.setdefault("markdown_extensions", [])
    if "generator.markdown.safe" not in extensions:
        extensions.append("generator.markdown.safe")
    _translate_footnotes(extensions)
    _translate_search_markup(extensions)
    _add_direction(extensions)
    # Where things are is the generator's business: relative to build/mkdocs.yml.
    base = project.site_config.parent
    config["docs_dir"] = _relative(project.generated, base)
    config["site_dir"] = _relative(site_dir, base)
    config.setdefault("theme", {})["custom_dir"] = _relative(project.overrides, base)
    config["plugins"] = [
        {"briefing": {"root": _relative(project.root, base)}} if p == "briefing" else p
        for p in config.get("plugins", [])
    ]
    return config


def _add_direction(extensions: list[Any]) -> None:
    """Each block's direction (markdown/direction.py), told the page's: before the
    cleaning extension, which stays last."""
    names = [next(iter(e)) if isinstance(e, dict) else e for e in extensions]
    entry = {"generator.markdown.direction": {"direction": active().direction}}
    if "generator.markdown.direction" in names:
        extensions[names.index("generator.markdown.direction")] = entry
    else:
        extensions.insert(names.index("generator.markdown.safe"), entry)


def _translate_search_markup(extensions: list[Any]) -> None:
    """The facts tables' header as the pages write it, for the search extension."""
    header = [_("Fact"), _("Detail")]
    for index, item in enumerate(extensions):
        if item == "generator.markdown.search":
            extensions[index] = {"generator.markdown.search": {"facts_header": header}}


def _translate_footnotes(extensions: list[Any]) -> None:
    """The titles of the footnotes' "back to the text" links and of the headings'
    permanent links, in the briefing's language."""
    for name, option, title in (
        ("footnotes", "BACKLINK_TITLE", _("Jump back to footnote %d in the text")),
        ("toc", "permalink_title", _("Permanent link")),
    ):
        for index, item in enumerate(extensions):
            if item == name:
                extensions[index] = {name: {option: title}}
            elif isinstance(item, dict) and isinstance(item.get(name), dict):
                item[name].setdefault(option, title)


def _check_code(project: Project, settings: Settings, own: dict[str, Any]) -> None:
    """Hooks and scripts are code: each must be named in briefing.yaml (`hooks`,
    `scripts`), so that adding one is a visible change to one reviewed line."""
    for hook in own.get("hooks") or []:
        if str(hook) not in settings.hooks:
            raise ConfigError(
                f"mkdocs.yml runs the hook {hook!r}, which briefing.yaml's hooks does not "
                "name; list it there if it is meant to run"
            )
    for script in own.get("extra_javascript") or []:
        path = script.get("path") if isinstance(script, dict) else script
        if str(path) not in settings.scripts:
            raise ConfigError(
                f"mkdocs.yml loads the script {path!r}, which briefing.yaml's scripts does "
                "not name; list it there if it is meant to load"
            )


def _confine_snippets(project: Project, config: dict[str, Any]) -> None:
    """Includes read only inside the project: pymdownx.snippets' base paths must lie in it,
    with its own confinement on and remote snippets off."""
    root = project.root.resolve()
    for index, item in enumerate(config.get("markdown_extensions", [])):
        name, options = next(iter(item.items())) if isinstance(item, dict) else (item, None)
        if name != "pymdownx.snippets":
            continue
        options = dict(options or {})
        bases = options.get("base_path", ["."])
        bases = [bases] if isinstance(bases, str) else list(bases)
        for base in bases:
            where = (root / str(base)).resolve()
            if where != root and root not in where.parents:
                raise ConfigError(
                    f"pymdownx.snippets reads from {base!r}, outside the project; "
                    "snippets may come only from folders inside it"
                )
        # Paths in the built configuration are relative to build/, where it is written.
        options["base_path"] = [str((root / str(b)).resolve()) for b in bases]
        options.update(restrict_base_path=True, check_paths=True, url_download=False)
        config["markdown_extensions"][index] = {name: options}


def render_config(config: dict[str, Any]) -> bytes:
    """The configuration as the text of build/mkdocs.yml."""
    header = (
        "# Written by `briefing build` from the generator's defaults, content/briefing.yaml\n"
        "# and the project's mkdocs.yml. Do not edit: it is rewritten on every build.\n"
    )
    body = yaml.safe_dump(config, sort_keys=False, allow_unicode=True, width=100)
    return (header + body).encode("utf-8")


def markdown_extensions(project: Project | None = None) -> list[Any]:
    """The Markdown extensions a briefing's site is built with: the defaults, or, for a
    `project`, as its own mkdocs.yml sets them (includes confined to the project), so
    that validation renders content exactly as the build will."""
    config = {"markdown_extensions": list(defaults()["markdown_extensions"])}
    if project is not None:
        own = _own_overrides(project)
        config = merge(config, {k: v for k, v in own.items() if k == "markdown_extensions"})
        _confine_snippets(project, config)
    extensions = list(config["markdown_extensions"])
    if "generator.markdown.safe" not in extensions:
        extensions.append("generator.markdown.safe")
    return extensions

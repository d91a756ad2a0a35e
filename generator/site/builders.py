"""The builders that turn the generated docs folder into a site: MkDocs with Material
(the default), and Zensical, Material's successor, which reads the same mkdocs.yml.

Both read the configuration `briefing build` writes for them (siteconfig.py) and build
the same generated Markdown; what a site needs beyond plain Markdown (the topics page,
redirects, the site's name, the sitemap, variant spellings in search) is made by the
generator, so that no builder's plugin is needed for it (finish.py does the rest).
"""

from __future__ import annotations

import hashlib
import logging
import os
import re
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

from generator.model.errors import BriefingError


class BuildError(BriefingError):
    """The site could not be built: the builder, a plugin or the theme failed."""


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


def run_mkdocs(config_file: Path, site_dir: Path, regenerate: bool = False) -> None:
    """Build with MkDocs from `config_file` into `site_dir`; raise BuildError or OSError.

    Unless `regenerate`, the briefing plugin takes the generated docs folder as it is:
    `briefing build` has just written it.
    """
    from mkdocs.commands.build import build
    from mkdocs.config import load_config
    from mkdocs.exceptions import MkDocsException

    mkdocs_logging()
    # Material prints a banner about its end of life on every build; the README covers it.
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    warnings = _Warnings()
    logger = logging.getLogger("mkdocs")
    logger.addHandler(warnings)
    try:
        config = load_config(str(config_file), site_dir=str(site_dir))
        plugin = config.plugins.get("briefing")
        if plugin is not None:
            plugin.config.regenerate = regenerate
        build(config)
    except MkDocsException as exc:
        # In strict mode the exception only counts the warnings: name the first.
        first = f" (first: {warnings.messages[0]})" if warnings.messages else ""
        raise BuildError(f"MkDocs failed: {exc}{first}") from None
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
        logger.removeHandler(warnings)


class _Warnings(logging.Handler):
    """The warnings MkDocs logs during one build, kept for the error that ends it."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(" ".join(record.getMessage().split()))


ZENSICAL_OUTPUT = ".zensical-site"
"""Where Zensical writes, inside build/: it refuses a site folder outside its project."""


def run_zensical(config_file: Path, site_dir: Path) -> None:
    """Build with Zensical from `config_file` into `site_dir`; raise BuildError or OSError.

    Zensical runs as a separate process of this Python, so that the generator's Markdown
    extensions, which the configuration names, can be imported. It writes inside the
    configuration's folder (ZENSICAL_OUTPUT); the result is moved to `site_dir`.
    """
    output = config_file.parent / ZENSICAL_OUTPUT
    shutil.rmtree(output, ignore_errors=True)
    command = [sys.executable, "-m", "zensical", "build", "--strict", "-f", config_file.name]
    stamp = config_file.parent / ".cache" / "briefing-extensions"
    signature = _extensions_signature()
    try:
        cache_is_current = stamp.read_text(encoding="ascii") == signature
    except OSError:
        cache_is_current = False
    if not cache_is_current:
        command.append("--clean")
    try:
        proc = subprocess.run(
            command, cwd=config_file.parent, capture_output=True, text=True, check=False
        )
    except OSError as exc:
        raise BuildError(f"Zensical could not be started: {exc}") from None
    problems = _zensical_problems(proc.stdout + proc.stderr)
    if proc.returncode != 0 or not output.is_dir():
        detail = problems or " ".join((proc.stderr or proc.stdout).split())[-400:]
        if "No module named zensical" in (proc.stderr or ""):
            detail = "Zensical is not installed: install the briefwright[zensical] extra"
        raise BuildError(f"Zensical failed: {detail}")
    stamp.parent.mkdir(parents=True, exist_ok=True)
    stamp.write_text(signature, encoding="ascii")
    if site_dir.exists():
        shutil.rmtree(site_dir)
    os.replace(output, site_dir)


def _extensions_signature() -> str:
    """The code of this package, which Zensical's page cache does not know about.

    Zensical caches each page as rendered, keyed by its Markdown and configuration, not
    by the code of the Markdown extensions the configuration names (this package's): a
    new version of them must not publish pages rendered by the old one.
    """
    digest = hashlib.sha256()
    for module in sorted(Path(__file__).parent.glob("*.py")):
        digest.update(module.name.encode() + b"\0" + module.read_bytes())
    return digest.hexdigest()


_ANSI = re.compile(r"\x1b\[[0-9;]*m")
_PLACE = re.compile(r"\[\s*(\S+:\d+:\d+)\s*\]")


def _zensical_problems(log: str) -> str:
    """Zensical's warnings and errors as `file:line:col: message`, on one line."""
    found: list[str] = []
    message = ""
    for raw in _ANSI.sub("", log).splitlines():
        line = " ".join(raw.split())
        lower = line.lower()
        if lower.startswith(("warning:", "error:")):
            message = line.split(":", 1)[1].strip()
            found.append(message)
        elif message and (place := _PLACE.search(line)):
            found[-1] = f"{place.group(1)}: {message}"
            message = ""
        elif lower.startswith(("runtimeerror", "error")):
            found.append(line)
    return "; ".join(found)


def zensical_config(config: dict[str, object]) -> dict[str, object]:
    """The MkDocs configuration as Zensical takes it: the same, less the briefing
    plugin (which MkDocs runs, Zensical cannot), writing inside build/."""
    adapted = dict(config)
    adapted["plugins"] = [
        p
        for p in config.get("plugins", [])  # type: ignore[attr-defined]
        if (next(iter(p)) if isinstance(p, dict) else p) != "briefing"
    ]
    adapted["site_dir"] = ZENSICAL_OUTPUT
    return adapted


BUILDERS: dict[str, Callable[[Path, Path], None]] = {
    "mkdocs": lambda config, site: run_mkdocs(config, site),
    "zensical": run_zensical,
}
"""The builders by name; MkDocs is the default."""

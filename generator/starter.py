"""`briefing init DIR`: a new briefing that validates without a warning and builds.

The starter ships as package data (`site_templates/starter/`): settings, one or two
entities per collection on a fictional water-sharing accord, a README, a CONTRIBUTING.md
whose reference sections `briefing docs` fills in, the pull-request and publishing
workflows and the pre-commit configuration this repository uses.
"""

from __future__ import annotations

from pathlib import Path

from . import __version__
from .docs import render_document
from .project import PACKAGE_TEMPLATES

STARTER = PACKAGE_TEMPLATES / "starter"
# Package data keeps no dot files; these are their names in the new project.
_RENAMED = {
    "gitignore": ".gitignore",
    "pre-commit-config.yaml": ".pre-commit-config.yaml",
    "github": ".github",
}


class StarterError(Exception):
    """The folder cannot take a new briefing: it holds one already, or is not a folder."""


def starter_files() -> dict[str, str]:
    """The new project's files, by path, with their text."""
    files: dict[str, str] = {}
    for path in sorted(STARTER.rglob("*")):
        if not path.is_file() or "__pycache__" in path.parts:
            continue
        parts = list(path.relative_to(STARTER).parts)
        parts[0] = _RENAMED.get(parts[0], parts[0])
        files["/".join(parts)] = path.read_text(encoding="utf-8")
    files["requirements.txt"] = files["requirements.txt"].replace("{version}", __version__)
    files["README.md"] = files["README.md"].replace("{title}", "An example briefing")
    files["CONTRIBUTING.md"] = render_document(files["CONTRIBUTING.md"])
    return files


def write_starter(directory: Path) -> list[Path]:
    """Write a starter briefing into `directory`, which must not hold content already."""
    if directory.exists() and not directory.is_dir():
        raise StarterError(f"{directory} is a file, not a folder")
    taken = [name for name in ("content", "briefing.yaml") if (directory / name).exists()]
    if taken:
        raise StarterError(
            f"{directory} already holds a briefing ({directory / taken[0]} exists); "
            "choose an empty folder"
        )
    files = starter_files()
    clashes = [rel for rel in files if (directory / rel).exists()]
    if clashes:
        raise StarterError(f"{directory / clashes[0]} exists; choose an empty folder")
    written = []
    for rel, text in files.items():
        target = directory / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        with target.open("x", encoding="utf-8") as handle:  # "x": never overwrite
            handle.write(text)
        written.append(target)
    return written

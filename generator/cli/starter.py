"""`briefing init DIR`: a new briefing that validates without a warning and builds.

The starter ships as package data (`site_templates/starter/`): settings, one or two
entities per collection on a fictional water-sharing accord, a README, a CONTRIBUTING.md
whose reference sections `briefing docs` fills in, the pull-request and publishing
workflows and the pre-commit configuration this repository uses.
"""

from __future__ import annotations

import shutil
import subprocess
from dataclasses import dataclass, field
from pathlib import Path

from generator.cli.distribution import Requirement, requirements_text
from generator.model.errors import BriefingError
from generator.project.layout import PACKAGE_TEMPLATES
from generator.render.reference import render_document

STARTER = PACKAGE_TEMPLATES / "starter"
# Package data keeps no dot files; these are their names in the new project.
_RENAMED = {
    "gitignore": ".gitignore",
    "pre-commit-config.yaml": ".pre-commit-config.yaml",
    "github": ".github",
}


class StarterError(BriefingError):
    """The folder cannot take a new briefing: it holds one already, or is not a folder."""


def starter_files(requirement: Requirement | None = None) -> dict[str, str]:
    """The new project's files, by path, with their text."""
    files: dict[str, str] = {}
    for path in sorted(STARTER.rglob("*")):
        if not path.is_file() or "__pycache__" in path.parts:
            continue
        parts = list(path.relative_to(STARTER).parts)
        parts[0] = _RENAMED.get(parts[0], parts[0])
        files["/".join(parts)] = path.read_text(encoding="utf-8")
    files["requirements.txt"] = requirements_text(requirement)
    files["README.md"] = files["README.md"].replace("{title}", "An example briefing")
    files["CONTRIBUTING.md"] = render_document(files["CONTRIBUTING.md"])
    return files


@dataclass
class Started:
    """What `init` did: files written, files it found and kept, and what it set up."""

    written: list[Path] = field(default_factory=list)
    kept: list[Path] = field(default_factory=list)
    extended: list[Path] = field(default_factory=list)  # an existing .gitignore, appended to
    git: str = ""  # "created", "existing" or "missing" (git is not installed)


def write_starter(directory: Path, requirement: Requirement | None = None) -> Started:
    """Write a starter briefing into `directory`, beside whatever it holds already.

    A folder that holds a briefing is refused. Any other file is kept as it is: the
    starter's README goes to BRIEFING.md beside an existing README.md, and the lines an
    existing .gitignore lacks are appended to it. A folder that is not in a git
    repository gets one, so that `briefing diff` and the workflows work from the start.
    """
    if directory.exists() and not directory.is_dir():
        raise StarterError(f"{directory} is a file, not a folder")
    taken = [name for name in ("content", "briefing.yaml") if (directory / name).exists()]
    if taken:
        raise StarterError(
            f"{directory} already holds a briefing ({directory / taken[0]} exists); "
            "choose another folder, or remove it first"
        )
    files = starter_files(requirement)
    started = Started()
    if (directory / "README.md").exists():
        files["BRIEFING.md"] = files.pop("README.md")
        started.kept.append(directory / "README.md")
    for rel, text in files.items():
        target = directory / rel
        if rel == ".gitignore" and target.is_file():
            if _append_missing_lines(target, text):
                started.extended.append(target)
            continue
        if target.exists():
            started.kept.append(target)
            continue
        target.parent.mkdir(parents=True, exist_ok=True)
        with target.open("x", encoding="utf-8") as handle:  # "x": never overwrite
            handle.write(text)
        started.written.append(target)
    for rel, source in (requirement.files if requirement else {}).items():
        target = directory / rel
        if not target.exists():
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(source, target)
            started.written.append(target)
    started.git = _ensure_git(directory)
    return started


def _append_missing_lines(path: Path, text: str) -> bool:
    have = set(path.read_text(encoding="utf-8").splitlines())
    missing = [line for line in text.splitlines() if line and line not in have]
    if not missing:
        return False
    with path.open("a", encoding="utf-8") as handle:
        handle.write("\n# briefing\n" + "\n".join(missing) + "\n")
    return True


def _ensure_git(directory: Path) -> str:
    def git(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(["git", *args], cwd=directory, capture_output=True, text=True)

    try:
        if git("rev-parse", "--is-inside-work-tree").returncode == 0:
            return "existing"
        created = git("init", "--quiet", "--initial-branch=main")
    except OSError:
        return "missing"
    return "created" if created.returncode == 0 else "missing"

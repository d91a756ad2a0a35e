"""What git knows about the content: last-change dates, and files changed since a base.

Every function degrades gracefully outside a git checkout (a downloaded archive, a test
folder): dates are then simply unknown, and callers fall back to the "as of" date.
"""

from __future__ import annotations

import subprocess
from pathlib import Path

from generator.model.errors import BriefingError


class GitError(BriefingError):
    """git is missing, or the folder is not a checkout, or a revision does not exist."""


def git_bytes(root: Path, *args: str) -> bytes:
    """Run git in `root`; return its output or raise GitError with its message."""
    try:
        proc = subprocess.run(
            ["git", "-C", str(root), *args], capture_output=True, timeout=120, check=False
        )
    except (OSError, subprocess.SubprocessError) as exc:
        raise GitError(f"could not run git: {exc}") from None
    if proc.returncode != 0:
        message = proc.stderr.decode("utf-8", "replace").strip()
        raise GitError(message or f"git {' '.join(args)} failed")
    return proc.stdout


def git(root: Path, *args: str) -> str:
    """Run git in `root`; return its output as text."""
    return git_bytes(root, *args).decode("utf-8", "replace")


def default_base(root: Path) -> str:
    """The merge base of HEAD with `main` (or `origin/main`): what a pull request changes."""
    for branch in ("main", "origin/main"):
        try:
            return git(root, "merge-base", "HEAD", branch).strip()
        except GitError:
            continue
    raise GitError("no 'main' branch to compare with; name a base, for example HEAD~1")


def resolve_revision(root: Path, revision: str) -> str:
    """The commit `revision` names, as a full hash; GitError if it names none.

    A revision is never passed to git as it was typed: one starting with "-" would be
    read as an option (`--output=FILE` writes a file), so it is refused, and the rest is
    verified with everything after `--end-of-options` taken as a revision.
    """
    if not revision or revision.startswith("-"):
        raise GitError(f"{revision!r} is not a revision: a revision cannot start with '-'")
    try:
        found = git(
            root, "rev-parse", "--verify", "--quiet", "--end-of-options", revision + "^{commit}"
        )
    except GitError:
        raise GitError(f"unknown revision {revision!r}") from None
    return found.strip()


def changed_files(root: Path, base: str) -> set[str]:
    """Files under content/ changed since `base`, committed or not, including new files.

    Paths are relative to `root`.
    """
    base = resolve_revision(root, base)
    tracked = git(root, "diff", "--relative", "--name-only", "--no-renames", base, "--", "content")
    untracked = git(root, "ls-files", "--others", "--exclude-standard", "--", "content")
    return {line for line in (tracked + untracked).splitlines() if line.strip()}

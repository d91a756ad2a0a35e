"""Where this generator was installed from, as a requirement a new project's CI can trust.

`briefing init` writes that requirement into the starter's `requirements.txt`. It must
name this project and no other: a bare name resolves to whoever owns it on the package
index, so the requirement is always an exact source, read from the installation's own
record (PEP 610 `direct_url.json`):

- installed from a VCS URL: that URL at the commit that was installed;
- installed from a wheel on the web: that URL, with its hash;
- installed from a local wheel: the wheel itself, copied into the new project;
- installed from a source folder (editable or not) that is a git checkout: its remote at
  the commit checked out, provided that commit has been pushed;
- installed from the package index under this project's own name: that name and version.

Anything else gives no requirement, and `init` says how to write one.
"""

from __future__ import annotations

import json
import re
import subprocess
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path
from urllib.parse import unquote, urlparse

from generator import __version__

DISTRIBUTION = "briefwright"


@dataclass(frozen=True)
class Requirement:
    """A requirements.txt line naming this project, and any file it needs beside it."""

    line: str
    how: str
    files: dict[str, Path] = field(default_factory=dict)  # project path -> file to copy


def installed_requirement() -> Requirement | None:
    """The exact source this generator was installed from, or None if it cannot be told."""
    try:
        dist = metadata.distribution(DISTRIBUTION)
    except metadata.PackageNotFoundError:
        return None
    record = dist.read_text("direct_url.json")
    if record is None:
        # From an index: under this project's own name, which it owns once published.
        return Requirement(f"{DISTRIBUTION}=={dist.version}", "the package index")
    return _from_direct_url(json.loads(record))


def _from_direct_url(record: dict) -> Requirement | None:
    url = str(record.get("url", ""))
    if "vcs_info" in record:
        info = record["vcs_info"]
        vcs, commit = info.get("vcs", "git"), info.get("commit_id")
        if commit and not url.startswith("file:"):
            return Requirement(f"{DISTRIBUTION} @ {vcs}+{url}@{commit}", f"{vcs} at {commit}")
        return None
    if "archive_info" in record:
        if url.startswith("file:"):
            wheel = Path(unquote(urlparse(url).path))
            if wheel.suffix == ".whl" and wheel.is_file():
                rel = f"wheels/{wheel.name}"
                return Requirement(f"./{rel}", "the wheel it was installed from", {rel: wheel})
            return None
        hashes = record["archive_info"].get("hashes") or {}
        digest = hashes.get("sha256")
        fragment = f"#sha256={digest}" if digest else ""
        return Requirement(f"{DISTRIBUTION} @ {url}{fragment}", url)
    if "dir_info" in record and url.startswith("file:"):
        return _from_checkout(Path(unquote(urlparse(url).path)))
    return None


def _from_checkout(folder: Path) -> Requirement | None:
    """A git checkout's public address at its current commit, if that commit is pushed."""

    def git(*args: str) -> str:
        return subprocess.run(
            ["git", "-C", str(folder), *args], capture_output=True, text=True, check=True
        ).stdout.strip()

    try:
        commit = git("rev-parse", "HEAD")
        remote = git("remote", "get-url", "origin")
        if not git("branch", "-r", "--contains", commit):
            return None  # a commit no one else can fetch
    except (OSError, subprocess.CalledProcessError):
        return None
    remote = re.sub(r"^git@([^:]+):", r"https://\1/", remote)
    if not remote.startswith("https://"):
        return None
    return Requirement(f"{DISTRIBUTION} @ git+{remote}@{commit}", f"git at {commit}")


def requirements_text(requirement: Requirement | None) -> str:
    """The starter's requirements.txt."""
    head = (
        "# The briefing generator, as this briefing's CI installs it: an exact source, never a\n"
        "# bare name that someone else could publish under. `briefing init` wrote this line\n"
        "# from where the generator was installed; to move to another release, replace it by\n"
        f'# "{DISTRIBUTION} @ git+https://…@COMMIT" or the address of a wheel.\n'
    )
    if requirement is None:
        return head + (
            "#\n# Where this generator came from could not be told. Replace the line below\n"
            "# before pushing: as it stands, installing it fails on purpose.\n"
            f"{DISTRIBUTION} @ git+https://example.invalid/replace-me@{__version__}\n"
        )
    return head + requirement.line + "\n"

"""A revision is a revision: whatever a pull request or a user types after `--changed`
or `briefing diff`, git never reads it as one of its own options."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
from helpers import MINI, run_cli_err


def _git(root: Path, *args: str) -> None:
    subprocess.run(["git", "-C", str(root), *args], check=True, capture_output=True)


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    root = tmp_path / "repo"
    shutil.copytree(MINI, root)
    _git(root, "init", "-q", "-b", "main")
    _git(root, "-c", "user.name=t", "-c", "user.email=t@example.org", "add", "-A")
    _git(root, "-c", "user.name=t", "-c", "user.email=t@example.org", "commit", "-qm", "x")
    return root


@pytest.mark.parametrize(
    "revision",
    ["--output={victim}", "-o{victim}", "--output", "-", "--end-of-options", "-h"],
)
@pytest.mark.parametrize("command", ["validate", "diff"])
def test_a_revision_that_looks_like_an_option_is_refused(
    repo: Path, tmp_path: Path, revision: str, command: str
) -> None:
    victim = tmp_path / "victim.txt"
    victim.write_text("precious\n")
    rev = revision.format(victim=victim)
    if command == "validate":
        status, out, err = run_cli_err("validate", f"--changed={rev}", "--root", str(repo))
    else:
        status, out, err = run_cli_err("diff", "--root", str(repo), "--", rev)
    assert status == 2, (out, err)
    assert victim.read_text() == "precious\n"
    assert "no problems" not in out.lower()
    # One line saying why (after argparse's usage line, for a usage error).
    assert "cannot start with '-'" in err.splitlines()[-1], err


def test_a_real_revision_still_works(repo: Path) -> None:
    assert run_cli_err("validate", "--changed=HEAD", "--root", str(repo))[0] == 0
    assert run_cli_err("diff", "HEAD", "--root", str(repo))[0] == 0

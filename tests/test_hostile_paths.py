"""The build writes only inside the project: a symbolic link committed where an output
belongs (the site, `build/` or anything in it, the lock) or where the content is read
stops the build in one line, before anything is written, removed or truncated."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from helpers import mini_project, run_cli_err


def _victim(tmp_path: Path) -> Path:
    """A folder outside the project, with a file someone cares about."""
    victim = tmp_path / "outside"
    victim.mkdir()
    (victim / "precious.txt").write_text("keep me\n")
    return victim


def _untouched(victim: Path) -> None:
    assert sorted(p.name for p in victim.iterdir()) == ["precious.txt"]
    assert (victim / "precious.txt").read_text() == "keep me\n"


@pytest.mark.parametrize(
    "link",
    ["site", "build", "build/docs", "build/docs/actors", "build/pdf-cache", ".site.building"],
)
@pytest.mark.parametrize("command", [("build", "--no-pdf"), ("build",), ("pdf",)])
def test_a_link_where_an_output_belongs_stops_the_build(
    tmp_path: Path, link: str, command: tuple[str, ...]
) -> None:
    root = mini_project(tmp_path)
    victim = _victim(tmp_path)
    (root / link).parent.mkdir(parents=True, exist_ok=True)
    os.symlink(victim, root / link)
    status, _, err = run_cli_err(*command, "--root", str(root))
    if command[0] == "pdf" and link == ".site.building":
        # `pdf` writes site/briefing.pdf only: no site is built, the staging folder unused.
        assert status == 0, err
        _untouched(victim)
        return
    assert status == 1, err
    assert err.count("\n") == 1 and "is a symbolic link" in err, err
    assert "the build writes only inside the project" in err
    _untouched(victim)
    assert (root / link).is_symlink()  # left for the user to look at


def test_a_linked_lock_file_is_never_truncated(tmp_path: Path) -> None:
    root = mini_project(tmp_path)
    victim = _victim(tmp_path)
    (root / "build").mkdir()
    os.symlink(victim / "precious.txt", root / "build" / ".lock")
    status, _, err = run_cli_err("build", "--no-pdf", "--root", str(root))
    assert status == 1 and "build/.lock is a symbolic link" in err, err
    _untouched(victim)


def test_a_linked_site_dir_given_on_the_command_line_is_refused(tmp_path: Path) -> None:
    root = mini_project(tmp_path)
    victim = _victim(tmp_path)
    os.symlink(victim, tmp_path / "published")
    status, _, err = run_cli_err(
        "build", "--no-pdf", "--root", str(root), "--site-dir", str(tmp_path / "published")
    )
    assert status == 1 and "is a symbolic link" in err, err
    _untouched(victim)


def test_content_that_is_a_link_is_refused(tmp_path: Path) -> None:
    root = mini_project(tmp_path)
    os.rename(root / "content", root / "real-content")
    os.symlink(root / "real-content", root / "content")
    status, _, err = run_cli_err("build", "--no-pdf", "--root", str(root))
    assert status == 1 and "content is a symbolic link" in err, err
    assert not (root / "site").exists()


def test_a_pdf_written_over_a_link_replaces_the_link_not_its_target(tmp_path: Path) -> None:
    root = mini_project(tmp_path)
    victim = _victim(tmp_path)
    os.symlink(victim / "precious.txt", root / "out.pdf")
    status, _, err = run_cli_err("pdf", "--edition", "brief", "--root", str(root), "-o", "out.pdf")
    assert status == 0, err
    _untouched(victim)
    assert not (root / "out.pdf").is_symlink()

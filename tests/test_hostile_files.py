"""Hostile content, part 4: file-system tricks in content/.

Symbolic links could publish any file the build machine can read, or make the build read
a device for ever; a pipe could make it wait for ever; a huge file could exhaust memory.
Each is refused with a positioned error, quickly, and nothing of the target reaches the
output.
"""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest
from helpers import FIXTURES, overlay_project, run_cli

SECRET = "this text must never be published"


def _validate(root: Path) -> tuple[int, str]:
    started = time.perf_counter()
    status, out = run_cli("validate", "--root", str(root))
    assert time.perf_counter() - started < 10, "validation hung"
    return status, out


@pytest.fixture
def root(tmp_path: Path) -> Path:
    return overlay_project(tmp_path, FIXTURES / "hostile")


@pytest.fixture
def outside(tmp_path: Path) -> Path:
    secret = tmp_path / "outside" / "secret.md"
    secret.parent.mkdir()
    secret.write_text(
        f"---\nname: Secret\nkind: person\nsources: [wire-report]\n---\n{SECRET} [@wire-report].\n"
    )
    return secret


def test_a_link_to_a_file_outside_the_project_is_refused(root: Path, outside: Path) -> None:
    os.symlink(outside, root / "content" / "actors" / "leak.md")
    status, out = _validate(root)
    assert status == 1
    assert (
        "content/actors/leak.md:1:1: error[not-a-regular-file]: "
        "content/actors/leak.md is a symbolic link" in out
    )
    assert SECRET not in out
    assert run_cli("build", "--no-pdf", "--root", str(root))[0] == 1
    assert not (root / "site").exists()


def test_a_link_to_an_endless_device_is_refused_at_once(root: Path) -> None:
    os.symlink("/dev/zero", root / "content" / "actors" / "zero.md")
    status, out = _validate(root)
    assert status == 1 and "content/actors/zero.md is a symbolic link" in out


def test_a_linked_folder_is_refused_without_listing_its_files(root: Path, outside: Path) -> None:
    os.symlink(outside.parent, root / "content" / "stolen")
    status, out = _validate(root)
    assert status == 1
    assert "content/stolen:1:1: error[not-a-regular-file]: content/stolen is a symbolic link" in out
    assert "secret" not in out


def test_a_linked_collection_folder_is_refused(root: Path, tmp_path: Path) -> None:
    events = root / "content" / "events"
    moved = tmp_path / "events-elsewhere"
    events.rename(moved)
    os.symlink(moved, events)
    status, out = _validate(root)
    assert status == 1 and "content/events is a symbolic link" in out


def test_a_linked_settings_file_is_refused(root: Path, tmp_path: Path) -> None:
    settings = root / "content" / "briefing.yaml"
    moved = tmp_path / "briefing.yaml"
    settings.rename(moved)
    os.symlink(moved, settings)
    status, out = _validate(root)
    assert status == 1 and "content/briefing.yaml is a symbolic link" in out


def test_a_pipe_is_refused_without_waiting_for_a_writer(root: Path) -> None:
    os.mkfifo(root / "content" / "actors" / "pipe.md")
    status, out = _validate(root)
    assert status == 1
    assert (
        "content/actors/pipe.md:1:1: error[not-a-regular-file]: "
        "content/actors/pipe.md is a device, pipe or socket, not a file" in out
    )


def test_a_file_over_the_size_limit_is_refused_without_reading_it_all(root: Path) -> None:
    big = root / "content" / "actors" / "big.md"
    with big.open("wb") as handle:
        handle.truncate(2 * 1024**3)  # a sparse 2 GB file: reading it all would hurt
    status, out = _validate(root)
    assert status == 1
    assert "content/actors/big.md is 2,097,152 KB; a content file may hold at most 256 KB" in out

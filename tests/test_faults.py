"""One fixture per failure mode: the exact diagnostics `briefing validate` prints for each.

Each folder under fixtures/faults/ is laid over the valid mini fixture; its
expected.txt holds the whole expected output, so any change of wording, code, file,
line or column is a deliberate, reviewed change.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from helpers import FAULTS, MINI, overlay_project, run_cli

from generator.model.diagnostics import CATALOGUE

CASES = sorted(p.name for p in FAULTS.iterdir() if p.is_dir())


def test_the_mini_fixture_is_valid() -> None:
    assert run_cli("validate", "--root", str(MINI)) == (
        0,
        "content is valid: 0 errors, 0 warnings\n",
    )


@pytest.mark.parametrize("case", CASES)
def test_fault_is_reported_exactly(case: str, tmp_path: Path) -> None:
    root = overlay_project(tmp_path, FAULTS / case)
    status, out = run_cli("validate", "--root", str(root))
    expected = (FAULTS / case / "expected.txt").read_text()
    assert out == expected
    has_errors = "error[" in expected
    assert status == (1 if has_errors else 0)


def test_every_code_has_a_fault_fixture() -> None:
    seen = set()
    for case in CASES:
        for line in (FAULTS / case / "expected.txt").read_text().splitlines():
            if "[" in line and "]: " in line:
                seen.add(line.split("[", 1)[1].split("]", 1)[0])
    assert seen == set(CATALOGUE), f"codes without a fixture: {set(CATALOGUE) - seen}"


def test_at_least_twenty_distinct_faults() -> None:
    assert len(CASES) >= 20


def test_faults_in_several_files_are_all_reported_in_one_run(tmp_path: Path) -> None:
    root = overlay_project(tmp_path, FAULTS / "combined")
    status, out = run_cli("validate", "--root", str(root), "--format", "json")
    found = {(d["path"], d["code"]) for d in json.loads(out)}
    assert status == 1
    assert found == {
        ("content/actors/russia.md", "invalid-choice"),
        ("content/events/call.md", "unknown-ref"),
        ("content/events/call.md", "unsafe-link"),
        ("content/issues/prisoners.md", "raw-html"),
        ("content/issues/prisoners.md", "uncited-text"),
    }


def test_strict_turns_warnings_into_failure(tmp_path: Path) -> None:
    root = overlay_project(tmp_path, FAULTS / "unused-source")
    assert run_cli("validate", "--root", str(root))[0] == 0
    assert run_cli("validate", "--root", str(root), "--strict")[0] == 1


def test_a_file_that_does_not_parse_is_not_also_reported_as_missing(tmp_path: Path) -> None:
    root = overlay_project(tmp_path, FAULTS / "not-a-mapping")
    (root / "content" / "actors" / "russia.md").write_text("---\nname: [broken\n---\n")
    status, out = run_cli("validate", "--root", str(root))
    assert status == 1
    assert "unknown-ref" not in out  # many files name 'russia'; only the parse error shows
    assert "content/actors/russia.md:2:14: error[yaml-syntax]" in out

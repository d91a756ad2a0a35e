"""The machine-readable output forms: JSON, and GitHub Actions workflow commands."""

from __future__ import annotations

import json
from pathlib import Path

from helpers import FAULTS, MINI, overlay_project, run_cli

from generator.model.diagnostics import Diagnostic, format_github


def test_json_lists_every_field(tmp_path: Path) -> None:
    root = overlay_project(tmp_path, FAULTS / "invalid-choice")
    status, out = run_cli("validate", "--root", str(root), "--format", "json")
    assert status == 1
    assert json.loads(out) == [
        {
            "path": "content/positions/ukraine-on-prisoners.md",
            "line": 4,
            "col": 9,
            "code": "invalid-choice",
            "severity": "error",
            "message": "'support' is not an allowed value for 'stance'; did you mean 'supports'?",
            "hint": "allowed values: supports, conditional, ambiguous, opposes, no-stated-position",
        }
    ]


def test_json_of_valid_content_is_an_empty_list() -> None:
    assert run_cli("validate", "--root", str(MINI), "--format", "json") == (0, "[]\n")


def test_github_annotations(tmp_path: Path) -> None:
    root = overlay_project(tmp_path, FAULTS / "unknown-ref-field")
    status, out = run_cli("validate", "--root", str(root), "--format", "github")
    assert status == 1
    assert out == (
        "::error file=content/positions/russia-on-prisoners.md,line=2,col=8,"
        "title=unknown-ref%3A Reference to an id that does not exist::"
        "actor 'rusia' does not exist; did you mean 'russia'?"
        "%0Acheck the spelling; ids are file names without '.md'\n"
    )


def test_github_warning_uses_the_warning_command(tmp_path: Path) -> None:
    root = overlay_project(tmp_path, FAULTS / "unused-source")
    status, out = run_cli("validate", "--root", str(root), "--format", "github")
    assert status == 0
    assert out.startswith("::warning file=content/sources/orphan-report.md,line=1,col=1,")


def test_github_escaping_follows_the_actions_toolkit() -> None:
    # A value's CR and LF are shown as escapes first; the one %0A left is the break
    # between the message and the hint.
    diag = Diagnostic("content/a,b:c.md", 3, 4, "raw-html", "50% of\r\nit", "a: b, c")
    assert format_github([diag]) == (
        "::error file=content/a%2Cb%3Ac.md,line=3,col=4,title=raw-html%3A Raw HTML in content"
        "::50%25 of\\r\\nit%0Aa: b, c\n"
    )

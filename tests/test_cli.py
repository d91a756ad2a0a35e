"""The command line: exit statuses, help texts, the schema and docs commands."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from helpers import FAULTS, MINI, overlay_project, run_cli

from generator.cli.main import build_parser
from generator.model.defaults import DEFAULT_REGISTRY
from generator.render.reference import update_docs

ROOT = Path(__file__).parent.parent


def test_usage_errors_exit_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert run_cli("validate", "--format", "xml", "--root", str(MINI))[0] == 2
    assert run_cli("frobnicate")[0] == 2
    assert run_cli("validate", "--root", str(tmp_path))[0] == 2
    assert "no content/ folder" in capsys.readouterr().err


def test_console_script_reports_errors_without_traceback(tmp_path: Path) -> None:
    root = overlay_project(tmp_path, FAULTS / "combined")
    proc = subprocess.run(
        [sys.executable, "-m", "generator", "validate", "--root", str(root)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert proc.returncode == 1
    assert "Traceback" not in proc.stdout + proc.stderr
    assert proc.stdout.endswith("5 errors, 1 warning\n")


def test_every_command_has_help_with_an_example() -> None:
    parser = build_parser()
    subparsers = next(a for a in parser._actions if a.dest == "command")
    for name, sub in subparsers.choices.items():  # type: ignore[union-attr]
        assert sub.description, name
        assert "example: briefing " + name in sub.format_help(), name


def test_every_command_is_documented_in_the_readme() -> None:
    readme = (ROOT / "README.md").read_text()
    parser = build_parser()
    subparsers = next(a for a in parser._actions if a.dest == "command")
    for name in subparsers.choices:  # type: ignore[union-attr]
        assert f"`briefing {name}" in readme, name


def test_schema_writes_one_json_schema_per_collection(tmp_path: Path) -> None:
    out = tmp_path / "schema"
    status, printed = run_cli("schema", "--root", str(MINI), "-o", str(out))
    assert status == 0
    written = sorted(p.name for p in out.iterdir())
    assert written == sorted(
        [f"{c}.schema.json" for c in DEFAULT_REGISTRY.names] + ["briefing.schema.json"]
    )
    position = json.loads((out / "positions.schema.json").read_text())
    assert position["additionalProperties"] is False
    assert set(position["required"]) == {"actor", "subject", "stance", "summary", "as_of"}
    assert position["properties"]["stance"]["enum"] == [
        "supports",
        "conditional",
        "ambiguous",
        "opposes",
        "no-stated-position",
    ]
    assert "stance" in position["properties"]["stance"]["description"].lower()


def test_contributing_reference_is_up_to_date() -> None:
    assert update_docs(ROOT / "CONTRIBUTING.md", check=True), "run `briefing docs`"


def test_docs_check_detects_drift(tmp_path: Path) -> None:
    shutil.copy(ROOT / "CONTRIBUTING.md", tmp_path / "CONTRIBUTING.md")
    text = (tmp_path / "CONTRIBUTING.md").read_text().replace("#### `raw-html`", "#### `raw`")
    (tmp_path / "CONTRIBUTING.md").write_text(text)
    assert run_cli("docs", "--check", "--root", str(tmp_path))[0] == 1
    assert run_cli("docs", "--root", str(tmp_path))[0] == 0
    assert run_cli("docs", "--check", "--root", str(tmp_path))[0] == 0


def test_the_settings_example_uses_every_setting_and_validates() -> None:
    import yaml

    from generator.model.schema import (
        CollectionSpec,
        Colours,
        FieldSpec,
        KeyFact,
        Settings,
        SourcePolicy,
        Spelling,
        TermSpec,
    )
    from generator.render.reference import SETTINGS_EXAMPLE

    data = yaml.safe_load(SETTINGS_EXAMPLE)
    settings = Settings.model_validate(data)
    assert set(data) == set(Settings.model_fields)  # every setting, and no other
    nested = {
        Colours: [data["colours"]],
        KeyFact: data["key_facts"],
        Spelling: data["spellings"],
        SourcePolicy: [data["source_policy"]],
        TermSpec: data["vocabularies"]["stance"],
        CollectionSpec: list(data["collections"].values()),
        FieldSpec: [f for c in data["collections"].values() for f in c["fields"].values()],
    }
    for model, examples in nested.items():
        assert set().union(*examples) == set(model.model_fields), model
    assert settings.colours.primary == "#003b5c"


def test_the_reference_shows_no_python_types() -> None:
    from generator.render.reference import render_document

    text = render_document((ROOT / "CONTRIBUTING.md").read_text())
    for python in ("<class", "typing.", "generator.model.schema", "Literal[", "dict[", "NoneType"):
        assert python not in text, python

"""Scale: a large synthetic briefing with many injected faults reports every one of them."""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.synth import synthesize  # noqa: E402
from generator.content.validate import validate_project  # noqa: E402


def test_synthetic_briefing_is_valid(tmp_path: Path) -> None:
    synthesize(tmp_path, 300, seed=3)
    result = validate_project(tmp_path)
    assert result.diagnostics == []


def test_one_hundred_injected_faults_are_all_reported(tmp_path: Path) -> None:
    synthesize(tmp_path, 600, seed=5)
    positions = sorted((tmp_path / "content" / "positions").glob("*.md"))
    faults = {
        "stance: ": "stance: bogus-",
        "actor: ": "actor: nobody-",
        "as_of: ": "as_of: 20x",
        "sources: [": "sources: [missing-",
    }
    injected = {}
    for index, path in enumerate(positions[:100]):
        old, new = list(faults.items())[index % len(faults)]
        path.write_text(path.read_text().replace(old, new, 1))
        injected[f"content/positions/{path.name}"] = old
    result = validate_project(tmp_path)
    reported = {d.path for d in result.errors}
    assert set(injected) <= reported
    codes = {d.code for d in result.errors}
    assert codes == {"invalid-choice", "unknown-ref", "invalid-date"}


def test_the_benchmark_harness_runs_and_reports_every_stage(tmp_path: Path) -> None:
    """A small run of `python -m benchmarks`: the table and JSON carry every measure."""
    import json

    from benchmarks.__main__ import main

    out = tmp_path / "bench.json"
    assert (
        main(["--sizes", "40", "--repeat", "1", "--workdir", str(tmp_path), "--json", str(out)])
        == 0
    )
    (size,) = json.loads(out.read_text())["sizes"]
    assert size["entities"] >= 35  # about n: each collection gets its share, rounded
    for stage in ("load", "check", "link", "render", "write"):
        assert size["stages_s"][stage] > 0, stage
    assert size["build_no_pdf"]["seconds"] > 0 and size["plain_mkdocs"]["seconds"] > 0
    assert size["sizes"]["search_kb_per_entity"] > 0
    incremental = size["incremental"]
    assert incremental["edit_pages_written"] >= 1 and incremental["noop_pages_written"] == 0

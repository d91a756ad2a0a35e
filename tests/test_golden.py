"""Golden files: the generated Markdown of the mini fixture, checked in.

A change to any page shows up as a reviewed diff. Regenerate with
`python tests/update_golden.py`.
"""

from __future__ import annotations

from update_golden import GOLDEN, render_mini


def test_generated_markdown_matches_the_golden_files() -> None:
    rendered = render_mini()
    golden = {
        p.relative_to(GOLDEN).as_posix(): p.read_text(encoding="utf-8")
        for p in GOLDEN.rglob("*.md")
    }
    assert sorted(rendered) == sorted(golden)
    for path, text in rendered.items():
        assert text == golden[path], f"{path} differs; run python tests/update_golden.py"


def test_rendering_is_deterministic() -> None:
    assert render_mini() == render_mini()

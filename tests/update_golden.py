"""Regenerate the golden Markdown of the mini fixture: `python tests/update_golden.py`.

Review the diff before committing: a change here is a change to every site's pages.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from generator.content.validate import validate_project
from generator.project.layout import Project
from generator.render.pages import render_pages

HERE = Path(__file__).parent
MINI = HERE / "fixtures" / "mini"
GOLDEN = HERE / "golden" / "mini"


def render_mini() -> dict[str, str]:
    """The mini fixture's pages, as the site build renders them (with the PDF link)."""
    validation = validate_project(MINI)
    assert validation.ok, validation.diagnostics
    return {
        path: page.text
        for path, page in render_pages(Project(MINI), validation.linked, with_pdf=True).items()
    }


def main() -> None:
    if GOLDEN.exists():
        shutil.rmtree(GOLDEN)
    for path, text in render_mini().items():
        target = GOLDEN / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")
    print(f"wrote {GOLDEN}")


if __name__ == "__main__":
    main()

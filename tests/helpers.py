"""Shared helpers: materialise fixture projects in temporary folders and run the CLI."""

from __future__ import annotations

import contextlib
import io
import shutil
from pathlib import Path

from generator.cli import main

FIXTURES = Path(__file__).parent / "fixtures"
MINI = FIXTURES / "mini"
FAULTS = FIXTURES / "faults"


def overlay_project(tmp: Path, case: Path) -> Path:
    """Copy the mini fixture to `tmp`, then lay the files of `case` over its content/.

    A `DELETE` file in the case lists content paths to remove first.
    """
    root = tmp / "project"
    shutil.copytree(MINI, root)
    content = root / "content"
    delete = case / "DELETE"
    if delete.exists():
        for rel in delete.read_text().split():
            (content / rel).unlink()
    for path in sorted(case.rglob("*")):
        if path.is_file() and path.name not in ("DELETE", "expected.txt"):
            target = content / path.relative_to(case)
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(path, target)
    return root


def run_cli(*args: str) -> tuple[int, str]:
    """Run `briefing ARGS` in-process; return (exit status, standard output)."""
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        try:
            status = main(list(args))
        except SystemExit as exc:  # argparse usage errors
            status = int(exc.code or 0)
    return status, out.getvalue()

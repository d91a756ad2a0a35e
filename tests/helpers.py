"""Shared helpers: materialise fixture projects in temporary folders and run the CLI."""

from __future__ import annotations

import ast
import contextlib
import io
import json
import os
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

from generator.cli.main import main

FIXTURES = Path(__file__).parent / "fixtures"
MINI = FIXTURES / "mini"
FAULTS = FIXTURES / "faults"


def overlay_project(tmp: Path, case: Path) -> Path:
    """Copy the mini fixture to `tmp`, then lay the files of `case` over its content/.

    A `DELETE` file in the case lists content paths to remove first. Symbolic links are
    copied as links. A `GENERATE` file makes large inputs that are not worth checking in:
    each line is `PATH COUNT TEXT`, and appends the Python string literal TEXT, COUNT
    times, to the content file PATH.
    """
    root = tmp / "project"
    shutil.copytree(MINI, root)
    content = root / "content"
    delete = case / "DELETE"
    if delete.exists():
        for rel in delete.read_text().split():
            (content / rel).unlink()
    for path in sorted(case.rglob("*")):
        if path.name in ("DELETE", "GENERATE", "expected.txt"):
            continue
        target = content / path.relative_to(case)
        if path.is_symlink():
            target.parent.mkdir(parents=True, exist_ok=True)
            target.unlink(missing_ok=True)
            os.symlink(os.readlink(path), target)
        elif path.is_file():
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(path, target)
    generate = case / "GENERATE"
    if generate.exists():
        for line in generate.read_text().splitlines():
            rel, count, literal = line.split(" ", 2)
            with (content / rel).open("a", encoding="utf-8") as handle:
                handle.write(ast.literal_eval(literal) * int(count))
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


def run_cli_err(*args: str) -> tuple[int, str, str]:
    """Run `briefing ARGS` in-process; return (exit status, standard output, standard
    error)."""
    err = io.StringIO()
    with contextlib.redirect_stderr(err):
        status, out = run_cli(*args)
    return status, out, err.getvalue()


def mini_project(tmp_path: Path) -> Path:
    """A copy of the mini fixture at `tmp_path/project`, to change freely."""
    root = tmp_path / "project"
    shutil.copytree(MINI, root)
    return root


def built_by(site: Path) -> str:
    """Which builder made `site`: Zensical writes its search index as search.json."""
    return "zensical" if (site / "search.json").exists() else "mkdocs"


def search_entries(site: Path) -> list[dict[str, str]]:
    """The search index of a built site, one entry per page section, in either format."""
    if built_by(site) == "zensical":
        return list(json.loads((site / "search.json").read_text())["items"])
    return list(json.loads((site / "search" / "search_index.json").read_text())["docs"])


def installed_briefing(wheel: Path, tmp: Path) -> Callable[..., subprocess.CompletedProcess[str]]:
    """`briefing` as the wheel alone installs it: unpacked into `tmp/installed`, where the
    repository cannot be seen (its dependencies come from this environment). Call the
    result with the command's arguments and, optionally, `cwd`."""
    target = tmp / "installed"
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "install",
            "-q",
            "--no-deps",
            "--target",
            str(target),
            str(wheel),
        ],
        check=True,
        capture_output=True,
    )
    env = {"PYTHONPATH": str(target), "PATH": "/usr/bin:/bin", "HOME": str(tmp)}

    def briefing(*args: str, cwd: Path = tmp) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [
                sys.executable,
                "-c",
                "import sys; from generator.cli.main import main; sys.exit(main())",
                *args,
            ],
            cwd=cwd,
            env=env,
            capture_output=True,
            text=True,
        )

    return briefing

"""The PDF engine's pins and gates, from outside: another process, another version.

Changes to WeasyPrint's and pydyf's internals last for the process that made them, so
the routes without them are checked in fresh interpreters.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
import textwrap
from pathlib import Path

from generator.pdf import engine

REPO = Path(__file__).resolve().parent.parent


def test_the_pinned_versions_are_the_installed_and_tested_ones() -> None:
    """pyproject.toml pins the engine to the versions engine.py was tested against, and
    this environment runs them, so the suite exercises the internals path."""
    pyproject = (REPO / "pyproject.toml").read_text()
    pins = dict(re.findall(r'"(weasyprint|pydyf)==([\d.]+)"', pyproject))
    assert pins == engine.TESTED
    assert engine.installed() == engine.TESTED


def test_the_pdf_suite_passes_with_the_internals_switched_off() -> None:
    """Every PDF test that is not about the internals themselves, run as another WeasyPrint
    version would be: documented API only, page numbers from target-counter()."""
    env = {**os.environ, engine.SWITCH: "off"}
    run = subprocess.run(
        [
            sys.executable,
            "-m",
            "pytest",
            "-q",
            "-p",
            "no:cacheprovider",
            "-m",
            "not internals",
            "tests/test_pdf.py",
            "tests/test_pagenumbers.py",
        ],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        timeout=1200,
    )
    summary = run.stdout.strip().splitlines()[-1] if run.stdout.strip() else run.stderr
    assert run.returncode == 0, run.stdout[-4000:] + run.stderr[-2000:]
    passed = int(re.search(r"(\d+) passed", summary).group(1))  # type: ignore[union-attr]
    assert passed >= 25 and "skipped" not in summary, summary


def test_an_untested_engine_version_is_left_as_shipped() -> None:
    """With another WeasyPrint version, tune_weasyprint changes nothing in either package."""
    script = textwrap.dedent(
        """
        import zlib
        import pydyf
        from weasyprint.layout import page
        from generator.pdf import engine
        from generator.pdf import tuning as weasyprint_tuning

        engine.installed = lambda: {**engine.TESTED, "weasyprint": "71.0"}
        before = (pydyf.PDF.page_references, page.set_page_type_computed_styles, pydyf.zlib)
        weasyprint_tuning.tune_weasyprint()
        after = (pydyf.PDF.page_references, page.set_page_type_computed_styles, pydyf.zlib)
        assert after == before, "tuned an untested WeasyPrint"

        engine.installed = lambda: dict(engine.TESTED)
        weasyprint_tuning.tune_weasyprint()
        assert pydyf.PDF.page_references is not before[0], "the pinned version is not tuned"
        print("ok")
        """
    )
    run = subprocess.run(
        [sys.executable, "-c", script],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=120,
        env={k: v for k, v in os.environ.items() if k != engine.SWITCH},
    )
    assert run.returncode == 0 and run.stdout.strip() == "ok", run.stderr[-2000:]

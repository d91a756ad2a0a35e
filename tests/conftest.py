"""Session-wide fixtures and the test suite's markers.

Tests of the generator run on fixture projects (tests/fixtures/, or a synthetic
briefing). Tests that check the shipped briefing itself carry the marker `content`, and
tests that drive Chromium the marker `browser`: `pytest -m "not content and not browser"`
passes whatever briefing sits in content/.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

from generator.content.validate import Validation, validate_project
from generator.pipeline import run
from generator.project.layout import Project

REPO = Path(__file__).resolve().parent.parent
# The benchmark harness's generators (benchmarks/) make some of the tests' inputs.
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))
FIXTURES = Path(__file__).resolve().parent / "fixtures"
CHROMIUM = "/usr/bin/chromium"


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    # Without Chromium the browser tests cannot run; say so, rather than fail. In CI,
    # .ci/run installs it, and a missing browser must fail the run: no skip there.
    if Path(CHROMIUM).exists() or os.environ.get("CI"):
        return
    skip = pytest.mark.skip(reason=f"Debian's chromium is not installed at {CHROMIUM}")
    for item in items:
        if "browser" in item.keywords:
            item.add_marker(skip)


@dataclass
class BuiltSite:
    """A built briefing: its project folder, its site and its validated content."""

    root: Path
    site: Path
    validation: Validation
    builder: str = "mkdocs"


def copy_project(target: Path, content: Path = REPO / "content") -> Path:
    """A project folder holding a copy of `content`."""
    shutil.copytree(content, target / "content")
    return target


def _built(root: Path, builder: str = "mkdocs") -> BuiltSite:
    outcome = run(Project(root), site_dir=root / "site", pdf_in_site=True, builder=builder)
    return BuiltSite(root, root / "site", outcome.validation, builder)


@pytest.fixture(scope="session")
def shipped() -> Validation:
    """The shipped content, validated and linked (for tests marked `content`)."""
    return validate_project(REPO)


BUILDERS = ("mkdocs", "zensical")


@pytest.fixture(scope="session", params=BUILDERS)
def built_site(
    tmp_path_factory: pytest.TempPathFactory, request: pytest.FixtureRequest
) -> BuiltSite:
    """The shipped content built into a site with its PDFs (tests marked `content`), once
    by each builder: every test that reads the site runs against both."""
    builder = request.param
    return _built(copy_project(tmp_path_factory.mktemp(f"shipped-{builder}")), builder)


@pytest.fixture(scope="session")
def synthetic_site(tmp_path_factory: pytest.TempPathFactory) -> BuiltSite:
    """A synthetic briefing of 120 entities, built with its PDF: the generator's fixture."""
    sys.path.insert(0, str(REPO))
    from benchmarks.synth import synthesize

    root = tmp_path_factory.mktemp("synthetic")
    synthesize(root, 120, seed=11)
    return _built(root)


@pytest.fixture(scope="session")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The project's wheel, built as a user would build it (`pip wheel --no-deps .`)."""
    # From a copy of what a wheel is built from, so the build writes nothing here.
    source = tmp_path_factory.mktemp("source")
    for name in ("pyproject.toml", "README.md", "generator", "site_templates"):
        copy = shutil.copytree if (REPO / name).is_dir() else shutil.copy
        copy(REPO / name, source / name)
    out = tmp_path_factory.mktemp("dist")
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "-q", "--no-deps", "-w", str(out), str(source)],
        check=True,
        capture_output=True,
    )
    return next(out.glob("briefwright-*.whl"))

"""Session-wide fixtures: the shipped content, validated and built once per test run."""

from __future__ import annotations

import shutil
from dataclasses import dataclass
from pathlib import Path

import pytest

from generator.pipeline import Validation, validate_project
from generator.site import build_site

REPO = Path(__file__).resolve().parent.parent


@dataclass
class BuiltSite:
    """A build of a copy of the shipped content."""

    root: Path
    site: Path
    validation: Validation


def copy_project(target: Path, content: Path = REPO / "content") -> Path:
    """A project folder holding a copy of `content` (it uses the repository's mkdocs.yml)."""
    shutil.copytree(content, target / "content")
    return target


@pytest.fixture(scope="session")
def shipped() -> Validation:
    """The shipped content, validated and linked."""
    return validate_project(REPO)


@pytest.fixture(scope="session")
def built_site(tmp_path_factory: pytest.TempPathFactory) -> BuiltSite:
    """The shipped content built into a site, once per test session."""
    root = copy_project(tmp_path_factory.mktemp("shipped"))
    generated = build_site(root, root / "site", with_pdf=True)
    return BuiltSite(root, root / "site", generated.validation)

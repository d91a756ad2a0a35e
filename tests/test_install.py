"""Installing the generator: the README's install step with the oldest pip it supports, the
wheel in a fresh venv with the pip that venv brings, and a starter whose CI installs this
project and no other.

These run the real installers against the package index, in new virtual environments.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import REPO
from pypdf import PdfReader

from generator import __version__
from generator.cli.distribution import (
    DISTRIBUTION,
    Requirement,
    _from_direct_url,
    installed_requirement,
    requirements_text,
)

pytestmark = pytest.mark.install

MIN_PIP = re.search(r"^MIN_PIP=(\S+)", (REPO / "requirements/install").read_text(), re.M)[1]
LOCKED_PIP = re.search(r"^pip==(\S+)", (REPO / "requirements/pip.lock").read_text(), re.M)[1]


def _run(*args: str | Path, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("VIRTUAL_ENV", "PYTHON"))}
    return subprocess.run(
        [str(a) for a in args], cwd=cwd, env=env, capture_output=True, text=True, timeout=900
    )


def _venv(path: Path, pip: str | None = None) -> Path:
    """A new venv at `path`, with the pip `python -m venv` gives, or with pip==`pip`."""
    assert _run(sys.executable, "-m", "venv", path).returncode == 0
    if pip is not None:
        done = _run(path / "bin/python", "-m", "pip", "install", "-q", f"pip=={pip}")
        assert done.returncode == 0, done.stderr
        assert _pip_version(path) == pip
    return path


def _pip_version(venv: Path) -> str:
    return _run(venv / "bin/python", "-c", "import pip; print(pip.__version__)").stdout.strip()


def test_the_lock_keeps_extras_as_the_dependencies_ask_for_them() -> None:
    lock = (REPO / "requirements/ci.lock").read_text()
    # WeasyPrint asks for fonttools[woff]; pip < 23.3 does not match a stripped line to it.
    assert re.search(r"^fonttools\[woff\]==\S+ \\$", lock, re.M)
    assert "--strip-extras" not in (REPO / "requirements/compile").read_text()


def test_the_install_step_works_with_the_oldest_supported_pip(tmp_path: Path) -> None:
    venv = _venv(tmp_path / "venv", pip=MIN_PIP)
    done = _run(REPO / "requirements/install", venv)
    assert done.returncode == 0, done.stderr[-3000:]
    # The lock was read by the pinned installer, not by the one the venv came with.
    assert _pip_version(venv) == LOCKED_PIP
    freeze = _run(venv / "bin/python", "-m", "pip", "freeze", "--all").stdout
    locked = dict(
        re.findall(
            r"^([A-Za-z0-9._-]+)(?:\[[^]]*\])?==(\S+)",
            (REPO / "requirements/ci.lock").read_text(),
            re.M,
        )
    )
    installed = dict(re.findall(r"^([A-Za-z0-9._-]+)==(\S+)$", freeze, re.M))
    norm = {re.sub(r"[-_.]+", "-", k).lower(): v for k, v in installed.items()}
    for name, version in locked.items():
        if name in ("pip",):
            continue
        assert norm.get(re.sub(r"[-_.]+", "-", name).lower()) == version, name
    version = _run(venv / "bin/briefing", "--version")
    assert version.stdout.strip() == f"briefing {__version__}", version.stderr


def test_a_pip_older_than_supported_gets_one_line_saying_what_to_do(tmp_path: Path) -> None:
    venv = _venv(tmp_path / "venv", pip="21.3.1")
    done = _run(REPO / "requirements/install", venv)
    assert done.returncode == 1
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1, done.stderr
    assert f"pip 21.3.1, older than {MIN_PIP}" in lines[0]
    assert "python3 -m venv --clear" in lines[0]
    assert _pip_version(venv) == "21.3.1"  # nothing was installed


def test_the_wheel_in_a_fresh_venv_starts_and_builds_beside_a_readme_a_licence_and_git(
    wheel: Path, tmp_path: Path
) -> None:
    venv = _venv(tmp_path / "venv")  # with its bundled pip, never upgraded
    done = _run(venv / "bin/pip", "install", "-q", wheel)
    assert done.returncode == 0, done.stderr[-3000:]
    project = tmp_path / "jcpoa"
    project.mkdir()
    (project / "README.md").write_text("# Our briefing\n")
    (project / "LICENSE").write_text("MIT\n")
    assert _run("git", "init", "-q", "-b", "main", cwd=project).returncode == 0
    briefing = venv / "bin/briefing"
    init = _run(briefing, "init", ".", cwd=project)
    assert init.returncode == 0, init.stderr
    assert (project / "README.md").read_text() == "# Our briefing\n"
    assert (project / "LICENSE").read_text() == "MIT\n"
    assert (project / "BRIEFING.md").is_file()
    # The starter's CI installs the very wheel it was started from.
    requirement = (project / "requirements.txt").read_text().splitlines()[-1]
    assert requirement == f"./wheels/{wheel.name}"
    assert (project / "wheels" / wheel.name).read_bytes() == wheel.read_bytes()
    build = _run(briefing, "build", cwd=project)
    assert build.returncode == 0, build.stderr[-3000:]
    assert len(PdfReader(project / "site/briefing.pdf").pages) > 4
    assert 1 <= len(PdfReader(project / "site/briefing-brief.pdf").pages) <= 4
    # And the requirement installs the generator in a CI-like fresh venv.
    ci = _venv(tmp_path / "ci")
    done = _run(ci / "bin/pip", "install", "-q", "--no-deps", "-r", "requirements.txt", cwd=project)
    assert done.returncode == 0, done.stderr
    shown = _run(ci / "bin/python", "-m", "pip", "show", DISTRIBUTION).stdout
    assert f"Name: {DISTRIBUTION}" in shown


# --- the starter's requirement ------------------------------------------------------------


def _name_of(line: str) -> str:
    return re.split(r"[\s@=<>\[;]", line, maxsplit=1)[0].lower()


def test_the_starter_requirement_names_this_project_by_an_exact_source() -> None:
    # This checkout is installed editable from a git work tree, or from an index.
    requirement = installed_requirement()
    text = requirements_text(requirement)
    lines = [x for x in text.splitlines() if x and not x.startswith("#")]
    assert len(lines) == 1
    line = lines[0]
    assert _name_of(line) == DISTRIBUTION or line.endswith(f"{DISTRIBUTION}-{__version__}.whl")
    # Never a bare name or a range, which whoever owns the name could satisfy.
    assert "@" in line or line.endswith(".whl") or re.fullmatch(rf"{DISTRIBUTION}==\S+", line)


@pytest.mark.parametrize(
    ("record", "expected"),
    [
        (
            {"url": "https://github.com/o/r", "vcs_info": {"vcs": "git", "commit_id": "a" * 40}},
            f"{DISTRIBUTION} @ git+https://github.com/o/r@{'a' * 40}",
        ),
        (
            {
                "url": "https://example.org/briefwright-0.2.0-py3-none-any.whl",
                "archive_info": {"hashes": {"sha256": "b" * 64}},
            },
            f"{DISTRIBUTION} @ https://example.org/briefwright-0.2.0-py3-none-any.whl"
            f"#sha256={'b' * 64}",
        ),
        # A VCS install with no commit, or from a local folder: nothing CI could fetch.
        ({"url": "https://github.com/o/r", "vcs_info": {"vcs": "git"}}, None),
        ({"url": "file:///nowhere/x.tar.gz", "archive_info": {}}, None),
        ({"url": "file:///nowhere", "dir_info": {"editable": True}}, None),
    ],
)
def test_each_kind_of_install_gives_an_exact_requirement_or_none(
    record: dict, expected: str | None
) -> None:
    found = _from_direct_url(record)
    assert (found.line if found else None) == expected


def test_a_local_wheel_is_copied_into_the_project(tmp_path: Path) -> None:
    wheel = tmp_path / f"{DISTRIBUTION}-{__version__}-py3-none-any.whl"
    wheel.write_bytes(b"PK")
    found = _from_direct_url({"url": wheel.as_uri(), "archive_info": {}})
    assert found == Requirement(
        f"./wheels/{wheel.name}", "the wheel it was installed from", {f"wheels/{wheel.name}": wheel}
    )


def test_an_unknown_source_gives_a_requirement_that_fails_rather_than_a_bare_name() -> None:
    text = requirements_text(None)
    line = [x for x in text.splitlines() if x and not x.startswith("#")][0]
    assert line.startswith(f"{DISTRIBUTION} @ ") and ".invalid/" in line


def test_the_distribution_name_is_the_one_in_pyproject() -> None:
    pyproject = (REPO / "pyproject.toml").read_text()
    assert re.search(rf'^name = "{DISTRIBUTION}"$', pyproject, re.M)


def test_a_source_checkout_gives_its_public_address_at_a_pushed_commit(tmp_path: Path) -> None:
    from generator.cli.distribution import _from_checkout

    checkout = tmp_path / "checkout"
    checkout.mkdir()

    def git(*args: str) -> str:
        return subprocess.run(
            ["git", "-c", "user.name=t", "-c", "user.email=t@example.org", *args],
            cwd=checkout,
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()

    git("init", "-q", "-b", "main")
    (checkout / "f").write_text("x")
    git("add", "f")
    git("commit", "-qm", "x")
    git("remote", "add", "origin", "git@github.com:example/briefwright.git")
    assert _from_checkout(checkout) is None  # a commit no one else can fetch
    git("update-ref", "refs/remotes/origin/main", "HEAD")  # as a push leaves it
    commit = git("rev-parse", "HEAD")
    found = _from_checkout(checkout)
    assert found is not None
    assert found.line == f"{DISTRIBUTION} @ git+https://github.com/example/briefwright.git@{commit}"

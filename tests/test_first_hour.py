"""What a new user meets in the first hour: starting beside an existing repository,
finding the templates, the messages of `build`, and the wording of what it publishes."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest
from helpers import mini_project, run_cli, run_cli_err

from generator import __version__
from generator.cli.main import build_parser
from generator.render.text import mid_sentence

# --- init ------------------------------------------------------------------------------


def test_init_starts_beside_a_readme_a_licence_and_git_and_overwrites_nothing(
    tmp_path: Path,
) -> None:
    root = tmp_path / "clone"
    root.mkdir()
    (root / "README.md").write_text("# Ours\n")
    (root / "LICENSE").write_text("MIT\n")
    (root / ".gitignore").write_text("*.log\n")
    subprocess.run(["git", "init", "-q", "-b", "main"], cwd=root, check=True)
    status, out = run_cli("init", str(root))
    assert status == 0, out
    assert (root / "README.md").read_text() == "# Ours\n"
    assert (root / "LICENSE").read_text() == "MIT\n"
    assert "kept README.md as it was" in out
    assert (root / "BRIEFING.md").read_text().startswith("# An example briefing")
    ignored = (root / ".gitignore").read_text()
    assert ignored.startswith("*.log\n") and "/site/" in ignored and "/build/" in ignored
    assert "started a git repository" not in out
    assert run_cli("validate", "--root", str(root))[0] == 0


def test_init_starts_a_git_repository_where_there_is_none(tmp_path: Path) -> None:
    root = tmp_path / "new"
    status, out = run_cli("init", str(root))
    assert status == 0 and "started a git repository (branch main)" in out
    head = subprocess.run(
        ["git", "symbolic-ref", "HEAD"], cwd=root, capture_output=True, text=True, check=True
    )
    assert head.stdout.strip() == "refs/heads/main"


def test_init_takes_a_requirement_only_if_it_names_this_project(tmp_path: Path) -> None:
    good = "briefwright @ git+https://github.com/example/briefwright@" + "a" * 40
    assert run_cli("init", str(tmp_path / "a"), "--requirement", good)[0] == 0
    assert (tmp_path / "a" / "requirements.txt").read_text().endswith(good + "\n")
    status, _, err = run_cli_err("init", str(tmp_path / "b"), "--requirement", "briefing==0.1.0")
    assert status == 2 and "must name briefwright" in err
    assert not (tmp_path / "b").exists()


def test_init_has_no_root_option_and_the_command_has_a_version() -> None:
    parser = build_parser()
    sub = next(a for a in parser._actions if a.dest == "command").choices["init"]  # type: ignore[union-attr]
    assert "--root" not in sub.format_help()
    status, out, _ = run_cli_err("--version")
    assert status == 0 and out == f"briefing {__version__}\n"


# --- templates ---------------------------------------------------------------------------


def test_templates_lists_the_shipped_files_and_copies_one_to_override(tmp_path: Path) -> None:
    root = mini_project(tmp_path)
    status, out = run_cli("templates", "--root", str(root))
    listed = out.splitlines()
    assert status == 0 and "home.md.j2" in listed and "pdf/briefing.css" in listed
    assert not [name for name in listed if name.startswith("starter/")]
    status, out = run_cli("templates", "--root", str(root), "--copy", "pdf/briefing.css")
    assert status == 0
    copy = root / "site_templates" / "pdf" / "briefing.css"
    assert copy.is_file()
    assert "pdf/briefing.css  (overridden)" in run_cli("templates", "--root", str(root))[1]
    copy.write_text("/* ours */\n")
    run_cli("templates", "--root", str(root), "--copy", "pdf/briefing.css")
    assert copy.read_text() == "/* ours */\n"  # never overwritten
    status, _, err = run_cli_err("templates", "--root", str(root), "--copy", "nope.j2")
    assert status == 2 and "no shipped template named 'nope.j2'" in err


# --- build and its messages -----------------------------------------------------------------


def test_build_reports_the_warnings_it_met(tmp_path: Path) -> None:
    root = mini_project(tmp_path)
    putin = root / "content" / "actors" / "putin.md"
    putin.write_text(putin.read_text() + "\nAn uncited claim.\n")
    status, _, err = run_cli_err("build", "--no-pdf", "--root", str(root))
    assert status == 0
    assert "warning[uncited-text]: this paragraph cites no source" in err
    assert "the build went ahead" in err


def test_a_scaffolds_placeholder_left_in_place_stops_the_build(tmp_path: Path) -> None:
    root = mini_project(tmp_path)
    assert run_cli("new", "actor", "israel", "--root", str(root), "--title", "Israel")[0] == 0
    status, _, err = run_cli_err("build", "--no-pdf", "--root", str(root))
    assert status == 1 and "error[placeholder-text]" in err
    assert not (root / "site").exists()


def test_the_pdf_command_counts_pages_in_words(tmp_path: Path) -> None:
    root = mini_project(tmp_path)
    status, out = run_cli("pdf", "--edition", "brief", "--root", str(root))
    assert status == 0
    assert "(1 page," in out or " pages," in out
    assert "(1 pages" not in out


# --- what it publishes -------------------------------------------------------------------------


@pytest.fixture(scope="module")
def mini_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = mini_project(tmp_path_factory.mktemp("mini"))
    assert run_cli("build", "--root", str(root))[0] == 0
    return root


def test_the_home_page_title_names_the_site_once(mini_site: Path) -> None:
    home = (mini_site / "site" / "index.html").read_text()
    assert "<title>Example briefing</title>" in home
    about = (mini_site / "site" / "about.html").read_text()
    assert "<title>About this briefing - Example briefing</title>" in about


def test_the_about_page_points_to_no_section_it_lacks(mini_site: Path) -> None:
    about = mini_site / "build" / "docs" / "about.md"
    text = about.read_text()
    assert "What changed since the last edition" not in text  # the fixture lists no changes


def test_a_link_inside_a_sentence_reads_as_part_of_it(mini_site: Path) -> None:
    putin = (mini_site / "build" / "docs" / "actors" / "putin.md").read_text()
    # "Agreed to the [[energy-pause]] in a call": the title, without its capital.
    assert "Agreed to the [energy-strike pause](../agreements/energy-pause.md) in a call" in putin


def test_the_full_pdf_does_not_promise_a_brief_of_a_set_length(mini_site: Path) -> None:
    from pypdf import PdfReader

    cover = PdfReader(mini_site / "site" / "briefing.pdf").pages[0].extract_text()
    assert "shorter brief is published beside it" in " ".join(cover.split())
    assert "four pages" not in cover


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("[[x]] starts it.", False),
        ("Agreed to the [[x]]", True),
        ("A sentence. [[x]] starts the next.", False),
        ("- [[x]] in a list", False),
        ("Said: [[x]]", False),
        ('Both ("[[x]]") and', True),
        ("1. [[x]]", False),
    ],
)
def test_where_a_sentence_starts(text: str, expected: bool) -> None:
    assert mid_sentence(text, text.index("[[")) is expected


@pytest.mark.parametrize("builder", ["mkdocs", "zensical"])
def test_site_url_in_briefing_yaml_alone_drives_sitemap_and_canonical_links(
    tmp_path: Path, builder: str
) -> None:
    root = mini_project(tmp_path)
    settings = root / "content" / "briefing.yaml"
    settings.write_text(settings.read_text() + "site_url: https://example.org/brief/\n")
    assert not (root / "mkdocs.yml").exists()
    status, _, err = run_cli_err("build", "--no-pdf", "--builder", builder, "--root", str(root))
    assert status == 0, err
    sitemap = (root / "site" / "sitemap.xml").read_text()
    assert "<loc>https://example.org/brief/actors/putin.html</loc>" in sitemap
    page = (root / "site" / "actors" / "putin.html").read_text()
    assert '<link rel="canonical" href="https://example.org/brief/actors/putin.html">' in page

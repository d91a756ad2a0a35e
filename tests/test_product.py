"""The generator as a product: installed from its wheel, started with `briefing init`,
configured and extended by a project that is not this repository's briefing."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from helpers import FIXTURES, MINI, installed_briefing, run_cli
from pydantic import Field
from pypdf import PdfReader

from generator.model.defaults import DEFAULT_REGISTRY
from generator.model.entries import LinkedBriefing
from generator.model.registry import Collection, Column
from generator.model.schema import ActorRef, EntityBase, InlineText, SourceRef, Text
from generator.pipeline import run
from generator.project.layout import Project

FISHERIES = FIXTURES / "fisheries"
# Words of this repository's briefing that no other briefing may show.
THIS_BRIEFING = re.compile(
    r"ceasefire|cease-fire|Russia|Ukrain|Kremlin|Kyiv|Moscow|moratorium|Putin|Zelensk|"
    r"Briefing editors|Black Sea",
    re.I,
)


def _project(tmp_path: Path, fixture: Path) -> Path:
    root = tmp_path / fixture.name
    shutil.copytree(fixture, root)
    return root


def _site_text(site: Path) -> dict[str, str]:
    return {
        p.relative_to(site).as_posix(): p.read_text(encoding="utf-8")
        for p in site.rglob("*")
        if p.suffix in (".html", ".json", ".xml", ".js") and "assets" not in p.parts
    }


# --- a briefing on another subject ----------------------------------------------------


@pytest.fixture(scope="module")
def fisheries(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = _project(tmp_path_factory.mktemp("other"), FISHERIES)
    assert run_cli("build", "--root", str(root))[0] == 0
    return root


def test_another_briefing_shows_nothing_of_this_one(fisheries: Path) -> None:
    for rel, text in _site_text(fisheries / "site").items():
        assert not THIS_BRIEFING.search(text), (rel, THIS_BRIEFING.search(text))
    pdf_text = "".join(
        page.extract_text() for page in PdfReader(fisheries / "site" / "briefing.pdf").pages
    )
    assert not THIS_BRIEFING.search(pdf_text)
    home = (fisheries / "site" / "index.html").read_text()
    assert '<meta name="description" content="A sourced briefing on a fictional mackerel' in home
    title = re.search(r"<title>(.*?)</title>", home)
    assert title is not None and title.group(1).startswith("The mackerel quota accord")


def test_its_own_vocabularies_label_and_colour_its_pages(fisheries: Path) -> None:
    agreement = (fisheries / "site" / "agreements" / "quota-accord.html").read_text()
    assert 'class="badge badge-provisional tone-caution"' in agreement
    assert "~ Provisional" in agreement
    events = (fisheries / "site" / "events" / "index.html").read_text()
    assert "The autumn stock survey" in events


def test_a_value_outside_its_own_vocabulary_is_refused(tmp_path: Path) -> None:
    root = _project(tmp_path, FISHERIES)
    event = root / "content" / "events" / "autumn-survey.md"
    event.write_text(event.read_text().replace("kind: survey", "kind: talks"))
    status, out = run_cli("validate", "--root", str(root))
    assert status == 1
    assert "content/events/autumn-survey.md:4:7: error[invalid-choice]: 'talks' is not an " in out
    assert "allowed values: landing, survey" in out


def test_the_site_takes_its_name_language_and_colours_from_briefing_yaml(fisheries: Path) -> None:
    config = (fisheries / "build" / "mkdocs.yml").read_text()
    assert "site_name: The mackerel quota accord" in config
    assert "language: en\n" in config  # en-GB, as near as the theme has
    # The theme's palette stands aside for the generator's stylesheet, the same under
    # either builder (generator/model/colours.py): Material's teal and amber.
    assert "primary: custom" in config and "stylesheets/colours.css" in config
    colours = (fisheries / "site" / "stylesheets" / "colours.css").read_text()
    assert "--md-primary-fg-color: #009485;" in colours
    assert "--md-accent-fg-color--transparent: #ffaa001a;" in colours
    assert "Published by The fisheries desk" in (fisheries / "site" / "index.html").read_text()


def test_the_pdf_cover_prints_the_briefings_edition(fisheries: Path) -> None:
    cover = PdfReader(fisheries / "site" / "briefing.pdf").pages[0].extract_text()
    assert "Autumn 2024" in cover and "The fisheries desk" in cover
    assert "0.1.0" not in cover


# --- configuration and templates of a project's own --------------------------------


def test_a_projects_mkdocs_yml_overrides_the_defaults_key_by_key(tmp_path: Path) -> None:
    root = _project(tmp_path, MINI)
    (root / "mkdocs.yml").write_text(
        "site_url: https://briefings.example.org/\nextra:\n  homepage: https://example.org/\n"
    )
    assert run_cli("build", "--no-pdf", "--root", str(root))[0] == 0
    config = (root / "build" / "mkdocs.yml").read_text()
    assert "site_url: https://briefings.example.org/" in config
    assert "homepage: https://example.org/" in config
    assert "generator: false" in config  # the rest of `extra` is kept
    home = (root / "site" / "index.html").read_text()
    assert '<link rel="canonical" href="https://briefings.example.org/index.html">' in home


def test_a_projects_template_replaces_the_shipped_one(tmp_path: Path) -> None:
    root = _project(tmp_path, MINI)
    own = root / "site_templates"
    own.mkdir()
    shipped = Project(root).find("timeline.md.j2")
    (own / "timeline.md.j2").write_text(
        shipped.read_text().replace('# {{ _("Timeline") }}', "# What happened, day by day")
    )
    assert run_cli("build", "--no-pdf", "--root", str(root))[0] == 0
    assert "What happened, day by day" in (root / "site" / "timeline.html").read_text()
    assert "What happened, day by day" not in (root / "site" / "index.html").read_text()


def test_a_projects_stylesheet_replaces_the_shipped_one(tmp_path: Path) -> None:
    root = _project(tmp_path, MINI)
    css = root / "site_templates" / "static" / "stylesheets" / "briefing.css"
    css.parent.mkdir(parents=True)
    css.write_text(".md-typeset .badge { border-radius: 0; }\n")
    assert run_cli("build", "--no-pdf", "--root", str(root))[0] == 0
    assert (root / "site" / "stylesheets" / "briefing.css").read_text() == css.read_text()


# --- briefing init ---------------------------------------------------------------------


def test_init_writes_a_briefing_that_validates_without_a_warning_and_builds(
    tmp_path: Path,
) -> None:
    root = tmp_path / "new"
    status, out = run_cli("init", str(root))
    assert status == 0 and "created a briefing" in out
    for rel in (
        "content/briefing.yaml",
        "README.md",
        "CONTRIBUTING.md",
        ".github/workflows/pull-request.yml",
        ".github/workflows/pr-comment.yml",
        ".github/workflows/publish.yml",
        ".pre-commit-config.yaml",
        ".gitignore",
        "requirements.txt",
    ):
        assert (root / rel).is_file(), rel
    for collection in DEFAULT_REGISTRY.names:
        assert list((root / "content" / collection).glob("*.md")), collection
    assert run_cli("validate", "--root", str(root)) == (
        0,
        "content is valid: 0 errors, 0 warnings\n",
    )
    assert run_cli("docs", "--check", "--root", str(root))[0] == 0
    assert run_cli("build", "--root", str(root))[0] == 0
    assert (root / "site" / "briefing.pdf").is_file()


def test_init_refuses_a_folder_that_holds_content(tmp_path: Path) -> None:
    root = _project(tmp_path, MINI)
    before = sorted(p.relative_to(root) for p in root.rglob("*"))
    status = run_cli("init", str(root))[0]
    assert status == 1
    assert sorted(p.relative_to(root) for p in root.rglob("*")) == before


def test_diff_outside_a_git_repository_says_so_in_one_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = _project(tmp_path, MINI)
    assert run_cli("diff", "main", "--root", str(root))[0] == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and err.startswith("error: briefing diff compares git revisions")


def test_docs_without_a_contributing_guide_says_so_in_one_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = _project(tmp_path, MINI)
    assert run_cli("docs", "--root", str(root))[0] == 1
    err = capsys.readouterr().err
    assert err == "error: CONTRIBUTING.md does not exist: nothing to update\n"


# --- adding a collection -----------------------------------------------------------------


class Sanction(EntityBase):
    """A sanction imposed by one actor on another (a collection added by a project)."""

    title: Text
    """What the sanction is."""
    imposed_by: ActorRef
    """Who imposed it."""
    summary: InlineText
    """One sentence on it."""
    evidence: list[SourceRef] = Field(default_factory=list)
    """Further sources."""


def test_a_collection_is_a_model_a_registry_entry_and_a_page_template(tmp_path: Path) -> None:
    root = _project(tmp_path, MINI)
    registry = DEFAULT_REGISTRY.with_collection(
        Collection(
            "sanctions",
            "sanction",
            "Sanctions",
            Sanction,
            columns=(Column("Sanction", "link"), Column("Imposed by", "ref", "imposed_by")),
            nav=95,
            pdf=55,
        )
    )
    (root / "content" / "sanctions").mkdir()
    (root / "content" / "sanctions" / "swift-ban.md").write_text(
        "---\ntitle: Exclusion from SWIFT\nimposed_by: ukraine\n"
        "summary: Banks were cut off [@wire-report].\nsources: [wire-report]\n---\n"
        "Linked from the [[putin]] page [@wire-report].\n"
    )
    own = root / "site_templates"
    own.mkdir()
    (own / "sanction.md.j2").write_text(
        "# {{ title | md }}\n\nImposed by {{ page.link(model.imposed_by) }}: "
        "{{ page.inline(model.summary) }}\n\n{{ page.body(entry) }}\n"
    )
    outcome = run(Project(root, registry), site_dir=root / "site", pdf_in_site=True)
    assert outcome.validation.ok, outcome.validation.diagnostics
    site = root / "site"
    page = (site / "sanctions" / "swift-ban.html").read_text()
    assert "Exclusion from SWIFT" in page and 'href="../actors/ukraine.html"' in page
    index = (site / "sanctions" / "index.html").read_text()
    assert 'href="swift-ban.html"' in index and "Imposed by" in index
    home = (site / "index.html").read_text()
    nav = re.search(
        r'<a href="sanctions/index.html" class="md-nav__link">(.{0,200}?)</a>', home, re.S
    )
    assert nav is not None and "Sanctions" in nav.group(1)
    reader = PdfReader(site / "briefing.pdf")
    assert "Sanctions" in [item.title for item in reader.outline if not isinstance(item, list)]
    assert "swift-ban" in reader.named_destinations
    text = "".join(p.extract_text() for p in reader.pages)
    assert "Exclusion from SWIFT" in text and "Banks were cut off" in text
    linked: LinkedBriefing = outcome.validation.linked
    assert [e.id for e in linked.of(Sanction)] == ["swift-ban"]


# --- the wheel -----------------------------------------------------------------------------


def test_the_wheel_holds_everything_a_build_needs(wheel: Path) -> None:
    names = set(zipfile.ZipFile(wheel).namelist())
    for needed in (
        "generator/site_templates/mkdocs.yml",
        "generator/site_templates/home.md.j2",
        "generator/site_templates/pdf/briefing.css",
        "generator/site_templates/pdf/briefing.html.j2",
        "generator/site_templates/static/stylesheets/briefing.css",
        "generator/site_templates/overrides-mkdocs/partials/search.html",
        "generator/site_templates/starter/content/briefing.yaml",
        "generator/site_templates/starter/github/workflows/pull-request.yml",
    ):
        assert needed in names, needed


def test_the_installed_wheel_starts_builds_and_prints_a_briefing(
    wheel: Path, tmp_path: Path
) -> None:
    # The wheel alone, unpacked where the repository cannot be seen; its dependencies
    # come from this environment.
    briefing = installed_briefing(wheel, tmp_path)
    target = tmp_path / "installed"
    env = {"PYTHONPATH": str(target), "PATH": "/usr/bin:/bin", "HOME": str(tmp_path)}
    project = tmp_path / "x"

    where = briefing("--help")
    assert where.returncode == 0, where.stderr
    locate = subprocess.run(
        [sys.executable, "-c", "import generator; print(generator.__file__)"],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
    )
    assert locate.stdout.startswith(str(target)), locate.stdout
    for args in (
        ("init", str(project)),
        ("build", "--root", str(project)),
        ("pdf", "--root", str(project)),
    ):
        proc = briefing(*args)
        assert proc.returncode == 0, (args, proc.stderr)
    assert (project / "site" / "index.html").is_file()
    assert PdfReader(project / "site" / "briefing.pdf").pages


# --- upgrading from an earlier content format ------------------------------------------


def test_upgrade_rewrites_an_earlier_formats_terms_in_place(tmp_path: Path) -> None:
    root = _project(tmp_path, MINI)
    sources = root / "content" / "sources"
    wire = sources / "wire-report.md"
    wire.write_text(wire.read_text().replace("kind: wire", "kind: news  # as it was"))
    ministry = sources / "ministry-statement.md"
    ministry.write_text(re.sub(r"kind: [\w-]+", 'kind: "official"', ministry.read_text(), count=1))
    status, out = run_cli("validate", "--root", str(root))
    assert status == 0 and out.count("warning[renamed-term]") == 2, out
    status, out = run_cli("upgrade", "--root", str(root))
    assert status == 0
    assert "content/sources/wire-report.md:4: news -> newspaper" in out
    assert "2 terms rewritten" in out
    assert "kind: newspaper  # as it was\n" in wire.read_text()  # the comment kept
    assert 'kind: "primary-document"\n' in ministry.read_text()
    assert run_cli("validate", "--root", str(root)) == (
        0,
        "content is valid: 0 errors, 0 warnings\n",
    )
    assert run_cli("upgrade", "--root", str(root))[1].endswith(
        "0 terms rewritten; run `briefing validate` next\n"
    )


def test_a_briefing_keeping_an_old_term_in_its_own_vocabulary_is_not_warned(
    tmp_path: Path,
) -> None:
    root = _project(tmp_path, MINI)
    settings = root / "content" / "briefing.yaml"
    settings.write_text(
        settings.read_text()
        + "vocabularies:\n  source_kind:\n"
        + "".join(
            f"    - {{value: {v}, label: {v.title()}}}\n"
            for v in ("news", "wire", "government", "think-tank")
        )
    )
    wire = root / "content" / "sources" / "wire-report.md"
    wire.write_text(wire.read_text().replace("kind: wire", "kind: news"))
    status, out = run_cli("validate", "--root", str(root))
    assert "renamed-term" not in out and status == 0, out

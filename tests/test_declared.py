"""A collection a project declares in briefing.yaml, with no Python: checked, linked,
shown on its own pages, on the pages it refers to, in the navigation and the PDF, and
known to `new`, `schema` and `diff`, through the installed wheel."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest
from helpers import FIXTURES, installed_briefing, run_cli
from pypdf import PdfReader

from generator.incremental import Session
from generator.markdown.audit import audit_document
from generator.markdown.sanitize import THEME_SCRIPTS
from generator.model.limits import MAX_DECLARED_COLLECTIONS
from generator.project.layout import Project

FISHERIES = FIXTURES / "fisheries"
DECLARED = FIXTURES / "declared"


def _declaring_project(tmp: Path) -> Path:
    """The fisheries briefing (not this repository's), with an `inspections` collection
    declared in its briefing.yaml and two entries in it."""
    root = tmp / "fisheries"
    shutil.copytree(FISHERIES, root)
    settings = root / "content" / "briefing.yaml"
    settings.write_text(settings.read_text() + (DECLARED / "collections.yaml").read_text())
    shutil.copytree(DECLARED / "content" / "inspections", root / "content" / "inspections")
    return root


@pytest.fixture(scope="module")
def installed(
    wheel: Path, tmp_path_factory: pytest.TempPathFactory
) -> Callable[..., subprocess.CompletedProcess[str]]:
    return installed_briefing(wheel, tmp_path_factory.mktemp("wheel"))


@pytest.fixture(scope="module")
def built(installed: Callable[..., subprocess.CompletedProcess[str]], tmp_path_factory) -> Path:
    root = _declaring_project(tmp_path_factory.mktemp("declared"))
    for git in (
        ["init", "-q", "-b", "main"],
        ["add", "-A"],
        ["-c", "user.name=t", "-c", "user.email=t@example.org", "commit", "-qm", "x"],
    ):
        subprocess.run(["git", *git], cwd=root, check=True, capture_output=True)
    done = installed("build", "--root", str(root))
    assert done.returncode == 0, done.stderr
    return root


def test_it_validates_through_the_installed_wheel(installed, built: Path) -> None:
    done = installed("validate", "--root", str(built))
    assert done.returncode == 0 and "0 errors, 0 warnings" in done.stdout, done.stdout


def test_its_entries_have_pages_with_their_fields(built: Path) -> None:
    page = (built / "site" / "inspections" / "october-patrol.html").read_text()
    assert "October patrol in the northern grounds" in page
    facts = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", page))
    # Declared order, declared labels, each value as its type is shown.
    assert re.search(
        r"Carried out by Northland Vessels of Southmark Date 12 October 2024 Vessels 4 "
        r"Outcome No vessel was over its share",
        facts,
    ), facts[:2000]
    assert 'href="../actors/northland.html"' in page
    assert 'href="https://example.org/patrol-report"' in page


def test_its_index_has_the_declared_columns_in_date_order(built: Path) -> None:
    index = (built / "site" / "inspections" / "index.html").read_text()
    headers = re.findall(r"<th[^>]*>(.*?)</th>", index)
    assert headers == ["Inspection", "Date", "Carried out by", "Vessels"]
    assert index.index("october-patrol.html") < index.index("november-patrol.html")


def test_it_is_in_the_navigation_where_declared(built: Path) -> None:
    home = (built / "site" / "index.html").read_text()
    nav = re.findall(r'<a href="([a-z-]+)/index.html" class="md-nav__link">', home)
    assert "inspections" in nav
    # nav: 55 puts it after the timeline's place (50) and before who's who (60).
    assert nav.index("inspections") < nav.index("actors")


def test_the_entities_it_refers_to_list_it_under_the_declared_headings(built: Path) -> None:
    northland = (built / "site" / "actors" / "northland.html").read_text()
    carried = re.search(r'<h2 id="inspections-carried-out".*?</h2>(.*?)<h2', northland, re.S)
    assert carried and "october-patrol.html" in carried.group(1)
    assert "november-patrol.html" not in carried.group(1)
    boarded = re.search(r'<h2 id="its-vessels-inspected".*?</h2>(.*?)<h2', northland, re.S)
    assert boarded and "november-patrol.html" in boarded.group(1)
    # Listed once: not again under "Referenced by".
    referenced = re.search(r'<h2 id="referenced-by".*?</h2>(.*?)<h2', northland, re.S)
    assert referenced and "Agreements" in referenced.group(1)
    assert "patrol" not in referenced.group(1)


def test_the_pdf_has_its_section_with_the_fields(built: Path) -> None:
    reader = PdfReader(built / "site" / "briefing.pdf")
    outline = [item.title for item in reader.outline if not isinstance(item, list)]
    assert (
        outline.index("Timeline") < outline.index("Inspections at sea") < outline.index("Who's who")
    )
    assert "october-patrol" in reader.named_destinations
    text = " ".join(p.extract_text() for p in reader.pages)
    assert "Carried out by Northland" in text and "Vessels 4" in text
    # An entry's heading, summary and facts table stay on one page.
    page = next(
        p.extract_text() for p in reader.pages if "October patrol in the" in p.extract_text()
    )
    assert "A Northland patrol boarded" in page and "example.org/patrol-report" in page


def test_new_writes_its_fields_with_their_descriptions(installed, built: Path, tmp_path) -> None:
    root = tmp_path / "copy"
    shutil.copytree(built, root, ignore=shutil.ignore_patterns("site", "build", ".git"))
    done = installed(
        "new", "inspection", "march-patrol", "--root", str(root), "--set", "inspected_by=northland"
    )
    assert done.returncode == 0, done.stderr
    text = (root / "content" / "inspections" / "march-patrol.md").read_text()
    assert "# The state whose patrol carried out the inspection. (required; id)" in text
    assert "inspected_by: northland" in text and "report:" in text


def test_schema_writes_its_json_schema(installed, built: Path, tmp_path) -> None:
    done = installed("schema", "--root", str(built), "-o", str(tmp_path / "schema"))
    assert done.returncode == 0, done.stderr
    schema = json.loads((tmp_path / "schema" / "inspections.schema.json").read_text())
    assert schema["description"].startswith("A boarding of fishing vessels")
    assert set(schema["required"]) == {"title", "summary", "inspected_by", "date"}
    assert schema["additionalProperties"] is False


def test_diff_names_its_entries_by_their_singular(installed, built: Path) -> None:
    entry = built / "content" / "inspections" / "november-patrol.md"
    original = entry.read_text()
    try:
        entry.write_text(original.replace("vessels: 1", "vessels: 2"))
        done = installed("diff", "HEAD", "--root", str(built))
    finally:
        entry.write_text(original)
    assert done.returncode == 0, done.stderr
    assert "- inspection `november-patrol`: `November patrol in the southern grounds`" in (
        done.stdout
    )


# --- declarations that cannot be used ---------------------------------------------------


def _declare(tmp_path: Path, change: Callable[[str], str]) -> tuple[int, str]:
    root = _declaring_project(tmp_path)
    settings = root / "content" / "briefing.yaml"
    settings.write_text(change(settings.read_text()))
    return run_cli("validate", "--root", str(root))


def _line_of(root_text: str, needle: str) -> int:
    return root_text.splitlines().index(needle) + 1


def test_a_reference_to_no_collection_is_reported_where_it_is_written(tmp_path: Path) -> None:
    status, out = _declare(tmp_path, lambda t: t.replace("to: [actors]", "to: [actor]", 1))
    assert status == 1
    settings = (tmp_path / "fisheries" / "content" / "briefing.yaml").read_text()
    line = _line_of(settings, "        to: [actor]")
    assert f"content/briefing.yaml:{line}:14: error[unknown-collection]: no collection 'actor'" in (
        out
    )
    # Reported once, where it is declared, not again on every entry using the field.
    assert "wrong-kind-ref" not in out and out.count("error[") == 1, out


@pytest.mark.parametrize(
    ("change", "code"),
    [
        (lambda t: t.replace("  inspections:\n", "  actors:\n"), "collection-clash"),
        (lambda t: t.replace("singular: inspection", "singular: actor"), "collection-clash"),
        (lambda t: t.replace("      vessels:\n", "      tags:\n"), "reserved-field"),
        (lambda t: t.replace("    order: date", "    order: vessels"), "unknown-field"),
        (lambda t: t.replace("    columns: [date,", "    columns: [day,"), "unknown-field"),
        (
            lambda t: t.replace("    pdf: 55", "    pdf: 55\n    template: home.md.j2"),
            "unknown-template",
        ),
        (
            lambda t: t.replace(
                "        type: number", "        type: number\n        to: [actors]"
            ),
            "not-a-reference",
        ),
    ],
)
def test_a_declaration_that_cannot_be_used_is_an_error_with_its_line(
    tmp_path: Path, change: Callable[[str], str], code: str
) -> None:
    status, out = _declare(tmp_path, change)
    assert status == 1
    assert re.search(rf"^content/briefing\.yaml:\d+:\d+: error\[{code}\]", out, re.M), out
    assert "Traceback" not in out


def test_a_template_outside_the_projects_folder_is_refused(tmp_path: Path) -> None:
    status, out = _declare(
        tmp_path, lambda t: t.replace("    pdf: 55", "    pdf: 55\n    template: ../x.md.j2")
    )
    assert status == 1 and "error[" in out and "collections.inspections.template" in out, out


def test_a_declared_title_is_text_on_every_page(tmp_path: Path) -> None:
    root = _declaring_project(tmp_path)
    settings = root / "content" / "briefing.yaml"
    settings.write_text(
        settings.read_text().replace(
            "title: Inspections at sea", 'title: "<img src=x onerror=alert(1)> *Patrols*"'
        )
    )
    status, out = run_cli("build", "--root", str(root), "--no-pdf")
    assert status == 0, out
    for page in ("inspections/index.html", "actors/northland.html", "index.html"):
        html = (root / "site" / page).read_text()
        assert "<img src=x" not in html and audit_document(html, THEME_SCRIPTS) == [], page
        # Shown as the text it is: in the navigation of every page, as the index's heading.
        assert "&lt;img src=x onerror=alert(1)&gt; *Patrols*" in html, page


def test_the_preview_session_follows_a_new_declaration(tmp_path: Path) -> None:
    root = tmp_path / "fisheries"
    shutil.copytree(FISHERIES, root)
    session = Session(Project(root))
    assert "inspections" not in session.validate().linked.registry
    declared = _declaring_project(tmp_path / "later")
    shutil.copy(declared / "content" / "briefing.yaml", root / "content" / "briefing.yaml")
    shutil.copytree(declared / "content" / "inspections", root / "content" / "inspections")
    validation = session.validate()
    assert "inspections" in validation.linked.registry and validation.ok
    assert len(validation.linked.collection("inspections")) == 2


def test_a_briefing_declares_at_most_twenty_collections(tmp_path: Path) -> None:
    many = "".join(
        f"  extra-{i}:\n    singular: extra-item-{i}\n    title: Extra {i}\n"
        f"    description: One more.\n"
        for i in range(MAX_DECLARED_COLLECTIONS)
    )
    status, out = _declare(tmp_path, lambda t: t.replace("collections:\n", "collections:\n" + many))
    assert status == 1 and "Traceback" not in out
    assert re.search(r"^content/briefing\.yaml:\d+:\d+: error\[", out, re.M), out
    assert f"at most {MAX_DECLARED_COLLECTIONS}" in out, out


# --- what an independent review tried ----------------------------------------------------


def test_a_collection_name_that_is_a_path_writes_nothing_outside(tmp_path: Path) -> None:
    outside = tmp_path / "outside"
    root = _declaring_project(tmp_path)
    settings = root / "content" / "briefing.yaml"
    settings.write_text(
        settings.read_text().replace(
            "collections:\n",
            f"collections:\n  {outside}/x:\n    singular: pwn\n    title: X\n"
            "    description: d\n  ../escape:\n    singular: esc\n    title: Y\n"
            "    description: d\n",
        )
    )
    status, out = run_cli("validate", "--root", str(root))
    assert status == 1 and out.count("is not a valid id") == 2, out
    assert run_cli("new", "pwn", "hello", "--root", str(root))[0] != 0
    assert run_cli("new", "esc", "hello", "--root", str(root))[0] != 0
    run_cli("schema", "--root", str(root), "-o", str(root / "schema"))
    assert not outside.exists() and not (root / "escape").exists()
    assert sorted(p.name for p in (root / "schema").iterdir()) == sorted(
        [f"{c}.schema.json" for c in Project(root).registry.names] + ["briefing.schema.json"]
    )


@pytest.mark.parametrize("value", [".nan", ".inf", "1e400", "true", '"4"'])
def test_a_number_that_is_no_finite_number_is_an_error(tmp_path: Path, value: str) -> None:
    root = _declaring_project(tmp_path)
    entry = root / "content" / "inspections" / "october-patrol.md"
    entry.write_text(entry.read_text().replace("vessels: 4", f"vessels: {value}"))
    status, out = run_cli("validate", "--root", str(root))
    assert status == 1 and "content/inspections/october-patrol.md:7:" in out, out
    assert "Traceback" not in out and "a bug" not in out


@pytest.mark.parametrize(
    "field", ["model_config", "model_dump", "schema", "json", "copy", "name", "time"]
)
def test_a_field_named_like_what_the_models_or_the_generator_use_is_refused(
    tmp_path: Path, field: str
) -> None:
    status, out = _declare(tmp_path, lambda t: t.replace("      vessels:\n", f"      {field}:\n"))
    assert status == 1 and "error[reserved-field]" in out, out
    assert "Traceback" not in out and "a bug" not in out and "UserWarning" not in out


def test_a_plural_that_is_a_built_in_singular_is_a_clash(tmp_path: Path) -> None:
    status, out = _declare(tmp_path, lambda t: t.replace("  inspections:\n", "  actor:\n"))
    assert status == 1 and "error[collection-clash]: 'actor'" in out, out


def test_a_singular_may_be_its_own_plural(tmp_path: Path) -> None:
    root = _declaring_project(tmp_path)
    settings = root / "content" / "briefing.yaml"
    settings.write_text(
        settings.read_text().replace("singular: inspection", "singular: inspections")
    )
    status, out = run_cli("validate", "--root", str(root))
    assert status == 0, out


def test_two_reference_fields_get_two_headings(tmp_path: Path) -> None:
    root = _declaring_project(tmp_path)
    settings = root / "content" / "briefing.yaml"
    text = settings.read_text()
    settings.write_text(
        text.replace("        shown_as: Inspections carried out\n", "").replace(
            "        shown_as: Its vessels inspected\n", ""
        )
    )
    assert run_cli("build", "--root", str(root), "--no-pdf")[0] == 0
    page = (root / "site" / "actors" / "northland.html").read_text()
    headings = [re.sub(r"<[^>]+>|¶", "", h) for h in re.findall(r"<h2[^>]*>(.*?)</h2>", page)]
    assert "Inspections at sea (Carried out by)" in headings
    assert "Inspections at sea (Vessels of)" in headings


def test_thousands_of_declarations_stop_at_the_budget_quickly(tmp_path: Path) -> None:
    many = "".join(
        f"  extra-{i}:\n    singular: extra-item-{i}\n    title: Extra {i}\n    description: d\n"
        for i in range(2500)
    )
    root = _declaring_project(tmp_path)
    settings = root / "content" / "briefing.yaml"
    settings.write_text(settings.read_text().replace("collections:\n", "collections:\n" + many))
    assert len([c for c in Project(root).registry if c.declared]) == MAX_DECLARED_COLLECTIONS
    assert run_cli("new", "extra-item-2400", "x", "--root", str(root))[0] != 0


def test_adding_a_declaration_during_the_preview_puts_it_in_the_navigation(
    tmp_path: Path,
) -> None:
    """What the plugin hands MkDocs after an edit: the navigation as the content now has it."""
    from mkdocs.config import load_config

    from generator.mkdocs_plugin import BriefingPlugin
    from generator.pipeline import run

    root = tmp_path / "fisheries"
    shutil.copytree(FISHERIES, root)
    run(Project(root), site_dir=root / "site", publish=False)  # as serve starts
    config = load_config(str(root / "build" / "mkdocs.yml"))
    declared = _declaring_project(tmp_path / "later")
    shutil.copy(declared / "content" / "briefing.yaml", root / "content" / "briefing.yaml")
    shutil.copytree(declared / "content" / "inspections", root / "content" / "inspections")
    plugin = config.plugins["briefing"]
    assert isinstance(plugin, BriefingPlugin)
    config = plugin.on_config(config)
    assert {"Inspections at sea": "inspections/index.md"} in config["nav"]
    assert config["not_in_nav"].match_file("inspections/october-patrol.md")
    plugin.on_build_error(error=RuntimeError("done"))  # releases the lock it took

"""The built site: pages, links, backlinks, privacy, determinism.

The generator's tests build a synthetic briefing (conftest.synthetic_site); the few that
check the shipped briefing carry the marker `content`.
"""

from __future__ import annotations

import contextlib
import hashlib
import io
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import BuiltSite, copy_project
from helpers import FIXTURES, MINI, overlay_project, run_cli, search_entries
from remote_loads import remote_loads

from generator.markdown.search import SECTION_BUDGET
from generator.model.defaults import DEFAULT_REGISTRY
from generator.pipeline import run
from generator.project.layout import PACKAGE_TEMPLATES, Project


def _html(site: Path, rel: str) -> str:
    return (site / rel).read_text(encoding="utf-8")


def _section_links(page_html: str, heading_id: str) -> set[str]:
    """The entity ids linked from the section under <h2 id=heading_id>."""
    match = re.search(
        rf'<h2 id="{heading_id}">(.*?)(?=<h2 |<div class="footnote"|</article>)', page_html, re.S
    )
    assert match, f"no section {heading_id}"
    return {Path(href).stem for href in re.findall(r'href="([^"#]+\.html)"', match.group(1))}


def test_every_entity_has_a_page_with_its_title(synthetic_site: BuiltSite) -> None:
    entries = synthetic_site.validation.linked.entries
    assert len(entries) >= 100
    for entry in entries.values():
        page = synthetic_site.site / entry.collection / f"{entry.id}.html"
        assert page.is_file(), page
        assert "<h1" in page.read_text(encoding="utf-8")


def test_every_collection_has_an_index_and_the_special_pages_exist(
    synthetic_site: BuiltSite,
) -> None:
    for name in DEFAULT_REGISTRY.names:
        assert (synthetic_site.site / name / "index.html").is_file()
    for rel in ("index.html", "matrix.html", "timeline.html", "tags.html", "glossary.html"):
        assert (synthetic_site.site / rel).is_file()


def test_no_page_loads_a_resource_from_another_origin(synthetic_site: BuiltSite) -> None:
    assert remote_loads(synthetic_site.site) == []


def test_the_remote_load_check_finds_what_loads_from_elsewhere(tmp_path: Path) -> None:
    (tmp_path / "a.html").write_text(
        '<a href="https://example.org/">a link, fine</a><script src="https://cdn.example/x.js">'
        '</script><link rel="stylesheet" href="//fonts.example/css"><img src="local.png">'
        '<link rel="canonical" href="https://example.org/a.html">'
    )
    assert {(p.target, p.problem) for p in remote_loads(tmp_path)} == {
        ("https://cdn.example/x.js", "loads a resource from another origin"),
        ("//fonts.example/css", "loads a resource from another origin"),
    }


@pytest.mark.parametrize("builder", ["mkdocs", "zensical"])
def test_a_broken_link_or_anchor_fails_the_build(tmp_path: Path, builder: str) -> None:
    """Each builder checks every link and anchor of the generated pages, strictly: a
    project template that links nowhere stops the build, and the site stays as it was."""
    root = tmp_path / "p"
    shutil.copytree(MINI, root)
    assert run_cli("build", "--no-pdf", "--builder", builder, "--root", str(root))[0] == 0
    before = (root / "site" / "glossary.html").read_bytes()
    own = root / "site_templates"
    own.mkdir()
    glossary = (PACKAGE_TEMPLATES / "glossary.md.j2").read_text()
    (own / "glossary.md.j2").write_text(
        glossary + "\n[gone](nowhere.md) and [no anchor](timeline.md#no-such-anchor)\n"
    )
    out = io.StringIO()
    with contextlib.redirect_stderr(out):
        status, _ = run_cli("build", "--no-pdf", "--builder", builder, "--root", str(root))
    assert status == 1
    message = out.getvalue()
    assert "nowhere.md" in message or "does not exist" in message, message
    assert "was left as it was" in message
    assert (root / "site" / "glossary.html").read_bytes() == before


@pytest.mark.parametrize("builder", ["mkdocs", "zensical"])
def test_a_page_with_script_is_not_published(tmp_path: Path, builder: str) -> None:
    """However script reaches a finished page (here a project's theme override), the page
    fails the final audit, the build fails, and the site stays as it was. Under Zensical,
    where the briefing plugin does not run, this audit (finish.py) is the last line."""
    root = tmp_path / "p"
    shutil.copytree(MINI, root)
    assert run_cli("build", "--no-pdf", "--builder", builder, "--root", str(root))[0] == 0
    before = (root / "site" / "index.html").read_bytes()
    override = root / "site_templates" / "overrides" / "main.html"
    override.parent.mkdir(parents=True)
    override.write_text(
        (PACKAGE_TEMPLATES / "overrides" / "main.html").read_text()
        + '{% block extrahead %}<img src="x" onerror="alert(1)">{% endblock %}\n'
    )
    out = io.StringIO()
    with contextlib.redirect_stderr(out):
        status, _ = run_cli("build", "--no-pdf", "--builder", builder, "--root", str(root))
    assert status == 1
    assert "onerror" in out.getvalue() and "was left as it was" in out.getvalue(), out.getvalue()
    assert (root / "site" / "index.html").read_bytes() == before


@pytest.mark.parametrize("builder", ["mkdocs", "zensical"])
def test_each_search_section_stays_within_its_budget(tmp_path: Path, builder: str) -> None:
    """Zensical refuses to index a section beyond a limit that shrinks as a site grows, so
    a long body (or index) is indexed up to the budget, by either builder, and the page
    is still found by its beginning."""
    root = tmp_path / "p"
    shutil.copytree(MINI, root)
    actor = root / "content" / "actors" / "putin.md"
    paragraphs = [f"Paragraph {n} on the pause, word{n} " + "and more " * 110 for n in range(40)]
    actor.write_text(actor.read_text() + "\n\n" + "\n\n".join(paragraphs) + "\n")
    assert run_cli("build", "--no-pdf", "--builder", builder, "--root", str(root))[0] == 0
    sections = search_entries(root / "site")
    page = [s for s in sections if s["location"].startswith("actors/putin.html")]
    assert "word0" in " ".join(s["text"] for s in page)
    assert "word39" not in " ".join(s["text"] for s in page)  # past the budget
    for section in sections:
        # The budget counts text and tags; the index keeps a few more characters.
        assert len(section["text"]) <= SECTION_BUDGET * 1.25, section["location"]


def test_zensical_renders_every_page_again_when_the_generator_changed(tmp_path: Path) -> None:
    """Zensical's page cache knows the Markdown, not the code of the generator's Markdown
    extensions: after an upgrade of the generator, no page may come from the old cache."""
    root = tmp_path / "p"
    shutil.copytree(MINI, root)

    def cached_pages() -> dict[str, int]:
        cache = root / "build" / ".cache"
        return {p.name: p.stat().st_mtime_ns for p in cache.iterdir() if p.name.isdigit()}

    assert run_cli("build", "--no-pdf", "--builder", "zensical", "--root", str(root))[0] == 0
    first = cached_pages()
    assert first
    assert run_cli("build", "--no-pdf", "--builder", "zensical", "--root", str(root))[0] == 0
    assert cached_pages() == first  # nothing changed: the cache is used as it is
    stamp = root / "build" / ".cache" / "briefing-extensions"
    current = stamp.read_text()
    stamp.write_text("an older generator")
    assert run_cli("build", "--no-pdf", "--builder", "zensical", "--root", str(root))[0] == 0
    again = cached_pages()
    assert set(again) == set(first)
    assert all(again[name] > first[name] for name in first)
    assert stamp.read_text() == current


def test_backlinks_match_the_references(synthetic_site: BuiltSite) -> None:
    linked = synthetic_site.validation.linked
    checked = 0
    for entry in linked.entries.values():
        html = _html(synthetic_site.site, f"{entry.collection}/{entry.id}.html")
        expected = set(linked.referenced_by.get(entry.id, []))
        if entry.collection == "sources":
            assert _section_links(html, "cited-by") == set(linked.cited_by.get(entry.id, []))
        elif expected:
            assert _section_links(html, "referenced-by") == expected, entry.id
            checked += 1
        else:
            # No empty section saying so on every page that nothing links to.
            assert 'id="referenced-by"' not in html, entry.id
            assert "Nothing links to this page" not in html
    assert checked > 30


def test_issue_pages_show_every_partys_position(synthetic_site: BuiltSite) -> None:
    linked = synthetic_site.validation.linked
    for issue in linked.collection("issues"):
        html = _html(synthetic_site.site, f"issues/{issue.id}.html")
        actors = {p.model.actor for p in linked.pointing_at(issue.id, "positions", "subject")}
        for actor in actors:
            assert f'href="../actors/{actor}.html"' in html, (issue.id, actor)


def test_matrix_badges_carry_text_and_link_to_positions(synthetic_site: BuiltSite) -> None:
    html = _html(synthetic_site.site, "matrix.html")
    badges = re.findall(
        r'<a class="badge badge-([a-z-]+) tone-[a-z]+" href="positions/([a-z0-9-]+)\.html">'
        r"([^<]+)</a>",
        html,
    )
    linked = synthetic_site.validation.linked
    assert len(badges) >= 10
    for stance, position, text in badges:
        assert linked.entries[position].model.stance == stance
        assert stance.replace("-", " ") in text.lower()


def test_no_page_loads_anything_from_another_origin(synthetic_site: BuiltSite) -> None:
    for page in synthetic_site.site.rglob("*.html"):
        html = page.read_text(encoding="utf-8")
        for tag in re.findall(r"<(?:script|link|img|iframe)\b[^>]*>", html):
            assert not re.search(r'(?:src|href)="(?:https?:)?//', tag), (page, tag)


def test_search_index_and_offline_support(synthetic_site: BuiltSite) -> None:
    site = synthetic_site.site
    assert (site / "search" / "search_index.json").is_file()
    assert (site / "search" / "search_index.js").is_file()  # the offline plugin's inline copy
    home = _html(site, "index.html")
    assert 'src="javascripts/iframe-worker-shim.js"' in home
    assert "unpkg.com" not in home and "fonts.googleapis" not in home


def test_navigation_lists_collections_not_entities(synthetic_site: BuiltSite) -> None:
    actor = synthetic_site.validation.linked.collection("actors")[0]
    html = _html(synthetic_site.site, f"actors/{actor.id}.html")
    nav = re.search(r'<nav class="md-nav md-nav--primary".*?</nav>', html, re.S)
    assert nav
    assert len(re.findall(r'class="md-nav__link', nav.group(0))) <= 15


def test_build_is_deterministic(
    synthetic_site: BuiltSite, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The same content gives the same bytes, whatever date the environment gives (every
    date in the outputs comes from the content), and a build leaves the environment as
    it found it (Material's own NO_MKDOCS_2_WARNING is set by the builds before this
    one, as it is after any first build)."""
    root = copy_project(tmp_path, synthetic_site.root / "content")
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1234567890")
    environment = dict(os.environ)
    run(Project(root), site_dir=root / "site", pdf_in_site=True)
    assert dict(os.environ) == environment

    def digest(folder: Path) -> dict[str, str]:
        return {
            p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*"))
            if p.is_file()
        }

    assert digest(root / "site") == digest(synthetic_site.site)
    assert digest(root / "build" / "docs") == digest(synthetic_site.root / "build" / "docs")


def test_failed_build_leaves_the_previous_site_untouched(tmp_path: Path) -> None:
    root = overlay_project(tmp_path, FIXTURES / "faults" / "unused-source")
    assert run_cli("build", "--no-pdf", "--root", str(root))[0] == 0
    before = {p: p.read_bytes() for p in (root / "site").rglob("*") if p.is_file()}
    (root / "content" / "actors" / "russia.md").write_text("---\nname: [broken\n---\n")
    status, _ = run_cli("build", "--no-pdf", "--root", str(root))
    assert status == 1
    after = {p: p.read_bytes() for p in (root / "site").rglob("*") if p.is_file()}
    assert after == before
    assert not (root / ".site.building").exists()


def _generated_config(root: Path) -> Path:
    """build/mkdocs.yml, as `briefing build` writes it for any builder to read."""
    assert run_cli("build", "--no-pdf", "--root", str(root))[0] == 0
    return root / "build" / "mkdocs.yml"


def test_plain_mkdocs_build_runs_the_same_pipeline(tmp_path: Path) -> None:
    root = overlay_project(tmp_path, FIXTURES / "faults" / "unused-source")
    config = _generated_config(root)
    (root / "content" / "actors" / "putin.md").write_text(
        (root / "content" / "actors" / "putin.md").read_text().replace("in a call", "on the phone")
    )
    proc = subprocess.run(
        [
            sys.executable,
            "-m",
            "mkdocs",
            "build",
            "-q",
            "-f",
            str(config),
            "-d",
            str(tmp_path / "out"),
        ],
        capture_output=True,
        text=True,
    )
    assert proc.returncode == 0, proc.stderr
    # The plugin regenerated the pages from the edited content before MkDocs read them.
    assert "on the phone" in (root / "build" / "docs" / "actors" / "putin.md").read_text()
    assert "on the phone" in (tmp_path / "out" / "actors" / "putin.html").read_text()


def test_plain_mkdocs_build_refuses_invalid_content(tmp_path: Path) -> None:
    root = overlay_project(tmp_path, FIXTURES / "faults" / "unused-source")
    config = _generated_config(root)
    (root / "content" / "events" / "call.md").write_text(
        (root / "content" / "events" / "call.md").read_text().replace("[putin]", "[putn]")
    )
    proc = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "-q", "-f", str(config)],
        capture_output=True,
        text=True,
    )
    assert proc.returncode == 1
    assert "content/events/call.md:5:16: error[unknown-ref]" in proc.stderr


@pytest.mark.content
def test_the_shipped_briefing_builds_every_page_and_loads_nothing_from_elsewhere(
    built_site: BuiltSite,
) -> None:
    entries = built_site.validation.linked.entries
    for entry in entries.values():
        assert (built_site.site / entry.collection / f"{entry.id}.html").is_file()
    assert remote_loads(built_site.site) == []


def test_a_pipe_inside_inline_markdown_keeps_the_table_whole(tmp_path: Path) -> None:
    root = overlay_project(tmp_path, FIXTURES / "faults" / "unused-source")
    position = root / "content" / "positions" / "ukraine-on-prisoners.md"
    text = position.read_text()
    position.write_text(
        re.sub(
            r"^summary: .*$",
            "summary: 'Kyiv chose `swap|release` over *all | none* [@ministry-statement].'",
            text,
            flags=re.M,
        )
    )
    assert run_cli("build", "--no-pdf", "--root", str(root))[0] == 0
    html = (root / "site" / "issues" / "prisoners.html").read_text()
    rows = [r for r in re.findall(r"<tr>(.*?)</tr>", html, re.S) if "Kyiv chose" in r]
    assert len(rows) == 1
    assert rows[0].count("<td") == 4  # party, stance, summary, as of
    assert "<code>swap|release</code>" in rows[0]
    assert "<em>all | none</em>" in rows[0]

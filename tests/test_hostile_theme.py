"""Hostile content, part 2: values the theme prints without escaping them.

Material for MkDocs writes the site name, page titles, the table of contents, tags and
the search index into its pages unescaped, and its `content.tooltips` feature turns
`title` attributes and cut-off navigation text into HTML in the browser. Every such
value from content must arrive escaped, and the feature is refused. The last test opens
the hostile site in a real Chromium, hovers and focuses everything a reader might, and
searches, watching for any script that runs.
"""

from __future__ import annotations

import json
import re
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml
from conftest import BUILDERS
from helpers import FIXTURES, built_by, overlay_project, run_cli, search_entries
from mkdocs.structure.toc import AnchorLink

from generator.markdown.audit import audit_document
from generator.markdown.sanitize import (
    PAGE,
    SAFE_ID,
    THEME_SCRIPTS,
    audit,
    clean,
    safe_id,
    sanitize_toc,
)

XSS = "<img src=x onerror=alert(document.domain)>"
QUOTE = '"><img src=x onerror=alert(2)>'


def _hostile_settings(root: Path) -> None:
    settings = root / "content" / "briefing.yaml"
    data = yaml.safe_load(settings.read_text())
    data["title"] = f"Briefing {XSS}"
    data["subtitle"] = f"Sub {QUOTE}"
    data["glossary"][0]["expansion"] = f"North {QUOTE} Atlantic"
    # Values that reach the search index by another road than the pages (content only).
    data["spellings"] = [{"variant": "<img src=x onerror=alert(1)>", "used": "Putin"}]
    settings.write_text(yaml.safe_dump(data, allow_unicode=True))
    actor = root / "content" / "actors" / "putin.md"
    actor.write_text(
        actor.read_text()
        .replace("---\n", '---\nalso_known_as: ["<img src=x onerror=alert(2)>"]\n', 1)
        .replace(
            "Agreed to",
            f"## {XSS.replace('<', '&lt;')} and a very long heading that the table of "
            "contents will have to cut short somewhere along the way\n\n"
            "NATO agreed to",
        )
    )


@pytest.fixture(scope="module", params=BUILDERS)
def hostile_site(tmp_path_factory: pytest.TempPathFactory, request: pytest.FixtureRequest) -> Path:
    """The hostile fixture built by each builder: Zensical runs none of the briefing's
    MkDocs plugin, so what it prints must be safe without it."""
    builder = request.param
    root = overlay_project(tmp_path_factory.mktemp(f"theme-{builder}"), FIXTURES / "hostile")
    _hostile_settings(root)
    status, out = run_cli("build", "--no-pdf", "--builder", builder, "--root", str(root))
    assert status == 0, out
    return root / "site"


def _pages(site: Path) -> dict[str, str]:
    return {p.relative_to(site).as_posix(): p.read_text() for p in site.rglob("*.html")}


def test_every_page_passes_the_document_scan(hostile_site: Path) -> None:
    for rel, html in _pages(hostile_site).items():
        assert audit_document(html, THEME_SCRIPTS) == [], rel


def test_the_site_name_is_escaped_in_every_place_the_theme_prints_it(hostile_site: Path) -> None:
    html = (hostile_site / "actors" / "putin.html").read_text()
    assert "<img src=x" not in html
    assert "Briefing &lt;img src=x onerror=alert(document.domain)&gt;" in html
    title = re.search(r"<title>(.*?)</title>", html, re.S)
    assert title is not None and "&lt;img" in title.group(1)


def test_glossary_expansions_stay_inside_their_attribute(hostile_site: Path) -> None:
    html = (hostile_site / "actors" / "putin.html").read_text()
    abbr = re.search(r"<abbr title=\"([^\"]*)\">NATO</abbr>", html)
    assert abbr is not None
    assert "&lt;img" in abbr.group(1) and "onerror" in abbr.group(1)
    article = re.search(r"<article[^>]*>(.*)</article>", html, re.S)
    assert article is not None
    if built_by(hostile_site) == "mkdocs":
        # The briefing plugin cleaned the page's content with the allowlist.
        assert audit(article.group(1), PAGE) == []
    else:
        # Zensical's article holds theme markup too; its content was cleaned by the site's
        # Markdown extension (test_hostile_outputs.py), and the whole page is audited.
        assert audit_document(html, THEME_SCRIPTS) == []


def test_the_tooltip_feature_that_renders_titles_as_html_is_off(hostile_site: Path) -> None:
    html = (hostile_site / "index.html").read_text()
    config = re.search(r'<script id="__config" type="application/json">(.*?)</script>', html)
    assert config is not None
    assert "content.tooltips" not in json.loads(config.group(1))["features"]


def test_a_project_that_turns_the_tooltip_feature_on_is_refused(tmp_path: Path) -> None:
    root = overlay_project(tmp_path, FIXTURES / "hostile")
    (root / "mkdocs.yml").write_text("theme:\n  features: [navigation.top, content.tooltips]\n")
    status, _ = run_cli("build", "--no-pdf", "--root", str(root))
    assert status == 1
    assert not (root / "site").exists()


def test_a_long_heading_keeps_an_id_its_links_and_contents_agree_on() -> None:
    long_id = "outcomes-" + "x" * 140
    assert safe_id(long_id) == long_id[:128] and SAFE_ID.fullmatch(safe_id(long_id))
    html = clean(f'<h1 id="{long_id}">T</h1><a href="#{long_id}">T</a>', PAGE)
    assert html.count(f'"{long_id[:128]}"') == 1 and html.count(f'"#{long_id[:128]}"') == 1
    item = AnchorLink("T", long_id, 1)
    sanitize_toc([item])
    assert item.id == long_id[:128]


def test_the_table_of_contents_holds_text_only(hostile_site: Path) -> None:
    html = (hostile_site / "actors" / "putin.html").read_text()
    toc = re.search(r'<nav class="md-nav md-nav--secondary"[^>]*>(.*?)</nav>', html, re.S)
    assert toc is not None
    assert "<img" not in toc.group(1)
    assert "&lt;img src=x onerror=alert(document.domain)&gt;" in toc.group(1)


def test_a_hostile_toc_entry_is_made_safe_before_the_theme_sees_it() -> None:
    # Validation refuses the attribute lists that could make these; this is the net.
    item = AnchorLink(f"A {XSS}", 'x" autofocus onfocus="alert(1)', 2)
    child = AnchorLink("&lt;b&gt; ok", "fine-id", 3)
    item.children = [child]
    sanitize_toc([item])
    assert "<" not in item.title  # markup in a title is dropped, its text kept
    assert item.id.startswith("section-") and SAFE_ID.fullmatch(item.id)
    assert child.title == "&lt;b&gt; ok" and child.id == "fine-id"


def test_spellings_and_other_names_reach_the_search_index_escaped(hostile_site: Path) -> None:
    docs = search_entries(hostile_site)
    putin = [d for d in docs if d["location"].startswith("actors/putin.html")]
    assert any("&lt;img src=x onerror=alert(2)&gt;" in d["title"] for d in putin), putin
    assert any("&lt;img src=x onerror=alert(1)&gt;" in d["text"] for d in docs)


def test_every_file_of_the_site_passes_the_final_audit(hostile_site: Path) -> None:
    from generator.markdown.audit import audit_site

    redirects = {p for p in hostile_site.rglob("*.html") if 'http-equiv="refresh"' in p.read_text()}
    assert audit_site(hostile_site, redirects) == []


def test_the_search_index_holds_escaped_text(hostile_site: Path) -> None:
    if built_by(hostile_site) == "zensical":
        # search.js carries the same index, for reading from file://.
        assert "<img" not in (hostile_site / "search.js").read_text()
    docs = search_entries(hostile_site)
    assert docs
    for doc in docs:
        for key in ("title", "text"):
            assert (
                "<script" not in doc[key] and "<img" not in doc[key] and "<iframe" not in doc[key]
            ), doc


def test_tags_are_escaped(hostile_site: Path) -> None:
    html = (hostile_site / "tags.html").read_text()
    assert "<b>tag</b>" not in html
    assert "&lt;b&gt;tag&lt;/b&gt;" in html


@pytest.fixture(scope="module")
def chromium() -> Iterator[object]:
    from browser import CHROMIUM, CHROMIUM_ARGS
    from playwright.sync_api import sync_playwright

    if not Path(CHROMIUM).exists() or shutil.which("chromium") is None:
        pytest.skip("Debian's chromium is not installed (scripts/test installs it)")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.mark.browser
def test_no_script_runs_while_a_reader_hovers_focuses_and_searches(
    chromium: object, hostile_site: Path
) -> None:
    from browser import open_search, serve_directory
    from playwright.sync_api import Error as PlaywrightError

    fired: list[str] = []
    with serve_directory(hostile_site) as url:
        context = chromium.new_context(viewport={"width": 1000, "height": 800})  # type: ignore[attr-defined]
        page = context.new_page()
        page.on("dialog", lambda d: (fired.append(d.message), d.dismiss()))
        for rel in ("index.html", "actors/putin.html", "actors/zelenskyy.html", "tags.html"):
            page.goto(url + rel, wait_until="networkidle")
            targets = page.locator("nav a, abbr, [title], article a, .md-ellipsis")
            for index in range(min(targets.count(), 80)):
                target = targets.nth(index)
                if not target.is_visible():
                    continue
                try:
                    target.hover(force=True, timeout=2000)
                    target.focus(timeout=2000)
                except PlaywrightError:
                    continue  # off screen, or covered by the header: nothing to hover
            for _ in range(40):
                page.keyboard.press("Tab")
        page.goto(url + "index.html", wait_until="networkidle")
        field, results = open_search(page, built_by(hostile_site))
        for query in ("Putin", "Evil", "img", "script", "onerror"):
            field.fill(query)
            page.wait_for_timeout(400)
            for index in range(results.count()):
                results.nth(index).hover()
        context.close()
    assert fired == []

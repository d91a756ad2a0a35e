"""The reader's experience, in a real headless Chromium driven by Playwright.

The shipped content is built once by each builder (MkDocs and Zensical, with the PDFs)
and served on 127.0.0.1 at a random port; the offline tests open the same files through
file:// URLs. Every test runs against both sites; where the builders' themes differ, the
test says how, and the README lists the differences.
"""

from __future__ import annotations

import json
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from browser import (
    AXE,
    CHROMIUM,
    CHROMIUM_ARGS,
    PAGE_TYPES,
    PageWatch,
    result_text,
    search,
    serve_directory,
)
from conftest import BuiltSite
from playwright.sync_api import Browser, Page, sync_playwright

# The reader's experience of the shipped briefing, in a real browser.
pytestmark = [pytest.mark.browser, pytest.mark.content]

SEARCHES = {
    "Hoffman": "actors/dan-hoffman.html",
    "children": "issues/deported-children.html",
    "Black Sea": "agreements/black-sea-arrangement.html",
    "prisoner": "issues/prisoner-exchanges.html",
}


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    assert Path(CHROMIUM).exists(), "Debian's chromium is missing: run scripts/test"
    with sync_playwright() as playwright:
        instance = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield instance
        instance.close()


@pytest.fixture(scope="module")
def base_url(built_site: BuiltSite) -> Iterator[str]:
    with serve_directory(built_site.site) as url:
        yield url


@pytest.fixture
def page(browser: Browser) -> Iterator[Page]:
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    yield page
    context.close()


def _open(page: Page, url: str, origin: str) -> PageWatch:
    watch = PageWatch(origin)
    watch.attach(page)
    page.goto(url, wait_until="networkidle")
    return watch


def _h1(page: Page) -> str:
    return page.locator("article h1").first.inner_text().replace("¶", "").strip()


@pytest.mark.parametrize("kind", sorted(PAGE_TYPES))
def test_every_page_type_loads_cleanly(page: Page, base_url: str, kind: str) -> None:
    watch = _open(page, base_url + PAGE_TYPES[kind], base_url)
    assert page.locator("article h1").count() == 1
    assert watch.console_errors == []
    assert watch.failed == []
    assert watch.foreign == [], "requests left the test server"


@pytest.mark.parametrize("query", sorted(SEARCHES))
def test_search_finds_the_entity_page_first(
    page: Page, base_url: str, built_site: BuiltSite, query: str
) -> None:
    _open(page, base_url + "index.html", base_url)
    started = time.monotonic()
    results = search(page, query, built_site.builder)
    elapsed = time.monotonic() - started
    hrefs = [
        (results.nth(i).get_attribute("href") or "").split("?")[0].removeprefix(base_url)
        for i in range(min(3, results.count()))
    ]
    # Zensical ignores the pages' search boosts (README, "Builders"): an entity's page
    # may follow a page about it, but is on the first screen of results.
    rank = hrefs.index(SEARCHES[query]) if SEARCHES[query] in hrefs else None
    assert rank == 0 if built_site.builder == "mkdocs" else rank is not None, hrefs
    assert elapsed < 1.5 + 0.05 * len(query)  # typing itself takes a few ms per key
    results.nth(rank or 0).click()
    page.wait_for_load_state()
    assert page.url.split("?")[0].split("#")[0] == base_url + SEARCHES[query]


def test_cross_links_lead_both_ways(page: Page, base_url: str) -> None:
    _open(page, base_url + "agreements/energy-strike-moratorium.html", base_url)
    assert _h1(page) == "Moratorium on strikes against energy infrastructure"
    # A party of the agreement ...
    page.locator("article table a", has_text="Russia").first.click()
    assert _h1(page) == "Russia"
    # ... one of its positions ...
    badge = page.locator("#positions ~ div table a.badge").first
    position_url = badge.get_attribute("href") or ""
    badge.click()
    position_title = _h1(page)
    assert position_title.startswith("Russia on ")
    # ... the issue it is about ...
    issue_link = page.locator("article table a").nth(1)
    issue_title = issue_link.inner_text()
    issue_link.click()
    assert _h1(page) == issue_title
    # ... and back to the position through "Referenced by".
    referenced = page.locator("#referenced-by + ul a", has_text=position_title)
    assert referenced.count() == 1
    referenced.click()
    assert _h1(page) == position_title
    assert page.url.endswith(position_url.split("/")[-1])


def test_a_footnote_reaches_the_source_which_lists_the_citing_page(
    page: Page, base_url: str
) -> None:
    _open(page, base_url + "agreements/energy-strike-moratorium.html", base_url)
    ref = page.locator("sup a.footnote-ref").first
    ref.click()
    note_id = (ref.get_attribute("href") or "#").lstrip("#")
    note = page.locator(f'[id="{note_id}"]')
    assert note.is_visible()
    source_link = note.locator("a").first
    source_title = source_link.inner_text().strip("“”")  # a headline is quoted
    source_link.click()
    assert _h1(page) == source_title
    citing = page.locator(
        "#cited-by + ul a", has_text="Moratorium on strikes against energy infrastructure"
    )
    assert citing.count() == 1


def test_the_site_works_offline_from_file_urls(page: Page, built_site: BuiltSite) -> None:
    origin = built_site.site.as_uri() + "/"
    watch = _open(page, origin + "index.html", "file:")
    page.locator("nav.md-nav--primary a", has_text="Agreements").first.click()
    assert page.url.endswith("agreements/index.html")
    assert _h1(page) == "Agreements"
    results = search(page, "Hoffman", built_site.builder)
    hrefs = [results.nth(i).get_attribute("href") or "" for i in range(results.count())]
    assert any(h.split("?")[0].endswith("actors/dan-hoffman.html") for h in hrefs)
    page.goto(origin + "index.html")
    pdf = page.locator('.md-banner a[href$="briefing.pdf"]')
    assert pdf.count() == 1
    target = page.evaluate("h => new URL(h, location.href).pathname", pdf.get_attribute("href"))
    assert Path(target).is_file() and Path(target).read_bytes().startswith(b"%PDF")
    assert watch.console_errors == [] and watch.foreign == []


@pytest.mark.parametrize("kind", sorted(PAGE_TYPES))
def test_no_horizontal_scrolling_on_a_phone(browser: Browser, base_url: str, kind: str) -> None:
    context = browser.new_context(
        viewport={"width": 375, "height": 740},
        is_mobile=True,
        has_touch=True,
        device_scale_factor=2,
    )
    page = context.new_page()
    page.goto(base_url + PAGE_TYPES[kind], wait_until="networkidle")
    overflow = page.evaluate("""() => {
        const width = document.documentElement.clientWidth;
        // Wide content may scroll inside its own box (a table, a code block); no more.
        const scrolls = e => {
            for (let a = e.parentElement; a && a.tagName !== 'ARTICLE'; a = a.parentElement) {
                const x = getComputedStyle(a).overflowX;
                if ((x === 'auto' || x === 'scroll')
                    && a.getBoundingClientRect().right <= width + 1) return true;
            }
            return false;
        };
        const wide = [...document.querySelectorAll('article *')].filter(e => {
            const r = e.getBoundingClientRect();
            return r.right > width + 1 && !e.closest('.md-typeset__scrollwrap') && !scrolls(e);
        }).map(e => e.tagName + '.' + e.className);
        return {scroll: document.documentElement.scrollWidth, width, wide: wide.slice(0, 5)};
    }""")
    context.close()
    assert overflow["scroll"] <= overflow["width"], overflow
    assert overflow["wide"] == [], overflow


def test_wide_tables_scroll_inside_their_container(browser: Browser, base_url: str) -> None:
    context = browser.new_context(viewport={"width": 375, "height": 740})
    page = context.new_page()
    page.goto(base_url + "matrix.html", wait_until="networkidle")
    wrap = page.locator(".md-typeset__scrollwrap").first
    sizes = wrap.evaluate("e => [e.scrollWidth, e.clientWidth, getComputedStyle(e).overflowX]")
    context.close()
    assert sizes[0] > sizes[1] and sizes[2] == "auto"


def test_dark_palette_toggle_works_and_persists(page: Page, base_url: str) -> None:
    _open(page, base_url + "index.html", base_url)
    scheme = "document.body.getAttribute('data-md-color-scheme')"
    assert page.evaluate(scheme) == "default"
    page.locator("form[data-md-component=palette] label:visible").first.click()
    assert page.evaluate(scheme) == "slate"
    page.goto(base_url + "matrix.html", wait_until="networkidle")
    assert page.evaluate(scheme) == "slate"


def test_print_hides_the_navigation(page: Page, base_url: str) -> None:
    _open(page, base_url + "issues/deported-children.html", base_url)
    page.emulate_media(media="print")
    hidden = page.evaluate("""() => ['.md-header', '.md-sidebar--primary', '.md-sidebar--secondary',
        '.md-footer'].map(s => { const e = document.querySelector(s);
        return !e || getComputedStyle(e).display === 'none'; })""")
    assert hidden == [True, True, True, True]
    assert page.locator("article h1").is_visible()


def _axe(page: Page) -> list[dict[str, Any]]:
    page.add_script_tag(path=str(AXE))
    result = page.evaluate("""async () => {
        const r = await axe.run(document, {resultTypes: ['violations']});
        return r.violations.map(v => ({id: v.id, impact: v.impact,
            nodes: v.nodes.slice(0, 3).map(n => n.target.join(' '))}));
    }""")
    return [v for v in result if v["impact"] in ("serious", "critical")]


@pytest.mark.parametrize("kind", sorted(PAGE_TYPES))
def test_no_serious_accessibility_violations(page: Page, base_url: str, kind: str) -> None:
    _open(page, base_url + PAGE_TYPES[kind], base_url)
    violations = _axe(page)
    assert violations == [], json.dumps(violations, indent=1)


def test_no_serious_accessibility_violations_in_dark_mode(page: Page, base_url: str) -> None:
    _open(page, base_url + "matrix.html", base_url)
    page.locator("form[data-md-component=palette] label:visible").first.click()
    assert _axe(page) == []


def test_matrix_badges_carry_text_not_colour_alone(page: Page, base_url: str) -> None:
    _open(page, base_url + "matrix.html", base_url)
    texts = page.locator("table .badge").all_inner_texts()
    assert len(texts) >= 20
    words = {"Supports", "Conditional", "Ambiguous", "Opposes", "No stated position"}
    for text in texts:
        assert any(word in text for word in words), text


def test_screenshot_command_writes_pngs(built_site: BuiltSite, tmp_path: Path) -> None:
    # A separate process, as a user runs it (and Playwright's sync API allows one per thread).
    script = Path(__file__).parent / "screenshots.py"
    proc = subprocess.run(
        [
            sys.executable,
            str(script),
            "--site",
            str(built_site.site),
            "--out",
            str(tmp_path),
            "--only",
            "home",
            "matrix",
        ],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert proc.returncode == 0, proc.stderr
    names = sorted(p.name for p in tmp_path.glob("*.png"))
    assert names == [
        "home-desktop.png",
        "home-mobile.png",
        "matrix-desktop.png",
        "matrix-mobile.png",
    ]
    for path in tmp_path.glob("*.png"):
        assert path.read_bytes().startswith(b"\x89PNG") and path.stat().st_size > 10_000


def test_glossary_abbreviations_show_their_expansion(page: Page, base_url: str) -> None:
    _open(page, base_url + "index.html", base_url)
    nato = page.locator('article abbr[title="North Atlantic Treaty Organization"]').first
    assert nato.inner_text() == "NATO"
    nato.hover()
    page.wait_for_timeout(300)
    # The browser's own tooltip shows the title as text. Material's script tooltips,
    # which would render it as HTML, are off (see sanitize.REFUSED_FEATURES).
    assert nato.get_attribute("title") == "North Atlantic Treaty Organization"
    assert page.locator(".md-tooltip2").count() == 0


# A briefing a professional would cite ---------------------------------------------------

VARIANTS = {
    "Zelenskiy": "Zelenskyy",
    "Zelensky": "Zelenskyy",
    "Kiev": "Kyiv",
    "Witkof": "Witkoff",
    "cease-fire": "ceasefire",
}


def _search(page: Page, base_url: str, query: str, builder: str) -> list[tuple[str, str]]:
    _open(page, base_url + "index.html", base_url)
    results = search(page, query, builder)
    return [
        (results.nth(i).get_attribute("href") or "", result_text(results.nth(i)))
        for i in range(results.count())
    ]


@pytest.mark.parametrize("query", sorted(VARIANTS))
def test_search_finds_the_spellings_readers_type(
    page: Page, base_url: str, built_site: BuiltSite, query: str
) -> None:
    results = _search(page, base_url, query, built_site.builder)
    assert results, query
    # The pages found use the briefing's own spelling.
    assert any(VARIANTS[query].casefold() in text.casefold() for _, text in results[:5])


def test_search_snippets_show_prose_not_a_facts_table(
    page: Page, base_url: str, built_site: BuiltSite
) -> None:
    results = _search(page, base_url, "Witkoff", built_site.builder)
    assert results
    for _, text in results[:5]:
        assert "Fact Detail" not in text, text


def test_footnotes_show_their_source_on_hover_and_on_keyboard_focus(
    page: Page, base_url: str
) -> None:
    _open(page, base_url + "agreements/energy-strike-moratorium.html", base_url)
    ref = page.locator("sup a.footnote-ref").first
    note_id = (ref.get_attribute("href") or "#").lstrip("#")
    source = page.locator(f'[id="{note_id}"] a').first.inner_text()
    ref.hover()
    tooltip = page.locator(".md-tooltip2--active, .md-tooltip2").filter(has_text=source).first
    tooltip.wait_for(state="visible", timeout=2000)
    page.mouse.move(0, 0)
    tooltip.wait_for(state="hidden", timeout=2000)
    ref.focus()
    tooltip.wait_for(state="visible", timeout=2000)


def test_the_page_title_is_the_strongest_heading(page: Page, base_url: str) -> None:
    _open(page, base_url + "issues/deported-children.html", base_url)
    style = """s => { const e = document.querySelector(s); const c = getComputedStyle(e);
        return [parseFloat(c.fontSize), parseInt(c.fontWeight), c.color]; }"""
    h1 = page.evaluate(style, "article h1")
    h2 = page.evaluate(style, "article h2")
    body = page.evaluate(style, "article p")
    assert h1[0] > h2[0] and h1[1] >= 700 and h1[1] >= h2[1]
    assert h1[2] == body[2]  # the text colour, not the theme's light grey


def test_every_page_offers_both_pdf_editions(page: Page, base_url: str) -> None:
    _open(page, base_url + "actors/vladimir-putin.html", base_url)
    links = page.locator(".md-banner a")
    assert links.all_inner_texts() == ["The brief (PDF)", "Full reference (PDF)"]
    for i in range(2):
        href = links.nth(i).get_attribute("href") or ""
        response = page.request.get(base_url + href.removeprefix("../"))
        assert response.ok and response.body().startswith(b"%PDF-")


def test_a_source_page_leads_to_the_original_in_one_click(page: Page, base_url: str) -> None:
    _open(page, base_url + "sources/kremlin-readout-2025-03-18.html", base_url)
    button = page.locator("article a.md-button").first
    assert button.inner_text().startswith("Read it at ")
    assert (button.get_attribute("href") or "").startswith("https://")


def test_the_header_and_links_take_the_briefings_colours(
    page: Page, base_url: str, built_site: BuiltSite
) -> None:
    # Under either builder: Zensical's own look would otherwise keep a white header.
    from generator.model.colours import _rgb, contrast, hex_of

    settings = built_site.validation.linked.settings
    assert settings is not None
    _open(page, base_url + "index.html", base_url)
    header = page.evaluate("getComputedStyle(document.querySelector('.md-header')).backgroundColor")
    assert header == "rgb({}, {}, {})".format(*_rgb(hex_of(settings.colours.primary)))
    link = page.evaluate(
        "getComputedStyle(document.querySelector('.md-typeset p a, .md-typeset li a')).color"
    )
    rgb = tuple(int(n) for n in link.removeprefix("rgb(").removesuffix(")").split(","))
    assert contrast("#{:02x}{:02x}{:02x}".format(*rgb), "#ffffff") >= 4.5, link


# --- the Ukrainian edition -----------------------------------------------------------


@pytest.mark.parametrize("path", ["uk/index.html", "uk/matrix.html", "uk/actors/ukraine.html"])
def test_the_ukrainian_pages_have_no_serious_accessibility_violations(
    page: Page, base_url: str, path: str
) -> None:
    watch = _open(page, base_url + path, base_url)
    assert page.evaluate("document.documentElement.lang") == "uk"
    assert _axe(page) == []
    assert watch.console_errors == [] and watch.failed == [] and watch.foreign == []


def test_the_language_menu_leads_to_the_same_page_in_ukrainian_and_back(
    page: Page, base_url: str
) -> None:
    _open(page, base_url + "matrix.html", base_url)
    page.locator(".md-header__option .md-select").first.hover()
    page.locator('a.md-select__link[hreflang="uk"]').click()
    page.wait_for_load_state("networkidle")
    assert page.url.endswith("/uk/matrix.html")
    assert _h1(page) == "Позиції сторін"
    page.locator(".md-header__option .md-select").first.hover()
    page.locator('a.md-select__link[hreflang="en"]').click()
    page.wait_for_load_state("networkidle")
    assert page.url.endswith("/matrix.html") and "/uk/" not in page.url
    assert _h1(page) == "Where the parties stand"

"""Right to left: an Arabic briefing's site and both PDFs are laid out right to left, and
text of the other direction inside them ("14 July 2015, Vienna.", English names) keeps
its order. Checked as rendered: positions of boxes in Chromium, of glyph runs in the
PDFs."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from browser import CHROMIUM, CHROMIUM_ARGS, serve_directory
from helpers import FIXTURES, overlay_project, run_cli
from playwright.sync_api import sync_playwright
from pypdf import PdfReader

RTL = FIXTURES / "rtl"
MIXED = "14 July 2015, Vienna."
TITLE = "هدنة الطاقة التجريبية"


@pytest.fixture(scope="module", params=["mkdocs", "zensical"])
def site(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = overlay_project(tmp_path_factory.mktemp(f"rtl-{request.param}"), RTL)
    status, out = run_cli("build", "--builder", request.param, "--root", str(root))
    assert status == 0, out
    return root / "site"


def _runs(pdf: Path, page_number: int) -> tuple[float, list[tuple[float, float, str]]]:
    """The page's width, and its text runs as (x, y, text) in PDF points."""
    page = PdfReader(pdf).pages[page_number]
    runs: list[tuple[float, float, str]] = []

    def visit(text: str, cm: list[float], tm: list[float], *_: object) -> None:
        if text.strip():
            runs.append((tm[4] * cm[0] + cm[4], tm[5] * cm[3] + cm[5], text.strip()))

    page.extract_text(visitor_text=visit)
    return float(page.mediabox.width), runs


@pytest.mark.parametrize("name, page", [("briefing-brief.pdf", 0), ("briefing.pdf", 2)])
def test_both_pdfs_are_laid_out_right_to_left(site: Path, name: str, page: int) -> None:
    width, runs = _runs(site / name, page)
    heading = next(r for r in runs if r[2] == "حقائق رئيسية")  # the key facts' caption
    label = next(r for r in runs if r[2] == "التاريخ والمكان")
    mixed = next(r for r in runs if r[2] == MIXED)
    # Headings and labels start at the right margin; the facts' values sit left of them.
    assert heading[0] > width / 2 and label[0] > width / 2
    assert mixed[0] < label[0]
    # The date and place keep their order, its citation after it, to its right.
    citation = next(r for r in runs if re.fullmatch(r"\[\d+\]", r[2]) and abs(r[1] - mixed[1]) < 5)
    assert citation[0] > mixed[0]


def test_the_pdf_says_it_is_arabic(site: Path) -> None:
    for name in ("briefing.pdf", "briefing-brief.pdf"):
        assert PdfReader(site / name).trailer["/Root"]["/Lang"] == "ar"


@pytest.fixture(scope="module")
def chromium() -> Iterator[object]:
    assert Path(CHROMIUM).exists(), "Debian's chromium is missing: run scripts/test"
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


def _on_the_home_page(
    site: Path, chromium, script: str, argument: object = None, width: int = 1280
) -> Any:
    """What `script` returns, evaluated in the home page served in Chromium."""
    with serve_directory(site) as base:
        context = chromium.new_context(viewport={"width": width, "height": 900})
        page = context.new_page()
        page.goto(base + "index.html", wait_until="networkidle")
        try:
            return page.evaluate(script, argument)
        finally:
            context.close()


@pytest.mark.browser
@pytest.mark.parametrize("width", [1280, 390])
def test_the_site_is_laid_out_right_to_left(site: Path, chromium, width: int) -> None:
    layout = _on_the_home_page(
        site,
        chromium,
        """(mixed) => {
          const article = document.querySelector("article");
          const h1 = article.querySelector("h1");
          const cell = [...article.querySelectorAll("td")].find(
            td => td.textContent.includes(mixed));
          const text = [...cell.querySelectorAll("*"), cell].flatMap(
            n => [...n.childNodes]).find(n => n.nodeType === 3 && n.data.includes(mixed));
          const rect = (from, length) => {
            const range = document.createRange();
            range.setStart(text, text.data.indexOf(from));
            range.setEnd(text, text.data.indexOf(from) + length);
            return range.getBoundingClientRect();
          };
          const words = document.createRange();
          words.selectNodeContents(h1.firstChild);
          const a = article.getBoundingClientRect(), h = words.getBoundingClientRect();
          return {
            dir: document.body.dir,
            direction: getComputedStyle(article).direction,
            headingGapRight: a.right - h.right,
            headingGapLeft: h.left - a.left,
            day: rect("14", 2).left,
            place: rect("Vienna", 6).left,
            stop: rect("Vienna.", 7).right,
            placeRight: rect("Vienna", 6).right,
          };
        }""",
        MIXED,
        width=width,
    )
    assert layout["dir"] == "rtl" and layout["direction"] == "rtl"
    # The title starts at the right edge of the article.
    assert layout["headingGapRight"] < layout["headingGapLeft"]
    # "14 July 2015, Vienna." reads left to right, its full stop at the end.
    assert layout["day"] < layout["place"] < layout["stop"]
    assert layout["stop"] >= layout["placeRight"]


@pytest.mark.browser
def test_an_arabic_title_and_an_english_sentence_each_keep_their_direction(
    site: Path, chromium
) -> None:
    directions = _on_the_home_page(
        site,
        chromium,
        """() => {
          const ps = [...document.querySelectorAll("article p")];
          const find = (text) => ps.find(p => p.textContent.includes(text));
          const style = (p) => {
            const range = document.createRange();
            range.selectNodeContents(p);
            const r = range.getBoundingClientRect(), box = p.getBoundingClientRect();
            return {leftGap: r.left - box.left, rightGap: box.right - r.right};
          };
          return {
            english: style(find("Both sides later accused")),
            arabic: style(find("اتفقت الدولتان")),
            // Arabic, though it opens with an English name.
            name: style(find("وافق على الهدنة")),
            // An Arabic heading around a longer English title.
            heading: getComputedStyle([...document.querySelectorAll("article h2")].find(
              h => h.textContent.includes("Energy-strike pause"))).direction,
          };
        }""",
    )
    # An English paragraph in the Arabic page is set left to right, the Arabic one right
    # to left (each by most of its words).
    assert directions["english"]["leftGap"] < directions["english"]["rightGap"]
    assert directions["arabic"]["rightGap"] < directions["arabic"]["leftGap"]
    assert directions["name"]["rightGap"] < directions["name"]["leftGap"]
    assert directions["heading"] == "rtl"


@pytest.mark.browser
def test_an_arabic_date_in_an_english_reference_keeps_its_order(site: Path, chromium) -> None:
    # The footnote of an English source: "Example Wire, “…”, 18 مارس 2025."
    order = _on_the_home_page(
        site,
        chromium,
        """() => {
          const li = [...document.querySelectorAll(".footnote li")].find(
            l => l.textContent.includes("Example Wire"));
          const walker = document.createTreeWalker(li, NodeFilter.SHOW_TEXT);
          let node;
          while ((node = walker.nextNode()) && !node.data.includes("2025")) {}
          const at = (s) => {
            const r = document.createRange(), i = node.data.indexOf(s);
            r.setStart(node, i); r.setEnd(node, i + s.length);
            return r.getBoundingClientRect().left;
          };
          return {day: at("18"), year: at("2025")};
        }""",
    )
    # Read right to left, as Arabic is: the day first (rightmost), the year last.
    assert order["day"] > order["year"]


@pytest.mark.browser
def test_a_footnote_marker_follows_an_english_word_that_ends_an_arabic_sentence(
    site: Path, chromium
) -> None:
    boxes = _on_the_home_page(
        site,
        chromium,
        """() => {
          const para = [...document.querySelectorAll("article p")].find(
            p => p.textContent.includes("عُقد الاجتماع"));
          const walker = document.createTreeWalker(para, NodeFilter.SHOW_TEXT);
          let node;
          while ((node = walker.nextNode()) && !node.data.includes("Vienna")) {}
          const range = document.createRange(), at = node.data.indexOf("Vienna");
          range.setStart(node, at); range.setEnd(node, at + 6);
          return {
            marker: para.querySelector("sup").getBoundingClientRect().right,
            word: range.getBoundingClientRect().left,
          };
        }""",
    )
    # Read right to left: "… في Vienna¹." with the marker after (left of) the word.
    assert boxes["marker"] <= boxes["word"] + 1

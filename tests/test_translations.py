"""One briefing in several languages: translation files beside their originals, a site
and two PDFs per language with their own search, a language menu linking each page to
itself in the others, untranslated entries shown in the original and marked, and
translations that fall behind their original caught by `validate` and shown to readers.
"""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest
from helpers import MINI, run_cli
from pypdf import PdfReader

from generator.content.translations import TRANSLATED_FROM
from generator.project.layout import Project

BRIEFING_UK = """\
title: Пробний брифінг
bottom_line:
  - Дві держави погодилися на [[energy-pause|тридцятиденну паузу]] [@wire-report].
  - Згодом кожна сторона звинуватила іншу в порушеннях [@ministry-statement].
key_facts:
  - label: Що погоджено
    value: Зупинка ударів по енергетиці на 30 днів [@wire-report].
  - label: Стан
    value: Завершилася, за словами [[kremlin-spokesman]] [@think-tank-update].
"""

RUSSIA_UK = "---\nname: Росія\n---\n"
PAUSE_UK = """\
---
title: Пауза в ударах по енергетиці
summary: Обидві сторони мали не завдавати ударів по енергетиці 30 днів [@wire-report].
---
Пауза настала після розмови [[putin]] з президентом США [@wire-report].
"""


def _translated(tmp: Path) -> Path:
    """The mini briefing with `translations: [uk]`, its home page, one actor and the
    agreement translated and stamped as current; everything else untranslated."""
    root = tmp / "project"
    shutil.copytree(MINI, root)
    content = root / "content"
    settings = content / "briefing.yaml"
    settings.write_text(
        settings.read_text().replace("language: en", "language: en\ntranslations: [uk]")
    )
    (content / "briefing.uk.yaml").write_text(BRIEFING_UK)
    (content / "actors" / "russia.uk.md").write_text(RUSSIA_UK)
    (content / "agreements" / "energy-pause.uk.md").write_text(PAUSE_UK)
    assert run_cli("translations", "--stamp", "--root", str(root))[0] == 0
    return root


@pytest.fixture(scope="module", params=["mkdocs", "zensical"])
def built(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = _translated(tmp_path_factory.mktemp(f"translated-{request.param}"))
    status, out = run_cli("build", "--builder", request.param, "--root", str(root))
    assert status == 0, out
    return root / "site"


def test_each_language_is_a_site_of_its_own(built: Path) -> None:
    english, ukrainian = built / "index.html", built / "uk" / "index.html"
    assert '<html lang="en"' in english.read_text()
    home = ukrainian.read_text()
    assert '<html lang="uk"' in home
    assert "Пробний брифінг" in home and "Ключові факти" in home
    # Every page exists in both, so that the menu can lead from each to itself.
    pages = {p.relative_to(built).as_posix() for p in built.rglob("*.html")}
    ours = {p.removeprefix("uk/") for p in pages if p.startswith("uk/")}
    # (The host serves the one 404 page, at the root, for both.)
    assert ours == {p for p in pages if not p.startswith("uk/")} - {"404.html"}
    menu = re.findall(r'<a href="([^"]*)" hreflang="(\w+)"', (built / "404.html").read_text())
    assert menu == [("/./", "en"), ("/uk/", "uk")]


def test_the_language_menu_links_each_page_to_itself_in_the_other(built: Path) -> None:
    english = (built / "agreements" / "energy-pause.html").read_text()
    assert re.search(r'href="[./]*/?uk/agreements/energy-pause\.html" hreflang="uk"', english)
    ukrainian = (built / "uk" / "agreements" / "energy-pause.html").read_text()
    assert re.search(r'href="\.\./\.\./agreements/energy-pause\.html" hreflang="en"', ukrainian)
    assert "Українська" in english
    # No hreflang link in the head: the theme would fetch each language's sitemap, which
    # fails from file://. The sitemaps name each page's translations instead.
    assert '<link rel="alternate"' not in english


def test_each_language_has_its_own_search(built: Path) -> None:
    def index(site: Path) -> str:
        # MkDocs writes search/search_index.json, Zensical search.json.
        found = site / "search" / "search_index.json"
        if not found.exists():
            found = site / "search.json"
        return json.dumps(json.loads(found.read_text(encoding="utf-8")), ensure_ascii=False)

    uk = index(built / "uk")
    assert "Пауза в ударах по енергетиці" in uk
    assert "Пауза в ударах по енергетиці" not in index(built)
    assert "Energy-strike pause" in index(built)


def test_each_language_has_its_own_pdfs(built: Path) -> None:
    for name in ("briefing.pdf", "briefing-brief.pdf"):
        reader = PdfReader(built / "uk" / name)
        text = " ".join(page.extract_text() for page in reader.pages)
        assert "Пробний брифінг" in text
        assert reader.trailer["/Root"]["/Lang"] == "uk"
    # The full edition says on its cover that parts of it are in the original language.
    cover = PdfReader(built / "uk" / "briefing.pdf").pages[0].extract_text()
    assert "Частину цього видання ще не перекладено" in cover
    english = PdfReader(built / "briefing.pdf").pages[0].extract_text()
    assert "not translated" not in english
    # The Ukrainian home page links the Ukrainian PDFs beside it.
    home = (built / "uk" / "index.html").read_text()
    assert 'href="briefing-brief.pdf"' in home


def test_an_untranslated_entry_is_shown_in_the_original_and_marked(built: Path) -> None:
    putin = (built / "uk" / "actors" / "putin.html").read_text()
    assert "Vladimir Putin" in putin  # the original's text
    assert "Ще не перекладено" in putin and "англійська" in putin
    translated = (built / "uk" / "agreements" / "energy-pause.html").read_text()
    assert "Пауза в ударах по енергетиці" in translated
    assert "Ще не перекладено" not in translated
    # Its terms (covers, excludes) are not translated: the page says it is only partly.
    assert "Перекладено частково" in translated and "Power plants and substations" in translated
    # Fully translated (the original has nothing more to translate): no notice at all.
    russia = (built / "uk" / "actors" / "russia.html").read_text()
    assert "Росія" in russia and "Перекладено частково" not in russia
    # The home page's subtitle was left out; the sources, records cited as published,
    # carry no notice.
    assert "Перекладено частково" in (built / "uk" / "index.html").read_text()
    source = (built / "uk" / "sources" / "wire-report.html").read_text()
    assert "перекладено" not in source
    # The original language's site carries no such notice.
    assert "Ще не перекладено" not in (built / "actors" / "putin.html").read_text()


def test_a_stale_translation_is_reported_and_shown(tmp_path: Path) -> None:
    root = _translated(tmp_path)
    assert run_cli("validate", "--strict", "--root", str(root))[0] == 0
    original = root / "content" / "actors" / "russia.md"
    original.write_text(original.read_text().replace("name: Russia", "name: Russian Federation"))
    status, out = run_cli("validate", "--root", str(root))
    assert status == 0
    assert "content/actors/russia.uk.md:2:" in out
    assert "warning[stale-translation]" in out and "the original changed" in out
    assert run_cli("translations", "--root", str(root))[0] == 1
    assert run_cli("build", "--no-pdf", "--root", str(root))[0] == 0
    page = (root / "site" / "uk" / "actors" / "russia.html").read_text()
    assert "Переклад застарів" in page and "Росія" in page
    # Brought up to date and stamped, it is current again.
    translation = root / "content" / "actors" / "russia.uk.md"
    assert run_cli("translations", "--stamp", str(translation), "--root", str(root))[0] == 0
    assert TRANSLATED_FROM in translation.read_text()
    assert run_cli("validate", "--strict", "--root", str(root))[0] == 0
    # A change to a field the translation does not translate leaves it current.
    original.write_text(original.read_text().replace("kind: state", "kind: state\ntags: [x]"))
    assert run_cli("validate", "--strict", "--root", str(root))[0] == 0


@pytest.mark.parametrize(
    "text, code",
    [
        ("---\nname: Росія\nsummary: '<b>Росія</b> [@wire-report]'\n---\n", "raw-html"),
        (
            "---\nname: Росія\nsummary: '[клік](javascript:alert(1)) [@wire-report]'\n---\n",
            "unsafe-link",
        ),
        ("---\nname: Росія\nkind: person\n---\n", "untranslatable-field"),
        ("---\nname: Росія\nsources: [wire-report]\n---\n", "untranslatable-field"),
        ("---\nname: Росія\n---\nДив. [[nobody]] [@wire-report].\n", "unknown-ref"),
    ],
)
def test_a_translation_is_checked_as_content_is(tmp_path: Path, text: str, code: str) -> None:
    root = _translated(tmp_path)
    (root / "content" / "actors" / "russia.uk.md").write_text(text)
    status, out = run_cli("validate", "--root", str(root))
    assert status == 1, out
    assert "content/actors/russia.uk.md:" in out and f"error[{code}]" in out


def test_a_translation_may_not_change_the_settings_code(tmp_path: Path) -> None:
    root = _translated(tmp_path)
    settings = root / "content" / "briefing.uk.yaml"
    settings.write_text(
        settings.read_text() + "scripts: [javascripts/x.js]\nsite_url: https://evil.example/\n"
    )
    status, out = run_cli("validate", "--root", str(root))
    assert status == 1
    assert out.count("error[untranslatable-field]") == 2


def test_the_translation_s_own_files_are_known_to_the_project(tmp_path: Path) -> None:
    root = _translated(tmp_path)
    project = Project(root).translated("uk")
    assert project.build == root / "build" / "translations" / "uk"
    assert project.generated.is_relative_to(root / "build")
    assert json.dumps(str(project.site)) == json.dumps(str(root / "site"))


# --- the shipped briefing in Ukrainian ---------------------------------------------------


@pytest.mark.content
def test_the_shipped_briefing_has_a_ukrainian_home_matrix_and_brief(built_site) -> None:
    site = built_site.site
    for page in ("index.html", "matrix.html"):
        english = (site / page).read_text()
        assert f'uk/{page}" hreflang="uk"' in english, page
        ukrainian = (site / "uk" / page).read_text()
        assert '<html lang="uk"' in ukrainian
        assert "Ще не перекладено" not in ukrainian and "Переклад застарів" not in ukrainian
    home = (site / "uk" / "index.html").read_text()
    assert "Ключові факти" in home and "На що звернути увагу" in home
    assert 'href="briefing-brief.pdf"' in home
    matrix = (site / "uk" / "matrix.html").read_text()
    assert all(name in matrix for name in ("Росія", "Україна", "Сполучені Штати"))
    brief = PdfReader(site / "uk" / "briefing-brief.pdf")
    text = " ".join(page.extract_text() for page in brief.pages)
    assert "Резюме" in text and "Позиції сторін" in text and "Росія" in text
    assert len(brief.pages) <= 4


@pytest.mark.content
def test_changing_a_translated_english_entry_warns_about_its_translation(tmp_path) -> None:
    from conftest import copy_project

    root = copy_project(tmp_path)
    assert run_cli("validate", "--strict", "--root", str(root))[0] == 0
    position = root / "content" / "positions" / "russia-on-energy-moratorium.md"
    text = position.read_text()
    position.write_text(text.replace("short: ", "short: Now ", 1))
    status, out = run_cli("validate", "--root", str(root))
    assert status == 0
    assert "content/positions/russia-on-energy-moratorium.uk.md:" in out
    assert "warning[stale-translation]" in out


def test_briefing_pdf_writes_an_edition_in_a_translation(tmp_path: Path) -> None:
    root = _translated(tmp_path)
    assert run_cli("pdf", "--edition", "brief", "--language", "uk", "--root", str(root))[0] == 0
    reader = PdfReader(root / "site" / "uk" / "briefing-brief.pdf")
    assert reader.trailer["/Root"]["/Lang"] == "uk"
    assert "Пробний брифінг" in reader.pages[0].extract_text()
    status, _ = run_cli("pdf", "--language", "fr", "--root", str(root))
    assert status == 2
    assert not (root / "site" / "fr").exists()


def test_the_pull_request_summary_lists_translations_and_those_left_behind(
    tmp_path: Path,
) -> None:
    import subprocess

    root = _translated(tmp_path)
    for git in (
        ["init", "-q", "-b", "main"],
        ["add", "-A"],
        ["-c", "user.name=t", "-c", "user.email=t@example.org", "commit", "-qm", "x"],
    ):
        subprocess.run(["git", *git], cwd=root, check=True, capture_output=True)
    content = root / "content"
    (content / "actors" / "ukraine.uk.md").write_text("---\nname: Україна\n---\n")
    (content / "actors" / "russia.uk.md").unlink()
    pause = content / "agreements" / "energy-pause.md"
    pause.write_text(pause.read_text().replace("title: Energy-strike pause", "title: Energy pause"))
    status, out = run_cli("diff", "main", "--root", str(root))
    assert status == 0
    assert "### Translations (2)" in out
    assert "- `uk` added: `content/actors/ukraine.uk.md`" in out
    assert "- `uk` removed: `content/actors/russia.uk.md`" in out
    assert "### Translations now out of date" in out
    assert "`content/agreements/energy-pause.uk.md`" in out


def test_a_language_named_like_a_collection_folder_is_refused() -> None:
    from types import SimpleNamespace

    from generator.content.translations import language_problems
    from generator.model.entries import RawRecord
    from generator.model.schema import Settings

    settings = Settings.model_validate(
        {
            "title": "T",
            "as_of": "2025-01-01",
            "bottom_line": ["x"],
            "key_facts": [{"label": "a", "value": "b"}],
            "publisher": "P",
            "lead_agreement": "a",
            "translations": ["uk", "de"],
        }
    )
    record = RawRecord("settings", "settings", "content/briefing.yaml", {}, {}, {})
    registry = SimpleNamespace(names=("uk", "actors"))
    problems = language_problems(record, settings, registry)  # type: ignore[arg-type]
    assert [p.message for p in problems] == ["'uk' would replace the site's folder uk/"]


def test_a_pull_request_check_shows_what_it_does_to_translations(tmp_path: Path) -> None:
    import subprocess

    root = _translated(tmp_path)
    content = root / "content"
    lone = "---\nname: Jane Doe\nkind: person\nsources: [wire-report]\n---\n"
    (content / "actors" / "jane-doe.md").write_text(lone)
    (content / "actors" / "jane-doe.uk.md").write_text("---\nname: Джейн Доу\n---\n")
    for git in (
        ["init", "-q", "-b", "main"],
        ["add", "-A"],
        ["-c", "user.name=t", "-c", "user.email=t@example.org", "commit", "-qm", "x"],
    ):
        subprocess.run(["git", *git], cwd=root, check=True, capture_output=True)
    # Deleting an original orphans its translation; editing one makes another stale.
    (content / "actors" / "russia.md").write_text(
        (content / "actors" / "russia.md").read_text().replace("Russia", "Russian Federation")
    )
    status, out = run_cli("validate", "--changed", "main", "--root", str(root))
    assert "content/actors/russia.uk.md" in out and "stale-translation" in out
    (content / "actors" / "jane-doe.md").unlink()
    status, out = run_cli("validate", "--changed", "main", "--root", str(root))
    assert status == 1
    assert "content/actors/jane-doe.uk.md:1:1: error[orphan-translation]" in out


def test_the_sitemaps_name_each_page_in_every_language(tmp_path: Path) -> None:
    root = _translated(tmp_path)
    settings = root / "content" / "briefing.yaml"
    settings.write_text(settings.read_text() + "site_url: https://example.org/brief/\n")
    assert run_cli("build", "--no-pdf", "--root", str(root))[0] == 0
    site = root / "site"
    english = (site / "sitemap.xml").read_text()
    assert (
        "<url><loc>https://example.org/brief/actors/putin.html</loc>"
        '<xhtml:link rel="alternate" hreflang="en" href="https://example.org/brief/actors/putin.html"/>'
        '<xhtml:link rel="alternate" hreflang="uk" href="https://example.org/brief/uk/actors/putin.html"/>'
        "</url>"
    ) in english
    ukrainian = (site / "uk" / "sitemap.xml").read_text()
    assert (
        "<url><loc>https://example.org/brief/uk/actors/putin.html</loc>"
        '<xhtml:link rel="alternate" hreflang="en" href="https://example.org/brief/actors/putin.html"/>'
    ) in ukrainian
    assert "404.html" not in english + ukrainian

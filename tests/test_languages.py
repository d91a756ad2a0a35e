"""Every reader's language: the generator's own words from message catalogs, dates and
numbers in the language's forms, English as the reported fallback, and a project's own
catalog over the shipped ones.

The fixture (fixtures/languages) is written in Ukrainian throughout, so any English
word in its output is one the generator wrote. It is built as a Ukrainian and as a
German briefing, site and both PDFs, and each message of the catalog template is
looked for in the output.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import shutil
from pathlib import Path

import pytest
from babel import Locale
from babel.messages.pofile import read_po
from helpers import FIXTURES, run_cli, run_cli_err
from pypdf import PdfReader
from selectolax.lexbor import LexborHTMLParser

from generator.model.i18n import Messages, _, format_date, format_number, ngettext, speaking
from generator.project.layout import PACKAGE_TEMPLATES, Project
from generator.project.messages import extract, messages_for, untranslated

LANGUAGES = FIXTURES / "languages"
LOCALE = PACKAGE_TEMPLATES / "locale"
SHIPPED = ("uk", "de", "ru", "fr", "ar")

SAME_WORD = {"de": {"Name"}}
"""Messages whose translation is the English word itself (German "Name")."""


def _project(tmp: Path, language: str) -> Path:
    root = tmp / f"briefing-{language}"
    shutil.copytree(LANGUAGES, root)
    settings = root / "content" / "briefing.yaml"
    settings.write_text(settings.read_text().replace("language: uk", f"language: {language}"))
    return root


def _visible_text(site: Path) -> dict[str, str]:
    """The text a reader sees (and hears: titles and labels) on each page and PDF."""
    texts = {}
    for page in sorted(site.rglob("*.html")):
        tree = LexborHTMLParser(page.read_text(encoding="utf-8"))
        for node in tree.css("script, style"):
            node.decompose()
        said = [tree.body.text(separator=" ") if tree.body else ""]
        said += [n.attributes.get("title") or "" for n in tree.css("[title]")]
        said += [n.attributes.get("aria-label") or "" for n in tree.css("[aria-label]")]
        texts[page.relative_to(site).as_posix()] = " ".join(said)
    for pdf in sorted(site.rglob("*.pdf")):
        pages = PdfReader(pdf).pages
        texts[pdf.relative_to(site).as_posix()] = " ".join(p.extract_text() for p in pages)
    return texts


def _english_fragments() -> set[str]:
    """The English words of every message: each run of text between its placeholders
    and Markdown link targets that holds a word of three letters or more."""
    fragments = set()
    with (LOCALE / "briefing.pot").open("rb") as handle:
        template = read_po(handle)
    for message in template:
        ids = message.id if isinstance(message.id, tuple) else (message.id,)
        for text in filter(None, ids):
            for piece in re.split(r"%\(\w+\)s|%d|\]\([^)]*\)|\[", text):
                piece = piece.strip(" .,:;()*\"'")
                if re.search(r"[A-Za-z]{3,}", piece):
                    fragments.add(piece)
    return fragments


@pytest.fixture(
    scope="module", params=[("uk", "mkdocs"), ("de", "mkdocs"), ("uk", "zensical")], ids=str
)
def built(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory):
    language, builder = request.param
    root = _project(tmp_path_factory.mktemp("languages"), language)
    status, _ = run_cli("build", "--builder", builder, "--root", str(root))
    assert status == 0
    return language, root / "site"


def test_no_english_word_the_generator_writes_is_left(built) -> None:
    language, site = built
    texts = _visible_text(site)
    assert {"index.html", "matrix.html", "briefing.pdf", "briefing-brief.pdf"} <= set(texts)
    left = {}
    for fragment in sorted(_english_fragments() - SAME_WORD.get(language, set())):
        pattern = re.compile(r"(?<![A-Za-z])" + re.escape(fragment) + r"(?![A-Za-z])")
        where = [name for name, text in texts.items() if pattern.search(text)]
        if where:
            left[fragment] = where[:3]
    assert not left, f"English left in the {language} briefing: {left}"


def test_every_date_is_in_the_language_s_own_form(built) -> None:
    language, site = built
    texts = _visible_text(site)
    day = {"uk": "18 березня 2025", "de": "18. März 2025"}[language]
    for name in ("index.html", "timeline.html", "agreements/energy-pause.html"):
        assert day in texts[name], name
    assert day in texts["briefing.pdf"]
    own = set(Locale.parse(language).months["format"]["wide"].values())
    english = {dt.date(2025, m, 1).strftime("%B") for m in range(1, 13)} - own
    pattern = re.compile(r"\b(" + "|".join(english) + r")\b")
    for name, text in texts.items():
        assert not pattern.search(text), f"an English month in {name}"
    # A date that ends with its own full stop ("2025 р.") ends a sentence without another.
    for name, text in texts.items():
        assert not re.search(r"\w\.\.(?!\.)", text), f"a doubled full stop in {name}"
    # The timeline's month headings: the standalone (nominative) form.
    heading = {"uk": "Березень 2025", "de": "März 2025"}[language]
    assert heading in texts["timeline.html"]


def test_the_pages_and_pdfs_carry_the_language(built) -> None:
    language, site = built
    assert f'<html lang="{language}"' in (site / "index.html").read_text()
    for pdf in ("briefing.pdf", "briefing-brief.pdf"):
        reader = PdfReader(site / pdf)
        assert reader.trailer["/Root"]["/Lang"] == language
    footer = {"uk": "Сторінка 2 з", "de": "Seite 2 von"}[language]
    assert footer in PdfReader(site / "briefing.pdf").pages[1].extract_text()
    if language == "de":
        # The theme's search stems German words (Material has no Ukrainian stemmer).
        index = json.loads((site / "search" / "search_index.json").read_text())
        assert index["config"]["lang"] == ["de"]


@pytest.mark.parametrize("language", SHIPPED)
def test_each_shipped_catalog_is_complete_and_well_formed(language: str) -> None:
    assert untranslated(Project(LANGUAGES), language) == []
    with (LOCALE / f"{language}.po").open("rb") as handle:
        catalog = read_po(handle)
    # Babel's checks: the same placeholders as the English, the right number of plurals.
    problems = [(m.id, errors) for m, errors in catalog.check() if errors]
    assert problems == []
    assert not [m.id for m in catalog if m.id and m.fuzzy]


def test_the_catalog_template_lists_every_message_in_the_code(tmp_path: Path) -> None:
    extracted = {m.id for m in extract(Project(LANGUAGES)) if m.id}
    with (LOCALE / "briefing.pot").open("rb") as handle:
        shipped = {m.id for m in read_po(handle) if m.id}
    assert extracted == shipped, "run `briefing messages extract` in the repository"
    assert "Key facts" in shipped and ("%(num)s day", "%(num)s days") in shipped


def test_plurals_dates_and_numbers_follow_the_language() -> None:
    project = Project(LANGUAGES)
    with speaking(messages_for(project, "ru")):
        forms = [ngettext("%(num)s day", "%(num)s days", n) % {"num": n} for n in (1, 3, 5)]
        assert forms == ["1 день", "3 дня", "5 дней"]
        assert format_number(20000) == "20\xa0000"
    with speaking(messages_for(project, "de")):
        assert format_date(dt.date(2025, 3, 18)) == "18. März 2025"
        assert format_number(1000) == "1.000"
    with speaking(Messages()):
        assert format_date(dt.date(2025, 3, 18)) == "18 March 2025"


def test_a_language_without_a_catalog_falls_back_to_english_and_says_so(tmp_path) -> None:
    root = _project(tmp_path, "fa")
    status, out, err = run_cli_err("validate", "--root", str(root))
    assert status == 0
    assert "warning[untranslated-message]" in out
    assert "no translation into 'fa'" in out and "briefing messages init fa" in out
    assert "content/briefing.yaml:" in out  # at the `language:` line
    # The warning fails a strict run.
    assert run_cli("validate", "--strict", "--root", str(root))[0] == 1


def test_a_project_catalog_adds_a_language_and_overrides_shipped_messages(tmp_path) -> None:
    root = _project(tmp_path, "fa")
    assert run_cli("messages", "init", "fa", "--root", str(root))[0] == 0
    catalog_file = root / "site_templates" / "locale" / "fa.po"
    text = catalog_file.read_text()
    assert 'msgid "Key facts"\nmsgstr ""' in text
    catalog_file.write_text(
        text.replace('msgid "Key facts"\nmsgstr ""', 'msgid "Key facts"\nmsgstr "نکات کلیدی"')
    )
    missing = untranslated(Project(root), "fa")
    assert "Key facts" not in missing and "Sources" in missing
    assert run_cli("build", "--no-pdf", "--root", str(root))[0] == 0
    home = (root / "site" / "index.html").read_text()
    assert "نکات کلیدی" in home and "Key facts" not in home
    assert 'dir="rtl"' in home
    # Overriding a shipped translation: the project's wins, the rest stay.
    uk = _project(tmp_path / "uk", "uk")
    own = uk / "site_templates" / "locale" / "uk.po"
    own.parent.mkdir(parents=True)
    own.write_text(
        'msgid ""\nmsgstr ""\n"Language: uk\\n"\n\nmsgid "Key facts"\nmsgstr "Головне"\n'
    )
    with speaking(messages_for(Project(uk), "uk")) as messages:
        assert messages.gettext("Key facts") == "Головне"
        assert messages.gettext("Sources") == "Джерела"


def test_a_broken_catalog_is_reported_not_a_traceback(tmp_path: Path) -> None:
    root = _project(tmp_path, "uk")
    own = root / "site_templates" / "locale" / "uk.po"
    own.parent.mkdir(parents=True)
    own.write_text('msgid "Key facts"\nmsgstr "ok"\nthis is not a catalog line\n')
    status, out, err = run_cli_err("validate", "--root", str(root))
    assert "Traceback" not in out + err
    assert "not a readable message catalog" in out + err
    # The build stops with the same message, and leaves no site half made.
    status, out, err = run_cli_err("build", "--no-pdf", "--root", str(root))
    assert status != 0 and "Traceback" not in err
    assert "not a readable message catalog" in err
    assert not (root / "site").exists()


def test_a_project_translation_that_would_fail_falls_back_and_is_reported(tmp_path) -> None:
    root = _project(tmp_path, "uk")
    own = root / "site_templates" / "locale" / "uk.po"
    own.parent.mkdir(parents=True)
    # A misspelt placeholder, and no Plural-Forms header.
    own.write_text(
        'msgid ""\nmsgstr ""\n"Language: uk\\n"\n\n'
        'msgid "%(party)s on %(subject)s"\nmsgstr "%(partyy)s щодо %(subject)s"\n'
    )
    assert untranslated(Project(root), "uk") == []  # the shipped translation stands
    status, out = run_cli("validate", "--root", str(root))
    assert status == 0 and "warning[untranslated-message]" in out
    assert "unknown named placeholder 'partyy'" in out
    assert run_cli("messages", "check", "uk", "--root", str(root))[0] == 1
    assert run_cli("build", "--no-pdf", "--root", str(root))[0] == 0
    with speaking(messages_for(Project(root), "uk")):
        # The shipped translation stands, and the shipped plural rule with it.
        assert _("%(party)s on %(subject)s") != "%(partyy)s щодо %(subject)s"
        days = [ngettext("%(num)s day", "%(num)s days", n) % {"num": n} for n in (1, 3, 30)]
    assert days == ["1 день", "3 дні", "30 днів"]


def test_a_project_can_reword_the_english_too(tmp_path: Path) -> None:
    root = _project(tmp_path, "en")
    own = root / "site_templates" / "locale" / "en.po"
    own.parent.mkdir(parents=True)
    own.write_text(
        'msgid ""\nmsgstr ""\n"Language: en\\n"\n\nmsgid "Key facts"\nmsgstr "At a glance"\n'
    )
    assert run_cli("build", "--no-pdf", "--root", str(root))[0] == 0
    home = (root / "site" / "index.html").read_text()
    assert "At a glance" in home and "Key facts" not in home


def test_every_in_page_link_has_its_target(built) -> None:
    # Headings in Cyrillic have no ASCII slug: their ids, and the contents' links to
    # them, must still agree, with either builder.
    _, site = built
    broken = []
    for page in site.rglob("*.html"):
        text = page.read_text(encoding="utf-8")
        ids = set(re.findall(r'\bid="([^"]+)"', text))
        broken += [(page.name, h) for h in re.findall(r'href="#([^"]+)"', text) if h not in ids]
    assert broken == []
    agreement = (site / "agreements" / "energy-pause.html").read_text(encoding="utf-8")
    assert "Як вона почалася" in agreement

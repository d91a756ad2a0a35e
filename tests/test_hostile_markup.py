"""Hostile content, part 1: Markdown meant to run script or load from another site.

Each payload is placed in a contributor's file. Either validation refuses it with a
precise, positioned error, or the site is built and every page it lands on passes the
allowlist scan. The site's Markdown plus the sanitiser must neutralise every payload
even without validation.

The other classes of hostile input are in test_hostile_theme.py (values the theme
prints), test_hostile_budgets.py (resource exhaustion), test_hostile_files.py (file-
system tricks), test_transactions.py (concurrency and faults) and
test_workflow_injection.py (the pull-request workflow).
"""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from helpers import FIXTURES, overlay_project, run_cli

from generator.markdown.audit import audit_document
from generator.markdown.check import site_markdown
from generator.markdown.linear import normalise
from generator.markdown.sanitize import PAGE, THEME_SCRIPTS, audit, clean

ARTICLE = re.compile(r'<article class="md-content__inner md-typeset">(.*)</article>', re.S)
LOADING = {"src", "srcset", "ping", "background", "style", "poster", "data"}


class _Attributes(HTMLParser):
    """Every attribute name and value in a document, as a browser's parser sees them."""

    def __init__(self) -> None:
        super().__init__()
        self.found: list[tuple[str, str, str]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.found += [(tag, name, value or "") for name, value in attrs]


def attributes(html: str) -> list[tuple[str, str, str]]:
    parser = _Attributes()
    parser.feed(html)
    return parser.found


# (name, payload, the codes validation may refuse it with). A payload that validation
# accepts must build into pages the scan finds clean.
SCRIPT = [
    ("escaped backtick before html", "\\`<img src=x onerror=alert(1)>`", {"raw-html"}),
    ("unclosed tilde fence", "~~~\n<img src=x onerror=alert(1)>\n", {"raw-html"}),
    ("indented fence", " ~~~\n<img src=x onerror=alert(1)>\n ~~~", {"raw-html"}),
    ("code span across blocks", "`a\n\n<img src=x onerror=alert(1)>\n\nb`", {"raw-html"}),
    ("link text over two lines", "[click\nme](javascript:alert(1))", {"unsafe-link"}),
    ("nested link text", "[a [b [c]]](javascript:alert(1))", {"unsafe-link"}),
    ("reference on the next line", "[x]\n\n[x]:\n  javascript:alert(1)", {"unsafe-link"}),
    ("block attribute list", 'Text\n{: onclick="alert(1)" }', {"attribute-list"}),
    ("inline attribute list", '**b**{: onmouseover="alert(1)"}', {"attribute-list"}),
    ("boolean attribute", "**b**{ hidden }", {"attribute-list"}),
    (
        "fenced code attributes",
        '```{ tabindex=0 autofocus onfocus="alert(1)" }\ncode\n```',
        {"attribute-list"},
    ),
    (
        "fenced code style",
        '```{ style="background:url(http://evil.example/x)" }\ncode\n```',
        {"attribute-list"},
    ),
    (
        "heading attributes after a bare word",
        '## Background { x id=\'x" autofocus onfocus="alert(1)" y="\' }',
        {"attribute-list"},
    ),
    (
        "heading title",
        '## Heading {: title="<img src=x onerror=alert(1)>" }',
        {"attribute-list", "raw-html"},
    ),
    ("details ontoggle", "<details/open/ontoggle=alert(1)//@x>", {"raw-html"}),
    ("svg onload", "<svg onload=alert(1)>", {"raw-html"}),
    ("entity-obfuscated scheme", "[x](JaVa&#x09;ScRiPt:alert(1))", {"unsafe-link"}),
    ("raw anchor", "<a href='javascript:alert(1)'>x</a>", {"raw-html"}),
    ("data link", "[x](data:text/html;base64,PHNjcmlwdD4=)", {"unsafe-link"}),
    ("vbscript autolink", "<vbscript:msgbox(1)>", {"raw-html", "unsafe-link"}),
    ("script in a table cell", "| a |\n|---|\n| <script>alert(1)</script> |", {"raw-html"}),
    (
        "footnote definition",
        "x[^s]\n\n[^s]: <img src=x onerror=alert(1)>",
        {"raw-html", "unsupported-markdown"},
    ),
    (
        "abbreviation",
        "*[x]: <img src=x onerror=alert(1)>\n\nx",
        {"unsupported-markdown", "raw-html"},
    ),
    ("admonition title", '!!! note "<img src=x onerror=alert(1)>"\n    body', {"raw-html"}),
    ("link title", '[a](https://example.org "<img src=x onerror=alert(1)>")', set()),
]
REMOTE = [
    ("remote image", "![p](https://evil.example/track.png)", {"remote-image"}),
    ("reference image", "![p][r]\n\n[r]: https://evil.example/track.png", {"remote-image"}),
    ("image nested two deep", "![a [b [c]]](https://evil.example/x.png)", {"remote-image"}),
    ("protocol-relative image", "![p](//evil.example/x.png)", {"remote-image"}),
    (
        "background attribute",
        '**b**{ background="https://evil.example/x.png" }',
        {"attribute-list"},
    ),
    ("srcset attribute", '**b**{ srcset="https://evil.example/x.png 1x" }', {"attribute-list"}),
    (
        "ping attribute",
        '[a](https://example.org){ ping="https://evil.example/p" }',
        {"attribute-list"},
    ),
    ("style url", '**b**{ style="background:url(https://evil.example/x)" }', {"attribute-list"}),
    ("raw link element", '<link rel="stylesheet" href="https://evil.example/x.css">', {"raw-html"}),
    ("css import", "<style>@import url(https://evil.example/x.css)</style>", {"raw-html"}),
]
PAYLOADS = SCRIPT + REMOTE


def _with_payload(root: Path, name: str, payload: str) -> Path:
    slug = re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")
    path = root / "content" / "events" / f"payload-{slug}.md"
    path.write_text(
        "---\ntitle: Payload\ndate: 2025-03-19\nsources: [wire-report]\n---\n"
        f"Before the payload [@wire-report].\n\n{payload}\n\nAfter the payload [@wire-report].\n",
        encoding="utf-8",
    )
    return path


@pytest.fixture(scope="module")
def verdicts(tmp_path_factory: pytest.TempPathFactory) -> dict[str, object]:
    """Each payload's validation result; the accepted ones built together into one site."""
    root = overlay_project(tmp_path_factory.mktemp("payloads"), FIXTURES / "hostile")
    results: dict[str, object] = {}
    accepted = []
    for name, payload, _ in PAYLOADS:
        path = _with_payload(root, name, payload)
        status, out = run_cli("validate", "--root", str(root), "--format", "json")
        mine = [d for d in json.loads(out) if d["path"].endswith(path.name)]
        errors = [d for d in mine if d["severity"] == "error"]
        if errors:
            results[name] = errors
            path.unlink()
        else:
            accepted.append((name, path.stem))
    assert run_cli("build", "--no-pdf", "--root", str(root))[0] == 0
    for name, stem in accepted:
        results[name] = (root / "site" / "events" / f"{stem}.html").read_text(encoding="utf-8")
    return results


@pytest.mark.parametrize(("name", "payload", "codes"), PAYLOADS, ids=[p[0] for p in PAYLOADS])
def test_payload_is_refused_or_published_harmless(
    verdicts: dict[str, object], name: str, payload: str, codes: set[str]
) -> None:
    verdict = verdicts[name]
    if isinstance(verdict, list):
        found = {d["code"] for d in verdict}
        assert found <= codes, verdict
        # The error points into the body, below the front matter's five lines.
        assert all(d["line"] >= 7 and d["col"] >= 1 for d in verdict), verdict
    else:
        assert isinstance(verdict, str)
        assert audit_document(verdict, THEME_SCRIPTS) == []
        article = ARTICLE.search(verdict)
        assert article is not None
        assert audit(article.group(1), PAGE) == []
        for tag, attribute, value in attributes(article.group(1)):
            assert attribute not in LOADING and not attribute.startswith("on"), (tag, attribute)
            assert "evil.example" not in value or (tag, attribute) == ("a", "href")


def test_unsafe_markup_is_refused_not_merely_hidden(verdicts: dict[str, object]) -> None:
    # Contributors hear about what they wrote: every payload with a script or a remote
    # load that Markdown would act on gets an error, not a silent repair.
    refused = {name for name, v in verdicts.items() if isinstance(v, list)}
    assert {
        "fenced code attributes",
        "heading attributes after a bare word",
        "entity-obfuscated scheme",
        "remote image",
        "image nested two deep",
        "background attribute",
        "srcset attribute",
        "ping attribute",
        "abbreviation",
    } <= refused


@pytest.mark.parametrize(("name", "payload", "codes"), PAYLOADS, ids=[p[0] for p in PAYLOADS])
def test_the_sites_markdown_and_sanitiser_neutralise_every_payload(
    name: str, payload: str, codes: set[str]
) -> None:
    # Without validation: what the site's Markdown makes of the payload, once cleaned.
    md = site_markdown()
    md.reset()
    html = clean(md.convert(normalise(payload)), PAGE)
    assert audit(html, PAGE) == []
    assert audit_document(html) == []
    for tag, attribute, value in attributes(html):
        assert attribute not in LOADING and not attribute.startswith("on"), (tag, attribute)
        assert not value.lower().replace("\t", "").startswith(("javascript:", "data:"))


def test_hostile_names_build_safely(tmp_path: Path) -> None:
    root = overlay_project(tmp_path, FIXTURES / "hostile")
    assert run_cli("build", "--no-pdf", "--root", str(root))[0] == 0
    site = root / "site"
    pages = {
        p.relative_to(site).as_posix(): p.read_text(encoding="utf-8") for p in site.rglob("*.html")
    }
    for rel, html in pages.items():
        assert audit_document(html, THEME_SCRIPTS) == [], rel
        article = ARTICLE.search(html)
        if article:
            assert audit(article.group(1), PAGE) == [], rel
    # The names are shown as written, escaped.
    actors = pages["actors/index.html"]
    assert "Evil | *Name* _x_ [y](javascript:alert(1)) &lt;script&gt;" in actors
    assert "&lt;/title&gt;&lt;script&gt;" in pages["actors/zelenskyy.html"]
    # Table rows keep their four cells despite the pipes in the name and role.
    row = next(r for r in re.findall(r"<tr>(.*?)</tr>", actors, re.S) if "Evil" in r)
    assert row.count("<td") == 4
    # Code spans show markup literally.
    assert "&lt;script&gt;alert('code')" in pages["actors/putin.html"] or (
        "&lt;script&gt;alert(&#x27;code&#x27;)" in pages["actors/putin.html"]
    )


def test_hostile_body_markup_is_rejected_with_a_clear_error(tmp_path: Path) -> None:
    root = overlay_project(tmp_path, FIXTURES / "hostile")
    page = root / "content" / "actors" / "ukraine.md"
    page.write_text(page.read_text() + "[x](javascript:alert(1)) <script>bad()</script>\n")
    status, out = run_cli("validate", "--root", str(root))
    assert status == 1
    assert "content/actors/ukraine.md:6:5: error[unsafe-link]: link scheme 'javascript:'" in out
    assert (
        "content/actors/ukraine.md:6:26: error[raw-html]: raw HTML <script> is not allowed" in out
    )
    assert run_cli("build", "--no-pdf", "--root", str(root))[0] == 1
    assert not (root / "site").exists()


def test_payloads_in_inline_fields_are_judged_too(tmp_path: Path) -> None:
    root = overlay_project(tmp_path, FIXTURES / "hostile")
    issue = root / "content" / "issues" / "prisoners.md"
    text = re.sub(
        r"^summary: .*$",
        "summary: '![t](https://evil.example/t.png) **b**{ onclick=x } [@wire-report].'",
        issue.read_text(),
        flags=re.M,
    )
    issue.write_text(text)
    status, out = run_cli("validate", "--root", str(root))
    assert status == 1
    assert "content/issues/prisoners.md:4:10: error[remote-image]" in out
    assert "content/issues/prisoners.md:4:10: error[attribute-list]" in out


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("url", "https://example.org/<img/src=x/onerror=alert(1)>", "error[invalid-url]"),
        ("title", "Zed\x7f [click](javascript:alert(1))", "control character U+007F"),
    ],
)
def test_hostile_front_matter_values_are_rejected(
    tmp_path: Path, field: str, value: str, message: str
) -> None:
    root = overlay_project(tmp_path, FIXTURES / "hostile")
    source = root / "content" / "sources" / "think-tank-update.md"
    text = source.read_text()
    text = re.sub(rf"^{field}: .*$", lambda _: f"{field}: {json.dumps(value)}", text, flags=re.M)
    source.write_text(text)
    status, out = run_cli("validate", "--root", str(root))
    assert status == 1 and message in out, out


def test_a_hostile_language_tag_is_rejected(tmp_path: Path) -> None:
    root = overlay_project(tmp_path, FIXTURES / "hostile")
    settings = root / "content" / "briefing.yaml"
    settings.write_text(
        settings.read_text().replace("language: en", "language: 'en\"><script>alert(1)</script>'")
    )
    status, out = run_cli("validate", "--root", str(root))
    assert status == 1 and "is not a language tag" in out


def test_mkdocs_never_meets_an_image_without_a_source(tmp_path: Path) -> None:
    # MkDocs asserts that every image has a source; dropping only the address of a remote
    # image made it raise AssertionError. Here a plain MkDocs build (no validation in the
    # way) renders remote and relative images with the site's extension.
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "index.md").write_text(
        "# Images\n\n![remote](https://evil.example/x.png) ![local](x.png) ![empty]()\n"
    )
    (tmp_path / "mkdocs.yml").write_text(
        "site_name: Images\nuse_directory_urls: false\n"
        "markdown_extensions:\n  - generator.markdown.safe\n"
    )
    config = load_config(str(tmp_path / "mkdocs.yml"), site_dir=str(tmp_path / "site"))
    build(config)
    html = (tmp_path / "site" / "index.html").read_text()
    assert "<img" not in html.split('role="main"')[-1]
    assert "remote local empty" in html

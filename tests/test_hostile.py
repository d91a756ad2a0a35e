"""Hostile content: markup in names and text is shown as text, never run or let through."""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser
from pathlib import Path

import markdown
import pytest
import yaml
from conftest import REPO
from helpers import FIXTURES, overlay_project, run_cli


class _Elements(HTMLParser):
    """Every element's tag and attributes, and the text of every script."""

    def __init__(self) -> None:
        super().__init__()
        self.elements: list[tuple[str, dict[str, str | None]]] = []
        self.scripts: list[str] = []
        self._in_script = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.elements.append((tag, dict(attrs)))
        self._in_script = tag == "script"

    def handle_endtag(self, tag: str) -> None:
        self._in_script = False

    def handle_data(self, data: str) -> None:
        if self._in_script:
            self.scripts.append(data)


def test_hostile_names_build_safely(tmp_path: Path) -> None:
    root = overlay_project(tmp_path, FIXTURES / "hostile")
    assert run_cli("build", "--no-pdf", "--root", str(root))[0] == 0
    site = root / "site"
    pages = {
        p.relative_to(site).as_posix(): p.read_text(encoding="utf-8") for p in site.rglob("*.html")
    }
    for rel, html in pages.items():
        parsed = _Elements()
        parsed.feed(html)
        assert not any("alert" in script for script in parsed.scripts), rel
        for tag, attrs in parsed.elements:
            assert tag not in ("iframe", "u", "b"), (rel, tag)
            assert not any(name.startswith("on") for name in attrs), (rel, tag, attrs)
            for name in ("href", "src"):
                value = (attrs.get(name) or "").lower()
                assert not value.startswith("javascript:") and "evil.example" not in value, rel
            assert not (tag == "img" and attrs.get("src") == "x"), rel
    # The names are shown as written, escaped.
    actors = pages["actors/index.html"]
    assert "Evil | *Name* _x_ [y](javascript:alert(1)) &lt;script&gt;" in actors
    assert "&lt;/title&gt;&lt;script&gt;" in pages["actors/zelenskyy.html"]
    # Table rows keep their four cells despite the pipes in the name and role.
    row = next(r for r in re.findall(r"<tr>(.*?)</tr>", actors, re.S) if "Evil" in r)
    assert row.count("<td") == 4
    # Code spans show markup literally.
    assert "&lt;script&gt;alert(&#x27;code&#x27;)" in pages["actors/putin.html"] or (
        "&lt;script&gt;alert('code')" in pages["actors/putin.html"]
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


# Markup that Markdown renders in ways a quick reading misses. Each must be rejected by
# validation, and, should validation ever miss one, be made harmless by the Markdown
# configuration the site is built with.
PAYLOADS = [
    "\\`<img src=x onerror=alert(1)>`",
    "~~~\n<img src=x onerror=alert(1)>\n",
    " ~~~\n<img src=x onerror=alert(1)>\n ~~~",
    "`a\n\n<img src=x onerror=alert(1)>\n\nb`",
    "[click\nme](javascript:alert(1))",
    "[a [b [c]]](javascript:alert(1))",
    "[x]\n\n[x]:\n  javascript:alert(1)",
    'Text\n{: onclick="alert({})" }',
    '**b**{: onmouseover="alert({})"}',
    "**b**{ hidden }",
    "<details/open/ontoggle=alert(1)//@x>",
    "![p][r]\n\n[r]: https://evil.example/track.png",
    "<svg onload=alert(1)>",
    "[x](JaVa&#x09;ScRiPt:alert(1))",
    "<a href='javascript:alert(1)'>x</a>",
]


@pytest.mark.parametrize("payload", PAYLOADS)
def test_validation_rejects_hostile_markup(tmp_path: Path, payload: str) -> None:
    root = overlay_project(tmp_path, FIXTURES / "hostile")
    page = root / "content" / "actors" / "ukraine.md"
    page.write_text(page.read_text() + payload + " [@wire-report]\n")
    status, out = run_cli("validate", "--root", str(root))
    assert status == 1, out
    assert re.search(r"error\[(raw-html|unsafe-link|attribute-list|remote-image)\]", out), out


@pytest.mark.parametrize("payload", PAYLOADS)
def test_the_sites_markdown_neutralises_hostile_markup(payload: str) -> None:
    config = yaml.load((REPO / "mkdocs.yml").read_text(), Loader=yaml.SafeLoader)
    extensions, configs = [], {}
    for item in config["markdown_extensions"]:
        name = next(iter(item)) if isinstance(item, dict) else item
        extensions.append(name)
        if isinstance(item, dict):
            configs[name] = item[name]
    html = markdown.markdown(
        payload, extensions=["fenced_code", *extensions], extension_configs=configs
    )
    parsed = _Elements()
    parsed.feed(html)
    for tag, attrs in parsed.elements:
        assert tag not in ("script", "iframe", "svg", "details", "object", "embed"), html
        assert not any(name.startswith("on") for name in attrs), html
        for name in ("href", "src"):
            value = (attrs.get(name) or "").lower()
            assert not value.replace("\t", "").startswith(("javascript:", "data:")), html
        if tag == "img":
            assert not (attrs.get("src") or "").startswith("http"), html


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

"""Hostile content: markup in names and text is shown as text, never run or let through."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

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
    assert "content/actors/ukraine.md:6:1: error[unsafe-link]: link scheme 'javascript:'" in out
    assert (
        "content/actors/ukraine.md:6:26: error[raw-html]: raw HTML <script> is not allowed" in out
    )
    assert run_cli("build", "--no-pdf", "--root", str(root))[0] == 1
    assert not (root / "site").exists()

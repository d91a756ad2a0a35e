"""The briefing's colours: parsed from briefing.yaml, readable, and the same in the site
(under either builder) and the PDFs."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from helpers import MINI, run_cli
from hypothesis import given
from hypothesis import strategies as st

from generator.content.validate import validate_project
from generator.model.colours import (
    PRIMARY,
    contrast,
    hex_of,
    parse_colour,
    pdf_css,
    readable_on,
    site_css,
)
from generator.pdf.edition import render_pdf_html
from generator.project.layout import Project


def _mini(tmp_path: Path) -> Path:
    root = tmp_path / "project"
    shutil.copytree(MINI, root)
    return root


@pytest.mark.parametrize(
    ("given_value", "parsed"),
    [("#003B5C", "#003b5c"), ("#abc", "#aabbcc"), ("teal", "teal"), ("white", "white")],
)
def test_a_colour_is_a_palette_name_or_a_hex_value(given_value: str, parsed: str) -> None:
    assert parse_colour(given_value) == parsed


@pytest.mark.parametrize("bad", ["#12345", "navy", "rgb(0,0,0)", "", 12])
def test_anything_else_is_refused(bad: object) -> None:
    with pytest.raises(ValueError):
        parse_colour(bad)


def test_a_bad_colour_is_a_positioned_error_naming_both_forms(tmp_path: Path) -> None:
    root = _mini(tmp_path)
    settings = root / "content" / "briefing.yaml"
    settings.write_text(settings.read_text() + 'colours:\n  primary: "#00G"\n')
    status, out = run_cli("validate", "--root", str(root))
    assert status == 1
    assert "briefing.yaml:" in out and "error[invalid-value]" in out
    assert "'#00G' is not a colour: give a hex colour such as '#003b5c'" in out


@given(st.from_regex(r"#[0-9a-f]{6}", fullmatch=True))
def test_text_in_any_brand_colour_stays_readable(colour: str) -> None:
    assert contrast(readable_on(colour), "#ffffff") >= 4.5
    assert contrast(readable_on(colour, "#1e2129"), "#1e2129") >= 4.5


def test_every_palette_name_has_a_colour() -> None:
    for name in PRIMARY:
        assert hex_of(name).startswith("#") and hex_of(name, accent=True).startswith("#")


def test_one_setting_colours_the_site_and_the_pdf(tmp_path: Path) -> None:
    root = _mini(tmp_path)
    settings = root / "content" / "briefing.yaml"
    settings.write_text(settings.read_text() + 'colours:\n  primary: "#003B5C"\n  accent: teal\n')
    assert run_cli("build", "--no-pdf", "--root", str(root))[0] == 0
    css = (root / "site" / "stylesheets" / "colours.css").read_text()
    assert css == site_css("#003b5c", "teal")
    assert "--md-primary-fg-color: #003b5c;" in css
    assert 'href="stylesheets/colours.css"' in (root / "site" / "index.html").read_text()
    validation = validate_project(root)
    html = render_pdf_html(Project(root), validation.linked, "brief")
    assert pdf_css("#003b5c") in html and "--brand: #003b5c;" in html

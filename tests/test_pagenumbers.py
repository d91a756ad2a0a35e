"""Page-number placeholders: which links get one, how wide, and how a number replaces it.

The end-to-end checks (every printed number is the page its link leads to, the second
layout, the target-counter fallback) are in test_pdf.py.
"""

from __future__ import annotations

import re

import pytest

from generator.pdf.pagenumbers import FIGURE_SPACE, _numbered, with_placeholders

FS = FIGURE_SPACE


@pytest.mark.parametrize(
    ("text", "placeholder", "number", "expected"),
    [
        (" (p. 000)", "000", "123", " (p. 123)"),
        (" (p. 000)", "000", "7", f" {FS}{FS}(p. 7)"),
        (" p. 00", "00", "5", f" {FS}p. 5"),
        # A reference split across lines: the second box starts a line; never indent it.
        ("000)", "000", "12", f"12){FS}"),
        ("(p. 00)", "00", "5", f"(p. 5){FS}"),
    ],
)
def test_a_number_takes_its_placeholders_exact_place(
    text: str, placeholder: str, number: str, expected: str
) -> None:
    filled = _numbered(text, placeholder, number)
    assert filled == expected
    assert len(filled) == len(text)  # one character per digit: the same width


def _placeholders(html: str) -> dict[str, str]:
    return dict(re.findall(r'href="#([^"]+)" style="--page-ref: \'(0+)\'"', html))


def test_numbered_links_get_placeholders_sized_by_their_targets_position() -> None:
    filler = "<p>" + "x" * 60_000 + "</p>"
    html = (
        '<nav class="toc"><a href="#late">Late</a></nav>'
        '<p><a class="xref xref-issues" href="#early">E</a>'
        ' <a class="xref xref-events" href="#late">L</a>'
        ' <a class="cite" href="#early">[1]</a></p>'
        f'<h2 id="early">Early</h2>{filler}<h2 id="late">Late</h2>'
    )
    marked = with_placeholders(html, {})
    assert _placeholders(marked) == {"early": "0", "late": "00"}
    # The contents (target-counter) and citations (no page number) are left alone.
    assert '<nav class="toc"><a href="#late">Late</a></nav>' in marked
    assert '<a class="cite" href="#early">[1]</a>' in marked


def test_a_number_that_outgrew_its_placeholder_gets_a_wider_one() -> None:
    html = '<p><a class="xref" href="#t">T</a></p><h2 id="t">T</h2>'
    assert _placeholders(with_placeholders(html, {}))["t"] == "0"
    assert _placeholders(with_placeholders(html, {"t": 3}))["t"] == "000"


def test_links_that_print_no_number_get_no_placeholder() -> None:
    html = '<td><a class="cell" href="#pos"><span>x</span></a></td><p id="pos">p</p>'
    assert _placeholders(with_placeholders(html, {})) == {}


def test_only_real_ids_place_a_target_and_the_first_one_counts() -> None:
    """Text that reads like an attribute (escaped by Markdown, so not inside a tag) does not
    move a target; neither does a later element with the same id."""
    filler = "x" * 60_000
    html = (
        '<p><a class="xref" href="#t">T</a> id="t" quoted in prose</p>'
        f'<h2 id="t">T</h2><p>{filler}</p><h2 id="t">again</h2>'
    )
    assert _placeholders(with_placeholders(html, {})) == {"t": "0"}


def test_wider_placeholders_follow_targets_named_as_weasyprint_names_them() -> None:
    """WeasyPrint reports a link's target decoded (entities, then percent-escapes); a
    target that outgrew its placeholder must be found under that name."""
    html = '<p><a class="xref" href="#caf%C3%A9&amp;co">T</a></p><h2 id="café&amp;co">T</h2>'
    assert set(_placeholders(with_placeholders(html, {"café&co": 4})).values()) == {"0000"}

"""Escaping properties: plain text in any generated page reads back exactly as written."""

from __future__ import annotations

import html
import re

import markdown
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from generator.markdown.safe import SafeContentExtension
from generator.render.pages import _yaml_str
from generator.render.text import escape

TRICKY = list("|*_[]()<>&`\\#!{}:-+.=~^@") + [
    "1.",
    "- ",
    "> ",
    "[[",
    "]]",
    "&amp;",
    "&#x3c;",
    "<script>",
    "javascript:",
    "{: .x}",
    "*[X]:",
]
# Validation rejects control characters, so the text under test holds none.
printable = st.text(
    alphabet=st.characters(blacklist_categories=("Cc", "Cs")), min_size=1, max_size=5
)
texts = st.lists(st.one_of(st.sampled_from(TRICKY), printable), max_size=20).map("".join)
MD = markdown.Markdown(
    extensions=["tables", "attr_list", "abbr", "footnotes", "toc", SafeContentExtension()]
)


@settings(max_examples=300, deadline=None)
@given(texts)
def test_escaped_text_renders_as_the_same_text(text: str) -> None:
    expected = " ".join(text.split())
    MD.reset()
    rendered = MD.convert(escape(text))
    assert "<" not in re.sub(r"^<p>|</p>$", "", rendered)  # no element came from the text
    inner = re.sub(r"^<p>|</p>$", "", rendered)
    assert html.unescape(inner) == expected


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=40))
def test_front_matter_values_round_trip(text: str) -> None:
    loaded = yaml.safe_load(f"title: {_yaml_str(text)}\n")["title"]
    assert loaded == html.escape(" ".join(text.split()), quote=False).replace('"', "&quot;")

"""Property tests: whatever a contributor writes, validation answers; it never crashes."""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

import yaml
from helpers import MINI
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from generator.content.validate import validate_project
from generator.model.defaults import DEFAULT_REGISTRY
from generator.model.diagnostics import CATALOGUE

FIELDS = sorted({name for c in DEFAULT_REGISTRY for name in c.model.model_fields})
IDS = ["russia", "ukraine", "putin", "prisoners", "energy-pause", "wire-report", "nope"]
TOKENS = [
    "[[",
    "]]",
    "[@",
    "]",
    "<",
    ">",
    "`",
    "```",
    "|",
    "{:",
    "}",
    "(",
    ")",
    "javascript:",
    "\n",
    "---",
    "#",
    "*",
    "_",
    "&#x09;",
    "onerror=",
    "![",
    "http://x.org",
    ":",
    " ",
]

scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.floats(allow_nan=False),
    st.sampled_from(IDS + ["2025-03-18", "2025-02-30", "supports", "state", ""]),
    st.text(max_size=30),
)
values = st.recursive(
    scalars,
    lambda inner: st.one_of(
        st.lists(inner, max_size=4),
        st.dictionaries(st.sampled_from(FIELDS + ["value", "question", "x"]), inner, max_size=4),
    ),
    max_leaves=12,
)
front_matter = st.dictionaries(st.sampled_from(FIELDS + ["id", "bogus"]), values, max_size=8)
bodies = st.lists(
    st.one_of(st.sampled_from(TOKENS), st.sampled_from(IDS), st.text(max_size=8)), max_size=30
).map("".join)


def _check(root: Path) -> None:
    result = validate_project(root)
    for diag in result.diagnostics:
        assert diag.code in CATALOGUE
        assert diag.line >= 1 and diag.col >= 1
        assert diag.path.startswith("content/")


def _with_file(rel: str, data: bytes) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp) / "p"
        shutil.copytree(MINI, root)
        target = root / "content" / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)
        _check(root)


common = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@common
@given(st.sampled_from(list(DEFAULT_REGISTRY.names)), front_matter, bodies)
def test_structured_front_matter_never_crashes(collection: str, data: dict, body: str) -> None:
    text = "---\n" + yaml.safe_dump(data, allow_unicode=True) + "---\n" + body
    _with_file(f"{collection}/fuzzed.md", text.encode())


@common
@given(
    st.sampled_from(["positions/russia-on-prisoners.md", "actors/putin.md", "briefing.yaml"]),
    st.lists(st.sampled_from(list("-:[]{}&*!|>'\"%@`#,? \n\tabc12") + TOKENS), max_size=80).map(
        "".join
    ),
)
def test_arbitrary_text_never_crashes(rel: str, text: str) -> None:
    _with_file(rel, text.encode())


@common
@given(st.binary(max_size=200))
def test_arbitrary_bytes_never_crash(data: bytes) -> None:
    _with_file("events/bytes.md", data)

"""Hostile content, part 3: input built to exhaust time or memory.

Each pathological body of benchmarks/pathological.py, at the 256 KB size limit, is
validated and (if accepted) rendered as a page; each must finish in seconds, where the
code before the limits took minutes or hours. The generous time bound only tells a
linear path from a quadratic one: the ratios are measured by
`python -m benchmarks.pathological` and recorded in BENCHMARKS.md. The inputs named in
the issue that found these are tested one by one through the command line.
"""

from __future__ import annotations

import re
import sys
import time
from pathlib import Path

import pytest
from helpers import MINI, overlay_project, run_cli

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.pathological import CASES, process  # noqa: E402
from generator.model.limits import MAX_FILE_BYTES  # noqa: E402

FRONT = (
    "---\nname: Vladimir Putin\nkind: person\naffiliation: russia\nsources: [wire-report]\n---\n"
)
# A quadratic path at 256 KB takes minutes; the slowest linear case takes ~8 s here.
BOUND = 45.0


@pytest.mark.parametrize("name", sorted(CASES))
def test_every_pathological_body_at_the_size_limit_is_handled_in_bounded_time(name: str) -> None:
    text = CASES[name](MAX_FILE_BYTES - len(FRONT) - 100)
    started = time.perf_counter()
    process(text)
    assert time.perf_counter() - started < BOUND


def _project_with(tmp_path: Path, body: str, front: str = FRONT) -> Path:
    root = overlay_project(tmp_path, MINI.parent / "hostile")
    (root / "content" / "actors" / "putin.md").write_text(front + body, encoding="utf-8")
    return root


def _validate(root: Path) -> tuple[int, str, float]:
    started = time.perf_counter()
    status, out = run_cli("validate", "--root", str(root))
    return status, out, time.perf_counter() - started


def test_a_heading_then_a_one_megabyte_line_is_refused_at_once(tmp_path: Path) -> None:
    root = _project_with(tmp_path, "## Heading\n" + "x" * 1_000_000 + "\n")
    status, out, seconds = _validate(root)
    assert status == 1 and "error[file-too-large]" in out and seconds < 5


def test_a_heading_then_a_line_at_the_limit_is_refused_as_too_long(tmp_path: Path) -> None:
    root = _project_with(tmp_path, "## Heading\n" + "x" * 250_000 + "\n")
    status, out, seconds = _validate(root)
    assert status == 1 and "content/actors/putin.md:7:1: error[text-too-long]" in out
    assert seconds < 5


def test_a_summary_of_unclosed_links_in_a_code_span_builds(tmp_path: Path) -> None:
    summary = "`" + "[[a " * 1750 + "` [@wire-report]"
    root = _project_with(
        tmp_path,
        "Body [@wire-report].\n",
        FRONT.replace("sources:", f"summary: '{summary}'\nsources:"),
    )
    started = time.perf_counter()
    assert run_cli("build", "--no-pdf", "--root", str(root))[0] == 0
    assert time.perf_counter() - started < 60


def test_many_unclosed_fences_are_refused_or_handled_in_bounded_time(tmp_path: Path) -> None:
    root = _project_with(tmp_path, "~~~x\n" * ((MAX_FILE_BYTES - 200) // 5))
    status, out, seconds = _validate(root)
    assert status == 1 and "error[text-too-long]" in out and seconds < 10


def _short_source(root: Path) -> None:
    (root / "content" / "sources" / "w.md").write_text(
        "---\ntitle: W\noutlet: Wire\nkind: wire\n---\n", encoding="utf-8"
    )


def test_thirty_two_thousand_paragraphs_are_checked_in_linear_time(tmp_path: Path) -> None:
    root = _project_with(tmp_path, "x [@w]\n\n" * 14_000 + "y\n\n" * 18_000)
    _short_source(root)
    status, out, seconds = _validate(root)
    assert status == 1 and "more than 2,000 paragraphs" in out
    assert out.count("uncited-text") == 18_000
    assert seconds < 20


def test_one_source_cited_twenty_thousand_times_builds(tmp_path: Path) -> None:
    root = overlay_project(tmp_path, MINI.parent / "hostile")
    _short_source(root)
    paragraph = "Cited " + "[@w] " * 2500 + "\n\n"
    (root / "content" / "actors" / "putin.md").write_text(FRONT + paragraph * 8, encoding="utf-8")
    started = time.perf_counter()
    status, out = run_cli("build", "--no-pdf", "--root", str(root))
    assert status == 0, out
    assert time.perf_counter() - started < 90
    page = (root / "site" / "actors" / "putin.html").read_text()
    assert page.count('class="footnote-ref"') == 20_000
    assert 'id="fnref20000:w"' in page


def test_a_list_nested_three_hundred_deep_is_refused(tmp_path: Path) -> None:
    body = "".join(" " * (4 * depth) + "- x [@wire-report]\n" for depth in range(300))
    root = _project_with(tmp_path, body)
    status, out, seconds = _validate(root)
    assert status == 1 and "error[nested-too-deeply]" in out and "Traceback" not in out
    assert seconds < 5


def test_quotes_nested_three_hundred_deep_are_refused(tmp_path: Path) -> None:
    root = _project_with(tmp_path, "> " * 300 + "x [@wire-report]\n")
    status, out, _ = _validate(root)
    assert status == 1 and "error[nested-too-deeply]" in out


def test_deeply_nested_yaml_is_refused(tmp_path: Path) -> None:
    front = FRONT.replace("name: Vladimir Putin", "name: " + "[" * 100_000)
    root = _project_with(tmp_path, "Body [@wire-report].\n", front)
    status, out, seconds = _validate(root)
    assert status == 1 and "error[yaml-syntax]" in out and seconds < 5


def test_a_glossary_over_the_limit_is_refused(tmp_path: Path) -> None:
    root = overlay_project(tmp_path, MINI.parent / "hostile")
    settings = root / "content" / "briefing.yaml"
    entries = "".join(f"  - term: T{i}\n    expansion: Term {i}\n" for i in range(501))
    settings.write_text(settings.read_text().replace("glossary:\n", "glossary:\n" + entries, 1))
    status, out, _ = _validate(root)
    assert status == 1 and "'glossary'" in out and "500" in out


def test_pathological_bodies_build_through_mkdocs_in_bounded_time(tmp_path: Path) -> None:
    root = overlay_project(tmp_path, MINI.parent / "hostile")
    for name in ("nested brackets", "unclosed backticks", "emphasis soup"):
        slug = name.replace(" ", "-")
        body = CASES[name](MAX_FILE_BYTES - 400)
        (root / "content" / "events" / f"{slug}.md").write_text(
            "---\ntitle: T\ndate: 2025-03-19\nsources: [wire-report]\n---\n" + body,
            encoding="utf-8",
        )
    started = time.perf_counter()
    status, out = run_cli("build", "--no-pdf", "--root", str(root))
    assert time.perf_counter() - started < 120
    assert status in (0, 1) and "Traceback" not in out


def test_a_page_pointed_at_by_many_entries_lists_a_bounded_number(tmp_path: Path) -> None:
    # Fan-in: 130 events all naming one actor and one agreement, each linking five others.
    from benchmarks.pathological import fan_in_project
    from generator.model.limits import MAX_LISTED

    root = fan_in_project(tmp_path / "fan-in", MAX_LISTED + 30)
    assert run_cli("build", "--no-pdf", "--root", str(root))[0] == 0
    docs = root / "build" / "docs"
    for page in ("actors/putin.md", "agreements/energy-pause.md"):
        text = (docs / page).read_text()
        # Every generated line stays short: a list, never one line of every link.
        assert max(len(line) for line in text.splitlines()) < 10_000, page
        assert text.count("](../events/fan-") <= 2 * MAX_LISTED, page
        # The fixture's own events are there too: 30 and a few more are left out, twice
        # (the page's events, and the events referring to it).
        told = re.findall(r"and 3\d more, listed under \[Events\]\(\.\./events/index\.md\)", text)
        assert len(told) == 2, page
    index = (docs / "events" / "index.md").read_text()
    assert all(f"(fan-{n}.md)" in index for n in range(MAX_LISTED + 30))

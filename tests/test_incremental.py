"""Incremental regeneration: after an edit, only the affected pages are rewritten, and
the result is always exactly what a full build from scratch gives."""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from helpers import MINI

from generator.content.validate import validate_project
from generator.incremental import Session
from generator.pipeline import run
from generator.project.layout import Project
from generator.render.pages import render_pages
from generator.site.tree import Generated

GENERATED = Path("build") / "docs"
_SESSIONS: dict[Path, Session] = {}


def generate(root: Path) -> Generated:
    """Regenerate as the preview server does: one session per project, kept between runs."""
    project = Project(root.resolve())
    session = _SESSIONS.setdefault(project.root, Session(project))
    generated = run(project, site_dir=project.site, publish=False, session=session).generated
    assert generated is not None
    return generated


def _touch(path: Path, text: str) -> None:
    """Write `text` and move the modification time on, as a real edit would."""
    before = path.stat().st_mtime_ns if path.exists() else 0
    path.write_text(text)
    os.utime(path, ns=(before + 10**9, before + 10**9))


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text()
    assert old in text, (path, old)
    _touch(path, text.replace(old, new))


def _tree(folder: Path) -> dict[str, str]:
    return {p.relative_to(folder).as_posix(): p.read_text() for p in folder.rglob("*.md")}


def _mtimes(folder: Path) -> dict[str, int]:
    return {
        p.relative_to(folder).as_posix(): p.stat().st_mtime_ns
        for p in folder.rglob("*")
        if p.is_file()
    }


def _fresh(root: Path) -> dict[str, str]:
    validation = validate_project(root)
    assert validation.ok, validation.diagnostics
    pages = render_pages(Project(root), validation.linked)
    return {path: page.text for path, page in pages.items()}


@pytest.fixture
def project(tmp_path: Path) -> Path:
    root = tmp_path / "project"
    shutil.copytree(MINI, root)
    generate(root)
    return root


EDITS: dict[str, Callable[[Path], None]] = {
    "body text": lambda c: _edit(c / "actors/putin.md", "in a call", "in a long call"),
    "actor renamed": lambda c: _edit(
        c / "actors/russia.md", "name: Russia", "name: Russian Federation"
    ),
    "stance changed": lambda c: _edit(
        c / "positions/ukraine-on-prisoners.md", "stance: conditional", "stance: opposes"
    ),
    "subject changed": lambda c: _edit(
        c / "positions/russia-on-prisoners.md", "subject: prisoners", "subject: energy-pause"
    ),
    "position added": lambda c: _touch(
        c / "positions/putin-on-pause.md",
        "---\nactor: putin\nsubject: energy-pause\nstance: supports\n"
        "summary: He agreed to it [@wire-report].\nas_of: 2025-03-18\n"
        "sources: [wire-report]\n---\n",
    ),
    "event removed": lambda c: (c / "events/swap.md").unlink(),
    "source retitled": lambda c: _edit(
        c / "sources/wire-report.md", "title: Leaders agree", "title: Presidents agree"
    ),
    "new link": lambda c: _edit(
        c / "issues/prisoners.md",
        "after the call [@wire-report]",
        "after the [[call]] [@wire-report]",
    ),
    "tag added": lambda c: _edit(
        c / "issues/prisoners.md",
        "sources: [wire-report]",
        "tags: [people]\nsources: [wire-report]",
    ),
    "glossary changed": lambda c: _edit(
        c / "briefing.yaml", "expansion: Prisoner of war", "expansion: Prisoner of war (captive)"
    ),
}


@pytest.mark.parametrize("name", sorted(EDITS))
def test_incremental_output_equals_a_full_rebuild(project: Path, name: str) -> None:
    EDITS[name](project / "content")
    generate(project)
    assert _tree(project / GENERATED) == _fresh(project)


def test_a_sequence_of_edits_stays_identical_to_full_rebuilds(project: Path) -> None:
    for name in sorted(EDITS):
        EDITS[name](project / "content")
        generate(project)
        assert _tree(project / GENERATED) == _fresh(project), name


def test_an_edit_that_changes_nothing_rewrites_nothing(project: Path) -> None:
    before = _mtimes(project / GENERATED)
    page = project / "content" / "actors" / "putin.md"
    _touch(page, page.read_text())  # saved again, unchanged
    stats = generate(project).stats
    assert stats.written == [] and stats.removed == []
    assert _mtimes(project / GENERATED) == before


def test_a_one_file_edit_rewrites_only_the_pages_that_show_it(project: Path) -> None:
    before = _mtimes(project / GENERATED)
    _edit(
        project / "content" / "positions" / "ukraine-on-prisoners.md",
        "Kyiv supported further swaps",
        "Kyiv backed further swaps",
    )
    stats = generate(project).stats
    # The summary appears on the position's page, its party's and its subject's pages.
    assert sorted(stats.written) == [
        "actors/ukraine.md",
        "issues/prisoners.md",
        "positions/russia-on-prisoners.md",
        "positions/ukraine-on-prisoners.md",
    ]
    after = _mtimes(project / GENERATED)
    untouched = {p for p in before if p not in stats.written}
    assert all(after[p] == before[p] for p in untouched)


def test_random_edits_on_a_synthetic_briefing(tmp_path: Path) -> None:
    import random
    import sys

    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    from benchmarks.synth import synthesize

    root = tmp_path / "synthetic"
    ids = synthesize(root, 120, seed=7)
    generate(root)
    rng = random.Random(11)
    content = root / "content"
    linkable = ids["actors"] + ids["issues"] + ids["events"]
    for step in range(25):
        collection = rng.choice(["actors", "issues", "events", "positions"])
        entry_id = rng.choice(ids[collection])
        path = content / collection / f"{entry_id}.md"
        if not path.exists():
            continue
        text = path.read_text()
        action = rng.choice(["link", "retitle", "append"])
        if action == "link":
            target = rng.choice(linkable)
            if (content / target.split("-")[0].rstrip("s") / "x").exists():
                continue
            text = text.rstrip("\n") + f" See [[{target}]] [@{ids['sources'][0]}].\n"
        elif action == "retitle" and collection == "actors":
            text = text.replace("name: ", f"name: Renamed {step} ", 1)
        else:
            text = text.rstrip("\n") + f"\n\nMore, step {step} [@{ids['sources'][1]}].\n"
        _touch(path, text)
        generate(root)
        assert _tree(root / GENERATED) == _fresh(root), (step, action, entry_id)


def test_an_entity_moved_to_another_collection_leaves_no_stale_link(project: Path) -> None:
    # A labelled link ([[id|words]]) to an entity that moves from issues/ to events/ must
    # follow it, as after a full rebuild (it kept the old folder once).
    content = project / "content"
    _edit(
        content / "actors" / "putin.md",
        "in a call",
        "in a call about [[grain|the grain question]]",
    )
    (content / "issues" / "grain.md").write_text(
        "---\ntitle: Grain\nstatus: open\nsummary: Grain exports [@wire-report].\n"
        "sources: [wire-report]\n---\n"
    )
    generate(project)
    assert "(../issues/grain.md)" in (project / GENERATED / "actors" / "putin.md").read_text()
    (content / "issues" / "grain.md").unlink()
    _touch(
        content / "events" / "grain.md",
        "---\ntitle: Grain talks\ndate: 2025-03-20\nsources: [wire-report]\n---\n",
    )
    generate(project)
    putin = (project / GENERATED / "actors" / "putin.md").read_text()
    assert "[the grain question](../events/grain.md)" in putin
    assert _tree(project / GENERATED) == _fresh(project)


def test_a_removed_link_leaves_no_stale_backlink(project: Path) -> None:
    # The page a link pointed at lists its referrers: when the link goes, that page must
    # be rendered again although nothing on it links back (the old link targets of an
    # edited entity count as changed, incremental.py).
    issue = project / "content" / "issues" / "prisoners.md"
    _edit(issue, "after the call [@wire-report]", "after the [[call]] [@wire-report]")
    generate(project)
    call = project / GENERATED / "events" / "call.md"
    assert "(../issues/prisoners.md)" in call.read_text()
    _edit(issue, "after the [[call]] [@wire-report]", "after the call [@wire-report]")
    generate(project)
    assert "(../issues/prisoners.md)" not in call.read_text()
    assert _tree(project / GENERATED) == _fresh(project)


def test_a_referrer_beyond_a_lists_budget_still_updates_its_count(project: Path) -> None:
    # A page names at most MAX_LISTED referrers; the others are only counted, so the page
    # does not depend on them through a link. When one of them stops referring to it, the
    # page must still be rendered again: the old link targets of an edited entity count
    # as changed (incremental.py). The events link nothing the actor's page shows.
    from generator.model.limits import MAX_LISTED

    events = project / "content" / "events"
    for n in range(MAX_LISTED + 5):
        _touch(
            events / f"report-{n:03d}.md",
            f"---\ntitle: Report {n}\ndate: 2025-03-{1 + n % 28:02d}\nkind: strike\n"
            "participants: [putin]\nsources: [ministry-statement]\n---\n",
        )
    # The last by id, and the earliest by date: neither listed among the page's
    # referrers nor among its latest events.
    hidden = events / f"report-{MAX_LISTED + 4:03d}.md"
    _edit(hidden, "date: 2025-03-", "date: 2025-01-")
    generate(project)
    page = project / GENERATED / "actors" / "putin.md"
    assert f"report-{MAX_LISTED + 4:03d}" not in page.read_text()
    _edit(hidden, "participants: [putin]", "participants: [zelenskyy]")
    generate(project)
    assert _tree(project / GENERATED) == _fresh(project)

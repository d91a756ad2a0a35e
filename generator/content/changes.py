"""`briefing diff BASE`: what a change does to the briefing, as Markdown for a reviewer.

The content at BASE is read from git into a temporary folder and run through the same
load, check and link stages as the working tree; the two linked models are compared
entity by entity. The summary names entities added, changed, removed and renamed,
stance changes, sources added and removed, and the references the change breaks.

The summary is posted as a pull-request comment, so every string in it that a file can
control (ids, names, titles, paths, messages quoting values, the base revision) is put
in an inline code span that nothing in the value can end: no mention, image, link or
HTML in a contributor's text reaches the reviewers as anything but text.
"""

from __future__ import annotations

import io
import re
import tarfile
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from generator.content.load import TRANSLATION_FILE
from generator.content.validate import Validation, validate_project
from generator.model.diagnostics import Diagnostic, visible
from generator.model.entries import display_title
from generator.project.history import git, git_bytes, resolve_revision

_BREAKING = {"unknown-ref", "renamed-ref", "wrong-kind-ref"}
_LONGEST_SHOWN = 200  # characters of one value; longer ones are cut, ending in '…'


def code_span(value: str) -> str:
    """`value` as a Markdown inline code span that no character in it can end or escape.

    Control characters are shown as escapes (`visible`), so the span is one line. The
    fence is one backtick longer than the longest run of backticks in the value, and a
    value that starts or ends with a backtick or a space is padded with one space on
    each side, which CommonMark (GitHub) and Python-Markdown strip again. Inside a code
    span, `@name` is no mention and `<`, `![` and `](` are plain text.
    """
    text = visible(value)
    if len(text) > _LONGEST_SHOWN:
        text = text[: _LONGEST_SHOWN - 1] + "…"
    if not text:
        text = " "  # `` would be two backticks, not an empty span
    elif text.strip(" ") and (text[0] in "` " or text[-1] in "` "):
        # (CommonMark strips no space from a span of spaces only, so those go as they are.)
        text = f" {text} "
    longest = max((len(run) for run in re.findall(r"`+", text)), default=0)
    fence = "`" * (longest + 1)
    return f"{fence}{text}{fence}"


@dataclass
class ChangeSummary:
    """The differences between two versions of the briefing."""

    base: str
    added: list[tuple[str, str]] = field(default_factory=list)  # (collection, id)
    removed: list[tuple[str, str]] = field(default_factory=list)
    changed: list[tuple[str, str]] = field(default_factory=list)
    renamed: list[tuple[str, str]] = field(default_factory=list)  # (old id, new id)
    tracked: list[tuple[str, str, str | None, str]] = field(default_factory=list)
    """(id, field, old, new): changes of a field the registry tracks (a stance)."""
    breaking: list[Diagnostic] = field(default_factory=list)
    errors: int = 0
    warnings: int = 0
    code: list[str] = field(default_factory=list)
    """Files changed outside content/: configuration, templates, workflows, requirements."""
    translations: list[tuple[str, str, str]] = field(default_factory=list)
    """(what happened: "added", "changed" or "removed", language, path) of each
    translation file that differs."""


def content_at(root: Path, base: str, target: Path) -> Path:
    """Extract `content/` as it was at git revision `base` into `target`."""
    commit = resolve_revision(root, base)  # never an option, whatever was typed
    archive = git_bytes(root, "archive", "--format=tar", commit, "--", "content")
    with tarfile.open(fileobj=io.BytesIO(archive)) as tar:
        tar.extractall(target, filter="data")
    return target


def _files(validation: Validation) -> dict[str, tuple[str, str, bytes]]:
    """id -> (collection, path, file bytes) for every entity read."""
    briefing = validation.linked.briefing
    root = briefing.root
    return {
        id_: (collection, path, (root / path).read_bytes())
        for id_, (collection, path) in briefing.known.items()
    }


def _translation_files(validation: Validation) -> dict[str, tuple[str, bytes]]:
    """path -> (language, file bytes) for every translation file under content/."""
    root = validation.linked.briefing.root
    found = {}
    for path in sorted((root / "content").rglob("*.*.*")):
        match = TRANSLATION_FILE.match(path.name)
        if match and path.is_file() and not path.is_symlink():
            found[path.relative_to(root).as_posix()] = (match["language"], path.read_bytes())
    return found


def compare(before: Validation, after: Validation, base: str) -> ChangeSummary:
    """Compare two validated versions of the content."""
    summary = ChangeSummary(base)
    old, new = _files(before), _files(after)
    aliases = after.linked.aliases
    for id_ in sorted(new.keys() - old.keys()):
        summary.added.append((new[id_][0], id_))
    for id_ in sorted(old.keys() - new.keys()):
        if id_ in aliases:
            summary.renamed.append((id_, aliases[id_]))
        else:
            summary.removed.append((old[id_][0], id_))
    for id_ in sorted(old.keys() & new.keys()):
        if old[id_][2] != new[id_][2]:
            summary.changed.append((new[id_][0], id_))
    renamed_to = {new_id for _, new_id in summary.renamed}
    summary.added = [(c, i) for c, i in summary.added if i not in renamed_to]
    before_entries, after_entries = before.linked.entries, after.linked.entries
    registry = after.linked.registry
    for id_, entry in after_entries.items():
        tracked = registry[entry.collection].tracked
        if not tracked:
            continue
        previous = before_entries.get(id_)
        was = None
        if previous is not None and previous.collection == entry.collection:
            was = getattr(previous.model, tracked)
        if was != getattr(entry.model, tracked):
            summary.tracked.append((id_, tracked, was, getattr(entry.model, tracked)))
    was, now = _translation_files(before), _translation_files(after)
    for path in sorted(was.keys() | now.keys()):
        if path not in was:
            summary.translations.append(("added", now[path][0], path))
        elif path not in now:
            summary.translations.append(("removed", was[path][0], path))
        elif was[path][1] != now[path][1]:
            summary.translations.append(("changed", now[path][0], path))
    summary.breaking = [d for d in after.diagnostics if d.code in _BREAKING]
    summary.errors = len(after.errors)
    summary.warnings = len(after.diagnostics) - summary.errors
    return summary


def diff_against(root: Path, base: str) -> tuple[ChangeSummary, Validation]:
    """Compare the working tree's content with its state at `base`."""
    after = validate_project(root)
    with tempfile.TemporaryDirectory(prefix="briefing-base-") as tmp:
        before = validate_project(content_at(root, base, Path(tmp)))
        summary = compare(before, after, base)
    summary.code = code_changes(root, base)
    return summary, after


def code_changes(root: Path, base: str) -> list[str]:
    """Files changed since `base` outside content/, committed or not: what a pull request
    changes besides the content is code, for a maintainer to review."""
    commit = resolve_revision(root, base)
    outside = ["--", ".", ":(exclude)content"]
    tracked = git(root, "diff", "--relative", "--name-only", "--no-renames", commit, *outside)
    untracked = git(root, "ls-files", "--others", "--exclude-standard", *outside)
    return sorted({line for line in (tracked + untracked).splitlines() if line.strip()})


def _name(validation: Validation, entry_id: str) -> str:
    entry = validation.linked.entries.get(entry_id)
    return display_title(entry, validation.linked) if entry else entry_id


def _singular(validation: Validation, collection: str) -> str:
    found = validation.linked.registry.named(collection)
    return found.singular if found else collection


def render_summary(summary: ChangeSummary, after: Validation) -> str:
    """The summary as Markdown, for a pull-request comment or $GITHUB_STEP_SUMMARY.

    Only the summary's own words are Markdown; every id, name, path and message is a
    `code_span`.
    """
    out = [f"## Briefing changes since {code_span(summary.base)}", ""]
    status = (
        "✅ The content is valid."
        if summary.errors == 0
        else f"❌ The content has {summary.errors} error(s); see the validation step."
    )
    if summary.warnings:
        status += f" {summary.warnings} warning(s)."
    out += [status, ""]
    if summary.code:
        shown = summary.code[:20]
        more = [f"- and {len(summary.code) - len(shown)} more"] if len(summary.code) > 20 else []
        out += [
            f"### ⚠️ Code change: needs a maintainer ({len(summary.code)})",
            "",
            "This pull request changes files outside `content/`. Configuration, templates, "
            "workflows and requirements are code: they can change what the build runs and "
            "what the site loads, and a maintainer must review them.",
            "",
            *[f"- {code_span(path)}" for path in shown],
            *more,
            "",
        ]
    total = len(summary.added) + len(summary.removed) + len(summary.changed) + len(summary.renamed)
    if total == 0:
        out += ["No entity was added, changed or removed.", ""]
    stale = [d for d in after.diagnostics if d.code == "stale-translation"]

    def section(title: str, rows: list[str]) -> None:
        if rows:
            out.extend([f"### {title} ({len(rows)})", "", *rows, ""])

    def entity_row(collection: str, id_: str) -> str:
        return f"- {_singular(after, collection)} {code_span(id_)}: {code_span(_name(after, id_))}"

    cited = after.linked.registry.cited  # sources get sections of their own
    section("Added", [entity_row(c, i) for c, i in summary.added if c not in cited])
    section("Changed", [entity_row(c, i) for c, i in summary.changed])
    section(
        "Removed",
        [f"- {_singular(after, c)} {code_span(i)}" for c, i in summary.removed if c not in cited],
    )
    section(
        "Renamed",
        [
            f"- {code_span(o)} → {code_span(n)} (old links and URLs keep working)"
            for o, n in summary.renamed
        ],
    )

    def term(value: str | None) -> str:
        return "new" if value is None else after.linked.briefing.vocabularies.term(value).label

    for tracked in sorted({f for _, f, _, _ in summary.tracked}):
        section(
            f"{tracked.replace('_', ' ').capitalize()} changes",
            [
                f"- {code_span(_name(after, i))} ({code_span(i)}): {term(o)} → **{term(n)}**"
                for i, f, o, n in summary.tracked
                if f == tracked
            ],
        )
    section("Sources added", [entity_row(c, i) for c, i in summary.added if c in cited])
    section("Sources removed", [f"- {code_span(i)}" for c, i in summary.removed if c in cited])
    section(
        "Translations",
        [
            f"- {code_span(language)} {what}: {code_span(path)}"
            for what, language, path in summary.translations
        ],
    )
    section(
        "Translations now out of date",
        [f"- {code_span(d.path)}: {code_span(d.message)}" for d in stale],
    )
    section(
        "References that would break",
        [f"- {code_span(f'{d.path}:{d.line}')}: {code_span(d.message)}" for d in summary.breaking],
    )
    return "\n".join(out).rstrip() + "\n"

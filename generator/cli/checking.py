"""The commands that check content: `validate`, `diff` and `upgrade`."""

from __future__ import annotations

import argparse
import sys

from generator.cli.output import (
    count,
)
from generator.content.validate import validate_project
from generator.model.diagnostics import FORMATTERS
from generator.model.errors import UsageError
from generator.project.layout import Project


def original_of(path: str) -> str | None:
    """The original a translation file translates ("content/actors/x.uk.md" ->
    "content/actors/x.md"), or None for a file that is not a translation."""
    from generator.content.load import TRANSLATION_FILE

    folder, _, name = path.rpartition("/")
    found = TRANSLATION_FILE.match(name)
    if found is None:
        return None
    return f"{folder}/{found['stem']}.{found['ext']}"


def cmd_validate(args: argparse.Namespace) -> int:
    """Check all content and report every problem in one run."""
    result = validate_project(args.root)
    diags = result.diagnostics
    hidden = 0
    if args.changed is not None:
        from generator.project.history import GitError, changed_files, default_base

        try:
            base = args.changed or default_base(args.root)
            changed = changed_files(args.root, base)
        except GitError as exc:
            raise UsageError(f"--changed: {exc}") from None
        # The whole model is checked (a change can break a file it did not touch), but
        # a pull request is shown its own files' problems, and those of the translations
        # of the files it changed (made stale, or orphaned, by the change).
        own = [d for d in diags if d.path in changed or original_of(d.path) in changed]
        hidden = len(diags) - len(own)
        diags = own
    out = FORMATTERS[args.format](diags)
    if args.format == "text" and not diags:
        out = "content is valid: 0 errors, 0 warnings\n"
        if args.changed is not None:
            out = "no problems in the changed files: 0 errors, 0 warnings\n"
    sys.stdout.write(out)
    if hidden and args.format == "text":
        sys.stdout.write(
            f"({hidden} more in files this change did not touch; "
            "run without --changed to see them)\n"
        )
    errors = [d for d in diags if d.severity == "error"]
    failed = bool(errors) or (args.strict and bool(diags))
    return 1 if failed else 0


def cmd_diff(args: argparse.Namespace) -> int:
    """Summarise, in Markdown, what the working tree changes in the briefing since BASE."""
    from generator.content.changes import diff_against, render_summary
    from generator.project.history import GitError

    try:
        summary, after = diff_against(args.root, args.base)
    except GitError as exc:
        # Not a checkout, or no such revision: one line, as a usage error.
        first = str(exc).splitlines()[0] if str(exc) else "git failed"
        sys.stderr.write(f"error: briefing diff compares git revisions: {first}\n")
        return 2
    sys.stdout.write(render_summary(summary, after))
    return 0


def cmd_upgrade(args: argparse.Namespace) -> int:
    """Rewrite the terms an earlier content format used (for example a source's `kind:
    news`) as the current ones, in place, and say what changed."""
    from generator.content.upgrade import upgrade_content

    changed = upgrade_content(Project(args.root))
    for path, line, old, new in changed:
        print(f"{path}:{line}: {old} -> {new}")
    print(f"{count(len(changed), 'term')} rewritten; run `briefing validate` next")
    return 0

"""`briefing upgrade`: rewrite the terms of an earlier content format in place.

Only the value itself is replaced, at the position the loader recorded for it, so that
comments, quoting and layout stay as the contributor wrote them.
"""

from __future__ import annotations

from generator.content.fields import check_record, renamed_terms
from generator.content.load import load_content
from generator.model.schema import Settings, vocabularies_for
from generator.project.atomic import write_atomic
from generator.project.layout import Project


def upgrade_content(project: Project) -> list[tuple[str, int, str, str]]:
    """Rewrite every renamed term; return (path, line, old, new) for each."""
    raw = load_content(project)
    settings = None
    if raw.settings is not None:
        settings, _ = check_record(raw.settings, Settings, "briefing.yaml")
    vocabularies = vocabularies_for(settings)
    changed = []
    for record in raw.records:
        model = project.registry[record.collection].model
        edits = []
        for name, old, new in renamed_terms(record, model, vocabularies):
            line, col = record.pos((name,))
            edits.append((line, col, old, new))
        if not edits:
            continue
        path = project.root / record.path
        lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
        for line, col, old, new in edits:
            text = lines[line - 1]
            start = col - 1
            # The value may be quoted: find it at or just after the recorded column.
            at = text.find(old, start)
            if at < 0 or at > start + 1:
                continue
            lines[line - 1] = text[:at] + new + text[at + len(old) :]
            changed.append((record.path, line, old, new))
        write_atomic(path, "".join(lines).encode("utf-8"))
    return changed

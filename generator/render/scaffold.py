"""`briefing new`: write a new content file with every field present and explained.

The comments are the models' field docstrings, so a contributor sees the same guidance
here as in CONTRIBUTING.md and in `briefing schema`.
"""

from __future__ import annotations

import json
import textwrap
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from generator.model.errors import BriefingError
from generator.model.registry import Collection
from generator.model.schema import ID_RE, PLACEHOLDER_TEXT, RESERVED_IDS, EntityBase
from generator.project.layout import Project
from generator.render.reference import _type_name


class ScaffoldError(BriefingError):
    """The file cannot be written: the id is invalid or taken, or the file exists."""


def _yaml_value(value: Any) -> str:
    # JSON is valid YAML and quotes whatever needs quoting.
    if isinstance(value, str) and value and ID_RE.match(value):
        return value
    return json.dumps(value, ensure_ascii=False)


def _field_lines(name: str, model: type[BaseModel], given: dict[str, Any]) -> list[str]:
    info = model.model_fields[name]
    doc = " ".join((info.description or "").split())
    kind = _type_name(info.annotation, list(info.metadata))
    required = "required" if info.is_required() or name == "sources" else "optional"
    comment = textwrap.wrap(f"{doc} ({required}; {kind})", width=96)
    lines = [f"# {line}" for line in comment]
    if name in given:
        lines.append(f"{name}: {_yaml_value(given[name])}")
    elif kind.startswith("list"):
        lines.append(f"{name}: []")
    else:
        lines.append(f"{name}:")
    return lines


def scaffold(collection: Collection, entry_id: str, values: dict[str, Any]) -> str:
    """The text of a new content file of `collection` with the given field values."""
    model = collection.model
    unknown = sorted(set(values) - set(model.model_fields))
    if unknown:
        raise ScaffoldError(f"{collection.singular} has no field {', '.join(map(repr, unknown))}")
    # A collection's own fields first; the shared ones (sources, tags, ...) after them.
    names = sorted(model.model_fields, key=lambda n: n in EntityBase.model_fields)
    lines = [
        "---",
        "# Lines starting with # are comments. In text fields and the body, link to an entry",
        "# with [[id]] or [[id|your words]], and cite a source with [@source-id].",
    ]
    for name in names:
        lines += _field_lines(name, model, values)
    lines.append("---")
    # A source cites nothing, so it has no body to write.
    hint = "" if "body" not in _kinds_with_body(collection) else PLACEHOLDER_TEXT
    return "\n".join(lines) + "\n" + (hint + "\n" if hint else "")


def _kinds_with_body(collection: Collection) -> set[str]:
    return {"body"} if issubclass(collection.model, EntityBase) else set()


def write_new(
    project: Project, collection: Collection, entry_id: str, values: dict[str, Any]
) -> Path:
    """Create `content/<collection>/<id>.md`, refusing bad or taken ids and existing files."""
    root = project.root
    if entry_id in RESERVED_IDS:
        raise ScaffoldError(f"'{entry_id}' is reserved for the collection's list page")
    if not ID_RE.match(entry_id):
        raise ScaffoldError(
            f"'{entry_id}' is not a valid id: use 1 to 64 lowercase letters, digits and hyphens"
        )
    target = project.content / collection.name / f"{entry_id}.md"
    if target.exists():
        raise ScaffoldError(f"{target.relative_to(root)} already exists; edit it instead")
    for other in project.registry.names:
        if (project.content / other / f"{entry_id}.md").exists():
            raise ScaffoldError(
                f"id '{entry_id}' is already used by content/{other}/{entry_id}.md; "
                "ids are unique across all collections"
            )
    text = scaffold(collection, entry_id, values)
    target.parent.mkdir(parents=True, exist_ok=True)
    with target.open("x", encoding="utf-8") as handle:  # "x": never overwrite
        handle.write(text)
    return target

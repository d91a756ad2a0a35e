"""Finding the reference and inline-Markdown fields of any model, from its annotations.

The linker and the renderer need every `RefTo` and `Inline` value of an entity with its
location (`("disputes", 0, "versions", 1, "sources", 0)`). The plan for each model
class is worked out once from the type hints and cached, so a walk is a plain loop.
"""

from __future__ import annotations

import types
from collections.abc import Iterator
from functools import cache
from typing import Annotated, Any, Union, get_args, get_origin

from pydantic import BaseModel

from generator.model.schema import Inline, RefTo

Marker = RefTo | Inline | type[BaseModel]


def _unwrap(annotation: Any, metadata: list[Any]) -> tuple[Any, list[Any], bool]:
    """A field's type without Annotated, Optional and list around it: (the type, every
    metadata item met on the way, whether it is a list). A union of several types is
    Any."""
    many = False
    while True:
        origin = get_origin(annotation)
        if origin is Annotated:
            annotation, *extra = get_args(annotation)
            metadata = [*metadata, *extra]
        elif origin in (Union, types.UnionType):
            args = [a for a in get_args(annotation) if a is not type(None)]
            annotation = args[0] if len(args) == 1 else Any
        elif origin is list:
            annotation, many = get_args(annotation)[0], True
        else:
            return annotation, metadata, many


def _markers(annotation: Any, metadata: list[Any]) -> tuple[bool, Marker | None]:
    """(is a list, marker) for one field's annotation."""
    annotation, metadata, many = _unwrap(annotation, metadata)
    for item in metadata:
        if isinstance(item, (RefTo, Inline)):
            return many, item
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return many, annotation
    return many, None


@cache
def field_plan(model: type[BaseModel]) -> tuple[tuple[str, bool, Marker], ...]:
    """The marked fields of `model`: (name, is a list, marker)."""
    plan = []
    for name, info in model.model_fields.items():
        many, marker = _markers(info.annotation, list(info.metadata))
        if marker is not None:
            plan.append((name, many, marker))
    return tuple(plan)


def walk_marked(
    instance: BaseModel, loc: tuple[str | int, ...] = ()
) -> Iterator[tuple[tuple[str | int, ...], str, RefTo | Inline]]:
    """Yield (location, value, marker) for every reference and inline text in `instance`."""
    for name, many, marker in field_plan(type(instance)):
        value = getattr(instance, name)
        if value is None:
            continue
        items = enumerate(value) if many else [(None, value)]
        for index, item in items:
            item_loc = (*loc, name) if index is None else (*loc, name, index)
            if isinstance(marker, type):
                yield from walk_marked(item, item_loc)
            else:
                yield item_loc, item, marker


def model_for_loc(model: type[BaseModel], loc: tuple[Any, ...]) -> type[BaseModel] | None:
    """The model class that holds the field at `loc`, for hints on unknown fields."""
    current: type[BaseModel] | None = model
    for part in loc:
        if isinstance(part, int) or current is None:
            continue
        plan = {name: marker for name, _, marker in field_plan(current)}
        marker = plan.get(part)
        current = marker if isinstance(marker, type) else None
    return current


@cache
def ref_targets(model: type[BaseModel], field: str) -> tuple[str, ...]:
    """The collections the reference field `field` of `model` may point at (none if it
    is not a reference)."""
    for name, _, marker in field_plan(model):
        if name == field and isinstance(marker, RefTo):
            return marker.collections
    return ()


SETTINGS_SHOWN_ON = {
    "index.md": frozenset(
        {
            "title",
            "subtitle",
            "description",
            "edition",
            "summary",
            "bottom_line",
            "background",
            "what_to_watch",
            "after_period",
            "key_facts",
        }
    ),
    "about.md": frozenset({"method", "changes", "corrections", "publisher", "contact", "licence"}),
    "glossary.md": frozenset({"glossary", "spellings"}),
}
"""The settings a translation of briefing.yaml may give, by the site page that shows
them: its words, never its code (hooks, scripts), dates, references or addresses."""

SETTINGS_TRANSLATABLE = frozenset({"keywords"}).union(*SETTINGS_SHOWN_ON.values())
"""Those, and the keywords (the PDFs' metadata)."""


@cache
def translatable(model: type[BaseModel]) -> frozenset[str]:
    """The fields of `model` a translation may give: text, and lists and records of
    text. References, terms, dates, addresses, ids and patterned values are not."""
    from generator.model.schema import Settings

    if model is Settings:
        return SETTINGS_TRANSLATABLE
    return frozenset(
        name
        for name, info in model.model_fields.items()
        if name != "sources" and _is_text(info.annotation, list(info.metadata))
    )


def _is_text(annotation: Any, metadata: list[Any]) -> bool:
    from generator.model import schema

    annotation, metadata, _ = _unwrap(annotation, metadata)
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return all(
            _is_text(f.annotation, list(f.metadata)) for f in annotation.model_fields.values()
        )
    if annotation is not str:
        return False
    refused = {schema._parse_id, schema._parse_url, schema._parse_language}
    # A constrained type written as Annotated[str, Field(pattern=...)] keeps its
    # constraints one level down, in the FieldInfo's own metadata.
    metadata = [*metadata, *(m for item in metadata for m in getattr(item, "metadata", []))]
    for item in metadata:
        if isinstance(item, (RefTo, schema.Vocab)) or getattr(item, "func", None) in refused:
            return False
        if getattr(item, "pattern", None) is not None:
            return False
    return True

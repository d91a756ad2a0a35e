"""Collections a project declares in `briefing.yaml` (`collections:`).

Each declaration becomes what a built-in collection is: a pydantic model (deriving from
`EntityBase`, so it has sources, tags, aliases and disputes) and a registry entry, with
its reference fields as relationships shown on the pages they point at. Everything
downstream (load, check, link, pages, PDF, `new`, `schema`, `diff`) reads the registry,
so a declared collection needs no Python.
"""

from __future__ import annotations

import json
from functools import cache
from typing import Annotated, Any

from pydantic import Field, create_model

from generator.model.registry import Collection, Column, Registry, Shown
from generator.model.schema import (
    CollectionSpec,
    Day,
    EntityBase,
    FieldSpec,
    Id,
    InlineText,
    RefTo,
    Text,
    Url,
    Vocab,
    term_of,
)

BASE_FIELDS = ("title", "summary", *EntityBase.model_fields)
"""Fields every declared entry has; a declaration may not redefine them."""

RESERVED_NAMES = frozenset(
    {
        "index",
        "matrix",
        "timeline",
        "tags",
        "about",
        "glossary",
        "search",
        "assets",
        "stylesheets",
        "javascripts",
        "pdf",
    }
)
"""Folder names a collection cannot take: the site's own pages and folders."""

_SHOW = {
    "text": "text",
    "markdown": "inline",
    "date": "date",
    "number": "number",
    "url": "url",
    "reference": "ref",
    "references": "refs",
    "term": "badge",
}


def with_declared(base: Registry, specs: dict[str, CollectionSpec]) -> Registry:
    """`base` with the collections `specs` declare (those that clash with one of it, or
    with each other, are left out; `declaration_problems` says why)."""
    if not specs:
        return base
    key = json.dumps({n: s.model_dump(mode="json") for n, s in specs.items()})
    return _with_declared(base, key)


@cache
def _with_declared(base: Registry, key: str) -> Registry:
    # Cached by the declaration's text: the same declaration gives the same model
    # classes, so the caches keyed by model class keep working across builds.
    registry = base
    for name, data in json.loads(key).items():
        spec = CollectionSpec.model_validate(data)
        if name in RESERVED_NAMES or registry.named(name) or registry.named(spec.singular):
            continue
        registry = registry.with_collection(_collection(name, spec))
    return registry


def declaration_problems(
    base: Registry, specs: dict[str, CollectionSpec]
) -> list[tuple[tuple[str | int, ...], str, str]]:
    """(location under `collections`, code, message) for each declaration that cannot be
    used as written."""
    problems: list[tuple[tuple[str | int, ...], str, str]] = []
    names = set(base.names) | set(specs)
    seen_singulars = {c.singular for c in base}
    for name, spec in specs.items():
        here: tuple[str | int, ...] = ("collections", name)
        if name in RESERVED_NAMES or name in base:
            problems.append(
                (
                    here,
                    "collection-clash",
                    f"'{name}' already names a collection or a page of the site",
                )
            )
        if spec.singular in seen_singulars or spec.singular in names:
            problems.append(
                (
                    (*here, "singular"),
                    "collection-clash",
                    f"'{spec.singular}' already names another collection",
                )
            )
        seen_singulars.add(spec.singular)
        for field, f in spec.fields.items():
            at = (*here, "fields", field)
            if field in BASE_FIELDS:
                problems.append((at, "reserved-field", f"every entry has '{field}' already"))
            if f.type in ("reference", "references"):
                if not f.to:
                    problems.append((at, "missing-target", "a reference needs `to:`"))
                for index, target in enumerate(f.to):
                    if target not in names:
                        known = ", ".join(sorted(names))
                        message = f"no collection '{target}' (there are: {known})"
                        problems.append(((*at, "to", index), "unknown-collection", message))
            elif f.to:
                problems.append((at, "not-a-reference", "`to:` is for reference fields"))
            if f.type == "term" and f.vocabulary is None:
                problems.append((at, "missing-vocabulary", "a term needs `vocabulary:`"))
        for index, column in enumerate(spec.columns):
            if column not in spec.fields:
                message = f"no field '{column}' in this collection"
                problems.append(((*here, "columns", index), "unknown-field", message))
        if spec.order != "title" and getattr(spec.fields.get(spec.order), "type", "") != "date":
            message = f"'{spec.order}' is not a date field of this collection"
            problems.append(((*here, "order"), "unknown-field", message))
    return problems


def _collection(name: str, spec: CollectionSpec) -> Collection:
    fields = {f: s for f, s in spec.fields.items() if f not in BASE_FIELDS}
    return Collection(
        name,
        spec.singular,
        spec.title,
        _model(spec, fields),
        columns=(
            Column(spec.singular.replace("-", " ").capitalize(), "link"),
            *(_column(c, fields[c]) for c in spec.columns if c in fields),
        ),
        sort=spec.order if spec.order == "title" or spec.order in fields else "title",
        search_boost=spec.search_boost,
        nav=spec.nav,
        nav_section=spec.nav_section or "",
        pdf=spec.pdf,
        page_template=spec.template or "",
        shown_on=tuple(
            Shown(f, s.shown_as or spec.title, order="title")
            for f, s in fields.items()
            if s.type in ("reference", "references")
        ),
        facts=tuple(_column(f, s) for f, s in fields.items()),
        declared=True,
    )


def _column(field: str, spec: FieldSpec) -> Column:
    return Column(spec.label or field.replace("_", " ").capitalize(), _SHOW[spec.type], field)


def _model(spec: CollectionSpec, fields: dict[str, FieldSpec]) -> type[EntityBase]:
    definitions: dict[str, Any] = {
        "title": (Text, Field(description="The entry's title, as its page and the index show it.")),
        "summary": (
            InlineText,
            Field(description="One or two sentences on it, each citing a source."),
        ),
    }
    for name, field in fields.items():
        definitions[name] = _field(field)
    class_name = "".join(p.capitalize() for p in spec.singular.split("-")) or "Entry"
    model: type[EntityBase] = create_model(
        class_name, __base__=EntityBase, __doc__=spec.description, **definitions
    )
    return model


def _field(spec: FieldSpec) -> tuple[Any, Any]:
    targets = tuple(spec.to)
    item: Any = {
        "text": Text,
        "markdown": InlineText,
        "date": Day,
        "number": float,
        "url": Url,
        "reference": Annotated[Id, RefTo(targets)],
        "references": Annotated[Id, RefTo(targets)],
    }.get(spec.type)
    if spec.type == "term":
        vocabulary = spec.vocabulary or "stance"
        item = Annotated[str, term_of(vocabulary), Vocab(vocabulary)]
    if spec.type == "references":
        least = 1 if spec.required else 0
        return list[item], Field(
            default_factory=list, description=spec.description, min_length=least
        )
    if spec.required:
        return item, Field(description=spec.description)
    return item | None, Field(default=None, description=spec.description)

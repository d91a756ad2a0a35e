"""Collections a project declares in `briefing.yaml` (`collections:`).

Each declaration becomes what a built-in collection is: a pydantic model (deriving from
`EntityBase`, so it has sources, tags, aliases and disputes) and a registry entry, with
its reference fields as relationships shown on the pages they point at. Everything
downstream (load, check, link, pages, PDF, `new`, `schema`, `diff`) reads the registry,
so a declared collection needs no Python.
"""

from __future__ import annotations

import json
from functools import lru_cache
from typing import Annotated, Any

from pydantic import (
    AllowInfNan,
    BaseModel,
    Field,
    Strict,
    TypeAdapter,
    ValidationError,
    create_model,
)

from generator.model.limits import MAX_DECLARED_COLLECTIONS
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

GENERIC_FIELDS = ("name", "title_in_sentence", "time", "end_date")
"""Names the generator reads on any entry (a name for a title, a title inside a sentence,
the time and end of an event): a declared field may not take them."""


def reserved_field(name: str) -> bool:
    """Whether a declared field may not be called `name`: one every entry has, one the
    generator reads by name, or an attribute of the models themselves (`model_dump`,
    `schema`, `copy`, ...)."""
    return (
        name in BASE_FIELDS
        or name in GENERIC_FIELDS
        or name.startswith("model_")
        or hasattr(BaseModel, name)
    )


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
        "briefing",
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


def valid_specs(declared: Any) -> dict[str, CollectionSpec]:
    """The declarations of `collections:` (as read from briefing.yaml) that are valid on
    their own, up to the budget: those the collections are built from, and checked
    further, even where another setting has an error."""
    if not isinstance(declared, dict):
        return {}
    specs: dict[str, CollectionSpec] = {}
    for name, spec in list(declared.items())[:MAX_DECLARED_COLLECTIONS]:
        try:
            specs[_ID.validate_python(name)] = CollectionSpec.model_validate(spec)
        except ValidationError:
            continue
    return specs


_ID: TypeAdapter[str] = TypeAdapter(Id)


def with_declared(base: Registry, specs: dict[str, CollectionSpec]) -> Registry:
    """`base` with the collections `specs` declare (those that clash with one of it, or
    with each other, are left out; `declaration_problems` says why)."""
    if not specs:
        return base
    key = json.dumps({n: s.model_dump(mode="json") for n, s in specs.items()})
    return _with_declared(base, key)


@lru_cache(maxsize=8)
def _with_declared(base: Registry, key: str) -> Registry:
    # Cached by the declaration's text: the same declaration gives the same model
    # classes, so the caches keyed by model class keep working across builds.
    taken = {word for c in base for word in (c.name, c.singular)} | RESERVED_NAMES
    added: list[Collection] = []
    for name, data in json.loads(key).items():
        spec = CollectionSpec.model_validate(data)
        if name in taken or spec.singular in taken:
            continue
        try:
            added.append(_collection(name, spec))
        except (TypeError, ValueError, NameError):  # what pydantic refuses to build
            continue
        taken |= {name, spec.singular}
    return Registry((*base.collections, *added), base.pages)


def declaration_problems(
    base: Registry, specs: dict[str, CollectionSpec]
) -> list[tuple[tuple[str | int, ...], str, str]]:
    """(location under `collections`, code, message) for each declaration that cannot be
    used as written."""
    problems: list[tuple[tuple[str | int, ...], str, str]] = []
    names = set(base.names) | set(specs)
    taken = {word for c in base for word in (c.name, c.singular)} | RESERVED_NAMES
    for name, spec in specs.items():
        here: tuple[str | int, ...] = ("collections", name)
        if name in taken:
            message = f"'{name}' already names a collection or a page of the site"
            problems.append((here, "collection-clash", message))
        elif spec.singular != name and spec.singular in taken | set(specs):
            message = f"'{spec.singular}' already names another collection"
            problems.append(((*here, "singular"), "collection-clash", message))
        taken |= {name, spec.singular}
        for field, f in spec.fields.items():
            at = (*here, "fields", field)
            if reserved_field(field):
                message = f"'{field}' is taken: every entry has it, or the generator reads it"
                problems.append((at, "reserved-field", message))
            if f.type in ("reference", "references"):
                if not f.to:
                    problems.append((at, "missing-target", "a reference needs `to:`"))
                for index, target in enumerate(f.to):
                    if target not in names:
                        known = ", ".join(sorted(names))
                        message = f"no collection '{target}' (there are: {known})"
                        problems.append(((*at, "to", index), "unknown-collection", message))
                    elif target in f.to[:index]:
                        message = f"'{target}' is named twice"
                        problems.append(((*at, "to", index), "duplicate-name", message))
            else:
                for key in ("to", "shown_as"):
                    if getattr(f, key):
                        message = f"`{key}:` is for reference fields"
                        problems.append(((*at, key), "not-a-reference", message))
            if f.type == "term" and f.vocabulary is None:
                problems.append((at, "missing-vocabulary", "a term needs `vocabulary:`"))
            elif f.type != "term" and f.vocabulary is not None:
                message = "`vocabulary:` is for term fields"
                problems.append(((*at, "vocabulary"), "not-a-reference", message))
        for index, column in enumerate(spec.columns):
            if column not in spec.fields:
                message = f"no field '{column}' in this collection"
                problems.append(((*here, "columns", index), "unknown-field", message))
            elif column in spec.columns[:index]:
                message = f"'{column}' is named twice"
                problems.append(((*here, "columns", index), "duplicate-name", message))
        if spec.order != "title" and getattr(spec.fields.get(spec.order), "type", "") != "date":
            message = f"'{spec.order}' is not a date field of this collection"
            problems.append(((*here, "order"), "unknown-field", message))
    return problems


def _collection(name: str, spec: CollectionSpec) -> Collection:
    fields = {f: s for f, s in spec.fields.items() if not reserved_field(f)}
    references = {f: s for f, s in fields.items() if s.type in ("reference", "references")}
    return Collection(
        name,
        spec.singular,
        spec.title,
        _model(spec, fields),
        columns=(
            Column(spec.singular.replace("-", " ").capitalize(), "link"),
            *(_column(c, fields[c]) for c in dict.fromkeys(spec.columns) if c in fields),
        ),
        sort=spec.order if spec.order == "title" or spec.order in fields else "title",
        search_boost=spec.search_boost,
        nav=spec.nav,
        nav_section=spec.nav_section or "",
        pdf=spec.pdf,
        page_template=spec.template or "",
        shown_on=tuple(
            Shown(f, s.shown_as or _default_heading(spec, f, s, len(references)), order="title")
            for f, s in references.items()
        ),
        facts=tuple(_column(f, s) for f, s in fields.items()),
        declared=True,
    )


def _default_heading(spec: CollectionSpec, field: str, f: FieldSpec, references: int) -> str:
    """The heading on a referred-to page without `shown_as`: the collection's title, and,
    where two fields refer, which of them ("Inspections (Vessels of)")."""
    if references == 1:
        return spec.title
    return f"{spec.title} ({_column(field, f).header})"


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
        "number": Annotated[float, Strict(), AllowInfNan(False)],  # no true, no .nan
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

"""Check: each raw record against its collection's pydantic model, giving a typed `Briefing`.

Every pydantic error is turned into a positioned diagnostic with a stable code, so a
contributor sees `content/positions/x.md:4:9: error[invalid-choice]: ...`, never a
pydantic dump or a traceback.
"""

from __future__ import annotations

import difflib
import re
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError

from generator.content.load import RawContent
from generator.model.declared import declaration_problems, valid_specs
from generator.model.diagnostics import Diagnostic, diagnostic
from generator.model.entries import Briefing, Entry, RawRecord
from generator.model.registry import Registry
from generator.model.schema import (
    PLACEHOLDER_TEXT,
    Agreement,
    CollectionSpec,
    Event,
    RefTo,
    Settings,
    Vocab,
    vocabularies_for,
)
from generator.model.vocabulary import (
    DEFAULT_VOCABULARIES,
    FORMAT_VERSION,
    RENAMED_TERMS,
    Vocabularies,
)
from generator.model.walk import field_plan, model_for_loc
from generator.project.layout import Project

_QUOTED_RE = re.compile(r"'([^']*)'")


def _loc_name(loc: tuple[Any, ...]) -> str:
    return ".".join(
        str(part) if not isinstance(part, int) else f"[{part}]" for part in loc
    ).replace(".[", "[")


def _shown(value: Any) -> str:
    """A value as a message shows it: quoted, and cut short if long."""
    text = value if isinstance(value, str) else type(value).__name__
    text = text if len(text) <= 60 else text[:57] + "..."
    return "'" + text.replace("\n", " ") + "'"


def _describe(owner: type[BaseModel] | None, model: type[BaseModel], what: str) -> str:
    """How a message names the thing holding a field: "position", "glossary entry"."""
    if owner is None or owner is model or owner is Settings:
        return what
    return re.sub(r"(?<!^)(?=[A-Z])", " ", owner.__name__).lower()


def _choice(
    record: RawRecord, at: tuple[int, int], name: str, value: Any, allowed: list[str]
) -> Diagnostic:
    line, col = at
    guess = difflib.get_close_matches(str(value), allowed, n=1) if isinstance(value, str) else []
    suffix = f"; did you mean '{guess[0]}'?" if guess else ""
    return diagnostic(
        record.path,
        line,
        col,
        "invalid-choice",
        f"{_shown(value)} is not an allowed value for '{name}'{suffix}",
        f"allowed values: {', '.join(allowed)}",
    )


# Names people bring from other tools, for the field they mean.
_FIELD_SYNONYMS = {
    "site_name": "title",
    "name": "title",
    "colors": "colours",
    "color": "colours",
    "colour": "colours",
    "author": "publisher",
    "authors": "publisher",
    "lang": "language",
    "locale": "language",
    "url": "site_url",
    "date": "as_of",
    "updated": "as_of",
}


def _field_guess(owner: type[BaseModel] | None, key: str) -> str | None:
    """The field an unknown key most likely meant, or None.

    A key naming a kind of entity (`issue:`) means the field that refers to that kind
    (`subject`); a name from another tool means its equivalent here; otherwise the
    closest spelling, if it is close.
    """
    if owner is None:
        return None
    fields = owner.model_fields
    targets = [
        name
        for name, _, marker in field_plan(owner)
        if isinstance(marker, RefTo) and any(key in (c, c.rstrip("s")) for c in marker.collections)
    ]
    if len(targets) == 1:
        return targets[0]
    synonym = _FIELD_SYNONYMS.get(key.lower())
    if synonym in fields:
        return synonym
    for plural in (key + "s", key + "es"):  # `tag:` for `tags:`, `alias:` for `aliases:`
        if plural in fields:
            return plural
    guess = difflib.get_close_matches(key, list(fields), n=1, cutoff=0.7)
    return guess[0] if guess else None


def _pydantic_diagnostic(
    record: RawRecord, model: type[BaseModel], err: Any, what: str
) -> Diagnostic:
    loc = tuple(err["loc"])
    name = _loc_name(loc)
    kind = err["type"]
    line, col = record.pos(loc)
    if kind == "extra_forbidden":
        line, col = record.key_pos(loc)
        owner = model_for_loc(model, loc[:-1])
        known = list(owner.model_fields) if owner else []
        guess = _field_guess(owner, str(loc[-1]))
        suffix = f"; did you mean '{guess}'?" if guess else ""
        owner_name = _describe(owner, model, what)
        return diagnostic(
            record.path,
            line,
            col,
            "unknown-field",
            f"unknown field '{loc[-1]}' in {owner_name}{suffix}",
            f"allowed fields: {', '.join(known)}",
        )
    if kind == "missing":
        line, col = record.pos(loc[:-1])
        return diagnostic(
            record.path, line, col, "missing-field", f"required field '{name}' is missing"
        )
    if kind == "model_type":
        # "Input should be a valid dictionary or instance of TermSpec" says nothing to a
        # contributor: name the fields the mapping takes, and where they are described.
        from generator.model import schema

        expected = getattr(schema, str(err.get("ctx", {}).get("class_name", "")), None)
        fields = ", ".join(expected.model_fields) if expected else ""
        return diagnostic(
            record.path,
            line,
            col,
            "invalid-value",
            f"'{name}' should be a mapping with the fields {fields}, not {_shown(err['input'])}"
            if fields
            else f"'{name}' should be a mapping, not {_shown(err['input'])}",
            f"CONTRIBUTING.md describes it under '{expected.__name__}', with an example"
            if expected
            else None,
        )
    if kind == "literal_error":
        allowed = _QUOTED_RE.findall(err["ctx"]["expected"])
        return _choice(record, (line, col), name, err["input"], allowed)
    if kind == "vocabulary":
        return _choice(record, (line, col), name, err["input"], list(err["ctx"]["allowed"]))
    if kind == "invalid_date":
        return diagnostic(record.path, line, col, "invalid-date", f"'{name}': {err['msg']}")
    if kind == "invalid_url":
        return diagnostic(record.path, line, col, "invalid-url", f"'{name}': {err['msg']}")
    if kind == "too_short" and loc == ("sources",):
        return diagnostic(
            record.path,
            line,
            col,
            "missing-sources",
            "'sources' is empty; cite at least one source",
        )
    if kind == "too_short":
        need = err["ctx"]["min_length"]
        return diagnostic(
            record.path,
            line,
            col,
            "invalid-value",
            f"'{name}' needs at least {need} item{'s' * (need != 1)}",
        )
    return diagnostic(record.path, line, col, "invalid-value", f"'{name}': {err['msg']}")


def _date_problems(model: Any, lenient: bool = False) -> list[tuple[tuple[str, ...], str]]:
    """End dates before start dates, as (loc, message) pairs (`lenient`: any of them may
    be missing, as in a partial model)."""
    pairs: list[tuple[str, str]] = []
    if isinstance(model, Agreement):
        pairs = [("starts", "ends"), ("announced", "ends")]
    elif isinstance(model, Event):
        pairs = [("date", "end_date")]
    problems: list[tuple[tuple[str, ...], str]] = []
    for start, end in pairs:
        first, last = getattr(model, start, None), getattr(model, end, None)
        if first is not None and last is not None and last < first:
            problems.append(((end,), f"'{end}' {last} is before '{start}' {first}"))
    return problems


def renamed_terms(
    record: RawRecord, model: type[BaseModel], vocabularies: Vocabularies | None
) -> list[tuple[str, str, str]]:
    """(field, old term, new term) for each term of an earlier format in `record`, unless
    the briefing's own vocabulary still has the old term."""
    found = []
    for name, info in model.model_fields.items():
        vocab = next((m.name for m in info.metadata if isinstance(m, Vocab)), None)
        value = record.data.get(name)
        if vocab is None or not isinstance(value, str):
            continue
        new = RENAMED_TERMS.get(vocab, {}).get(value)
        if new and value not in (vocabularies or DEFAULT_VOCABULARIES)[vocab]:
            found.append((name, value, new))
    return found


def _renamed_terms(
    record: RawRecord,
    model: type[BaseModel],
    data: dict[str, Any],
    vocabularies: Vocabularies | None,
) -> list[Diagnostic]:
    """Read an earlier format's terms as their new names, with a warning each."""
    diags = []
    for name, old, new in renamed_terms(record, model, vocabularies):
        data[name] = new
        line, col = record.pos((name,))
        diags.append(
            diagnostic(
                record.path,
                line,
                col,
                "renamed-term",
                f"'{old}' is a term of an earlier content format for '{name}'; read as '{new}'",
            )
        )
    return diags


def check_record(
    record: RawRecord,
    model: type[BaseModel],
    what: str = "entry",
    vocabularies: Vocabularies | None = None,
) -> tuple[Any, list[Diagnostic]]:
    """Validate one record against its model; return the instance (or None) and problems.

    `what` names the record in messages ("position"); `vocabularies` are the briefing's.
    """
    data = dict(record.data)
    diags = []
    if PLACEHOLDER_TEXT in record.body:
        before = record.body[: record.body.index(PLACEHOLDER_TEXT)]
        diags.append(
            diagnostic(
                record.path,
                record.body_line + before.count("\n"),
                1,
                "placeholder-text",
                "the text `briefing new` put here is still in place",
                "replace it with the entry's own text, citing a source for every claim",
            )
        )
    if "id" in data:
        declared = data.pop("id")
        if declared != record.id:
            line, col = record.pos(("id",))
            diags.append(
                diagnostic(
                    record.path,
                    line,
                    col,
                    "id-mismatch",
                    f"id {declared!r} does not match the file name '{record.id}'",
                )
            )
    diags.extend(_renamed_terms(record, model, data, vocabularies))
    # A field written with no value ("summary:") reads as null; report it as empty rather
    # than as a type error, and let the model decide whether it may be left out.
    empty = {k for k, v in data.items() if v is None and k in model.model_fields}
    for key in empty:
        del data[key]
    try:
        instance: Any = model.model_validate(data, context={"vocabularies": vocabularies})
    except ValidationError as exc:
        for err in exc.errors():
            loc = tuple(err["loc"])
            if err["type"] == "missing" and len(loc) == 1 and loc[0] in empty:
                line, col = record.key_pos(loc)
                diags.append(
                    diagnostic(
                        record.path,
                        line,
                        col,
                        "missing-field",
                        f"required field '{loc[0]}' is empty",
                        "fill in a value; CONTRIBUTING.md describes each field",
                    )
                )
            else:
                diags.append(_pydantic_diagnostic(record, model, err, what))
        return None, diags
    for loc, message in _date_problems(instance):
        line, col = record.pos(loc)
        diags.append(diagnostic(record.path, line, col, "date-order", message))
    if "sources" in type(instance).model_fields and model is not Settings and not instance.sources:
        line, col = record.key_pos(("sources",)) if "sources" in data else record.pos(())
        diags.append(
            diagnostic(
                record.path,
                line,
                col,
                "missing-sources",
                f"this {what} cites no source",
            )
        )
    return instance, diags


def partial_model(
    record: RawRecord, model: type[BaseModel], vocabularies: Vocabularies | None
) -> Any | None:
    """The fields of a rejected record that are valid on their own, the others None.

    A file with one bad field still has its other fields checked in the same run (its
    references resolved, its sources and dates checked), so that a contributor does not
    meet its problems one round at a time.
    """
    context = {"vocabularies": vocabularies}
    data = {k: v for k, v in record.data.items() if k in model.model_fields and v is not None}
    try:
        partial = model.model_construct()
    except Exception:
        return None
    for name in model.model_fields:
        if not hasattr(partial, name):
            object.__setattr__(partial, name, None)
    for name, value in data.items():
        try:
            model.__pydantic_validator__.validate_assignment(partial, name, value, context=context)
        except (ValidationError, ValueError, TypeError, AttributeError):
            object.__setattr__(partial, name, None)
    return partial


def _partial_problems(
    record: RawRecord, partial: Any, model: type[BaseModel], what: str
) -> list[Diagnostic]:
    """What a partial model shows: an empty `sources`, dates in the wrong order."""
    diags = []
    for loc, message in _date_problems(partial, lenient=True):
        line, col = record.pos(loc)
        diags.append(diagnostic(record.path, line, col, "date-order", message))
    if (
        "sources" in model.model_fields
        and model is not Settings
        and not record.data.get("sources")
        and not isinstance(record.data.get("sources"), str)
    ):
        line, col = record.key_pos(("sources",)) if "sources" in record.data else record.pos(())
        diags.append(
            diagnostic(record.path, line, col, "missing-sources", f"this {what} cites no source")
        )
    return diags


ModelCache = dict[str, tuple[RawRecord, Vocabularies, Any, list[Diagnostic]]]
"""Validated models by path, with the record and vocabularies they were validated with."""


def _check_cached(
    record: RawRecord,
    model: type[BaseModel],
    what: str,
    vocabularies: Vocabularies,
    cache: ModelCache | None,
) -> tuple[Any, list[Diagnostic]]:
    if cache is None:
        return check_record(record, model, what, vocabularies)
    hit = cache.get(record.path)
    # The loader reuses unchanged records; a change of vocabularies rechecks everything.
    if hit is not None and hit[0] is record and hit[1] == vocabularies:
        return hit[2], hit[3]
    instance, problems = check_record(record, model, what, vocabularies)
    cache[record.path] = (record, vocabularies, instance, problems)
    return instance, problems


def _with_vocabularies(partial: Any) -> Settings | None:
    return partial if partial is not None and partial.vocabularies else None


def _declaration_problems(
    root: Path, record: RawRecord, specs: dict[str, CollectionSpec], registry: Registry
) -> list[Diagnostic]:
    """Collections declared in briefing.yaml that clash or point at nothing."""
    built_in = Registry(tuple(c for c in registry if not c.declared), registry.pages)
    problems = declaration_problems(built_in, specs)
    own = Project(root, registry).own_templates
    for name, spec in specs.items():
        # A page template must be the generic one or the project's own: a shipped
        # template of another page expects another page's context.
        template = spec.template
        if template and template != "entity.md.j2" and not (own / template).is_file():
            message = f"no template '{template}' in the project's site_templates/"
            problems.append((("collections", name, "template"), "unknown-template", message))
    found = []
    for loc, code, message in problems:
        line, col = record.key_pos(loc)
        found.append(diagnostic(record.path, line, col, code, message))
    return found


def check_schema(
    raw: RawContent, registry: Registry, cache: ModelCache | None = None
) -> tuple[Briefing, list[Diagnostic]]:
    """Validate every record against its collection's model, collecting all problems.

    Settings come first: the vocabularies they declare are what the other files are
    checked against. Ids are checked for uniqueness across collections. With a `cache`,
    records the loader reused are not validated again.
    """
    settings = None
    diags: list[Diagnostic] = []
    declared = raw.settings.data.get("format") if raw.settings is not None else None
    if raw.settings is not None and isinstance(declared, int) and declared > FORMAT_VERSION:
        line, col = raw.settings.pos(("format",))
        diags.append(
            diagnostic(
                raw.settings.path,
                line,
                col,
                "newer-format",
                f"the content is in format {declared}; this generator reads format "
                f"{FORMAT_VERSION} and earlier",
            )
        )
    if raw.settings is not None:
        settings, problems = _check_cached(
            raw.settings, Settings, "briefing.yaml", vocabularies_for(None), cache
        )
        diags.extend(problems)
    if raw.settings is not None:
        # Checked even if another setting has an error: each declaration valid on its own.
        specs = valid_specs(raw.settings.data.get("collections"))
        diags.extend(_declaration_problems(raw.root, raw.settings, specs, registry))
    settings_partial = None
    if raw.settings is not None and settings is None:
        # A typo elsewhere in briefing.yaml must not throw away its vocabularies, or every
        # file using them would fail too.
        settings_partial = partial_model(raw.settings, Settings, vocabularies_for(None))
    vocabularies = vocabularies_for(settings or _with_vocabularies(settings_partial))
    briefing = Briefing(raw.root, registry, settings, vocabularies, raw.settings)
    order = {name: index for index, name in enumerate(registry.names)}
    for record in sorted(raw.records, key=lambda r: (order[r.collection], r.id)):
        if record.id in briefing.known:
            first_collection, first_path = briefing.known[record.id]
            diags.append(
                diagnostic(
                    record.path,
                    1,
                    1,
                    "duplicate-id",
                    f"id '{record.id}' is already used by {first_path}",
                )
            )
            continue
        briefing.known[record.id] = (record.collection, record.path)
        collection = registry[record.collection]
        instance, problems = _check_cached(
            record, collection.model, collection.singular, vocabularies, cache
        )
        diags.extend(problems)
        if instance is not None:
            briefing.entries[record.id] = Entry(
                record.id, record.collection, instance, record, collection.title_from
            )
        else:
            briefing.rejected.append(record)
            partial = partial_model(record, collection.model, vocabularies)
            if partial is not None:
                briefing.partials[record.path] = partial
                reported = {(d.code, d.line) for d in problems}
                diags.extend(
                    d
                    for d in _partial_problems(
                        record, partial, collection.model, collection.singular
                    )
                    if (d.code, d.line) not in reported
                )
    for id_, where in raw.present.items():
        briefing.known.setdefault(id_, where)  # files that did not parse still exist
    if cache is not None:
        kept = {r.path for r in raw.records}
        if raw.settings is not None:
            kept.add(raw.settings.path)
        for gone in [path for path in cache if path not in kept]:
            del cache[gone]
    return briefing, diags

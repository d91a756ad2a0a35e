"""Reference sections of CONTRIBUTING.md, generated from the models and the error catalogue.

The field docstrings and the catalogue are the single source of truth; `briefing docs`
rewrites the marked sections, and a test fails when the document has drifted.
"""

from __future__ import annotations

import re
import types
from pathlib import Path
from typing import Annotated, Any, Literal, Union, get_args, get_origin

from pydantic import BaseModel

from generator.model.defaults import DEFAULT_REGISTRY
from generator.model.diagnostics import CATALOGUE
from generator.model.registry import Registry
from generator.model.schema import EntityBase, Inline, RefTo, Settings, Vocab, _parse_id
from generator.model.vocabulary import DEFAULT_VOCABULARIES, Vocabularies

_MARKER = "<!-- generated:{name} -->"
_END = "<!-- end generated:{name} -->"


def _type_name(annotation: Any, metadata: list[Any]) -> str:
    """A contributor-friendly description of a field's type."""
    for item in metadata:
        if isinstance(item, RefTo):
            return " or ".join(f"{c[:-1]} id" for c in item.collections)
        if isinstance(item, Vocab):
            return "one of " + ", ".join(f"`{v}`" for v in DEFAULT_VOCABULARIES[item.name].values())
        if isinstance(item, Inline):
            return "text with [[links]] and [@citations]"
        if getattr(item, "func", None) is _parse_id:
            return "id"
    origin = get_origin(annotation)
    if origin is Annotated:
        inner, *extra = get_args(annotation)
        return _type_name(inner, [*metadata, *extra])
    if origin in (Union, types.UnionType):
        args = [a for a in get_args(annotation) if a is not type(None)]
        return _type_name(args[0], metadata) if len(args) == 1 else "value"
    if origin is list:
        return f"list of {_type_name(get_args(annotation)[0], metadata)}"
    if origin is dict:
        key, value = get_args(annotation)
        return f"mapping of {_type_name(key, [])} to {_type_name(value, [])}"
    if origin is Literal:
        return "one of " + ", ".join(f"`{a}`" for a in get_args(annotation))
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return f"[{annotation.__name__}](#{annotation.__name__.lower()})"
    for item in metadata:
        func = getattr(item, "func", None)
        if func is not None and func.__name__ in _VALIDATED:
            return _VALIDATED[func.__name__]
    names = {
        "str": "text",
        "int": "whole number",
        "float": "number",
        "bool": "`true` or `false`",
        "date": "date (YYYY-MM-DD)",
    }
    # Never a Python type in a contributor's reference: an unknown one reads as "value".
    return names.get(getattr(annotation, "__name__", ""), "value")


# Text fields checked by a validator, by the validator's name.
_VALIDATED = {
    "_parse_url": "web address (https://…)",
    "_parse_language": "language tag (en, en-GB, uk, ru, fr, …)",
    "parse_colour": "colour (`#rrggbb` or a palette name)",
}


def _fields_table(model: type[BaseModel], registry: Registry = DEFAULT_REGISTRY) -> list[str]:
    rows = ["| Field | Required | Type | What to put there |", "|---|---|---|---|"]
    # A collection's own fields first; the ones every collection shares last.
    names = sorted(model.model_fields, key=lambda n: n in EntityBase.model_fields)
    for name in names:
        info = model.model_fields[name]
        required = "yes" if info.is_required() else "no"
        if name == "sources" and model in {c.model for c in registry}:
            required = "yes (at least one)"
        kind = _type_name(info.annotation, list(info.metadata))
        doc = " ".join((info.description or "").split()).replace("|", "\\|")
        rows.append(f"| `{name}` | {required} | {kind} | {doc} |")
    return rows


def fields_reference(registry: Registry = DEFAULT_REGISTRY) -> str:
    """Markdown describing every collection and its fields."""
    out: list[str] = []
    nested: dict[str, type[BaseModel]] = {}
    models: dict[str, type[BaseModel]] = {c.name: c.model for c in registry}
    models["briefing.yaml"] = Settings
    for name, model in models.items():
        title = f"`content/{name}/<id>.md`" if name in registry else "`content/briefing.yaml`"
        out += [f"### {title}", "", " ".join((model.__doc__ or "").split()), ""]
        out += _fields_table(model) + [""]
        for inner in _nested_models(model):
            nested[inner.__name__] = inner
    for name, model in sorted(nested.items()):
        out += [f"### {name}", "", " ".join((model.__doc__ or "").split()), ""]
        out += _fields_table(model) + [""]
    return "\n".join(out).rstrip() + "\n"


def _nested_models(model: type[BaseModel]) -> list[type[BaseModel]]:
    """The models `model`'s fields hold (in lists and mappings too), and theirs."""
    found: list[type[BaseModel]] = []
    pending = [info.annotation for info in model.model_fields.values()]
    while pending:
        annotation = pending.pop(0)
        if isinstance(annotation, type) and issubclass(annotation, BaseModel):
            if annotation not in found:
                found.append(annotation)
                pending += [info.annotation for info in annotation.model_fields.values()]
        else:
            pending += [a for a in get_args(annotation) if not isinstance(a, str)]
    return found


SETTINGS_EXAMPLE = """\
# content/briefing.yaml: every setting, with an example value.
format: 2
title: The Riverbend water accord
subtitle: Sharing a river's summer flow between two states
description: A sourced briefing on the Riverbend water-sharing accord.
edition: Second edition, March 2025
publisher: The example desk
language: en
translations: [uk]
as_of: 2025-03-14
period_ends: 2025-02-28
published: 2025-03-17
lead_agreement: riverbend-accord
summary:
  - "[[state-a]] and [[state-b]] agreed to share the river's summer flow [@example-report]."
bottom_line:
  - The accord holds, but groundwater is left for later talks [@example-report].
background:
  - Talks on the river began in 2019 [@example-report].
what_to_watch:
  - Whether talks on groundwater begin before the summer [@example-report].
after_period:
  - State B asked for a review in March [@example-report].
changes:
  - Updated State B's position on groundwater [@example-report].
key_facts:
  - label: Duration
    value: One year from 1 February 2025 [@example-report].
glossary:
  - term: RBC
    expansion: River Basin Commission
spellings:
  - variant: Riverbend Agreement
    used: Riverbend accord
keywords: [water, river, accord]
colours:
  primary: "#003b5c"
  accent: teal
vocabularies:
  stance:
    - value: supports
      label: Supports
      symbol: "+"
      tone: positive
    - value: undecided
      label: Undecided
      symbol: "?"
      tone: neutral
    - value: opposes
      label: Opposes
      symbol: "-"
      tone: negative
method:
  - Every claim cites its source; what a party says is attributed to it.
corrections: Report an error on the issue tracker; corrections are listed in the next edition.
contact: desk@example.org
licence: Creative Commons Attribution 4.0 International (CC BY 4.0)
licence_url: https://creativecommons.org/licenses/by/4.0/
site_url: https://example.org/riverbend/
source_policy:
  deny_hosts: [content-farm.example]
  state_media_hosts: [state-agency.example]
sources: [example-report]
scripts: [javascripts/chart.js]
hooks: [hooks/links.py]
collections:
  inspections:
    singular: inspection
    title: Flow inspections
    description: A check of the river's flow at the border.
    fields:
      inspected_by:
        type: reference
        to: [actors]
        required: true
        description: The state whose officials took the reading.
        label: Taken by
        shown_as: Flow inspections made
      flow:
        type: number
        description: The flow measured, in cubic metres a second.
      verdict:
        type: term
        vocabulary: verdict
        description: Whether the flow met the accord.
    columns: [inspected_by, flow]
    order: title
    nav: 55
    nav_section: Positions and views
    pdf: 55
    template: inspection.md.j2
    search_boost: 2
"""
"""A briefing.yaml using every setting: shown in CONTRIBUTING.md, checked by the tests."""


def settings_reference() -> str:
    """Markdown: the example briefing.yaml, and the vocabularies a briefing may replace."""
    names = ", ".join(f"`{name}`" for name in DEFAULT_VOCABULARIES)
    return (
        "Every setting of `content/briefing.yaml`, with an example value (the field tables "
        "below say what each one means):\n\n```yaml\n" + SETTINGS_EXAMPLE + "```\n\n"
        f"`vocabularies` replaces any of {names} with the briefing's own list of terms. "
        "Each term is a mapping: `value` (what contributors write), `label` (what readers "
        "see), `symbol` (optional, shown before the label) and `tone` (optional: "
        "`positive`, `caution`, `contested`, `negative` or `neutral`, which sets its "
        "colour). A vocabulary given here replaces the default one whole.\n"
    )


def codes_reference() -> str:
    """Markdown describing every diagnostic code with an example and its fix."""
    out = []
    for code in CATALOGUE.values():
        out += [
            f"#### `{code.name}` ({code.severity})",
            "",
            f"{code.title}. {code.hint[0].upper()}{code.hint[1:]}.",
            "",
            f"- Example: {code.example}",
            f"- Fix: {code.fix}",
            "",
        ]
    return "\n".join(out).rstrip() + "\n"


def limits_reference() -> str:
    """Markdown listing the input budgets of `generator/model/limits.py`."""
    from generator.model.limits import BUDGETS

    return "\n".join(f"- {what.capitalize()}: {limit}." for what, limit in BUDGETS.items()) + "\n"


SECTIONS = {
    "settings": settings_reference,
    "fields": fields_reference,
    "limits": limits_reference,
    "codes": codes_reference,
}


def render_document(text: str) -> str:
    """`text` with every generated section replaced by its current content."""
    for name, make in SECTIONS.items():
        start, end = _MARKER.format(name=name), _END.format(name=name)
        pattern = re.compile(re.escape(start) + r".*?" + re.escape(end), re.S)
        if not pattern.search(text):
            raise ValueError(f"the document has no '{start}' ... '{end}' section")
        replacement = f"{start}\n\n{make()}\n{end}"
        text = pattern.sub(lambda _match, r=replacement: r, text)  # type: ignore[misc]
    return text


def update_docs(path: Path, check: bool) -> bool:
    """Rewrite the generated sections of `path`; with `check`, only report drift."""
    current = path.read_text(encoding="utf-8")
    wanted = render_document(current)
    if check or wanted == current:
        return wanted == current
    path.write_text(wanted, encoding="utf-8")
    return True


def json_schema(model: type[BaseModel], vocabularies: Vocabularies) -> dict[str, Any]:
    """The JSON Schema of `model`, with each vocabulary field's values as an enum."""
    schema = model.model_json_schema()
    definitions = schema.get("$defs", {})
    for holder in [model, *_nested_models(model)]:
        target = schema if holder is model else definitions.get(holder.__name__, {})
        for name, info in holder.model_fields.items():
            vocab = next((m for m in info.metadata if isinstance(m, Vocab)), None)
            prop = target.get("properties", {}).get(name)
            if vocab is not None and prop is not None:
                prop["enum"] = vocabularies[vocab.name].values()
    return schema

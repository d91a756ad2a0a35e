"""Translations: a language's content is the original with its translation files laid
over it, checked as the original is, and compared with the original they were made from.

A translation sits beside its original (`content/actors/jane-doe.uk.md`,
`content/briefing.uk.yaml`) and holds only text fields, an optional body, and
`translated_from`: the fingerprint of the original's text it translates
(`original_fingerprint`). When the original's text changes, the fingerprints differ and
the translation is reported stale, to the contributor by `validate` and to readers on
the page. An entry without a translation is published in the original language, marked
as such.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from generator.content.fields import check_schema
from generator.content.link import resolve_links
from generator.content.load import SETTINGS_FILE, RawContent
from generator.model.diagnostics import Diagnostic, diagnostic
from generator.model.entries import LinkedBriefing, RawRecord
from generator.model.registry import Registry
from generator.model.schema import Settings
from generator.model.walk import translatable
from generator.project import atomic

TRANSLATED_FROM = "translated_from"
"""The field recording which version of the original a translation was made from."""

SETTINGS_KEY = SETTINGS_FILE
"""What a translation of briefing.yaml is known by (no entry's id holds a dot)."""


@dataclass
class Translation:
    """One language's content, and the state of each of its translations."""

    language: str
    linked: LinkedBriefing | None
    state: dict[str, str] = field(default_factory=dict)
    """By id ("settings" for briefing.yaml): "current" or "stale"; an id not here is
    untranslated."""
    missing: dict[str, frozenset[str]] = field(default_factory=dict)
    """By id: the text the original has and its translation does not give (field names,
    and "body"), shown in the original language."""
    diagnostics: list[Diagnostic] = field(default_factory=list)


def original_fingerprint(original: RawRecord, fields: list[str], with_body: bool) -> str:
    """A short hash of the original's values of `fields` (and its body), as the
    translation of those fields records it."""
    payload: dict[str, Any] = {name: _words(original.data.get(name)) for name in sorted(fields)}
    if with_body:
        payload["body"] = _words(original.body)
    text = json.dumps(payload, sort_keys=True, ensure_ascii=False, default=str)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:12]


NOT_EXPECTED = frozenset({"tags", "also_known_as", "title_in_sentence", "keywords"})
"""Text a translation need not give: topics and other names (kept as written), the
mid-sentence form (derived from the title), the PDF's keywords."""


def untranslated_text(
    original: RawRecord, translation: RawRecord, model: type[BaseModel]
) -> frozenset[str]:
    """The text fields (and "body") the original fills and the translation leaves out."""
    given = set(translation.data)
    left = {
        name
        for name in translatable(model) - NOT_EXPECTED
        if original.data.get(name) not in (None, "", []) and name not in given
    }
    if original.body.strip() and not translation.body.strip():
        left.add("body")
    if original.data.get("disputes"):
        left.add("disputes")  # their versions hold references: shown as written
    return frozenset(left)


def _words(value: Any) -> Any:
    """`value` with the spacing of its text normalised: re-wrapping a paragraph or a
    double space is not a change a translation must follow."""
    if isinstance(value, str):
        return " ".join(value.split())
    if isinstance(value, list):
        return [_words(item) for item in value]
    if isinstance(value, dict):
        return {key: _words(item) for key, item in value.items()}
    return value


def translated_fields(translation: RawRecord) -> list[str]:
    return sorted(k for k in translation.data if k != TRANSLATED_FROM)


def stale_fingerprint(original: RawRecord, translation: RawRecord) -> str | None:
    """The fingerprint a translation should record, if it records another."""
    expected = original_fingerprint(
        original, translated_fields(translation), bool(translation.body.strip())
    )
    return None if translation.data.get(TRANSLATED_FROM) == expected else expected


def _overlay(
    original: RawRecord,
    translation: RawRecord,
    model: type[BaseModel],
    language: str,
    cited: bool = False,
) -> tuple[RawRecord | None, str, list[Diagnostic]]:
    """The original with the translation's fields and body, its state, and problems.

    An entry of a `cited` collection (a source) is cited as it was published, in its
    own language: none of its fields may be translated, but for a title the briefing
    wrote itself (`descriptive_title`), which is the briefing's words.
    """
    diags = []
    allowed = translatable(model)
    if cited:
        allowed = frozenset({"title"}) if original.data.get("descriptive_title") else frozenset()
    if cited and translation.body.strip():
        diags.append(
            diagnostic(
                translation.path,
                translation.body_line,
                1,
                "untranslatable-field",
                "a source is cited as it was published: it has no translation",
                "delete this file; the source is cited in its own language in every edition",
            )
        )
    for key in translated_fields(translation):
        if key in allowed:
            continue
        line, col = translation.key_pos((key,))
        known = key in model.model_fields
        why = "cannot be translated" if known else "is not a field of the original"
        fields = ", ".join(sorted(allowed))
        hint = None if known else f"the fields a translation may give: {fields}"
        if cited:
            why = "cannot be translated: a source is cited as it was published"
            hint = "delete this file; the source is cited in its own language in every edition"
        diags.append(
            diagnostic(translation.path, line, col, "untranslatable-field", f"'{key}' {why}", hint)
        )
    recorded = translation.data.get(TRANSLATED_FROM)
    expected = stale_fingerprint(original, translation)
    # A translation that records nothing yet is new: validate asks for its stamp, and
    # readers are not told of an original that changed since (nothing says it did).
    state = "stale" if expected is not None and recorded is not None else "current"
    if expected is not None:
        line, col = (
            translation.pos((TRANSLATED_FROM,)) if recorded is not None else translation.pos(())
        )
        what = (
            "records no `translated_from`"
            if recorded is None
            else "does not match the original's text now (the original changed since it "
            "was stamped, or the translation gives other fields)"
        )
        diags.append(
            diagnostic(
                translation.path,
                line,
                col,
                "stale-translation",
                f"this {language} translation {what} ({original.path})",
                "bring the translation up to date with the original, then set "
                f"`translated_from: {expected}` (`briefing translations --stamp FILE` does that)",
            )
        )
    if diags and any(d.severity == "error" for d in diags):
        return None, state, diags
    data = {**original.data}
    data.update({k: translation.data[k] for k in translated_fields(translation)})
    merged = RawRecord(
        original.collection,
        original.id,
        translation.path,
        data,
        {**original.positions, **translation.positions},
        {**original.key_positions, **translation.key_positions},
    )
    if translation.body.strip():
        merged.body, merged.body_line = translation.body, translation.body_line
    else:
        merged.body, merged.body_line = original.body, original.body_line
    return merged, state, diags


def translate(raw: RawContent, registry: Registry, language: str) -> Translation:
    """The content of `language`: every original, with its translation where it has one.

    Call it only on content whose originals are valid: a problem found here is then the
    translation's.
    """
    files = raw.translations.get(language, {})
    result = Translation(language, None)
    diags = result.diagnostics
    originals = {f"{r.collection}/{r.id}": r for r in raw.records}
    for key, file in files.items():
        original = raw.settings if key == SETTINGS_KEY else originals.get(key)
        if original is None:
            diags.append(
                diagnostic(
                    file.path,
                    1,
                    1,
                    "orphan-translation",
                    f"there is no content/{key}.md for {file.path} to translate",
                )
            )
    merged_records = []
    for record in raw.records:
        translation = files.get(f"{record.collection}/{record.id}")
        if translation is None:
            merged_records.append(record)
            continue
        collection = registry[record.collection]
        merged, state, problems = _overlay(
            record, translation, collection.model, language, collection.cited
        )
        diags.extend(problems)
        result.state[record.id] = state
        model = registry[record.collection].model
        result.missing[record.id] = untranslated_text(record, translation, model)
        merged_records.append(merged or record)
    settings: RawRecord | None = raw.settings
    if settings is not None and SETTINGS_KEY in files:
        merged, state, problems = _overlay(settings, files[SETTINGS_KEY], Settings, language)
        diags.extend(problems)
        result.state[SETTINGS_KEY] = state
        result.missing[SETTINGS_KEY] = untranslated_text(settings, files[SETTINGS_KEY], Settings)
        settings = merged or settings
    if settings is not None:
        # The pages, the PDFs and the theme are in the translation's language.
        settings = RawRecord(
            settings.collection,
            settings.id,
            settings.path,
            {**settings.data, "language": language},
            settings.positions,
            settings.key_positions,
            settings.body,
            settings.body_line,
        )
    content = RawContent(raw.root, settings, merged_records, [], raw.present)
    briefing, schema_problems = check_schema(content, registry)
    linked, link_problems = resolve_links(briefing)
    # The originals are valid: what remains is in the translated text.
    paths = {t.path for t in files.values()}
    diags.extend(d for d in schema_problems + link_problems if d.path in paths)
    if not any(d.severity == "error" for d in diags):
        result.linked = linked
    return result


def unknown_languages(raw: RawContent, settings: Settings) -> list[Diagnostic]:
    """Translation files into a language briefing.yaml does not list."""
    listed = set(settings.translations)
    return [
        diagnostic(
            record.path,
            1,
            1,
            "unknown-translation",
            f"{record.path} translates into '{language}', which `translations:` in "
            "briefing.yaml does not list",
        )
        for language, by_id in sorted(raw.translations.items())
        if language not in listed
        for record in by_id.values()
    ]


def stamp(path: Path, fingerprint: str) -> None:
    """Record `fingerprint` as the `translated_from` of the translation file at `path`:
    its line among the fields replaced if there is one, else added at their top (never
    in a Markdown body, and after a byte-order mark)."""
    text = path.read_text(encoding="utf-8")
    mark = "\ufeff" if text.startswith("\ufeff") else ""
    lines = text.removeprefix(mark).split("\n")
    line = f"{TRANSLATED_FROM}: '{fingerprint}'"
    start = 1 if lines and lines[0].rstrip() == "---" else 0
    # A Markdown file's fields end at its second '---'; a YAML file is all fields.
    end = next((i for i in range(start, len(lines)) if lines[i].rstrip() == "---"), None)
    fields = range(start, end if start and end is not None else len(lines))
    for index in fields:
        if lines[index].startswith(f"{TRANSLATED_FROM}:"):
            lines[index] = line
            break
    else:
        lines.insert(start, line)
    atomic.write_atomic(path, (mark + "\n".join(lines)).encode("utf-8"))


def fingerprints(raw: RawContent) -> list[tuple[str, RawRecord, str | None]]:
    """Every translation file: (language, its record, the fingerprint it should record
    if it records another; None when it is current; "" when it has no original)."""
    originals = {f"{r.collection}/{r.id}": r for r in raw.records}
    found: list[tuple[str, RawRecord, str | None]] = []
    for language, by_id in sorted(raw.translations.items()):
        for key, translation in sorted(by_id.items()):
            original = raw.settings if key == SETTINGS_KEY else originals.get(key)
            if original is None:
                found.append((language, translation, ""))
            else:
                found.append((language, translation, stale_fingerprint(original, translation)))
    return found


SITE_FOLDERS = frozenset({"assets", "search", "stylesheets", "javascripts", "build"})
"""Folders of the built site a language's folder (site/<language>/) must not replace."""


def language_problems(
    record: RawRecord, settings: Settings, registry: Registry
) -> list[Diagnostic]:
    """What is wrong with `translations:` in briefing.yaml: a language Babel does not
    know, written with a capital, the briefing's own, listed twice, or named like a
    folder of the site (a collection's, the theme's)."""
    from babel import Locale, UnknownLocaleError

    problems = []
    seen: set[str] = set()
    for index, tag in enumerate(settings.translations):
        line, col = record.pos(("translations", index))
        primary = tag.split("-")[0]
        why = None
        try:
            Locale.parse(tag.replace("-", "_"))
        except (ValueError, UnknownLocaleError):
            why = (
                f"'{tag}' is not a language Babel knows",
                "use a language tag such as uk, de or pt-BR",
            )
        if why is None and primary != primary.lower():
            why = (
                f"'{tag}' is written with capitals",
                f"write '{primary.lower()}{tag[len(primary) :]}', as translation files name it",
            )
        elif why is None and tag.lower() == settings.language.lower():
            why = f"'{tag}' is the briefing's own language", "list only the other languages"
        elif why is None and tag.lower() in seen:
            why = f"'{tag}' is listed twice", "list each language once"
        elif why is None and (tag in registry.names or tag in SITE_FOLDERS):
            why = (
                f"'{tag}' would replace the site's folder {tag}/",
                "rename the collection, or publish the language under another tag",
            )
        seen.add(tag.lower())
        if why is not None:
            problems.append(
                diagnostic(record.path, line, col, "translation-language", why[0], why[1])
            )
    return problems

"""Diagnostics: the one shape every problem is reported in, and the catalogue of codes.

Codes are stable: contributors, CONTRIBUTING.md and CI annotations refer to them.
Add new codes; never rename or reuse one.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, replace
from typing import Literal

from generator.model.limits import (
    MAX_BLOCK_CHARS,
    MAX_FILE_BYTES,
    MAX_HEADINGS,
    MAX_NESTING,
    MAX_PARAGRAPHS,
)

Severity = Literal["error", "warning"]


@dataclass(frozen=True)
class Code:
    """One entry of the error catalogue."""

    name: str
    severity: Severity
    title: str
    hint: str
    example: str
    fix: str


CATALOGUE: dict[str, Code] = {
    c.name: c
    for c in [
        Code(
            "not-utf8",
            "error",
            "File is not UTF-8",
            "save the file as UTF-8 (most editors offer this under 'Save with encoding')",
            "a file saved as Windows-1252 with a curly quote",
            "re-save the file as UTF-8",
        ),
        Code(
            "unreadable-file",
            "error",
            "File cannot be read",
            "make it a regular file you may read, not a folder or a broken link",
            "content/actors/jane-doe.md created as a folder",
            "replace it with a file",
        ),
        Code(
            "empty-file",
            "error",
            "File is empty",
            "start the file with front matter between two '---' lines",
            "a zero-byte content/actors/jane-doe.md",
            "fill it in, or scaffold it with `briefing new`",
        ),
        Code(
            "no-front-matter",
            "error",
            "File has no front matter",
            "the first line of the file must be '---'",
            "a file that starts with 'name: Jane Doe'",
            "add a '---' line above and below the fields",
        ),
        Code(
            "unclosed-front-matter",
            "error",
            "Front matter has no closing '---'",
            "end the front matter with a line holding only '---'",
            "'---' on line 1 and never again",
            "add a '---' line after the last field",
        ),
        Code(
            "yaml-syntax",
            "error",
            "YAML syntax error",
            "check indentation, and quote text that contains ': ' or starts with a symbol",
            "title: Talks: day two",
            'write title: "Talks: day two"',
        ),
        Code(
            "not-a-mapping",
            "error",
            "Front matter is not a set of fields",
            "write one 'field: value' per line",
            "front matter holding a bare list",
            "turn it into 'field: value' lines",
        ),
        Code(
            "duplicate-key",
            "error",
            "Field given twice",
            "keep one of the two; YAML would silently drop the first",
            "two 'status:' lines in one file",
            "delete one of them",
        ),
        Code(
            "unknown-field",
            "error",
            "Unknown field",
            "check the spelling against the collection's fields in CONTRIBUTING.md",
            "stnace: supports",
            "write stance: supports",
        ),
        Code(
            "missing-field",
            "error",
            "Required field missing",
            "add the field; `briefing new` writes a file with every field present",
            "a position without 'stance'",
            "add stance: with one of the allowed values",
        ),
        Code(
            "invalid-value",
            "error",
            "Value has the wrong type or form",
            "see the field's description in CONTRIBUTING.md",
            "parties: state-a (a single value where a list is expected)",
            "write parties: [state-a]",
        ),
        Code(
            "invalid-choice",
            "error",
            "Value is not in the field's vocabulary",
            "use one of the allowed values listed in the message",
            "stance: support",
            "write stance: supports",
        ),
        Code(
            "invalid-date",
            "error",
            "Invalid date",
            "write dates as YYYY-MM-DD, for example 2025-01-18",
            "date: 18 January 2025",
            "write date: 2025-01-18",
        ),
        Code(
            "date-order",
            "error",
            "End date before start date",
            "check that the dates are not swapped",
            "date: 2025-01-25 with end_date: 2025-01-23",
            "swap or correct the dates",
        ),
        Code(
            "invalid-id",
            "error",
            "File name is not a valid id",
            "rename the file: 1 to 64 lowercase letters, digits and hyphens, then '.md'",
            "content/actors/Jane-Doe.md",
            "rename it to content/actors/jane-doe.md",
        ),
        Code(
            "duplicate-id",
            "error",
            "Id used twice",
            "ids are unique across all collections, because links name only the id",
            "content/actors/fishing.md and content/issues/fishing.md",
            "rename one of them, for example to fishing-rights",
        ),
        Code(
            "id-mismatch",
            "error",
            "Front-matter id differs from the file name",
            "the id is the file name; remove the 'id' field or make it match",
            "id: jane-doe in content/actors/jane-doe-minister.md",
            "delete the id field",
        ),
        Code(
            "unexpected-file",
            "error",
            "File is not part of any collection",
            "content files live in content/<collection>/<id>.md",
            "content/people/jane-doe.md",
            "move it to content/actors/jane-doe.md",
        ),
        Code(
            "collection-clash",
            "error",
            "A declared collection takes a name already in use",
            "choose a folder name and a singular no other collection or page of the site uses",
            "collections: {actors: ...} in briefing.yaml",
            "name it after what it holds: sanctions, inspections",
        ),
        Code(
            "reserved-field",
            "error",
            "A declared field redefines one every entry has",
            "title, summary, sources, tags, aliases, disputes and also_known_as are already there",
            "fields: {tags: {type: text}}",
            "give the field another name",
        ),
        Code(
            "unknown-collection",
            "error",
            "A reference field points at no collection",
            "name a collection of the briefing, in the plural: actors, issues, agreements, …",
            "to: [actor]",
            "to: [actors]",
        ),
        Code(
            "missing-target",
            "error",
            "A reference field does not say what it points at",
            "add `to:` with the collections it may point at",
            "type: reference without to:",
            "to: [actors]",
        ),
        Code(
            "not-a-reference",
            "error",
            "`to:` on a field that is not a reference",
            "make the field's type reference or references, or remove `to:`",
            "type: text with to: [actors]",
            "type: reference",
        ),
        Code(
            "duplicate-name",
            "error",
            "A declaration names the same thing twice",
            "name each collection in `to:`, and each field in `columns:`, once",
            "columns: [date, date]",
            "columns: [date]",
        ),
        Code(
            "missing-vocabulary",
            "error",
            "A term field does not name its vocabulary",
            "add `vocabulary:`, for example verdict or stance",
            "type: term without vocabulary:",
            "vocabulary: verdict",
        ),
        Code(
            "unknown-template",
            "error",
            "A declared collection's page template does not exist",
            "put the template in the project's site_templates/, or leave `template:` out",
            "template: sanction.md.j2 with no such file",
            "copy entity.md.j2 from `briefing templates --copy entity.md.j2` and rename it",
        ),
        Code(
            "missing-settings",
            "error",
            "content/briefing.yaml is missing",
            "create content/briefing.yaml with the site-wide settings",
            "a content folder without briefing.yaml",
            "copy the example from CONTRIBUTING.md",
        ),
        Code(
            "unknown-ref",
            "error",
            "Reference to an id that does not exist",
            "check the spelling; ids are file names without '.md'",
            "actor: jane-do",
            "write actor: jane-doe",
        ),
        Code(
            "wrong-kind-ref",
            "error",
            "Reference to the wrong kind of entity",
            "the field or citation needs an entity from another collection",
            "[@jane-doe] (a citation naming an actor)",
            "cite a source id instead",
        ),
        Code(
            "renamed-ref",
            "error",
            "Reference to a renamed id",
            "use the entity's new id; its old id is only kept for old URLs",
            "[[accord]] after the file became riverbend-accord.md",
            "write [[riverbend-accord]]",
        ),
        Code(
            "alias-conflict",
            "error",
            "Alias clashes with another id or alias",
            "an old id may belong to one entity only",
            "aliases: [jane-doe] in a file other than jane-doe.md",
            "remove the alias",
        ),
        Code(
            "missing-sources",
            "error",
            "Entry cites no source",
            "add at least one source id under 'sources:'",
            "an event with no 'sources' field",
            "add sources: [example-report]",
        ),
        Code(
            "unused-source",
            "warning",
            "Source cited by nothing",
            "cite it from an entry, or delete the source file",
            "a source file no entry names",
            "cite it, or remove the file",
        ),
        Code(
            "renamed-term",
            "warning",
            "A term of an earlier content format",
            "run `briefing upgrade` to rewrite it, or write the new term; the old one is read "
            "until the next format",
            "kind: news in a source",
            "write kind: newspaper",
        ),
        Code(
            "newer-format",
            "error",
            "Content written for a newer generator",
            "upgrade the generator; `briefing --version` says which one this is",
            "format: 3 in briefing.yaml",
            "install the newer release of the generator",
        ),
        Code(
            "unrendered-link",
            "error",
            "Link or image the site would show as typed",
            "give a full http or https address without spaces or quotes, or write <address> "
            "in angle brackets",
            "[click here](javascript:alert('x'))",
            "link to an https address, or remove the link",
        ),
        Code(
            "placeholder-text",
            "error",
            "The scaffold's placeholder text is still in place",
            "replace it with the entry's own text, citing a source for every claim",
            "a body that still reads 'Replace this paragraph with the entry's text…'",
            "write the entry's text",
        ),
        Code(
            "uncited-text",
            "warning",
            "Text without a citation",
            "every claim needs a source: add [@source-id] to the paragraph or item",
            "a summary with no [@...] in it",
            "add a citation, for example [@example-report]",
        ),
        Code(
            "raw-html",
            "error",
            "Raw HTML in content",
            "content is Markdown only; HTML tags are not allowed (write '&lt;' for a literal '<')",
            "<script>alert(1)</script>",
            "remove the tag",
        ),
        Code(
            "attribute-list",
            "error",
            "Attribute list in content",
            "'{: ...}' attribute lists can inject HTML attributes and are not allowed",
            '[link](https://example.org){: onclick="x()"}',
            "remove the braces and their content",
        ),
        Code(
            "unsafe-link",
            "error",
            "Link with a disallowed scheme",
            "links may only use http, https or mailto",
            "[click](javascript:alert(1))",
            "link to an https address, or to an entry with [[id]]",
        ),
        Code(
            "relative-link",
            "error",
            "Relative link in content",
            "link to other entries with [[id]], and to the web with a full https address",
            "[the deal](../agreements/x.md)",
            "write [[x|the deal]]",
        ),
        Code(
            "remote-image",
            "error",
            "Image loaded from another site",
            "the site loads nothing from other origins; describe the image or link to it",
            "![map](https://example.org/map.png)",
            "replace it with a link: [map](https://...)",
        ),
        Code(
            "malformed-link",
            "error",
            "Malformed [[link]] or [@citation]",
            "write [[id]], [[id|label]] or [@source-id]",
            "[[jane-doe",
            "close the link: [[jane-doe]]",
        ),
        Code(
            "invalid-url",
            "error",
            "Invalid source URL",
            "give a full http or https address, or leave the url out",
            "url: www.example.org/story",
            "write url: https://www.example.org/story",
        ),
        Code(
            "duplicate-position",
            "error",
            "Two positions for the same actor, subject and day",
            "merge them, or give the later one its own as_of date",
            "two files with actor: state-a, subject: groundwater, as_of: 2025-01-18",
            "merge the files",
        ),
        Code(
            "file-too-large",
            "error",
            "File is larger than the limit",
            f"content files may hold at most {MAX_FILE_BYTES // 1024} KB; "
            "split the text across entries",
            "a 2 MB body pasted from a report",
            "keep the summary and link to the report",
        ),
        Code(
            "not-a-regular-file",
            "error",
            "Not a regular file",
            "content must be plain files in the repository, not symbolic links, devices or pipes",
            "content/actors/jane-doe.md -> /etc/passwd",
            "replace the link with a copy of the file you meant",
        ),
        Code(
            "text-too-long",
            "error",
            "Text too long",
            f"split it with blank lines (at most {MAX_BLOCK_CHARS:,} characters a paragraph), "
            f"or across entries (at most {MAX_PARAGRAPHS:,} paragraphs and "
            f"{MAX_HEADINGS} headings a text)",
            "a whole report pasted as one paragraph",
            "break it into paragraphs, or summarise it and link to the report",
        ),
        Code(
            "nested-too-deeply",
            "error",
            "Lists or quotes nested too deeply",
            f"lists and quotes may nest at most {MAX_NESTING} levels deep",
            "a list indented 40 levels",
            "flatten the list",
        ),
        Code(
            "unsupported-markdown",
            "error",
            "Markdown the site does not support in content",
            "cite with [@source-id], define abbreviations in the glossary, and use plain Markdown",
            "a footnote written as [^1]",
            "write [@source-id] instead",
        ),
        Code(
            "denied-source",
            "warning",
            "Source from a host the briefing does not cite",
            "cite the original outlet instead; briefing.yaml's source_policy lists these hosts",
            "url: https://content-farm.example/world/2025/03/25/1.html",
            "find the report on the outlet's own site, or cite the document it quotes",
        ),
        Code(
            "unlabelled-state-media",
            "warning",
            "State media not labelled as such",
            "give the source `kind: state-media`, and cite it only for what its government said",
            "url: https://state-agency.example/politics/1945993 with kind: wire",
            "write kind: state-media",
        ),
        Code(
            "affiliation-cycle",
            "error",
            "Affiliation loops back on itself",
            "an actor cannot belong, directly or indirectly, to itself",
            "jane-doe affiliated to state-a, state-a affiliated to jane-doe",
            "remove one affiliation",
        ),
        Code(
            "untranslated-message",
            "warning",
            "Generator messages lack a translation",
            "translate them in site_templates/locale/<language>.po (`briefing messages init "
            "<language>` writes it); until then they are shown in English",
            "`language: fa`, for which the generator ships no catalog",
            "run `briefing messages init fa` and fill in every msgstr",
        ),
        Code(
            "translation-language",
            "error",
            "A language of `translations:` cannot be published",
            "list each other language once, as a lower-case tag Babel knows, not named like "
            "a collection",
            "`translations: [uk, UK]`, or `[en]` in an English briefing",
            "fix or remove the tag",
        ),
        Code(
            "unknown-translation",
            "error",
            "Translation into a language the briefing does not publish",
            "add the language to `translations:` in briefing.yaml, or rename the file",
            "content/actors/jane-doe.uk.md while briefing.yaml has no `translations: [uk]`",
            "list the language under `translations:`",
        ),
        Code(
            "orphan-translation",
            "error",
            "Translation of an entry that does not exist",
            "a translation sits beside its original, with the original's id before the "
            "language: `<id>.<language>.md`",
            "content/actors/jane-do.uk.md beside content/actors/jane-doe.md",
            "rename it after its original, or delete it",
        ),
        Code(
            "untranslatable-field",
            "error",
            "Field cannot be translated",
            "a translation holds only text (names, titles, summaries, the body) and "
            "`translated_from`; dates, references, sources and terms come from the original",
            "`date: 2025-03-19` in content/events/call.uk.md",
            "remove the field from the translation and change it in the original",
        ),
        Code(
            "stale-translation",
            "warning",
            "Translation is out of date",
            "the original has changed since it was translated: bring the translation up "
            "to date, then set its `translated_from` to the value given",
            "content/actors/jane-doe.md's summary edited after jane-doe.uk.md was made",
            "update the translation and its `translated_from`",
        ),
    ]
}


@dataclass(frozen=True, order=True)
class Diagnostic:
    """One problem, located in a file. Sorted by place so output is stable."""

    path: str
    line: int
    col: int
    code: str
    message: str
    hint: str | None = None

    @property
    def severity(self) -> Severity:
        return CATALOGUE[self.code].severity


def diagnostic(
    path: str, line: int, col: int, code: str, message: str, hint: str | None = None
) -> Diagnostic:
    """Build a diagnostic, defaulting the hint to the catalogue's."""
    if code not in CATALOGUE:  # a programming error, not a content one
        raise KeyError(f"undocumented diagnostic code {code!r}")
    return Diagnostic(path, line, col, code, message, hint or CATALOGUE[code].hint)


def _visible_escape(code: int) -> str:
    """How `visible` shows one character: as Python would write it in a string."""
    named = {0x09: "\\t", 0x0A: "\\n", 0x0D: "\\r"}
    if code in named:
        return named[code]
    return f"\\x{code:02x}" if code <= 0xFF else f"\\u{code:04x}"


# Characters that must never reach a terminal, a CI log or a Markdown summary as they
# are: C0 and C1 controls and DEL (a newline starts a fake `::error` workflow command or
# closes a code fence; ESC starts a terminal escape sequence), the Unicode line and
# paragraph separators, and the bidirectional controls that can make text read
# differently from what it is (embeddings and overrides U+202A-U+202E, isolates
# U+2066-U+2069, and the marks U+200E, U+200F and U+061C), and the invisible spaces
# and joiners that hide a difference (U+200B, U+2060, U+FEFF).
_INVISIBLE = [
    *range(0x00, 0x20),
    *range(0x7F, 0xA0),
    0x061C,
    0x200B,
    0x200E,
    0x200F,
    0x2060,
    0xFEFF,
    0x2028,
    0x2029,
    *range(0x202A, 0x202F),
    *range(0x2066, 0x206A),
]
_VISIBLE = {code: _visible_escape(code) for code in _INVISIBLE}


def visible(text: str) -> str:
    """`text` with every control character shown as an escape: `\\n`, `\\x1b`, `\\u202e`.

    The result is one line that prints as what it is. Backslashes are left as they are,
    so a literal backslash followed by `n` reads like an escaped newline; the reader is
    a person, and nothing interprets the escapes.
    """
    return text.translate(_VISIBLE)


def shown(d: Diagnostic) -> Diagnostic:
    """`d` with every field a file can control made `visible`, ready to be printed.

    Messages quote contributors' values and paths are contributors' file names; every
    output form prints diagnostics through this, so none of them can print a newline or
    a terminal escape that a value carried.
    """
    return replace(
        d,
        path=visible(d.path),
        message=visible(d.message),
        hint=None if d.hint is None else visible(d.hint),
    )


def format_text(diags: list[Diagnostic]) -> str:
    """The human form: `path:line:col: error[code]: message`, then the hint.

    Every diagnostic is one line (and its hint a second one starting `    hint:`), so no
    value can start a line of its own in a CI log or close the fence around a report.
    """
    lines = []
    for d in map(shown, diags):
        lines.append(f"{d.path}:{d.line}:{d.col}: {d.severity}[{d.code}]: {d.message}")
        if d.hint:
            lines.append(f"    hint: {d.hint}")
    errors = sum(d.severity == "error" for d in diags)
    warnings = len(diags) - errors
    lines.append(f"{errors} error{'s' * (errors != 1)}, {warnings} warning{'s' * (warnings != 1)}")
    return "\n".join(lines) + "\n"


def format_json(diags: list[Diagnostic]) -> str:
    """A JSON list of objects, one per diagnostic.

    The strings are the `visible` forms, as the other output forms print them, so a tool
    that shows a message as it decodes it shows no control character either; the JSON
    text itself is ASCII (json.dumps escapes everything else).
    """
    return (
        json.dumps([{**asdict(d), "severity": d.severity} for d in map(shown, diags)], indent=2)
        + "\n"
    )


def _escape_data(text: str) -> str:
    # The escaping of @actions/core's command.ts: data escapes %, CR and LF.
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(text: str) -> str:
    # Properties additionally escape ':' and ',', which delimit them.
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")


def format_github(diags: list[Diagnostic]) -> str:
    """GitHub Actions workflow commands, which annotate the lines of a pull request.

    One line per diagnostic: every field is made `visible` first, so the only line break
    in an annotation is the escaped one between the message and the hint.
    """
    out = []
    for d in map(shown, diags):
        props = ",".join(
            f"{k}={_escape_property(visible(str(v)))}"
            for k, v in (
                ("file", d.path),
                ("line", d.line),
                ("col", d.col),
                ("title", f"{d.code}: {CATALOGUE[d.code].title}"),
            )
        )
        body = d.message + (f"\n{d.hint}" if d.hint else "")
        out.append(f"::{d.severity} {props}::{_escape_data(body)}")
    return "\n".join(out) + ("\n" if out else "")


FORMATTERS = {"text": format_text, "json": format_json, "github": format_github}

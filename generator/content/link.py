"""Link: resolve every reference once all files are loaded, giving the linked model.

Front-matter references, `[[id]]` links and `[@source]` citations are all resolved in
this one pass. Backlinks, "cited by" lists and the relationships the pages show are then
plain lookups on `LinkedBriefing`.
"""

from __future__ import annotations

import difflib
import re
from collections import defaultdict
from functools import lru_cache
from typing import Any

from generator.markdown.check import check_markup
from generator.markdown.scan import Scan, blank_refs, line_col, scan_markup
from generator.model.diagnostics import Diagnostic, diagnostic
from generator.model.entries import SETTINGS_KEY, Briefing, Link, LinkedBriefing, RawRecord
from generator.model.schema import Inline, RefTo
from generator.model.walk import walk_marked

cached_scan = lru_cache(maxsize=65536)(scan_markup)
"""Scans are pure functions of the text; the renderer reuses the linker's."""


def _suggest(wanted: str, candidates: list[str]) -> str:
    # Only a near miss: an id that is merely similar ('israel', 'iran') is more likely an
    # entry not written yet than a typo.
    guess = difflib.get_close_matches(wanted, candidates, n=1, cutoff=0.8)
    return f"; did you mean '{guess[0]}'?" if guess else ""


class _Resolver:
    """Resolves ids for one briefing, collecting diagnostics."""

    def __init__(self, briefing: Briefing, aliases: dict[str, str]) -> None:
        self.briefing = briefing
        self.aliases = aliases
        self.diags: list[Diagnostic] = []
        self._collections: dict[tuple[str, ...], tuple[str, ...]] = {}
        self._ids_by_collection: dict[str, list[str]] = defaultdict(list)
        for id_, (collection, _) in briefing.known.items():
            self._ids_by_collection[collection].append(id_)

    def _singular(self, collection: str) -> str:
        return _singular_of(self.briefing, collection)

    def _existing(self, allowed: tuple[str, ...]) -> tuple[str, ...]:
        """Those of `allowed` that are collections of this briefing (asked for every
        reference: the answer for each field's targets is kept)."""
        found = self._collections.get(allowed)
        if found is None:
            registry = self.briefing.registry
            found = self._collections[allowed] = tuple(c for c in allowed if c in registry)
        return found

    def resolve(
        self, wanted: str, allowed: tuple[str, ...], where: tuple[str, int, int], what: str
    ) -> str | None:
        """The id `wanted` resolves to, or None after reporting why not.

        `what` says where the id was written: a field name, "link" or "citation".
        """
        allowed = self._existing(allowed)
        if not allowed:
            return None  # a declared field pointing at no collection: reported as such
        known = self.briefing.known.get(wanted)
        if known is None:
            if wanted in self.aliases:
                new = self.aliases[wanted]
                self.diags.append(
                    diagnostic(
                        *where,
                        "renamed-ref",
                        f"'{wanted}' was renamed to '{new}'",
                        f"write '{new}' instead",
                    )
                )
                return None
            candidates = [i for c in allowed for i in self._ids_by_collection[c]]
            kinds = " or ".join(self._singular(c) for c in allowed)
            named = {"link": "link target", "citation": "cited source"}.get(what, kinds)
            guess = _suggest(wanted, candidates)
            hint = None
            if not guess and len(allowed) == 1:
                hint = (
                    f"check the spelling, or add it: briefing new {self._singular(allowed[0])} "
                    f"{wanted}"
                )
            self.diags.append(
                diagnostic(
                    *where, "unknown-ref", f"{named} '{wanted}' does not exist" + guess, hint
                )
            )
            return None
        if known[0] not in allowed:
            needed = " or ".join(self._singular(c) for c in allowed)
            place = f"the {what}" if what in ("link", "citation") else f"'{what}'"
            self.diags.append(
                diagnostic(
                    *where,
                    "wrong-kind-ref",
                    f"'{wanted}' in {place} is "
                    f"{_article(self._singular(known[0]))}, not {_article(needed)}",
                )
            )
            return None
        return wanted if wanted in self.briefing.entries else None


def _singular_of(briefing: Briefing, collection: str) -> str:
    found = briefing.registry.named(collection)
    return found.singular if found else collection


def _article(noun: str) -> str:
    return f"{'an' if noun[0] in 'aeiou' else 'a'} {noun}"


def _field_name(loc: tuple[Any, ...]) -> str:
    return next((str(p) for p in reversed(loc) if isinstance(p, str)), "body")


def _scan_positions(
    record: RawRecord, loc: tuple[Any, ...] | None, text: str, offset: int
) -> tuple[str, int, int]:
    if loc is None:  # the Markdown body
        line, col = line_col(text, offset)
        return record.path, record.body_line + line, col + 1
    line, col = record.pos(loc)
    return record.path, line, col


# Fields whose text carries its sources in a sibling `sources` field.
_UNCITED_OK = {"value"}
_PARAGRAPHS = re.compile(r"(?:^|\n)[ \t]*\n")


def _uncited(
    resolver: _Resolver, record: RawRecord, loc: tuple[Any, ...] | None, text: str, scan: Scan
) -> None:
    """Warn about inline fields, and body paragraphs, that cite no source."""
    if loc is not None:
        if not any(r.kind == "cite" for r in scan.refs) and _field_name(loc) not in _UNCITED_OK:
            line, col = record.pos(loc)
            resolver.diags.append(
                diagnostic(
                    record.path, line, col, "uncited-text", f"'{_field_name(loc)}' cites no source"
                )
            )
        return
    cites = iter(sorted(r.start for r in scan.refs if r.kind == "cite"))
    cite = next(cites, None)
    start = 0
    for match in [*_PARAGRAPHS.finditer(text), None]:
        end = match.start() if match else len(text)
        while cite is not None and cite < start:
            cite = next(cites, None)
        paragraph = text[start:end]
        stripped = paragraph.strip()
        is_prose = (
            stripped
            # Headings, code and definitions are not claims (definitions are refused).
            and not stripped.startswith(("#", "```", "~~~", "*[", "[^"))
            and not (paragraph.startswith("    "))
        )
        # Paragraphs and citations both come in order: one pass over each.
        if is_prose and not (cite is not None and cite < end):
            offset = start + (len(paragraph) - len(paragraph.lstrip()))
            line, col = line_col(text, offset)
            resolver.diags.append(
                diagnostic(
                    record.path,
                    record.body_line + line,
                    col + 1,
                    "uncited-text",
                    "this paragraph cites no source",
                )
            )
        start = match.end() if match else end


def _link_text(
    resolver: _Resolver,
    record: RawRecord,
    source_id: str,
    loc: tuple[Any, ...] | None,
    text: str,
    links: list[Link],
) -> None:
    inline = loc is not None
    scan: Scan = cached_scan(text, inline)
    registry = resolver.briefing.registry
    # Sources cite nothing themselves; every other text is checked for a citation.
    if not (record.collection in registry and registry[record.collection].cited):
        _uncited(resolver, record, loc, text, scan)
    problems = [*scan.problems, *check_markup(blank_refs(text, scan), inline)]
    for offset, code, message in sorted(problems):
        resolver.diags.append(
            diagnostic(*_scan_positions(record, loc, text, offset), code, message)
        )
    name = "body" if loc is None else _field_name(loc)
    for ref in scan.refs:
        where = _scan_positions(record, loc, text, ref.start)
        allowed = registry.cited if ref.kind == "cite" else registry.names
        what = "citation" if ref.kind == "cite" else "link"
        for target in ref.targets:
            if resolver.resolve(target, allowed, where, what):
                links.append(Link(source_id, target, name, ref.kind))


def _link_entity(
    resolver: _Resolver,
    entry_id: str,
    model: Any,
    record: RawRecord,
    body: str | None,
    links: list[Link],
) -> None:
    for loc, value, marker in walk_marked(model):
        if isinstance(marker, RefTo):
            where = (record.path, *record.pos(loc))
            if resolver.resolve(value, marker.collections, where, _field_name(loc)):
                links.append(Link(entry_id, value, _field_name(loc), "ref"))
        elif isinstance(marker, Inline):
            _link_text(resolver, record, entry_id, loc, value, links)
    if body:
        _link_text(resolver, record, entry_id, None, body, links)


def _collect_aliases(briefing: Briefing, diags: list[Diagnostic]) -> dict[str, str]:
    aliases: dict[str, str] = {}
    for entry in briefing.entries.values():
        for index, alias in enumerate(entry.model.aliases):
            owner = briefing.known.get(alias)
            clash = (
                owner[1]
                if owner
                else (briefing.entries[aliases[alias]].path if alias in aliases else None)
            )
            if clash:
                line, col = entry.record.pos(("aliases", index))
                diags.append(
                    diagnostic(
                        entry.path,
                        line,
                        col,
                        "alias-conflict",
                        f"alias '{alias}' is already taken by {clash}",
                    )
                )
            else:
                aliases[alias] = entry.id
    return aliases


def resolve_links(briefing: Briefing) -> tuple[LinkedBriefing, list[Diagnostic]]:
    """Resolve all references; index backlinks and citations; report what does not resolve."""
    diags: list[Diagnostic] = []
    aliases = _collect_aliases(briefing, diags)
    resolver = _Resolver(briefing, aliases)
    links: list[Link] = []
    for entry in briefing.entries.values():
        _link_entity(resolver, entry.id, entry.model, entry.record, entry.body, links)
    for record in briefing.rejected:
        # Their front matter failed, but the fields that are valid on their own, and their
        # bodies, are still checked, so that every problem shows in one run.
        partial = briefing.partials.get(record.path)
        if partial is not None:
            _link_entity(resolver, record.id, partial, record, record.body, [])
        else:
            _link_text(resolver, record, record.id, None, record.body, [])
    if briefing.settings is not None and briefing.settings_record is not None:
        _link_entity(
            resolver, SETTINGS_KEY, briefing.settings, briefing.settings_record, None, links
        )
    diags.extend(resolver.diags)

    linked = LinkedBriefing(briefing, sorted(set(links)), aliases)
    cited_collections = briefing.registry.cited
    referenced: dict[str, set[str]] = defaultdict(set)
    cited: dict[str, set[str]] = defaultdict(set)
    by_field: dict[tuple[str, str], set[str]] = defaultdict(set)
    for link in linked.links:
        if link.source == SETTINGS_KEY or link.source == link.target:
            continue
        referenced[link.target].add(link.source)
        if briefing.entries[link.target].collection in cited_collections:
            cited[link.target].add(link.source)
        if link.kind == "ref":
            by_field[(link.target, link.field)].add(link.source)
    settings_cites = {lk.target for lk in linked.links if lk.source == SETTINGS_KEY}
    linked.referenced_by = {k: sorted(v) for k, v in referenced.items()}
    linked.cited_by = {k: sorted(v) for k, v in cited.items()}
    linked._by_field = {k: sorted(v) for k, v in by_field.items()}
    for entry in (e for name in cited_collections for e in linked.collection(name)):
        if entry.id not in cited and entry.id not in settings_cites:
            diags.append(
                diagnostic(
                    entry.path, 1, 1, "unused-source", f"source '{entry.id}' is not cited anywhere"
                )
            )
    for collection in briefing.registry:
        for check in collection.checks:
            diags.extend(check(linked, collection))
    return linked, diags

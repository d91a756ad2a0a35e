"""The questions the site's pages and the PDF ask of a linked briefing: entries in
order and in groups, and what an entity's page shows besides the entity itself (from the
relationships the registry declares).

They live beside the model, not in either renderer, so that the site and the PDF
ask them the same way.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from datetime import date
from typing import Any

from generator.model.entries import Entry, LinkedBriefing, display_title
from generator.model.registry import Collection, Shown


def collection_key(name: str) -> str:
    """The dependency a page takes on the membership of a whole collection."""
    return f"collection:{name}"


def by_date(entries: Iterable[Entry[Any]], field: str, reverse: bool = False) -> list[Entry[Any]]:
    """Entries by a date field, undated ones first (last when reversed), then by id."""

    def key(entry: Entry[Any]) -> tuple[bool, date, str, str]:
        # Within a day, by the time of day where there is one (events), untimed last.
        day = getattr(entry.model, field)
        return (
            day is not None,
            day or date.min,
            getattr(entry.model, "time", None) or "~",
            entry.id,
        )

    return sorted(entries, key=key, reverse=reverse)


def by_title(linked: LinkedBriefing, entries: Iterable[Entry[Any]]) -> list[Entry[Any]]:
    return sorted(entries, key=lambda e: display_title(e, linked).casefold())


def in_order(linked: LinkedBriefing, entries: list[Entry[Any]], order: str) -> list[Entry[Any]]:
    """`entries` by title, by a date field, or ("") as they are (in id order)."""
    if not order:
        return entries
    return by_title(linked, entries) if order == "title" else by_date(entries, order)


def latest_per(
    entries: Iterable[Entry[Any]], order: str, per: tuple[str, ...]
) -> dict[tuple[str, ...], Entry[Any]]:
    """The most recent entry (by the date field `order`) for each value of the fields `per`."""
    latest: dict[tuple[str, ...], Entry[Any]] = {}
    for entry in by_date(entries, order):
        latest[tuple(getattr(entry.model, f) for f in per)] = entry
    return latest


def referenced_by(linked: LinkedBriefing, entry_id: str) -> list[tuple[str, list[Entry[Any]], str]]:
    """(collection title, entries, collection name) for each collection referring here."""
    groups: dict[str, list[Entry[Any]]] = defaultdict(list)
    for source_id in linked.referenced_by.get(entry_id, []):
        source = linked.entries[source_id]
        groups[source.collection].append(source)
    return [(c.title, groups[c.name], c.name) for c in linked.registry if c.name in groups]


def entity_context(linked: LinkedBriefing, entry: Entry[Any]) -> dict[str, Any]:
    """What an entity page shows besides the entity itself: its relationships.

    Each relationship the registry declares onto this entity's collection (`Shown`)
    gives a named list for the collection's own template, or an entry of `relations`
    that every template lists. Every key a template may use is present, empty if
    nothing relates.
    """
    registry = linked.registry
    collection = registry[entry.collection]
    context: dict[str, Any] = {
        "referenced_by": referenced_by(linked, entry.id),
        "relations": [],
    }
    for source, shown in registry.shown_on(entry.collection):
        related = linked.pointing_at(entry.id, source.name, shown.field)
        if shown.current_per:
            current, earlier = _current_and_earlier(linked, related, shown)
            context[shown.key] = current
            context[f"{shown.key}_earlier"] = earlier
        elif shown.key:
            context[shown.key] = in_order(linked, related, shown.order)
        elif related:
            context["relations"].append(
                (shown.title, in_order(linked, related, shown.order), source.name)
            )
    if context["relations"]:
        # What a declared relationship lists is not listed again under "Referenced by".
        listed = {e.id for _, entries, _ in context["relations"] for e in entries}
        context["referenced_by"] = [
            (title, kept, name)
            for title, entries, name in context["referenced_by"]
            if (kept := [e for e in entries if e.id not in listed])
        ]
    if collection.alongside:
        value = getattr(entry.model, collection.alongside)
        others = linked.pointing_at(value, collection.name, collection.alongside)
        context["others"] = by_title(linked, (o for o in others if o.id != entry.id))
    if collection.cited:
        context["cited_by"] = [linked.entries[c] for c in linked.cited_by.get(entry.id, [])]
    return context


def _current_and_earlier(
    linked: LinkedBriefing, related: list[Entry[Any]], shown: Shown
) -> tuple[list[Entry[Any]], list[Entry[Any]]]:
    latest = latest_per(related, shown.order, (shown.current_per,))
    current = by_title(linked, latest.values())
    kept = {e.id for e in current}
    return current, [e for e in by_date(related, shown.order) if e.id not in kept]


def ordered(linked: LinkedBriefing, collection: Collection, order: str = "") -> list[Entry[Any]]:
    """A collection's entries in the order `order` names (default: its index's order;
    see registry.Collection.sort)."""
    entries = linked.collection(collection.name)
    order = order or collection.sort
    if order == "title":
        return by_title(linked, entries)
    if order == "outlet":
        return sorted(
            entries,
            key=lambda e: (
                e.model.outlet.casefold(),
                e.model.published or date.min,
                e.model.title.casefold(),
                e.id,
            ),
        )
    return by_date(entries, order)


def grouped(
    linked: LinkedBriefing, collection: Collection, entries: list[Entry[Any]]
) -> list[tuple[str, list[Entry[Any]]]]:
    """`entries` in groups by the collection's `group_by` field, in its vocabulary's
    order and each keeping the order given; one untitled group if it has none."""
    field = collection.group_by
    if not field:
        return [("", entries)]
    groups: dict[str, list[Entry[Any]]] = defaultdict(list)
    for entry in entries:
        groups[getattr(entry.model, field)].append(entry)
    vocabularies = linked.briefing.vocabularies
    known = [t.value for v in vocabularies.values() for t in v.terms]
    rank = {value: i for i, value in reversed(list(enumerate(known)))}
    return [
        (vocabularies.term(value).label, groups[value])
        for value in sorted(groups, key=lambda v: (rank.get(v, len(rank)), v))
    ]

"""Rules of the default content model that span several entries.

Each is declared on its collection in the registry (`Collection.checks`) and called by
the linker with the linked briefing and that collection, so the linker itself knows no
collection by name.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from generator.model.diagnostics import Diagnostic, diagnostic

if TYPE_CHECKING:
    from generator.model.entries import Entry, LinkedBriefing
    from generator.model.registry import Collection


def one_position_a_day(linked: LinkedBriefing, collection: Collection) -> list[Diagnostic]:
    """One position per actor, subject and day."""
    diags: list[Diagnostic] = []
    seen: dict[tuple[str, str, Any], Entry[Any]] = {}
    for entry in linked.collection(collection.name):
        key = (entry.model.actor, entry.model.subject, entry.model.as_of)
        if key in seen:
            message = f"{seen[key].path} already records {key[0]} on {key[1]} as of {key[2]}"
            diags.append(diagnostic(entry.path, 1, 1, "duplicate-position", message))
        else:
            seen[key] = entry
    return diags


def affiliation_cycles(linked: LinkedBriefing, collection: Collection) -> list[Diagnostic]:
    """No actor is, through its affiliations, part of itself."""
    diags: list[Diagnostic] = []
    for entry in linked.collection(collection.name):
        chain = [entry.id]
        current = entry.model.affiliation
        while current in linked.entries and current not in chain:
            chain.append(current)
            current = linked.entries[current].model.affiliation
        if current == entry.id:
            line, col = entry.record.pos(("affiliation",))
            message = f"affiliation loops back: {' -> '.join([*chain, entry.id])}"
            diags.append(diagnostic(entry.path, line, col, "affiliation-cycle", message))
    return diags


def source_policy(linked: LinkedBriefing, collection: Collection) -> list[Diagnostic]:
    """Sources on the briefing's deny-list, and state media not labelled so."""
    settings = linked.settings
    if settings is None:
        return []
    diags: list[Diagnostic] = []
    policy = settings.source_policy
    for entry in linked.collection(collection.name):
        url = getattr(entry.model, "url", None)
        host = (urlsplit(url).hostname or "").lower() if url else ""
        if not host:
            continue
        line, col = entry.record.pos(("url",))
        if _host_in(host, policy.deny_hosts):
            message = f"{host} is on the briefing's list of sources not to cite"
            diags.append(diagnostic(entry.path, line, col, "denied-source", message))
        elif _host_in(host, policy.state_media_hosts) and entry.model.kind != "state-media":
            message = f"{host} is state media, but the source's kind is '{entry.model.kind}'"
            diags.append(diagnostic(entry.path, line, col, "unlabelled-state-media", message))
    return diags


def _host_in(host: str, hosts: list[str]) -> bool:
    return any(host == h.lower() or host.endswith("." + h.lower()) for h in hosts)

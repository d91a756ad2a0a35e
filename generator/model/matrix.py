"""The position matrix of the default content model: each party's latest stance on each
issue and agreement, for the matrix page and the PDF."""

from __future__ import annotations

from collections import defaultdict

from generator.model.entries import Entry, LinkedBriefing, display_title
from generator.model.queries import latest_per
from generator.model.schema import Position

MATRIX_PARTIES = 8


def matrix_axes(
    linked: LinkedBriefing,
) -> tuple[dict[tuple[str, str], Entry[Position]], list[str], list[str]]:
    """The position matrix: latest positions by (actor, subject), its parties and subjects.

    The parties are the actors with the most recorded positions, at most MATRIX_PARTIES
    of them, so the table stays readable however large the briefing grows; every
    position remains on its actor's and its subject's pages. Subjects come in the
    registry's order of their collections, then by name.
    """
    latest: dict[tuple[str, str], Entry[Position]] = latest_per(  # type: ignore[assignment]
        linked.of(Position), "as_of", ("actor", "subject")
    )
    counts: dict[str, int] = defaultdict(int)
    for actor, _ in latest:
        counts[actor] += 1

    def name(entry_id: str) -> str:
        return display_title(linked.entries[entry_id], linked).casefold()

    parties = sorted(counts, key=lambda a: (-counts[a], name(a)))[:MATRIX_PARTIES]
    chosen = set(parties)
    rank = {c: i for i, c in enumerate(linked.registry.names)}
    subjects = sorted(
        {s for a, s in latest if a in chosen},
        key=lambda s: (rank[linked.entries[s].collection], name(s)),
    )
    return latest, parties, subjects

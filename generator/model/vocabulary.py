"""Vocabularies: the fixed sets of values some fields take, declared once.

Each term has a label (what readers see), a symbol (so that a badge never relies on
colour alone) and a tone, which the stylesheets colour: the templates and the CSS use
these declarations, never lists of their own. A briefing can replace any vocabulary in
its `briefing.yaml`, so that a fisheries briefing has its own event kinds and statuses.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass

from generator.model.i18n import N_

TONES = ("positive", "caution", "contested", "negative", "neutral")
"""How a term reads, from good to bad news; the stylesheets give each tone a colour."""


@dataclass(frozen=True)
class Term:
    """One value of a vocabulary."""

    value: str
    label: str
    symbol: str = ""
    tone: str = "neutral"


@dataclass(frozen=True)
class Vocabulary:
    """A named, ordered set of terms."""

    name: str
    description: str
    terms: tuple[Term, ...]

    def __contains__(self, value: object) -> bool:
        return any(t.value == value for t in self.terms)

    def __iter__(self) -> Iterator[Term]:
        return iter(self.terms)

    def values(self) -> list[str]:
        return [t.value for t in self.terms]

    def term(self, value: str) -> Term:
        for term in self.terms:
            if term.value == value:
                return term
        raise KeyError(value)


def _terms(*rows: tuple[str, str, str, str]) -> tuple[Term, ...]:
    return tuple(Term(*row) for row in rows)


DEFAULTS: dict[str, Vocabulary] = {
    v.name: v
    for v in (
        Vocabulary(
            "agreement_status",
            "Where an agreement stands now.",
            _terms(
                ("proposed", N_("Proposed"), "…", "caution"),
                ("agreed", N_("Agreed"), "✓", "positive"),
                ("in-force", N_("In force"), "●", "positive"),
                ("disputed", N_("Disputed"), "?", "contested"),
                ("stalled", N_("Stalled"), "‖", "contested"),
                ("breached", N_("Breached"), "✗", "negative"),
                ("lapsed", N_("Lapsed"), "○", "neutral"),
                ("expired", N_("Expired"), "○", "neutral"),
            ),
        ),
        Vocabulary(
            "issue_status",
            "Where a question stands now.",
            _terms(
                ("open", N_("Open"), "○", "neutral"),
                ("contested", N_("Contested"), "✗", "contested"),
                ("partially-resolved", N_("Partially resolved"), "◐", "caution"),
                ("resolved", N_("Resolved"), "✓", "positive"),
                ("deferred", N_("Deferred"), "…", "contested"),
            ),
        ),
        Vocabulary(
            "stance",
            "An actor's stance on an issue or agreement.",
            _terms(
                ("supports", N_("Supports"), "✓", "positive"),
                ("conditional", N_("Conditional"), "◐", "caution"),
                ("ambiguous", N_("Ambiguous"), "?", "contested"),
                ("opposes", N_("Opposes"), "✗", "negative"),
                ("no-stated-position", N_("No stated position"), "–", "neutral"),
            ),
        ),
        Vocabulary(
            "verdict",
            "An assessment's overall judgement.",
            _terms(
                ("skeptical", N_("Skeptical"), "?", "contested"),
                ("critical", N_("Critical"), "✗", "negative"),
                ("mixed", N_("Mixed"), "◐", "caution"),
                ("cautiously-positive", N_("Cautiously positive"), "◔", "caution"),
                ("positive", N_("Positive"), "✓", "positive"),
            ),
        ),
        Vocabulary(
            "event_kind",
            "What sort of event something was.",
            _terms(
                ("talks", N_("Talks"), "", "neutral"),
                ("call", N_("Call"), "", "neutral"),
                ("statement", N_("Statement"), "", "neutral"),
                ("announcement", N_("Announcement"), "", "neutral"),
                ("strike", N_("Strike"), "", "neutral"),
                ("exchange", N_("Exchange"), "", "neutral"),
                ("meeting", N_("Meeting"), "", "neutral"),
                ("other", N_("Other"), "", "neutral"),
            ),
        ),
        Vocabulary(
            "actor_kind",
            "What sort of actor someone is.",
            _terms(
                ("person", N_("Person"), "", "neutral"),
                ("state", N_("State"), "", "neutral"),
                ("government-body", N_("Government body"), "", "neutral"),
                ("organisation", N_("Organisation"), "", "neutral"),
                ("delegation", N_("Delegation"), "", "neutral"),
            ),
        ),
        Vocabulary(
            "source_kind",
            "What sort of document a source is.",
            _terms(
                ("primary-document", N_("Primary document"), "", "neutral"),
                ("government", N_("Government"), "", "neutral"),
                ("wire", N_("Wire service"), "", "neutral"),
                ("newspaper", N_("Newspaper"), "", "neutral"),
                ("broadcaster", N_("Broadcaster"), "", "neutral"),
                ("state-media", N_("State media"), "", "neutral"),
                ("think-tank", N_("Think tank"), "", "neutral"),
            ),
        ),
    )
}
"""The vocabularies a briefing has unless its briefing.yaml replaces them."""


@dataclass(frozen=True)
class Vocabularies(Mapping[str, Vocabulary]):
    """One briefing's vocabularies: the defaults, with any its settings replace."""

    by_name: dict[str, Vocabulary]

    def __getitem__(self, name: str) -> Vocabulary:
        return self.by_name[name]

    def __iter__(self) -> Iterator[str]:
        return iter(self.by_name)

    def __len__(self) -> int:
        return len(self.by_name)

    def term(self, value: str) -> Term:
        """The term with this value, in whichever vocabulary has it (labels and badges)."""
        for vocabulary in self.by_name.values():
            for term in vocabulary.terms:
                if term.value == value:
                    return term
        return Term(value, value.replace("-", " ").capitalize())


DEFAULT_VOCABULARIES = Vocabularies(dict(DEFAULTS))


def with_overrides(overrides: Mapping[str, list[Term]]) -> Vocabularies:
    """The default vocabularies with those named in `overrides` replaced."""
    merged = dict(DEFAULTS)
    for name, terms in overrides.items():
        merged[name] = Vocabulary(name, DEFAULTS[name].description, tuple(terms))
    return Vocabularies(merged)


FORMAT_VERSION = 2
"""The version of the content format: `format:` in briefing.yaml. Version 2 renamed the
source kinds (RENAMED_TERMS); a briefing that declares a newer version is refused."""

RENAMED_TERMS: dict[str, dict[str, str]] = {
    # Format 1's source kinds, read with a warning (`renamed-term`) until format 3;
    # `briefing upgrade` rewrites them.
    "source_kind": {
        "news": "newspaper",
        "official": "primary-document",
        "analysis": "think-tank",
        "broadcast": "broadcaster",
        "database": "primary-document",
    },
}
"""Terms an earlier format used, by vocabulary, with the term that replaced each."""

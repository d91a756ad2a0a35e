"""Vocabularies: the fixed sets of values some fields take, declared once.

Each term has a label (what readers see), a symbol (so that a badge never relies on
colour alone) and a tone, which the stylesheets colour: the templates and the CSS use
these declarations, never lists of their own. A briefing can replace any vocabulary in
its `briefing.yaml`, so that a fisheries briefing has its own event kinds and statuses.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass

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
                ("proposed", "Proposed", "…", "caution"),
                ("agreed", "Agreed", "✓", "positive"),
                ("in-force", "In force", "●", "positive"),
                ("disputed", "Disputed", "?", "contested"),
                ("stalled", "Stalled", "‖", "contested"),
                ("breached", "Breached", "✗", "negative"),
                ("lapsed", "Lapsed", "○", "neutral"),
                ("expired", "Expired", "○", "neutral"),
            ),
        ),
        Vocabulary(
            "issue_status",
            "Where a question stands now.",
            _terms(
                ("open", "Open", "○", "neutral"),
                ("contested", "Contested", "✗", "contested"),
                ("partially-resolved", "Partially resolved", "◐", "caution"),
                ("resolved", "Resolved", "✓", "positive"),
                ("deferred", "Deferred", "…", "contested"),
            ),
        ),
        Vocabulary(
            "stance",
            "An actor's stance on an issue or agreement.",
            _terms(
                ("supports", "Supports", "✓", "positive"),
                ("conditional", "Conditional", "◐", "caution"),
                ("ambiguous", "Ambiguous", "?", "contested"),
                ("opposes", "Opposes", "✗", "negative"),
                ("no-stated-position", "No stated position", "–", "neutral"),
            ),
        ),
        Vocabulary(
            "verdict",
            "An assessment's overall judgement.",
            _terms(
                ("skeptical", "Skeptical", "?", "contested"),
                ("critical", "Critical", "✗", "negative"),
                ("mixed", "Mixed", "◐", "caution"),
                ("cautiously-positive", "Cautiously positive", "◔", "caution"),
                ("positive", "Positive", "✓", "positive"),
            ),
        ),
        Vocabulary(
            "event_kind",
            "What sort of event something was.",
            _terms(
                ("talks", "Talks", "", "neutral"),
                ("call", "Call", "", "neutral"),
                ("statement", "Statement", "", "neutral"),
                ("announcement", "Announcement", "", "neutral"),
                ("strike", "Strike", "", "neutral"),
                ("exchange", "Exchange", "", "neutral"),
                ("meeting", "Meeting", "", "neutral"),
                ("other", "Other", "", "neutral"),
            ),
        ),
        Vocabulary(
            "actor_kind",
            "What sort of actor someone is.",
            _terms(
                ("person", "Person", "", "neutral"),
                ("state", "State", "", "neutral"),
                ("government-body", "Government body", "", "neutral"),
                ("organisation", "Organisation", "", "neutral"),
                ("delegation", "Delegation", "", "neutral"),
            ),
        ),
        Vocabulary(
            "source_kind",
            "What sort of document a source is.",
            _terms(
                ("primary-document", "Primary document", "", "neutral"),
                ("government", "Government", "", "neutral"),
                ("wire", "Wire service", "", "neutral"),
                ("newspaper", "Newspaper", "", "neutral"),
                ("broadcaster", "Broadcaster", "", "neutral"),
                ("state-media", "State media", "", "neutral"),
                ("think-tank", "Think tank", "", "neutral"),
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

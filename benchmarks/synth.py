"""Synthetic briefings of any size, in the real content format, for benchmarks.

The content is valid, densely cross-linked and cited, with bodies of realistic length;
the same seed always gives the same files.
"""

from __future__ import annotations

import random
from pathlib import Path

from generator.model.vocabulary import DEFAULTS

STANCES = tuple(DEFAULTS["stance"].values())
VERDICTS = tuple(DEFAULTS["verdict"].values())

SHARES = {
    "actors": 0.18,
    "issues": 0.06,
    "agreements": 0.02,
    "positions": 0.26,
    "assessments": 0.06,
    "events": 0.22,
    "sources": 0.20,
}
WORDS = (
    "ceasefire",
    "negotiations",
    "delegation",
    "moratorium",
    "energy",
    "infrastructure",
    "strikes",
    "prisoners",
    "exchange",
    "monitoring",
    "guarantees",
    "sanctions",
    "shipping",
    "corridor",
    "statement",
    "readout",
    "officials",
    "talks",
    "ministry",
    "envoy",
    "proposal",
    "terms",
    "compliance",
    "violation",
    "reported",
    "agreed",
    "demanded",
    "rejected",
    "conditional",
    "framework",
    "humanitarian",
    "civilian",
    "security",
    "parties",
    "mediation",
    "agenda",
    "technical",
    "expert",
    "round",
    "capital",
    "border",
    "region",
    "announcement",
    "reciprocal",
    "implementation",
    "deadline",
    "extension",
    "verification",
)
FIRST = (
    "Anna",
    "Boris",
    "Clara",
    "Dmytro",
    "Elena",
    "Fedir",
    "Galina",
    "Hanna",
    "Ivan",
    "Julia",
    "Kyrylo",
    "Lena",
    "Mykola",
)
LAST = (
    "Kovalenko",
    "Petrov",
    "Shevchenko",
    "Ivanova",
    "Melnyk",
    "Sokolov",
    "Bondar",
    "Orlova",
    "Tkachenko",
)


def _sentence(rng: random.Random, refs: list[str], sources: list[str]) -> str:
    words = [rng.choice(WORDS) for _ in range(rng.randint(12, 22))]
    if refs and rng.random() < 0.6:
        target = rng.choice(refs)
        words.insert(rng.randint(1, len(words) - 1), f"[[{target}]]")
    cites = " ".join(f"[@{s}]" for s in rng.sample(sources, k=min(len(sources), rng.randint(1, 2))))
    text = " ".join(words)
    return text[0].upper() + text[1:] + " " + cites + "."


def _paragraphs(rng: random.Random, refs: list[str], sources: list[str], count: int) -> str:
    return "\n\n".join(
        " ".join(_sentence(rng, refs, sources) for _ in range(rng.randint(2, 4)))
        for _ in range(count)
    )


def _day(rng: random.Random) -> str:
    return f"2025-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"


def _write(path: Path, fields: list[str], body: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("---\n" + "\n".join(fields) + "\n---\n" + body + "\n", encoding="utf-8")


def synthesize(root: Path, n: int, seed: int = 2025) -> dict[str, list[str]]:
    """Write a briefing of about `n` entities under `root/content`; return ids by collection."""
    rng = random.Random(seed)
    counts = {name: max(1, round(n * share)) for name, share in SHARES.items()}
    counts["actors"] = max(counts["actors"], 3)
    ids = {name: [f"{name[:-1]}-{i:05d}" for i in range(counts[name])] for name in counts}
    content = root / "content"
    sources, actors = ids["sources"], ids["actors"]
    subjects = ids["issues"] + ids["agreements"]
    linkable = actors + subjects + ids["events"]
    cited: set[str] = set()

    def cite(k: int = 2) -> list[str]:
        chosen = rng.sample(sources, k=min(k, len(sources)))
        cited.update(chosen)
        return chosen

    for i, id_ in enumerate(actors):
        src = cite()
        affiliation = (
            f"affiliation: {actors[rng.randrange(min(i, 25))]}"
            if i and rng.random() < 0.5
            else "kind: state"
        )
        kind = "kind: person" if affiliation.startswith("affiliation") else ""
        fields = [
            f"name: {rng.choice(FIRST)} {rng.choice(LAST)} {i}",
            kind or affiliation,
            f"role: Envoy for {rng.choice(WORDS)}",
            f"sources: [{', '.join(src)}]",
        ]
        if kind:
            fields.insert(2, affiliation)
        _write(
            content / "actors" / f"{id_}.md",
            [f for f in fields if f],
            _paragraphs(rng, linkable, src, 1),
        )
    for id_ in ids["issues"]:
        src = cite()
        _write(
            content / "issues" / f"{id_}.md",
            [
                f"title: Question of {rng.choice(WORDS)} {id_[-5:]}",
                "status: open",
                f"summary: {_sentence(rng, [], src)}",
                f"sources: [{', '.join(src)}]",
                f"tags: [{rng.choice(WORDS)}]",
            ],
            _paragraphs(rng, linkable, src, 2),
        )
    for id_ in ids["agreements"]:
        src = cite(3)
        parties = ", ".join(rng.sample(actors, k=min(2, len(actors))))
        _write(
            content / "agreements" / f"{id_}.md",
            [
                f"title: Arrangement on {rng.choice(WORDS)} {id_[-5:]}",
                "status: in-force",
                f"parties: [{parties}]",
                "announced: 2025-03-18",
                "duration_days: 30",
                f"summary: {_sentence(rng, [], src)}",
                "covers:",
                f"  - {_sentence(rng, [], src)}",
                f"  - {_sentence(rng, [], src)}",
                "excludes:",
                f"  - {_sentence(rng, [], src)}",
                f"sources: [{', '.join(src)}]",
            ],
            _paragraphs(rng, linkable, src, 2),
        )
    seen_pairs: set[tuple[str, str, str]] = set()
    for id_ in ids["positions"]:
        src = cite()
        actor, subject, day = rng.choice(actors), rng.choice(subjects), _day(rng)
        while (actor, subject, day) in seen_pairs:
            day = _day(rng)
        seen_pairs.add((actor, subject, day))
        _write(
            content / "positions" / f"{id_}.md",
            [
                f"actor: {actor}",
                f"subject: {subject}",
                f"stance: {rng.choice(STANCES)}",
                f"summary: {_sentence(rng, [], src)}",
                f"as_of: {day}",
                f"sources: [{', '.join(src)}]",
            ],
            _paragraphs(rng, linkable, src, 1),
        )
    for id_ in ids["assessments"]:
        src = cite()
        _write(
            content / "assessments" / f"{id_}.md",
            [
                f"assessor: {rng.choice(actors)}",
                f"subject: {rng.choice(subjects)}",
                f"verdict: {rng.choice(VERDICTS)}",
                "claims:",
                f"  - {_sentence(rng, [], src)}",
                f"  - {_sentence(rng, [], src)}",
                f"date: {_day(rng)}",
                f"sources: [{', '.join(src)}]",
            ],
            _paragraphs(rng, linkable, src, 1),
        )
    for id_ in ids["events"]:
        src = cite()
        who = ", ".join(rng.sample(actors, k=min(3, len(actors))))
        _write(
            content / "events" / f"{id_}.md",
            [
                f"title: Meeting on {rng.choice(WORDS)} {id_[-5:]}",
                f"date: {_day(rng)}",
                "kind: talks",
                f"participants: [{who}]",
                f"place: {rng.choice(LAST)} City",
                f"related: [{rng.choice(subjects)}]",
                f"sources: [{', '.join(src)}]",
            ],
            _paragraphs(rng, linkable, src, 2),
        )
    for i, id_ in enumerate(sources):
        fields = [
            f"title: Report number {i} on {rng.choice(WORDS)}",
            f"outlet: Outlet {i % 40}",
            "kind: newspaper",
            f"published: {_day(rng)}",
        ]
        if i % 3:
            fields.append(f"url: https://outlet{i % 40}.example.org/story/{i}")
        _write(content / "sources" / f"{id_}.md", fields, "")
    uncited = [s for s in sources if s not in cited]
    lead = ids["agreements"][0]
    facts = "\n".join(
        f"  - label: Fact {k}\n    value: {_sentence(rng, [], uncited or sources)}"
        for k in range(3)
    )
    cited.update(uncited)
    (content / "briefing.yaml").write_text(
        f"title: Synthetic briefing of {n} entities\nas_of: 2025-12-31\n"
        "subtitle: Generated content for benchmarks and tests\n"
        "publisher: The benchmark desk\n"
        f"lead_agreement: {lead}\nbottom_line:\n  - {_sentence(rng, [lead], sources)}\n"
        f"key_facts:\n{facts}\n"
        f"sources: [{', '.join(uncited)}]\n"
        "glossary:\n  - term: NATO\n    expansion: North Atlantic Treaty Organization\n",
        encoding="utf-8",
    )
    return ids

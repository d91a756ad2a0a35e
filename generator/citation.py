"""How to cite the briefing: a ready reference, BibTeX and CSL-JSON, from its settings.

All three are built from the same fields (publisher, title, edition, dates and address),
so they never disagree with each other or with the cover of the PDF.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass

from .schema import Settings
from .writer import format_date


@dataclass(frozen=True)
class Citation:
    """The briefing's citation in the three forms readers ask for."""

    text: str
    bibtex: str
    csl_json: str


def _bibtex_value(text: str) -> str:
    # Braces keep capitals as written; characters BibTeX treats specially are escaped.
    escaped = re.sub(r"([{}\\&%$#_^~])", r"\\\1", text)
    return "{" + escaped + "}"


def _key(settings: Settings) -> str:
    words = re.findall(r"[A-Za-z0-9]+", settings.title)[:3]
    day = settings.published or settings.as_of
    return "".join(w.lower() for w in words) + str(day.year)


def cite(settings: Settings) -> Citation:
    """The citation of the briefing described by `settings`."""
    day = settings.published or settings.as_of
    parts = [f"{settings.publisher} ({day.year}).", f"{settings.title}."]
    if settings.edition:
        parts.append(f"{settings.edition}.")
    parts.append(f"Information as of {format_date(settings.as_of)}.")
    if settings.site_url:
        parts.append(f"{settings.site_url}")
    text = " ".join(parts)
    fields = {
        "author": _bibtex_value(settings.publisher),
        "title": _bibtex_value(settings.title),
        "institution": _bibtex_value(settings.publisher),
        "type": "{Briefing}",
        "year": str(day.year),
        "month": str(day.month),
        "note": _bibtex_value(f"Information as of {format_date(settings.as_of)}"),
    }
    if settings.edition:
        fields["edition"] = _bibtex_value(settings.edition)
    if settings.site_url:
        fields["url"] = _bibtex_value(settings.site_url)
    body = ",\n".join(f"  {name} = {value}" for name, value in fields.items())
    bibtex = f"@techreport{{{_key(settings)},\n{body}\n}}"
    item: dict[str, object] = {
        "id": _key(settings),
        "type": "report",
        "title": settings.title,
        "author": [{"literal": settings.publisher}],
        "publisher": settings.publisher,
        "issued": {"date-parts": [[day.year, day.month, day.day]]},
        "note": f"Information as of {settings.as_of.isoformat()}",
        "language": settings.language,
    }
    if settings.edition:
        item["edition"] = settings.edition
    if settings.site_url:
        item["URL"] = settings.site_url
    return Citation(text, bibtex, json.dumps([item], indent=2, ensure_ascii=False))

"""How to cite the briefing: a ready reference, BibTeX and CSL-JSON, from its settings.

All three are built from the same fields (publisher, title, edition, dates and address),
so they never disagree with each other or with the cover of the PDF.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass

from pylatexenc.latexencode import RULE_DICT, UnicodeToLatexConversionRule, UnicodeToLatexEncoder

from generator.model.i18n import _, format_date, full_stop
from generator.model.schema import Settings


@dataclass(frozen=True)
class Citation:
    """The briefing's citation in the three forms readers ask for."""

    text: str
    bibtex: str
    csl_json: str


# LaTeX's special characters, as pylatexenc spells them; every other character (accents,
# Cyrillic, Arabic) is kept as it is, for BibTeX and biblatex read UTF-8.
_LATEX = UnicodeToLatexEncoder(
    non_ascii_only=False,
    replacement_latex_protection="braces-after-macro",
    unknown_char_policy="keep",
    unknown_char_warning=False,
    conversion_rules=[
        UnicodeToLatexConversionRule(
            rule_type=RULE_DICT,
            rule={
                ord(char): latex
                for char, latex in {
                    "\\": r"\textbackslash",
                    "{": r"\{",
                    "}": r"\}",
                    "&": r"\&",
                    "%": r"\%",
                    "$": r"\$",
                    "#": r"\#",
                    "_": r"\_",
                    "^": r"\textasciicircum",
                    "~": r"\textasciitilde",
                }.items()
            },
        )
    ],
)
_MONTHS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")


def _bibtex_value(text: str) -> str:
    """A field value: LaTeX's specials escaped, in braces that keep capitals as written."""
    return "{" + _LATEX.unicode_to_latex(text) + "}"


def _corporate(name: str) -> str:
    """An author that is an organisation: double braces, so that BibTeX takes the whole
    name as one last name rather than "Briefing, The Ceasefire"."""
    return "{" + _bibtex_value(name) + "}"


def _key(settings: Settings) -> str:
    words = re.findall(r"[A-Za-z0-9]+", settings.title)[:3]
    day = settings.published or settings.as_of
    return "".join(w.lower() for w in words) + str(day.year)


def cite(settings: Settings) -> Citation:
    """The citation of the briefing described by `settings`."""
    day = settings.published or settings.as_of
    as_of = _("Information as of %(day)s") % {"day": format_date(settings.as_of)}
    parts = [f"{settings.publisher} ({day.year}).", full_stop(settings.title)]
    if settings.edition:
        parts.append(full_stop(settings.edition))
    parts.append(full_stop(as_of))
    if settings.site_url:
        parts.append(f"{settings.site_url}")
    text = " ".join(parts)
    fields = {
        "author": _corporate(settings.publisher),
        "title": _bibtex_value(settings.title),
        "institution": _bibtex_value(settings.publisher),
        "type": _bibtex_value(_("Briefing")),
        "year": str(day.year),
        "month": _MONTHS[day.month - 1],  # BibTeX's month macro, unbraced
        "note": _bibtex_value(as_of),
    }
    if settings.edition:
        fields["edition"] = _bibtex_value(settings.edition)
    if settings.site_url:
        # Verbatim, as biblatex and the url package read it (a validated address holds no
        # brace).
        fields["url"] = "{" + settings.site_url + "}"
    body = ",\n".join(f"  {name} = {value}" for name, value in fields.items())
    bibtex = f"@techreport{{{_key(settings)},\n{body}\n}}"
    item: dict[str, object] = {
        "id": _key(settings),
        "type": "report",
        "title": settings.title,
        "author": [{"literal": settings.publisher}],
        "publisher": settings.publisher,
        "issued": {"date-parts": [[day.year, day.month, day.day]]},
        "note": _("Information as of %(day)s") % {"day": settings.as_of.isoformat()},
        "language": settings.language,
    }
    if settings.edition:
        item["edition"] = settings.edition
    if settings.site_url:
        item["URL"] = settings.site_url
    return Citation(text, bibtex, json.dumps([item], indent=2, ensure_ascii=False))

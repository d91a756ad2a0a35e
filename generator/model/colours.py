"""A briefing's colours: one setting for the site, under either builder, and the PDFs.

`colours.primary` and `colours.accent` in briefing.yaml take a name from Material's
palette ("teal") or a brand colour as `#RRGGBB`. Both builders and WeasyPrint get the
same CSS custom properties, written by the generator rather than left to the theme's
palette, so that no builder shows its own default instead. Text in the brand colour is
darkened where needed to keep a contrast of 4.5:1 on white (WCAG AA).
"""

from __future__ import annotations

import re
from typing import Any

from pydantic_core import PydanticCustomError

# Material for MkDocs' palette (its palette stylesheet, `--md-primary-fg-color` and
# `--md-accent-fg-color` for each name); accents it lacks take the primary's colour.
PRIMARY = {
    "red": "#ef5552",
    "pink": "#e92063",
    "purple": "#ab47bd",
    "deep-purple": "#7e56c2",
    "indigo": "#4051b5",
    "blue": "#2094f3",
    "light-blue": "#02a6f2",
    "cyan": "#00bdd6",
    "teal": "#009485",
    "green": "#4cae4f",
    "light-green": "#8bc34b",
    "lime": "#cbdc38",
    "yellow": "#ffec3d",
    "amber": "#ffc105",
    "orange": "#ffa724",
    "deep-orange": "#ff6e42",
    "brown": "#795649",
    "grey": "#757575",
    "blue-grey": "#546d78",
    "black": "#000000",
    "white": "#ffffff",
}
ACCENT = {
    **PRIMARY,
    "red": "#ff1a47",
    "pink": "#f50056",
    "purple": "#df41fb",
    "deep-purple": "#7c4dff",
    "indigo": "#526cfe",
    "blue": "#4287ff",
    "light-blue": "#0091eb",
    "cyan": "#00bad6",
    "teal": "#00bda4",
    "green": "#00c753",
    "light-green": "#63de17",
    "lime": "#b0eb00",
    "amber": "#ffaa00",
}
_HEX = re.compile(r"#([0-9a-fA-F]{3}|[0-9a-fA-F]{6})")


def parse_colour(value: Any) -> str:
    """A palette name, or a hex colour normalised to lowercase `#rrggbb`."""
    if isinstance(value, str):
        if value in PRIMARY:
            return value
        if _HEX.fullmatch(value):
            digits = value[1:].lower()
            return "#" + (digits if len(digits) == 6 else "".join(c * 2 for c in digits))
    raise PydanticCustomError(
        "invalid_colour",
        "'{value}' is not a colour: give a hex colour such as '#003b5c', or one of {names}",
        {"value": value, "names": ", ".join(PRIMARY)},
    )


def hex_of(colour: str, accent: bool = False) -> str:
    """The `#rrggbb` of a parsed colour."""
    return colour if colour.startswith("#") else (ACCENT if accent else PRIMARY)[colour]


def _rgb(hex_colour: str) -> tuple[int, int, int]:
    return (int(hex_colour[1:3], 16), int(hex_colour[3:5], 16), int(hex_colour[5:7], 16))


def _hex(rgb: tuple[float, float, float]) -> str:
    return "#" + "".join(f"{max(0, min(255, round(c))):02x}" for c in rgb)


def luminance(hex_colour: str) -> float:
    """WCAG relative luminance."""

    def channel(c: int) -> float:
        s = c / 255
        return s / 12.92 if s <= 0.04045 else ((s + 0.055) / 1.055) ** 2.4

    r, g, b = (channel(c) for c in _rgb(hex_colour))
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(a: str, b: str) -> float:
    """WCAG contrast ratio of two colours."""
    la, lb = sorted((luminance(a), luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


def mix(hex_colour: str, other: str, share: float) -> str:
    """`hex_colour` with `share` (0 to 1) of `other` mixed in."""
    a, b = _rgb(hex_colour), _rgb(other)
    return _hex(tuple(x + (y - x) * share for x, y in zip(a, b, strict=True)))  # type: ignore[arg-type]


def readable_on(hex_colour: str, background: str = "#ffffff", ratio: float = 4.5) -> str:
    """The colour, darkened (on a light background) or lightened (on a dark one) in
    small steps until text in it reaches `ratio` against `background`."""
    towards = "#000000" if luminance(background) > 0.18 else "#ffffff"
    for step in range(21):
        candidate = mix(hex_colour, towards, step / 20)
        if contrast(candidate, background) >= ratio:
            return candidate
    return towards


def text_on(hex_colour: str) -> str:
    """Black or white, whichever reads better on a background of `hex_colour`."""
    return (
        "#000000"
        if contrast(hex_colour, "#000000") >= contrast(hex_colour, "#ffffff")
        else "#ffffff"
    )


def site_css(primary: str, accent: str) -> str:
    """The stylesheet that gives the site the briefing's colours, under either builder."""
    p, a = hex_of(primary), hex_of(accent, accent=True)
    on_primary = text_on(p)
    slate_bg = "#1e2129"
    return (
        "/* The briefing's colours (briefing.yaml `colours`), written by the generator. */\n"
        "body[data-md-color-primary], body {\n"
        f"  --md-primary-fg-color: {p};\n"
        f"  --md-primary-fg-color--light: {mix(p, '#ffffff', 0.2)};\n"
        f"  --md-primary-fg-color--dark: {mix(p, '#000000', 0.2)};\n"
        f"  --md-primary-bg-color: {on_primary};\n"
        f"  --md-primary-bg-color--light: {on_primary}b3;\n"
        f"  --md-accent-fg-color: {readable_on(a, '#ffffff', 3)};\n"
        f"  --md-accent-fg-color--transparent: {a}1a;\n"
        f"  --md-typeset-a-color: {readable_on(p)};\n"
        "}\n"
        "/* Zensical's modern look keeps a neutral header; the brand colour goes there too. */\n"
        ".md-header, .md-tabs {\n"
        "  background-color: var(--md-primary-fg-color);\n"
        "  color: var(--md-primary-bg-color);\n"
        "}\n"
        ".md-header .md-search__button {\n"
        "  color: var(--md-default-fg-color);\n"
        "  background-color: var(--md-default-bg-color);\n"
        "}\n"
        'body[data-md-color-scheme="slate"][data-md-color-primary] {\n'
        f"  --md-typeset-a-color: {readable_on(p, slate_bg)};\n"
        f"  --md-accent-fg-color: {readable_on(a, slate_bg, 3)};\n"
        "}\n"
    )


def pdf_css(primary: str) -> str:
    """The custom properties the PDF's stylesheet reads for the briefing's colour."""
    p = hex_of(primary)
    return (
        f":root {{\n  --brand: {readable_on(p)};\n  --brand-tint: {mix(p, '#ffffff', 0.93)};\n}}\n"
    )

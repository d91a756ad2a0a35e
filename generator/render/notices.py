"""What the pages of a translation tell readers about it: that an entry is not
translated yet and is shown in the original language, or that its translation was made
from an earlier version of the original."""

from __future__ import annotations

from generator.model.entries import LinkedBriefing, entry_path
from generator.model.i18n import _
from generator.render.pages import Page

HOME = "index.md"


def untranslated_notice(original: str) -> str:
    """An admonition: the page is shown in the original language."""
    return _admonition(
        "note",
        _("Not translated yet"),
        _(
            "This page has not been translated yet, so it is shown in the original "
            "language (%(language)s)."
        )
        % {"language": original},
    )


def stale_notice(original: str) -> str:
    """An admonition: the original changed after the translation was made."""
    return _admonition(
        "warning",
        _("Translation out of date"),
        _(
            "The original of this page has changed since it was translated, so this "
            "translation may not say everything the original (%(language)s) now says. "
            "The language menu leads to the original."
        )
        % {"language": original},
    )


def _admonition(kind: str, title: str, text: str) -> str:
    quoted = title.replace('"', "'")
    return f'!!! {kind} "{quoted}"\n\n    {text}\n'


def mark_translation(
    pages: dict[str, Page], linked: LinkedBriefing, state: dict[str, str], original: str
) -> dict[str, Page]:
    """The pages of a translation, each page of an entry (and the home page) that is
    untranslated or stale saying so under its title.

    `state` is the translation's (content/translations.py): "current" or "stale" by id,
    "settings" for the home page; `original` names the original language.
    """
    owners = {entry_path(e): e.id for e in linked.entries.values()}
    owners[HOME] = "settings"
    marked = dict(pages)
    for path, owner in owners.items():
        page = pages.get(path)
        status = state.get(owner)
        if page is None or status == "current":
            continue
        notice = stale_notice(original) if status == "stale" else untranslated_notice(original)
        marked[path] = Page(page.path, _under_title(page.text, notice), page.depends)
    return marked


def _under_title(text: str, notice: str) -> str:
    """`text` with `notice` after its first level-one heading (after the front matter)."""
    lines = text.split("\n")
    start = 0
    if lines and lines[0] == "---":
        start = lines.index("---", 1) + 1
    for index in range(start, len(lines)):
        if lines[index].startswith("# "):
            return "\n".join([*lines[: index + 1], "", notice, *lines[index + 1 :]])
    return "\n".join([*lines[:start], notice, *lines[start:]])

"""What the pages of a translation tell readers about it: that an entry is not
translated yet and is shown in the original language, or that its translation was made
from an earlier version of the original."""

from __future__ import annotations

from generator.content.translations import SETTINGS_KEY, Translation
from generator.model.entries import LinkedBriefing, entry_path
from generator.model.i18n import _
from generator.model.walk import SETTINGS_SHOWN_ON
from generator.render.pages import Page


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


def partial_notice(original: str) -> str:
    """An admonition: some of the page's text is shown in the original language."""
    return _admonition(
        "note",
        _("Partly translated"),
        _(
            "Some of the text on this page has not been translated yet and is shown in "
            "the original language (%(language)s)."
        )
        % {"language": original},
    )


def _admonition(kind: str, title: str, text: str) -> str:
    quoted = title.replace('"', "'")
    # briefing-notice: left out of the search index (markdown/search.py).
    return f'!!! {kind} briefing-notice "{quoted}"\n\n    {text}\n'


def mark_translation(
    pages: dict[str, Page], linked: LinkedBriefing, translation: Translation, original: str
) -> dict[str, Page]:
    """The pages of a translation, each page of an entry (and each page of the settings'
    text) saying under its title if it is untranslated, out of date, or partly
    translated. `original` names the original language.

    Sources are bibliographic records, cited in the language they were published in:
    their pages are not marked.
    """
    cited = set(linked.registry.cited)
    owners: dict[str, tuple[str, frozenset[str] | None]] = {
        entry_path(e): (e.id, None) for e in linked.entries.values() if e.collection not in cited
    }
    owners.update({path: (SETTINGS_KEY, shown) for path, shown in SETTINGS_SHOWN_ON.items()})
    marked = dict(pages)
    for path, (owner, shown) in owners.items():
        page = pages.get(path)
        if page is None:
            continue
        notice = _notice(translation, owner, shown, original)
        if notice:
            marked[path] = Page(page.path, _under_title(page.text, notice), page.depends)
    return marked


def edition_note(linked: LinkedBriefing, translation: Translation, original: str) -> str:
    """What the PDFs of a translation tell readers on their first page: that parts of
    it are given in the original language, if any are (sources aside)."""
    cited = set(linked.registry.cited)
    owners = [e.id for e in linked.entries.values() if e.collection not in cited]
    owners.append(SETTINGS_KEY)
    if not any(_notice(translation, owner, None, original) for owner in owners):
        return ""
    return _(
        "Parts of this edition are not translated yet, or were translated from an earlier "
        "version, and are given as in the original (%(language)s)."
    ) % {"language": original}


def _notice(
    translation: Translation, owner: str, shown: frozenset[str] | None, original: str
) -> str:
    status = translation.state.get(owner)
    if status is None:
        return untranslated_notice(original)
    if status == "stale":
        return stale_notice(original)
    missing = translation.missing.get(owner, frozenset())
    if shown is not None:
        missing = missing & shown
    return partial_notice(original) if missing else ""


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

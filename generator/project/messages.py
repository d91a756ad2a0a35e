"""The message catalogs: the generator's own words in each language.

Catalogs are gettext `.po` files in `locale/` of the template folders: the generator
ships `locale/briefing.pot` (every message, in English) and a catalog per language
(`locale/uk.po`, `locale/de.po`, …); a project's own `site_templates/locale/<lang>.po`
overrides any message of them, one by one, or adds a language. A message neither
translates falls back to its English text, and `briefing validate` says which ones
(`untranslated`).

The `.po` files are read as they are (Babel's reader), so a translator edits one file
and sees the result on the next build; there is no compiled `.mo` to forget.
"""

from __future__ import annotations

import datetime as dt
import gettext
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from babel import UnknownLocaleError
from babel.messages.catalog import Catalog
from babel.messages.pofile import PoFileError, read_po

from generator.model.errors import BriefingError
from generator.model.i18n import Messages
from generator.project.layout import Project

_EPOCH = dt.datetime(1970, 1, 1, tzinfo=dt.UTC)

TEMPLATE = "briefing.pot"
"""The catalog template: every message the generator and its templates write."""


class CatalogError(BriefingError):
    """A catalog cannot be read."""


@dataclass(frozen=True)
class CatalogFile:
    path: Path
    mtime_ns: int
    size: int


def _candidates(language: str) -> list[str]:
    tag = language.replace("_", "-")
    primary = tag.split("-")[0]
    return list(dict.fromkeys([tag, tag.lower(), primary.lower()]))


def catalog_files(project: Project, language: str) -> list[Path]:
    """The `.po` files for `language`, the generator's first, the project's last."""
    found = []
    for folder in reversed(project.template_dirs):
        for name in _candidates(language):
            path = folder / "locale" / f"{name}.po"
            if path.is_file():
                found.append(path)
                break
    return found


def messages_for(project: Project, language: str) -> Messages:
    """The messages of `language`: the shipped catalog with the project's laid over it."""
    files = tuple(
        CatalogFile(p, (s := p.stat()).st_mtime_ns, s.st_size)
        for p in catalog_files(project, language)
    )
    return _messages(language, files)


class _Translations(gettext.GNUTranslations):
    """gettext's lookups over a dictionary built from `.po` files."""

    def __init__(self, entries: dict[object, str], plural: Callable[[int], int]) -> None:
        gettext.NullTranslations.__init__(self)
        self._catalog = entries
        self.plural = plural


@lru_cache(maxsize=32)
def _messages(language: str, files: tuple[CatalogFile, ...]) -> Messages:
    entries: dict[object, str] = {}
    # The language's plural rule from Babel's locale data, whatever a file's header says
    # (a project's catalog without one must not change the shipped catalog's plurals).
    plural: Callable[[int], int] = gettext.c2py(_plural_expr(language))
    for file in files:  # the project's catalog last, so that its translations win
        catalog = _catalog(file)
        broken = _broken(catalog)
        for message in catalog:
            if not message.id or not message.string or message.fuzzy or message.id in broken:
                continue
            if not isinstance(message.id, str):
                forms = message.string if isinstance(message.string, (tuple, list)) else ()
                if forms and all(forms):
                    key = _key(message.context, _first(message.id))
                    entries.update({(key, i): text for i, text in enumerate(forms)})
            elif isinstance(message.string, str):
                entries[_key(message.context, message.id)] = message.string
    return Messages(language, _Translations(entries, plural))


def _plural_expr(language: str) -> str:
    from babel.messages.plurals import get_plural

    try:
        return get_plural(language.replace("-", "_")).plural_expr
    except (ValueError, UnknownLocaleError):
        return "(n != 1)"


@lru_cache(maxsize=64)
def _broken(catalog: Catalog) -> frozenset[object]:
    """Messages whose translation would fail where it is used: placeholders that are
    not the English's, or the wrong number of plural forms (Babel's checks). They are
    left out, so the English is shown, and `untranslated` reports them."""
    return frozenset(
        message.id if isinstance(message.id, str) else tuple(message.id)
        for message, errors in catalog.check()
        if errors
    )


def _first(message_id: str | tuple[str, ...] | list[str]) -> str:
    # A message with plural forms is known by its singular.
    return message_id if isinstance(message_id, str) else message_id[0]


def _key(context: str | None, message_id: str) -> str:
    # gettext's own key for a message with a context: "context\x04message".
    return f"{context}\x04{message_id}" if context else message_id


@lru_cache(maxsize=64)
def _catalog(file: CatalogFile) -> Catalog:
    try:
        with file.path.open("rb") as handle:
            return read_po(handle, abort_invalid=True)
    except (PoFileError, ValueError, UnicodeDecodeError) as error:
        raise CatalogError(f"{file.path}: not a readable message catalog: {error}") from None


def template_ids(project: Project) -> list[tuple[str | None, str]]:
    """Every message of the catalog template, as (context, English text)."""
    ids = []
    for message in _template(project):
        if message.id:
            ids.append((message.context, _first(message.id)))
    return ids


def broken_translations(project: Project, language: str) -> list[str]:
    """A line for each translation of `language`'s catalogs that Babel's checks refuse
    (and that is therefore not used): its file, its English text and the problem."""
    found = []
    for path in catalog_files(project, language):
        stat = path.stat()
        catalog = _catalog(CatalogFile(path, stat.st_mtime_ns, stat.st_size))
        for message, errors in catalog.check():
            if errors:
                problem = "; ".join(str(e) for e in errors)
                found.append(f"{path.name}: {_first(message.id)!r}: {problem}")
    return found


def untranslated(project: Project, language: str) -> list[str]:
    """The English texts of the messages that `language` has no translation for.

    English itself needs none.
    """
    if language.split("-")[0].lower() == "en":
        return []
    messages = messages_for(project, language)
    known = messages.translations._catalog  # type: ignore[attr-defined]  # our _Translations
    missing = []
    for context, text in template_ids(project):
        key = _key(context, text)
        if key not in known and (key, 0) not in known:
            missing.append(text)
    return missing


KEYWORDS = {"_": None, "N_": None, "ngettext": (1, 2), "pgettext": ((1, "c"), 2)}
"""The functions that mark a message, in the code and in the templates."""

_JINJA_OPTIONS = {
    "extensions": "jinja2.ext.i18n",
    "trim_blocks": "true",
    "lstrip_blocks": "true",
}


def extract(project: Project) -> Catalog:
    """Every message the generator's code and the template folders write, in English."""
    from babel.messages.extract import extract_from_dir

    import generator

    catalog = Catalog(project="briefwright", fuzzy=False, header_comment=_POT_HEADER)
    sources: list[tuple[Path, list[tuple[str, str]]]] = [
        (Path(generator.__file__).parent, [("**.py", "python")]),
    ]
    for folder in reversed(project.template_dirs):
        sources.append((folder, [("**.j2", "jinja2.ext:babel_extract")]))
    for base, method_map in sources:
        options = {pattern: _JINJA_OPTIONS for pattern, method in method_map if "jinja" in method}
        found = extract_from_dir(
            str(base), method_map, options, keywords=KEYWORDS, strip_comment_tags=True
        )
        for filename, lineno, message, comments, context in found:
            where = (Path(filename).as_posix(), lineno)
            catalog.add(message, None, [where], auto_comments=comments, context=context)
    return catalog


_POT_HEADER = """\
# The messages the briefing generator writes itself: headings, labels, badges,
# sentences and page furniture, in English. Generated by `briefing messages extract`;
# each language's catalog beside it (uk.po, de.po, ...) translates them."""


_NOISE = (
    '"POT-Creation-Date',
    '"PO-Revision-Date',
    '"Generated-By',
    '"Report-Msgid-Bugs-To',
    '"Last-Translator',
    '"Language-Team',
)


def write_catalog(catalog: Catalog, path: Path) -> None:
    """Write `catalog` as a `.po` (or `.pot`) file, with no dates, so that the same
    messages give the same file."""
    import io

    from babel.messages.pofile import write_po

    catalog.creation_date = catalog.revision_date = _EPOCH
    buffer = io.BytesIO()
    write_po(buffer, catalog, width=88, sort_output=False, omit_header=False)
    text = buffer.getvalue().decode("utf-8")
    # Dates, Babel's version and placeholder addresses would only make diffs noisy.
    text = "\n".join(line for line in text.splitlines() if not line.startswith(_NOISE))
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text + "\n", encoding="utf-8")


def init_catalog(project: Project, language: str, path: Path) -> Catalog:
    """A catalog of `language` with every message of the template: the translation
    already known (shipped, or in `path`) where there is one, else empty."""
    from babel import Locale

    template = _template(project)
    messages = messages_for(project, language)
    known = messages.translations._catalog  # type: ignore[attr-defined]
    locale = Locale.parse(language.replace("-", "_"))
    catalog = Catalog(
        locale=locale,
        project="briefwright",
        fuzzy=False,
        header_comment=f"# {locale.english_name}: the briefing generator's messages, translated.\n"
        '# Made with `briefing messages init`; see CONTRIBUTING.md, "Translating".',
    )
    for message in template:
        if not message.id:
            continue
        key = _key(message.context, _first(message.id))
        if isinstance(message.id, str):
            string: str | tuple[str, ...] = known.get(key, "")
        else:
            forms = catalog.num_plurals
            string = tuple(known.get((key, i), "") for i in range(forms))
        catalog.add(message.id, string, message.locations, context=message.context)
    return catalog


def _template(project: Project) -> Catalog:
    path = project.find(f"locale/{TEMPLATE}")
    stat = path.stat()
    return _catalog(CatalogFile(path, stat.st_mtime_ns, stat.st_size))

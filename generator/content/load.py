"""Load: read `content/` into raw records, with positions, reporting unreadable files."""

from __future__ import annotations

import os
import re
import stat
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path

from generator.model.diagnostics import Diagnostic, diagnostic
from generator.model.entries import RawRecord
from generator.model.limits import MAX_FILE_BYTES
from generator.model.schema import ID_RE, RESERVED_IDS
from generator.model.yamlpos import YamlProblem, parse_yaml
from generator.project.layout import Project

SETTINGS_FILE = "briefing.yaml"
TRANSLATION_FILE = re.compile(
    r"^(?P<stem>[^.]+)\.(?P<language>[a-z]{2,3}(?:-[A-Za-z0-9]{2,8})*)\.(?P<ext>md|yaml)$"
)
"""A translation beside its original: `<id>.<language>.md`, `briefing.<language>.yaml`."""
_IGNORED = {"README.md", ".gitkeep"}


@dataclass
class RawContent:
    """Everything read from disk, before validation."""

    root: Path
    settings: RawRecord | None
    records: list[RawRecord] = field(default_factory=list)
    diagnostics: list[Diagnostic] = field(default_factory=list)
    # Every content file with a valid id, readable or not: a reference to a file that
    # failed to parse is not also reported as dangling.
    present: dict[str, tuple[str, str]] = field(default_factory=dict)
    translations: dict[str, dict[str, RawRecord]] = field(default_factory=dict)
    """Translation files by language, then by what they translate: "<collection>/<id>",
    or "briefing.yaml"; checked against their originals by content/translations.py."""


def _not_regular(mode: int) -> str | None:
    """Why a file of this mode is refused as content, or None for a regular file."""
    if stat.S_ISREG(mode):
        return None
    if stat.S_ISLNK(mode):
        return "is a symbolic link"
    if stat.S_ISDIR(mode):
        return "is a folder"
    return "is a device, pipe or socket, not a file"


def _read_bytes(path: Path, rel: str, diags: list[Diagnostic]) -> bytes | None:
    """The bytes of a regular file of at most MAX_FILE_BYTES, or None after saying why not.

    A symbolic link could publish a file from outside the project, and a device or pipe
    could be read for ever; both are refused, and the size is checked before reading.
    """
    try:
        # O_NOFOLLOW refuses a link swapped in after the folder was listed; O_NONBLOCK
        # keeps opening a pipe from waiting for a writer.
        fd = os.open(path, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK)
    except OSError as exc:
        if path.is_symlink():
            diags.append(diagnostic(rel, 1, 1, "not-a-regular-file", f"{rel} is a symbolic link"))
        elif path.is_dir():
            diags.append(diagnostic(rel, 1, 1, "unreadable-file", f"{rel} is a folder, not a file"))
        else:
            reason = exc.strerror or type(exc).__name__
            message = f"{rel} cannot be read: {reason}"
            diags.append(diagnostic(rel, 1, 1, "unreadable-file", message))
        return None
    try:
        info = os.fstat(fd)
        why = _not_regular(info.st_mode)
        if why == "is a folder":
            diags.append(diagnostic(rel, 1, 1, "unreadable-file", f"{rel} is a folder, not a file"))
            return None
        if why:
            diags.append(diagnostic(rel, 1, 1, "not-a-regular-file", f"{rel} {why}"))
            return None
        with os.fdopen(os.dup(fd), "rb") as handle:
            data = handle.read(MAX_FILE_BYTES + 1)
    except OSError as exc:
        reason = exc.strerror or type(exc).__name__
        diags.append(diagnostic(rel, 1, 1, "unreadable-file", f"{rel} cannot be read: {reason}"))
        return None
    finally:
        os.close(fd)
    if len(data) > MAX_FILE_BYTES:
        size = f"{max(info.st_size, len(data)) / 1024:,.0f} KB"
        message = f"{rel} is {size}; a content file may hold at most {MAX_FILE_BYTES // 1024} KB"
        diags.append(diagnostic(rel, 1, 1, "file-too-large", message))
        return None
    return data


def _read_text(path: Path, rel: str, diags: list[Diagnostic]) -> str | None:
    """The file's text, or None after reporting why it cannot be read."""
    data = _read_bytes(path, rel, diags)
    return None if data is None else _decode(data, rel, diags)


def _decode(data: bytes, rel: str, diags: list[Diagnostic]) -> str | None:
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        # Lines end in LF, CRLF or CR; the column counts characters, not bytes.
        before = data[: exc.start].replace(b"\r\n", b"\n").replace(b"\r", b"\n")
        line = before.count(b"\n") + 1
        col = len(before[before.rfind(b"\n") + 1 :].decode("utf-8", "replace")) + 1
        diags.append(
            diagnostic(
                rel, line, col, "not-utf8", f"byte 0x{data[exc.start]:02x} is not valid UTF-8"
            )
        )
        return None
    return text.removeprefix("\ufeff").replace("\r\n", "\n").replace("\r", "\n")


def _split_front_matter(
    text: str, rel: str, diags: list[Diagnostic]
) -> tuple[str, str, int] | None:
    """Return (front matter, body, body's first line), or None after reporting why not."""
    if not text.strip():
        diags.append(diagnostic(rel, 1, 1, "empty-file", "the file is empty"))
        return None
    if not text.startswith("---\n") and text.rstrip("\n") != "---":
        diags.append(diagnostic(rel, 1, 1, "no-front-matter", "the file does not start with '---'"))
        return None
    lines = text.split("\n")
    for index in range(1, len(lines)):
        if lines[index].rstrip() in ("---", "..."):
            return "\n".join(lines[1:index]), "\n".join(lines[index + 1 :]), index + 2
    diags.append(
        diagnostic(
            rel,
            1,
            1,
            "unclosed-front-matter",
            "the front matter that starts on line 1 is never closed by '---'",
        )
    )
    return None


def read_yaml_record(
    text: str, rel: str, collection: str, id_: str, first_line: int, diags: list[Diagnostic]
) -> RawRecord | None:
    """Parse YAML text that starts on `first_line` of file `rel` into a record."""
    try:
        parsed = parse_yaml(text, first_line)
    except YamlProblem as problem:
        diags.append(diagnostic(rel, problem.line, problem.col, problem.code, problem.message))
        return None
    for dup in parsed.duplicates:
        diags.append(diagnostic(rel, dup.line, dup.col, dup.code, dup.message))
    if not isinstance(parsed.data, dict):
        kind = "empty" if parsed.data is None else type(parsed.data).__name__
        diags.append(
            diagnostic(
                rel,
                first_line,
                1,
                "not-a-mapping",
                f"expected 'field: value' lines, found {kind} content",
            )
        )
        return None
    return RawRecord(collection, id_, rel, parsed.data, parsed.positions, parsed.key_positions)


def read_entity(path: Path, rel: str, collection: str, diags: list[Diagnostic]) -> RawRecord | None:
    """Read one `content/<collection>/<id>.md` file."""
    id_ = path.stem
    if not ID_RE.match(id_):
        diags.append(diagnostic(rel, 1, 1, "invalid-id", f"'{path.name}' is not a valid id"))
        return None
    if id_ in RESERVED_IDS:
        diags.append(
            diagnostic(
                rel,
                1,
                1,
                "invalid-id",
                f"'{id_}' is reserved for the collection's list page",
                "give the file another name",
            )
        )
        return None
    return read_front_matter_file(path, rel, collection, id_, diags)


def read_front_matter_file(
    path: Path, rel: str, collection: str, id_: str, diags: list[Diagnostic]
) -> RawRecord | None:
    """Read a file of front matter and a body as the record `id_` of `collection` (an
    entry, or the translation of one)."""
    text = _read_text(path, rel, diags)
    if text is None:
        return None
    split = _split_front_matter(text, rel, diags)
    if split is None:
        return None
    front, body, body_line = split
    record = read_yaml_record(front, rel, collection, id_, 2, diags)
    if record is not None:
        record.body, record.body_line = body, body_line
    return record


FileCache = dict[str, tuple[tuple[int, ...], "RawRecord | None", list[Diagnostic]]]
"""Parsed files by path, with the stat signature they were read at."""


def _read_settings(path: Path, rel: str, diags: list[Diagnostic]) -> RawRecord | None:
    text = _read_text(path, rel, diags)
    if text is None:
        return None
    return read_yaml_record(text, rel, "settings", "settings", 1, diags)


def _cached(
    cache: FileCache | None,
    path: Path,
    rel: str,
    diags: list[Diagnostic],
    read: Callable[[list[Diagnostic]], RawRecord | None],
) -> RawRecord | None:
    """Read a file, or reuse what it gave last time if it has not changed since."""
    if cache is None:
        return read(diags)
    try:
        info = path.lstat()
    except OSError:
        return read(diags)  # reports the file as unreadable
    # ctime and inode catch edits that keep the size and the modification time.
    key = (info.st_mtime_ns, info.st_ctime_ns, info.st_ino, info.st_size, info.st_mode)
    hit = cache.get(rel)
    if hit is not None and hit[0] == key:
        diags.extend(hit[2])
        return hit[1]
    found: list[Diagnostic] = []
    record = read(found)
    cache[rel] = (key, record, found)
    diags.extend(found)
    return record


def load_content(project: Project, cache: FileCache | None = None) -> RawContent:
    """Read every content file of `project`, sorted, collecting all problems.

    With a `cache` from an earlier call, files whose size and modification time have not
    changed are not read again: the preview server reruns this on every save.
    """
    root = project.root
    collections = project.registry.names
    content = project.content
    diags: list[Diagnostic] = []
    settings = None
    settings_path = content / SETTINGS_FILE
    rel_settings = f"content/{SETTINGS_FILE}"
    if settings_path.exists() or settings_path.is_symlink():
        settings = _cached(
            cache,
            settings_path,
            rel_settings,
            diags,
            partial(_read_settings, settings_path, rel_settings),
        )
    else:
        diags.append(
            diagnostic(
                f"content/{SETTINGS_FILE}",
                1,
                1,
                "missing-settings",
                f"content/{SETTINGS_FILE} does not exist",
            )
        )
    raw = RawContent(root, settings, diagnostics=diags)
    if not content.is_dir():
        return raw
    for entry in sorted(content.iterdir()):
        rel = f"content/{entry.name}"
        if entry.name.startswith(".") or entry.name in _IGNORED or entry.name == SETTINGS_FILE:
            continue
        found = TRANSLATION_FILE.match(entry.name)
        if found and found["stem"] + ".yaml" == SETTINGS_FILE and entry.is_file():
            record = _cached(cache, entry, rel, diags, partial(_read_settings, entry, rel))
            if record is not None:
                raw.translations.setdefault(found["language"], {})[SETTINGS_FILE] = record
            continue
        if entry.is_symlink():
            # A linked folder would list, and publish, files from anywhere on the machine.
            diags.append(diagnostic(rel, 1, 1, "not-a-regular-file", f"{rel} is a symbolic link"))
            continue
        if not (entry.is_dir() and entry.name in collections):
            where = "folder" if entry.is_dir() else "file"
            hint = (
                f"collections are: {', '.join(collections)}; a collection of the "
                "briefing's own is declared under `collections:` in briefing.yaml"
            )
            if entry.is_dir() and entry.name in _declared_names(settings):
                hint = f"its declaration in {rel_settings} has an error: fix that first"
            diags.append(
                diagnostic(
                    rel,
                    1,
                    1,
                    "unexpected-file",
                    f"'{entry.name}' is not a collection {where}",
                    hint,
                )
            )
            continue
        for path in sorted(entry.iterdir()):
            file_rel = f"{rel}/{path.name}"
            if path.name.startswith(".") or path.name in _IGNORED:
                continue
            found = TRANSLATION_FILE.match(path.name)
            if found and found["ext"] == "md" and ID_RE.match(found["stem"]):
                record = _cached(
                    cache,
                    path,
                    file_rel,
                    diags,
                    partial(read_front_matter_file, path, file_rel, entry.name, found["stem"]),
                )
                if record is not None:
                    key = f"{record.collection}/{record.id}"
                    raw.translations.setdefault(found["language"], {})[key] = record
                continue
            if path.suffix != ".md":
                diags.append(
                    diagnostic(
                        file_rel,
                        1,
                        1,
                        "unexpected-file",
                        f"'{path.name}' is not a '.md' content file",
                    )
                )
                continue
            if ID_RE.match(path.stem) and path.stem not in RESERVED_IDS:
                raw.present.setdefault(path.stem, (entry.name, file_rel))
            record = _cached(
                cache,
                path,
                file_rel,
                diags,
                partial(read_entity, path, file_rel, entry.name),
            )
            if record is not None:
                raw.records.append(record)
    if cache is not None:
        # Forget files that have gone, so a long preview session does not grow.
        translated = {r.path for by_id in raw.translations.values() for r in by_id.values()}
        read = {r.path for r in raw.records} | {d.path for d in raw.diagnostics} | translated
        for gone in [path for path in cache if path not in read and path != rel_settings]:
            del cache[gone]
    return raw


def _declared_names(settings: RawRecord | None) -> set[str]:
    """The names under `collections:` in briefing.yaml, valid or not."""
    declared = settings.data.get("collections") if settings is not None else None
    return {str(name) for name in declared} if isinstance(declared, dict) else set()

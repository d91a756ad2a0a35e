"""What the commands print besides diagnostics: counts, notes, warnings of a build that
went ahead, and one-line accounts of failed file operations."""

from __future__ import annotations

import errno
import os
import sys
from pathlib import Path

from generator.model.diagnostics import FORMATTERS


def count(n: int, noun: str, plural: str | None = None) -> str:
    """'1 file', '2 files'."""
    return f"{n} {noun if n == 1 else (plural or noun + 's')}"


def report_warnings(diagnostics: list) -> None:
    """A build that went ahead still says what `validate` would have warned about."""
    if diagnostics:
        sys.stderr.write(FORMATTERS["text"](diagnostics))
        sys.stderr.write("the build went ahead; `briefing validate --strict` fails on warnings\n")


def report_content_error(exc: Exception) -> int:
    from generator.model.diagnostics import format_text

    sys.stderr.write(format_text(exc.diagnostics))  # type: ignore[attr-defined]
    sys.stderr.write("build stopped: the content has errors; site/ was left as it was\n")
    return 1


def shown(path: Path, root: Path) -> str:
    """`path` as a user thinks of it: relative to the project if inside it."""
    path, root = Path(os.path.abspath(path)), Path(os.path.abspath(root))
    if path == root or not path.is_relative_to(root):
        return str(path)
    return path.relative_to(root).as_posix()


def os_error_message(exc: OSError, root: Path) -> str:
    """A one-line account of a failed file operation, naming the path the user knows."""
    if exc.errno == errno.ENOSPC:
        # A copy names its source first and its target second; the target is what filled up.
        target = exc.filename2 or exc.filename
        where = f" while writing {shown(Path(os.fsdecode(target)), root)}" if target else ""
        return f"no space left on device{where}"
    if exc.filename is None:
        return exc.strerror or str(exc)
    path = Path(os.fsdecode(exc.filename))
    if exc.errno == errno.ENOTDIR or (exc.errno == errno.EEXIST and not path.is_dir()):
        # Somewhere on the way is a file where a folder should be: name it.
        for place in (path, *path.parents):
            if place.exists() and not place.is_dir():
                return f"cannot write {shown(place, root)}/: it is a file, not a folder"
    if exc.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
        # A read-only filesystem, or a new file refused, is the folder's doing; a file
        # that cannot be rewritten, the file's own.
        if exc.errno == errno.EROFS or path.is_dir() or not path.exists():
            folder = path if path.is_dir() else path.parent
            return f"cannot write {shown(folder, root)}/: {exc.strerror}"
        return f"cannot write {shown(path, root)}: {exc.strerror}"
    return f"{shown(path, root)}: {exc.strerror or exc}"


def note(text: str) -> None:
    sys.stderr.write(f"note: {text}\n")

"""File operations that a crash, a kill or a full disk cannot leave half done.

Every output file is written under a temporary name in its own folder, flushed to disk,
and only then renamed over the real name: a reader, or the next run after a crash, sees
the old file or the new one, never part of one. Folders are swapped with one atomic
exchange where the OS offers it.
"""

from __future__ import annotations

import contextlib
import ctypes
import errno
import os
import secrets
import shutil
import sys
from collections.abc import Callable
from functools import cache
from pathlib import Path

TEMP_SUFFIX = ".tmp"
"""The ending of every temporary file `write_atomic` makes (it also starts with a dot)."""


def write_atomic(path: Path, data: bytes) -> None:
    """Replace `path` by a file holding `data`, all at once; the folder must exist.

    On failure the temporary file is removed, and the OSError raised names `path`
    rather than the temporary file, so that an error message points at what the user
    knows.
    """
    # Unique per process and call: two writers never share a temporary file, and one
    # left behind by a killed process is never mistaken for a finished file.
    tmp = path.with_name(f".{path.name}.{os.getpid()}-{secrets.token_hex(4)}{TEMP_SUFFIX}")
    try:
        # 0o666, less the umask: the same permissions a plain open() would give.
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_CLOEXEC, 0o666)
        try:
            view = memoryview(data)
            while view:
                view = view[os.write(fd, view) :]
            os.fsync(fd)  # the data is on disk before the name points at it
        finally:
            os.close(fd)
        os.replace(tmp, path)
    except BaseException as exc:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        if isinstance(exc, OSError):
            exc.filename, exc.filename2 = str(path), None
        raise


def sync_tree(folder: Path) -> None:
    """Flush every file and folder under `folder` to disk.

    A rename can reach the disk before the data of the files it moves: without this, a
    power cut just after a swap could publish a site of empty files.
    """
    for dirpath, _dirnames, filenames in os.walk(folder):
        for name in [*filenames, "."]:
            fd = os.open(os.path.join(dirpath, name), os.O_RDONLY | os.O_CLOEXEC)
            try:
                os.fsync(fd)
            finally:
                os.close(fd)


def remove(path: Path) -> None:
    """Delete `path`, a folder tree or a file, if it exists."""
    if path.is_dir() and not path.is_symlink():
        shutil.rmtree(path)
    elif path.exists() or path.is_symlink():
        path.unlink()


_AT_FDCWD = -100
_RENAME_EXCHANGE = 2
# What renameat2 answers where the kernel or the filesystem cannot exchange.
_UNSUPPORTED = {errno.ENOSYS, errno.EINVAL, errno.EOPNOTSUPP, errno.ENOTSUP}


@cache
def _renameat2() -> Callable[..., int] | None:
    if sys.platform != "linux":
        return None
    try:
        func = ctypes.CDLL(None, use_errno=True).renameat2  # glibc 2.28 and later
    except (AttributeError, OSError):
        return None
    func.argtypes = [ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p, ctypes.c_uint]
    func.restype = ctypes.c_int
    return func


def exchange(a: Path, b: Path) -> bool:
    """Swap the two existing paths `a` and `b` in one atomic step.

    Returns False, having changed nothing, where the OS or the filesystem cannot do it;
    raises OSError for any other failure.
    """
    func = _renameat2()
    if func is None:
        return False
    if func(_AT_FDCWD, os.fsencode(a), _AT_FDCWD, os.fsencode(b), _RENAME_EXCHANGE) == 0:
        return True
    code = ctypes.get_errno()
    if code in _UNSUPPORTED:
        return False
    raise OSError(code, os.strerror(code), str(a), None, str(b))

"""One briefing command at a time per project: `build`, `pdf` and `serve` share a lock.

Two builds at once would write the same `build/docs/` and swap the same `site/`, each
undoing the other's work. The lock is an `flock` on `build/.lock`, so the kernel releases
it when its holder ends, however it ends: a killed build never leaves a stale lock. The
holder's command and pid are written into the file so that the one turned away can say
who has it.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import threading
import time
from collections.abc import Iterator
from pathlib import Path

from generator.model.errors import BriefingError

LOCK_FILE = Path("build") / ".lock"

_held: dict[Path, int] = {}
"""Locks this process holds, and how deeply: a command's own nested steps (the MkDocs
plugin inside `briefing build` or `serve`) pass straight through."""
_held_guard = threading.Lock()


class ProjectBusy(BriefingError):
    """Another process holds the project's lock."""

    def __init__(self, command: str | None, pid: int | None) -> None:
        holder = f" ({command}, pid {pid})" if command and pid else ""
        super().__init__(
            f"another briefing command{holder} is using this project; wait for it to finish"
        )
        self.command = command
        self.pid = pid


def _holder(fd: int) -> tuple[str | None, int | None]:
    """The command and pid recorded by the lock's holder, if it has written them yet."""
    # The holder writes its record just after taking the lock: give it a moment.
    for _ in range(10):
        record = os.pread(fd, 200, 0).decode("utf-8", "replace").split()
        if len(record) == 2 and record[1].isdigit():
            return record[0], int(record[1])
        time.sleep(0.02)
    return None, None


@contextlib.contextmanager
def project_lock(root: Path, command: str) -> Iterator[None]:
    """Hold the lock of the project at `root` for the `with` block, or raise ProjectBusy.

    `command` names the holder in the message another process gets. Never waits.
    Re-entrant within a process. Raises OSError if `build/` cannot be written.
    """
    path = root.resolve() / LOCK_FILE
    with _held_guard:
        if path in _held:
            _held[path] += 1
            nested = True
        else:
            nested = False
    if nested:
        try:
            yield
        finally:
            with _held_guard:
                _held[path] -= 1
        return
    from generator.project.layout import Project
    from generator.project.paths import check_build_dir

    # Never through a link: a committed `build/.lock -> ~/.bashrc` would be truncated.
    check_build_dir(Project(root))
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_RDWR | os.O_CREAT | os.O_CLOEXEC | os.O_NOFOLLOW, 0o666)
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise ProjectBusy(*_holder(fd)) from None
        # The record only improves the other process's message: a full disk must not
        # stop the command here.
        with contextlib.suppress(OSError):
            os.ftruncate(fd, 0)
            os.pwrite(fd, f"{command} {os.getpid()}\n".encode(), 0)
        with _held_guard:
            _held[path] = 1
        try:
            yield
        finally:
            with _held_guard:
                del _held[path]
            with contextlib.suppress(OSError):
                os.ftruncate(fd, 0)  # still ours: the flock is released by the close below
    finally:
        os.close(fd)

"""The swap of a newly built site into place.

A build is a transaction: the builder writes into a staging folder beside the site, which is
swapped in with one atomic exchange where the OS offers it (two renames otherwise), only
once the whole build has succeeded. A build killed halfway through a swap is finished or
undone by the next one (`recover_swap`); a failed build leaves the previous site as it
was. The caller holds the project's lock.
"""

from __future__ import annotations

import contextlib
import errno
import os
import shutil
from collections.abc import Callable
from pathlib import Path

from generator.project import atomic


def staging_dir(site_dir: Path) -> Path:
    """Where a build writes the new site before swapping it in: beside `site_dir`."""
    return site_dir.with_name(f".{site_dir.name}.building")


def old_dir(site_dir: Path) -> Path:
    """Where the previous site waits during a swap without an atomic exchange."""
    return site_dir.with_name(f".{site_dir.name}.old")


def recover_swap(site_dir: Path) -> str | None:
    """Finish or undo what a build killed during its swap left; say what, if anything.

    Without an atomic exchange, a build killed between its two renames leaves no site,
    only the previous one under `old_dir`: put it back. Beside a site, the old folder is
    leftover garbage, and so is a staging folder, always.
    """
    old = old_dir(site_dir)
    note = None
    if old.exists() or old.is_symlink():
        if site_dir.exists() or site_dir.is_symlink():
            # A leftover must never stop a build: if it cannot go, it waits for the next.
            with contextlib.suppress(OSError):
                atomic.remove(old)
        elif old.is_dir():
            os.rename(old, site_dir)
            note = f"restored {site_dir} from {old.name}, left by an interrupted build"
    staging = staging_dir(site_dir)
    if staging.exists() or staging.is_symlink():
        atomic.remove(staging)
    return note


def swap_into_place(new: Path, final: Path) -> None:
    """Replace `final` with the finished build in `new`, keeping the old one until then.

    With an atomic exchange, `final` exists at every instant. Without one, the old site
    is renamed aside, then the new one into place; a build killed between the two leaves
    the old site under `old_dir`, which the next build's `recover_swap` puts back.
    """
    if not (final.exists() or final.is_symlink()):
        os.rename(new, final)
        return
    if atomic.exchange(new, final):
        shutil.rmtree(new, ignore_errors=True)  # now the old site; leftovers are recovered
        return
    old = old_dir(final)
    atomic.remove(old)
    os.rename(final, old)
    try:
        os.rename(new, final)
    except BaseException:
        os.rename(old, final)  # never leave no site: put the previous one back
        raise
    shutil.rmtree(old, ignore_errors=True)  # what is left is recovered by the next build


def prepare_site_dir(site_dir: Path, report: Callable[[str], None] | None = None) -> None:
    """Check where the site goes, and recover what an interrupted build left there.

    Runs before anything else in a build, so that even a build that then fails on its
    content puts back a site a killed build took away; tells `report` if it did.
    """
    if site_dir.exists() and not site_dir.is_dir():
        raise NotADirectoryError(errno.ENOTDIR, os.strerror(errno.ENOTDIR), str(site_dir))
    note = recover_swap(site_dir)
    if note and report:
        report(note)

"""The build writes only inside the project: no symbolic link on the way to an output.

A pull request can commit a symbolic link where an output belongs (`site -> /home/x`,
`build/docs -> /etc`, `build/.lock -> ~/.bashrc`); `.gitignore`'s `/site/` does not
match a link, so it shows as an ordinary new file. Every path the build writes, removes
or locks is checked without following links (lstat) before anything is touched, and the
lock file is opened with O_NOFOLLOW. A link found is a one-line error naming it.
"""

from __future__ import annotations

import os
from pathlib import Path

from generator.model.errors import BriefingError
from generator.project.layout import Project


class LinkedOutput(BriefingError):
    """A symbolic link stands where the build would read content or write output."""


def _links_on_the_way(root: Path, path: Path) -> Path | None:
    """The first symbolic link among `path` and its parents below `root`, if any."""
    try:
        rel = path.relative_to(root)
    except ValueError:
        # Outside the project (an explicit --site-dir): the path itself must be no link.
        return path if path.is_symlink() else None
    current = root
    for part in rel.parts:
        current = current / part
        if current.is_symlink():
            return current
        if not current.exists():
            return None
    return None


def _first_link_below(folder: Path) -> Path | None:
    """The first symbolic link anywhere inside `folder` (not following any)."""
    if folder.is_symlink() or not folder.is_dir():
        return folder if folder.is_symlink() else None
    for dirpath, dirnames, filenames in os.walk(folder):
        for name in sorted(dirnames + filenames):
            candidate = Path(dirpath) / name
            if candidate.is_symlink():
                return candidate
    return None


def _refuse(root: Path, link: Path, what: str) -> LinkedOutput:
    try:
        shown = link.relative_to(root).as_posix()
    except ValueError:
        shown = str(link)
    target = os.readlink(link)
    return LinkedOutput(
        f"{shown} is a symbolic link (to {target}), where the build {what}; "
        "remove it: the build writes only inside the project"
    )


def check_build_dir(project: Project) -> None:
    """`build/` and what it holds (lock, generated pages, caches): no link anywhere."""
    root = project.root.resolve()
    build = root / project.build.relative_to(project.root)
    link = _links_on_the_way(root, build) or _first_link_below(build)
    if link is not None:
        raise _refuse(root, link, "writes its working files")


def check_paths(project: Project, site_dir: Path | None = None, output: Path | None = None) -> None:
    """Raise LinkedOutput if a link stands where the build reads content or writes: the
    content, `build/`, the site folder `site_dir`, or the folders on the way to the file
    `output` (the file itself is replaced, never written through)."""
    root = project.root.resolve()
    content = root / "content"
    if content.is_symlink():
        raise _refuse(root, content, "reads the content")
    check_build_dir(project)
    if site_dir is not None:
        site = site_dir if site_dir.is_absolute() else root / site_dir
        site = Path(os.path.abspath(site))
        from generator.project.swap import old_dir, staging_dir

        for path in (site, staging_dir(site), old_dir(site)):
            link = _links_on_the_way(root, path)
            if link is not None:
                raise _refuse(root, link, "publishes the site")
    if output is not None:
        folder = Path(os.path.abspath(output if output.is_absolute() else root / output)).parent
        link = _links_on_the_way(root, folder)
        if link is not None:
            raise _refuse(root, link, "writes the PDF")

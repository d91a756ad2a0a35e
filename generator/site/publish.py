"""Build the generated docs folder into the published site, with a builder
(builders.py: MkDocs, or Zensical), then finish it (finish.py), then swap it in
(project/swap.py). The caller holds the project's lock.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from generator.project import atomic
from generator.project.swap import staging_dir, swap_into_place
from generator.site import builders
from generator.site.finish import finish_site


def publish_site(
    config_file: Path,
    site_dir: Path,
    builder: str = "mkdocs",
    translations: dict[str, Path] | None = None,
) -> None:
    """Build the site from `config_file` into a staging folder with `builder`, and each
    of its `translations` (a configuration by language) into a folder of it named after
    the language, finish them, then swap the whole in.

    Raises BuildError or OSError, and then leaves `site_dir` as it was.
    """
    staging = staging_dir(site_dir)
    try:
        builders.BUILDERS[builder](config_file, staging)
        for language, translated in sorted((translations or {}).items()):
            builders.BUILDERS[builder](translated, staging / language)
            # A host serves the site's one 404 page (whose links start at the site's
            # root); a language's own would lead into the original's pages.
            (staging / language / "404.html").unlink(missing_ok=True)
            finish_site(staging / language, translated, builder)
        finish_site(staging, config_file, builder, nested=sorted(translations or {}))
        atomic.sync_tree(staging)
        swap_into_place(staging, site_dir)
    finally:
        # Never mask the build's own error with one from cleaning up.
        shutil.rmtree(staging, ignore_errors=True)

"""The commands that run the pipeline: `build`, `pdf` and `serve`."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path
from typing import Any

from generator.cli.output import (
    count,
    note,
    os_error_message,
    report_content_error,
    report_warnings,
    shown,
)
from generator.model.diagnostics import FORMATTERS
from generator.project.layout import Project


def cmd_build(args: argparse.Namespace) -> int:
    """Validate, generate the Markdown into build/docs/, and build site/ (with MkDocs, or
    with Zensical)."""
    from generator.pipeline import ContentError, run
    from generator.project.lock import project_lock
    from generator.site.builders import BuildError

    root = args.root.resolve()
    # Not resolved: a site/ that is a link must be seen as one (paths.check_paths).
    site_dir = Path(
        os.path.abspath(args.site_dir if args.site_dir.is_absolute() else root / args.site_dir)
    )
    try:
        with project_lock(root, "build"):
            outcome = run(
                Project(root),
                site_dir=site_dir,
                pdf_in_site=not args.no_pdf,
                builder=args.builder,
                report=note,
            )
    except ContentError as exc:
        return report_content_error(exc)
    except BuildError as exc:
        sys.stderr.write(f"build failed: {exc}; {shown(site_dir, root)}/ was left as it was\n")
        return 1
    except OSError as exc:
        sys.stderr.write(
            f"error: {os_error_message(exc, root)}; {shown(site_dir, root)}/ was left as it was\n"
        )
        return 1
    assert outcome.generated is not None
    report_warnings(outcome.validation.diagnostics)
    stats = outcome.generated.stats
    print(
        f"generated {len(stats.written)} changed, {stats.unchanged} unchanged, "
        f"{len(stats.removed)} removed files in {outcome.generated.out_dir}"
    )
    print(f"built {site_dir}")
    return 0


def cmd_pdf(args: argparse.Namespace) -> int:
    """Write an offline PDF edition: the brief, or the full reference (the default)."""
    from generator.pipeline import ContentError, run
    from generator.project.lock import project_lock
    from generator.site.tree import PDF_NAMES

    root = args.root.resolve()
    folder = Path("site") / args.language if args.language else Path("site")
    output: Path = args.output or folder / PDF_NAMES[args.edition]
    target = output if output.is_absolute() else root / output
    made = args.output is None and not target.parent.exists()
    if args.output is None and not target.parent.is_symlink():
        target.parent.mkdir(exist_ok=True, parents=True)  # the project's own site/
    if not target.parent.is_dir():
        # Never a folder made where the user did not ask for one: a typo in -o says so.
        blocking = next((p for p in target.parents if p.exists() and not p.is_dir()), None)
        if blocking is not None:
            sys.stderr.write(
                f"error: cannot write {shown(blocking, root)}/: it is a file, not a folder\n"
            )
        else:
            folder = shown(target.parent, root)
            sys.stderr.write(f"error: the folder {folder}/ does not exist; create it first\n")
        return 1
    try:
        with project_lock(root, "pdf"):
            outcome = run(
                Project(root), pdf_path=target, edition=args.edition, language=args.language
            )
    except ContentError as exc:
        sys.stderr.write(FORMATTERS["text"](exc.diagnostics))
        sys.stderr.write("PDF not written: the content has errors\n")
        return 1
    finally:
        if made and target.parent.is_dir() and not any(target.parent.iterdir()):
            target.parent.rmdir()  # no empty folder left by a PDF not written
    assert outcome.pdf is not None
    report_warnings(outcome.validation.diagnostics)
    from generator.pdf.edition import BRIEF_PAGES, page_count

    pages = page_count(outcome.pdf)
    print(f"wrote {target} ({count(pages, 'page')}, {len(outcome.pdf):,} bytes)")
    if args.edition == "brief" and pages > BRIEF_PAGES:
        sys.stderr.write(
            f"warning: the brief runs to {pages} pages, more than {BRIEF_PAGES}\n"
            "    hint: shorten the summary, the key facts or what to watch in briefing.yaml\n"
        )
    return 0


def cmd_serve(args: argparse.Namespace) -> int:
    """Preview the site, regenerating pages and reloading the browser on every edit."""
    from mkdocs.commands.serve import serve
    from mkdocs.exceptions import MkDocsException

    from generator.incremental import Session
    from generator.mkdocs_plugin import PREVIEW_SESSION
    from generator.pipeline import ContentError, run
    from generator.project.lock import project_lock
    from generator.site.builders import mkdocs_logging

    mkdocs_logging()
    root = args.root.resolve()
    project = Project(root)
    try:
        # Held while the preview runs: it rewrites build/docs/ on every edit.
        with project_lock(root, "serve"):
            # Writes build/mkdocs.yml; the plugin takes this session over, so that the
            # pipeline runs once at start-up, and then only on what each edit changed.
            session = Session(project)
            PREVIEW_SESSION.set(session)
            run(project, site_dir=project.site, publish=False, session=session)
            address = f"http://{args.dev_addr}/"
            print(f"serving the preview at {address} (Ctrl+C stops it)", flush=True)
            options: dict[str, Any] = {"site_url": address}  # at the root, whatever site_url's path
            if args.dirty:
                options["strict"] = False  # a dirty build is a warning to MkDocs: strict stops it
            serve(
                str(project.site_config),
                dev_addr=args.dev_addr,
                livereload=True,
                build_type="dirty" if args.dirty else None,
                **options,
            )
    except ContentError as exc:
        return report_content_error(exc)
    except MkDocsException as exc:
        sys.stderr.write(f"serve failed: {exc}\n")
        return 1
    except OSError as exc:
        sys.stderr.write(f"serve failed: {os_error_message(exc, root)}\n")
        return 1
    return 0

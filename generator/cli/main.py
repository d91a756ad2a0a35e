"""The `briefing` command line. Only this module prints diagnostics and sets exit codes.

Exit status: 0 success, 1 content errors (or a failed build), 2 usage errors.
"""

from __future__ import annotations

import argparse
import errno
import json
import os
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from generator import __version__
from generator.content.validate import validate_project
from generator.model.diagnostics import FORMATTERS
from generator.model.errors import BriefingError
from generator.project.layout import Project

EXAMPLES = {
    "validate": "briefing validate --format github --changed origin/main",
    "new": "briefing new position state-b-on-fishing --set actor=state-b --set subject=fishing",
    "diff": "briefing diff origin/main > summary.md",
    "schema": "briefing schema -o build/schema",
    "docs": "briefing docs --check",
    "build": "briefing build --no-pdf",
    "serve": "briefing serve --dev-addr 127.0.0.1:8000",
    "pdf": "briefing pdf -o briefing.pdf",
    "init": "briefing init fisheries-briefing",
    "upgrade": "briefing upgrade && git diff",
    "templates": "briefing templates --copy home.md.j2 pdf/briefing.css",
}


class UsageError(BriefingError):
    """A problem with how the command was called (exit status 2)."""

    status = 2


def cmd_validate(args: argparse.Namespace) -> int:
    """Check all content and report every problem in one run."""
    result = validate_project(args.root)
    diags = result.diagnostics
    hidden = 0
    if args.changed is not None:
        from generator.project.history import GitError, changed_files, default_base

        try:
            base = args.changed or default_base(args.root)
            changed = changed_files(args.root, base)
        except GitError as exc:
            raise UsageError(f"--changed: {exc}") from None
        # The whole model is checked (a change can break a file it did not touch), but
        # a pull request is shown its own files' problems.
        shown = [d for d in diags if d.path in changed]
        hidden = len(diags) - len(shown)
        diags = shown
    out = FORMATTERS[args.format](diags)
    if args.format == "text" and not diags:
        out = "content is valid: 0 errors, 0 warnings\n"
        if args.changed is not None:
            out = "no problems in the changed files: 0 errors, 0 warnings\n"
    sys.stdout.write(out)
    if hidden and args.format == "text":
        sys.stdout.write(
            f"({hidden} more in files this change did not touch; "
            "run without --changed to see them)\n"
        )
    errors = [d for d in diags if d.severity == "error"]
    failed = bool(errors) or (args.strict and bool(diags))
    return 1 if failed else 0


def cmd_new(args: argparse.Namespace) -> int:
    """Scaffold a new content file with every field present and explained."""
    from generator.render.reference import _type_name
    from generator.render.scaffold import ScaffoldError, write_new

    project = Project(args.root)
    collection = project.registry.named(args.collection)
    if collection is None:
        raise UsageError(
            f"unknown collection '{args.collection}'; "
            f"choose one of: {', '.join(project.registry.names)}"
        )
    model = collection.model
    values: dict[str, object] = {}
    if args.title is not None:
        values["name" if "name" in model.model_fields else "title"] = args.title
    for item in args.set or []:
        field_name, sep, value = item.partition("=")
        if not sep:
            raise UsageError(f"--set expects FIELD=VALUE, not {item!r}")
        info = model.model_fields.get(field_name)
        if info is None:
            raise UsageError(
                f"--set: a {collection.singular} has no field '{field_name}'; "
                f"fields: {', '.join(model.model_fields)}"
            )
        is_list = _type_name(info.annotation, list(info.metadata)).startswith("list")
        values[field_name] = (
            [v.strip() for v in value.split(",") if v.strip()] if is_list else value
        )
    try:
        path = write_new(project, collection, args.id, values)
    except ScaffoldError as exc:
        sys.stderr.write(f"error: {exc}\n")
        return 1
    print(
        f"created {path.relative_to(args.root)}; fill in the fields, then run `briefing validate`"
    )
    return 0


def cmd_init(args: argparse.Namespace) -> int:
    """Start a new briefing in DIR: settings, one or two entries per collection, a README,
    CI workflows and a pre-commit configuration; it validates and builds as it is. Files
    already in DIR (a README, a LICENSE, .git) are kept; nothing is overwritten."""
    from generator.cli.distribution import DISTRIBUTION, Requirement, installed_requirement
    from generator.cli.starter import StarterError, write_starter

    if args.requirement:
        name = args.requirement.split("@")[0].split("=")[0].strip().lower()
        if name != DISTRIBUTION and not args.requirement.endswith(".whl"):
            raise UsageError(f"--requirement must name {DISTRIBUTION}, not {args.requirement!r}")
        requirement: Requirement | None = Requirement(args.requirement, "--requirement")
    else:
        requirement = installed_requirement()
    try:
        started = write_starter(args.directory, requirement)
    except StarterError as exc:
        sys.stderr.write(f"error: {exc}\n")
        return 1
    where = args.directory
    print(f"created a briefing in {where} ({_count(len(started.written), 'file')})")
    for path in started.kept:
        note = "; the starter's README is BRIEFING.md" if path.name == "README.md" else ""
        print(f"  kept {path.relative_to(where)} as it was{note}")
    for path in started.extended:
        print(f"  added the build folders to {path.relative_to(where)}")
    if started.git == "created":
        print("  started a git repository (branch main) for `briefing diff` and the workflows")
    elif started.git == "missing":
        _note("git is not installed: install it and run `git init` for `briefing diff`")
    if requirement is None:
        _note(
            "requirements.txt could not name where this generator came from; "
            f"write a '{DISTRIBUTION} @ git+https://…@COMMIT' line there before pushing"
        )
    else:
        print(f"  requirements.txt installs the generator from {requirement.how}")
    step = "" if where.resolve() == Path.cwd() else f"cd {where} && "
    print(f"next: {step}briefing validate && briefing build")
    return 0


def _count(n: int, noun: str, plural: str | None = None) -> str:
    """'1 file', '2 files'."""
    return f"{n} {noun if n == 1 else (plural or noun + 's')}"


def cmd_upgrade(args: argparse.Namespace) -> int:
    """Rewrite the terms an earlier content format used (for example a source's `kind:
    news`) as the current ones, in place, and say what changed."""
    from generator.content.upgrade import upgrade_content

    changed = upgrade_content(Project(args.root))
    for path, line, old, new in changed:
        print(f"{path}:{line}: {old} -> {new}")
    print(f"{_count(len(changed), 'term')} rewritten; run `briefing validate` next")
    return 0


def cmd_templates(args: argparse.Namespace) -> int:
    """List the templates, stylesheets and theme files the generator ships, or copy some
    into the project's site_templates/ to change them there."""
    import shutil

    from generator.project.layout import PACKAGE_TEMPLATES

    shipped = sorted(
        p.relative_to(PACKAGE_TEMPLATES).as_posix()
        for p in PACKAGE_TEMPLATES.rglob("*")
        if p.is_file()
        and "__pycache__" not in p.parts
        and p.name != "__init__.py"
        and p.relative_to(PACKAGE_TEMPLATES).parts[0] != "starter"
    )
    own = Project(args.root).own_templates
    if not args.copy:
        for name in shipped:
            mark = "  (overridden)" if (own / name).exists() else ""
            print(f"{name}{mark}")
        print(f"\nshipped in {PACKAGE_TEMPLATES}; copy one with: briefing templates --copy NAME")
        return 0
    unknown = [name for name in args.copy if name not in shipped]
    if unknown:
        raise UsageError(
            f"no shipped template named {unknown[0]!r}; `briefing templates` lists them"
        )
    for name in args.copy:
        target = own / name
        if target.exists():
            _note(f"{_shown(target, args.root)} exists already; left as it is")
            continue
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(PACKAGE_TEMPLATES / name, target)
        print(f"copied {name} to {_shown(target, args.root)}; edit it there")
    return 0


def cmd_diff(args: argparse.Namespace) -> int:
    """Summarise, in Markdown, what the working tree changes in the briefing since BASE."""
    from generator.content.changes import diff_against, render_summary
    from generator.project.history import GitError

    try:
        summary, after = diff_against(args.root, args.base)
    except GitError as exc:
        # Not a checkout, or no such revision: one line, as a usage error.
        first = str(exc).splitlines()[0] if str(exc) else "git failed"
        sys.stderr.write(f"error: briefing diff compares git revisions: {first}\n")
        return 2
    sys.stdout.write(render_summary(summary, after))
    return 0


def cmd_schema(args: argparse.Namespace) -> int:
    """Write one JSON Schema file per collection, generated from the models."""
    from pydantic import BaseModel

    from generator.model.schema import Settings
    from generator.project.atomic import write_atomic
    from generator.render.reference import json_schema

    project = Project(args.root)
    out: Path = args.output if args.output.is_absolute() else args.root / args.output
    out.mkdir(parents=True, exist_ok=True)
    models: dict[str, type[BaseModel]] = {c.name: c.model for c in project.registry}
    models["briefing"] = Settings
    for name, model in models.items():
        schema = json_schema(model, validate_project(project).linked.briefing.vocabularies)
        schema["$id"] = f"{name}.schema.json"
        path = out / f"{name}.schema.json"
        text = json.dumps(schema, indent=2, sort_keys=True) + "\n"
        write_atomic(path, text.encode("utf-8"))
        print(path)
    return 0


def cmd_docs(args: argparse.Namespace) -> int:
    """Regenerate the field, limit and error-code reference in CONTRIBUTING.md."""
    from generator.render.reference import update_docs

    path = args.root / "CONTRIBUTING.md"
    try:
        fresh = update_docs(path, check=args.check)
    except FileNotFoundError:
        sys.stderr.write(f"error: {_shown(path, args.root)} does not exist: nothing to update\n")
        return 1
    except ValueError as exc:
        sys.stderr.write(f"error: {exc}\n")
        return 1
    if args.check and not fresh:
        print(f"{path} is out of date; run `briefing docs`")
        return 1
    return 0


def _report_warnings(diagnostics: list) -> None:
    """A build that went ahead still says what `validate` would have warned about."""
    if diagnostics:
        sys.stderr.write(FORMATTERS["text"](diagnostics))
        sys.stderr.write("the build went ahead; `briefing validate --strict` fails on warnings\n")


def _report_content_error(exc: Exception) -> int:
    from generator.model.diagnostics import format_text

    sys.stderr.write(format_text(exc.diagnostics))  # type: ignore[attr-defined]
    sys.stderr.write("build stopped: the content has errors; site/ was left as it was\n")
    return 1


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
                report=_note,
            )
    except ContentError as exc:
        return _report_content_error(exc)
    except BuildError as exc:
        sys.stderr.write(f"build failed: {exc}; {_shown(site_dir, root)}/ was left as it was\n")
        return 1
    except OSError as exc:
        sys.stderr.write(
            f"error: {os_error_message(exc, root)}; {_shown(site_dir, root)}/ was left as it was\n"
        )
        return 1
    assert outcome.generated is not None
    _report_warnings(outcome.validation.diagnostics)
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
    output: Path = args.output or Path("site") / PDF_NAMES[args.edition]
    target = output if output.is_absolute() else root / output
    if args.output is None and not target.parent.is_symlink():
        target.parent.mkdir(exist_ok=True)  # the project's own site/
    if not target.parent.is_dir():
        # Never a folder made where the user did not ask for one: a typo in -o says so.
        blocking = next((p for p in target.parents if p.exists() and not p.is_dir()), None)
        if blocking is not None:
            sys.stderr.write(
                f"error: cannot write {_shown(blocking, root)}/: it is a file, not a folder\n"
            )
        else:
            folder = _shown(target.parent, root)
            sys.stderr.write(f"error: the folder {folder}/ does not exist; create it first\n")
        return 1
    try:
        with project_lock(root, "pdf"):
            outcome = run(Project(root), pdf_path=target, edition=args.edition)
    except ContentError as exc:
        sys.stderr.write(FORMATTERS["text"](exc.diagnostics))
        sys.stderr.write("PDF not written: the content has errors\n")
        return 1
    assert outcome.pdf is not None
    _report_warnings(outcome.validation.diagnostics)
    from generator.pdf.edition import BRIEF_PAGES, page_count

    pages = page_count(outcome.pdf)
    print(f"wrote {target} ({_count(pages, 'page')}, {len(outcome.pdf):,} bytes)")
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
        return _report_content_error(exc)
    except MkDocsException as exc:
        sys.stderr.write(f"serve failed: {exc}\n")
        return 1
    except OSError as exc:
        sys.stderr.write(f"serve failed: {os_error_message(exc, root)}\n")
        return 1
    return 0


def _shown(path: Path, root: Path) -> str:
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
        where = f" while writing {_shown(Path(os.fsdecode(target)), root)}" if target else ""
        return f"no space left on device{where}"
    if exc.filename is None:
        return exc.strerror or str(exc)
    path = Path(os.fsdecode(exc.filename))
    if exc.errno == errno.ENOTDIR or (exc.errno == errno.EEXIST and not path.is_dir()):
        # Somewhere on the way is a file where a folder should be: name it.
        for place in (path, *path.parents):
            if place.exists() and not place.is_dir():
                return f"cannot write {_shown(place, root)}/: it is a file, not a folder"
    if exc.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
        # A read-only filesystem, or a new file refused, is the folder's doing; a file
        # that cannot be rewritten, the file's own.
        if exc.errno == errno.EROFS or path.is_dir() or not path.exists():
            folder = path if path.is_dir() else path.parent
            return f"cannot write {_shown(folder, root)}/: {exc.strerror}"
        return f"cannot write {_shown(path, root)}: {exc.strerror}"
    return f"{_shown(path, root)}: {exc.strerror or exc}"


def _note(text: str) -> None:
    sys.stderr.write(f"note: {text}\n")


def _add_root(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--root",
        type=Path,
        default=Path("."),
        metavar="PATH",
        help="the project folder holding content/ (default: the current folder)",
    )


Command = Callable[[argparse.Namespace], int]


def build_parser() -> argparse.ArgumentParser:
    """The argument parser, with one subcommand per `cmd_*` function."""
    parser = argparse.ArgumentParser(
        prog="briefing",
        description="Validate the briefing's content and build its site and PDF.",
    )
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")

    def add(name: str, func: Command, root: bool = True) -> argparse.ArgumentParser:
        doc = (func.__doc__ or "").strip()
        p = sub.add_parser(
            name,
            help=doc,
            description=doc,
            epilog=f"example: {EXAMPLES[name]}",
            formatter_class=argparse.RawDescriptionHelpFormatter,
        )
        if root:
            _add_root(p)
        p.set_defaults(func=func)
        return p

    p = add("init", cmd_init, root=False)
    p.add_argument(
        "directory",
        type=Path,
        help="the folder to start the briefing in; created if missing, and may hold "
        "a README, a LICENSE and a git repository already",
    )
    p.add_argument(
        "--requirement",
        metavar="SPEC",
        help="the requirements.txt line CI installs the generator from (default: where "
        "this one was installed from), for example "
        "'briefwright @ git+https://github.com/you/briefwright@COMMIT'",
    )

    p = add("validate", cmd_validate)
    p.set_defaults(needs_content=True)
    p.add_argument(
        "--format",
        choices=sorted(FORMATTERS),
        default="text",
        help="text (default), json, or github (Actions annotations)",
    )
    p.add_argument("--strict", action="store_true", help="treat warnings as errors")
    p.add_argument(
        "--changed",
        nargs="?",
        const="",
        default=None,
        metavar="BASE",
        help="report only problems in files changed since BASE (a git revision; "
        "default: the merge base with main)",
    )

    p = add("new", cmd_new)
    p.add_argument("collection", help="the collection, for example position or actors")
    p.add_argument("id", help="the new entry's id: lowercase letters, digits and hyphens")
    p.add_argument("--title", help="the title (or, for an actor, the name)")
    p.add_argument(
        "--set",
        action="append",
        metavar="FIELD=VALUE",
        help="fill in a field; lists take comma-separated values; repeatable",
    )

    p = add("upgrade", cmd_upgrade)
    p.set_defaults(needs_content=True)

    p = add("templates", cmd_templates)
    p.add_argument(
        "--copy",
        nargs="+",
        metavar="NAME",
        help="copy these shipped files into site_templates/, where they override the "
        "shipped ones (never overwrites)",
    )

    p = add("diff", cmd_diff)
    p.set_defaults(needs_content=True)
    p.add_argument("base", help="the git revision to compare with, for example origin/main")

    p = add("build", cmd_build)
    p.set_defaults(needs_content=True)
    p.add_argument("--no-pdf", action="store_true", help="skip the PDF editions")
    p.add_argument(
        "--site-dir",
        type=Path,
        default=Path("site"),
        help="where to write the site (default: site)",
    )
    p.add_argument(
        "--builder",
        choices=("mkdocs", "zensical"),
        default="mkdocs",
        help="build the site with MkDocs and Material (default) or with Zensical",
    )

    p = add("pdf", cmd_pdf)
    p.set_defaults(needs_content=True)
    p.add_argument(
        "--edition",
        choices=("full", "brief"),
        default="full",
        help="the full reference (default), or the brief of a few pages",
    )
    p.add_argument(
        "-o",
        "--output",
        type=Path,
        default=None,
        help="where to write the PDF (default: site/briefing.pdf, or "
        "site/briefing-brief.pdf for the brief)",
    )

    p = add("serve", cmd_serve)
    p.set_defaults(needs_content=True)
    p.add_argument(
        "--dev-addr",
        default="127.0.0.1:8000",
        metavar="HOST:PORT",
        help="address to serve on (default: 127.0.0.1:8000)",
    )
    p.add_argument(
        "--dirty",
        action="store_true",
        help="rebuild only the pages whose Markdown changed (faster for large briefings; "
        "the search index then covers only the rebuilt pages)",
    )

    p = add("schema", cmd_schema)
    p.add_argument(
        "-o",
        "--output",
        type=Path,
        default=Path("build/schema"),
        help="folder for the *.schema.json files (default: build/schema)",
    )
    p = add("docs", cmd_docs)
    p.add_argument(
        "--check",
        action="store_true",
        help="only check that CONTRIBUTING.md is up to date (exit 1 if not)",
    )
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the `briefing` console script."""
    parser = build_parser()
    args = parser.parse_args(argv)
    if getattr(args, "needs_content", False) and not (args.root / "content").is_dir():
        parser.error(f"no content/ folder in {args.root}; use --root PATH")
    try:
        return int(args.func(args))
    except UsageError as exc:
        parser.error(str(exc))
    except BriefingError as exc:  # every error the user can act on: one place, one line
        sys.stderr.write(exc.report())
        return exc.status
    except OSError as exc:
        # A full disk, a read-only or missing folder: one line, never a traceback.
        sys.stderr.write(f"error: {os_error_message(exc, args.root)}\n")
        return 1
    except KeyboardInterrupt:
        return 130
    except Exception as exc:  # a fault of ours, not the user's: still one line
        if os.environ.get("BRIEFING_DEBUG"):
            raise
        sys.stderr.write(
            f"error: {type(exc).__name__}: {exc}\n"
            "    hint: this is a bug in the generator; rerun with BRIEFING_DEBUG=1 for the "
            "traceback and report it\n"
        )
        return 1


if __name__ == "__main__":
    sys.exit(main())

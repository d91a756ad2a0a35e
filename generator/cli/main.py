"""The `briefing` command line: the parser, and the one place that turns every error into
an exit status and a message. The commands are in checking.py, authoring.py and
publishing.py.

Exit status: 0 success, 1 content errors (or a failed build), 2 usage errors.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

from generator import __version__
from generator.cli.authoring import (
    cmd_docs,
    cmd_init,
    cmd_messages,
    cmd_new,
    cmd_schema,
    cmd_templates,
    cmd_translations,
)
from generator.cli.checking import cmd_diff, cmd_upgrade, cmd_validate
from generator.cli.output import os_error_message
from generator.cli.publishing import cmd_build, cmd_pdf, cmd_serve
from generator.model.diagnostics import FORMATTERS
from generator.model.errors import BriefingError, UsageError

EXAMPLES = {
    "validate": "briefing validate --format github --changed origin/main",
    "messages": "briefing messages init de  (then translate site_templates/locale/de.po)",
    "translations": "briefing translations --stamp content/actors/jane-doe.uk.md",
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

    p = add("messages", cmd_messages)
    p.add_argument(
        "action",
        choices=("extract", "init", "check"),
        help="extract: write the catalog template (locale/briefing.pot) from the code and "
        "templates; init: write or refresh site_templates/locale/LANGUAGE.po with every "
        "message, translated where a translation is known; check: list the messages "
        "LANGUAGE has no translation for",
    )
    p.add_argument("language", nargs="?", help="a language tag, for example uk or pt-BR")
    p.add_argument("-o", "--output", type=Path, default=None, help="where to write the file")

    p = add("translations", cmd_translations)
    p.set_defaults(needs_content=True)
    p.add_argument("files", nargs="*", type=Path, help="translation files to --stamp")
    p.add_argument("--language", help="only the translations into this language")
    p.add_argument(
        "--stamp",
        action="store_true",
        help="record in the files named (by default, in each that records nothing yet) "
        "that they translate the original as it is now",
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
        "site/briefing-brief.pdf for the brief; under site/LANGUAGE/ with --language)",
    )
    p.add_argument(
        "--language",
        metavar="LANGUAGE",
        help="the edition in one of the briefing's `translations:` (default: the original)",
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

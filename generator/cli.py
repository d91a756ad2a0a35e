"""The `briefing` command line. Only this module prints diagnostics and sets exit codes.

Exit status: 0 success, 1 content errors (or a failed build), 2 usage errors.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

from .diagnostics import FORMATTERS
from .models import COLLECTIONS
from .pipeline import validate_project

EXAMPLES = {
    "validate": "briefing validate --format github",
    "schema": "briefing schema -o build/schema",
}


class UsageError(Exception):
    """A problem with how the command was called (exit status 2)."""


def cmd_validate(args: argparse.Namespace) -> int:
    """Check all content and report every problem in one run."""
    result = validate_project(args.root)
    diags = result.diagnostics
    out = FORMATTERS[args.format](diags)
    if args.format == "text" and not diags:
        out = "content is valid: 0 errors, 0 warnings\n"
    sys.stdout.write(out)
    failed = bool(result.errors) or (args.strict and bool(diags))
    return 1 if failed else 0


def cmd_schema(args: argparse.Namespace) -> int:
    """Write one JSON Schema file per collection, generated from the models."""
    from .models import Settings

    out: Path = args.output if args.output.is_absolute() else args.root / args.output
    out.mkdir(parents=True, exist_ok=True)
    for name, model in {**COLLECTIONS, "briefing": Settings}.items():
        schema = model.model_json_schema()
        schema["$id"] = f"{name}.schema.json"
        path = out / f"{name}.schema.json"
        path.write_text(json.dumps(schema, indent=2, sort_keys=True) + "\n", encoding="utf-8")
        print(path)
    return 0


def _add_root(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--root", type=Path, default=Path("."), metavar="PATH",
                        help="the project folder holding content/ (default: the current folder)")


Command = Callable[[argparse.Namespace], int]


def build_parser() -> argparse.ArgumentParser:
    """The argument parser, with one subcommand per `cmd_*` function."""
    parser = argparse.ArgumentParser(
        prog="briefing",
        description="Validate the briefing's content and build its site and PDF.",
    )
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    def add(name: str, func: Command) -> argparse.ArgumentParser:
        doc = (func.__doc__ or "").strip()
        p = sub.add_parser(name, help=doc, description=doc,
                           epilog=f"example: {EXAMPLES[name]}",
                           formatter_class=argparse.RawDescriptionHelpFormatter)
        _add_root(p)
        p.set_defaults(func=func)
        return p

    p = add("validate", cmd_validate)
    p.add_argument("--format", choices=sorted(FORMATTERS), default="text",
                   help="text (default), json, or github (Actions annotations)")
    p.add_argument("--strict", action="store_true", help="treat warnings as errors")

    p = add("schema", cmd_schema)
    p.add_argument("-o", "--output", type=Path, default=Path("build/schema"),
                   help="folder for the *.schema.json files (default: build/schema)")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the `briefing` console script."""
    parser = build_parser()
    args = parser.parse_args(argv)
    if not (args.root / "content").is_dir() and args.command != "new":
        parser.error(f"no content/ folder in {args.root}; use --root PATH")
    try:
        return int(args.func(args))
    except UsageError as exc:
        parser.error(str(exc))
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":
    sys.exit(main())

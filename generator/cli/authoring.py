"""The commands that start and extend a briefing: `init`, `new`, `templates`, `schema`
and `docs`."""

from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path

from generator.cli.output import (
    count,
    note,
    shown,
)
from generator.content.validate import validate_project
from generator.model.errors import UsageError
from generator.project.layout import Project


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
    print(f"created a briefing in {where} ({count(len(started.written), 'file')})")
    for path in started.kept:
        aside = "; the starter's README is BRIEFING.md" if path.name == "README.md" else ""
        print(f"  kept {path.relative_to(where)} as it was{aside}")
    for path in started.extended:
        print(f"  added the build folders to {path.relative_to(where)}")
    if started.git == "created":
        print("  started a git repository (branch main) for `briefing diff` and the workflows")
    elif started.git == "missing":
        note("git is not installed: install it and run `git init` for `briefing diff`")
    if requirement is None:
        note(
            "requirements.txt could not name where this generator came from; "
            f"write a '{DISTRIBUTION} @ git+https://…@COMMIT' line there before pushing"
        )
    else:
        print(f"  requirements.txt installs the generator from {requirement.how}")
    step = "" if where.resolve() == Path.cwd() else f"cd {where} && "
    print(f"next: {step}briefing validate && briefing build")
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
            note(f"{shown(target, args.root)} exists already; left as it is")
            continue
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(PACKAGE_TEMPLATES / name, target)
        print(f"copied {name} to {shown(target, args.root)}; edit it there")
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
    vocabularies = validate_project(project).linked.briefing.vocabularies
    for name, model in models.items():
        schema = json_schema(model, vocabularies)
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
        sys.stderr.write(f"error: {shown(path, args.root)} does not exist: nothing to update\n")
        return 1
    except ValueError as exc:
        sys.stderr.write(f"error: {exc}\n")
        return 1
    if args.check and not fresh:
        print(f"{path} is out of date; run `briefing docs`")
        return 1
    return 0


def cmd_messages(args: argparse.Namespace) -> int:
    """Work on the message catalogs: the generator's own words in each language."""
    from generator.project.messages import (
        TEMPLATE,
        broken_translations,
        extract,
        init_catalog,
        untranslated,
        write_catalog,
    )

    project = Project(args.root)
    own = project.root / "site_templates" / "locale"
    if args.action == "extract":
        target = args.output or own / TEMPLATE
        catalog = extract(project)
        write_catalog(catalog, target)
        note(f"wrote {count(len(catalog), 'message')} to {shown(target, project.root)}")
        return 0
    if not args.language:
        raise UsageError(f"`briefing messages {args.action}` needs a language, e.g. uk")
    language = args.language
    if args.action == "init":
        target = args.output or own / f"{language}.po"
        catalog = init_catalog(project, language, target)
        write_catalog(catalog, target)
        missing = untranslated(project, language)
        note(
            f"wrote {shown(target, project.root)}: {count(len(catalog), 'message')}, "
            f"{count(len(missing), 'untranslated one')}; translate them (msgstr) and "
            "run `briefing validate`"
        )
        return 0
    missing = untranslated(project, language)
    for text in missing:
        print(text)
    broken = broken_translations(project, language)
    for problem in broken:
        print(f"not used: {problem}")
    note(f"{count(len(missing), 'message')} without a translation into {language}")
    return 1 if missing or broken else 0


def cmd_translations(args: argparse.Namespace) -> int:
    """List the translations and whether each is up to date with its original; with
    --stamp, record that the files named (or every one that records nothing yet)
    translate the current original."""
    from generator.content.load import load_content
    from generator.content.translations import TRANSLATED_FROM, fingerprints, stamp

    project = Project(args.root)
    raw = load_content(project)
    found = fingerprints(raw)
    known = {Path(os.path.abspath(project.root / r.path)) for _, r, _ in found}
    named = {Path(os.path.abspath(p)) for p in args.files}
    if args.files and not args.stamp:
        raise UsageError("name files only with --stamp")
    for path in sorted(named - known):
        raise UsageError(f"{path} is not a translation file of this briefing's content")
    problems = 0
    for language, record, wanted in found:
        path = Path(os.path.abspath(project.root / record.path))
        if args.language and language != args.language:
            continue
        chosen = path in named or (not named and TRANSLATED_FROM not in record.data)
        if args.stamp and wanted and chosen:
            stamp(path, wanted)
            print(f"{record.path}: stamped {wanted}")
            continue
        state = {None: "current", "": "no original"}.get(wanted, "out of date")
        problems += wanted is not None
        print(f"{record.path}: {language}, {state}")
    return 1 if problems and not args.stamp else 0

"""The package's layout shows the pipeline: each stage is a subpackage, and no module
imports from a stage above its own, or from a module that imports it back."""

from __future__ import annotations

import ast
import re
from graphlib import CycleError, TopologicalSorter
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "generator"

# From the bottom up. Stages on one level may not import each other.
STAGES: dict[str, int] = {
    "model": 0,
    "project": 1,
    "markdown": 2,
    "content": 3,
    "render": 4,
    "pdf": 5,
    "site": 5,
    "": 6,  # pipeline.py, incremental.py, mkdocs_plugin.py: the stages in order
    "cli": 7,
}


def _module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


# Names of the site's Markdown extensions, which the site configuration (project/, below
# markdown/) puts into mkdocs.yml for MkDocs to import: configuration, not an import of
# the configuring module's own.
CONFIGURED_BY_NAME = {
    "generator/project/siteconfig.py": {
        "generator.markdown.safe",
        "generator.markdown.search",
        "generator.markdown.direction",
    },
}


def _imports(path: Path) -> set[str]:
    """The generator's modules `path` imports, anywhere in it (a function's lazy import
    counts like one at the top), or names as a string (a module imported by name)."""
    found: set[str] = set()
    allowed = CONFIGURED_BY_NAME.get("/".join(path.parts[-3:]), set())
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom):
            if node.level:
                pytest.fail(f"{path.name}: relative import (use generator.<stage>.<module>)")
            if node.module and node.module.startswith("generator"):
                found |= {f"{node.module}.{a.name}" for a in node.names} | {node.module}
        elif isinstance(node, ast.Import):
            found |= {a.name for a in node.names if a.name.startswith("generator")}
        elif (
            isinstance(node, ast.Constant)
            and isinstance(node.value, str)
            and re.fullmatch(r"generator(\.[a-z_]+)+", node.value)
            and node.value not in allowed
        ):
            found.add(node.value)
    return found


def _graph() -> dict[str, set[str]]:
    modules = {_module_name(p): p for p in PACKAGE.rglob("*.py")}
    graph: dict[str, set[str]] = {}
    for name, path in modules.items():
        graph[name] = {m for m in _imports(path) if m in modules and m != name}
    return graph


def _stage(module: str) -> str:
    if module == "generator.__main__":  # `python -m generator`: the command
        return "cli"
    parts = module.split(".")
    return parts[1] if len(parts) > 1 and (PACKAGE / parts[1]).is_dir() else ""


def test_every_module_is_in_a_stage():
    strays = [m for m in _graph() if _stage(m) not in STAGES]
    assert strays == []


def test_no_import_cycles():
    try:
        tuple(TopologicalSorter(_graph()).static_order())
    except CycleError as error:
        pytest.fail(f"import cycle: {' -> '.join(error.args[1])}")


def test_no_stage_imports_one_above_it_or_beside_it():
    upward = []
    for module, deps in sorted(_graph().items()):
        level, stage = STAGES[_stage(module)], _stage(module)
        for dep in sorted(deps):
            dep_stage = _stage(dep)
            if dep_stage == stage or dep in ("generator", "generator.__init__"):
                continue
            if STAGES[dep_stage] >= level:
                upward.append(f"{module} -> {dep}")
    assert upward == [], "\n".join(upward)


def test_the_check_sees_every_kind_of_import(tmp_path):
    """The checks above read real imports: at the top, in a function, by name, and a
    relative one (refused)."""
    probe = tmp_path / "generator" / "model" / "probe.py"
    probe.parent.mkdir(parents=True)
    probe.write_text(
        "from generator.cli.main import main\n"
        "def f():\n    import generator.site.builders\n"
        "MODULE = 'generator.pdf.edition'\n"
    )
    assert {"generator.cli.main", "generator.site.builders", "generator.pdf.edition"} <= (
        _imports(probe)
    )
    probe.write_text("from . import entries\n")
    with pytest.raises(pytest.fail.Exception):
        _imports(probe)


# The default content model: the only modules that may name a collection.
CONTENT_MODEL = {"model/defaults.py", "model/schema.py", "model/rules.py", "model/matrix.py"}


def test_no_collection_is_named_outside_the_default_content_model():
    """Every stage learns the collections from the registry: a string equal to a built-in
    collection's name appears only in the default content model. (`sources` is also the
    field every entry has, so it is not a collection's name alone.)"""
    from generator.model.defaults import DEFAULT_REGISTRY
    from generator.model.schema import EntityBase

    names = {
        word
        for c in DEFAULT_REGISTRY
        for word in (c.name, c.singular)
        if word not in EntityBase.model_fields
    }
    found = []
    for path in sorted(PACKAGE.rglob("*.py")):
        rel = path.relative_to(PACKAGE).as_posix()
        if rel in CONTENT_MODEL:
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Constant) and node.value in names:
                found.append(f"{rel}:{node.lineno}: {node.value!r}")
    assert found == [], "\n".join(found)

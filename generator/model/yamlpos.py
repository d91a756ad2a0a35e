"""YAML parsing that remembers where every value came from and rejects duplicate keys.

PyYAML keeps the last of two equal keys without a word, and its constructed values
carry no line numbers. So the document is composed into nodes with LibYAML (the C
parser), checked and mapped to positions, and only then constructed.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import yaml

_BaseLoader: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

_MAX_DEPTH = 20
_STR_TAG = "tag:yaml.org,2002:str"
_MERGE_TAG = "tag:yaml.org,2002:merge"
Loc = tuple[str | int, ...]
Pos = tuple[int, int]


class _Loader(_BaseLoader):
    """The C safe loader without YAML 1.1 timestamps: dates stay text, checked by the model."""


_Loader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in _BaseLoader.yaml_implicit_resolvers.items()
}


@dataclass
class YamlProblem(Exception):
    """A YAML document could not be read; `line` and `col` are 1-based within the text."""

    code: str
    message: str
    line: int
    col: int


@dataclass
class Parsed:
    """A parsed document and the 1-based position of each value and key, by location."""

    data: Any
    positions: dict[Loc, Pos] = field(default_factory=dict)
    key_positions: dict[Loc, Pos] = field(default_factory=dict)
    # Duplicate keys do not stop parsing, so that the file's other problems are reported too.
    duplicates: list[YamlProblem] = field(default_factory=list)


def _pos(node: yaml.Node, first_line: int) -> Pos:
    return node.start_mark.line + first_line, node.start_mark.column + 1


def _walk(node: yaml.Node, loc: Loc, parsed: Parsed, seen_nodes: set[int], first: int) -> None:
    # An alias makes two places share one node; refusing them rules out both recursive
    # documents and exponential "billion laughs" expansion.
    if id(node) in seen_nodes:
        line, col = _pos(node, first)
        raise YamlProblem("yaml-syntax", "anchors and aliases (& and *) are not allowed", line, col)
    seen_nodes.add(id(node))
    if len(loc) > _MAX_DEPTH:
        line, col = _pos(node, first)
        raise YamlProblem("yaml-syntax", "the document is nested too deeply", line, col)
    parsed.positions[loc] = _pos(node, first)
    if isinstance(node, yaml.MappingNode):
        seen: dict[Any, Pos] = {}
        for key_node, value_node in node.value:
            if key_node.tag != _STR_TAG:
                # `2025:`, `yes:` or `<<:` would become a number, a boolean or a merge;
                # field names are text, and merges would escape the duplicate check.
                line, col = _pos(key_node, first)
                shown = key_node.value if isinstance(key_node, yaml.ScalarNode) else "..."
                what = (
                    "merge keys (<<) are not allowed"
                    if key_node.tag == _MERGE_TAG
                    else (f"'{str(shown)[:40]}' is not a field name: field names are text")
                )
                raise YamlProblem("yaml-syntax", what, line, col)
            key: Any = key_node.value
            if key in seen:
                line, col = _pos(key_node, first)
                message = f"field '{key}' is given twice (first on line {seen[key][0]})"
                parsed.duplicates.append(YamlProblem("duplicate-key", message, line, col))
            seen[key] = _pos(key_node, first)
            child = (*loc, key)
            parsed.key_positions[child] = _pos(key_node, first)
            _walk(value_node, child, parsed, seen_nodes, first)
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            _walk(item, (*loc, index), parsed, seen_nodes, first)


def parse_yaml(text: str, first_line: int = 1) -> Parsed:
    """Parse one YAML document that starts on line `first_line` of its file.

    Positions are file positions. Raises YamlProblem with a position on any fault.
    """
    loader = _Loader(text)
    try:
        node = loader.get_single_node()
        if node is None:
            return Parsed(None)
        parsed = Parsed(None)
        _walk(node, (), parsed, set(), first_line)
        try:
            parsed.data = loader.construct_document(node)
        except yaml.YAMLError:
            raise
        except (ValueError, TypeError, KeyError, AttributeError, OverflowError) as exc:
            # Explicit tags such as `!!int abc`, or integers too long to convert.
            message = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
            raise YamlProblem(
                "yaml-syntax", f"a value cannot be read: {message[:120]}", first_line, 1
            ) from None
        return parsed
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line, col = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        # LibYAML places end-of-input errors after the last line; point at the last line.
        last = text.count("\n") + 1
        if line > last:
            line, col = last, len(text.rsplit("\n", 1)[-1]) + 1
        line += first_line - 1
        problem = exc.problem or exc.context or "unreadable YAML"
        raise YamlProblem("yaml-syntax", problem, line, col) from None
    except RecursionError:
        raise YamlProblem(
            "yaml-syntax", "the document is nested too deeply", first_line, 1
        ) from None
    except yaml.YAMLError as exc:
        raise YamlProblem("yaml-syntax", str(exc).splitlines()[0], first_line, 1) from None
    finally:
        loader.dispose()

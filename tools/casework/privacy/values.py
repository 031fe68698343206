"""The values a reader of a YAML file sees: after unescaping, with their field names.

The guard reads every file as raw text, line by line. Two things are not on
any one line of the raw text: a value written with YAML escapes
(``"\\x39\\u0034..."``) and the field a value belongs to when its name is on
another line (``birth:`` with ``date:`` under it, or a block scalar under
``dob:``). For those the file is composed with ``casework.yamlload``'s loader
and every scalar, field names included, is yielded with where it starts.

Composing every file would double the scan's time, so :func:`needs_parse`
says whether the raw text can hold either case at all: a backslash anywhere,
or a field about birth whose value does not start on its own line.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import yaml

from casework.privacy.detectors import is_birth_field
from casework.yamlload import StrictLoader

# "key:" with nothing after it on the line but a block indicator or a comment
_KEY_ONLY = re.compile(
    r"^[ \t]*(?:-[ \t]+)*(?P<key>[^\s#:][^:\n]*):[ \t]*(?:[|>][-+0-9]*[ \t]*)?(?:#[^\n]*)?$",
    re.MULTILINE,
)


@dataclass(frozen=True)
class Value:
    """One scalar as the loader reads it; ``text`` is never printed."""

    text: str
    line: int  # where the scalar starts, 1-based
    column: int
    end_line: int  # the last line it spans
    is_key: bool
    birth_field: bool  # inside a field whose name is about birth
    exact: bool  # text sits in the file as it is from (line, column): offsets map 1:1


def needs_parse(text: str) -> bool:
    """Whether parsing can find anything the raw lines cannot."""
    if "\\" in text:
        return True
    return any(is_birth_field(match.group("key")) for match in _KEY_ONLY.finditer(text))


def _scalar(text: str, node: yaml.ScalarNode, is_key: bool, birth: bool) -> Value:
    start, end = node.start_mark, node.end_mark
    raw = text[start.index : end.index]
    quote = 1 if node.style in ("'", '"') else 0
    exact = start.line == end.line and raw[quote : len(raw) - quote] == node.value
    return Value(
        node.value, start.line + 1, start.column + 1 + quote, end.line + 1, is_key, birth, exact
    )


def yaml_values(text: str) -> list[Value] | None:
    """Every scalar of a one-document YAML text, or None if it is not valid YAML."""
    loader = StrictLoader(text)
    try:
        root = loader.get_single_node()
    except (yaml.YAMLError, RecursionError):
        return None
    finally:
        loader.dispose()
    values: list[Value] = []
    stack: list[tuple[yaml.Node, bool]] = [(root, False)] if root is not None else []
    while stack:  # no recursion: depth is not this module's business
        node, birth = stack.pop()
        if isinstance(node, yaml.ScalarNode):
            values.append(_scalar(text, node, False, birth))
        elif isinstance(node, yaml.SequenceNode):
            stack.extend((item, birth) for item in node.value)
        elif isinstance(node, yaml.MappingNode):
            for key, value in node.value:
                name = key.value if isinstance(key, yaml.ScalarNode) else ""
                if isinstance(key, yaml.ScalarNode):
                    values.append(_scalar(text, key, True, birth))
                else:
                    stack.append((key, birth))
                stack.append((value, birth or is_birth_field(str(name))))
    return values

"""Fill a record's template with a form's values, keeping the template's comments.

ruamel.yaml's round-trip mode keeps every comment of the text it loads, so a
record saved by the desk reads like one written by ``casework new`` and then
filled in by hand. A ``# FILL IN`` note is dropped from a field once it has a
value; comments that describe the next field are kept.
"""

from __future__ import annotations

import io
import re
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.scalarstring import DoubleQuotedScalarString

_DATE = re.compile(r"^[0-9]{4}-[0-9]{2}(-[0-9]{2})?$|^[0-9]{2}:[0-9]{2}$")
_FILL_IN = "# FILL IN"


def _yaml() -> YAML:
    yaml = YAML()
    yaml.preserve_quotes = True
    yaml.width = 4096
    yaml.indent(mapping=2, sequence=4, offset=2)
    return yaml


def load(text: str) -> Any:
    return _yaml().load(text)


def dump(data: Any) -> str:
    out = io.StringIO()
    _yaml().dump(data, out)
    return out.getvalue()


def plain(data: Any) -> Any:
    """Round-trip data as plain dicts, lists and scalars (for the form), placeholders left out."""
    if isinstance(data, dict):
        return {str(k): plain(v) for k, v in data.items() if not _placeholder(v)}
    if isinstance(data, list):
        return [plain(v) for v in data if not _placeholder(v)]
    return str(data) if isinstance(data, str) else data


#: what the templates write where a value is still to come
PLACEHOLDERS = frozenset({"", "FILL_IN", "FILL IN"})


def _placeholder(value: Any) -> bool:
    return value is None or (isinstance(value, str) and value in PLACEHOLDERS)


def _scalar(old: Any, new: Any) -> Any:
    quoted = isinstance(old, DoubleQuotedScalarString) and old != ""
    if isinstance(new, str) and (quoted or _DATE.match(new)):
        return DoubleQuotedScalarString(new)
    return new


def _drop_fill_in(node: CommentedMap | CommentedSeq, key: Any) -> None:
    entry = node.ca.items.get(key)
    token = entry[2] if entry and len(entry) > 2 else None
    if token is not None and token.value.lstrip().startswith(_FILL_IN):
        _first, _, rest = token.value.partition("\n")
        token.value = "\n" + rest


def _forget(node: CommentedMap, key: Any) -> None:
    """Remove ``key``, keeping the comment lines that follow it (they describe the next field)."""
    keys = list(node.keys())
    entry = node.ca.items.pop(key, None)
    del node[key]
    token = entry[2] if entry and len(entry) > 2 else None
    if token is None:
        return
    _, _, rest = token.value.partition("\n")
    index = keys.index(key)
    if index == 0 or not rest.strip():
        return
    before = keys[index - 1]
    previous = node.ca.items.get(before)
    if previous and len(previous) > 2 and previous[2] is not None:
        previous[2].value = previous[2].value.rstrip("\n") + "\n" + rest
    elif not isinstance(node[before], dict | list) or not node[before]:
        node.yaml_add_eol_comment("\n" + rest.rstrip("\n"), before)


def merge(target: Any, data: Any) -> Any:
    """``target`` (round-trip data) changed to hold ``data``, comments kept where they can be."""
    if isinstance(target, CommentedMap) and isinstance(data, dict):
        for key in [k for k in target if k not in data]:
            _forget(target, key)
        for key, value in data.items():
            if key in target:
                old = target[key]
                new = merge(old, value)
                if new is not old or not isinstance(old, dict | list):
                    # CommentedMap.__setitem__ would keep the old quoting style
                    super(CommentedMap, target).__setitem__(key, new)
                if not _placeholder(value) and value != []:
                    _drop_fill_in(target, key)
            else:
                target[key] = merge(None, value)
        return target
    if isinstance(target, CommentedSeq) and isinstance(data, list):
        for index, value in enumerate(data):
            if index < len(target):
                new = merge(target[index], value)
                if new is not target[index]:
                    target[index] = new
            else:
                target.append(merge(None, value))
        del target[len(data) :]
        if all(not isinstance(v, dict | list) for v in data):
            target.fa.set_flow_style()
        return target
    if isinstance(data, dict):
        fresh = CommentedMap()
        for key, value in data.items():
            fresh[key] = merge(None, value)
        return fresh
    if isinstance(data, list):
        seq = CommentedSeq(merge(None, v) for v in data)
        if all(not isinstance(v, dict | list) for v in data):
            seq.fa.set_flow_style()
        return seq
    return _scalar(target, data)

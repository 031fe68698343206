"""The values a reader of a YAML file sees: after unescaping, with their field names.

The guard reads every file as raw text, line by line. Two things are not on
any one line of the raw text: a value written with YAML escapes
(``"\\x39\\u0034..."``) and the field a value belongs to when its name is on
another line (``birth:`` with ``date:`` under it, or a block scalar under
``dob:``). For those the file is parsed with the YAML parser
``casework.yamlload`` uses (libyaml), from its event stream, and every scalar,
field names included, is yielded with where it starts.

Composing every file would double the scan's time, so :func:`needs_parse`
says whether the raw text can hold either case at all: a backslash anywhere,
or a field about birth whose value does not start on its own line.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import yaml

from casework.privacy.detectors import is_birth_field

#: the event parser, libyaml's where installed (``CSafeLoader`` parses events too)
_Parser: type = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

# "key:" with nothing after it on the line but a block indicator or a comment
_KEY_ONLY = re.compile(
    r"^[ \t]*(?:-[ \t]+)*(?P<key>[^\s#:][^:\n]*):[ \t]*(?:[|>][-+0-9]*[ \t]*)?(?:#[^\n]*)?$",
    re.MULTILINE,
)


_ANY_BIRTH = re.compile(r"birth|born|d\.?o\.?b", re.IGNORECASE)  # a quick first look


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
    if not _ANY_BIRTH.search(text):
        return False
    return any(is_birth_field(match.group("key")) for match in _KEY_ONLY.finditer(text))


def _value(text: str, event: yaml.ScalarEvent, is_key: bool, birth: bool) -> Value:
    start, end = event.start_mark, event.end_mark
    # The parser gives every event its marks; only hand-built events lack them.
    assert start is not None and end is not None
    raw = text[start.index : end.index]
    quote = 1 if event.style in ("'", '"') else 0
    exact = start.line == end.line and raw[quote : len(raw) - quote] == event.value
    line, column = start.line + 1, start.column + 1 + quote
    return Value(event.value, line, column, end.line + 1, is_key, birth, exact)


@dataclass
class _Open:
    """A mapping or list being read."""

    is_map: bool
    birth: bool  # inside a field about birth
    want_key: bool = True  # a mapping: the next node is a field name
    key_birth: bool = False  # a mapping: the current field's name is about birth


def yaml_values(text: str) -> list[Value] | None:
    """Every scalar of a YAML text, field names included, or None if it is not valid YAML.

    Read from the parser's event stream (libyaml's where installed, as
    ``casework.yamlload`` does): nothing recurses, so depth does not matter, and
    tags, anchors or several documents do not stop it (refusing those is
    ``validate``'s job).
    """
    parser = _Parser(text)
    values: list[Value] = []
    stack: list[_Open] = []
    try:
        while True:
            event = parser.get_event()
            if event is None or isinstance(event, yaml.StreamEndEvent):
                break
            top = stack[-1] if stack else None
            is_key = top is not None and top.is_map and top.want_key
            birth = False if top is None else (top.key_birth if top.is_map else top.birth)
            if isinstance(event, yaml.ScalarEvent):
                values.append(_value(text, event, is_key, top.birth if is_key and top else birth))
                if is_key and top is not None:
                    top.want_key = False
                    top.key_birth = top.birth or is_birth_field(str(event.value))
                elif top is not None and top.is_map:
                    top.want_key = True
            elif isinstance(event, yaml.AliasEvent):
                if top is not None and top.is_map:
                    top.want_key = not top.want_key
            elif isinstance(event, (yaml.MappingStartEvent, yaml.SequenceStartEvent)):
                inherited = top.birth if is_key and top is not None else birth
                if is_key and top is not None:
                    top.key_birth = top.birth  # a list or mapping as a field name
                stack.append(_Open(isinstance(event, yaml.MappingStartEvent), inherited))
            elif isinstance(event, yaml.CollectionEndEvent):
                stack.pop()
                if stack and stack[-1].is_map:
                    stack[-1].want_key = not stack[-1].want_key
    except yaml.YAMLError:
        return None
    finally:
        parser.dispose()
    return values

"""The one strict YAML loader used by every command, hook and the site.

Rules (documented in the README, "How records are read"):

* UTF-8 only; a byte-order mark is allowed at the start and ignored.
* No tab characters anywhere (they look like spaces but change the meaning).
* Exactly one document per file; an empty file (or one with only comments)
  is refused.
* Duplicate keys in a mapping are refused (plain PyYAML keeps the last one
  silently).
* Aliases, merge keys and custom tags (``*``, ``<<``, ``!name``) are refused.
* One typing rule for all scalars, avoiding YAML 1.1 surprises: only
  ``true``/``false`` are booleans, only ``null``/``~``/an empty value is null,
  only plain decimal numbers without leading zeros are numbers (``12``,
  ``-3``, ``1250.50``). Everything else is text: ``no`` stays the word "no",
  ``010`` stays the text "010", and an unquoted ``2026-03-05`` stays the text
  "2026-03-05". Dates are text, checked by the schemas to be real calendar
  dates in the form YYYY-MM-DD (quoting them is allowed and recommended).

Every error names ``file:line:column`` and never repeats a value from the file.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, ClassVar

import yaml

from casework.errors import CaseworkError, Location
from casework.repofiles import UnsafeFile, read_regular

_BaseLoader: type = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

PathKey = tuple[str | int, ...]

_BOOL = "tag:yaml.org,2002:bool"
_INT = "tag:yaml.org,2002:int"
_FLOAT = "tag:yaml.org,2002:float"
_NULL = "tag:yaml.org,2002:null"
_STR = "tag:yaml.org,2002:str"
_MAP = "tag:yaml.org,2002:map"
_SEQ = "tag:yaml.org,2002:seq"


class StrictLoader(_BaseLoader):  # type: ignore[misc, valid-type]
    """Safe loader (C implementation where available) with one typing rule."""

    yaml_implicit_resolvers: ClassVar[dict[str | None, list[tuple[str, re.Pattern[str]]]]] = {}


def _add(tag: str, pattern: str, first: str) -> None:
    StrictLoader.add_implicit_resolver(tag, re.compile(pattern), list(first))


_add(_BOOL, r"^(?:true|True|TRUE|false|False|FALSE)$", "tTfF")
_add(_INT, r"^[-+]?(?:0|[1-9][0-9]*)$", "-+0123456789")
_add(_FLOAT, r"^[-+]?(?:0|[1-9][0-9]*)\.[0-9]+$", "-+0123456789")
_add(_NULL, r"^(?:~|null|Null|NULL|)$", ["~", "n", "N", ""])  # type: ignore[arg-type]


@dataclass(frozen=True)
class Document:
    """A loaded record: its data and where each field is in the file."""

    path: Path
    display: str
    data: Any
    positions: dict[PathKey, tuple[int, int]] = field(repr=False, compare=False)

    def locate(self, path: Sequence[str | int] = ()) -> Location:
        """The file position of a field, or of its nearest ancestor."""
        key: PathKey = tuple(path)
        while key and key not in self.positions:
            key = key[:-1]
        line, col = self.positions.get(key, (1, 1))
        return Location(self.display, line, col)


class LoadError(CaseworkError):
    """A file that cannot be read as a record."""


def _where(display: str, line: int, col: int) -> Location:
    return Location(display, line, col)


def _line_col(text: str, index: int) -> tuple[int, int]:
    line = text.count("\n", 0, index) + 1
    col = index - (text.rfind("\n", 0, index) + 1) + 1
    return line, col


# PyYAML's problem texts mapped to plain English. Its raw messages may quote
# characters from the file, so they are never shown as they are.
_SYNTAX_HINTS: tuple[tuple[str, str], ...] = (
    (
        "expected a single document",
        "the file holds more than one YAML document (a second '---' "
        "or '...'); keep one record per file",
    ),
    (
        "mapping values are not allowed",
        "a colon is in the wrong place; if a value contains ': ', put the whole value in quotes",
    ),
    (
        "could not find expected ':'",
        "a line is missing the colon between field name and value, or a quote is not closed",
    ),
    ("found unexpected end of stream", "a quote or bracket is opened and never closed"),
    ("while scanning a quoted scalar", "a quoted value is not closed; check its quotes"),
    (
        "found unknown escape character",
        "a backslash in a double-quoted value is not a valid "
        "escape; use single quotes, or write two backslashes",
    ),
    (
        "did not find expected key",
        "the indentation is inconsistent; line fields up under their parent with spaces",
    ),
    ("did not find expected '-' indicator", "a list item is not indented like the ones before it"),
    (
        "expected <block end>",
        "the indentation is inconsistent; line fields up under their parent with spaces",
    ),
    (
        "found character that cannot start any token",
        "a value starts with a character YAML "
        "reserves (such as '@' or a backquote); put the value in quotes",
    ),
    (
        "cannot start any token",
        "a value starts with a character YAML reserves (such as '@' or a "
        "backquote); put the value in quotes",
    ),
    (
        "found undefined alias",
        "a '*' starts an alias, which records may not use; put the value in quotes",
    ),
    ("found duplicate anchor", "anchors ('&') are not allowed in records"),
    (
        "did not find expected node content",
        "a value is missing or starts with a reserved character; put the value in quotes",
    ),
    ("did not find expected ',' or ']'", "a list written in [brackets] is not closed properly"),
    ("did not find expected ',' or '}'", "a mapping written in {braces} is not closed properly"),
    ("found a tab character", "a tab character is used; use spaces only"),
)


_OPENED_AT_CONTEXT = (
    "while scanning a quoted scalar",
    "while parsing a flow sequence",
    "while parsing a flow mapping",
)


_QUOTED_VALUE = re.compile(r"^\s*(?:-\s+)*(?:[^\s#'\"][^:#]*:\s+)?(?P<quote>[\"'])")


def _unclosed_quote(text: str, error_line: int) -> tuple[int, int] | None:
    """The first line before a syntax error whose quoted value is not closed on that line.

    A quoted value may run over several lines in YAML, so a forgotten closing
    quote shows up as an error lines later; pointing at the opening quote is
    what helps. Used only once the file has already failed to parse.
    """
    for number, line in enumerate(text.splitlines()[: error_line - 1], start=1):
        match = _QUOTED_VALUE.match(line)
        if not match:
            continue
        quote = match.group("quote")
        rest = line[match.end() :]
        if quote == "'":
            closed = "'" in rest.replace("''", "")
        else:
            closed = re.search(r'(?<!\\)"', rest.replace("\\\\", "")) is not None
        if not closed:
            return number, match.start("quote") + 1
    return None


def _syntax_message(err: yaml.MarkedYAMLError) -> str:
    text = f"{err.context or ''} {err.problem or ''}"
    for needle, hint in _SYNTAX_HINTS:
        if needle in text:
            return f"this is not valid YAML: {hint}"
    return (
        "this is not valid YAML near here (check the indentation, the colons and the "
        "quotes on this line and the one before)"
    )


def _decode(raw: bytes, display: str) -> str:
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        prefix = raw[: exc.start].decode("utf-8", errors="replace")
        line, col = _line_col(prefix, len(prefix))
        raise LoadError(
            "the file is not UTF-8 text (it may have been saved as Windows-1252 or Latin-1); "
            "save it again as UTF-8",
            _where(display, line, col),
        ) from None
    return text


def _refuse_tabs_and_controls(text: str, display: str) -> None:
    tab = text.find("\t")
    if tab >= 0:
        line, col = _line_col(text, tab)
        raise LoadError(
            "the file contains a tab character; replace it with spaces", _where(display, line, col)
        )
    bad = re.search(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]", text)
    if bad:
        line, col = _line_col(text, bad.start())
        raise LoadError(
            "the file contains an invisible control character; delete it and save again",
            _where(display, line, col),
        )


def _mark(node: yaml.Node) -> tuple[int, int]:
    return node.start_mark.line + 1, node.start_mark.column + 1


class _Builder:
    """Turns a composed node tree into plain data plus a position map."""

    def __init__(self, display: str) -> None:
        self.display = display
        self.positions: dict[PathKey, tuple[int, int]] = {}
        self._seen: set[int] = set()

    def _fail(self, message: str, node: yaml.Node) -> LoadError:
        line, col = _mark(node)
        return LoadError(message, _where(self.display, line, col))

    def build(self, node: yaml.Node, path: PathKey) -> Any:
        if id(node) in self._seen:
            raise self._fail(
                "anchors and aliases ('&' and '*') are not allowed in records; write the value "
                "out in full",
                node,
            )
        self._seen.add(id(node))
        if isinstance(node, yaml.ScalarNode):
            return self._scalar(node)
        if isinstance(node, yaml.SequenceNode):
            if node.tag != _SEQ:
                raise self._fail("explicit YAML tags ('!') are not allowed in records", node)
            items = []
            for index, item in enumerate(node.value):
                self.positions[(*path, index)] = _mark(item)
                items.append(self.build(item, (*path, index)))
            return items
        if isinstance(node, yaml.MappingNode):
            if node.tag != _MAP:
                raise self._fail("explicit YAML tags ('!') are not allowed in records", node)
            result: dict[str, Any] = {}
            for key_node, value_node in node.value:
                if not isinstance(key_node, yaml.ScalarNode):
                    raise self._fail(
                        "a field name must be a plain word, not a list or mapping", key_node
                    )
                key = str(key_node.value)
                if key == "<<":
                    raise self._fail("merge keys ('<<') are not allowed in records", key_node)
                if key in result:
                    first = self.positions.get((*path, key), (0, 0))[0]
                    raise self._fail(
                        f"the field '{_safe_key(key)}' appears twice in the same mapping "
                        f"(first on line {first}); keep one and delete the other",
                        key_node,
                    )
                self.positions[(*path, key)] = _mark(key_node)
                result[key] = self.build(value_node, (*path, key))
            return result
        raise self._fail("this YAML construct is not supported in records", node)

    def _scalar(self, node: yaml.ScalarNode) -> Any:
        value: str = node.value
        tag = node.tag
        if node.style in ("'", '"', "|", ">"):
            if tag not in (_STR,):
                raise self._fail("explicit YAML tags ('!') are not allowed in records", node)
            return value
        if tag == _STR:
            return value
        if tag == _NULL:
            return None
        if tag == _BOOL:
            return value.lower() == "true"
        if tag == _INT:
            return int(value)
        if tag == _FLOAT:
            return float(value)
        raise self._fail("explicit YAML tags ('!') are not allowed in records", node)


_SAFE_KEY = re.compile(r"^[A-Za-z_][A-Za-z0-9_-]{0,40}$")


def _safe_key(key: str) -> str:
    """A field name is shown only when it looks like a field name."""
    return key if _SAFE_KEY.match(key) else "(unnamed field)"


def loads(text: str, display: str, path: Path | None = None) -> Document:
    """Parse YAML text under the strict rules; ``display`` names it in errors."""
    _refuse_tabs_and_controls(text, display)
    loader = StrictLoader(text)
    try:
        node = loader.get_single_node()
    except yaml.MarkedYAMLError as err:
        mark = err.problem_mark or err.context_mark
        if err.context_mark is not None and any(
            opened in (err.context or "") for opened in _OPENED_AT_CONTEXT
        ):
            mark = err.context_mark  # where the quote or bracket was opened, not the file's end
        line, col = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        unclosed = _unclosed_quote(text, line)
        if unclosed is not None:
            raise LoadError(
                "this is not valid YAML: a quoted value starting here is not closed on its "
                "line; add the closing quote",
                _where(display, *unclosed),
            ) from None
        raise LoadError(_syntax_message(err), _where(display, line, col)) from None
    except yaml.YAMLError:
        raise LoadError("this is not valid YAML", _where(display, 1, 1)) from None
    finally:
        loader.dispose()
    if node is None:
        raise LoadError(
            "the file is empty; fill it in, or start from 'casework new'", _where(display, 1, 1)
        )
    builder = _Builder(display)
    data = builder.build(node, ())
    builder.positions[()] = _mark(node)
    return Document(path or Path(display), display, data, builder.positions)


def load(path: Path, display: str | None = None) -> Document:
    """Read and parse one file; every failure becomes a ``LoadError``."""
    shown = display or str(path)
    try:
        raw = read_regular(path)
    except UnsafeFile as exc:
        raise LoadError(exc.message, Location(shown)) from None
    return loads(_decode(raw, shown), shown, path)


def walk(data: Any, path: PathKey = ()) -> Iterator[tuple[PathKey, Any]]:
    """Every scalar in a loaded document with its path."""
    if isinstance(data, dict):
        for key, value in data.items():
            yield from walk(value, (*path, key))
    elif isinstance(data, list):
        for index, value in enumerate(data):
            yield from walk(value, (*path, index))
    else:
        yield path, data


def field_name(path: Sequence[str | int]) -> str:
    """A field path as a coordinator reads it: ``placements[2].weekly_cost``.

    List positions are shown counting from 1, as a person counts.
    """
    out = ""
    for part in path:
        if isinstance(part, int):
            out += f"[{part + 1}]"
        else:
            out += ("." if out else "") + _safe_key(part)
    return out or "(the whole record)"

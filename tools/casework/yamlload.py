"""The one strict YAML loader used by every command, hook and the site.

Rules (documented in docs/records.md, "How records are read"):

* UTF-8 only; a byte-order mark is allowed at the start and ignored. UTF-16
  and UTF-32 (with or without a byte-order mark) are named as such.
* Line ends may be LF, CR LF or CR alone; each counts as one line, as in an
  editor. No tab characters anywhere (they look like spaces but change the
  meaning), no other control characters, and none of the characters YAML
  reads as a line end but editors do not show as one (NEL U+0085, U+2028,
  U+2029), nor U+FFFE/U+FFFF or a byte-order mark after the start.
* Exactly one document per file; an empty file (or one with only comments)
  is refused.
* Duplicate keys in a mapping are refused (plain PyYAML keeps the last one
  silently).
* Anchors, aliases, merge keys, every tag (``&``, ``*``, ``<<``, ``!name``,
  ``!!str``, ``!<tag:...>``) and the ``%YAML``/``%TAG`` directives are refused.
* Lists and mappings nest at most ``MAX_DEPTH`` (64) levels deep. The file
  is read from the parser's event stream with an explicit stack, so no
  input can exhaust Python's recursion limit here.
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
from typing import Any, Literal

import yaml

from casework.errors import CaseworkError, Location
from casework.repofiles import UnsafeFile, read_regular


class _PurePythonParser(yaml.reader.Reader, yaml.scanner.Scanner, yaml.parser.Parser):
    """PyYAML's own parser, where its C implementation (libyaml) is not installed."""

    def __init__(self, text: str) -> None:
        yaml.reader.Reader.__init__(self, text)
        yaml.scanner.Scanner.__init__(self)
        yaml.parser.Parser.__init__(self)

    def dispose(self) -> None:
        pass


#: The parser (events only: PyYAML's composer and constructor are not used).
# types-PyYAML lists CParser only in yaml._yaml, but yaml.cyaml imports it at runtime.
_Parser: type = (
    yaml.cyaml.CParser  # type: ignore[attr-defined]
    if yaml.__with_libyaml__
    else _PurePythonParser
)

PathKey = tuple[str | int, ...]

#: ``positions=MARKS``: keep the parser's marks in a tree shaped like the record (see
#: :class:`Marks`) instead of building the position map while reading
MARKS: Literal["marks"] = "marks"
#: what ``positions`` may be: True (the map, built while reading), False (built when a
#: message first needs it) or :data:`MARKS`
Positions = bool | Literal["marks"]


@dataclass(slots=True)
class Marks:
    """Where each field of one list or mapping starts, as the parser marked it.

    ``marks``: field name (or list index) -> the parser's mark of the field's name (or
    of the list item); ``children``: field name (or index) -> the :class:`Marks` of a
    list or mapping held there. Keeping the parser's own mark objects costs one
    dictionary entry per field while reading, where the position map costs two
    tuples more; a position is worked out from its mark only when a finding names it.
    """

    marks: dict[str | int, Any]
    children: dict[str | int, Marks]


@dataclass(frozen=True)
class Document:
    """A loaded record: its data, its text, and where each field is in the file.

    The position map (field path -> line and column) is built only when asked
    for: a record loaded with ``positions=False`` and never named in a message
    never has one. It is built again from ``text`` when needed, so the same
    message gets the same line and column either way.
    """

    path: Path
    display: str
    data: Any
    text: str = field(default="", repr=False, compare=False)
    _positions: dict[PathKey, tuple[int, int]] | None = field(
        default=None, repr=False, compare=False
    )
    #: the root's mark and the root's :class:`Marks`, when read with ``positions=MARKS``
    _marks: tuple[Any, Marks | None] | None = field(default=None, repr=False, compare=False)

    @property
    def positions(self) -> dict[PathKey, tuple[int, int]]:
        """Field path -> (line, column), built from the text on first use and kept."""
        if self._positions is None:
            object.__setattr__(self, "_positions", _position_map(self.text, self.display))
        assert self._positions is not None
        return self._positions

    def forget_positions(self) -> None:
        """Drop the position map (it is built again from the text if asked for)."""
        object.__setattr__(self, "_positions", None)

    def locate(self, path: Sequence[str | int] = ()) -> Location:
        """The file position of a field, or of its nearest ancestor."""
        if self._marks is not None and self._positions is None:
            return self._marked(path)
        positions = self._positions if self._positions is not None else self.positions
        key: PathKey = path if path.__class__ is tuple else tuple(path)
        found = positions.get(key)
        if found is None:
            while key and key not in positions:
                key = key[:-1]
            found = positions.get(key, (1, 1))
        return Location(self.display, *found)

    def _marked(self, path: Sequence[str | int]) -> Location:
        """:meth:`locate` from the parser's marks: the same position as the map gives,
        since the map holds the position of every field along a field's path."""
        assert self._marks is not None
        mark, node = self._marks
        for step in path:
            if node is None:
                break
            found = node.marks.get(step)
            if found is None:
                break
            mark = found
            node = node.children.get(step)
        return Location(self.display, mark.line + 1, mark.column + 1)


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


def _closing_quote(line: str, start: int) -> int | None:
    """The index of the quote that closes the quoted value opened at ``start``."""
    quote = line[start]
    index = start + 1
    while index < len(line):
        char = line[index]
        if quote == '"' and char == "\\":
            index += 2
            continue
        if char == quote:
            if quote == "'" and line[index + 1 : index + 2] == "'":
                index += 2  # '' is one quote inside single-quoted text
                continue
            return index
        index += 1
    return None


_QUOTE_INSIDE = {
    '"': (
        "this is not valid YAML: the value in double quotes has a double quote inside it, "
        "which ends the value early; put the whole value in single quotes instead (a double "
        'quote inside single quotes is fine), or write each inner double quote as \\"'
    ),
    "'": (
        "this is not valid YAML: the value in single quotes has a single quote (an "
        "apostrophe) inside it, which ends the value early; write each inner single quote "
        "twice ('') or put the whole value in double quotes instead"
    ),
}


def _quote_inside(text: str, error_line: int) -> tuple[int, int, str] | None:
    """(line, column of the quote that ends the value early, message) when a line near a
    syntax error holds a quoted value followed by more text: a quote inside a quoted value.

    Used only once the file has already failed to parse; the value is never quoted back.
    """
    lines = text.splitlines()
    for number in (error_line, error_line - 1):
        if not 1 <= number <= len(lines):
            continue
        line = lines[number - 1]
        match = _QUOTED_VALUE.match(line)
        if not match:
            continue
        close = _closing_quote(line, match.start("quote"))
        if close is None:
            continue
        rest = line[close + 1 :].strip()
        if rest and not rest.startswith(("#", ":")):  # ':' - a quoted field name
            return number, close + 1, _QUOTE_INSIDE[match.group("quote")]
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


#: The deepest nesting of lists and mappings a record may have. Real records
#: need fewer than ten levels; the limit stops a hostile or broken file from
#: exhausting the stack (Python's limit is about 1,000) anywhere downstream.
MAX_DEPTH = 64

_UTF16 = "the file is saved as UTF-16 (as some Windows editors do); save it again as UTF-8"
_UTF32 = "the file is saved as UTF-32; save it again as UTF-8"


def _zero_share(data: bytes) -> float:
    return data.count(0) / len(data) if data else 0.0


def _wide_encoding(raw: bytes) -> str | None:
    """A message when the bytes are UTF-16 or UTF-32 (with a byte-order mark or without)."""
    if raw.startswith((b"\xff\xfe\x00\x00", b"\x00\x00\xfe\xff")):
        return _UTF32
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        return _UTF16
    head = raw[:400]
    if len(head) < 4:
        return None
    # Without a byte-order mark: English text in UTF-32 has three NUL bytes in
    # every four, in UTF-16 one in every two. UTF-8 text has none (a stray NUL
    # is refused later, by its position, as a control character).
    quads = [_zero_share(head[i::4]) for i in range(4)]
    if min(quads[1:]) > 0.9 or min(quads[:3]) > 0.9:
        return _UTF32
    even, odd = _zero_share(head[0::2]), _zero_share(head[1::2])
    if max(even, odd) > 0.4 and min(even, odd) < 0.1:
        return _UTF16
    return None


def _decode(raw: bytes, display: str) -> str:
    wide = _wide_encoding(raw)
    if wide is not None:
        raise LoadError(wide, _where(display, 1, 1))
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        prefix = _normalise_line_ends(raw[: exc.start].decode("utf-8", errors="replace"))
        line, col = _line_col(prefix, len(prefix))
        raise LoadError(
            "the file is not UTF-8 text (it may have been saved as Windows-1252 or Latin-1); "
            "save it again as UTF-8",
            _where(display, line, col),
        ) from None
    return text


def _normalise_line_ends(text: str) -> str:
    """Windows (CR LF) and old Mac (CR alone) line ends become LF.

    Editors count each of them as one line end, and so does YAML, which turns
    every line break inside a value into LF anyway: nothing read changes, and
    every line number computed here agrees with the editor's.
    """
    return text.replace("\r\n", "\n").replace("\r", "\n")


# Characters an editor does not show, or shows as a line end that YAML reads
# differently: C0 and C1 controls (NEL, U+0085, among them), the Unicode line
# and paragraph separators, a byte-order mark after the start, noncharacters
# and lone surrogates.
_INVISIBLE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\ufeff\ufffe\uffff\ud800-\udfff]")


def _refuse_tabs_and_controls(text: str, display: str) -> None:
    tab = text.find("\t")
    if tab >= 0:
        line, col = _line_col(text, tab)
        raise LoadError(
            "the file contains a tab character; replace it with spaces", _where(display, line, col)
        )
    bad = _INVISIBLE.search(text)
    if bad:
        line, col = _line_col(text, bad.start())
        raise LoadError(
            "the file contains an invisible control character (or an unusual line or "
            "paragraph separator); delete it and save again",
            _where(display, line, col),
        )


_DEPTH_MESSAGE = (
    f"lists and mappings are nested more than {MAX_DEPTH} levels deep here; a record "
    "needs only a few levels, so check the indentation and the brackets"
)
_TAG_MESSAGE = (
    "explicit YAML tags ('!' or '!!', such as !!str or !!int) are not allowed in records; "
    "delete the tag (put the value in quotes if it is text)"
)
_ANCHOR_MESSAGE = (
    "anchors and aliases ('&' and '*') are not allowed in records; write the value out in full"
)


def _mark(event: yaml.Event) -> tuple[int, int]:
    mark = event.start_mark
    # The parser gives every event a start mark; only hand-built events lack one.
    assert mark is not None
    return mark.line + 1, mark.column + 1


_PLAIN_BOOL = re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$")
_PLAIN_INT = re.compile(r"^[-+]?(?:0|[1-9][0-9]*)$")
_PLAIN_FLOAT = re.compile(r"^[-+]?(?:0|[1-9][0-9]*)\.[0-9]+$")
_PLAIN_NULL = re.compile(r"^(?:~|null|Null|NULL|)$")


def _scalar_value(event: yaml.ScalarEvent) -> Any:
    """The one typing rule: only a plain (unquoted) scalar can be other than text."""
    value: str = event.value
    if event.style not in (None, "") or not event.implicit[0]:
        return value
    if _PLAIN_NULL.match(value):
        return None
    if _PLAIN_BOOL.match(value):
        return value.lower() == "true"
    if _PLAIN_INT.match(value):
        return int(value)
    if _PLAIN_FLOAT.match(value):
        return float(value)
    return value


_VALUES = (yaml.ScalarEvent, yaml.SequenceStartEvent, yaml.MappingStartEvent)


@dataclass
class _Open:
    """A list or mapping being read, with the field name waiting for its value."""

    container: dict[str, Any] | list[Any]
    path: PathKey
    key: str | None = None
    marks: Marks | None = None


class _Duplicate(Exception):
    """A repeated field name met without a position map: its message names the line of
    the first one, so the file is read again with positions to write it."""


class _Builder:
    """Turns the parser's event stream into plain data and, if asked, a position map.

    It works from events, not from PyYAML's node tree, with its own stack:
    nothing here recurses, so depth is checked (``MAX_DEPTH``) before any
    deep structure exists, and every tag, anchor and directive is seen as it
    was written, whether or not it names a standard type. Without a position
    map (``track=False``) no field paths are built at all.
    """

    def __init__(self, display: str, track: bool = True, marked: bool = False) -> None:
        self.display = display
        self.track = track
        self.marked = marked and not track
        self.root_mark: Any = None
        self.root_marks: Marks | None = None
        self.positions: dict[PathKey, tuple[int, int]] = {}
        self.stack: list[_Open] = []
        self.root: Any = None
        self.started = False
        self.documents = 0

    def _fail(self, message: str, event: yaml.Event) -> LoadError:
        return LoadError(message, _where(self.display, *_mark(event)))

    def feed(self, event: yaml.Event) -> None:
        if isinstance(event, _VALUES):
            self._node(event)
        elif isinstance(event, yaml.CollectionEndEvent):
            done = self.stack.pop()
            self._place(done.container)
        elif isinstance(event, yaml.DocumentStartEvent):
            self._document(event)
        elif isinstance(event, yaml.AliasEvent):
            raise self._fail(_ANCHOR_MESSAGE, event)

    def _document(self, event: yaml.DocumentStartEvent) -> None:
        if event.version is not None or event.tags:
            raise self._fail(
                "YAML directives ('%YAML' or '%TAG') are not allowed in records; delete the line",
                event,
            )
        self.documents += 1
        if self.documents > 1:
            raise self._fail(
                "this is not valid YAML: the file holds more than one YAML document (a "
                "second '---' or '...'); keep one record per file",
                event,
            )

    def _node(self, event: yaml.ScalarEvent | yaml.CollectionStartEvent) -> None:
        if event.anchor is not None:
            raise self._fail(_ANCHOR_MESSAGE, event)
        if event.tag is not None:
            raise self._fail(_TAG_MESSAGE, event)
        stack = self.stack
        top = stack[-1] if stack else None
        if top is not None and top.key is None and isinstance(top.container, dict):
            self._key(top, event)
            return
        if top is None:
            self.started = True
        if isinstance(event, yaml.ScalarEvent):
            if top is None or top.container.__class__ is list:
                # a field's own position was kept with its name
                if self.track:
                    self._path_for(event)
                elif self.marked:
                    self._mark_item(top, event)
            self._place(_scalar_value(event))
            return
        path = self._path_for(event) if self.track else ()
        if len(stack) >= MAX_DEPTH:
            raise self._fail(_DEPTH_MESSAGE, event)
        container: dict[str, Any] | list[Any] = (
            [] if isinstance(event, yaml.SequenceStartEvent) else {}
        )
        marks = self._mark_open(top, event) if self.marked else None
        stack.append(_Open(container, path, marks=marks))

    def _mark_item(self, top: _Open | None, event: yaml.NodeEvent) -> None:
        """Keep the mark of the root or of a list item."""
        if top is None:
            self.root_mark = event.start_mark
        else:
            assert top.marks is not None
            top.marks.marks[len(top.container)] = event.start_mark

    def _mark_open(self, top: _Open | None, event: yaml.NodeEvent) -> Marks:
        """The :class:`Marks` of a list or mapping starting here, linked to its parent's."""
        node = Marks({}, {})
        if top is None:
            self.root_mark, self.root_marks = event.start_mark, node
            return node
        assert top.marks is not None
        if top.container.__class__ is list:
            index = len(top.container)
            top.marks.marks[index] = event.start_mark
            top.marks.children[index] = node
        else:  # a field's value: its position is its name's, kept already
            assert top.key is not None
            top.marks.children[top.key] = node
        return node

    def _path_for(self, event: yaml.NodeEvent) -> PathKey:
        """Record where a value starts; return its path."""
        if not self.stack:
            self.positions[()] = _mark(event)
            return ()
        top = self.stack[-1]
        if isinstance(top.container, list):
            path: PathKey = (*top.path, len(top.container))
            self.positions[path] = _mark(event)
            return path
        assert top.key is not None
        return (*top.path, top.key)

    def _key(self, top: _Open, event: yaml.NodeEvent) -> None:
        if not isinstance(event, yaml.ScalarEvent):
            raise self._fail("a field name must be a plain word, not a list or mapping", event)
        key = str(event.value)
        if key == "<<" and event.style in (None, ""):
            raise self._fail("merge keys ('<<') are not allowed in records", event)
        assert isinstance(top.container, dict)
        if key in top.container:
            if not self.track:
                raise _Duplicate
            first = self.positions.get((*top.path, key), (0, 0))[0]
            raise self._fail(
                f"the field '{_safe_key(key)}' appears twice in the same mapping "
                f"(first on line {first}); keep one and delete the other",
                event,
            )
        top.key = key
        top.container[key] = None  # holds the place (and catches a repeat) until the value
        if self.track:
            mark = event.start_mark  # as _mark, inline: this runs for every field
            assert mark is not None
            self.positions[(*top.path, key)] = (mark.line + 1, mark.column + 1)
        elif self.marked:
            assert top.marks is not None
            top.marks.marks[key] = event.start_mark

    def _place(self, value: Any) -> None:
        if not self.stack:
            self.root = value
            return
        top = self.stack[-1]
        if isinstance(top.container, list):
            top.container.append(value)
        else:
            assert top.key is not None
            top.container[top.key] = value
            top.key = None


_SAFE_KEY = re.compile(r"^[A-Za-z_][A-Za-z0-9_-]{0,40}$")


def _safe_key(key: str) -> str:
    """A field name is shown only when it looks like one and holds no identifier."""
    if not _SAFE_KEY.match(key):
        return "(unnamed field)"
    if any(ch.isdigit() for ch in key):  # every identifier kind but a name has digits
        from casework.privacy.detectors import find_all  # the guard's own checks

        if find_all(key.replace("_", " ")):
            return "(unnamed field)"
    return key


def _in_file(text: str, mark: yaml.Mark | None) -> tuple[int, int]:
    """A parser's position as an editor shows it: 1-based, and never past the file's end.

    At the end of a file without a final line end the parser counts one line
    more than the file has; that becomes the end of the last line.
    """
    if mark is None:
        return 1, 1
    lines = text.split("\n")
    line = min(mark.line + 1, len(lines))
    col = mark.column + 1 if line == mark.line + 1 else len(lines[line - 1]) + 1
    return line, min(col, len(lines[line - 1]) + 1)


def _syntax_error(err: yaml.MarkedYAMLError, text: str, display: str) -> LoadError:
    mark = err.problem_mark or err.context_mark
    if "maximum nesting depth" in (err.problem or ""):
        # libyaml's own limit (1,000 levels), met while it looks ahead in a
        # flow list such as [[[[...: the same finding as MAX_DEPTH.
        return LoadError(_DEPTH_MESSAGE, _where(display, *_in_file(text, mark)))
    if err.context_mark is not None and any(
        opened in (err.context or "") for opened in _OPENED_AT_CONTEXT
    ):
        mark = err.context_mark  # where the quote or bracket was opened, not the file's end
    line, col = _in_file(text, mark)
    unclosed = _unclosed_quote(text, line)
    if unclosed is not None:
        return LoadError(
            "this is not valid YAML: a quoted value starting here is not closed on its "
            "line; add the closing quote",
            _where(display, *unclosed),
        )
    inside = _quote_inside(text, line)
    if inside is not None:
        return LoadError(inside[2], _where(display, inside[0], inside[1]))
    return LoadError(_syntax_message(err), _where(display, line, col))


def loads(
    text: str, display: str, path: Path | None = None, positions: Positions = True
) -> Document:
    """Parse YAML text under the strict rules; ``display`` names it in errors.

    ``positions=False`` leaves the position map to be built when a message
    first needs it (see :class:`Document`); the data and every error are the same.
    ``positions=MARKS`` keeps the parser's marks instead, for :meth:`Document.locate`
    (any other use of the map builds it from the text, as with False).
    """
    text = _normalise_line_ends(text.removeprefix("\ufeff"))
    _refuse_tabs_and_controls(text, display)
    track = positions is True
    try:
        builder = _parse(text, display, track, marked=positions == MARKS)
    except _Duplicate:
        builder = _parse(text, display, True)  # raises the same error, with the first line
    if not builder.started:
        raise LoadError(
            "the file is empty; fill it in, or start from 'casework new'", _where(display, 1, 1)
        )
    return Document(
        path or Path(display),
        display,
        builder.root,
        text,
        builder.positions if track else None,
        (builder.root_mark, builder.root_marks) if builder.marked else None,
    )


def _parse(text: str, display: str, track: bool, marked: bool = False) -> _Builder:
    """The builder fed with every event of ``text`` (already checked and normalised)."""
    builder = _Builder(display, track, marked)
    loader = _Parser(text)
    try:
        while True:
            event = loader.get_event()
            if event is None or isinstance(event, yaml.StreamEndEvent):
                break
            builder.feed(event)
    except yaml.MarkedYAMLError as err:
        raise _syntax_error(err, text, display) from None
    except yaml.YAMLError:
        raise LoadError("this is not valid YAML", _where(display, 1, 1)) from None
    finally:
        loader.dispose()
    return builder


def _position_map(text: str, display: str) -> dict[PathKey, tuple[int, int]]:
    """The position map of text that has loaded before (empty if it no longer does)."""
    try:
        return _parse(text, display, True).positions
    except LoadError:
        return {}


def read_text(path: Path, display: str) -> str:
    """A file's text as :func:`load` parses it (no byte order mark, line ends normalised);
    every failure to read it becomes a ``LoadError``."""
    try:
        raw = read_regular(path)
    except UnsafeFile as exc:
        raise LoadError(exc.message, Location(display)) from None
    return _normalise_line_ends(_decode(raw, display).removeprefix("\ufeff"))


def load(path: Path, display: str | None = None, positions: Positions = True) -> Document:
    """Read and parse one file; every failure becomes a ``LoadError``."""
    shown = display or str(path)
    try:
        raw = read_regular(path)
    except UnsafeFile as exc:
        raise LoadError(exc.message, Location(shown)) from None
    return loads(_decode(raw, shown), shown, path, positions)


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

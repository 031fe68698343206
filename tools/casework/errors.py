"""The one error type for "the user's input is wrong", and the exit codes.

Exit codes (documented in the README, "Exit codes"):

* 0 - everything checked is fine
* 1 - findings: invalid records, timescale breaches, personal data, audit failures
* 2 - usage or configuration error (bad arguments, missing repository or policy)
* 3 - a bug in casework: an unexpected error (reported in one line, never a traceback)
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import IntEnum
from pathlib import Path

from casework.quickinit import slot_setters

# Characters that would break a line of output or change how it reads: C0 and
# C1 controls (a newline in a file name would start a line that CI reads as
# its own, such as a GitHub annotation), Unicode line and paragraph
# separators, and the invisible marks that reorder text (bidi controls).
_UNPRINTABLE = re.compile("[\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028-\u202e\u2066-\u2069\ufeff]")
_SHORT = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}


def _escape(match: re.Match[str]) -> str:
    char = match.group()
    if char in _SHORT:
        return _SHORT[char]
    code = ord(char)
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def printable(text: str) -> str:
    """A file name as it is shown in output: control characters escaped (``\\n``, ``\\x1b``,
    ``\\u202e``), so that it stays on its own line and reads as it is."""
    if text.isascii() and text.isprintable():  # the common case: nothing to escape
        return text
    return _UNPRINTABLE.sub(_escape, text)


class ExitCode(IntEnum):
    OK = 0
    FINDINGS = 1
    USAGE = 2
    BUG = 3


@dataclass(frozen=True, slots=True)
class Location:
    """Where in a file something is: 1-based line and column (0 = unknown)."""

    path: str
    line: int = 0
    column: int = 0

    def __str__(self) -> str:
        if self.line:
            return f"{printable(self.path)}:{self.line}:{self.column or 1}"
        return printable(self.path)


# Location.__init__, quicker (see casework.quickinit): check locates every event and finding
_set_path, _set_line, _set_column = slot_setters(Location, "path", "line", "column")


def _location_init(self: Location, path: str, line: int = 0, column: int = 0) -> None:
    _set_path(self, path)
    _set_line(self, line)
    _set_column(self, column)


Location.__init__ = _location_init  # type: ignore[method-assign]


class CaseworkError(Exception):
    """A problem with the user's input or configuration that they can fix.

    The message must be plain English, name the file (and line where known),
    say what is wrong and how to fix it, and never repeat a field's value.
    """

    exit_code: ExitCode = ExitCode.FINDINGS

    def __init__(self, message: str, location: Location | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.location = location

    def __str__(self) -> str:
        if self.location is not None:
            return f"{self.location}: error: {self.message}"
        return f"error: {self.message}"


class UsageError(CaseworkError):
    """Bad arguments, a missing repository, a missing or broken policy pack."""

    exit_code = ExitCode.USAGE


def relpath(path: Path, root: Path | None) -> str:
    """Show a path relative to the repository when it lies inside it."""
    if root is not None:
        try:
            return path.resolve().relative_to(root.resolve()).as_posix()
        except ValueError:
            pass
    return str(path)

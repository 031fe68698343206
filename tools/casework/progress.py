"""A progress line for long commands, shown only to a person watching a terminal.

``Progress("building the panel site")("rendering 1,164 pages")`` writes
``building the panel site: rendering 1,164 pages…`` on stderr, each step over
the last on the same line, and :meth:`Progress.done` clears it. When stderr is
not a terminal (CI logs, pipes, the hooks) nothing at all is written, so
output that is read by programs never changes.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from typing import TextIO

#: a step reporter: takes the words for the step now running
Step = Callable[[str], None]

_CLEAR = "\r\x1b[K"  # back to the line's start, then clear to its end


def quiet(_step: str) -> None:
    """The reporter that reports nothing (the default everywhere)."""


class Progress:
    """One in-place progress line on ``stream`` (stderr), when it is a terminal."""

    def __init__(self, what: str, stream: TextIO | None = None) -> None:
        self.what = what
        self.stream = stream if stream is not None else sys.stderr
        isatty = getattr(self.stream, "isatty", None)
        self.live = bool(isatty and isatty())
        self.shown = False

    def __call__(self, step: str) -> None:
        if not self.live:
            return
        self.stream.write(f"{_CLEAR}{self.what}: {step}…")
        self.stream.flush()
        self.shown = True

    def done(self) -> None:
        """Clear the line, so what is printed next starts on a clean line."""
        if self.live and self.shown:
            self.stream.write(_CLEAR)
            self.stream.flush()
            self.shown = False

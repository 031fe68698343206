"""The personal-data guard over history: every commit reachable from HEAD, in one pass.

One ``git log -p --unified=0`` process streams every commit's added lines
under cases/, policies/ and meetings/; each added line goes through the same
detectors as ``casework scan``. Renames (``-M``) add no lines, so each piece of
data is reported at the commit that introduced it. Merge commits show no diff
(what they bring in was added by the commits merged).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from casework import gitlog
from casework.privacy.detectors import Kind
from casework.privacy.scan import SCANNED_DIRS, Scanner

_COMMIT = "\x1e"
_HUNK = re.compile(r"^@@+ [^@]*\+([0-9]+)(?:,[0-9]+)? @@")


@dataclass(frozen=True)
class HistoryFinding:
    commit: str
    date: str
    path: str
    line: int
    kind: Kind


@dataclass(frozen=True)
class AddedLine:
    commit: str
    date: str
    path: str
    number: int
    text: str


def _unquote(path: str) -> str:
    """git quotes unusual paths in C style: "b/caf\\303\\251.yaml"."""
    if not (path.startswith('"') and path.endswith('"')):
        return path
    raw = path[1:-1].encode("latin-1", "backslashreplace").decode("unicode_escape")
    return raw.encode("latin-1").decode("utf-8", "replace")


def added_lines(lines: Iterable[str]) -> Iterator[AddedLine]:
    """The added lines of ``git log -p --unified=0`` output, with commit, path and line."""
    commit = date = ""
    path: str | None = None
    in_hunk = False
    number = 0
    for line in lines:
        if line.startswith(_COMMIT):
            commit, _, date = line[1:].partition(" ")
            path, in_hunk = None, False
        elif line.startswith("diff --git "):
            path, in_hunk = None, False
        elif not in_hunk and line.startswith("+++ "):
            target = _unquote(line[4:])
            path = None if target == "/dev/null" else target.removeprefix("b/")
        elif line.startswith("@@"):
            match = _HUNK.match(line)
            in_hunk = bool(match) and path is not None
            number = int(match.group(1)) if match else 0
        elif in_hunk and line.startswith("+") and path is not None:
            yield AddedLine(commit, date, path, number, line[1:])
            number += 1


def scan_history(scanner: Scanner, root: Path) -> list[HistoryFinding]:
    """Every commit, path and kind of personal data added in the history of HEAD."""
    args = [
        "log",
        "-p",
        "-M",
        "--relative",
        "--unified=0",
        "--no-color",
        "--no-ext-diff",
        "--no-textconv",
        f"--format={_COMMIT}%H %as",
        "HEAD",
        "--",
        *SCANNED_DIRS,
    ]
    findings: dict[tuple[str, str, Kind], HistoryFinding] = {}
    for added in added_lines(gitlog.stream(args, root)):
        for found in scanner.line_findings(added.path, added.number, added.text):
            key = (added.commit, added.path, found.kind)
            if key not in findings:
                findings[key] = HistoryFinding(
                    added.commit, added.date, added.path, added.number, found.kind
                )
    return list(findings.values())

"""The personal-data guard over history: every commit reachable from HEAD.

One ``git log -p --unified=0`` process streams every commit's added lines
under cases/, policies/ and meetings/; each added line goes through the same
detectors as ``casework scan`` (two added lines in a row are also read
joined, a YAML line with a backslash is also read unescaped), and each added
path's folder and file names are checked. Renames (``-M``) add no lines, so
each piece of data is reported at the commit that introduced it. Merge
commits show no diff (what they bring in was added by the commits merged).

A second ``git log`` pass reads every commit's message (merges included).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from casework import gitlog
from casework.errors import Location, printable
from casework.privacy.detectors import Hit, Kind
from casework.privacy.scan import (
    COMMIT_MESSAGE,
    SCANNED_DIRS,
    YAML_SUFFIXES,
    Finding,
    Scanner,
    is_site_asset,
)
from casework.privacy.values import yaml_values

_COMMIT = "\x1e"
_HUNK = re.compile(r"^@@+ [^@]*\+([0-9]+)(?:,[0-9]+)? @@")


@dataclass(frozen=True)
class HistoryFinding:
    commit: str
    date: str
    path: str  # the file (a flagged name withheld), or "commit message"
    line: int
    kind: Kind | None  # None: a file git shows as binary, which cannot be checked
    where: str = "text"  # as scan.Finding.where, or "binary"


@dataclass(frozen=True)
class AddedLine:
    commit: str
    date: str
    path: str
    number: int
    text: str
    binary: bool = False  # git shows the file as binary: no lines, nothing checked


def _binary_target(line: str) -> str | None:
    """The new path of "Binary files A and B differ" (None when B is /dev/null)."""
    rest = line.removeprefix("Binary files ").removesuffix(" differ")
    target = _unquote(rest.rsplit(" and ", 1)[-1])
    return None if target == "/dev/null" else target.removeprefix("b/")


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
        elif not in_hunk and line.startswith("Binary files ") and line.endswith(" differ"):
            binary = _binary_target(line)
            if binary is not None:
                yield AddedLine(commit, date, binary, 0, "", binary=True)
        elif line.startswith("@@"):
            match = _HUNK.match(line)
            in_hunk = bool(match) and path is not None
            number = int(match.group(1)) if match else 0
        elif in_hunk and line.startswith("+") and path is not None:
            yield AddedLine(commit, date, path, number, line[1:])
            number += 1


def is_shallow(root: Path) -> bool:
    done = gitlog.run(["rev-parse", "--is-shallow-repository"], root, check=False)
    return done.stdout.strip() == b"true"


def _line_findings(scanner: Scanner, added: AddedLine, display: str) -> list[Finding]:
    found = list(scanner.line_findings(display, added.number, added.text, path=added.path))
    if "\\" in added.text and added.path.lower().endswith(YAML_SUFFIXES):
        indent = len(added.text) - len(added.text.lstrip())
        for value in yaml_values(added.text.strip()) or []:
            for line in value.text.split("\n"):
                for hit in scanner.hits(line, value.birth_field):
                    if not any(f.kind is hit.kind and f.value == hit.value for f in found):
                        where = "field" if value.is_key else "value"
                        at = Location(display, added.number, indent + value.column)
                        finding = scanner.finding(hit, added.path, at, where)
                        if finding is not None:
                            found.append(finding)
    return found


def scan_history(scanner: Scanner, root: Path) -> list[HistoryFinding]:
    """Every commit, path and kind of personal data added in the history of HEAD,
    and in every commit message."""
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
    findings: dict[tuple[str, str, Kind | None], HistoryFinding] = {}

    def add(commit: str, date: str, shown: str, found: Finding) -> None:
        key = (commit, shown, found.kind)
        if key not in findings:
            line = found.location.line or 1
            findings[key] = HistoryFinding(commit, date, shown, line, found.kind, found.where)

    names: dict[str, tuple[list[Finding], str]] = {}
    previous: tuple[AddedLine, list[Hit]] | None = None
    for added in added_lines(gitlog.stream(args, root)):
        if added.path not in names:
            flagged, shown = scanner.name_findings(added.path)
            names[added.path] = (flagged, printable(shown))
        flagged, shown = names[added.path]
        for found in flagged:
            add(added.commit, added.date, shown, found)
        if added.binary:
            if is_site_asset(added.path):
                continue  # a picture on the site: its name was checked above
            key = (added.commit, shown, None)
            findings.setdefault(
                key, HistoryFinding(added.commit, added.date, shown, 1, None, "binary")
            )
            continue
        for found in _line_findings(scanner, added, shown):
            add(added.commit, added.date, shown, found)
        hits = scanner.hits(added.text)
        if (
            previous is not None
            and previous[0].commit == added.commit
            and previous[0].path == added.path
            and previous[0].number + 1 == added.number
        ):
            before = previous[0]
            for hit in scanner.joined_hits((before.text, previous[1]), (added.text, hits)):
                at = Location(shown, before.number, hit.start + 1)
                finding = scanner.finding(hit, added.path, at)
                if finding is not None:
                    add(added.commit, added.date, shown, finding)
        previous = (added, hits)
    for commit, date, text in commit_messages(root):
        for found in scanner.message_findings(text):
            add(commit, date, COMMIT_MESSAGE, found)
    return list(findings.values())


def commit_messages(root: Path) -> Iterator[tuple[str, str, str]]:
    """Every commit reachable from HEAD: its hash, date and full message."""
    args = ["log", "--no-color", f"--format={_COMMIT}%H %as%n%B", "HEAD"]
    commit = date = ""
    lines: list[str] = []
    for line in gitlog.stream(args, root):
        if line.startswith(_COMMIT):
            if commit:
                yield commit, date, "\n".join(lines)
            commit, _, date = line[1:].partition(" ")
            lines = []
        else:
            lines.append(line)
    if commit:
        yield commit, date, "\n".join(lines)

"""The personal-data guard over files: findings by place and kind, never by value.

What a file is checked for, as a reader would see it:

* its text, line by line, and each pair of neighbouring lines joined (a value
  folded over two lines in YAML or in a Markdown paragraph reads as one);
* in a YAML file that may need it (``values.needs_parse``), every parsed
  value and field name: escapes read, and any full date in a field about birth;
* its path: every folder and file name (reported at the nearest folder whose
  name is clean, and never shown);
* its encoding: a file that is not UTF-8 text is itself a finding. UTF-16
  with a byte-order mark is decoded and checked too; a binary file cannot be.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from casework.errors import Location, printable, relpath
from casework.privacy.denylist import DenyList
from casework.privacy.detectors import Hit, Kind, find_all
from casework.privacy.fingerprints import ALLOW_FILE, AllowList
from casework.privacy.values import needs_parse, yaml_values
from casework.problems import Problem
from casework.repofiles import UnsafeFile, entries_under, read_regular

#: records, the pack, and the hand-written site pages (published on the intranet)
SCANNED_DIRS = ("cases", "policies", "meetings", "site")
#: pictures and fonts a site page shows: not text, so only their names are checked
SITE_ASSETS = frozenset(
    (".png", ".jpg", ".jpeg", ".gif", ".webp", ".ico", ".woff", ".woff2", ".ttf", ".otf")
)


def is_site_asset(rel: str) -> bool:
    """A picture or font under ``site/`` (a repository-relative posix path)."""
    return rel.startswith("site/") and PurePosixPath(rel).suffix.lower() in SITE_ASSETS


YAML_SUFFIXES = (".yaml", ".yml")
COMMIT_MESSAGE = "commit message"
_WINDOW = 48  # characters each side of a line break looked at when joining two lines
_ANY_DIGIT = re.compile(r"[0-9]")
# a line that starts a new YAML field ("key: ...", "key:"), not the rest of a value
_NEW_ITEM = re.compile(r"[\w\"'][^:\n]*:(?:[ \t]|$)")
# the field name at the start of a YAML line, up to its colon
_YAML_KEY = re.compile(
    r"^[ \t]*(?:-[ \t]+)*(?:'[^'\n]*'|\"[^\"\n]*\"|[^\s#'\"\-][^:\n]*?):(?=[ \t]|$)"
)
_SCISSORS = re.compile(r"^# -+ >8 -+$")

_WHAT = {
    Kind.NHS: "10 digits with a valid NHS check digit",
    Kind.UPN: "13 characters with a valid pupil-number check letter",
    Kind.NINO: "two letters and six digits in the National Insurance pattern",
    Kind.POSTCODE: "a full UK postcode",
    Kind.PHONE: "valid in the UK numbering plan",
    Kind.EMAIL: "name@domain",
    Kind.BIRTH_DATE: (
        "a full date next to birth, born or DOB, or in a field about birth; record birth_month "
        "YYYY-MM only"
    ),
    Kind.NAME: "a name on the authority's deny list",
}
_ARTICLE = {Kind.NHS: "an", Kind.UPN: "a", Kind.NINO: "a", Kind.EMAIL: "an", Kind.NAME: "a"}

#: where a finding sits -> how the message starts (the kind follows)
_WHERE = {
    "text": "",
    "value": "a value here, as YAML reads it (escapes and field names taken in), holds ",
    "field": "a field name here holds ",
    "name": "the name of a file or folder in this folder holds ",
    "message": "the commit message holds ",
}
_FIX = {
    "text": "remove it: records name children by case id and people by role",
    "value": "remove it: records name children by case id and people by role",
    "field": "rename the field: records name children by case id and people by role",
    "name": "rename it: name files by date and record type, and folders by case id",
    "message": (
        "write the message again without it (git keeps your text in .git/COMMIT_EDITMSG): "
        "name children by case id and people by role"
    ),
}


@dataclass(frozen=True)
class Finding:
    kind: Kind
    location: Location
    fingerprint: str | None
    where: str = "text"  # a key of _WHERE
    value: str = field(default="", repr=False, compare=False)  # matching only; never printed

    def problem(self) -> Problem:
        article = _ARTICLE.get(self.kind, "a")
        what = f"{article} {self.kind.value} ({_WHAT[self.kind]})"
        lead = _WHERE[self.where]
        if self.where == "message":
            allow = ""
        elif self.fingerprint:
            allow = (
                f" If it is not personal data, add 'fingerprint: {self.fingerprint}' with a "
                f"reason to {ALLOW_FILE}"
            )
        else:
            allow = (
                " If it is not personal data, run 'casework scan --init-allow-list' once, "
                "scan again and add the fingerprint it prints"
            )
        return Problem(
            self.location,
            f"{lead}{what}; {_FIX[self.where]}.{allow}",
            code=f"personal-data-{self.kind.code}",
        )


def not_text_problem(display: str, how: str, line: int = 1, column: int = 1) -> Problem:
    """A file the guard cannot fully read as UTF-8 text (``how``: binary, utf-16, bad-utf-8)."""
    if how == "utf-16":
        message = (
            "this file is not UTF-8 text (it is UTF-16); casework checked it for personal data "
            "this time, but the other commands read UTF-8 only; save it as UTF-8"
        )
    elif how == "bad-utf-8":
        message = (
            "this file is not UTF-8 text (perhaps Windows-1252 or Latin-1); casework cannot be "
            "sure to find personal data in it; save it as UTF-8 or remove it"
        )
    else:
        message = (
            "this file is not UTF-8 text (it holds a NUL byte: binary or UTF-16 without a "
            "byte-order mark); casework cannot check it for personal data; save it as UTF-8 or "
            "remove it"
        )
    return Problem(Location(display, line, column), message, code="not-utf8-text")


def unparsed_problem(display: str) -> Problem:
    return Problem(
        Location(display, 1, 1),
        "this YAML file cannot be read, so its escaped values and fields about birth were "
        "checked as raw text only; fix the YAML ('casework validate' says where) and scan again",
        code="personal-data-unchecked",
    )


def lines_of(text: str) -> list[str]:
    """The lines as an editor counts them: split at LF, CRLF or CR only.

    (``str.splitlines`` also splits at U+0085, U+2028, form feeds and more, which
    would put every later finding on the wrong line.)
    """
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    lines = text.split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    return lines


def _overlaps(hit: Hit, others: Iterable[Hit]) -> bool:
    return any(hit.start < o.end and o.start < hit.end for o in others)


@dataclass(frozen=True)
class Scanner:
    """The detectors, the deny list and the allow-list, built once per run."""

    allow: AllowList
    denylist: DenyList | None = None
    _names: dict[str, list[Hit]] = field(default_factory=dict, compare=False, repr=False)

    def hits(self, line: str, birth_field: bool = False) -> list[Hit]:
        found = find_all(line, birth_field)
        if self.denylist is not None:
            taken = bytearray(len(line))
            for hit in found:
                taken[hit.start : hit.end] = b"\x01" * (hit.end - hit.start)
            for hit in self.denylist.find(line):
                if not any(taken[hit.start : hit.end]):
                    found.append(hit)
        return sorted(found, key=lambda h: h.start)

    def finding(
        self, hit: Hit, path: str, location: Location, where: str = "text"
    ) -> Finding | None:
        if where == "message":
            return Finding(hit.kind, location, None, where, hit.value)
        fingerprint = self.allow.fingerprint(hit.kind, path, hit.value)
        if fingerprint is not None and fingerprint in self.allow.fingerprints:
            return None
        return Finding(hit.kind, location, fingerprint, where, hit.value)

    def line_findings(
        self, display: str, number: int, line: str, *, path: str | None = None
    ) -> Iterable[Finding]:
        for hit in self.hits(line):
            found = self.finding(hit, path or display, Location(display, number, hit.start + 1))
            if found is not None:
                yield found

    def text_findings(
        self,
        display: str,
        text: str,
        *,
        path: str | None = None,
        where: str = "text",
        yaml: bool = False,
    ) -> list[Finding]:
        """Every line, and every two neighbouring lines joined where a value may run on.

        ``yaml``: a hit in the field name at the start of a line is said to be one.
        """
        path = path or display
        findings: list[Finding] = []
        previous: tuple[str, list[Hit]] | None = None
        for number, line in enumerate(lines_of(text), start=1):
            hits = self.hits(line)
            key = _YAML_KEY.match(line) if yaml and hits else None
            for hit in hits:
                kind = "field" if key is not None and hit.start < key.end() else where
                found = self.finding(hit, path, Location(display, number, hit.start + 1), kind)
                if found is not None:
                    findings.append(found)
            if previous is not None:
                for hit in self.joined_hits(previous, (line, hits)):
                    at = Location(display, number - 1, hit.start + 1)
                    found = self.finding(hit, path, at, where)
                    if found is not None:
                        findings.append(found)
            previous = (line, hits)
        return findings

    def joined_hits(self, first: tuple[str, list[Hit]], second: tuple[str, list[Hit]]) -> list[Hit]:
        """Hits across the break between two lines, with columns in the first line."""
        a, b = first[0].rstrip(), second[0].lstrip()
        if not a or not b or not a[-1].isalnum() or not b[0].isalnum() or _NEW_ITEM.match(b):
            return []
        tail, head = a[-_WINDOW:], b[:_WINDOW]
        if self.denylist is None and not (
            _ANY_DIGIT.search(tail, len(tail) - 16) and _ANY_DIGIT.search(head, 0, 16)
        ):
            return []  # every kind but a name has digits on both sides of the break
        offset, indent = len(a) - len(tail), len(second[0]) - len(b)
        joined = tail + " " + head
        result = []
        for hit in self.hits(joined):
            if not (hit.start < len(tail) < hit.end - 1):
                continue  # wholly on one line: found there already
            in_first = Hit(hit.kind, offset + hit.start, offset + len(tail), hit.value)
            in_second = Hit(hit.kind, indent, indent + hit.end - len(tail) - 1, hit.value)
            if _overlaps(in_first, first[1]) or _overlaps(in_second, second[1]):
                continue
            result.append(Hit(hit.kind, offset + hit.start, offset + hit.end, hit.value))
        return result

    def yaml_findings(
        self, display: str, text: str, raw: list[Finding], *, path: str | None = None
    ) -> bool:
        """Add to ``raw`` what the parsed values hold that the raw text did not show.

        A raw finding that the parse shows is in a field name is marked so.
        False if the text is not valid YAML.
        """
        values = yaml_values(text)
        if values is None:
            return False
        path = path or display
        for value in values:
            for line in value.text.split("\n"):
                for hit in self.hits(line, value.birth_field):
                    same = [
                        f
                        for f in raw
                        if f.kind is hit.kind
                        and f.value == hit.value
                        and value.line <= f.location.line <= value.end_line
                    ]
                    if same:
                        if value.is_key:
                            raw[raw.index(same[0])] = Finding(
                                same[0].kind,
                                same[0].location,
                                same[0].fingerprint,
                                "field",
                                same[0].value,
                            )
                        continue
                    column = value.column + hit.start if value.exact else value.column
                    where = "field" if value.is_key else "value"
                    found = self.finding(hit, path, Location(display, value.line, column), where)
                    if found is not None:
                        raw.append(found)  # the same value twice in one scalar: once
        return True

    def message_findings(self, text: str) -> list[Finding]:
        """A commit message as git stores it: comment lines and a verbose diff left out."""
        kept: list[str] = []
        for line in lines_of(text):
            if _SCISSORS.match(line):
                break
            kept.append("" if line.startswith("#") else line)
        return self.text_findings(COMMIT_MESSAGE, "\n".join(kept), where="message")

    def name_findings(self, shown: str) -> tuple[list[Finding], str]:
        """Findings in a relative path's folder and file names, and how to show the path.

        A flagged path is shown as its nearest clean folder followed by
        ``(file name withheld)``; the finding itself sits at that folder.
        """
        parts = PurePosixPath(shown).parts
        for index, part in enumerate(parts):
            if part not in self._names:
                self._names[part] = self.hits(part)
            hits = self._names[part]
            if not hits:
                continue
            folder = printable("/".join(parts[:index]) or ".")
            findings = []
            for hit in hits:
                found = self.finding(hit, shown, Location(folder), "name")
                if found is not None:
                    findings.append(found)
            if findings:
                return findings, f"{folder}/(file name withheld)"
        return [], shown


def default_files(root: Path) -> list[Path]:
    """Every file under cases/, policies/, meetings/ and site/ (links and special files
    too)."""
    found: list[Path] = []
    for name in SCANNED_DIRS:
        folder = root / name
        if folder.is_dir() and not folder.is_symlink():
            found.extend(entries_under(folder))
        elif folder.is_symlink() or folder.exists():
            found.append(folder)
    return sorted(found)


def expand(paths: Iterable[Path]) -> list[Path]:
    found: list[Path] = []
    for path in paths:
        if path.is_dir() and not path.is_symlink():
            found.extend(entries_under(path))
        else:
            found.append(path)
    return found


@dataclass(frozen=True)
class Decoded:
    """A file's text (None when it cannot be read as text) and how it fell short of UTF-8."""

    text: str | None
    how: str | None = None  # None (UTF-8), "utf-16", "bad-utf-8" or "binary"
    line: int = 1
    column: int = 1


def decode(raw: bytes) -> Decoded:
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return Decoded(raw.decode("utf-16"), "utf-16")
        except UnicodeDecodeError:
            return Decoded(None, "binary")
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    if b"\x00" in raw:
        return Decoded(None, "binary", *_line_col(raw, raw.index(b"\x00")))
    try:
        return Decoded(raw.decode("utf-8"))
    except UnicodeDecodeError as exc:
        line, column = _line_col(raw, exc.start)
        return Decoded(raw.decode("utf-8", "replace"), "bad-utf-8", line, column)


def _line_col(raw: bytes, index: int) -> tuple[int, int]:
    before = raw[:index]
    start = before.rfind(b"\n") + 1
    return before.count(b"\n") + 1, len(before[start:].decode("utf-8", "replace")) + 1


def read_text(path: Path) -> str | None:
    """A file's text, or None for a file that cannot be read as text."""
    return decode(read_regular(path)).text


@dataclass
class FileScan:
    findings: list[Finding] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)  # not text, unparsable
    files: int = 0


def scan_file(scanner: Scanner, path: Path, shown: str, out: FileScan) -> None:
    out.files += 1
    names, display = scanner.name_findings(shown)
    display = printable(display)
    out.findings.extend(names)
    if is_site_asset(shown):
        return
    try:
        raw = read_regular(path)
    except UnsafeFile as exc:
        out.problems.append(
            Problem(
                Location(display),
                f"{exc.message}; it was not checked for personal data",
                code="not-readable",
            )
        )
        return
    decoded = decode(raw)
    if decoded.how is not None:
        out.problems.append(not_text_problem(display, decoded.how, decoded.line, decoded.column))
    if decoded.text is None:
        return
    is_yaml = path.suffix.lower() in YAML_SUFFIXES
    found = scanner.text_findings(display, decoded.text, path=shown, yaml=is_yaml)
    parse = is_yaml and needs_parse(decoded.text)
    if parse and not scanner.yaml_findings(display, decoded.text, found, path=shown):
        out.problems.append(unparsed_problem(display))
    out.findings.extend(found)


def scan_files(scanner: Scanner, files: Iterable[Path], root: Path) -> tuple[list[Finding], int]:
    """Findings in the given files and how many files were read (compatibility wrapper)."""
    out = scan_paths(scanner, files, root)
    return out.findings, out.files


def scan_paths(scanner: Scanner, files: Iterable[Path], root: Path) -> FileScan:
    out = FileScan()
    for path in files:
        inside = path.is_relative_to(root) and ".." not in path.parts
        scan_file(
            scanner, path, path.relative_to(root).as_posix() if inside else relpath(path, root), out
        )
    return out

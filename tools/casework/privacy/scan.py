"""The personal-data guard over files: findings by place and kind, never by value."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from casework.errors import Location, relpath
from casework.privacy.denylist import DenyList
from casework.privacy.detectors import Hit, Kind, find_all
from casework.privacy.fingerprints import ALLOW_FILE, AllowList
from casework.problems import Problem

SCANNED_DIRS = ("cases", "policies", "meetings")

_WHAT = {
    Kind.NHS: "10 digits with a valid NHS check digit",
    Kind.UPN: "13 characters with a valid pupil-number check letter",
    Kind.NINO: "two letters and six digits in the National Insurance pattern",
    Kind.POSTCODE: "a full UK postcode",
    Kind.PHONE: "valid in the UK numbering plan",
    Kind.EMAIL: "name@domain",
    Kind.BIRTH_DATE: "a full date next to birth, born or DOB; record birth_month YYYY-MM only",
    Kind.NAME: "a name on the authority's deny list",
}
_ARTICLE = {Kind.NHS: "an", Kind.UPN: "a", Kind.NINO: "a", Kind.EMAIL: "an", Kind.NAME: "a"}


@dataclass(frozen=True)
class Finding:
    kind: Kind
    location: Location
    fingerprint: str | None

    def problem(self) -> Problem:
        article = _ARTICLE.get(self.kind, "a")
        if self.fingerprint:
            allow = (
                f"if it is not personal data, add 'fingerprint: {self.fingerprint}' with a "
                f"reason to {ALLOW_FILE}"
            )
        else:
            allow = (
                "if it is not personal data, run 'casework scan --init-allow-list' once, "
                "scan again and add the fingerprint it prints"
            )
        message = (
            f"{article} {self.kind.value} ({_WHAT[self.kind]}); remove it: records name "
            f"children by case id and people by role. {allow[0].upper()}{allow[1:]}"
        )
        return Problem(self.location, message, code=f"personal-data-{self.kind.code}")


@dataclass(frozen=True)
class Scanner:
    """The detectors, the deny list and the allow-list, built once per run."""

    allow: AllowList
    denylist: DenyList | None = None

    def hits(self, line: str) -> list[Hit]:
        found = find_all(line)
        if self.denylist is not None:
            for hit in self.denylist.find(line):
                if not any(hit.start < o.end and o.start < hit.end for o in found):
                    found.append(hit)
        return sorted(found, key=lambda h: h.start)

    def line_findings(self, display: str, number: int, line: str) -> Iterable[Finding]:
        for hit in self.hits(line):
            fingerprint = self.allow.fingerprint(hit.kind, display, hit.value)
            if fingerprint is not None and fingerprint in self.allow.fingerprints:
                continue
            yield Finding(hit.kind, Location(display, number, hit.start + 1), fingerprint)

    def text_findings(self, display: str, text: str) -> list[Finding]:
        findings: list[Finding] = []
        for number, line in enumerate(text.splitlines(), start=1):
            findings.extend(self.line_findings(display, number, line))
        return findings


def default_files(root: Path) -> list[Path]:
    """Every file under cases/, policies/ and meetings/."""
    found: list[Path] = []
    for name in SCANNED_DIRS:
        folder = root / name
        if folder.is_dir():
            found.extend(p for p in folder.rglob("*") if p.is_file())
    return sorted(found)


def expand(paths: Iterable[Path]) -> list[Path]:
    found: list[Path] = []
    for path in paths:
        if path.is_dir():
            found.extend(
                sorted(p for p in path.rglob("*") if p.is_file() and ".git" not in p.parts)
            )
        else:
            found.append(path)
    return found


def read_text(path: Path) -> str | None:
    """A file's text, or None for a binary file (a NUL byte in its first 8 KiB)."""
    raw = path.read_bytes()
    if b"\x00" in raw[:8192]:
        return None
    return raw.decode("utf-8", "replace")


def scan_files(scanner: Scanner, files: Iterable[Path], root: Path) -> tuple[list[Finding], int]:
    """Findings in the given files and how many text files were read."""
    findings: list[Finding] = []
    count = 0
    for path in files:
        text = read_text(path)
        if text is None:
            continue
        count += 1
        findings.extend(scanner.text_findings(relpath(path, root), text))
    return findings, count

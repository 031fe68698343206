"""A problem found in a file: where it is and what to do, in plain English."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from casework.errors import Location, printable


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"


@dataclass(frozen=True)
class Problem:
    """One finding of ``validate``, ``scan`` or ``audit``.

    ``message`` names the field and the reason and never repeats a value.
    """

    location: Location
    message: str
    severity: Severity = Severity.ERROR
    code: str = "invalid"

    def __str__(self) -> str:
        loc = self.location
        line = loc.line or 1
        col = loc.column or 1
        return f"{printable(loc.path)}:{line}:{col}: {self.severity.value}: {self.message}"

    def as_json(self) -> dict[str, object]:
        return {
            "file": self.location.path,
            "line": self.location.line or 1,
            "column": self.location.column or 1,
            "severity": self.severity.value,
            "code": self.code,
            "message": self.message,
        }

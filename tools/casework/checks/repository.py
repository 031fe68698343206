"""What every cross-file check reads: the :class:`Repository`, and the helpers that
turn a field of a record into a problem at its line."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from casework.policy import Policy
from casework.problems import Problem
from casework.records import Record
from casework.workdays import parse_date
from casework.yamlload import PathKey, field_name


@dataclass(frozen=True)
class Repository:
    """Everything the cross-file checks look at, loaded once."""

    root: Path
    records: list[Record]
    files: frozenset[str]
    policy: Policy | None
    _cases: dict[str, Record] = field(init=False, repr=False, compare=False)
    _by_name: dict[tuple[str, str], Record] = field(init=False, repr=False, compare=False)

    def case_record(self, case_id: str) -> Record | None:
        return self._cases.get(case_id)

    def record(self, case_id: str, stem: str) -> Record | None:
        """A record of a case folder by name; with ``case_id`` "", a meeting record."""
        return self._by_name.get((case_id, stem))

    def has_file(self, rel: str) -> bool:
        return rel in self.files

    def has_case(self, case_id: str) -> bool:
        return f"cases/{case_id}/case.yaml" in self.files

    def __post_init__(self) -> None:
        cases: dict[str, Record] = {}
        by_name: dict[tuple[str, str], Record] = {}
        for record in self.records:
            case_id = record.file.case_id
            if case_id is None:
                if record.kind == "meeting":
                    by_name[("", record.file.stem)] = record
                continue
            if record.kind == "case":
                cases[case_id] = record
            else:
                by_name[(case_id, record.file.stem)] = record
        object.__setattr__(self, "_cases", cases)
        object.__setattr__(self, "_by_name", by_name)


Check = Callable[[Repository], Iterable[Problem]]


def problem(record: Record, path: PathKey, message: str, **kw: Any) -> Problem:
    """A problem at a field of a record (its position map is built if it has none yet)."""
    return Problem(record.doc.locate(path), message, **kw)


def as_day(value: Any) -> date | None:
    """A date field's day (the schemas have checked it), or None when it is not text."""
    return parse_date(value) if isinstance(value, str) else None


def quoted(path: PathKey) -> str:
    """A field's name as messages quote it: ``'episodes[2].end'``."""
    return f"'{field_name(path)}'"

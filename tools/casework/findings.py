"""The result of evaluating one rule once: a finding, and how its status is judged.

A finding's ``message`` is plain English and value-free: it names the case,
what was due and when, from dates, ids and the pack's vocabulary only, never
from a record's free text (CI logs are less protected than the repository).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from typing import Any, NamedTuple

from casework.quickinit import slot_setters
from casework.workdays import WorkingCalendar


class Status(StrEnum):
    BREACHED = "breached"
    LATE = "late"
    DUE_SOON = "due_soon"
    OPEN = "open"
    MET = "met"


#: statuses that are a failure of the procedure (reported by default, fail CI)
FAILING = frozenset({Status.BREACHED, Status.LATE})
#: where a rule comes from (``status`` in rules.yaml), most binding first
PROVENANCES = ("statutory", "procedure", "local")
#: ``casework check --fail-on LEVEL``: which provenances fail CI when breached or late
FAIL_LEVELS: dict[str, frozenset[str]] = {
    "all": frozenset(PROVENANCES),
    "procedure": frozenset({"statutory", "procedure"}),
    "statutory": frozenset({"statutory"}),
    "never": frozenset(),
}
DEFAULT_FAIL_ON = "procedure"
#: the words every report and page uses for a local choice
LOCAL_LABEL = "local choice"
#: statuses shown without --all
REPORTED = frozenset({Status.BREACHED, Status.LATE, Status.DUE_SOON})
STATUS_ORDER = {status: index for index, status in enumerate(Status)}


class Finding(NamedTuple):
    """One rule's verdict on one case (or one meeting) for one deadline.

    A named tuple, not a dataclass: ``casework check`` makes one for every
    deadline of every case (tens of thousands), and a tuple is the cheapest
    immutable object to make. Change one with ``finding._replace(field=...)``.
    """

    case: str
    rule: str
    status: Status
    due: date
    done: date | None
    working_days_late: int
    days_late: int
    file: str
    line: int
    title: str
    clause: str
    rule_status: str
    severity: str
    message: str
    #: the date the version of the rule that judged this finding took effect (None: the only one)
    rule_version: str | None = None
    #: the day that chose the rule's version (the clock's start, the panel, the record)
    anchor: date | None = None

    @property
    def fails(self) -> bool:
        """Breached or late, severity error, not a local choice: what fails CI by default."""
        return self.fails_at(DEFAULT_FAIL_ON)

    def fails_at(self, level: str) -> bool:
        """Fails CI under ``--fail-on level``: breached or late, severity error, and a
        provenance the level counts."""
        return (
            self.status in FAILING
            and self.severity == "error"
            and self.rule_status in FAIL_LEVELS[level]
        )

    @property
    def is_local(self) -> bool:
        """A figure the council's procedure does not give: the pack's own choice."""
        return self.rule_status == "local"

    @property
    def subject(self) -> str:
        """The case id, or 'meeting YYYY-MM-DD' for meeting rules."""
        return self.case or f"meeting {self.due.isoformat()}"

    def sort_key(self) -> tuple[Any, ...]:
        return (self.file, self.line, self.rule, self.due, STATUS_ORDER[self.status])

    def lateness(self) -> str:
        """'2 working days late', 'late on the day' (after a cut-off time), '1 day late
        (0 working days)' (a deadline followed by days that are not working days) or ''."""
        if self.status in FAILING:
            if self.working_days_late == 0:
                if self.days_late > 0:
                    unit = "day" if self.days_late == 1 else "days"
                    return f"{self.days_late} {unit} late (0 working days)"
                return "late on the day" if self.status is Status.LATE else ""
            unit = "working day" if self.working_days_late == 1 else "working days"
            return f"{self.working_days_late} {unit} late"
        return ""

    def as_json(self) -> dict[str, Any]:
        return {
            "case": self.case,
            "subject": self.subject,
            "rule": self.rule,
            "status": self.status.value,
            "due": self.due.isoformat(),
            "done": self.done.isoformat() if self.done else None,
            "working_days_late": self.working_days_late,
            "days_late": self.days_late,
            "file": self.file,
            "line": self.line,
            "title": self.title,
            "clause": self.clause,
            "rule_status": self.rule_status,
            "rule_version": self.rule_version,
            "severity": self.severity,
            "message": self.message,
        }


@dataclass(frozen=True, slots=True)
class Verdict:
    """A status with its lateness, before it is dressed as a finding."""

    status: Status
    working_days_late: int = 0
    days_late: int = 0


# Verdict.__init__, quicker (see casework.quickinit): every late or breached finding has one
_set_verdict_status, _set_working_days, _set_days = slot_setters(
    Verdict, "status", "working_days_late", "days_late"
)


def _verdict_init(
    self: Verdict, status: Status, working_days_late: int = 0, days_late: int = 0
) -> None:
    _set_verdict_status(self, status)
    _set_working_days(self, working_days_late)
    _set_days(self, days_late)


Verdict.__init__ = _verdict_init  # type: ignore[method-assign]


#: the verdicts without lateness, made once (a verdict is immutable)
_MET, _DUE_SOON, _OPEN = Verdict(Status.MET), Verdict(Status.DUE_SOON), Verdict(Status.OPEN)


def judge(
    due: date,
    done: date | None,
    as_of: date,
    calendar: WorkingCalendar,
    due_soon: int,
) -> Verdict:
    """Met, late, breached, due soon or open (docs/timescales.md: How timescales are counted, 7)."""
    if done is not None:
        if done <= due:
            return _MET
        return Verdict(Status.LATE, calendar.working_days_between(due, done), (done - due).days)
    if as_of > due:
        return Verdict(
            Status.BREACHED, calendar.working_days_between(due, as_of), (as_of - due).days
        )
    if calendar.working_days_between(as_of, due) <= due_soon:
        return _DUE_SOON
    return _OPEN

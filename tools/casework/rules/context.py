"""What a rule is evaluated against, and how a rule turns a verdict into a finding."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from casework.errors import Location
from casework.findings import Finding, Status, Verdict, judge
from casework.identitymemo import per_object
from casework.policy import Policy
from casework.records import Record
from casework.timeline import Timeline
from casework.workdays import WorkingCalendar

Rule = Mapping[str, Any]

_PAST = frozenset({Status.BREACHED, Status.LATE, Status.MET})
_LATE = Status.LATE  # a module's name is read quicker than an enum's member


@dataclass(frozen=True)
class Head:
    """What every finding of one rule says about the rule: worked out once per rule."""

    id: str
    title: str
    clause: str
    status: str
    severity: str
    version: str | None


#: heads already worked out, by rule object (kept with it, so the key cannot pass on)
@per_object()
def head(rule: Rule) -> Head:
    """The parts of a rule every finding repeats (the rule's version as text, or None)."""
    version = rule.get("effective_from")
    return Head(
        rule["id"],
        rule["title"],
        rule["clause"],
        rule["status"],
        rule.get("severity", "error"),
        str(version) if version else None,
    )


@dataclass(frozen=True)
class Context:
    """One case's timeline (or one meeting record) and the evaluation settings."""

    policy: Policy
    as_of: date
    due_soon: int = 5
    timeline: Timeline | None = None
    meeting: Record | None = None
    #: the policy's working calendar
    calendar: WorkingCalendar = field(init=False, repr=False, compare=False)
    #: the timeline's case id ("" for a meeting)
    case: str = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "calendar", self.policy.calendar)
        object.__setattr__(self, "case", self.timeline.case_id if self.timeline else "")

    def judge(self, due: date, done: date | None) -> Verdict:
        return judge(due, done, self.as_of, self.calendar, self.due_soon)

    def finding(
        self,
        rule: Rule | Head,
        *,
        due: date,
        done: date | None,
        where: Location,
        what: str,
        plural: bool = False,
        verdict: Verdict | None = None,
        due_text: str | None = None,
        anchor: date | None = None,
    ) -> Finding:
        """A finding whose message says what was due and when, from words and dates only.

        ``rule``: the rule, or its :func:`head` when the caller has worked it out already.
        """
        if verdict is None:
            verdict = judge(due, done, self.as_of, self.calendar, self.due_soon)
        status = verdict.status
        verb = ("were" if plural else "was") if status in _PAST else ("are" if plural else "is")
        message = f"{self.case} {what} {verb} due by {due_text or due.isoformat()}".lstrip()
        if status is _LATE and done is not None:
            message += f" and recorded on {done.isoformat()}"
        made = rule if isinstance(rule, Head) else head(rule)
        return self._finding(made, due, done, where, message, verdict, anchor)

    def verdict_finding(
        self,
        rule: Rule,
        *,
        due: date,
        done: date | None,
        where: Location,
        message: str,
        verdict: Verdict,
        anchor: date | None = None,
    ) -> Finding:
        """``anchor``: the day that picks the rule's version (docs/timescales.md: "Rule versions");
        the due date when not given."""
        return self._finding(head(rule), due, done, where, message, verdict, anchor)

    def _finding(
        self,
        made: Head,
        due: date,
        done: date | None,
        where: Location,
        message: str,
        verdict: Verdict,
        anchor: date | None,
    ) -> Finding:
        return Finding(
            self.case,
            made.id,
            verdict.status,
            due,
            done,
            verdict.working_days_late,
            verdict.days_late,
            where.path,
            where.line or 1,
            made.title,
            made.clause,
            made.status,
            made.severity,
            message,
            made.version,
            anchor or due,
        )


#: a rule made ready once (its fixed parts worked out), run over one context at a time
Prepared = Callable[[Context], list[Finding]]


def episode_ended_before(timeline: Timeline, day: date, due: date) -> bool:
    """The episode under way on ``day`` ended before ``due``: the clock stopped."""
    episode = timeline.episode_of(day)
    return episode is not None and episode.end is not None and episode.end < due

"""What a rule is evaluated against, and how a rule turns a verdict into a finding."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from casework.errors import Location
from casework.findings import Finding, Status, Verdict, judge
from casework.policy import Policy
from casework.records import Record
from casework.timeline import Timeline
from casework.workdays import WorkingCalendar

Rule = Mapping[str, Any]

_PAST = frozenset({Status.BREACHED, Status.LATE, Status.MET})


@dataclass(frozen=True)
class Context:
    """One case's timeline (or one meeting record) and the evaluation settings."""

    policy: Policy
    as_of: date
    due_soon: int = 5
    timeline: Timeline | None = None
    meeting: Record | None = None

    @property
    def calendar(self) -> WorkingCalendar:
        return self.policy.calendar

    @property
    def case(self) -> str:
        return self.timeline.case_id if self.timeline else ""

    def judge(self, due: date, done: date | None) -> Verdict:
        return judge(due, done, self.as_of, self.calendar, self.due_soon)

    def finding(
        self,
        rule: Rule,
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
        """A finding whose message says what was due and when, from words and dates only."""
        verdict = verdict or self.judge(due, done)
        if verdict.status in _PAST:
            verb = "were" if plural else "was"
        else:
            verb = "are" if plural else "is"
        message = f"{self.case} {what} {verb} due by {due_text or due.isoformat()}".lstrip()
        if verdict.status is Status.LATE and done is not None:
            message += f" and recorded on {done.isoformat()}"
        return self.verdict_finding(
            rule, due=due, done=done, where=where, message=message, verdict=verdict, anchor=anchor
        )

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
        version = rule.get("effective_from")
        return Finding(
            case=self.case,
            rule=rule["id"],
            status=verdict.status,
            due=due,
            done=done,
            working_days_late=verdict.working_days_late,
            days_late=verdict.days_late,
            file=where.path,
            line=where.line or 1,
            title=rule["title"],
            clause=rule["clause"],
            rule_status=rule["status"],
            severity=rule.get("severity", "error"),
            message=message,
            rule_version=str(version) if version else None,
            anchor=anchor or due,
        )


def episode_ended_before(timeline: Timeline, day: date, due: date) -> bool:
    """The episode under way on ``day`` ended before ``due``: the clock stopped."""
    episode = timeline.episode_of(day)
    return episode is not None and episode.end is not None and episode.end < due

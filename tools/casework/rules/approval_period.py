"""``approval_period``: approvals of any subject, over the period they cover.

Approvals are recorded under ``approvals`` in case.yaml (support packages,
therapeutic provision, special guardianship support plans, cost changes, or
a subject the pack adds); a renewal is a new entry with the same ``id``.
``check`` says what is due for each approval of the ``subjects`` named:

* ``approved_before_start``: approved on or before the day it starts (with
  ``roles``, by one of them, or a higher rank with ``or_higher``);
* ``reapproved_before_end``: renewed (a later approval with the same id) on
  or before its end date, unless it is ``final``;
* ``reviewed_before_end``: reviewed at least ``before`` ahead of its end date
  (a deadline on a non-working day moves to the working day before).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from casework.findings import Finding
from casework.rules.context import Context, Rule
from casework.timeline import Event
from casework.workdays import Duration, parse_date

KIND = "approval_period"
EVENT = "subject_approval"


def _allowed(rule: Rule, context: Context) -> Callable[[Event], bool]:
    roles = set(rule.get("roles") or ())
    if not roles:
        return lambda event: True
    top = max(context.policy.role_rank(role) for role in roles)

    def allowed(event: Event) -> bool:
        role = event.attrs.get("role")
        if role in roles:
            return True
        return bool(rule.get("or_higher")) and context.policy.role_rank(role) > top

    return allowed


def _what(context: Context, event: Event) -> str:
    label = context.policy.vocabulary.label("approval_subjects", event.attrs["subject"])
    return f"{label[:1].lower()}{label[1:]}"


def evaluate(rule: Rule, context: Context) -> list[Finding]:
    timeline = context.timeline
    if timeline is None:
        return []
    subjects = set(rule["subjects"])
    approvals = sorted(
        (e for e in timeline.of_kind(EVENT) if e.attrs.get("subject") in subjects),
        key=lambda e: e.date,
    )
    allowed = _allowed(rule, context)
    check = rule["check"]
    findings = []
    for event in approvals:
        start = parse_date(event.attrs["start"])
        end_text = event.attrs.get("end_date")
        end = parse_date(end_text) if end_text else None
        what = _what(context, event)
        if check == "approved_before_start":
            findings.append(
                context.finding(
                    rule,
                    due=start,
                    done=event.date if allowed(event) else None,
                    where=event.source,
                    what=f"approval of {what} starting {start.isoformat()}",
                )
            )
        elif check == "reapproved_before_end" and end is not None and not event.attrs["final"]:
            renewal = next(
                (
                    e
                    for e in approvals
                    if e is not event
                    and e.attrs["item"] == event.attrs["item"]
                    and e.date >= event.date
                    and parse_date(e.attrs["start"]) > start
                    and allowed(e)
                ),
                None,
            )
            findings.append(
                context.finding(
                    rule,
                    due=end,
                    done=renewal.date if renewal else None,
                    where=renewal.source if renewal else event.source,
                    what=f"renewal of the approval of {what} ending {end.isoformat()}",
                )
            )
        elif check == "reviewed_before_end" and end is not None:
            due = context.calendar.before(end, Duration.from_mapping(rule["before"]))
            reviews: list[date] = sorted(
                day
                for text in event.attrs["reviewed"]
                if event.date <= (day := parse_date(text)) <= context.as_of
            )
            findings.append(
                context.finding(
                    rule,
                    due=due,
                    done=reviews[0] if reviews else None,
                    where=event.source,
                    what=f"review of the approval of {what} ending {end.isoformat()}",
                )
            )
    return findings

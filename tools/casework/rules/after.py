"""``after``: something must happen within a time after an event.

For each ``from`` event, the first ``met_by`` event on or after it (not from
the same referral or decision, and about the same placement, proceedings or
episode) must come by the deadline. ``met_by: {field: NAME}`` reads a date
on the same record instead. An ``unless`` event between the ``from`` event and
the deadline switches the rule off; ``extended_by`` adds extensions (such as
8 weeks in care proceedings). If the child's episode of care ends before the
deadline and nothing was done, the rule no longer applies.
"""

from __future__ import annotations

from datetime import date

from casework.findings import Finding
from casework.rules import routes
from casework.rules.context import Context, Prepared, Rule, episode_ended_before, head
from casework.rules.fields import record_date
from casework.selectors import (
    answering,
    candidates,
    compiled,
    event_selector,
    field_noun,
    noun,
)
from casework.timeline import Event, Timeline
from casework.workdays import UNITS, Duration, WorkingCalendar

KIND = "after"


def evaluate(rule: Rule, context: Context) -> list[Finding]:
    return prepare(rule)(context)


def prepare(rule: Rule) -> Prepared:
    """The rule's fixed parts (durations, words) worked out once, for every timeline."""
    made = head(rule)
    within = Duration.from_mapping(rule["within"])
    beginning_with = rule.get("counting") == "beginning_with"
    origin = rule["from"]
    met_by = rule["met_by"]
    by_field = "field" in met_by
    field = met_by["field"] if by_field else ""
    met_what, met_plural = ("", False) if by_field else noun(met_by)
    extended_by = rule.get("extended_by")
    unless = compiled(rule["unless"]) if "unless" in rule else None
    has_routes = "routes" in rule
    from_name, _ = noun(origin)
    if within.amount == 0:
        span = f" by {from_name} "
    else:
        span = f" within {within.describe()} of {from_name} on "

    origins_of = compiled(origin)  # made ready once: selected from every timeline
    answers_of = None if by_field else compiled(met_by)

    def run(context: Context) -> list[Finding]:
        timeline = context.timeline
        if timeline is None:
            return []
        origins = origins_of.of(timeline)
        if not origins:
            return []
        calendar = context.calendar
        answers = () if answers_of is None else answers_of.of(timeline)
        findings = []
        for event, start in origins:
            due = calendar.after(start, within, beginning_with)
            if extended_by is not None:
                due = _extended(extended_by, timeline, event, due, calendar)
            if unless is not None and any(
                event.date <= when <= due for _, when in candidates(timeline, unless, event)
            ):
                continue
            if by_field:
                done, where = record_date(timeline, event, field)
                what, plural = field_noun(event.kind, field)
            else:
                # the first answer on or after the event (first_on_or_after, inline)
                hit = next(answering(answers, event, event.date), None) if answers else None
                done = hit[1] if hit else None
                where = hit[0].source if hit else event.source
                what, plural = met_what, met_plural
            if done is None and episode_ended_before(timeline, event.date, due):
                continue
            found = context.finding(
                made,
                due=due,
                done=done,
                where=where,
                what=what + span + start.isoformat(),
                plural=plural,
                anchor=start,
            )
            if has_routes:
                found = routes.apply(rule, context, found, event, event.date)
            findings.append(found)
        return findings

    return run


def _extended(
    spec: Rule, timeline: Timeline, origin: Event, due: date, calendar: WorkingCalendar
) -> date:
    """The deadline moved on by every extension granted before it ran out."""
    unit = spec["field"] if spec["field"] in UNITS else "weeks"
    for event, when in candidates(timeline, event_selector(spec["event"]), origin):
        amount = event.attrs.get(spec["field"])
        if when >= origin.date and when <= due and isinstance(amount, int):
            due = calendar.after(due, Duration(amount, unit))
    return due

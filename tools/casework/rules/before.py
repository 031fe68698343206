"""``before``: something must happen at least a time before an event.

For each ``anchor`` event (usually a referral's ``panel_date``), ``met_by``
must come on or before the deadline: a duration before the anchor
(docs/timescales.md: "How timescales are counted", 3 and 5), or ``{weekday_before:
friday, time: "12:00"}``. ``met_by: {field: submitted, time_field:
submitted_time}`` reads the date (and time) on the anchor's own record;
otherwise the first ``met_by`` event after the previous anchor (and not before
the anchor's own record) and on or before this one counts. When none came by
the anchor, the first one after it (and before the next anchor) makes the
finding ``late``, as for every other kind.
"""

from __future__ import annotations

from datetime import date

from casework.errors import Location
from casework.findings import Finding, Status, Verdict
from casework.rules import routes
from casework.rules.context import Context, Rule
from casework.rules.fields import record_date
from casework.selectors import candidates, field_noun, noun
from casework.timeline import Event, Timeline
from casework.workdays import Duration

KIND = "before"


def evaluate(rule: Rule, context: Context) -> list[Finding]:
    timeline = context.timeline
    if timeline is None:
        return []
    calendar = context.calendar
    by = rule["by"]
    met_by = rule["met_by"]
    anchor_name, _ = noun(rule["anchor"])
    findings = []
    previous: date | None = None
    anchors = candidates(timeline, rule["anchor"])
    for index, (event, anchor_day) in enumerate(anchors):
        following = anchors[index + 1][1] if index + 1 < len(anchors) else None
        cutoff = by.get("time") if "weekday_before" in by else None
        if "weekday_before" in by:
            due = calendar.weekday_before(anchor_day, by["weekday_before"])
        else:
            due = calendar.before(anchor_day, Duration.from_mapping(by))
        verdict = None
        if "field" in met_by:
            done, where = record_date(timeline, event, met_by["field"])
            what, plural = field_noun(event.kind, met_by["field"])
            if cutoff and done == due and _after_time(event, met_by.get("time_field"), cutoff):
                verdict = Verdict(Status.LATE)
        else:
            done, where = _answer(timeline, met_by, event, (previous, following), anchor_day, due)
            what, plural = noun(met_by)
        since = previous or date.min
        previous = anchor_day
        due_text = f"{cutoff} on {due.isoformat()}" if cutoff else None
        what = f"{what} for {anchor_name} on {anchor_day.isoformat()}"
        found = context.finding(
            rule,
            due=due,
            done=done,
            where=where,
            what=what,
            plural=plural,
            verdict=verdict,
            due_text=due_text,
            anchor=anchor_day,
        )
        findings.append(routes.apply(rule, context, found, event, since))
    return findings


def _after_time(event: Event, time_field: str | None, cutoff: str) -> bool:
    """Sent on the deadline day but after the cut-off time (HH:MM compare as text)."""
    sent = event.attrs.get(time_field) if time_field else None
    return isinstance(sent, str) and sent > cutoff


def _answer(
    timeline: Timeline,
    met_by: Rule,
    anchor: Event,
    around: tuple[date | None, date | None],
    anchor_day: date,
    due: date,
) -> tuple[date | None, Location]:
    """The met_by event for this anchor: on time if any came by the deadline.

    When the anchor day is a date on a record (an approval's end date), an answer
    must come on or after that record's own date: a financial review cannot answer
    an approval not yet given.
    """
    previous, following = around
    floor = anchor.date if anchor.date < anchor_day else None
    answers = [
        (e, when)
        for e, when in candidates(timeline, met_by, anchor)
        if (previous is None or when > previous) and (floor is None or when >= floor)
    ]
    window = [pair for pair in answers if pair[1] <= anchor_day]
    on_time = [pair for pair in window if pair[1] <= due]
    later = [
        pair
        for pair in answers
        if pair[1] > anchor_day and (following is None or pair[1] <= following)
    ]
    others = window or later
    chosen = on_time[-1] if on_time else (others[0] if others else None)
    if chosen is None:
        return None, anchor.source
    return chosen[1], chosen[0].source

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
from casework.rules.context import Context, Prepared, Rule, head
from casework.rules.fields import record_date
from casework.selectors import Selecting, candidates, compiled, field_noun, noun
from casework.timeline import Event, Timeline
from casework.workdays import Duration

KIND = "before"


def evaluate(rule: Rule, context: Context) -> list[Finding]:
    return prepare(rule)(context)


def prepare(rule: Rule) -> Prepared:
    """The rule's fixed parts (the deadline's rule, words) worked out once."""
    made = head(rule)
    by, met_by, anchor = rule["by"], rule["met_by"], rule["anchor"]
    weekday = by.get("weekday_before")
    cutoff = by.get("time") if "weekday_before" in by else None
    before = None if "weekday_before" in by else Duration.from_mapping(by)
    by_field = "field" in met_by
    field = met_by["field"] if by_field else ""
    met_what, met_plural = ("", False) if by_field else noun(met_by)
    has_routes = "routes" in rule
    anchor_name, _ = noun(anchor)
    for_anchor = f" for {anchor_name} on "
    # made ready once: selected from every timeline
    anchors_of = compiled(anchor)
    answers_of = None if by_field else compiled(met_by)

    def run(context: Context) -> list[Finding]:
        timeline = context.timeline
        if timeline is None:
            return []
        anchors = candidates(timeline, anchors_of)
        if not anchors:
            return []
        calendar = context.calendar
        findings = []
        previous: date | None = None
        for index, (event, anchor_day) in enumerate(anchors):
            following = anchors[index + 1][1] if index + 1 < len(anchors) else None
            if before is None:
                due = calendar.weekday_before(anchor_day, weekday)
            else:
                due = calendar.before(anchor_day, before)
            verdict = None
            if by_field:
                done, where = record_date(timeline, event, field)
                what, plural = field_noun(event.kind, field)
                if cutoff and done == due and _after_time(event, met_by.get("time_field"), cutoff):
                    verdict = Verdict(Status.LATE)
            else:
                assert answers_of is not None
                done, where = _answer(
                    timeline, answers_of, event, (previous, following), anchor_day, due
                )
                what, plural = met_what, met_plural
            since = previous or date.min
            previous = anchor_day
            due_text = f"{cutoff} on {due.isoformat()}" if cutoff else None
            found = context.finding(
                made,
                due=due,
                done=done,
                where=where,
                what=what + for_anchor + anchor_day.isoformat(),
                plural=plural,
                verdict=verdict,
                due_text=due_text,
                anchor=anchor_day,
            )
            if has_routes:
                found = routes.apply(rule, context, found, event, since)
            findings.append(found)
        return findings

    return run


def _after_time(event: Event, time_field: str | None, cutoff: str) -> bool:
    """Sent on the deadline day but after the cut-off time (HH:MM compare as text)."""
    sent = event.attrs.get(time_field) if time_field else None
    return isinstance(sent, str) and sent > cutoff


def _answer(
    timeline: Timeline,
    met_by: Selecting,
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

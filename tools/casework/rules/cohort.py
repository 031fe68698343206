"""``cohort``: a child who enters a group must be considered within a time.

A child enters the cohort when they have been in a ``state`` (legal status,
placement type, in care, plan; several together must all hold) continuously
``for`` a duration, with no ``without`` event in that time; or when ``count``
events happened within a period (the day of the last one). ``then`` a
``met_by`` event on or after the day of entering is due ``within`` a duration
of it. A child who leaves the state before the deadline, with nothing done,
is no longer in the cohort; a child who will enter it only after the as-of
date is not in it yet.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, timedelta

from casework.errors import Location
from casework.findings import Finding
from casework.rules.context import Context, Rule, episode_ended_before
from casework.selectors import candidates, noun
from casework.timeline import Spell, Timeline
from casework.workdays import Duration

KIND = "cohort"

_STATE_SPELLS = {
    "legal_status": "legal_status",
    "placement_type": "placement_type",
    "in_care": "in_care",
    "plan": "plan",
}

Interval = tuple[date, date | None]


def evaluate(rule: Rule, context: Context) -> list[Finding]:
    timeline = context.timeline
    if timeline is None:
        return []
    entries: list[tuple[date, date | None]]
    if "count" in rule:
        entries = [(day, None) for day in _count_entries(rule["count"], timeline, context)]
        reason = _count_reason(rule["count"])
    else:
        entries = _state_entries(rule, timeline, context)
        reason = (
            f"{_state_reason(rule['state'])} for {Duration.from_mapping(rule['for']).describe()}"
        )
    then = rule["then"]
    within = Duration.from_mapping(then["within"])
    what, plural = noun(then["met_by"])
    answers = candidates(timeline, then["met_by"])
    findings = []
    for entry, end in entries:
        due = context.calendar.after(entry, within)
        hit = next(((e, when) for e, when in answers if when >= entry), None)
        if hit is None and (
            (end is not None and end < due) or episode_ended_before(timeline, entry, due)
        ):
            continue
        findings.append(
            context.finding(
                rule,
                due=due,
                done=hit[1] if hit else None,
                where=hit[0].source if hit else _source(timeline, entry),
                what=f"{what} within {within.describe()} of {reason} (from {entry.isoformat()})",
                plural=plural,
                anchor=entry,
            )
        )
    return findings


def _state_entries(rule: Rule, timeline: Timeline, context: Context) -> list[Interval]:
    """Days the child entered the cohort, with the end of the state (None: still in it)."""
    held: list[Interval] | None = None
    for key, allowed in rule["state"].items():
        spells: Iterable[Spell] = timeline.spells.get(_STATE_SPELLS[key], ())
        mine = [(s.start, s.end) for s in spells if key == "in_care" or s.value in allowed]
        held = mine if held is None else _intersect(held, mine)
    duration = Duration.from_mapping(rule["for"])
    entries: list[Interval] = []
    for start, end in _merge(held or []):
        entry = context.calendar.after(start, duration)
        if entry > context.as_of or (end is not None and end < entry):
            continue
        if "without" in rule and any(
            start <= when <= entry for _, when in candidates(timeline, rule["without"])
        ):
            continue
        entries.append((entry, end))
    return entries


def _merge(intervals: list[Interval]) -> list[Interval]:
    """Back-to-back or overlapping spells as one (s20 then s20 again is one stay)."""
    merged: list[Interval] = []
    for start, end in sorted(intervals, key=lambda i: i[0]):
        if merged:
            last_start, last_end = merged[-1]
            if last_end is None:
                continue
            if start <= last_end + timedelta(days=1):
                merged[-1] = (last_start, None if end is None else max(end, last_end))
                continue
        merged.append((start, end))
    return merged


def _intersect(a: list[Interval], b: list[Interval]) -> list[Interval]:
    out: list[Interval] = []
    for a_start, a_end in a:
        for b_start, b_end in b:
            start = max(a_start, b_start)
            ends = [e for e in (a_end, b_end) if e is not None]
            end = min(ends) if ends else None
            if end is None or start <= end:
                out.append((start, end))
    return out


def _count_entries(spec: Rule, timeline: Timeline, context: Context) -> list[date]:
    """The day the count was reached; the events counted do not count again."""
    days = [when for _, when in candidates(timeline, spec["of"])]
    within = Duration.from_mapping(spec["within"])
    need = int(spec["at_least"])
    entries: list[date] = []
    first = 0
    for last in range(len(days)):
        while context.calendar.after(days[first], within) < days[last]:
            first += 1
        if last - first + 1 >= need:
            entries.append(days[last])
            first = last + 1
    return entries


def _state_reason(state: Rule) -> str:
    parts = []
    for key, allowed in state.items():
        if key == "in_care":
            parts.append("being in care")
        else:
            parts.append(
                f"{key.replace('_', ' ')} {' or '.join(a.replace('_', ' ') for a in allowed)}"
            )
    return " and ".join(parts)


def _count_reason(spec: Rule) -> str:
    name, _ = noun(spec["of"])
    within = Duration.from_mapping(spec["within"]).describe()
    return f"{spec['at_least']} times {name} within {within}"


def _source(timeline: Timeline, day: date) -> Location:
    for event in reversed(timeline.events):
        if event.date <= day:
            return event.source
    return Location(timeline.file)

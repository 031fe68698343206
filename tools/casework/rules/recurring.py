"""``recurring``: something is due again and again while a condition holds.

From each ``from`` event (moved on by ``start_after``), a ``met_by`` event is
due within ``first`` (default ``every``), then within ``every`` of the
previous one. Each cycle is one finding. The cycle stops at the first
``until`` event (about the same placement, proceedings or episode), when the
episode of care ends, or once a cycle would start after ``window``. It also
stops at the first cycle that is not yet done (breached, due soon or open).
"""

from __future__ import annotations

from datetime import date

from casework.findings import Finding
from casework.rules.context import Context, Prepared, Rule, head
from casework.selectors import Selector, candidates, compiled, noun
from casework.timeline import Event, Timeline
from casework.workdays import Duration

KIND = "recurring"
_MAX_CYCLES = 1000


def evaluate(rule: Rule, context: Context) -> list[Finding]:
    return prepare(rule)(context)


def prepare(rule: Rule) -> Prepared:
    """The rule's fixed parts (durations, words) worked out once, for every timeline."""
    made = head(rule)
    every = Duration.from_mapping(rule["every"])
    first = Duration.from_mapping(rule["first"]) if "first" in rule else every
    start_after = Duration.from_mapping(rule["start_after"]) if "start_after" in rule else None
    window = Duration.from_mapping(rule["window"]) if "window" in rule else None
    origin, met_by = rule["from"], rule["met_by"]
    what, plural = noun(met_by)
    from_name, _ = noun(origin)
    first_what = f"{what} within {first.describe()} of {from_name} on "
    every_what = f"{what} within {every.describe()} of the previous one on "
    # made ready once: selected from every timeline
    origins_of, answers_of = compiled(origin), compiled(met_by)
    until = compiled(rule["until"]) if "until" in rule else None

    def run(context: Context) -> list[Finding]:
        timeline = context.timeline
        if timeline is None:
            return []
        origins = candidates(timeline, origins_of)
        if not origins:
            return []
        calendar = context.calendar
        findings = []
        for event, origin_day in origins:
            start = origin_day
            if start_after is not None:
                start = calendar.after(origin_day, start_after)
            window_end = calendar.after(start, window) if window is not None else None
            stop = _stop_day(timeline, until, event, origin_day)
            answers = [when for _, when in candidates(timeline, answers_of, event)]
            previous, duration, is_first = start, first, True
            for _ in range(_MAX_CYCLES):
                if window_end is not None and previous >= window_end:
                    break
                due = calendar.after(previous, duration)
                done = next(
                    (
                        when
                        for when in answers
                        if (when >= previous if is_first else when > previous)
                        and (stop is None or when <= stop)
                    ),
                    None,
                )
                if done is None and stop is not None and stop <= due:
                    break
                since = (
                    first_what + origin_day.isoformat()
                    if is_first
                    else every_what + previous.isoformat()
                )
                findings.append(
                    context.finding(
                        made,
                        due=due,
                        done=done,
                        where=event.source,
                        what=since,
                        plural=plural,
                        anchor=previous,
                    )
                )
                if done is None:
                    break
                previous, duration, is_first = done, every, False
        return findings

    return run


def _stop_day(
    timeline: Timeline, until: Selector | None, event: Event, origin_day: date
) -> date | None:
    """The first ``until`` event after the start, or the end of the episode."""
    days: list[date] = []
    if until is not None:
        days.extend(when for _, when in candidates(timeline, until, event) if when >= origin_day)
    episode = timeline.episode_of(event.date)
    if episode is not None and episode.end is not None:
        days.append(episode.end)
    return min(days) if days else None

"""Routes: another way to satisfy an ``after`` or ``before`` rule.

A rule's ``routes`` each name an event that opens the route (``met_by``, on or
before the rule's own deadline) and what must follow it (``then``: an event
``by: next_panel``, the first scheduled panel after the route's event, or
``within`` a duration of it). When the rule itself is not met in time but a
route was opened, the finding judges the route instead: met when its second
step came in time, late or breached when it did not. Kirklees: an urgent
change of plan agreed by the operational manager, reported to the next panel.
"""

from __future__ import annotations

from datetime import date

from casework.findings import Finding, Status
from casework.rules.context import Context, Rule
from casework.schedule import next_meeting
from casework.selectors import candidates, noun
from casework.timeline import Event
from casework.workdays import Duration


def apply(rule: Rule, context: Context, finding: Finding, origin: Event, since: date) -> Finding:
    """``finding``, or the judgement of the first route opened by its deadline."""
    timeline = context.timeline
    if finding.status is Status.MET or "routes" not in rule or timeline is None:
        return finding
    for route in rule["routes"]:
        opened = [
            (event, when)
            for event, when in candidates(timeline, route["met_by"], origin)
            if since <= when <= finding.due
        ]
        if not opened:
            continue
        _, day = opened[0]
        then = route["then"]
        if "within" in then:
            due = context.calendar.after(day, Duration.from_mapping(then["within"]))
        else:
            found = next_meeting(context.policy.panel, context.calendar, day)
            if found is None:
                continue
            due = found
        answers = [
            (event, when)
            for event, when in candidates(timeline, then["met_by"], origin)
            if when >= day
        ]
        hit = answers[0] if answers else None
        step, plural = noun(then["met_by"])
        opening, _ = noun(route["met_by"])
        if "within" in then:
            step += f" within {Duration.from_mapping(then['within']).describe()} of"
        else:
            step += " at the next panel after"
        what = f"{step} {opening} on {day.isoformat()} (the route '{route['title']}')"
        return context.finding(
            rule,
            due=due,
            done=hit[1] if hit else None,
            where=hit[0].source if hit else origin.source,
            what=what,
            plural=plural,
            anchor=finding.anchor,
        )
    return finding

"""The ``recurring`` rule kind: visits every so often while a placement lasts."""

from __future__ import annotations

from datetime import date

from casework.findings import Status
from rulekit import episode, ev, rule, run, statuses, timeline

VISITS = rule(
    "recurring",
    **{
        "from": {"event": "placement_started"},
        "first": {"weeks": 1},
        "every": {"weeks": 6},
        "window": {"years": 1},
        "until": {"event": "placement_ended"},
        "met_by": {"event": "case_event", "where": {"type": "social_worker_visit"}},
    },
)
START = date(2026, 3, 2)


def visit(day: date):  # type: ignore[no-untyped-def]
    return ev("case_event", day, type="social_worker_visit")


def placed(*events, end=None):  # type: ignore[no-untyped-def]
    return timeline(
        ev("entered_care", START, episode=1),
        ev("placement_started", START, placement=1),
        *events,
        episodes=(episode(START, end),),
    )


def test_each_cycle_is_a_finding_until_the_open_one() -> None:
    tl = placed(visit(date(2026, 3, 6)), visit(date(2026, 4, 17)), visit(date(2026, 6, 5)))
    findings = run(VISITS, tl, as_of=date(2026, 6, 10))
    assert [(f.due, f.status) for f in findings] == [
        (date(2026, 3, 9), Status.MET),
        (date(2026, 4, 17), Status.MET),
        (date(2026, 5, 29), Status.LATE),
        (date(2026, 7, 17), Status.OPEN),
    ]
    assert findings[2].working_days_late == 5  # Friday 29 May to Friday 5 June
    assert "of the previous one on 2026-04-17" in findings[2].message


def test_breached_cycle_stops_the_chain() -> None:
    findings = run(VISITS, placed(visit(date(2026, 3, 6))), as_of=date(2026, 5, 1))
    assert statuses(findings) == [Status.MET, Status.BREACHED]
    assert findings[1].due == date(2026, 4, 17)


def test_due_soon() -> None:
    assert statuses(run(VISITS, placed(), as_of=date(2026, 3, 5))) == [Status.DUE_SOON]


def test_until_stops_the_cycle() -> None:
    ended = placed(visit(date(2026, 3, 6)), ev("placement_ended", date(2026, 4, 1), placement=1))
    assert statuses(run(VISITS, ended, as_of=date(2026, 6, 1))) == [Status.MET]
    other = placed(visit(date(2026, 3, 6)), ev("placement_ended", date(2026, 4, 1), placement=2))
    assert statuses(run(VISITS, other, as_of=date(2026, 6, 1))) == [Status.MET, Status.BREACHED]


def test_window_and_start_after() -> None:
    spec = {**VISITS, "first": {"weeks": 6}, "window": {"weeks": 10}}
    visits = [visit(date(2026, 4, 10)), visit(date(2026, 5, 15)), visit(date(2026, 6, 19))]
    findings = run(spec, placed(*visits), as_of=date(2026, 9, 1))
    # cycles start on 2 March and 10 April (within 10 weeks); 15 May is past the window
    assert [f.due for f in findings] == [date(2026, 4, 13), date(2026, 5, 22)]
    later = {**VISITS, "start_after": {"years": 1}, "every": {"months": 3}}
    del later["first"], later["window"]
    (finding,) = run(later, placed(), as_of=date(2027, 4, 1))
    assert (finding.due, finding.status) == (date(2027, 6, 2), Status.OPEN)


def test_not_applicable_after_leaving_care() -> None:
    tl = placed(end=date(2026, 3, 4))
    assert run(VISITS, tl, as_of=date(2026, 6, 1)) == []

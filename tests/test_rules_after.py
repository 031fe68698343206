"""The ``after`` rule kind over small in-memory timelines."""

from __future__ import annotations

from datetime import date

import pytest

from casework.findings import Status
from rulekit import episode, ev, rule, run, statuses, timeline

PPM = rule(
    "after",
    **{
        "from": {"event": "entered_care"},
        "within": {"working_days": 10},
        "met_by": {"event": "case_event", "where": {"type": "permanence_planning_meeting"}},
    },
)
START = date(2026, 3, 5)  # Thursday; 10 working days later is Thursday 19 March


def care(*more, end=None):  # type: ignore[no-untyped-def]
    return timeline(ev("entered_care", START, episode=1), *more, episodes=(episode(START, end),))


def ppm(day: date):  # type: ignore[no-untyped-def]
    return ev("case_event", day, line=9, type="permanence_planning_meeting")


def test_met_on_the_deadline_day() -> None:
    (finding,) = run(PPM, care(ppm(date(2026, 3, 19))), as_of=date(2026, 4, 1))
    assert finding.status is Status.MET
    assert finding.due == date(2026, 3, 19)
    assert finding.done == date(2026, 3, 19)
    assert finding.working_days_late == 0


def test_late_by_working_days_over_a_weekend() -> None:
    (finding,) = run(PPM, care(ppm(date(2026, 3, 23))), as_of=date(2026, 4, 1))
    assert finding.status is Status.LATE
    assert (finding.working_days_late, finding.days_late) == (2, 4)
    assert finding.line == 9
    assert "recorded on 2026-03-23" in finding.message


def test_breached_when_nothing_happened() -> None:
    (finding,) = run(PPM, care(), as_of=date(2026, 3, 24))
    assert finding.status is Status.BREACHED
    assert finding.working_days_late == 3
    assert finding.message == (
        "C-0001 a permanence planning meeting within 10 working days of entering care on "
        "2026-03-05 was due by 2026-03-19"
    )
    assert finding.clause == "test 1.1" and finding.rule == "T1"


@pytest.mark.parametrize(
    ("as_of", "status"), [(date(2026, 3, 12), Status.DUE_SOON), (date(2026, 3, 6), Status.OPEN)]
)
def test_due_soon_and_open(as_of: date, status: Status) -> None:
    assert statuses(run(PPM, care(), as_of=as_of)) == [status]


def test_a_meeting_before_entering_care_does_not_count() -> None:
    (finding,) = run(PPM, care(ppm(date(2026, 3, 1))), as_of=date(2026, 4, 1))
    assert finding.status is Status.BREACHED


def test_not_applicable_when_the_child_left_care_before_the_deadline() -> None:
    tl = care(ev("left_care", date(2026, 3, 10), episode=1), end=date(2026, 3, 10))
    assert run(PPM, tl, as_of=date(2026, 4, 1)) == []


def test_where_filters_the_from_event() -> None:
    spec = {**PPM, "from": {"event": "entered_care", "where": {"entry": "emergency"}}}
    tl = timeline(ev("entered_care", START, entry="planned", episode=1), episodes=(episode(START),))
    assert run(spec, tl, as_of=date(2026, 4, 1)) == []


def test_unless_switches_the_rule_off() -> None:
    spec = {**PPM, "unless": {"event": "left_care"}}
    tl = care(ev("left_care", date(2026, 3, 16), episode=1))
    assert run(spec, tl, as_of=date(2026, 4, 1)) == []


def test_beginning_with_and_extensions_of_proceedings() -> None:
    spec = rule(
        "after",
        **{
            "from": {"event": "proceedings_issued"},
            "within": {"weeks": 26},
            "counting": "beginning_with",
            "extended_by": {"event": "proceedings_extended", "field": "weeks"},
            "met_by": {"event": "proceedings_concluded"},
        },
    )
    issued = date(2026, 1, 5)
    base = [ev("proceedings_issued", issued, proceedings=1)]
    (finding,) = run(spec, timeline(*base), as_of=date(2026, 7, 6))
    assert finding.due == date(2026, 7, 5)
    assert finding.status is Status.BREACHED
    extended = [*base, ev("proceedings_extended", date(2026, 6, 20), proceedings=1, weeks=8)]
    (finding,) = run(spec, timeline(*extended), as_of=date(2026, 7, 6))
    assert finding.due == date(2026, 8, 30)
    assert finding.status is Status.OPEN
    other = [*base, ev("proceedings_extended", date(2026, 6, 20), proceedings=2, weeks=8)]
    assert run(spec, timeline(*other), as_of=date(2026, 7, 6))[0].due == date(2026, 7, 5)


def test_return_to_panel_date_met_by_a_later_hearing_not_the_same_one() -> None:
    spec = rule(
        "after",
        **{
            "from": {"event": "return_to_panel", "date_field": "due"},
            "within": {"days": 0},
            "met_by": {"event": "panel_hearing"},
        },
    )
    decision = "cases/C-0001/2026-03-05-decision.yaml"
    first = [
        ev("panel_hearing", START, file=decision),
        ev("return_to_panel", START, file=decision, line=7, due="2026-06-04"),
    ]
    (finding,) = run(spec, timeline(*first), as_of=date(2026, 6, 10))
    assert finding.status is Status.BREACHED
    assert finding.message.endswith(
        "a panel hearing by the return-to-panel date 2026-06-04 was due by 2026-06-04"
    )
    later = [
        *first,
        ev("panel_hearing", date(2026, 5, 28), file="cases/C-0001/2026-05-28-decision.yaml"),
    ]
    assert statuses(run(spec, timeline(*later), as_of=date(2026, 6, 10))) == [Status.MET]


def test_nth_review_after_the_first() -> None:
    spec = rule(
        "after",
        **{
            "from": {"event": "lac_review", "nth": 1},
            "within": {"months": 3},
            "met_by": {"event": "lac_review", "nth": 2},
        },
    )
    tl = care(
        ev("lac_review", date(2026, 1, 31), number=1, episode=1),
        ev("lac_review", date(2026, 4, 30), number=2, episode=1),
    )
    tl = timeline(*tl.events, episodes=(episode(date(2026, 1, 5)),))
    (finding,) = run(spec, tl, as_of=date(2026, 6, 1))
    assert finding.due == date(2026, 4, 30)
    assert finding.status is Status.MET

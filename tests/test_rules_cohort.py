"""The ``cohort`` rule kind: states held for a time, and counts of events."""

from __future__ import annotations

from datetime import date

from casework.errors import Location
from casework.findings import Status
from casework.timeline import Spell
from rulekit import episode, ev, rule, run, statuses, timeline

S20 = rule(
    "cohort",
    state={"legal_status": ["s20"]},
    **{"for": {"weeks": 12}},
    then={"within": {"working_days": 10}, "met_by": {"event": "panel_hearing"}},
)
START = date(2026, 1, 5)  # 12 weeks later: Monday 30 March
HERE = Location("cases/C-0001/case.yaml", 12)


def s20(*events, end=None, status="s20"):  # type: ignore[no-untyped-def]
    return timeline(
        ev("entered_care", START, episode=1),
        *events,
        episodes=(episode(START),),
        spells={"legal_status": [Spell(status, START, end, HERE)]},
    )


def hearing(day: date):  # type: ignore[no-untyped-def]
    return ev("panel_hearing", day, file=f"cases/C-0001/{day}-decision.yaml")


def test_enters_the_cohort_after_twelve_weeks() -> None:
    (finding,) = run(S20, s20(), as_of=date(2026, 4, 20))
    assert finding.due == date(2026, 4, 15)  # 10 working days after 30 March, over Easter
    assert finding.status is Status.BREACHED
    assert "legal status s20 for 12 weeks (from 2026-03-30)" in finding.message


def test_met_late_due_soon() -> None:
    assert statuses(run(S20, s20(hearing(date(2026, 4, 9))), date(2026, 5, 1))) == [Status.MET]
    assert statuses(run(S20, s20(hearing(date(2026, 4, 16))), date(2026, 5, 1))) == [Status.LATE]
    assert statuses(run(S20, s20(), as_of=date(2026, 4, 10))) == [Status.DUE_SOON]


def test_a_hearing_before_entering_the_cohort_does_not_count() -> None:
    assert statuses(run(S20, s20(hearing(date(2026, 3, 1))), date(2026, 5, 1))) == [Status.BREACHED]


def test_not_in_the_cohort() -> None:
    assert run(S20, s20(end=date(2026, 3, 1)), as_of=date(2026, 6, 1)) == []  # left s20
    assert run(S20, s20(), as_of=date(2026, 3, 20)) == []  # not yet 12 weeks
    assert run(S20, s20(status="care_order"), as_of=date(2026, 6, 1)) == []
    assert run(S20, s20(end=date(2026, 4, 2)), as_of=date(2026, 6, 1)) == []  # left before due


def test_without_an_event() -> None:
    spec = rule(
        "cohort",
        state={"in_care": True},
        without={"event": "permanence_plan"},
        **{"for": {"weeks": 6}},
        then={"within": {"days": 14}, "met_by": {"event": "panel_hearing"}},
    )
    spells = {"in_care": [Spell("in_care", START, None, HERE)]}
    plain = timeline(ev("entered_care", START), episodes=(episode(START),), spells=spells)
    (finding,) = run(spec, plain, as_of=date(2026, 3, 1))
    assert finding.due == date(2026, 3, 2)
    planned = timeline(
        ev("entered_care", START),
        ev("permanence_plan", date(2026, 2, 1), plan="adoption"),
        episodes=(episode(START),),
        spells=spells,
    )
    assert run(spec, planned, as_of=date(2026, 3, 1)) == []


def test_third_placement_request_within_twelve_months() -> None:
    spec = rule(
        "cohort",
        count={
            "of": {"event": "case_event", "where": {"type": "placement_request"}},
            "at_least": 3,
            "within": {"months": 12},
        },
        then={"within": {"working_days": 10}, "met_by": {"event": "panel_hearing"}},
    )

    def requests(*days: date):  # type: ignore[no-untyped-def]
        events = [ev("case_event", d, type="placement_request") for d in days]
        return timeline(ev("entered_care", START), *events, episodes=(episode(START),))

    spread = requests(date(2025, 1, 10), date(2025, 9, 1), date(2026, 2, 2))
    assert run(spec, spread, as_of=date(2026, 6, 1)) == []
    close = requests(date(2025, 3, 10), date(2025, 9, 1), date(2026, 2, 2))
    (finding,) = run(spec, close, as_of=date(2026, 6, 1))
    assert (finding.due, finding.status) == (date(2026, 2, 16), Status.BREACHED)

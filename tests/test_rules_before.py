"""The ``before`` and ``before_review`` rule kinds."""

from __future__ import annotations

from datetime import date

import pytest

from casework.findings import Status
from rulekit import episode, ev, record, rule, run, statuses, timeline

PAPERS = rule(
    "before",
    anchor={"event": "referral", "date_field": "panel_date"},
    by={"working_days": 3},
    met_by={"field": "submitted"},
)
STEM = "2026-05-07-referral"
FILE = f"cases/C-0001/{STEM}.yaml"


def referral(submitted: str, panel: str = "2026-05-07", time: str | None = None):  # type: ignore[no-untyped-def]
    text = f'case_id: C-0001\npanel_date: "{panel}"\nsubmitted: "{submitted}"\n'
    if time:
        text += f'submitted_time: "{time}"\n'
    view = record("referral", STEM, date.fromisoformat(submitted), text)
    event = ev(
        "referral",
        date.fromisoformat(submitted),
        file=FILE,
        panel_date=panel,
        submitted=submitted,
        submitted_time=time,
        record=STEM,
    )
    return timeline(event, records=(view,))


@pytest.mark.parametrize(
    ("submitted", "status", "late"),
    [
        ("2026-04-30", Status.MET, 0),
        ("2026-05-01", Status.MET, 0),  # Friday: Monday 4 May is a bank holiday
        ("2026-05-05", Status.LATE, 1),
        ("2026-05-06", Status.LATE, 2),
    ],
)
def test_papers_three_working_days_before_a_thursday_after_a_bank_holiday(
    submitted: str, status: Status, late: int
) -> None:
    (finding,) = run(PAPERS, referral(submitted), as_of=date(2026, 5, 20))
    assert finding.due == date(2026, 5, 1)
    assert (finding.status, finding.working_days_late) == (status, late)
    assert finding.file == FILE and finding.line == 3  # the submitted field


def test_message_names_papers_panel_and_deadline() -> None:
    (finding,) = run(PAPERS, referral("2026-05-06"), as_of=date(2026, 5, 20))
    assert finding.message == (
        "C-0001 referral papers for the panel on 2026-05-07 were due by 2026-05-01 "
        "and recorded on 2026-05-06"
    )


def test_friday_noon_cut_off() -> None:
    spec = rule(
        "before",
        anchor={"event": "referral", "date_field": "panel_date"},
        by={"weekday_before": "friday", "time": "12:00"},
        met_by={"field": "submitted", "time_field": "submitted_time"},
    )
    on_time = run(spec, referral("2026-05-01", time="11:30"), as_of=date(2026, 5, 20))
    assert statuses(on_time) == [Status.MET]
    after_noon = run(spec, referral("2026-05-01", time="14:00"), as_of=date(2026, 5, 20))
    assert statuses(after_noon) == [Status.LATE]
    assert after_noon[0].lateness() == "late on the day"
    assert "due by 12:00 on 2026-05-01" in after_noon[0].message


def test_financial_review_a_month_before_an_approval_ends() -> None:
    spec = rule(
        "before",
        anchor={"event": "approval", "date_field": "end_date"},
        by={"months": 1},
        met_by={"event": "case_event", "where": {"type": "financial_review"}},
    )
    approval = ev("approval", date(2026, 1, 5), end_date="2026-07-31", placement=1)
    review = ev("case_event", date(2026, 6, 20), type="financial_review")
    # 31 July less one month is 30 June (a Tuesday)
    (finding,) = run(spec, timeline(approval), as_of=date(2026, 6, 24))
    assert (finding.due, finding.status) == (date(2026, 6, 30), Status.DUE_SOON)
    assert statuses(run(spec, timeline(approval, review), as_of=date(2026, 7, 2))) == [Status.MET]
    assert statuses(run(spec, timeline(approval), as_of=date(2026, 7, 2))) == [Status.BREACHED]
    assert statuses(run(spec, timeline(approval), as_of=date(2026, 3, 1))) == [Status.OPEN]
    late = ev("case_event", date(2026, 7, 3), type="financial_review")
    assert statuses(run(spec, timeline(approval, late), as_of=date(2026, 7, 10))) == [Status.LATE]


ENDORSE = rule(
    "before_review",
    review=2,
    met_by={"event": "decision_item", "where": {"endorses_plan": True}},
)
ENTERED = date(2026, 1, 5)  # first review due 20 working days later: 2 February


def endorsement(day: date):  # type: ignore[no-untyped-def]
    return ev("decision_item", day, file="cases/C-0001/x-decision.yaml", endorses_plan=True)


def in_care(*events, end=None):  # type: ignore[no-untyped-def]
    return timeline(
        ev("entered_care", ENTERED, episode=1), *events, episodes=(episode(ENTERED, end),)
    )


def test_second_review_from_the_statutory_schedule() -> None:
    (finding,) = run(ENDORSE, in_care(), as_of=date(2026, 5, 5))
    # first review 2 February (scheduled), second 3 months later: 2 May; "before" = 1 May
    assert finding.due == date(2026, 5, 1)
    assert finding.status is Status.BREACHED
    assert "second looked-after review on 2026-05-02 (scheduled)" in finding.message


def test_second_review_from_recorded_reviews() -> None:
    reviews = (
        ev("lac_review", date(2026, 1, 28), number=1, episode=1),
        ev("lac_review", date(2026, 4, 20), number=2, episode=1),
    )
    (finding,) = run(
        ENDORSE, in_care(*reviews, endorsement(date(2026, 4, 16))), as_of=date(2026, 5, 5)
    )
    # before Monday 20 April: Sunday 19 April is not a working day, so Friday 17 April
    assert (finding.due, finding.status) == (date(2026, 4, 17), Status.MET)
    (late,) = run(
        ENDORSE, in_care(*reviews, endorsement(date(2026, 4, 20))), as_of=date(2026, 5, 5)
    )
    assert late.status is Status.LATE
    inclusive = {**ENDORSE, "inclusive": True}
    assert statuses(
        run(inclusive, in_care(*reviews, endorsement(date(2026, 4, 20))), date(2026, 5, 5))
    ) == [Status.MET]


def test_first_recorded_review_moves_the_second() -> None:
    reviews = (ev("lac_review", date(2026, 1, 30), number=1, episode=1),)
    (finding,) = run(ENDORSE, in_care(*reviews), as_of=date(2026, 4, 27))
    assert finding.due == date(2026, 4, 29)
    assert finding.status is Status.DUE_SOON


def test_before_review_not_applicable() -> None:
    # left care before the review
    assert run(ENDORSE, in_care(end=date(2026, 3, 1)), as_of=date(2026, 6, 1)) == []
    # "applies" limits it to episodes with such an event
    spec = {**ENDORSE, "applies": {"event": "legal_status", "where": {"status": "care_order"}}}
    assert run(spec, in_care(), as_of=date(2026, 6, 1)) == []
    with_order = in_care(ev("legal_status", date(2026, 2, 1), status="care_order"))
    assert statuses(run(spec, with_order, as_of=date(2026, 2, 10))) == [Status.OPEN]

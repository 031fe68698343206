"""Rule kinds without a running clock: approval, meeting, documents, field."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from casework.findings import Status
from casework.records import Record, RecordFile
from casework.yamlload import loads
from rulekit import ev, record, rule, run, statuses, timeline

HOS = rule(
    "approval",
    placements=[{"weekly_cost_at_most": 1000}],
    roles=["head_of_service"],
    or_higher=True,
    requires_end_date=True,
)
START = date(2026, 4, 20)


def placement(cost: float | None = 800, *approvals):  # type: ignore[no-untyped-def]
    return timeline(
        ev(
            "placement_started",
            START,
            line=20,
            placement=1,
            weekly_cost=cost,
            type="foster_mainstream",
        ),
        *approvals,
    )


def approval(
    day: date, role: str = "head_of_service", end: str | None = "2026-10-31", placement: int = 1
):  # type: ignore[no-untyped-def]
    return ev("approval", day, line=24, role=role, end_date=end, placement=placement)


def test_approval_met_late_breached() -> None:
    (met,) = run(HOS, placement(800, approval(date(2026, 4, 17))), as_of=date(2026, 5, 1))
    assert (met.status, met.line) == (Status.MET, 24)
    (late,) = run(HOS, placement(800, approval(date(2026, 4, 22))), as_of=date(2026, 5, 1))
    assert (late.status, late.working_days_late) == (Status.LATE, 2)
    (breached,) = run(HOS, placement(800), as_of=date(2026, 5, 1))
    assert (breached.status, breached.line) == (Status.BREACHED, 20)
    assert "head of service (or a more senior role)" in breached.message


def test_approval_roles_end_dates_and_placements() -> None:
    senior = placement(800, approval(date(2026, 4, 17), role="assistant_director"))
    assert statuses(run(HOS, senior, date(2026, 5, 1))) == [Status.MET]
    junior = placement(800, approval(date(2026, 4, 17), role="service_manager"))
    assert statuses(run(HOS, junior, date(2026, 5, 1))) == [Status.BREACHED]
    strict = {**HOS, "or_higher": False}
    assert statuses(run(strict, senior, date(2026, 5, 1))) == [Status.BREACHED]
    no_end = placement(800, approval(date(2026, 4, 17), end=None))
    assert statuses(run(HOS, no_end, date(2026, 5, 1))) == [Status.BREACHED]
    other = placement(800, approval(date(2026, 4, 17), placement=2))
    assert statuses(run(HOS, other, date(2026, 5, 1))) == [Status.BREACHED]
    # not applicable: over the threshold
    assert run(HOS, placement(1500), date(2026, 5, 1)) == []
    # no cost recorded: the threshold cannot be judged, so it does not escape the rule
    (unknown,) = run(HOS, placement(None), date(2026, 5, 1))
    assert unknown.status is Status.BREACHED and "no weekly cost" in unknown.message
    # ... unless a role the rule accepts approved it by the start anyway
    assert run(HOS, placement(None, approval(date(2026, 4, 17))), date(2026, 5, 1)) == []
    costly = {**HOS, "placements": [{"weekly_cost_over": 1000}, {"type": ["residential"]}]}
    assert statuses(run(costly, placement(1000.5), date(2026, 5, 1))) == [Status.BREACHED]
    assert run(costly, placement(1000), date(2026, 5, 1)) == []


MEETING = """\
date: "2026-03-05"
panel: panel
chair_role: head_of_service
members_present: [social_worker, service_manager]
cases_heard: [C-0001, C-0002]
"""


def meeting(text: str = MEETING) -> Record:
    display = "meetings/2026-03-05-meeting.yaml"
    doc = loads(text, display)
    return Record(RecordFile(Path(display), display, "meeting", None, "2026-03-05"), doc)


def check(name: str, text: str = MEETING) -> Status:
    (finding,) = run(rule("meeting", check=name), None, date(2026, 3, 10), meeting=meeting(text))
    assert finding.case == "" and finding.subject.startswith("meeting 2026-03-")
    return finding.status


def test_meeting_checks_met() -> None:
    for name in ("max_cases", "quorum", "max_members", "chair_role", "on_schedule"):
        assert check(name) is Status.MET, name


def test_meeting_checks_breached() -> None:
    assert check("max_cases", MEETING.replace("C-0002]", "C-0002, C-0003]")) is Status.BREACHED
    assert check("quorum", MEETING.replace("social_worker, ", "")) is Status.BREACHED
    crowded = MEETING.replace("service_manager]", "service_manager, a_role, b_role]")
    assert check("max_members", crowded) is Status.BREACHED
    assert (
        check("chair_role", MEETING.replace("chair_role: head", "chair_role: x")) is Status.BREACHED
    )
    assert check("chair_role", MEETING.replace("head_of_service", "service_manager")) is Status.MET
    assert check("declarations") is Status.BREACHED
    assert check("declarations", MEETING + "declarations: []\n") is Status.MET
    assert check("conduct_statement") is Status.BREACHED
    assert check("conduct_statement", MEETING + "conduct_statement_read: true\n") is Status.MET
    off = MEETING.replace("2026-03-05", "2026-03-12")
    assert check("on_schedule", off) is Status.BREACHED
    assert check("on_schedule", off + "extraordinary: true\n") is Status.MET


def test_meeting_rule_message_and_location() -> None:
    text = MEETING.replace("C-0002]", "C-0002, C-0003]")
    (finding,) = run(
        rule("meeting", check="max_cases"), None, date(2026, 3, 10), meeting=meeting(text)
    )
    assert finding.line == 5
    assert finding.message == "the panel meeting on 2026-03-05 needed to hear at most 2 cases"


REFERRAL = """\
case_id: C-0001
panel_date: "2026-03-05"
submitted: "2026-02-26"
checklist: A
documents: [care_plan]
funding_request:
  provision: therapeutic_support
  duration_weeks: 10
  quotes: 2
summary: Private words that must never reach a message.
"""


def referral(text: str = REFERRAL):  # type: ignore[no-untyped-def]
    return timeline(records=(record("referral", "2026-03-05-referral", date(2026, 2, 26), text),))


def test_documents_by_list_and_by_checklist() -> None:
    listed = rule("documents", required=["care_plan"])
    assert statuses(run(listed, referral(), date(2026, 3, 1))) == [Status.MET]
    (finding,) = run(rule("documents", required="checklist"), referral(), date(2026, 3, 1))
    assert finding.status is Status.BREACHED
    assert finding.message.endswith("missing: ppm_minutes")
    assert finding.line == 5
    complete = REFERRAL.replace("[care_plan]", "[care_plan, ppm_minutes]")
    assert statuses(
        run(rule("documents", required="checklist"), referral(complete), date(2026, 3, 1))
    ) == [Status.MET]
    # applies: only referrals with checklist B
    only_b = rule("documents", required=["x_doc"], applies={"checklist": "B"})
    assert run(only_b, referral(), date(2026, 3, 1)) == []


def test_field_rules() -> None:
    quotes = rule("field", record="referral", field="funding_request.quotes", at_least=3)
    (finding,) = run(quotes, referral(), date(2026, 3, 1))
    assert finding.status is Status.BREACHED
    assert finding.line == 9
    assert "funding request quotes at least 3" in finding.message
    assert "Private" not in finding.message
    enough = REFERRAL.replace("quotes: 2", "quotes: 3")
    assert statuses(run(quotes, referral(enough), date(2026, 3, 1))) == [Status.MET]
    exempt = {**quotes, "applies": {"funding_request.within_commissioned_placement": [False, None]}}
    assert statuses(run(exempt, referral(), date(2026, 3, 1))) == [Status.BREACHED]
    inside = REFERRAL.replace("quotes: 2\n", "quotes: 2\n  within_commissioned_placement: true\n")
    assert run(exempt, referral(inside), date(2026, 3, 1)) == []
    cost = rule("field", record="referral", field="funding_request.weekly_cost", at_most=900)
    assert statuses(run(cost, referral(), date(2026, 3, 1))) == [Status.MET]  # missing passes
    present = rule("field", record="referral", field="next_steps", nonempty=True)
    assert statuses(run(present, referral(), date(2026, 3, 1))) == [Status.BREACHED]

"""The Bexley preset: every row BX1-BX19 of TIMESCALES.md met and breached.

Timescales, limits and checks run through ``casework check --format json`` on
small repositories (tests/packrepo.py). Rows that are vocabulary (BX16 slot
minutes, BX17's standing agenda, BX18 recommendation types) are tested as pack
content and through ``casework validate``. The panel meets every other Thursday
(2026: ... 19 March, 2 April, 16 April, 14 May, 28 May, ... 15 October, 24 December).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from casework.paths import presets_dir
from casework.policy import load_policy
from packrepo import (
    Record,
    case,
    decision,
    events,
    expect,
    findings,
    meeting,
    referral,
    write_repo,
)

PRESET = "bexley"
CHAIR = "head_of_service"
MEMBERS = ["service_manager", "legal_adviser"]


def run(cli: Any, tmp_path: Path, records: list[Record], rule: str, as_of: str) -> list:
    return findings(cli, tmp_path / "repo", PRESET, records, rule, as_of)


def ref(panel: str, submitted: str, **extra: Any) -> Record:
    extra.setdefault("documents", ["referral_form", "care_plan"])
    return referral(panel, submitted, "bx_newly_looked_after", ["endorse_plan"], **extra)


def heard(
    day: str, items: list[str] | None = None, submitted: str | None = None, **extra: Any
) -> list[Record]:
    """A referral for the panel on ``day`` and the decision heard that day."""
    types = items or ["amend_care_plan"]
    return [
        ref(day, submitted or day),
        decision(day, day, [{"type": t} for t in types], CHAIR, **extra),
    ]


def child(start: str = "2026-01-05", **fields: Any) -> Record:
    return case(start, reviews=fields.pop("reviews", []), **fields)


# --- BX1 papers three working days before the panel ------------------------------------


@pytest.mark.parametrize(
    ("panel", "submitted", "status", "due", "late"),
    [
        # Thursday 28 May 2026, after the spring bank holiday on Monday 25 May
        pytest.param("2026-05-28", "2026-05-22", "met", "2026-05-22", 0, id="bank-holiday-met"),
        pytest.param("2026-05-28", "2026-05-26", "late", "2026-05-22", 1, id="bank-holiday-late"),
        # Thursday 19 March: due Monday 16 March; the Tuesday is one day late
        pytest.param("2026-03-19", "2026-03-13", "met", "2026-03-16", 0, id="friday-before"),
        pytest.param("2026-03-19", "2026-03-17", "late", "2026-03-16", 1, id="tuesday"),
        # Thursday 7 January 2027: due Monday 4 January, over the new year
        pytest.param("2027-01-07", "2026-12-31", "met", "2027-01-04", 0, id="new-year"),
    ],
)
def test_bx1_papers(cli, tmp_path, panel, submitted, status, due, late) -> None:
    records = [child(), ref(panel, submitted)]
    expect(run(cli, tmp_path, records, "BX1", "2027-02-01"), status, due, late)


@pytest.mark.parametrize(
    ("documents", "status"),
    [(["referral_form", "care_plan"], "met"), (["care_plan"], "breached")],
    ids=["with-form", "without-form"],
)
def test_bx1b_referral_form(cli, tmp_path, documents, status) -> None:
    records = [child(), ref("2026-03-19", "2026-03-12", documents=documents)]
    assert [f["status"] for f in run(cli, tmp_path, records, "BX1b", "2026-04-01")] == [status]


# --- BX2-BX6, BX17 meetings ------------------------------------------------------------


def heard_cases(count: int) -> list[Record]:
    return [case("2026-01-05", case_id=f"C-010{n}") for n in range(count)]


@pytest.mark.parametrize(
    ("rule", "day", "extra", "status"),
    [
        ("BX2", "2026-03-19", {}, "met"),
        ("BX2", "2026-03-26", {}, "breached"),  # a Thursday off the fortnight
        ("BX2", "2026-03-26", {"extraordinary": True}, "met"),
        ("BX3", "2026-03-19", {"cases_heard": [f"C-010{n}" for n in range(5)]}, "met"),
        ("BX3", "2026-03-19", {"cases_heard": [f"C-010{n}" for n in range(6)]}, "breached"),
        ("BX4a", "2026-03-19", {}, "met"),
        ("BX4a", "2026-03-19", {"members_present": ["legal_adviser"]}, "breached"),
        ("BX4b", "2026-03-19", {"members_present": ["service_manager"] * 7}, "met"),
        ("BX4b", "2026-03-19", {"members_present": ["service_manager"] * 8}, "breached"),
        ("BX5", "2026-03-19", {}, "met"),
        ("BX5", "2026-03-19", {"chair_role": "service_manager"}, "breached"),
        ("BX6", "2026-03-19", {"declarations": [{"role": "legal_adviser", "case_id": "C-0100"}]},
         "met"),
        ("BX6", "2026-03-19", {"declarations": None}, "breached"),
        ("BX17", "2026-03-19", {}, "met"),
        ("BX17", "2026-03-19", {"conduct_statement_read": False}, "breached"),
    ],
)  # fmt: skip
def test_meeting_rules(cli, tmp_path, rule, day, extra, status) -> None:
    path, data = meeting(day, "permanence_panel", CHAIR, MEMBERS)
    data.update(extra)
    data = {k: v for k, v in data.items() if v is not None}
    found = run(cli, tmp_path, [*heard_cases(6), (path, data)], rule, "2026-04-01")
    assert [(f["status"], f["due"]) for f in found] == [(status, day)]


# --- BX7 planning meeting within 4 weeks ------------------------------------------------


@pytest.mark.parametrize(
    ("ppm", "status", "late"), [("2026-07-17", "met", 0), ("2026-07-20", "late", 1)]
)
def test_bx7_planning_meeting(cli, tmp_path, ppm, status, late) -> None:
    records = [child("2026-06-19", events=events(("permanence_planning_meeting", ppm)))]
    expect(run(cli, tmp_path, records, "BX7", "2026-08-01"), status, "2026-07-17", late)


# --- BX8 panel by week 10 of proceedings --------------------------------------------------


@pytest.mark.parametrize(
    ("hearing", "status", "late"),
    # issued Monday 2 March 2026: week 10 ends on Sunday 10 May
    [("2026-04-30", "met", 0), ("2026-05-14", "late", 4)],
)
def test_bx8_week_10(cli, tmp_path, hearing, status, late) -> None:
    records = [
        child("2026-02-20", basis="interim_care_order", entry="court_ordered",
              proceedings=[{"issued": "2026-03-02"}]),
        *heard(hearing),
    ]  # fmt: skip
    expect(run(cli, tmp_path, records, "BX8", "2026-06-01"), status, "2026-05-10", late)


# --- BX9 heard before the second review; BX11 plan endorsed by it ------------------------

REVIEWS = ["2026-07-17", "2026-10-15"]


@pytest.mark.parametrize(
    ("hearing", "status", "due", "late"),
    # before, not on, the second review (Thursday 15 October): due the day before
    [("2026-10-01", "met", "2026-10-14", 0), ("2026-10-15", "late", "2026-10-14", 1)],
)
def test_bx9_heard_before_second_review(cli, tmp_path, hearing, status, due, late) -> None:
    records = [child("2026-06-19", reviews=REVIEWS), *heard(hearing)]
    expect(run(cli, tmp_path, records, "BX9", "2026-11-20"), status, due, late)


@pytest.mark.parametrize(
    ("hearing", "items", "status", "late"),
    [
        ("2026-10-15", ["endorse_plan"], "met", 0),  # "by" the review: the day itself counts
        ("2026-10-01", ["amend_care_plan"], "breached", 0),
        ("2026-10-29", ["continue_care_plan"], "late", 10),
    ],
)
def test_bx11_plan_endorsed_by_second_review(cli, tmp_path, hearing, items, status, late) -> None:
    records = [child("2026-06-19", reviews=REVIEWS), *heard(hearing, items)]
    found = run(
        cli, tmp_path, records, "BX11", "2026-10-20" if status == "breached" else "2026-11-20"
    )
    if status == "breached":
        assert [(f["status"], f["due"]) for f in found] == [("breached", "2026-10-15")]
    else:
        expect(found, status, "2026-10-15", late)


# --- BX10 permanent residential placement heard within 28 days ---------------------------


@pytest.mark.parametrize(
    ("long_term", "hearing", "status", "late"),
    [
        (True, "2026-07-23", "met", 0),
        (True, "2026-08-06", "late", 3),
        (False, "2026-08-06", None, 0),
    ],
)
def test_bx10_residential(cli, tmp_path, long_term, hearing, status, late) -> None:
    placements = [{"type": "residential", "provider": "private", "start": "2026-07-06",
                   "long_term": long_term}]  # fmt: skip
    records = [child("2026-07-06", placements=placements), *heard(hearing)]
    found = run(cli, tmp_path, records, "BX10", "2026-09-01")
    if status is None:
        assert found == []
    else:
        expect(found, status, "2026-08-03", late)


# --- BX12 care planning review within 10 working days ------------------------------------


@pytest.mark.parametrize(
    ("held", "status", "late"),
    # panel Thursday 24 December 2026: Christmas, 28 December and New Year's Day don't count
    [("2027-01-12", "met", 0), ("2027-01-13", "late", 1)],
)
def test_bx12_care_planning_review(cli, tmp_path, held, status, late) -> None:
    records = [
        child("2026-06-19", events=events(("care_planning_review", held))),
        *heard("2026-12-24", ["care_planning_review"], submitted="2026-12-17"),
    ]
    expect(run(cli, tmp_path, records, "BX12", "2027-02-01"), status, "2027-01-12", late)


def test_bx12_breached_when_not_held(cli, tmp_path) -> None:
    records = [child("2026-06-19"), *heard("2026-12-24", ["care_planning_review"])]
    expect(run(cli, tmp_path, records, "BX12", "2027-01-14"), "breached", "2027-01-12", 2)


# --- BX13 return-to-panel date ------------------------------------------------------------


@pytest.mark.parametrize(
    ("second_hearing", "status", "late"), [("2026-10-15", "met", 0), (None, "breached", 26)]
)
def test_bx13_return_date(cli, tmp_path, second_hearing, status, late) -> None:
    records = [child("2026-01-05")]
    records += heard("2026-08-06", return_to_panel="2026-10-15")
    if second_hearing:
        records += heard(second_hearing)
    found = run(cli, tmp_path, records, "BX13", "2026-11-22")
    expect(found, status, "2026-10-15", late)


# --- BX14 disagreement: deputy director review and circulation --------------------------


@pytest.mark.parametrize(
    ("meeting_day", "status", "late"),
    # disputed at the panel of Thursday 2 April 2026: 5 working days over Easter
    [("2026-04-13", "met", 0), ("2026-04-14", "late", 1)],
)
def test_bx14a_review_meeting(cli, tmp_path, meeting_day, status, late) -> None:
    records = [
        child(events=events(("dispute_review_meeting", meeting_day))),
        *heard("2026-04-02", disputed=True),
    ]
    expect(run(cli, tmp_path, records, "BX14a", "2026-05-01"), status, "2026-04-13", late)


@pytest.mark.parametrize(
    ("circulated", "status", "late"),
    # meeting Friday 10 April: 48 hours is Sunday 12 April; Monday is one working day late
    [("2026-04-11", "met", 0), ("2026-04-13", "late", 1)],
)
def test_bx14b_decision_circulated(cli, tmp_path, circulated, status, late) -> None:
    records = [
        child(events=events(("dispute_review_meeting", "2026-04-10"),
                            ("decision_circulated", circulated))),
    ]  # fmt: skip
    expect(run(cli, tmp_path, records, "BX14b", "2026-05-01"), status, "2026-04-12", late)


# --- BX15 ceasing to look after ------------------------------------------------------------


@pytest.mark.parametrize(
    ("rule", "endorsed", "approved", "status"),
    [
        ("BX15a", True, True, "met"),
        ("BX15a", False, True, "breached"),
        ("BX15b", True, True, "met"),
        ("BX15b", True, False, "breached"),
    ],
)
def test_bx15_ceasing_care_after_20_working_days(cli, tmp_path, rule, endorsed, approved, status):
    extra = events(("nominated_officer_approval", "2026-03-20")) if approved else []
    records = [child("2026-01-05", end="2026-03-20", events=extra)]
    records += heard("2026-03-19", ["endorse_ceasing_care" if endorsed else "amend_care_plan"])
    found = run(cli, tmp_path, records, rule, "2026-04-01")
    assert [(f["status"], f["due"]) for f in found] == [(status, "2026-03-20")]


def test_bx15_does_not_apply_under_20_working_days(cli, tmp_path) -> None:
    records = [child("2026-03-02", end="2026-03-20")]  # 14 working days
    assert run(cli, tmp_path, records, "BX15a", "2026-04-01") == []


# --- BX19 dissenting views -------------------------------------------------------------


@pytest.mark.parametrize(
    ("extra", "status"),
    [
        ({"majority_agreed": False,
          "dissenting_views": [{"role": "legal_adviser", "view": "Invented view."}]}, "met"),
        ({"majority_agreed": False}, "breached"),
        ({"majority_agreed": True}, None),
    ],
    ids=["recorded", "missing", "majority"],
)  # fmt: skip
def test_bx19_dissent(cli, tmp_path, extra, status) -> None:
    records = [child(), *heard("2026-03-19", **extra)]
    found = run(cli, tmp_path, records, "BX19", "2026-04-01")
    assert [f["status"] for f in found] == ([status] if status else [])


# --- BX16, BX17, BX18 vocabulary -----------------------------------------------------------


def test_bx16_bx17_bx18_are_pack_content() -> None:
    policy = load_policy(presets_dir() / PRESET)
    assert policy.panel["slot_minutes"] == {"summary": 5, "discussion": 15, "recommendations": 5}
    agenda = policy.pack["standing_agenda"]
    assert len(agenda) == 8
    assert "conduct" in agenda[1]["title"].lower()
    assert [a["kind"] for a in agenda].count("cases") == 1
    letters = {t["clause"] for t in policy.pack["recommendation_types"]}
    assert {f"1.23({c})" for c in "abcdefg"} <= letters
    assert policy.panel["max_cases"] == 5 and policy.panel["quorum_others"] == 2
    assert policy.panel["max_members"] == 8 and policy.panel["chair_roles"] == [CHAIR]


def test_bx18_unknown_recommendation_type_is_refused(cli, tmp_path) -> None:
    records = [child(), *heard("2026-03-19", ["adopt_at_once"])]
    root = write_repo(tmp_path / "repo", PRESET, records)
    run_ = cli("validate", "--repo", root)
    assert run_.code == 1
    assert "2026-03-19-decision.yaml" in run_.text and "recommendation" in run_.text
    assert "adopt_at_once" not in run_.text  # never repeats the value


def test_unknown_criterion_is_refused(cli, tmp_path) -> None:
    records = [child(), referral("2026-03-19", "2026-03-12", "bx_made_up", ["endorse_plan"], [])]
    root = write_repo(tmp_path / "repo", PRESET, records)
    run_ = cli("validate", "--repo", root)
    assert run_.code == 1 and "criterion" in run_.text


def test_every_row_has_a_rule_or_pack_entry() -> None:
    policy = load_policy(presets_dir() / PRESET)
    ids = {r["id"] for r in policy.rules}
    rows = {f"BX{n}" for n in range(1, 20)} - {"BX16", "BX18"}
    assert all(any(i == row or i[:-1] == row for i in ids) for row in rows), rows - ids
    published = {rule for p in policy.pack["procedures"] for rule in p.get("rules", [])}
    assert published == ids

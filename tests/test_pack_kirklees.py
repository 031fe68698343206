"""The Kirklees preset: every row KI1-KI6 of TIMESCALES.md met and breached.

Run through ``casework check --format json`` on small repositories
(tests/packrepo.py). The pack's monthly panel is on the second Wednesday
(2026: 11 March, 8 April, 13 May, 10 June, 8 July, 12 August ...).
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest

from casework.paths import presets_dir
from casework.policy import load_policy
from packrepo import Record, case, decision, events, expect, findings, meeting, referral, write_repo

PRESET = "kirklees"
CHAIR = "service_manager_assessment"
DOCS = ["ppm_minutes", "care_plan"]


def run(cli: Any, tmp_path: Path, records: list[Record], rule: str, as_of: str) -> list:
    return findings(cli, tmp_path / "repo", PRESET, records, rule, as_of)


def ref(panel: str, submitted: str, criterion: str = "ki_before_second_review", **extra) -> Record:
    extra.setdefault("documents", DOCS)
    return referral(panel, submitted, criterion, ["approve_permanency_plan"], **extra)


def heard(day: str, items: list[str] | None = None, submitted: str | None = None) -> list[Record]:
    types = items or ["review_contact_plan"]
    return [ref(day, submitted or day), decision(day, day, [{"type": t} for t in types], CHAIR)]


def test_pack_settings() -> None:
    policy = load_policy(presets_dir() / PRESET)
    assert policy.panel["cadence"] == {"every": "month", "weekday": "wednesday", "nth": 2}
    assert policy.panel["chair_roles"] == [CHAIR]
    assert policy.ids("documents") == {"ppm_minutes", "care_plan", "disruption_minutes"}
    assert {c["id"] for c in policy.pack["criteria"]} >= {
        "ki_before_second_review",
        "ki_adoption_plan_change",
        "ki_disruption",
        "ki_remand",
    }
    pack_text = (presets_dir() / PRESET / "pack.yaml").read_text(encoding="utf-8")
    assert "procedure sets no frequency" in pack_text  # the chosen cadence is documented


# --- KI1 permanence planning meeting --------------------------------------------------------


@pytest.mark.parametrize(
    ("ppm", "status", "late"),
    # emergency entry Thursday 2 April 2026: 10 working days over Good Friday and Easter Monday
    [("2026-04-20", "met", 0), ("2026-04-21", "late", 1)],
)
def test_ki1a_emergency(cli, tmp_path, ppm, status, late) -> None:
    records = [case("2026-04-02", events=events(("permanence_planning_meeting", ppm)))]
    expect(run(cli, tmp_path, records, "KI1a", "2026-05-01"), status, "2026-04-20", late)


def test_ki1a_not_for_planned_entry(cli, tmp_path) -> None:
    records = [case("2026-04-02", entry="planned")]
    assert run(cli, tmp_path, records, "KI1a", "2026-05-01") == []


@pytest.mark.parametrize(
    ("entry", "ppm", "status"),
    [
        ("planned", "2026-03-02", "met"),
        ("pre_proceedings", "2026-03-02", "met"),
        ("planned", "2026-03-04", "late"),  # held, but after the day: late, not breached
    ],
)
def test_ki1b_before_planned_entry(cli, tmp_path, entry, ppm, status) -> None:
    records = [case("2026-03-02", entry=entry, events=events(("permanence_planning_meeting", ppm)))]
    found = run(cli, tmp_path, records, "KI1b", "2026-04-01")
    assert [(f["status"], f["due"]) for f in found] == [(status, "2026-03-02")]
    # not held at all: breached
    bare = [case("2026-03-02", entry=entry, case_id="C-0043")]
    assert [f["status"] for f in run(cli, tmp_path / "bare", bare, "KI1b", "2026-04-01")] == [
        "breached"
    ]


# --- KI2 plan approved before the second review; KI3 booked before it --------------------

REVIEWS = ["2026-04-30", "2026-07-30"]


@pytest.mark.parametrize(
    ("hearing", "items", "status", "late"),
    [
        ("2026-07-08", ["approve_permanency_plan"], "met", 0),
        ("2026-08-12", ["approve_permanency_plan"], "late", 10),
        ("2026-07-08", ["review_contact_plan"], "breached", 0),
    ],
)
def test_ki2_plan_approved_before_second_review(cli, tmp_path, hearing, items, status, late):
    records = [case("2026-04-02", reviews=REVIEWS), *heard(hearing, items)]
    found = run(cli, tmp_path, records, "KI2", "2026-08-20")
    if status == "breached":
        assert [(f["status"], f["due"]) for f in found] == [("breached", "2026-07-29")]
    else:
        expect(found, status, "2026-07-29", late)


@pytest.mark.parametrize(
    ("panel", "status", "late"), [("2026-07-08", "met", 0), ("2026-08-12", "late", 10)]
)
def test_ki3_booked_before_second_review(cli, tmp_path, panel, status, late) -> None:
    records = [case("2026-04-02", reviews=REVIEWS), ref(panel, "2026-06-26")]
    expect(run(cli, tmp_path, records, "KI3", "2026-08-20"), status, "2026-07-29", late)


# --- KI4 papers a week before ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("panel", "submitted", "extra", "status", "due", "late"),
    [
        pytest.param("2026-04-08", "2026-04-01", {}, "met", "2026-04-01", 0, id="met"),
        pytest.param("2026-04-08", "2026-04-02", {}, "late", "2026-04-01", 1, id="late"),
        # an extraordinary panel on Monday 4 January 2027: a week before is the substitute
        # Boxing Day (28 December), so the papers are due on Thursday 24 December
        pytest.param("2027-01-04", "2026-12-24", {"extraordinary": True}, "met", "2026-12-24", 0,
                     id="boxing-day-met"),
        pytest.param("2027-01-04", "2026-12-29", {"extraordinary": True}, "late", "2026-12-24", 1,
                     id="boxing-day-late"),
    ],
)  # fmt: skip
def test_ki4a_papers_a_week_before(cli, tmp_path, panel, submitted, extra, status, due, late):
    records = [case("2026-03-02"), ref(panel, submitted, **extra)]
    expect(run(cli, tmp_path, records, "KI4a", "2027-01-20"), status, due, late)


@pytest.mark.parametrize(
    ("documents", "status"), [(DOCS, "met"), (["ppm_minutes"], "breached")], ids=["both", "one"]
)
def test_ki4b_papers(cli, tmp_path, documents, status) -> None:
    records = [case("2026-03-02"), ref("2026-04-08", "2026-04-01", documents=documents)]
    assert [f["status"] for f in run(cli, tmp_path, records, "KI4b", "2026-05-01")] == [status]


# --- KI5 disruption -------------------------------------------------------------------------


def disrupted(*pairs: tuple[str, str], long_term: bool = True) -> Record:
    placements = [
        {"type": "foster_mainstream", "provider": "in_house", "start": "2025-09-01",
         "end": "2026-05-01", "end_reason": "disruption", "long_term": long_term},
        {"type": "foster_mainstream", "provider": "in_house", "start": "2026-05-01"},
    ]  # fmt: skip
    return case("2025-09-01", placements=placements, events=events(*pairs))


@pytest.mark.parametrize(
    ("held", "status", "late"),
    # 28 days after Friday 1 May is Friday 29 May; Monday 1 June is one working day late
    [("2026-05-29", "met", 0), ("2026-06-01", "late", 1)],
)
def test_ki5a_disruption_meeting(cli, tmp_path, held, status, late) -> None:
    records = [disrupted(("disruption_meeting", held))]
    expect(run(cli, tmp_path, records, "KI5a", "2026-07-01"), status, "2026-05-29", late)


def test_ki5a_only_for_permanent_placements(cli, tmp_path) -> None:
    assert run(cli, tmp_path, [disrupted(long_term=False)], "KI5a", "2026-07-01") == []


@pytest.mark.parametrize(("hearing", "status"), [("2026-07-08", "met"), ("2026-08-12", "late")])
def test_ki5b_report_heard_by_panel(cli, tmp_path, hearing, status) -> None:
    records = [disrupted(("disruption_meeting", "2026-05-29")), *heard(hearing)]
    found = run(cli, tmp_path, records, "KI5b", "2026-09-01")
    assert [(f["status"], f["due"]) for f in found] == [(status, "2026-07-29")]


@pytest.mark.parametrize(
    ("documents", "status"),
    [([*DOCS, "disruption_minutes"], "met"), (DOCS, "breached")],
    ids=["with-minutes", "without"],
)
def test_ki5c_disruption_minutes(cli, tmp_path, documents, status) -> None:
    records = [
        disrupted(("disruption_meeting", "2026-05-29")),
        ref("2026-06-10", "2026-06-02", "ki_disruption", documents=documents),
    ]
    assert [f["status"] for f in run(cli, tmp_path, records, "KI5c", "2026-07-01")] == [status]


# --- KI6 change from adoption -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("approved", "status"), [(True, "met"), (False, "breached")], ids=["approved", "not"]
)
def test_ki6_change_from_adoption(cli, tmp_path, approved, status) -> None:
    plans = [
        {"plan": "adoption", "agreed": "2026-01-20"},
        {"plan": "long_term_fostering", "agreed": "2026-06-10"},
    ]
    item = "approve_change_from_adoption" if approved else "review_contact_plan"
    records = [case("2025-09-01", permanence_plans=plans), *heard("2026-06-10", [item])]
    found = run(cli, tmp_path, records, "KI6", "2026-07-01")
    assert [(f["status"], f["due"]) for f in found] == [(status, "2026-06-10")]


def test_ki6_not_for_a_change_to_adoption(cli, tmp_path) -> None:
    plans = [
        {"plan": "long_term_fostering", "agreed": "2026-01-20"},
        {"plan": "adoption", "agreed": "2026-06-10"},
    ]
    records = [case("2025-09-01", permanence_plans=plans)]
    assert run(cli, tmp_path, records, "KI6", "2026-07-01") == []


# --- KI7-KI9 meetings --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("rule", "day", "extra", "status"),
    [
        ("KI7", "2026-04-08", {}, "met"),
        ("KI7", "2026-04-15", {}, "breached"),
        ("KI8", "2026-04-08", {}, "met"),
        ("KI8", "2026-04-08", {"chair_role": "team_manager"}, "breached"),
        ("KI9", "2026-04-08", {}, "met"),
        ("KI9", "2026-04-08", {"members_present": ["family_placement_manager"]}, "breached"),
    ],
)
def test_meeting_rules(cli, tmp_path, rule, day, extra, status) -> None:
    path, data = meeting(
        day, "permanency_panel", CHAIR, ["family_placement_manager", "review_unit_manager"]
    )
    data.update(extra)
    found = run(cli, tmp_path, [(path, data)], rule, "2026-05-01")
    assert [(f["status"], f["due"]) for f in found] == [(status, day)]


def test_ki9_is_a_warning(cli, tmp_path) -> None:
    path, data = meeting("2026-04-08", "permanency_panel", CHAIR, ["review_unit_manager"])
    root = write_repo(tmp_path / "repo", PRESET, [(path, data)])
    run_ = cli("check", "--repo", root, "--as-of", "2026-05-01")
    assert run_.code == 0 and "KI9" in run_.out  # reported, does not fail


# --- vocabulary and pages -------------------------------------------------------------------


def test_unknown_decision_type_and_criterion_are_refused(cli, tmp_path) -> None:
    records = [
        case("2026-03-02"),
        ref("2026-04-08", "2026-04-01", "bx_newly_looked_after"),  # a Bexley criterion
        decision("2026-04-08", "2026-04-08", [{"type": "endorse_plan"}], CHAIR),
    ]
    root = write_repo(tmp_path / "repo", PRESET, records)
    run_ = cli("validate", "--repo", root)
    assert run_.code == 1
    assert "criterion" in run_.text and "2026-04-08-decision.yaml" in run_.text


def test_procedure_pages_are_practitioner_pages() -> None:
    policy = load_policy(presets_dir() / PRESET)
    for procedure in policy.pack["procedures"]:
        text = policy.procedure_path(procedure).read_text(encoding="utf-8")
        assert text.startswith(f"# {procedure['title']}")
        for rule in procedure.get("rules", []):
            assert policy.rule(rule) is not None
        cited = procedure.get("rules", [])
        if procedure["id"] != "statutory_timescales":
            assert all(rule in text for rule in cited)
            assert re.search(r"\((section )?[0-9]+(\.[0-9]+)?[);, ]", text)

"""The Bolton preset: its pack, its rules BO2a-BO10 and its procedure pages.

Every row BO1-BO8 of TIMESCALES.md has a case that meets it and one that
breaches it, run through ``casework check --format json`` on a small
repository written here; BO1 and BO2 (criteria) and BO8 (scrutiny, not
decision making) are the pack's content, checked as such and through
``casework validate``.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest

import packrepo
from casework.paths import presets_dir
from casework.policy import load_policy

PRESET = presets_dir() / "bolton"
CASE = "C-3001"
CHAIR = "assistant_director"

# --- a small repository -----------------------------------------------------------------


def case_record(start: str = "2025-05-01", **extra: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "case_id": CASE,
        "birth_month": "2014-09",
        "team": "looked_after_children",
        "worker_role": "social_worker",
        "episodes": [{"start": start, "legal_basis": "care_order", "entry": "court_ordered"}],
    }
    data.update(extra)
    return data


def events(*pairs: tuple[str, str]) -> list[dict[str, str]]:
    return [{"type": kind, "date": day} for kind, day in pairs]


def placement(kind: str, provider: str, start: str, cost: float | None, *approvals, **extra):
    data: dict[str, Any] = {"type": kind, "provider": provider, "start": start}
    if cost is not None:
        data["weekly_cost"] = cost
    if approvals:
        data["approvals"] = list(approvals)
    data.update(extra)
    return data


def approval(role: str, day: str, end: str | None = "2026-10-06") -> dict[str, Any]:
    data = {"role": role, "date": day}
    if end:
        data["end_date"] = end
    return data


def referral(panel_date: str, submitted: str, time: str | None = None) -> dict[str, Any]:
    data: dict[str, Any] = {
        "case_id": CASE,
        "panel_date": panel_date,
        "submitted": submitted,
        "criterion": "bo_permanence_delay",
        "summary": "An invented referral for a test.",
        "sought": ["endorse_permanence_plan"],
        "authorised_by": {"role": "team_manager", "date": submitted},
    }
    if time:
        data["submitted_time"] = time
    return data


def hearing(day: str) -> list[tuple[str, dict[str, Any]]]:
    """A referral for ``day`` and the panel's recommendation on it: one hearing."""
    submitted = (date.fromisoformat(day) - timedelta(days=7)).isoformat()
    decision = {
        "case_id": CASE,
        "hearing_date": day,
        "referral": f"{day}-referral",
        "chair_role": CHAIR,
        "items": [{"type": "decision_supported", "owner_role": "team_manager"}],
    }
    return [
        (f"cases/{CASE}/{day}-referral.yaml", referral(day, submitted)),
        (f"cases/{CASE}/{day}-decision.yaml", decision),
    ]


def hearings(*days: str) -> list[tuple[str, dict[str, Any]]]:
    return [pair for day in days for pair in hearing(day)]


def meeting(day: str, chair: str = CHAIR, **extra: Any) -> tuple[str, dict[str, Any]]:
    data = {
        "date": day,
        "panel": "gateway_permanence_panel",
        "chair_role": chair,
        "members_present": ["permanence_manager", "head_of_service", "iro_manager"],
        "cases_heard": [],
        **extra,
    }
    return f"meetings/{day}-meeting.yaml", data


def write_repo(
    root: Path, case: dict[str, Any], records: list[tuple[str, dict[str, Any]]] = ()
) -> Path:
    return packrepo.write_repo(root, PRESET, [(f"cases/{CASE}/case.yaml", case), *records])


def run_check(cli: Callable[..., Any], root: Path, as_of: str) -> list[dict[str, Any]]:
    """Validate the repository (the test's records must be valid), then check it."""
    return packrepo.check(cli, root, as_of, policy=PRESET)


def statuses(findings: list[dict[str, Any]], rule: str) -> list[tuple[str, str, int]]:
    """The rule's findings as (due, status, working days late), in due order."""
    return sorted(
        (f["due"], f["status"], f["working_days_late"]) for f in findings if f["rule"] == rule
    )


def failing(findings: list[dict[str, Any]], rule: str) -> list[tuple[str, str, int]]:
    return [f for f in statuses(findings, rule) if f[1] not in ("open", "due_soon")]


# --- the pack ---------------------------------------------------------------------------


def test_preset_loads_and_every_rule_is_published() -> None:
    policy = load_policy(PRESET)
    ids = [rule["id"] for rule in policy.rules]
    local = [i for i in ids if not i.startswith("S")]
    assert all(re.fullmatch(r"BO[0-9]{1,2}[a-z]?", i) for i in local)
    for row in ("BO3", "BO4a", "BO4b", "BO5", "BO6", "BO7"):
        assert row in local
    published: set[str] = set()
    for procedure in policy.pack["procedures"]:
        assert policy.procedure_path(procedure).is_file()
        published.update(procedure.get("rules", []))
        assert set(procedure.get("see_also", [])) <= policy.ids("procedures")
    assert set(local) <= published <= set(ids)
    for page in (PRESET / "procedures").glob("*.md"):
        text = page.read_text(encoding="utf-8")
        assert "@" not in text and "Liquid Logic" not in text, page
        clauses = (
            r"reg [0-9]+" if page.stem == "statutory-timescales" else r"\((App\. [12]|[1-6]\.[0-9])"
        )
        assert re.search(clauses, text), page


def test_bo1_bo2_gateway_and_drift_criteria_are_in_the_pack() -> None:
    criteria = {c["id"]: c["clause"] for c in load_policy(PRESET).pack["criteria"]}
    gateway = ["bo_edge_of_care", "bo_plan_to_look_after", "bo_emergency_entry"]
    assert [criteria[c] for c in gateway] == ["3.1(a)", "3.1(b)", "3.1(c)"]
    drift = ["bo_drift_short_term_fostering", "bo_drift_placed_with_parents"]
    drift.append("bo_drift_adoption_unlikely")
    assert {criteria[c] for c in drift} == {"2.2(b)"}
    assert criteria["bo_third_placement_request"] == "3.2(d)"


@pytest.mark.parametrize(
    ("criterion", "code"),
    [("bo_edge_of_care", 0), ("bo_drift_placed_with_parents", 0), ("bo_gateway", 1)],
)
def test_bo1_bo2_validate_knows_the_criteria(cli, tmp_path, criterion, code) -> None:
    records = hearing("2026-04-16")
    records[0][1]["criterion"] = criterion
    run = cli("validate", "--repo", write_repo(tmp_path, case_record(), records))
    assert run.code == code, run.text
    if code:
        assert "not one of the referral criteria" in run.text and criterion not in run.text


def test_bo8_the_panel_scrutinises_and_does_not_decide(cli, tmp_path) -> None:
    policy = load_policy(PRESET)
    assert policy.panel["recommends_only"] is True
    assert policy.panel["chair_roles"] == [CHAIR]
    assert not any(t.get("is_decision") for t in policy.pack["recommendation_types"])
    records = hearing("2026-04-16")
    records[1][1]["items"] = [{"type": "approve_placement"}]
    run = cli("validate", "--repo", write_repo(tmp_path, case_record(), records))
    assert run.code == 1
    assert "not one of the recommendation and decision types" in run.text


# --- BO2a placed with parents for two years ---------------------------------------------


def _pwp(end: str | None = None) -> dict[str, Any]:
    extra = {"end": end, "end_reason": "planned"} if end else {}
    return case_record(
        "2023-11-01",
        placements=[placement("placed_with_parents", "family", "2024-02-29", None, **extra)],
    )


@pytest.mark.parametrize(
    ("case", "days", "as_of", "want"),
    [
        # two years after 29 February 2024 is Saturday 28 February 2026
        pytest.param(_pwp(), ["2026-03-12"], "2026-03-31", [("2026-03-13", "met", 0)], id="met"),
        pytest.param(_pwp(), ["2026-03-19"], "2026-03-31", [("2026-03-13", "late", 4)], id="late"),
        pytest.param(_pwp(), [], "2026-03-20", [("2026-03-13", "breached", 5)], id="breached"),
        pytest.param(_pwp("2025-06-01"), [], "2026-03-31", [], id="went-home-earlier"),
    ],
)
def test_bo2a_placed_with_parents_over_two_years(cli, tmp_path, case, days, as_of, want):
    found = run_check(cli, write_repo(tmp_path, case, hearings(*days)), as_of)
    assert statuses(found, "BO2a") == want
    assert {f["severity"] for f in found if f["rule"] == "BO2a"} <= {"warning"}


# --- BO3 third placement request within 12 months ---------------------------------------


@pytest.mark.parametrize(
    ("requests", "days", "as_of", "want"),
    [
        # the third request is on Thursday 2 April 2026, before Easter
        pytest.param(
            ["2025-06-01", "2025-11-01", "2026-04-02"],
            ["2026-04-16"],
            "2026-04-30",
            [("2026-04-20", "met", 0)],
            id="met",
        ),
        pytest.param(
            ["2025-06-01", "2025-11-01", "2026-04-02"],
            ["2026-04-23"],
            "2026-04-30",
            [("2026-04-20", "late", 3)],
            id="late",
        ),
        pytest.param(
            ["2025-06-01", "2025-11-01", "2026-04-02"],
            [],
            "2026-04-22",
            [("2026-04-20", "breached", 2)],
            id="breached",
        ),
        pytest.param(
            ["2025-03-01", "2025-11-01", "2026-04-02"], [], "2026-04-30", [], id="over-a-year"
        ),
        pytest.param(["2025-11-01", "2026-04-02"], [], "2026-04-30", [], id="only-two"),
    ],
)
def test_bo3_third_placement_request(cli, tmp_path, requests, days, as_of, want) -> None:
    case = case_record(events=events(*(("placement_request", d) for d in requests)))
    found = run_check(cli, write_repo(tmp_path, case, hearings(*days)), as_of)
    assert statuses(found, "BO3") == want


# --- BO4 approvals before the placement starts ------------------------------------------

HOS, AD = "head_of_service", "assistant_director"

APPROVALS = [
    # (placement, as_of, BO4a, BO4b)
    pytest.param(
        placement("foster_mainstream", "in_house", "2026-04-07", 800, approval(HOS, "2026-04-02")),
        [("2026-04-07", "met", 0)],
        [],
        id="under-1000-head-of-service",
    ),
    pytest.param(
        placement("foster_mainstream", "in_house", "2026-04-07", 800, approval(HOS, "2026-04-08")),
        [("2026-04-07", "late", 1)],
        [],
        id="approved-the-day-after-it-started",
    ),
    pytest.param(
        placement("foster_mainstream", "in_house", "2026-04-07", 800),
        [("2026-04-07", "breached", 3)],
        [],
        id="never-approved",
    ),
    pytest.param(
        placement(
            "foster_mainstream",
            "in_house",
            "2026-04-07",
            800,
            approval("team_manager", "2026-04-02"),
        ),
        [("2026-04-07", "breached", 3)],
        [],
        id="approved-by-a-team-manager",
    ),
    pytest.param(
        placement("foster_mainstream", "in_house", "2026-04-07", 800, approval(AD, "2026-04-02")),
        [("2026-04-07", "met", 0)],
        [],
        id="higher-role-may-approve",
    ),
    pytest.param(
        placement("foster_connected", "family", "2026-04-07", 1000, approval(HOS, "2026-04-02")),
        [("2026-04-07", "met", 0)],
        [],
        id="exactly-1000",
    ),
    pytest.param(
        # starts on Easter Monday, approved on the Saturday before
        placement("foster_connected", "family", "2026-04-06", 300, approval(HOS, "2026-04-04")),
        [("2026-04-06", "met", 0)],
        [],
        id="weekend-approval-easter-monday-start",
    ),
    pytest.param(
        placement("foster_connected", "family", "2026-04-06", 300, approval(HOS, "2026-04-07")),
        [("2026-04-06", "late", 1)],
        [],
        id="approved-after-easter-monday-start",
    ),
    pytest.param(
        placement(
            "foster_mainstream",
            "independent_agency",
            "2026-04-07",
            1200,
            approval(HOS, "2026-04-02"),
        ),
        [("2026-04-07", "met", 0)],
        [("2026-04-07", "breached", 3)],
        id="agency-over-1000",
    ),
    pytest.param(
        placement("residential", "private", "2026-04-14", 4200, approval(AD, "2026-04-10")),
        [],
        [("2026-04-14", "met", 0)],
        id="residential-assistant-director",
    ),
    pytest.param(
        placement("residential", "private", "2026-04-14", 4200, approval(HOS, "2026-04-10")),
        [],
        [("2026-04-14", "breached", 3)],
        id="residential-head-of-service",
    ),
    pytest.param(
        placement(
            "residential",
            "private",
            "2026-04-07",
            4200,
            approval("senior_head_of_service", "2026-04-01"),
        ),
        [],
        [("2026-04-07", "breached", 3)],
        id="residential-senior-head-of-service",
    ),
    pytest.param(
        placement(
            "foster_mainstream", "in_house", "2026-04-07", 1000.01, approval(HOS, "2026-04-01")
        ),
        [],
        [("2026-04-07", "breached", 3)],
        id="just-over-1000",
    ),
    pytest.param(
        placement(
            "foster_mainstream",
            "in_house",
            "2026-04-07",
            300,
            approval(HOS, "2026-04-01"),
            off_framework=True,
        ),
        [("2026-04-07", "met", 0)],
        [("2026-04-07", "breached", 3)],
        id="off-framework",
    ),
    pytest.param(
        placement("unregulated", "private", "2026-04-07", 900, approval(AD, "2026-04-08")),
        [("2026-04-07", "late", 1)],
        [("2026-04-07", "late", 1)],
        id="unregulated-approved-late",
    ),
]


@pytest.mark.parametrize(("place", "want_a", "want_b"), APPROVALS)
def test_bo4_placements_approved_before_they_start(cli, tmp_path, place, want_a, want_b):
    case = case_record(placements=[place])
    as_of = (date.fromisoformat(place["start"]) + timedelta(days=3)).isoformat()
    found = run_check(cli, write_repo(tmp_path, case), as_of)
    assert statuses(found, "BO4a") == want_a
    assert statuses(found, "BO4b") == want_b


@pytest.mark.parametrize("rule_role", [("BO4a", HOS, 800), ("BO4b", AD, 4200)])
def test_bo4_every_approval_carries_an_end_date(cli, tmp_path, rule_role) -> None:
    rule, role, cost = rule_role
    kind = "residential" if rule == "BO4b" else "foster_mainstream"
    place = placement(kind, "private", "2026-04-07", cost, approval(role, "2026-04-02", None))
    found = run_check(cli, write_repo(tmp_path, case_record(placements=[place])), "2026-05-01")
    assert [s for (_, s, _) in statuses(found, rule)] == ["breached"]
    # without an end date there is nothing for the financial review to be due before
    assert statuses(found, "BO5") == []


# --- BO5 financial review a month before the end date -----------------------------------


@pytest.mark.parametrize(
    ("end", "review", "as_of", "want"),
    [
        # one month before 31 March 2028 is 29 February (a leap year)
        pytest.param(
            "2028-03-31", "2028-02-29", "2028-04-10", ("2028-02-29", "met", 0), id="leap-year-met"
        ),
        pytest.param(
            "2028-03-31", "2028-03-01", "2028-04-10", ("2028-02-29", "late", 1), id="leap-year-late"
        ),
        # one month before 31 March 2026 is Saturday 28 February: due the Friday before
        pytest.param(
            "2026-03-31",
            "2026-02-27",
            "2026-04-10",
            ("2026-02-27", "met", 0),
            id="end-of-february-weekend-met",
        ),
        pytest.param(
            "2026-03-31",
            "2026-03-02",
            "2026-04-10",
            ("2026-02-27", "late", 1),
            id="end-of-february-weekend-late",
        ),
        pytest.param(
            "2026-03-31", None, "2026-03-03", ("2026-02-27", "breached", 2), id="no-review"
        ),
        # a review dated before the approval was given cannot answer it
        pytest.param(
            "2026-03-31",
            "2025-09-20",
            "2026-03-03",
            ("2026-02-27", "breached", 2),
            id="review-before-the-approval",
        ),
        # one month before Easter Monday 2026 falls on Friday 6 March
        pytest.param(
            "2026-04-06",
            "2026-03-06",
            "2026-04-10",
            ("2026-03-06", "met", 0),
            id="easter-monday-end",
        ),
    ],
)
def test_bo5_financial_review_a_month_before_the_end(cli, tmp_path, end, review, as_of, want):
    place = placement(
        "foster_mainstream",
        "independent_agency",
        "2025-10-01",
        950,
        approval(HOS, "2025-09-25", end),
    )
    extra = {"events": events(("financial_review", review))} if review else {}
    case = case_record(placements=[place], **extra)
    found = run_check(cli, write_repo(tmp_path, case), as_of)
    assert statuses(found, "BO5") == [want]


# --- BO6 panel form by 12:00 on the Friday before ---------------------------------------

FORMS = [
    pytest.param("2026-03-12", "2026-03-06", "12:00", ("2026-03-06", "met"), id="friday-noon"),
    pytest.param("2026-03-12", "2026-03-05", None, ("2026-03-06", "met"), id="thursday-before"),
    pytest.param("2026-03-12", "2026-03-06", "12:01", ("2026-03-06", "late"), id="friday-12-01"),
    pytest.param("2026-03-12", "2026-03-07", None, ("2026-03-06", "late"), id="saturday"),
    pytest.param("2026-03-12", "2026-03-09", "10:00", ("2026-03-06", "late"), id="monday"),
    # the Friday before Thursday 9 April 2026 is Good Friday: due 12:00 on Thursday 2 April
    pytest.param("2026-04-09", "2026-04-02", "11:30", ("2026-04-02", "met"), id="good-friday-met"),
    pytest.param("2026-04-09", "2026-04-02", "12:30", ("2026-04-02", "late"), id="good-friday-pm"),
    pytest.param("2026-04-09", "2026-04-03", "09:00", ("2026-04-02", "late"), id="on-good-friday"),
    # the Friday before Thursday 31 December 2026 is Christmas Day
    pytest.param("2026-12-31", "2026-12-24", "11:00", ("2026-12-24", "met"), id="christmas-met"),
    pytest.param("2026-12-31", "2026-12-29", "09:00", ("2026-12-24", "late"), id="christmas-late"),
]


@pytest.mark.parametrize(("panel", "submitted", "time", "want"), FORMS)
def test_bo6_form_by_noon_on_the_friday_before(cli, tmp_path, panel, submitted, time, want):
    record = referral(panel, submitted, time)
    rel = f"cases/{CASE}/{panel}-referral.yaml"
    found = run_check(cli, write_repo(tmp_path, case_record(), [(rel, record)]), "2027-01-31")
    mine = [f for f in found if f["rule"] == "BO6"]
    assert [(f["due"], f["status"]) for f in mine] == [want]
    assert mine[0]["file"].endswith(rel) and mine[0]["case"] == CASE


@pytest.mark.parametrize(
    ("submitted", "time", "late"),
    [("2026-04-07", "09:00", 1), ("2026-04-06", "09:00", 0), ("2026-04-08", None, 2)],
)
def test_bo6_working_days_late_skip_good_friday_and_easter_monday(
    cli, tmp_path, submitted, time, late
) -> None:
    record = referral("2026-04-09", submitted, time)
    rel = f"cases/{CASE}/2026-04-09-referral.yaml"
    found = run_check(cli, write_repo(tmp_path, case_record(), [(rel, record)]), "2026-05-01")
    assert statuses(found, "BO6") == [("2026-04-02", "late", late)]


def test_bo6_through_the_installed_command(tmp_path) -> None:
    """The same Good Friday case, through a real ``casework`` process."""
    record = referral("2026-04-09", "2026-04-02", "12:15")
    rel = f"cases/{CASE}/2026-04-09-referral.yaml"
    root = write_repo(tmp_path, case_record(), [(rel, record)])
    env = {k: v for k, v in os.environ.items() if k != "CASEWORK_DEBUG"}
    args = ["check", "--repo", str(root), "--policy", str(PRESET), "--format", "json"]
    done = subprocess.run(
        [sys.executable, "-m", "casework", *args, "--as-of", "2026-04-20"],
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )
    assert done.returncode == 1, done.stderr
    data = json.loads(done.stdout)
    findings = data if isinstance(data, list) else data["findings"]
    bo6 = [f for f in findings if f["rule"] == "BO6"]
    assert [(f["due"], f["status"]) for f in bo6] == [("2026-04-02", "late")]


# --- BO7 form approved within two weeks of the panel ------------------------------------


@pytest.mark.parametrize(
    ("approved", "as_of", "want"),
    [
        pytest.param("2027-01-07", "2027-01-31", ("2027-01-07", "met", 0), id="met"),
        pytest.param("2027-01-08", "2027-01-31", ("2027-01-07", "late", 1), id="late"),
        pytest.param(None, "2027-01-11", ("2027-01-07", "breached", 2), id="breached"),
        pytest.param(None, "2027-01-04", ("2027-01-07", "due_soon", 0), id="due-soon"),
    ],
)
def test_bo7_form_approved_within_two_weeks(cli, tmp_path, approved, as_of, want) -> None:
    extra = {"events": events(("panel_form_approved", approved))} if approved else {}
    root = write_repo(tmp_path, case_record(**extra), hearing("2026-12-24"))
    assert statuses(run_check(cli, root, as_of), "BO7") == [want]


# --- BO9 weekly Thursday, BO10 assistant director chairs --------------------------------


@pytest.mark.parametrize(
    ("day", "chair", "extra", "want"),
    [
        pytest.param("2026-04-09", CHAIR, {}, ("met", "met"), id="thursday"),
        pytest.param("2026-04-07", CHAIR, {}, ("breached", "met"), id="tuesday"),
        pytest.param("2026-04-07", CHAIR, {"extraordinary": True}, ("met", "met"), id="extra"),
        pytest.param("2026-04-02", HOS, {}, ("met", "breached"), id="head-of-service-chair"),
    ],
)
def test_bo9_bo10_meetings(cli, tmp_path, day, chair, extra, want) -> None:
    root = write_repo(tmp_path, case_record(), [meeting(day, chair, **extra)])
    found = run_check(cli, root, "2026-06-30")
    got = tuple(s for rule in ("BO9", "BO10") for (_, s, _) in statuses(found, rule))
    assert got == want


# --- statutory rules --------------------------------------------------------------------


def test_statutory_rules_are_the_same_as_every_other_preset() -> None:
    """S1-S8 are copied unchanged from the Bexley preset and published on a page."""
    bexley = [r for r in load_policy(presets_dir() / "bexley").rules if r["id"].startswith("S")]
    policy = load_policy(PRESET)
    mine = [r for r in policy.rules if r["id"].startswith("S")]
    assert len(mine) >= 8 and mine == bexley
    assert {r["status"] for r in mine} <= {"statutory", "guidance"}
    page = next(p for p in policy.pack["procedures"] if p["id"] == "statutory_timescales")
    assert set(page["rules"]) == {r["id"] for r in mine}

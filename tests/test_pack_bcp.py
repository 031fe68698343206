"""The BCP preset: its pack, its rules BC1-BC5 and its procedure pages.

Every row BC1-BC6 of TIMESCALES.md has a case that meets it and one that
breaches it, run through ``casework check --format json`` on a small
repository written here; BC6 (the panel recommends, it does not decide) is
the pack's content, checked as such and through ``casework validate``.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest

import packrepo
from casework.paths import presets_dir
from casework.policy import load_policy

PRESET = presets_dir() / "bcp"
CASE = "C-2001"
CHAIR = "children_in_care_service_manager"

# --- a small repository -----------------------------------------------------------------


def case_record(start: str = "2026-03-05", basis: str = "interim_care_order", **extra: Any):
    data: dict[str, Any] = {
        "case_id": CASE,
        "birth_month": "2016-02",
        "team": "children_in_care",
        "worker_role": "social_worker",
        "episodes": [{"start": start, "legal_basis": basis, "entry": "emergency"}],
    }
    data.update({k: v for k, v in extra.items() if v is not None})
    return data


def events(*pairs: tuple[str, str]) -> list[dict[str, str]]:
    return [{"type": kind, "date": day} for kind, day in pairs]


def hearing(day: str, extraordinary: bool = False) -> list[tuple[str, dict[str, Any]]]:
    """A referral for ``day`` and the panel's recommendation on it: one hearing."""
    submitted = (date.fromisoformat(day) - timedelta(days=7)).isoformat()
    referral: dict[str, Any] = {
        "case_id": CASE,
        "panel_date": day,
        "submitted": submitted,
        "criterion": "bc_six_weeks_in_care",
        "summary": "An invented referral for a test.",
        "sought": ["endorse_permanence_plan"],
        "authorised_by": {"role": "team_manager", "date": submitted},
    }
    if extraordinary:
        referral["extraordinary"] = True
    decision = {
        "case_id": CASE,
        "hearing_date": day,
        "referral": f"{day}-referral",
        "chair_role": CHAIR,
        "items": [{"type": "endorse_permanence_plan", "owner_role": "team_manager"}],
    }
    return [
        (f"cases/{CASE}/{day}-referral.yaml", referral),
        (f"cases/{CASE}/{day}-decision.yaml", decision),
    ]


def hearings(*days: str) -> list[tuple[str, dict[str, Any]]]:
    return [pair for day in days for pair in hearing(day)]


def meeting(day: str, chair: str = CHAIR, **extra: Any) -> tuple[str, dict[str, Any]]:
    data = {
        "date": day,
        "panel": "permanence_tracking_panel",
        "chair_role": chair,
        "members_present": ["iro_manager", "fostering_service_manager"],
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


def statuses(findings: list[dict[str, Any]], rule: str) -> list[dict[str, Any]]:
    """The rule's findings as (due, status, working days late), in due order."""
    return sorted(
        (f["due"], f["status"], f["working_days_late"]) for f in findings if f["rule"] == rule
    )


# --- the pack ---------------------------------------------------------------------------


def test_preset_loads_and_every_rule_is_published() -> None:
    policy = load_policy(PRESET)
    ids = [rule["id"] for rule in policy.rules]
    local = [i for i in ids if not i.startswith("S")]
    assert all(re.fullmatch(r"BC[0-9][a-z]?", i) for i in local)
    for row in ("BC1", "BC2", "BC3", "BC4", "BC5"):
        assert any(re.fullmatch(rf"{row}[a-z]?", i) for i in local), row
    published: set[str] = set()
    for procedure in policy.pack["procedures"]:
        assert policy.procedure_path(procedure).is_file()
        published.update(procedure.get("rules", []))
        assert set(procedure.get("see_also", [])) <= policy.ids("procedures")
    assert set(local) <= published <= set(ids)
    for page in (PRESET / "procedures").glob("*.md"):
        text = page.read_text(encoding="utf-8")
        assert "@" not in text and "Mosaic" not in text and "Teams Channel" not in text


def test_bc2_weekly_thursday_panel_chaired_by_a_service_manager() -> None:
    panel = load_policy(PRESET).panel
    assert panel["cadence"]["every"] == "week" and panel["cadence"]["weekday"] == "thursday"
    assert date.fromisoformat(panel["cadence"]["anchor"]).weekday() == 3
    assert panel["chair_roles"][0] == CHAIR


def test_bc6_the_panel_recommends_and_does_not_decide() -> None:
    policy = load_policy(PRESET)
    assert policy.panel["recommends_only"] is True
    types = policy.pack["recommendation_types"]
    assert not any(t.get("is_decision") for t in types)
    assert policy.endorsing_types() == {"endorse_permanence_plan"}
    terms = (PRESET / "procedures" / "tracking-panel-terms.md").read_text(encoding="utf-8")
    assert "not a decision-making forum" in terms and "this panel can only recommend" in terms
    assert "recommends_only" not in terms  # the setting is described in words, not by its name


def test_bc6_validate_accepts_recommendations_and_refuses_other_types(cli, tmp_path) -> None:
    records = hearing("2026-04-16")
    root = write_repo(tmp_path / "good", case_record(), records)
    assert cli("validate", "--repo", root).code == 0
    decision = dict(records[1][1], items=[{"type": "agree_funding"}])
    root = write_repo(tmp_path / "bad", case_record(), [records[0], (records[1][0], decision)])
    run = cli("validate", "--repo", root)
    assert run.code == 1
    assert "not one of the recommendation and decision types" in run.text
    assert "agree_funding" not in run.text


def test_validate_refuses_a_criterion_outside_the_cohorts(cli, tmp_path) -> None:
    records = hearing("2026-04-16")
    referral = dict(records[0][1], criterion="bc_not_a_cohort")
    root = write_repo(tmp_path, case_record(), [(records[0][0], referral), records[1]])
    run = cli("validate", "--repo", root)
    assert run.code == 1 and "not one of the referral criteria" in run.text


# --- BC1 within six weeks of entering care, then every three months ---------------------


@pytest.mark.parametrize(
    ("case", "records", "as_of", "want"),
    [
        pytest.param(
            case_record("2026-03-05"),
            hearings("2026-04-16"),
            "2026-05-01",
            [("2026-04-16", "met", 0)],
            id="on-the-sixth-week",
        ),
        pytest.param(
            case_record("2026-03-05"),
            hearings("2026-04-23"),
            "2026-05-01",
            [("2026-04-16", "late", 5)],
            id="a-week-late",
        ),
        pytest.param(
            case_record("2026-03-05"), [], "2026-04-20", [("2026-04-16", "breached", 2)], id="none"
        ),
        pytest.param(
            # entered care on a Saturday: a deadline in weeks stays on its Saturday
            case_record("2026-02-28"),
            hearings("2026-04-09"),
            "2026-05-01",
            [("2026-04-11", "met", 0)],
            id="weekend-start",
        ),
        pytest.param(
            case_record("2026-02-28"),
            hearings("2026-04-16"),
            "2026-05-01",
            [("2026-04-11", "late", 4)],
            id="weekend-start-late",
        ),
        pytest.param(
            {
                **case_record("2026-03-05"),
                "episodes": [
                    {
                        "start": "2026-03-05",
                        "end": "2026-03-20",
                        "legal_basis": "s20",
                        "entry": "planned",
                        "end_reason": "returned_home",
                    }
                ],
            },
            [],
            "2026-05-01",
            [],
            id="left-care-first",
        ),
    ],
)
def test_bc1a_considered_within_six_weeks(cli, tmp_path, case, records, as_of, want) -> None:
    root = write_repo(tmp_path, case, records)
    assert statuses(run_check(cli, root, as_of), "BC1a") == want


@pytest.mark.parametrize(
    ("first", "then", "extra", "as_of", "want"),
    [
        pytest.param(
            "2026-04-16",
            ["2026-07-16"],
            {},
            "2026-08-01",
            [("2026-07-16", "met", 0)],
            id="three-months",
        ),
        pytest.param(
            "2026-04-16",
            ["2026-07-23"],
            {},
            "2026-08-01",
            [("2026-07-16", "late", 5)],
            id="a-week-late",
        ),
        pytest.param(
            "2026-04-16",
            [],
            {},
            "2026-07-20",
            [("2026-07-16", "breached", 2)],
            id="not-heard-again",
        ),
        pytest.param(
            "2026-04-16",
            [],
            {"events": events(("permanence_achieved", "2026-06-01"))},
            "2026-08-01",
            [],
            id="permanence-achieved",
        ),
        pytest.param(
            # three months after 30 November is 28 February (Sunday): it stays there
            "2026-11-30",
            ["2027-02-25"],
            {},
            "2027-03-10",
            [("2027-02-28", "met", 0)],
            id="end-of-february",
        ),
        pytest.param(
            "2026-11-30",
            ["2027-03-04"],
            {},
            "2027-03-10",
            [("2027-02-28", "late", 4)],
            id="end-of-february-late",
        ),
    ],
)
def test_bc1b_reviewed_every_three_months(cli, tmp_path, first, then, extra, as_of, want):
    case = case_record("2026-03-05", **extra)
    records = hearing(first, extraordinary=first == "2026-11-30") + hearings(*then)
    found = statuses(run_check(cli, write_repo(tmp_path, case, records), as_of), "BC1b")
    # later cycles are not yet due at the as-of date
    assert [f for f in found if f[1] != "open" and f[1] != "due_soon"] == want


# --- BC2 weekly Thursday panel ----------------------------------------------------------


@pytest.mark.parametrize(
    ("day", "extra", "chair", "want"),
    [
        pytest.param("2026-04-09", {}, CHAIR, ("met", "met"), id="thursday"),
        pytest.param("2026-12-24", {}, "permanence_service_manager", ("met", "met"), id="xmas-eve"),
        pytest.param("2026-04-08", {}, CHAIR, ("breached", "met"), id="wednesday"),
        pytest.param("2025-12-25", {}, CHAIR, ("breached", "met"), id="christmas-day"),
        pytest.param("2026-04-08", {"extraordinary": True}, CHAIR, ("met", "met"), id="extra"),
        pytest.param("2026-04-16", {}, "team_manager", ("met", "breached"), id="wrong-chair"),
    ],
)
def test_bc2_meetings(cli, tmp_path, day, extra, chair, want) -> None:
    root = write_repo(tmp_path, case_record("2025-09-04"), [meeting(day, chair, **extra)])
    found = run_check(cli, root, "2027-01-31")
    got = tuple(s for rule in ("BC2a", "BC2b") for (_, s, _) in statuses(found, rule))
    assert got == want


# --- BC3 cohorts, then considered within 10 working days --------------------------------

COHORTS = [
    # BC3a: six weeks in care (16 April 2026) without a hearing; 4 May is a bank holiday
    pytest.param(
        "BC3a",
        case_record("2026-03-05"),
        hearings("2026-04-30"),
        "2026-05-15",
        [("2026-04-30", "met", 0)],
        id="3a-met",
    ),
    pytest.param(
        "BC3a",
        case_record("2026-03-05"),
        hearings("2026-05-07"),
        "2026-05-15",
        [("2026-04-30", "late", 4)],
        id="3a-late-over-may-bank-holiday",
    ),
    pytest.param(
        "BC3a",
        case_record("2026-03-05"),
        [],
        "2026-05-15",
        [("2026-04-30", "breached", 10)],
        id="3a-breached",
    ),
    pytest.param(
        "BC3a",
        case_record("2026-03-05"),
        hearings("2026-04-09"),
        "2026-05-15",
        [],
        id="3a-heard-before-six-weeks",
    ),
    # six weeks after 19 February is 2 April; Good Friday and Easter Monday are skipped
    pytest.param(
        "BC3a",
        case_record("2026-02-19"),
        hearings("2026-04-16"),
        "2026-05-15",
        [("2026-04-20", "met", 0)],
        id="3a-over-easter",
    ),
    pytest.param(
        "BC3a",
        case_record("2026-02-19"),
        hearings("2026-04-23"),
        "2026-05-15",
        [("2026-04-20", "late", 3)],
        id="3a-over-easter-late",
    ),
    # BC3b: six months in care (1 April 2026) without a long-term match
    pytest.param(
        "BC3b",
        case_record("2025-10-01"),
        hearings("2026-04-16"),
        "2026-05-01",
        [("2026-04-17", "met", 0)],
        id="3b-met",
    ),
    pytest.param(
        "BC3b",
        case_record("2025-10-01"),
        [],
        "2026-05-01",
        [("2026-04-17", "breached", 10)],
        id="3b-breached",
    ),
    pytest.param(
        "BC3b",
        case_record("2025-10-01", events=events(("matched_long_term", "2026-03-01"))),
        [],
        "2026-05-01",
        [],
        id="3b-matched",
    ),
    # BC3c: section 20 for 12 weeks (2 April 2026)
    pytest.param(
        "BC3c",
        case_record("2026-01-08", "s20", legal_status=[{"status": "s20", "start": "2026-01-08"}]),
        hearings("2026-04-16"),
        "2026-05-01",
        [("2026-04-20", "met", 0)],
        id="3c-met",
    ),
    pytest.param(
        "BC3c",
        case_record("2026-01-08", "s20", legal_status=[{"status": "s20", "start": "2026-01-08"}]),
        [],
        "2026-04-22",
        [("2026-04-20", "breached", 2)],
        id="3c-breached",
    ),
    pytest.param(
        "BC3c",
        case_record(
            "2026-01-08",
            "s20",
            legal_status=[
                {"status": "s20", "start": "2026-01-08", "end": "2026-03-01"},
                {"status": "interim_care_order", "start": "2026-03-01"},
            ],
        ),
        [],
        "2026-05-01",
        [],
        id="3c-s20-ended-before-twelve-weeks",
    ),
    # BC3d: placed with parents from Thursday 17 December 2026: Christmas Day, the
    # substitute Boxing Day (28 December) and New Year's Day are not working days
    pytest.param(
        "BC3d",
        case_record(
            "2026-09-03",
            placements=[
                {"type": "placed_with_parents", "provider": "family", "start": "2026-12-17"}
            ],
        ),
        hearings("2026-12-31"),
        "2027-01-20",
        [("2027-01-05", "met", 0)],
        id="3d-met",
    ),
    pytest.param(
        "BC3d",
        case_record(
            "2026-09-03",
            placements=[
                {"type": "placed_with_parents", "provider": "family", "start": "2026-12-17"}
            ],
        ),
        hearings("2027-01-07"),
        "2027-01-20",
        [("2027-01-05", "late", 2)],
        id="3d-late-after-christmas",
    ),
    pytest.param(
        "BC3d",
        case_record(
            "2026-09-03",
            placements=[
                {"type": "foster_mainstream", "provider": "in_house", "start": "2026-12-17"}
            ],
        ),
        [],
        "2027-01-20",
        [],
        id="3d-foster-care-not-cohort",
    ),
    # BC3e: six weeks in care with no permanence plan
    pytest.param(
        "BC3e",
        case_record("2026-03-05"),
        hearings("2026-04-30"),
        "2026-05-15",
        [("2026-04-30", "met", 0)],
        id="3e-met",
    ),
    pytest.param(
        "BC3e",
        case_record("2026-03-05"),
        [],
        "2026-05-15",
        [("2026-04-30", "breached", 10)],
        id="3e-breached",
    ),
    pytest.param(
        "BC3e",
        case_record(
            "2026-03-05", permanence_plans=[{"plan": "return_home", "agreed": "2026-04-01"}]
        ),
        [],
        "2026-05-15",
        [],
        id="3e-plan-recorded",
    ),
    # BC3f: plan "to be decided" for six weeks
    pytest.param(
        "BC3f",
        case_record(
            "2026-03-05", permanence_plans=[{"plan": "to_be_decided", "agreed": "2026-03-05"}]
        ),
        hearings("2026-04-23"),
        "2026-05-15",
        [("2026-04-30", "met", 0)],
        id="3f-met",
    ),
    pytest.param(
        "BC3f",
        case_record(
            "2026-03-05", permanence_plans=[{"plan": "to_be_decided", "agreed": "2026-03-05"}]
        ),
        [],
        "2026-05-15",
        [("2026-04-30", "breached", 10)],
        id="3f-breached",
    ),
    # BC3g: plan not achieved six weeks after it was agreed
    pytest.param(
        "BC3g",
        case_record(
            "2026-03-05", permanence_plans=[{"plan": "long_term_fostering", "agreed": "2026-03-05"}]
        ),
        hearings("2026-04-30"),
        "2026-05-15",
        [("2026-04-30", "met", 0)],
        id="3g-met",
    ),
    pytest.param(
        "BC3g",
        case_record(
            "2026-03-05", permanence_plans=[{"plan": "long_term_fostering", "agreed": "2026-03-05"}]
        ),
        [],
        "2026-05-15",
        [("2026-04-30", "breached", 10)],
        id="3g-breached",
    ),
    pytest.param(
        "BC3g",
        case_record(
            "2026-03-05",
            permanence_plans=[{"plan": "return_home", "agreed": "2026-03-05"}],
            events=events(("permanence_achieved", "2026-04-01")),
        ),
        [],
        "2026-05-15",
        [],
        id="3g-achieved",
    ),
    # BC3h: plan becomes adoption on Monday 30 March 2026 (Easter in the ten days)
    pytest.param(
        "BC3h",
        case_record("2026-01-08", permanence_plans=[{"plan": "adoption", "agreed": "2026-03-30"}]),
        hearings("2026-04-09"),
        "2026-05-01",
        [("2026-04-15", "met", 0)],
        id="3h-met",
    ),
    pytest.param(
        "BC3h",
        case_record("2026-01-08", permanence_plans=[{"plan": "adoption", "agreed": "2026-03-30"}]),
        hearings("2026-04-16"),
        "2026-05-01",
        [("2026-04-15", "late", 1)],
        id="3h-late",
    ),
    pytest.param(
        "BC3h",
        case_record(
            "2026-01-08", permanence_plans=[{"plan": "long_term_fostering", "agreed": "2026-03-30"}]
        ),
        [],
        "2026-05-01",
        [],
        id="3h-other-plan",
    ),
]


@pytest.mark.parametrize(("rule", "case", "records", "as_of", "want"), COHORTS)
def test_bc3_cohorts_considered_within_ten_working_days(
    cli, tmp_path, rule, case, records, as_of, want
) -> None:
    root = write_repo(tmp_path, case, records)
    assert statuses(run_check(cli, root, as_of), rule) == want


# --- BC4 actions recorded within three working days -------------------------------------


@pytest.mark.parametrize(
    ("day", "recorded", "as_of", "want"),
    [
        # Thursday 2 April 2026: Good Friday and Easter Monday are not working days
        pytest.param(
            "2026-04-02", "2026-04-09", "2026-04-20", ("2026-04-09", "met", 0), id="easter-met"
        ),
        pytest.param(
            "2026-04-02", "2026-04-10", "2026-04-20", ("2026-04-09", "late", 1), id="easter-late"
        ),
        pytest.param(
            "2026-04-02", None, "2026-04-14", ("2026-04-09", "breached", 3), id="easter-breached"
        ),
        # Christmas Eve 2026: Christmas Day and the substitute Boxing Day are skipped
        pytest.param(
            "2026-12-24", "2026-12-31", "2027-01-20", ("2026-12-31", "met", 0), id="christmas-met"
        ),
        pytest.param(
            "2026-12-24",
            "2027-01-04",
            "2027-01-20",
            ("2026-12-31", "late", 1),
            id="christmas-late-over-new-year",
        ),
        pytest.param(
            "2026-04-16",
            "2026-04-18",
            "2026-04-30",
            ("2026-04-21", "met", 0),
            id="recorded-on-saturday",
        ),
    ],
)
def test_bc4_actions_recorded_within_three_working_days(
    cli, tmp_path, day, recorded, as_of, want
) -> None:
    extra = {"events": events(("actions_recorded", recorded))} if recorded else {}
    root = write_repo(tmp_path, case_record("2026-01-08", **extra), hearing(day))
    assert statuses(run_check(cli, root, as_of), "BC4") == [want]


# --- BC5 adoption agency cases every six weeks ------------------------------------------


def _placement_order(end: str | None = None) -> dict[str, Any]:
    order: dict[str, Any] = {"status": "placement_order", "start": "2026-01-15"}
    if end:
        order["end"] = end
    return case_record(
        "2025-06-05",
        "care_order",
        legal_status=[
            {"status": "care_order", "start": "2025-06-05", "end": "2026-01-15"},
            order,
        ],
    )


@pytest.mark.parametrize(
    ("case", "days", "as_of", "want"),
    [
        pytest.param(
            _placement_order(),
            ["2026-02-26", "2026-04-09"],
            "2026-04-30",
            [("2026-02-26", "met", 0), ("2026-04-09", "met", 0)],
            id="every-six-weeks",
        ),
        pytest.param(
            _placement_order(),
            ["2026-02-26", "2026-04-16"],
            "2026-04-30",
            [("2026-02-26", "met", 0), ("2026-04-09", "late", 5)],
            id="second-a-week-late",
        ),
        pytest.param(
            _placement_order(), [], "2026-03-05", [("2026-02-26", "breached", 5)], id="none"
        ),
        pytest.param(_placement_order("2026-02-01"), [], "2026-04-30", [], id="order-ended"),
    ],
)
def test_bc5_adoption_cases_tracked_every_six_weeks(cli, tmp_path, case, days, as_of, want):
    root = write_repo(tmp_path, case, hearings(*days))
    found = statuses(run_check(cli, root, as_of), "BC5")
    assert [f for f in found if f[1] not in ("open", "due_soon")] == want


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

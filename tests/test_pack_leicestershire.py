"""The Leicestershire preset: its pack, its rules LE1-LE9 and its procedure pages.

Every row LE1-LE8 of TIMESCALES.md has a case that meets it and one that
breaches it, run through ``casework check --format json`` on a small
repository written here; LE7 and LE8 are procedure content, checked as such.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

import packrepo
from casework.paths import presets_dir
from casework.policy import load_policy

PRESET = presets_dir() / "leicestershire"
CASE = "C-1001"
AS_OF = "2027-02-15"
CHECKLIST_A = [
    "matching_minutes",
    "child_voice",
    "care_plan",
    "placement_plan",
    "form_f",
    "carer_annual_review",
    "adm_review_decision",
]

# --- a small repository -----------------------------------------------------------------


def case_record(case_id: str = CASE, start: str = "2025-09-01") -> dict[str, Any]:
    return {
        "case_id": case_id,
        "birth_month": "2015-06",
        "team": "children_in_care",
        "worker_role": "social_worker",
        "episodes": [{"start": start, "legal_basis": "care_order", "entry": "court_ordered"}],
    }


def referral(panel_date: str, submitted: str, **extra: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "case_id": CASE,
        "panel_date": panel_date,
        "submitted": submitted,
        "criterion": "le_permanence_mainstream_fostering",
        "summary": "An invented referral for a test.",
        "sought": ["placement_meets_needs"],
        "checklist": "A",
        "documents": list(CHECKLIST_A),
        "authorised_by": {"role": "team_manager", "date": submitted},
    }
    data.update(extra)
    return {k: v for k, v in data.items() if v is not None}


def funding(panel_date: str = "2026-04-15", submitted: str = "2026-03-30", **request: Any):
    """A resource-decision referral (checklist D) with a funding request."""
    base = {"provision": "carer_support", "weekly_cost": 120, "duration_weeks": 26, "quotes": 3}
    base.update(request)
    return referral(
        panel_date,
        submitted,
        criterion="le_support_sgo_connected",
        sought=["agree_carer_resources"],
        checklist="D",
        documents=["resource_request_form"],
        funding_request={k: v for k, v in base.items() if v is not None},
    )


def therapy(annual_cost: float | None, **request: Any) -> dict[str, Any]:
    data = funding(provision="therapeutic_support", weekly_cost=None, annual_cost=annual_cost)
    data["criterion"] = "le_therapeutic_support"
    data["sought"] = ["agree_child_resources"]
    data["funding_request"].update(request)
    return data


def meeting(day: str, chair: str = "head_of_service", **extra: Any) -> dict[str, Any]:
    data = {
        "date": day,
        "panel": "permanence_panel",
        "chair_role": chair,
        "members_present": ["service_manager", "iro_service_manager"],
        "cases_heard": [],
    }
    data.update(extra)
    return data


def ref_file(data: dict[str, Any]) -> str:
    return f"cases/{data['case_id']}/{data['panel_date']}-referral.yaml"


def write_repo(root: Path, records: list[tuple[str, dict[str, Any]]]) -> Path:
    return packrepo.write_repo(root, PRESET, [(f"cases/{CASE}/case.yaml", case_record()), *records])


def run_check(cli: Callable[..., Any], root: Path, as_of: str = AS_OF) -> list[dict[str, Any]]:
    """Validate the repository (the test's records must be valid), then check it."""
    return packrepo.check(cli, root, as_of, policy=PRESET)


def of_rule(findings: list[dict[str, Any]], rule: str) -> list[dict[str, Any]]:
    return [f for f in findings if f["rule"] == rule]


def expect(found: list[dict[str, Any]], want: dict[str, Any] | None) -> None:
    """``want`` is the one finding's expected fields, or None: the rule does not apply."""
    if want is None:
        assert found == [], found
        return
    assert len(found) == 1, found
    for key, value in want.items():
        assert found[0][key] == value, (key, found[0])


# --- the pack ---------------------------------------------------------------------------


def test_preset_loads_and_every_rule_is_published() -> None:
    policy = load_policy(PRESET)
    ids = [rule["id"] for rule in policy.rules]
    local = [i for i in ids if not i.startswith("S")]
    assert {"LE1", "LE2", "LE3a", "LE3b", "LE4a", "LE4b", "LE5a", "LE5b", "LE6"} <= set(local)
    assert all(re.fullmatch(r"LE[0-9][a-z]?", i) for i in local)
    published: set[str] = set()
    for procedure in policy.pack["procedures"]:
        page = policy.procedure_path(procedure)
        assert page.is_file(), page
        published.update(procedure.get("rules", []))
        assert set(procedure.get("see_also", [])) <= policy.ids("procedures")
    assert published <= set(ids)
    assert set(local) <= published


def test_checklists_name_pack_documents_and_the_panel_decides() -> None:
    policy = load_policy(PRESET)
    assert [c["id"] for c in policy.pack["checklists"]] == ["A", "B", "C", "D"]
    documents = policy.ids("documents")
    for checklist in policy.pack["checklists"]:
        assert checklist["documents"] and set(checklist["documents"]) <= documents
    assert policy.panel["cadence"] == {"every": "month", "weekday": "wednesday", "nth": 3}
    assert policy.panel["chair_roles"] == ["head_of_service"]
    assert policy.panel.get("recommends_only") is False


def test_procedure_pages_cite_clauses_and_hold_no_contact_details() -> None:
    for page in (PRESET / "procedures").glob("*.md"):
        text = page.read_text(encoding="utf-8")
        assert text.startswith("# "), page
        assert "@" not in text, page
        assert not re.search(r"\b0\d{3}\s?\d{3}\s?\d{4}\b", text), page
        clauses = r"\(.*(Process|checklist|funding form|success|Membership).*\)"
        assert re.search(r"reg [0-9]+" if page.stem == "statutory-timescales" else clauses, text)


def test_forward_planner_and_annual_reports_are_procedure_content() -> None:
    """LE7 and LE8 are tasks for people, published on the terms of reference page."""
    policy = load_policy(PRESET)
    terms = next(p for p in policy.pack["procedures"] if p["id"] == "permanence_panel_terms")
    text = policy.procedure_path(terms).read_text(encoding="utf-8")
    planner = text.split("## Forward planner (LE7)")[1].split("## ")[0]
    assert "six months" in planner and "coordinator" in planner
    reports = text.split("## Annual reports (LE8)")[1]
    assert "senior management team" in reports and "agency decision maker" in reports
    assert policy.rule("LE7") is None and policy.rule("LE8") is None


# --- LE1 monthly panel, LE9 chair -------------------------------------------------------


@pytest.mark.parametrize(
    ("day", "extra", "want"),
    [
        pytest.param("2026-04-15", {}, "met", id="third-wednesday"),
        pytest.param("2026-12-16", {}, "met", id="december-third-wednesday"),
        pytest.param("2026-04-22", {}, "breached", id="fourth-wednesday"),
        pytest.param("2026-04-22", {"extraordinary": True}, "met", id="extra-meeting"),
    ],
)
def test_le1_panel_meets_monthly(cli, tmp_path, day, extra, want) -> None:
    root = write_repo(tmp_path, [(f"meetings/{day}-meeting.yaml", meeting(day, **extra))])
    found = of_rule(run_check(cli, root), "LE1")
    assert [f["status"] for f in found] == [want]


@pytest.mark.parametrize(
    ("chair", "want"), [("head_of_service", "met"), ("service_manager", "breached")]
)
def test_le9_head_of_service_chairs(cli, tmp_path, chair, want) -> None:
    day = "2026-05-20"
    root = write_repo(tmp_path, [(f"meetings/{day}-meeting.yaml", meeting(day, chair))])
    found = of_rule(run_check(cli, root), "LE9")
    assert [f["status"] for f in found] == [want]


# --- LE2 pack two weeks before ----------------------------------------------------------

LE2_CASES = [
    pytest.param(
        referral("2026-04-15", "2026-04-01"),
        {"status": "met", "due": "2026-04-01"},
        id="exactly-two-weeks",
    ),
    pytest.param(
        referral("2026-04-15", "2026-04-02"),
        {"status": "late", "due": "2026-04-01", "working_days_late": 1},
        id="one-day-late",
    ),
    pytest.param(
        # two weeks before Monday 20 April is Easter Monday; Good Friday is closed too
        referral("2026-04-20", "2026-04-02", extraordinary=True),
        {"status": "met", "due": "2026-04-02"},
        id="easter-monday-moves-to-thursday",
    ),
    pytest.param(
        referral("2026-04-20", "2026-04-07", extraordinary=True),
        {"status": "late", "due": "2026-04-02", "working_days_late": 1},
        id="after-easter-one-working-day-late",
    ),
    pytest.param(
        # two weeks before Monday 11 January 2027 is the substitute Boxing Day
        referral("2027-01-11", "2026-12-24", extraordinary=True),
        {"status": "met", "due": "2026-12-24"},
        id="substitute-boxing-day-moves-to-christmas-eve",
    ),
    pytest.param(
        referral("2027-01-11", "2026-12-29", extraordinary=True),
        {"status": "late", "due": "2026-12-24", "working_days_late": 1},
        id="after-christmas-one-working-day-late",
    ),
    pytest.param(
        referral("2026-03-18", "2026-03-04"),
        {"status": "met", "due": "2026-03-04"},
        id="march-panel",
    ),
]


@pytest.mark.parametrize(("record", "want"), LE2_CASES)
def test_le2_pack_two_weeks_before_panel(cli, tmp_path, record, want) -> None:
    root = write_repo(tmp_path, [(ref_file(record), record)])
    found = of_rule(run_check(cli, root), "LE2")
    expect(found, {**want, "case": CASE})
    assert found[0]["file"].endswith(ref_file(record))


# --- LE3 funding request two weeks before -----------------------------------------------


@pytest.mark.parametrize(
    ("record", "want"),
    [
        pytest.param(funding(submitted="2026-04-01"), {"status": "met"}, id="on-the-day"),
        pytest.param(
            funding(submitted="2026-04-06"),
            # Thursday 2 April counts; Good Friday and Easter Monday do not
            {"status": "late", "due": "2026-04-01", "working_days_late": 1},
            id="easter-monday-late",
        ),
        pytest.param(
            referral("2026-04-15", "2026-04-08"), None, id="no-funding-sought-not-applicable"
        ),
    ],
)
def test_le3a_funding_request_two_weeks_before(cli, tmp_path, record, want) -> None:
    root = write_repo(tmp_path, [(ref_file(record), record)])
    expect(of_rule(run_check(cli, root), "LE3a"), want)


@pytest.mark.parametrize(
    ("record", "want"),
    [
        pytest.param(funding(), "met", id="with-request"),
        pytest.param({**funding(), "funding_request": None}, "breached", id="request-missing"),
    ],
)
def test_le3b_resource_referral_has_a_funding_request(cli, tmp_path, record, want) -> None:
    record = {k: v for k, v in record.items() if v is not None}
    root = write_repo(tmp_path, [(ref_file(record), record)])
    assert [f["status"] for f in of_rule(run_check(cli, root), "LE3b")] == [want]


# --- LE4 checklists A-D -----------------------------------------------------------------


def _without(documents: list[str], missing: str) -> list[str]:
    return [d for d in documents if d != missing]


@pytest.mark.parametrize(
    ("extra", "want"),
    [
        pytest.param({}, "met", id="A-complete"),
        pytest.param(
            {"documents": _without(CHECKLIST_A, "placement_plan")}, "breached", id="A-missing"
        ),
        pytest.param(
            {
                "checklist": "C",
                "criterion": "le_permanence_residential",
                "documents": ["residential_views", "care_plan", "placement_plan", "child_voice"],
            },
            "met",
            id="C-complete",
        ),
        pytest.param(
            {
                "checklist": "C",
                "criterion": "le_permanence_residential",
                "documents": ["residential_views", "care_plan", "placement_plan"],
            },
            "breached",
            id="C-without-child-voice",
        ),
        pytest.param(
            {"checklist": "B", "documents": [*CHECKLIST_A, "form_c"]}, "met", id="B-complete"
        ),
        pytest.param({"checklist": "B"}, "breached", id="B-without-form-c"),
        pytest.param({"checklist": "D", "documents": []}, "breached", id="D-without-form"),
    ],
)
def test_le4a_documents_of_the_checklist(cli, tmp_path, extra, want) -> None:
    record = referral("2026-04-15", "2026-03-31", **extra)
    root = write_repo(tmp_path, [(ref_file(record), record)])
    assert [f["status"] for f in of_rule(run_check(cli, root), "LE4a")] == [want]


@pytest.mark.parametrize(("checklist", "want"), [("A", "met"), (None, "breached")])
def test_le4b_referral_names_its_checklist(cli, tmp_path, checklist, want) -> None:
    record = referral("2026-04-15", "2026-03-31", checklist=checklist)
    root = write_repo(tmp_path, [(ref_file(record), record)])
    found = of_rule(run_check(cli, root), "LE4b")
    assert [(f["status"], f["severity"]) for f in found] == [(want, "warning")]
    # without a checklist the documents rule has nothing to require
    assert len(of_rule(run_check(cli, root), "LE4a")) == (1 if checklist else 0)


# --- LE5 therapeutic support thresholds -------------------------------------------------


@pytest.mark.parametrize(
    ("record", "want"),
    [
        pytest.param(therapy(450), "met", id="450-is-for-panel"),
        pytest.param(therapy(449.99), "breached", id="under-450-service-manager"),
        pytest.param(therapy(None), "breached", id="annual-cost-missing"),
        pytest.param(funding(annual_cost=200), None, id="not-therapy"),
    ],
)
def test_le5a_therapy_under_450_is_not_for_panel(cli, tmp_path, record, want) -> None:
    root = write_repo(tmp_path, [(ref_file(record), record)])
    found = of_rule(run_check(cli, root), "LE5a")
    assert [f["status"] for f in found] == ([want] if want else [])


@pytest.mark.parametrize(
    ("record", "want"),
    [
        pytest.param(therapy(900), "met", id="900-without-exception"),
        pytest.param(therapy(900.01), "breached", id="over-900-not-marked"),
        pytest.param(therapy(1200, by_exception=False), "breached", id="over-900-not-exception"),
        pytest.param(therapy(1200, by_exception=True), None, id="over-900-by-exception"),
    ],
)
def test_le5b_therapy_over_900_only_by_exception(cli, tmp_path, record, want) -> None:
    root = write_repo(tmp_path, [(ref_file(record), record)])
    found = of_rule(run_check(cli, root), "LE5b")
    assert [f["status"] for f in found] == ([want] if want else [])


# --- LE6 three quotes -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("record", "want"),
    [
        pytest.param(funding(quotes=3), "met", id="three-quotes"),
        pytest.param(funding(quotes=2), "breached", id="two-quotes"),
        pytest.param(funding(quotes=None), "breached", id="quotes-not-stated"),
        pytest.param(
            funding(quotes=2, within_commissioned_placement=False), "breached", id="not-within"
        ),
        pytest.param(
            funding(quotes=0, within_commissioned_placement=True), None, id="commissioned"
        ),
        pytest.param(referral("2026-04-15", "2026-03-31"), None, id="no-funding-request"),
    ],
)
def test_le6_three_quotes_before_funding(cli, tmp_path, record, want) -> None:
    root = write_repo(tmp_path, [(ref_file(record), record)])
    found = of_rule(run_check(cli, root), "LE6")
    assert [f["status"] for f in found] == ([want] if want else [])


# --- vocabulary through casework validate ----------------------------------------------


@pytest.mark.parametrize(
    ("extra", "words"),
    [
        ({"criterion": "le_not_a_criterion"}, "not one of the referral criteria"),
        ({"checklist": "E"}, "not one of the checklists"),
        ({"documents": ["form_z"]}, "not one of the documents"),
        ({"sought": ["endorse_plan"]}, "not one of the recommendation and decision types"),
    ],
)
def test_validate_refuses_words_the_pack_does_not_have(cli, tmp_path, extra, words) -> None:
    record = referral("2026-04-15", "2026-03-31", **extra)
    root = write_repo(tmp_path, [(ref_file(record), record)])
    run = cli("validate", "--repo", root)
    assert run.code == 1
    assert words in run.text
    value = next(iter(extra.values()))
    value = value if isinstance(value, str) else value[0]
    if len(value) > 3:
        assert value not in run.text


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

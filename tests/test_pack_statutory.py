"""The statutory rules S1-S8 shared by the presets: each met and breached.

Every case runs through ``casework check --format json`` on a small repository
(tests/packrepo.py), with the Bexley and the Kirklees pack, whose S1-S8 blocks
are the same. Edges: weekends, Good Friday and Easter Monday, Christmas and the
substitute Boxing Day of 2026 (Monday 28 December), the end of February.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

from casework.paths import presets_dir
from packrepo import case, events, expect, findings

PRESETS = ["bexley", "kirklees"]


@pytest.fixture(params=PRESETS)
def preset(request: pytest.FixtureRequest) -> str:
    return str(request.param)


def run(cli: Any, tmp_path: Path, preset: str, records: list, rule: str, as_of: str) -> list:
    return findings(cli, tmp_path / "repo", preset, records, rule, as_of)


def met_or_late(met: str, late: str) -> list[Any]:
    """Two cases: the answer on the due day (met), and one working day after it (late)."""
    return [pytest.param(met, "met", 0, id="met"), pytest.param(late, "late", 1, id="late")]


def by_due(found: list[dict[str, Any]], due: str) -> dict[str, Any]:
    hits = [f for f in found if f["due"] == due]
    assert len(hits) == 1, found
    return hits[0]


def test_statutory_block_is_the_same_in_every_preset() -> None:
    def block(name: str) -> list[dict[str, Any]]:
        rules = yaml.safe_load((presets_dir() / name / "rules.yaml").read_text())["rules"]
        return [r for r in rules if r["id"].startswith("S")]

    bexley = block("bexley")
    assert [r["id"] for r in bexley] == [
        *("S1", "S2", "S3", "S4", "S5", "S6a", "S6b", "S6c", "S6d"),
        *("S7a", "S7b", "S7c", "S8a", "S8b", "S8c"),
    ]
    for name in ("kirklees", "leicestershire", "bcp", "bolton"):
        assert block(name) == bexley, name
    # national minimum standards are statutory standards: every S rule is statutory
    assert {r["status"] for r in bexley} == {"statutory"}


# --- S1-S3 looked-after reviews ----------------------------------------------------------


@pytest.mark.parametrize(
    ("start", "reviews", "as_of", "status", "due", "late"),
    [
        # Friday 19 June 2026 + 20 working days = Friday 17 July
        pytest.param("2026-06-19", ["2026-07-17"], "2026-08-01", "met", "2026-07-17", 0, id="met"),
        pytest.param(
            "2026-06-19", ["2026-07-21"], "2026-08-01", "late", "2026-07-17", 2, id="late"
        ),
        # Monday 7 December 2026: Christmas Day, the substitute Boxing Day (28 December)
        # and New Year's Day are not working days: due Thursday 7 January 2027
        pytest.param("2026-12-07", ["2027-01-07"], "2027-01-20", "met", "2027-01-07", 0, id="xmas"),
        pytest.param("2026-12-07", [], "2027-01-08", "breached", "2027-01-07", 1, id="xmas-none"),
    ],
)
def test_s1_first_review(cli, tmp_path, preset, start, reviews, as_of, status, due, late) -> None:
    records = [case(start, reviews=reviews)]
    expect(run(cli, tmp_path, preset, records, "S1", as_of), status, due, late)


@pytest.mark.parametrize(
    ("second", "status", "late"),
    [
        pytest.param("2027-02-26", "met", 0, id="friday-before"),
        # 3 months after 30 November is 28 February 2027 (a Sunday, kept): Monday is late
        pytest.param("2027-03-01", "late", 1, id="monday-after"),
    ],
)
def test_s2_second_review_end_of_february(cli, tmp_path, preset, second, status, late) -> None:
    records = [case("2026-11-02", reviews=["2026-11-30", second])]
    expect(run(cli, tmp_path, preset, records, "S2", "2027-03-10"), status, "2027-02-28", late)


@pytest.mark.parametrize(
    ("reviews", "as_of", "status"),
    [
        pytest.param(["2026-07-17", "2026-10-16", "2027-04-16"], "2027-04-20", "met", id="met"),
        pytest.param(["2026-07-17", "2026-10-16"], "2027-05-01", "breached", id="breached"),
        pytest.param(["2026-07-17", "2026-10-16", "2027-04-19"], "2027-04-20", "late", id="late"),
    ],
)
def test_s3_later_reviews_six_months(cli, tmp_path, preset, reviews, as_of, status) -> None:
    records = [case("2026-06-19", reviews=reviews)]
    found = run(cli, tmp_path, preset, records, "S3", as_of)
    assert by_due(found, "2027-04-16")["status"] == status


# --- S4 permanence plan by the second review ---------------------------------------------


@pytest.mark.parametrize(
    ("plans", "status"),
    [
        pytest.param([{"plan": "adoption", "agreed": "2026-10-15"}], "met", id="on-the-day"),
        pytest.param([{"plan": "to_be_decided", "agreed": "2026-07-01"}], "breached", id="tbd"),
        pytest.param([{"plan": "return_home", "agreed": "2026-10-16"}], "late", id="day-after"),
    ],
)
def test_s4_plan_by_second_review(cli, tmp_path, preset, plans, status) -> None:
    records = [case("2026-06-19", reviews=["2026-07-17", "2026-10-15"], permanence_plans=plans)]
    found = run(cli, tmp_path, preset, records, "S4", "2026-11-20")
    assert only_status(found) == (status, "2026-10-15")


def only_status(found: list[dict[str, Any]]) -> tuple[str, str]:
    assert len(found) == 1, found
    return found[0]["status"], found[0]["due"]


# --- S5 26 weeks, extended by 8 -----------------------------------------------------------


@pytest.mark.parametrize(
    ("concluded", "extensions", "status", "due", "late"),
    [
        # 26 weeks beginning with Monday 5 January 2026 end on Sunday 5 July
        pytest.param("2026-07-03", [], "met", "2026-07-05", 0, id="met"),
        pytest.param("2026-07-06", [], "late", "2026-07-05", 1, id="late-monday"),
        pytest.param("2026-08-28", [{"date": "2026-06-20", "weeks": 8}], "met", "2026-08-30", 0,
                     id="extended"),
        pytest.param("2026-09-01", [{"date": "2026-06-20", "weeks": 8}], "late", "2026-08-30", 1,
                     id="extended-late"),  # Monday 31 August 2026 is the summer bank holiday
    ],
)  # fmt: skip
def test_s5_proceedings_26_weeks(cli, tmp_path, preset, concluded, extensions, status, due, late):
    proceedings = [{"issued": "2026-01-05", "concluded": concluded, "extensions": extensions}]
    records = [case("2025-12-01", basis="interim_care_order", entry="court_ordered",
                    proceedings=proceedings)]  # fmt: skip
    expect(run(cli, tmp_path, preset, records, "S5", "2026-10-01"), status, due, late)


# --- S6 social worker visits ----------------------------------------------------------------


def placement(start: str, long_term: bool = False) -> dict[str, Any]:
    return {"type": "foster_mainstream", "provider": "in_house", "start": start,
            "long_term": long_term}  # fmt: skip


@pytest.mark.parametrize(
    ("visit", "status", "late"),
    met_or_late("2026-06-26", "2026-06-29"),
)
def test_s6a_visit_within_a_week(cli, tmp_path, preset, visit, status, late) -> None:
    records = [case("2026-06-19", placements=[placement("2026-06-19")],
                    events=events(("social_worker_visit", visit)))]  # fmt: skip
    expect(run(cli, tmp_path, preset, records, "S6a", "2026-07-01"), status, "2026-06-26", late)


@pytest.mark.parametrize(
    ("second_visit", "status", "late"),
    [pytest.param("2026-02-20", "met", 0, id="six-weeks"),
     pytest.param("2026-02-23", "late", 1, id="after-the-weekend")],
)  # fmt: skip
def test_s6b_six_weekly_in_first_year(cli, tmp_path, preset, second_visit, status, late) -> None:
    visits = events(("social_worker_visit", "2026-01-09"), ("social_worker_visit", second_visit))
    records = [case("2026-01-05", placements=[placement("2026-01-05")], events=visits)]
    found = run(cli, tmp_path, preset, records, "S6b", "2026-03-01")
    cycle = by_due(found, "2026-02-20")  # six weeks after the visit of Friday 9 January
    assert (cycle["status"], cycle["working_days_late"]) == (status, late)


@pytest.mark.parametrize(
    ("visits", "status"),
    [pytest.param(["2026-03-20"], "met", id="met"), pytest.param([], "breached", id="none")],
)
def test_s6c_three_monthly_after_a_year_when_long_term(cli, tmp_path, preset, visits, status):
    # the second year starts on 6 January 2026; 3 months later is Easter Monday, kept
    records = [case("2025-01-06", placements=[placement("2025-01-06", long_term=True)],
                    events=events(*[("social_worker_visit", v) for v in visits]))]  # fmt: skip
    found = run(cli, tmp_path, preset, records, "S6c", "2026-06-01")
    assert by_due(found, "2026-04-06")["status"] == status
    assert not run_rule_applies_to_short_term(cli, tmp_path, preset, "S6c")


def run_rule_applies_to_short_term(cli, tmp_path, preset, rule) -> list:
    records = [case("2025-01-06", placements=[placement("2025-01-06")])]
    return findings(cli, tmp_path / "short", preset, records, rule, "2026-06-01")


@pytest.mark.parametrize(
    ("visit", "status", "late"),
    met_or_late("2026-02-17", "2026-02-18"),
)
def test_s6d_six_weekly_after_a_year_otherwise(cli, tmp_path, preset, visit, status, late) -> None:
    records = [case("2025-01-06", placements=[placement("2025-01-06")],
                    events=events(("social_worker_visit", visit)))]  # fmt: skip
    found = run(cli, tmp_path, preset, records, "S6d", "2026-03-01")
    cycle = by_due(found, "2026-02-17")
    assert (cycle["status"], cycle["working_days_late"]) == (status, late)
    assert not run_rule_applies_to_short_term(cli, tmp_path, preset, "S6c")


# --- S7 adoption reviews ------------------------------------------------------------------


def adoption_case(reviews: list[str], placed: str | None = None) -> tuple[str, dict[str, Any]]:
    placements = [{"type": "foster_mainstream", "provider": "in_house", "start": "2025-10-01"}]
    if placed:
        placements[0]["end"] = placed
        placements.append({"type": "adoptive", "provider": "in_house", "start": placed})
    return case(
        "2025-10-01",
        basis="care_order",
        entry="court_ordered",
        legal_status=[{"status": "care_order", "start": "2025-10-01", "end": "2026-02-26"},
                      {"status": "placement_order", "start": "2026-02-27"}],
        placements=placements,
        events=events(*[("adoption_review", r) for r in reviews]),
    )  # fmt: skip


@pytest.mark.parametrize(
    ("review", "status", "late"),
    met_or_late("2026-05-27", "2026-05-28"),
)
def test_s7a_review_while_waiting_to_be_placed(cli, tmp_path, preset, review, status, late):
    found = run(cli, tmp_path, preset, [adoption_case([review])], "S7a", "2026-06-10")
    cycle = by_due(found, "2026-05-27")  # 3 months after the placement order of 27 February
    assert (cycle["status"], cycle["working_days_late"]) == (status, late)


@pytest.mark.parametrize(
    ("review", "status", "late"),
    met_or_late("2026-03-30", "2026-03-31"),
)
def test_s7b_first_review_four_weeks_after_placing(cli, tmp_path, preset, review, status, late):
    records = [adoption_case([review], placed="2026-03-02")]
    expect(run(cli, tmp_path, preset, records, "S7b", "2026-04-10"), status, "2026-03-30", late)


@pytest.mark.parametrize(
    ("second", "status", "late"),
    # the first review held Friday 20 March 2026: the second is due 3 months from it
    met_or_late("2026-06-20", "2026-06-22"),
)
def test_s7c_then_three_months(cli, tmp_path, preset, second, status, late) -> None:
    records = [adoption_case(["2026-03-20", second], placed="2026-03-02")]
    found = run(cli, tmp_path, preset, records, "S7c", "2026-07-10")
    cycle = by_due(found, "2026-06-20")  # a Saturday: an "after" deadline stays on its date
    assert (cycle["status"], cycle["working_days_late"]) == (status, late)


# --- S8 the agency decision maker ---------------------------------------------------------


@pytest.mark.parametrize(
    ("rule", "start", "answer", "when", "due", "status", "late"),
    [
        # Thursday 2 April 2026 + 7 working days, over Good Friday and Easter Monday
        ("S8a", ("minutes_received", "2026-04-02"), "adm_decision", "2026-04-15", "2026-04-15",
         "met", 0),
        ("S8a", ("minutes_received", "2026-04-02"), "adm_decision", "2026-04-16", "2026-04-15",
         "late", 1),
        # Thursday 24 December 2026 + 2 working days, over Christmas and 28 December
        ("S8b", ("adm_decision", "2026-12-24"), "decision_told_orally", "2026-12-30",
         "2026-12-30", "met", 0),
        ("S8b", ("adm_decision", "2026-12-24"), "decision_told_orally", "2026-12-31",
         "2026-12-30", "late", 1),
        # Friday 27 February 2026 + 5 working days, over a weekend
        ("S8c", ("adm_decision", "2026-02-27"), "decision_told_in_writing", "2026-03-06",
         "2026-03-06", "met", 0),
        ("S8c", ("adm_decision", "2026-02-27"), "decision_told_in_writing", "2026-03-09",
         "2026-03-06", "late", 1),
    ],
    ids=["S8a-met", "S8a-late", "S8b-met", "S8b-late", "S8c-met", "S8c-late"],
)  # fmt: skip
def test_s8_agency_decision_maker(cli, tmp_path, preset, rule, start, answer, when, due, status,
                                  late) -> None:  # fmt: skip
    records = [case("2025-06-02", events=events(start, (answer, when)))]
    expect(run(cli, tmp_path, preset, records, rule, "2027-01-20"), status, due, late)


def test_s8a_breached_when_nothing_recorded(cli, tmp_path, preset) -> None:
    records = [case("2025-06-02", events=events(("minutes_received", "2026-04-02")))]
    expect(run(cli, tmp_path, preset, records, "S8a", "2026-04-17"), "breached", "2026-04-15", 2)

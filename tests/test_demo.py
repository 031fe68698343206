"""The demo data in cases/ and meetings/: valid, complete, private, and late exactly where
tests/demo_expectations.yaml says (the demo's specification)."""

from __future__ import annotations

import contextlib
import functools
import importlib.util
import io
import json
import re
import subprocess
import sys
from collections import Counter
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from casework.cli import main
from casework.policy import load_policy
from casework.schedule import scheduled_dates
from casework.workdays import parse_date
from casework.yamlload import load

ROOT = Path(__file__).resolve().parent.parent
EXPECTATIONS = load(ROOT / "tests" / "demo_expectations.yaml").data
AS_OF = parse_date(EXPECTATIONS["as_of"])
FULL_DATE = re.compile(r"\b[0-9]{4}-[0-9]{2}-[0-9]{2}\b")


@functools.cache
def _records(kind: str) -> list[tuple[Path, dict[str, Any]]]:
    patterns = {
        "case": "cases/*/case.yaml",
        "referral": "cases/*/*-referral.yaml",
        "decision": "cases/*/*-decision.yaml",
        "amendment": "cases/*/*-amendment*.yaml",
        "meeting": "meetings/*-meeting.yaml",
    }
    return [(p, load(p).data) for p in sorted(ROOT.glob(patterns[kind]))]


def _run_json(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, Any]:
    code = main([*args, "--repo", str(ROOT), "--format", "json"])
    return code, json.loads(capsys.readouterr().out)


def _check_available() -> bool:
    has_command = importlib.util.find_spec("casework.commands.check") is not None
    return has_command and (ROOT / "policies" / "rules.yaml").is_file()


needs_check = pytest.mark.skipif(
    not _check_available(), reason="casework check and policies/rules.yaml are not in place yet"
)


# -- validity ---------------------------------------------------------------


def test_validate_passes_on_the_repository(capsys: pytest.CaptureFixture[str]) -> None:
    code, report = _run_json(capsys, "validate")
    assert report["problems"] == []
    assert code == 0
    assert report["files"] >= 100


def test_validate_passes_through_the_console_script() -> None:
    done = subprocess.run(
        [str(Path(sys.executable).parent / "casework"), "validate", "--repo", str(ROOT)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert "valid" in done.stdout


# -- the timescale report is the specification ------------------------------


@functools.cache
def _check_report() -> tuple[int, tuple[dict[str, Any], ...]]:
    """``casework check`` as of the specification's date, run once for the module."""
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        code = main(
            [
                "check",
                "--repo",
                str(ROOT),
                "--as-of",
                EXPECTATIONS["as_of"],
                "--due-soon",
                str(EXPECTATIONS["due_soon_days"]),
                "--format",
                "json",
            ]
        )
    report = json.loads(out.getvalue())
    return code, tuple(report["findings"] if isinstance(report, dict) else report)


def _findings() -> list[dict[str, Any]]:
    code, findings = _check_report()
    failing = [f for f in findings if f["status"] in ("late", "breached")]
    assert code == (1 if failing else 0)
    return list(findings)


def _key(item: dict[str, Any]) -> tuple[str, str, str]:
    return (item["case"] or "", item["rule"], item["status"])


@needs_check
def test_check_reports_exactly_the_deliberate_failures() -> None:
    findings = _findings()
    reported = Counter(_key(f) for f in findings if f["status"] in ("late", "breached"))
    expected = Counter(_key(e) for e in EXPECTATIONS["failures"])
    assert reported == expected


@needs_check
def test_check_reports_exactly_the_listed_due_soon_items() -> None:
    findings = _findings()
    reported = Counter(_key(f) for f in findings if f["status"] == "due_soon")
    assert reported == Counter(_key(e) for e in EXPECTATIONS["due_soon"])


@needs_check
def test_check_dates_and_lateness_match_the_specification() -> None:
    findings = {_key(f): f for f in _findings()}
    for expected in EXPECTATIONS["failures"] + EXPECTATIONS["due_soon"]:
        got = findings.get(_key(expected))
        assert got is not None, expected
        if "due" in expected:
            assert got["due"] == expected["due"], expected
        if "working_days_late" in expected:
            assert got["working_days_late"] == expected["working_days_late"], expected
        assert got["file"].startswith(f"cases/{expected['case']}/"), got


# -- no personal data -------------------------------------------------------


def _walk(value: Any, path: tuple[str, ...] = ()):
    if isinstance(value, dict):
        for key, item in value.items():
            yield from _walk(item, (*path, str(key)))
    elif isinstance(value, list):
        for item in value:
            yield from _walk(item, path)
    else:
        yield path, value


def test_birth_is_only_ever_a_month_or_a_year() -> None:
    files = [p for p in (ROOT / "cases").rglob("*.yaml")] + list((ROOT / "meetings").glob("*"))
    assert files
    for path in files:
        for keys, value in _walk(load(path).data):
            if any("birth" in key or key in ("dob", "date_of_birth") for key in keys):
                assert not (isinstance(value, str) and FULL_DATE.search(value)), (path, keys)
                assert keys[-1] in ("birth_month", "birth_year"), (path, keys)
        for number, line in enumerate(path.read_text().splitlines(), 1):
            if re.search(r"birth|born|\bdob\b", line, re.IGNORECASE):
                assert not FULL_DATE.search(line), f"{path}:{number}"


def test_the_personal_data_scanner_finds_nothing(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("CASEWORK_DENYLIST", raising=False)
    code = main(
        [
            "scan",
            "--repo",
            str(ROOT),
            "--format",
            "json",
            str(ROOT / "cases"),
            str(ROOT / "meetings"),
        ]
    )
    report = json.loads(capsys.readouterr().out)
    assert report["problems"] == []
    assert report["files"] >= 100
    assert code == 0


def test_people_appear_only_as_roles_and_pseudonyms() -> None:
    pseudonym = re.compile(r"^[A-Z]{1,3}-[0-9]{4,8}(-[0-9]{1,2})?$")
    for path, referral in _records("referral"):
        for member in referral.get("family", []):
            assert set(member) <= {"relationship", "pseudonym", "birth_year"}, path
            assert pseudonym.match(member["pseudonym"]), path
            own = member["pseudonym"].endswith(referral["case_id"].split("-")[1])
            assert own or member["relationship"] in ("sibling", "half_sibling"), path
    for path, case in _records("case"):
        birth_year = int(case["birth_month"][:4])
        referrals = _records_for(case["case_id"], "referral")
        for member in (m for r in referrals for m in r.get("family", [])):
            if member["relationship"] == "child":
                assert member["birth_year"] == birth_year, path


def _records_for(case_id: str, kind: str) -> list[dict[str, Any]]:
    return [data for _, data in _records(kind) if data["case_id"] == case_id]


def test_nothing_is_recorded_after_the_as_of_date() -> None:
    for path, case in _records("case"):
        dated = [ep["start"] for ep in case["episodes"]]
        dated += [ep["end"] for ep in case["episodes"] if ep.get("end")]
        dated += [p["start"] for p in case.get("placements", [])]
        dated += case.get("reviews", []) + [e["date"] for e in case.get("events", [])]
        dated += [a["date"] for p in case.get("placements", []) for a in p.get("approvals", [])]
        assert max(parse_date(d) for d in dated) <= AS_OF, path
    for path, referral in _records("referral"):
        assert parse_date(referral["submitted"]) <= AS_OF, path
    for path, decision in _records("decision"):
        assert parse_date(decision["hearing_date"]) <= AS_OF, path


# -- coverage: the situations the demo is there to show ------------------------


def test_at_least_fourteen_children_over_2025_and_2026() -> None:
    cases = _records("case")
    assert len(cases) >= 14
    years = {r["panel_date"][:4] for _, r in _records("referral")}
    assert {"2025", "2026"} <= years


def test_the_sibling_group_names_each_other() -> None:
    siblings = {c["case_id"]: set(c.get("siblings", [])) for _, c in _records("case")}
    groups = [ids | {case} for case, ids in siblings.items() if ids]
    assert any(len(group) >= 3 for group in groups)
    for case, ids in siblings.items():
        for other in ids:
            assert case in siblings[other], (case, other)
            assert siblings[other] | {other} == ids | {case}


def test_each_situation_is_shown() -> None:
    cases = [c for _, c in _records("case")]
    referrals = [r for _, r in _records("referral")]
    decisions = [d for _, d in _records("decision")]
    entries = {ep["entry"] for c in cases for ep in c["episodes"]}
    assert "emergency" in entries
    assert any(
        ext for c in cases for p in c.get("proceedings", []) for ext in p.get("extensions", [])
    )
    assert any(
        p["type"] == "residential" and p.get("long_term") for c in cases for p in c["placements"]
    )
    assert any(
        p["type"] == "placed_with_parents"
        and (AS_OF - parse_date(p["start"])).days > 2 * 365
        and not p.get("end")
        for c in cases
        for p in c["placements"]
    )
    assert any(p.get("end_reason") == "disruption" for c in cases for p in c["placements"])
    assert any(
        s["status"] == "s20" and not s.get("end") and (AS_OF - parse_date(s["start"])).days > 365
        for c in cases
        for s in c["legal_status"]
    )
    assert any(r.get("funding_request") for r in referrals)
    assert any(
        a.get("end_date") for c in cases for p in c["placements"] for a in p.get("approvals", [])
    )
    criteria = Counter(r["criterion"] for r in referrals)
    for criterion in ("bx_change_from_adoption", "bx_sibling_assessment", "bx_iro_drift"):
        assert criteria[criterion], criterion
    assert any(d.get("disputed") for d in decisions)
    assert any(d.get("majority_agreed") is False and d.get("dissenting_views") for d in decisions)
    assert any(d.get("return_to_panel") for d in decisions)
    assert _records("amendment")
    left_care = [c["case_id"] for c in cases if any(ep.get("end") for ep in c["episodes"])]
    assert left_care
    for case_id in left_care:
        items = {i["type"] for d in _records_for(case_id, "decision") for i in d["items"]}
        assert "endorse_ceasing_care" in items, case_id
    events = Counter(e["type"] for c in cases for e in c.get("events", []))
    for kind in (
        "permanence_planning_meeting",
        "social_worker_visit",
        "care_planning_review",
        "dispute_review_meeting",
        "decision_circulated",
        "disruption_meeting",
        "financial_review",
        "nominated_officer_approval",
        "adm_decision",
    ):
        assert events[kind], kind


# -- meetings agree with the decisions ------------------------------------------


def test_every_hearing_has_its_meeting_and_every_meeting_its_decisions() -> None:
    heard: dict[str, set[str]] = {}
    for _, decision in _records("decision"):
        heard.setdefault(decision["hearing_date"], set()).add(decision["case_id"])
    meetings = {m["date"]: m for _, m in _records("meeting")}
    assert set(heard) == {d for d, m in meetings.items() if m["cases_heard"]}
    policy = load_policy(ROOT / "policies", ROOT)
    for day, meeting in meetings.items():
        assert set(meeting["cases_heard"]) == heard.get(day, set()), day
        assert len(meeting["cases_heard"]) <= policy.panel["max_cases"], day
        assert meeting["chair_role"] in policy.panel["chair_roles"], day
        assert len(meeting["members_present"]) >= policy.panel["quorum_others"], day
        assert len(meeting["members_present"]) + 1 <= policy.panel["max_members"], day
    assert any(m.get("cases_deferred") for m in meetings.values())


def test_the_next_panel_has_more_referrals_than_it_can_hear() -> None:
    policy = load_policy(ROOT / "policies", ROOT)
    later = scheduled_dates(policy.panel, policy.calendar, AS_OF, date(AS_OF.year + 1, 12, 31))
    nxt = EXPECTATIONS["next_panel"]
    assert later[0].isoformat() == nxt["date"]
    booked = sorted(r["case_id"] for _, r in _records("referral") if r["panel_date"] == nxt["date"])
    assert booked == sorted(nxt["referrals"])
    assert len(booked) > policy.panel["max_cases"]

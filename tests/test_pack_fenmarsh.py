"""A pack for an invented sixth council, Fenmarsh (tests/packs/fenmarsh), not a preset.

It adds its own placement, plan and event types and approval subjects, runs
two panels on different weekdays with different papers deadlines, approves
support packages with end dates and renewals, has a rule that changed on a
date (FM1, from 1 May 2026) and a local-choice rule (FM6).
Every status and due date below is counted by hand in the comments, around
bank holidays and month ends.
"""

from __future__ import annotations

import shutil
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from casework.sitegen.build import WORK_DIR, build_site
from packrepo import Record, check, write_repo

PACK = Path(__file__).parent / "packs" / "fenmarsh"
AS_OF = "2027-02-01"


def _case(case_id: str, **fields: Any) -> Record:
    data: dict[str, Any] = {
        "case_id": case_id,
        "birth_month": "2020-03",
        "team": "children_in_care",
        "worker_role": "social_worker",
        "episodes": [{"start": "2026-01-12", "legal_basis": "s20", "entry": "planned"}],
        "placements": [
            {"type": "foster_mainstream", "provider": "in_house", "start": "2026-01-12"}
        ],
    }
    data.update(fields)
    return f"cases/{case_id}/case.yaml", data


def _referral(case_id: str, panel: str, day: str, submitted: str, **extra: Any) -> Record:
    data: dict[str, Any] = {
        "case_id": case_id,
        "panel": panel,
        "panel_date": day,
        "submitted": submitted,
        "criterion": extra.pop("criterion"),
        "summary": "An invented referral for a test.",
        "sought": [extra.pop("sought")],
        "documents": ["care_plan"],
        "authorised_by": {"role": "team_manager", "date": submitted},
    }
    data.update(extra)
    return f"cases/{case_id}/{day}-referral.yaml", data


def _decision(case_id: str, day: str, item: str, chair: str) -> Record:
    data = {
        "case_id": case_id,
        "hearing_date": day,
        "referral": f"{day}-referral",
        "chair_role": chair,
        "items": [{"type": item}],
    }
    return f"cases/{case_id}/{day}-decision.yaml", data


def _meeting(day: str, panel: str, chair: str, case_id: str) -> Record:
    data = {
        "date": day,
        "panel": panel,
        "chair_role": chair,
        "members_present": ["team_manager", "service_manager"],
        "cases_heard": [case_id],
    }
    return f"meetings/{day}-meeting.yaml", data


def _approval(item: str, subject: str, approved: str, start: str, **extra: Any) -> dict[str, Any]:
    return {
        "id": item,
        "subject": subject,
        "role": extra.pop("role", "head_of_service"),
        "approved": approved,
        "start": start,
        **extra,
    }


RECORDS: list[Record] = [
    _case("C-7001"),
    # Legal gateway, Tuesday 7 April 2026: three working days before, skipping Easter
    # Monday (6 April) and Good Friday (3 April), is Tuesday 31 March (a month end).
    _referral(
        "C-7001",
        "legal_gateway",
        "2026-04-07",
        "2026-04-01",
        criterion="fm_pre_proceedings",
        sought="start_pre_proceedings",
    ),
    _decision("C-7001", "2026-04-07", "start_pre_proceedings", "head_of_service"),
    _meeting("2026-04-07", "legal_gateway", "head_of_service", "C-7001"),
    _case("C-7004"),
    # FM1 changed on 1 May 2026: five working days. Before Tuesday 2 June, skipping the
    # spring bank holiday (Monday 25 May): Tuesday 26 May. Submitted Wednesday 27 May:
    # a day late under the new version, in time under the old one (Thursday 28 May).
    _referral(
        "C-7004",
        "legal_gateway",
        "2026-06-02",
        "2026-05-27",
        criterion="fm_pre_proceedings",
        sought="start_pre_proceedings",
    ),
    _case("C-7002", permanence_plans=[{"plan": "early_permanence", "agreed": "2026-03-20"}]),
    # Permanence panel, Thursday 9 April 2026: the Friday before is Good Friday, so the
    # papers are due by noon on the working day before it, Thursday 2 April.
    _referral(
        "C-7002",
        "permanence_panel",
        "2026-04-09",
        "2026-04-02",
        submitted_time="11:30",
        criterion="fm_permanence_plan",
        sought="endorse_plan",
    ),
    _decision("C-7002", "2026-04-09", "endorse_plan", "service_manager"),
    _meeting("2026-04-09", "permanence_panel", "service_manager", "C-7002"),
    _case(
        "C-7003",
        placements=[
            {
                "type": "foster_mainstream",
                "provider": "in_house",
                "start": "2026-01-12",
                "end": "2026-12-18",
                "end_reason": "planned",
            },
            # Friday 18 December 2026; ten working days on, skipping Christmas Day, the
            # Boxing Day substitute (Monday 28th) and New Year's Day: Wednesday 6 January.
            {"type": "fostering_for_adoption", "provider": "in_house", "start": "2026-12-18"},
        ],
        events=[{"type": "early_permanence_review", "date": "2027-01-07"}],
        approvals=[
            # first period: ends Sunday 31 May; reviewed on Tuesday 5 May
            _approval(
                "support_1",
                "support_package",
                "2026-01-30",
                "2026-02-02",
                end="2026-05-31",
                amount={"weekly": 250},
                reviewed=["2026-05-05"],
            ),
            # the renewal, approved Friday 29 May, runs to Wednesday 30 September
            _approval(
                "support_1",
                "support_package",
                "2026-05-29",
                "2026-06-01",
                end="2026-09-30",
                amount={"weekly": 275},
            ),
            # approved the day after it started, by a service manager (not enough)
            _approval(
                "breaks_1",
                "short_breaks_package",
                "2026-03-03",
                "2026-03-02",
                amount={"one_off": 1200},
                role="service_manager",
            ),
            _approval("breaks_2", "short_breaks_package", "2026-03-03", "2026-03-02"),
        ],
    ),
]

# (rule, case, due, status, working days late), counted by hand; a breach is counted
# late up to the as-of date, so only its status is compared
EXPECTED = {
    # due Tuesday 31 March, submitted Wednesday 1 April: one working day late
    ("FM1", "C-7001", "2026-03-31", "late", 1),
    ("FM1", "C-7004", "2026-05-26", "late", 1),
    # due (by noon) Thursday 2 April, submitted that day at 11:30
    ("FM2", "C-7002", "2026-04-02", "met", 0),
    # support package approved Friday 30 January, before it started on Monday 2 February
    ("FM3", "C-7003", "2026-02-02", "met", 0),
    # the renewal approved Friday 29 May, before it started on Monday 1 June
    ("FM3", "C-7003", "2026-06-01", "met", 0),
    # by a service manager, below a head of service: not an approval this rule counts
    ("FM3", "C-7003", "2026-03-02", "breached", 0),
    # a head of service approved on Tuesday 3 March, a day after the start
    ("FM3", "C-7003", "2026-03-02", "late", 1),
    # renewed on Friday 29 May, before the end on Sunday 31 May
    ("FM4", "C-7003", "2026-05-31", "met", 0),
    # the renewal ended on Wednesday 30 September and nothing renewed it
    ("FM4", "C-7003", "2026-09-30", "breached", 0),
    # a month before Sunday 31 May is Thursday 30 April (April has no 31st); reviewed
    # Tuesday 5 May: Friday 1 May, then (Monday 4 May is a bank holiday) Tuesday 5 May
    ("FM5", "C-7003", "2026-04-30", "late", 2),
    # a month before Wednesday 30 September is Sunday 30 August, moved back to the
    # working day before it, Friday 28 August; never reviewed
    ("FM5", "C-7003", "2026-08-28", "breached", 0),
    # the local choice: due Wednesday 6 January 2027, held Thursday 7 January
    ("FM6", "C-7003", "2027-01-06", "late", 1),
}


@pytest.fixture(scope="module")
def repo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_repo(tmp_path_factory.mktemp("fenmarsh") / "repo", PACK, RECORDS)


def test_the_invented_councils_cases_give_the_hand_counted_statuses(
    repo: Path, cli: Callable[..., Any]
) -> None:
    found = {
        (
            f["rule"],
            f["case"],
            f["due"],
            f["status"],
            0 if f["status"] == "breached" else f["working_days_late"],
        )
        for f in check(cli, repo, AS_OF)
    }
    assert found == EXPECTED


def test_the_local_choice_rule_says_so(repo: Path) -> None:
    text = (PACK / "rules.yaml").read_text(encoding="utf-8")
    assert "status: local" in text and "(local choice)" in text


def test_own_vocabularies_are_in_the_exported_schemas(
    repo: Path, cli: Callable[..., Any], tmp_path: Path
) -> None:
    import json

    assert cli("schema", "export", tmp_path / "schemas", "--repo", repo).code == 0
    case = json.loads((tmp_path / "schemas" / "case.json").read_text(encoding="utf-8"))
    placement = case["properties"]["placements"]["items"]["properties"]["type"]
    assert "fostering_for_adoption" in placement["enum"]
    labels = dict(zip(placement["enum"], placement["enumDescriptions"], strict=True))
    assert labels["staying_put"] == "Staying Put with former foster carers"
    assert labels["adoptive"] == "Placed for adoption"  # casework's own, with its label
    referral = json.loads((tmp_path / "schemas" / "referral.json").read_text(encoding="utf-8"))
    assert referral["properties"]["panel"]["enum"] == ["legal_gateway", "permanence_panel"]


def test_a_referral_must_name_its_panel_where_there_are_several(
    tmp_path: Path, cli: Callable[..., Any]
) -> None:
    path, data = _referral(
        "C-7001",
        "legal_gateway",
        "2026-04-07",
        "2026-04-01",
        criterion="fm_permanence_plan",
        sought="endorse_plan",
    )
    del data["panel"]
    root = write_repo(tmp_path / "repo", PACK, [_case("C-7001"), (path, data)])
    run = cli("validate", "--repo", root)
    assert run.code == 1
    assert f"{path}:1:1: error: the policy pack has several panels" in run.out
    assert "add 'panel:' with one of: legal_gateway, permanence_panel" in run.out
    data["panel"] = "legal_gateway"  # a criterion this panel does not hear
    root = write_repo(tmp_path / "repo2", PACK, [_case("C-7001"), (path, data)])
    run = cli("validate", "--repo", root)
    assert "'criterion' is not one the panel this referral is for hears" in run.out
    # Thursday 9 April is not a legal gateway (Tuesday) meeting
    data.update(criterion="fm_pre_proceedings", panel_date="2026-04-09")
    wrong_day = "cases/C-7001/2026-04-09-referral.yaml"
    root = write_repo(tmp_path / "repo3", PACK, [_case("C-7001"), (wrong_day, data)])
    run = cli("validate", "--repo", root)
    assert "'panel_date' is not a scheduled meeting of the panel (it meets every Tuesday" in run.out


def test_new_referral_asks_which_panel_and_uses_its_schedule(
    repo: Path, cli: Callable[..., Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    from casework import policy

    monkeypatch.setattr(policy, "today", lambda: date(2026, 4, 1))
    monkeypatch.setattr("casework.commands.new.today", lambda: date(2026, 4, 1))
    run = cli("new", "referral", "--repo", repo, "--case", "C-7002")
    assert run.code == 2
    assert "several panels; say which with --panel" in run.err
    run = cli("new", "referral", "--repo", repo, "--case", "C-7002", "--panel", "legal_gatway")
    assert run.code == 2 and "did you mean 'legal_gateway'?" in run.err
    # the next legal gateway after Wednesday 1 April is Tuesday 7 April
    run = cli("new", "referral", "--repo", repo, "--case", "C-7002", "--panel", "legal_gateway")
    assert run.code == 0, run.text
    written = repo / "cases/C-7002/2026-04-07-referral.yaml"
    assert 'panel: "legal_gateway"' in written.read_text(encoding="utf-8")
    written.unlink()


def test_new_meeting_uses_the_named_panels_schedule_and_times(
    repo: Path, cli: Callable[..., Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("casework.commands.new.today", lambda: date(2026, 4, 10))
    run = cli("new", "meeting", "--repo", repo, "--panel", "permanence_panel")
    assert run.code == 0, run.text
    # fortnightly Thursdays from 15 January: after 9 April comes 23 April
    written = repo / "meetings/2026-04-23-meeting.yaml"
    text = written.read_text(encoding="utf-8")
    written.unlink()
    assert 'panel: "permanence_panel"' in text and '"13:30"' in text
    # a Thursday is not a legal gateway (Tuesday) meeting
    run = cli("new", "meeting", "--repo", repo, "--panel", "legal_gateway", "--date", "2026-04-23")
    assert run.code == 2 and "the next scheduled meetings are 2026-04-28" in run.err


def _row(day: str, shown: str, start: str, papers: str) -> str:
    """A coming meeting's cells in a calendar page's HTML."""
    return f'<td><time datetime="{day}">{shown}</time></td>\n<td>{start}</td>\n<td>{papers}</td>'


def test_the_site_has_each_panels_calendar_feed_and_agendas(repo: Path) -> None:
    shutil.copy(Path(__file__).parents[1] / "mkdocs.yml", repo / "mkdocs.yml")
    build_site(repo, "panel", date(2026, 4, 1), run=False)
    docs = repo / WORK_DIR / "panel" / "docs"
    overview = (docs / "panel/calendar.md").read_text(encoding="utf-8")
    assert "calendar-legal_gateway.md" in overview and "calendar-permanence_panel.md" in overview
    gateway = (docs / "panel/calendar-legal_gateway.md").read_text(encoding="utf-8")
    permanence = (docs / "panel/calendar-permanence_panel.md").read_text(encoding="utf-8")
    assert "# Calendar: Legal Gateway Panel\n\nThe Legal Gateway Panel meets every week" in gateway
    assert "Papers deadline" not in gateway  # the rule FM1 is named instead
    # FM1's latest version is described; each meeting's deadline is the version in force
    assert "5 working days before the meeting (rule [FM1](" in gateway  # linked to its row
    assert _row("2026-06-02", "Tue 2 June 2026", "09:30", "Tue 26 May 2026") in gateway
    assert "the friday before the meeting, 12:00 (rule [FM2](" in permanence
    # Tuesday 7 April: papers Tuesday 31 March; Thursday 9 April: Thursday 2 April
    assert _row("2026-04-07", "Tue 7 April 2026", "09:30", "Tue 31 March 2026") in gateway
    assert _row("2026-04-09", "Thu 9 April 2026", "13:30", "Thu 2 April 2026") in permanence
    # each calendar lists its own panel's meetings only
    assert '<tr id="meeting-2026-04-09">' in permanence
    assert '<tr id="meeting-2026-04-09">' not in gateway
    assert '<tr id="meeting-2026-04-07">' not in permanence
    feed = (docs / "panel/meetings-permanence_panel.ics").read_text(encoding="utf-8")
    assert "DTSTART;TZID=Europe/London:20260409T133000" in feed
    assert "DTSTART;VALUE=DATE:20260402" in feed
    assert "20260407" not in feed
    agenda = (docs / "agendas/2026-04-07.md").read_text(encoding="utf-8")
    assert "# Agenda: Legal Gateway Panel, Tue 7 April 2026" in agenda
    other = (docs / "agendas/2026-04-09.md").read_text(encoding="utf-8")
    assert "# Agenda: Permanence and Resources Panel, Thu 9 April 2026" in other
    index = (docs / "agendas/index.md").read_text(encoding="utf-8")
    assert "## Legal Gateway Panel" in index and "## Permanence and Resources Panel" in index

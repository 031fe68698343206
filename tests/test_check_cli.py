"""``casework check`` through the CLI: formats, filters and exit codes."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from casework.schemas import validator
from checkrepo import CASE_WITH_REVIEW, RULES

LATE_REFERRAL = """\
case_id: C-0042
panel_date: "2026-03-05"
submitted: "2026-03-04"
criterion: bx_newly_looked_after
summary: An invented summary that must not appear in any report.
sought: [endorse_plan]
documents: [referral_form, care_plan]
authorised_by:
  role: team_manager
  date: "2026-02-25"
"""


@pytest.fixture
def root(make_repo: Callable[..., Path]) -> Path:
    return make_repo(
        {
            "policies/rules.yaml": RULES,
            "cases/C-0042/2026-03-05-referral.yaml": LATE_REFERRAL,
        }
    )


def test_text_report(cli, root: Path) -> None:  # type: ignore[no-untyped-def]
    result = cli("check", "--repo", root, "--as-of", "2026-11-22")
    assert result.code == 1
    lines = result.out.splitlines()
    assert (
        "cases/C-0042/2026-03-05-referral.yaml:3:1: late: C-0042 referral papers for the panel "
        "on 2026-03-05 were due by 2026-03-02 and recorded on 2026-03-04 "
        "(rule BX1, protocol 1.6): 2 working days late"
    ) in lines
    assert any(
        line.startswith(
            "cases/C-0042/2026-03-05-decision.yaml:6:1: breached: C-0042 a care planning review"
        )
        for line in lines
    )
    summary = "2 breached, 1 late, 0 due soon, 0 open, 2 met across 1 case as of 2026-11-22"
    assert lines[-1] == summary
    assert len(lines) == 4  # BX1 late, T3 breached, T5 breached (warning), the summary
    assert "met:" not in result.out
    assert "invented summary" not in result.out


def test_all_shows_met(cli, root: Path) -> None:  # type: ignore[no-untyped-def]
    result = cli("check", "--repo", root, "--as-of", "2026-11-22", "--all")
    assert ": met: " in result.out
    assert "rule T2" in result.out


def test_exit_codes(cli, make_repo: Callable[..., Path], root: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    assert cli("check", "--repo", root, "--as-of", "2026-11-22", "--fail-on", "never").code == 0
    clean = make_repo(
        {"policies/rules.yaml": RULES, "cases/C-0042/case.yaml": CASE_WITH_REVIEW}, name="clean"
    )
    # only the warning-severity T5 is breached: exit 0, but it is reported
    result = cli("check", "--repo", clean, "--as-of", "2026-11-22")
    assert result.code == 0, result.text
    assert "rule T5" in result.out and "[warning only]" in result.out
    for bad in (
        ["--as-of", "2026-02-30"],
        ["--format", "yaml"],
        ["--due-soon", "-1"],
        ["--fail-on", "sometimes"],
    ):
        with pytest.raises(SystemExit) as stopped:
            cli("check", "--repo", root, *bad)
        assert stopped.value.code == 2
    capsys.readouterr()
    with pytest.raises(SystemExit):
        cli("check", "--repo", root, "--as-of", "2026-02-30")
    message = capsys.readouterr().err
    assert "not a real date; write it as YYYY-MM-DD" in message
    assert "2026-02-30" not in message.split("error:")[-1]
    missing = cli("check", "--repo", root, "--policy", root / "nowhere")
    assert missing.code == 2 and "no policy pack found" in missing.err


def test_due_soon(cli, make_repo: Callable[..., Path]) -> None:  # type: ignore[no-untyped-def]
    root = make_repo({"policies/rules.yaml": RULES})
    result = cli("check", "--repo", root, "--as-of", "2026-03-13", "--fail-on", "never")
    assert "due_soon: C-0042 a care planning review" in result.out
    quiet = cli("check", "--repo", root, "--as-of", "2026-03-13", "--due-soon", "2")
    assert "due_soon" not in quiet.out


def test_json_validates_against_the_report_schema(cli, root: Path) -> None:  # type: ignore[no-untyped-def]
    result = cli("check", "--repo", root, "--as-of", "2026-11-22", "--format", "json", "--all")
    data = json.loads(result.out)
    assert list(validator("report").iter_errors(data)) == []
    late = next(f for f in data if f["rule"] == "BX1")
    assert late == {
        **late,
        "case": "C-0042",
        "status": "late",
        "due": "2026-03-02",
        "done": "2026-03-04",
        "working_days_late": 2,
        "file": "cases/C-0042/2026-03-05-referral.yaml",
        "line": 3,
        "clause": "protocol 1.6",
        "rule_status": "procedure",
    }
    assert {f["status"] for f in data} >= {"late", "breached", "met"}
    assert "invented summary" not in result.out


def test_json_report_schema_rejects_bad_output() -> None:
    assert list(validator("report").iter_errors([{"case": "C-0042"}]))
    assert list(validator("report").iter_errors({"findings": []}))


def test_github_annotations_and_step_summary(  # type: ignore[no-untyped-def]
    cli, root: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    summary = tmp_path / "summary.md"
    monkeypatch.setenv("GITHUB_STEP_SUMMARY", str(summary))
    result = cli("check", "--repo", root, "--as-of", "2026-11-22", "--format", "github")
    assert result.code == 1
    lines = result.out.splitlines()
    assert any(
        line.startswith("::error file=cases/C-0042/2026-03-05-referral.yaml,line=3,title=BX1 late")
        for line in lines
    )
    assert any(
        line.startswith("::warning file=cases/C-0042/2026-03-05-referral.yaml") for line in lines
    )
    # the full report follows the annotations
    assert lines[-1].startswith("2 breached, 1 late")
    assert sum(line.startswith("cases/") for line in lines) == 3
    assert "| late | C-0042 | BX1 (protocol 1.6) | 2026-03-02 | 2 |" in summary.read_text()


def test_gitlab_junit_markdown(cli, root: Path, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    out = tmp_path / "quality.json"
    result = cli(
        "check", "--repo", root, "--as-of", "2026-11-22", "--format", "gitlab", "--output", out
    )
    assert result.code == 1 and result.out == ""
    issues = json.loads(out.read_text())
    assert {i["check_name"] for i in issues} == {"BX1", "T3", "T5"}
    assert len({i["fingerprint"] for i in issues}) == len(issues)
    again = cli("check", "--repo", root, "--as-of", "2026-11-23", "--format", "gitlab")
    assert {i["fingerprint"] for i in json.loads(again.out)} == {i["fingerprint"] for i in issues}
    bx1 = next(i for i in issues if i["check_name"] == "BX1")
    assert bx1["severity"] == "major"
    assert bx1["location"] == {
        "path": "cases/C-0042/2026-03-05-referral.yaml",
        "lines": {"begin": 3},
    }
    junit = cli("check", "--repo", root, "--as-of", "2026-11-22", "--format", "junit", "--all").out
    assert junit.startswith('<?xml version="1.0" encoding="UTF-8"?>')
    # breached or late is a failure, warning-only rules included; met is a pass
    assert 'tests="5"' in junit and 'failures="3"' in junit
    assert junit.count("<failure") == 3 and junit.count("<testcase") == 5
    markdown = cli("check", "--repo", root, "--as-of", "2026-11-22", "--format", "markdown").out
    assert markdown.startswith("## Timescales as of 2026-11-22")
    assert "| breached | C-0042 | T3 (protocol 1.23(a)) | 2026-03-19 |" in markdown


def test_subprocess_exit_code_and_output(root: Path) -> None:
    env = {k: v for k, v in os.environ.items() if k != "GITHUB_STEP_SUMMARY"}
    done = subprocess.run(
        [sys.executable, "-m", "casework", "check", "--repo", str(root), "--as-of", "2026-11-22"],
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )
    assert done.returncode == 1
    assert "rule BX1, protocol 1.6" in done.stdout
    assert "Traceback" not in done.stderr

"""Each output format on hand-made findings."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from datetime import date

import pytest

from casework.findings import Finding, Status
from casework.reporters import FORMATS, Report, gitlab, renderer

BASE = Finding(
    case="C-0042",
    rule="BX1",
    status=Status.LATE,
    due=date(2026, 3, 2),
    done=date(2026, 3, 4),
    working_days_late=2,
    days_late=2,
    file="cases/C-0042/2026-03-05-referral.yaml",
    line=3,
    title="Papers, on time",
    clause="protocol 1.6",
    rule_status="procedure",
    severity="error",
    message="C-0042 referral papers for the panel on 2026-03-05 were due by 2026-03-02",
)
AS_OF = date(2026, 11, 22)


def report(*findings: Finding) -> Report:
    return Report.build(findings, findings, AS_OF, cases=1, rules=1)


def test_every_format_is_found_by_name() -> None:
    for name in FORMATS:
        assert renderer(name)(report(BASE))
    with pytest.raises(KeyError):
        renderer("html")


def test_text_line() -> None:
    text = renderer("text")(report(BASE)).splitlines()
    assert text[0] == (
        "cases/C-0042/2026-03-05-referral.yaml:3:1: late: C-0042 referral papers for the panel "
        "on 2026-03-05 were due by 2026-03-02 (rule BX1, protocol 1.6): 2 working days late"
    )
    assert text[1] == "0 breached, 1 late, 0 due soon, 0 open, 0 met across 1 case as of 2026-11-22"
    one = BASE._replace(working_days_late=1)
    assert renderer("text")(report(one)).splitlines()[0].endswith(": 1 working day late")


def test_text_lines_of_a_long_report_are_each_the_line_of_its_finding_alone() -> None:
    # a long report writes each file's name and each rule's reference once and reuses
    # them: every line must still be the one its finding gives on its own
    odd = "cases/C-0042/bad\x1bname.yaml"
    findings = [
        BASE,
        BASE._replace(status=Status.MET, done=date(2026, 3, 1), line=9),
        BASE._replace(file=odd, severity="warning", rule_status="local"),
        BASE._replace(file=odd, rule_version="2026-01-31", status=Status.BREACHED),
        BASE._replace(rule_version="2026-01-31", status=Status.DUE_SOON, done=None),
        BASE._replace(rule="BX2", status=Status.LATE, working_days_late=0, days_late=0),
        BASE._replace(clause="protocol 1.7", status=Status.OPEN, done=None),
    ]
    lines = renderer("text")(report(*findings)).splitlines()
    alone = [renderer("text")(report(f)).splitlines()[0] for f in findings]
    assert lines[:-1] == alone
    assert len(set(alone)) == len(alone)
    assert alone[2].startswith("cases/C-0042/bad\\x1bname.yaml:3:1: late: ")
    assert alone[2].endswith(" [warning only] [local choice]")
    assert "(rule BX1 from 2026-01-31, protocol 1.6)" in alone[3]
    assert alone[5].endswith("(rule BX2, protocol 1.6): late on the day")
    assert alone[6].startswith("cases/C-0042/2026-03-05-referral.yaml:3:1: open: ")


def test_github_escapes_and_limits_annotations() -> None:
    odd = BASE._replace(file="cases/a,b:c.yaml", title="100% on time", message="line\nbreak")
    out = renderer("github")(report(odd)).splitlines()
    assert out[0] == (
        "::error file=cases/a%2Cb%3Ac.yaml,line=3,title=BX1 late%3A 100%25 on time"
        "::line%0Abreak (protocol 1.6): 2 working days late"
    )
    many = [BASE._replace(case=f"C-{n:04d}", line=n) for n in range(1, 15)]
    soon = [
        BASE._replace(status=Status.DUE_SOON, working_days_late=0, line=100 + n) for n in range(3)
    ]
    lines = renderer("github")(report(*many, *soon)).splitlines()
    assert sum(line.startswith("::error ") for line in lines) == 10
    assert sum(line.startswith("::warning ") for line in lines) == 3
    assert any("the full report follows" in line for line in lines)
    assert sum(line.startswith("cases/") for line in lines) == 17  # every finding in the log
    warning_rule = BASE._replace(severity="warning")
    assert renderer("github")(report(warning_rule)).startswith("::warning ")


def test_gitlab_fingerprints_are_stable_and_unique() -> None:
    twin = BASE._replace(line=9)
    issues = json.loads(renderer("gitlab")(report(BASE, twin)))
    assert len({i["fingerprint"] for i in issues}) == 2
    assert issues[0]["fingerprint"] == gitlab.fingerprint(BASE)
    assert gitlab.fingerprint(BASE) == gitlab.fingerprint(BASE._replace(done=None, line=40))
    assert gitlab.fingerprint(BASE) != gitlab.fingerprint(BASE._replace(due=date(2026, 3, 3)))
    assert issues[0]["severity"] == "major"
    assert gitlab.severity(BASE._replace(status=Status.BREACHED)) == "critical"
    assert gitlab.severity(BASE._replace(severity="warning")) == "minor"


def test_junit_groups_by_rule_and_case() -> None:
    met = BASE._replace(status=Status.MET, rule="T2", working_days_late=0)
    again = BASE._replace(due=date(2026, 4, 1))
    xml = renderer("junit")(report(BASE, again, met))
    root = ET.fromstring(xml.split("\n", 1)[1])
    suite = root.find("testsuite")
    assert suite is not None
    assert (suite.get("tests"), suite.get("failures")) == ("2", "1")
    cases = suite.findall("testcase")
    assert [c.get("name") for c in cases] == ["C-0042", "C-0042"]
    failure = cases[0].find("failure")
    assert failure is not None and failure.get("type") == "late"
    assert failure.text is not None and failure.text.count("\n") == 1  # both BX1 findings
    assert cases[1].find("failure") is None


def test_markdown_table_escapes_pipes() -> None:
    piped = BASE._replace(message="a | b")
    md = renderer("markdown")(report(piped))
    assert "| late | C-0042 | BX1 (protocol 1.6) | 2026-03-02 | 2 | a \\| b |" in md
    assert "Nothing to report." in renderer("markdown")(report())


def test_json_is_a_list_of_findings() -> None:
    (item,) = json.loads(renderer("json")(report(BASE)))
    assert item["due"] == "2026-03-02" and item["status"] == "late" and item["subject"] == "C-0042"

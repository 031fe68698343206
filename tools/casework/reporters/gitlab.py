"""GitLab: a Code Quality report (``artifacts: reports: codequality``).

Each finding is an issue with a fingerprint that is the same on every run
for the same case, rule and due date, and unique within the report.
"""

from __future__ import annotations

import hashlib
import json

from casework.findings import DEFAULT_FAIL_ON, LOCAL_LABEL, Finding, Status
from casework.reporters import Report
from casework.reporters.text import rule_ref

_SEVERITY = {
    Status.BREACHED: "critical",
    Status.LATE: "major",
    Status.DUE_SOON: "minor",
    Status.OPEN: "info",
    Status.MET: "info",
}


def severity(finding: Finding, fail_on: str = DEFAULT_FAIL_ON) -> str:
    """Breached or late but not failing the run (warning only, or a local choice): minor."""
    if finding.status in (Status.BREACHED, Status.LATE) and not finding.fails_at(fail_on):
        return "minor"
    return _SEVERITY[finding.status]


def fingerprint(finding: Finding, occurrence: int = 0) -> str:
    key = f"{finding.subject}|{finding.rule}|{finding.due.isoformat()}"
    if occurrence:
        key += f"|{occurrence}"
    return hashlib.sha256(key.encode("utf-8")).hexdigest()[:32]


def render(report: Report) -> str:
    seen: dict[str, int] = {}
    issues = []
    for finding in report.findings:
        base = fingerprint(finding)
        occurrence = seen.get(base, 0)
        seen[base] = occurrence + 1
        description = f"{finding.status.value}: {finding.message} ({rule_ref(finding)})"
        if finding.lateness():
            description += f": {finding.lateness()}"
        if finding.is_local:
            description += f" [{LOCAL_LABEL}]"
        issues.append(
            {
                "description": description,
                "check_name": finding.rule,
                "fingerprint": fingerprint(finding, occurrence),
                "severity": severity(finding, report.fail_on),
                "location": {"path": finding.file, "lines": {"begin": finding.line}},
            }
        )
    return json.dumps(issues, indent=2) + "\n"

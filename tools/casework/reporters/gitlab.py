"""GitLab: a Code Quality report (``artifacts: reports: codequality``).

Each finding is an issue with a fingerprint that is the same on every run
for the same case, rule and due date, and unique within the report.
"""

from __future__ import annotations

import hashlib
import json

from casework.findings import Finding, Status
from casework.reporters import Report

_SEVERITY = {
    Status.BREACHED: "critical",
    Status.LATE: "major",
    Status.DUE_SOON: "minor",
    Status.OPEN: "info",
    Status.MET: "info",
}


def severity(finding: Finding) -> str:
    if finding.severity == "warning" and finding.status in (Status.BREACHED, Status.LATE):
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
        description = (
            f"{finding.status.value}: {finding.message} (rule {finding.rule}, {finding.clause})"
        )
        if finding.lateness():
            description += f": {finding.lateness()}"
        issues.append(
            {
                "description": description,
                "check_name": finding.rule,
                "fingerprint": fingerprint(finding, occurrence),
                "severity": severity(finding),
                "location": {"path": finding.file, "lines": {"begin": finding.line}},
            }
        )
    return json.dumps(issues, indent=2) + "\n"

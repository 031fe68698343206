"""Markdown: a summary and a table, for a CI job summary or a merge request note."""

from __future__ import annotations

from casework.errors import printable
from casework.findings import LOCAL_LABEL, Finding, Status
from casework.reporters import Report

_LABEL = {
    Status.BREACHED: "breached",
    Status.LATE: "late",
    Status.DUE_SOON: "due soon",
    Status.OPEN: "open",
    Status.MET: "met",
}


def _cell(value: str) -> str:
    return value.replace("|", "\\|").replace("\n", " ")


def row(finding: Finding) -> str:
    late = str(finding.working_days_late) if finding.working_days_late else ""
    local = f" ({LOCAL_LABEL})" if finding.is_local else ""
    version = f" from {finding.rule_version}" if finding.rule_version else ""
    cells = [
        _LABEL[finding.status] + local,
        finding.subject,
        f"{finding.rule}{version} ({finding.clause})",
        finding.due.isoformat(),
        late,
        finding.message,
        f"`{printable(finding.file)}:{finding.line}`",
    ]
    return "| " + " | ".join(_cell(c) for c in cells) + " |"


def render(report: Report) -> str:
    lines = [f"## Timescales as of {report.as_of.isoformat()}", "", report.summary() + ".", ""]
    if report.findings:
        lines += [
            "| status | case | rule | due | working days late | what | record |",
            "| --- | --- | --- | --- | ---: | --- | --- |",
            *(row(f) for f in report.findings),
        ]
    else:
        lines.append("Nothing to report.")
    return "\n".join(lines) + "\n"

"""Plain text: one line per finding, like a compiler, then a summary line.

``cases/C-0042/2026-03-05-referral.yaml:3:1: breached: C-0042 referral papers for
the panel on 2026-03-05 were due by 2026-03-02 (rule BX1, protocol 1.6): 2 working
days late``
"""

from __future__ import annotations

from casework.errors import printable
from casework.findings import LOCAL_LABEL, Finding
from casework.reporters import Report


def rule_ref(finding: Finding) -> str:
    """'rule BX1, protocol 1.6', with the version's date when the rule has versions."""
    version = f" from {finding.rule_version}" if finding.rule_version else ""
    return f"rule {finding.rule}{version}, {finding.clause}"


def line(finding: Finding) -> str:
    text = (
        f"{printable(finding.file)}:{finding.line}:1: {finding.status.value}: "
        f"{finding.message} ({rule_ref(finding)})"
    )
    lateness = finding.lateness()
    if lateness:
        text += f": {lateness}"
    if finding.severity == "warning":
        text += " [warning only]"
    if finding.is_local:
        text += f" [{LOCAL_LABEL}]"
    return text


def render(report: Report) -> str:
    lines = [line(f) for f in report.findings]
    lines.append(report.summary())
    return "\n".join(lines) + "\n"

"""Plain text: one line per finding, like a compiler, then a summary line.

``cases/C-0042/2026-03-05-referral.yaml:3:1: breached: C-0042 referral papers for
the panel on 2026-03-05 were due by 2026-03-02 (rule BX1, protocol 1.6): 2 working
days late``
"""

from __future__ import annotations

from casework.errors import printable
from casework.findings import FAILING, LOCAL_LABEL, Finding, Status
from casework.reporters import Report


def rule_ref(finding: Finding) -> str:
    """'rule BX1, protocol 1.6', with the version's date when the rule has versions."""
    version = f" from {finding.rule_version}" if finding.rule_version else ""
    return f"rule {finding.rule}{version}, {finding.clause}"


def line(finding: Finding) -> str:
    return _line(finding, printable(finding.file), rule_ref(finding))


#: each status as a line names it (an enum member's ``value`` is a property: a call each time)
_WORDS = {status: status.value for status in Status}


def _line(finding: Finding, file: str, ref: str) -> str:
    """:func:`line`, given the file's name as shown and the rule's reference."""
    text = f"{file}:{finding.line}:1: {_WORDS[finding.status]}: {finding.message} ({ref})"
    if finding.status in FAILING:  # only these have a lateness
        lateness = finding.lateness()
        if lateness:
            text += f": {lateness}"
    if finding.severity == "warning":
        text += " [warning only]"
    if finding.rule_status == "local":  # finding.is_local
        text += f" [{LOCAL_LABEL}]"
    return text


def render(report: Report) -> str:
    # tens of thousands of lines name a few hundred files and a few dozen rules: each
    # file's name is made printable, and each rule's reference written, once
    files: dict[str, str] = {}
    refs: dict[tuple[str, str | None, str], str] = {}
    lines = []
    for finding in report.findings:
        file = files.get(finding.file)
        if file is None:
            file = files[finding.file] = printable(finding.file)
        key = (finding.rule, finding.rule_version, finding.clause)
        ref = refs.get(key)
        if ref is None:
            ref = refs[key] = rule_ref(finding)
        lines.append(_line(finding, file, ref))
    lines.append(report.summary())
    return "\n".join(lines) + "\n"

"""GitHub Actions: workflow-command annotations, the full report, a job summary.

GitHub shows at most 10 error and 10 warning annotations per step, so the
first ones become annotations on the record's file and line (``::error`` for
breached and late findings that fail the run, ``::warning`` for due soon,
warning-only rules and local choices) and the
full report follows in the log. ``step_summary`` is the Markdown written to
``$GITHUB_STEP_SUMMARY``.
"""

from __future__ import annotations

from casework.errors import printable
from casework.findings import DEFAULT_FAIL_ON, FAILING, LOCAL_LABEL, Finding
from casework.reporters import Report, markdown, text

ANNOTATION_LIMIT = 10


def _escape_data(value: str) -> str:
    return value.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(value: str) -> str:
    return _escape_data(value).replace(":", "%3A").replace(",", "%2C")


def level(finding: Finding, fail_on: str = DEFAULT_FAIL_ON) -> str | None:
    """``error``, ``warning`` or None (not annotated: met and open)."""
    if finding.status in FAILING:
        return "error" if finding.fails_at(fail_on) else "warning"
    if finding.status.value == "due_soon":
        return "warning"
    return None


def annotation(finding: Finding, kind: str) -> str:
    local = f" ({LOCAL_LABEL})" if finding.is_local else ""
    title = f"{finding.rule} {finding.status.value}{local}: {finding.title}"
    props = ",".join(
        [
            f"file={_escape_property(printable(finding.file))}",
            f"line={finding.line}",
            f"title={_escape_property(title)}",
        ]
    )
    version = f"rule {finding.rule} from {finding.rule_version}, " if finding.rule_version else ""
    body = f"{finding.message} ({version}{finding.clause})"
    lateness = finding.lateness()
    if lateness:
        body += f": {lateness}"
    return f"::{kind} {props}::{_escape_data(body)}"


def render(report: Report) -> str:
    used = {"error": 0, "warning": 0}
    lines = []
    for finding in report.findings:
        kind = level(finding, report.fail_on)
        if kind is not None and used[kind] < ANNOTATION_LIMIT:
            used[kind] += 1
            lines.append(annotation(finding, kind))
    annotated = sum(used.values())
    if annotated < sum(1 for f in report.findings if level(f, report.fail_on)):
        lines.append(
            f"(GitHub shows only {ANNOTATION_LIMIT} annotations of each kind per step; "
            "the full report follows)"
        )
    return "\n".join(lines) + ("\n" if lines else "") + text.render(report)


def step_summary(report: Report) -> str:
    return markdown.render(report)

"""``field``: referrals or decisions of a kind have a field filled in, or within bounds.

Records of ``record`` kind matching ``applies`` (conditions on their fields,
dotted paths allowed; a missing field matches only ``null``) must have
``field``: ``present`` (given and not empty-valued), ``nonempty`` (a
non-empty list or text), ``at_least`` a number (a missing number fails) or
``at_most`` a number (a missing number passes). Decisions are read as amended.
Met or breached, dated the day of the record.
"""

from __future__ import annotations

from typing import Any

from casework.findings import Finding, Status, Verdict
from casework.rules.context import Context, Rule
from casework.selectors import is_missing, lookup, where_matches, words

KIND = "field"


def _number(value: Any) -> float | None:
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    return float(value)


def holds(rule: Rule, value: Any) -> bool:
    present = not is_missing(value) and value is not None
    if rule.get("present") and not present:
        return False
    if rule.get("nonempty") and not (present and value not in ("", [], {})):
        return False
    number = _number(value) if present else None
    if "at_least" in rule and (number is None or number < rule["at_least"]):
        return False
    return not ("at_most" in rule and number is not None and number > rule["at_most"])


def requirement(rule: Rule) -> str:
    name = words(rule["field"].replace(".", " "))
    parts = []
    if rule.get("present"):
        parts.append("given")
    if rule.get("nonempty"):
        parts.append("filled in")
    if "at_least" in rule:
        parts.append(f"at least {rule['at_least']:g}")
    if "at_most" in rule:
        parts.append(f"at most {rule['at_most']:g}")
    return f"{name} {' and '.join(parts) or 'given'}"


def evaluate(rule: Rule, context: Context) -> list[Finding]:
    timeline = context.timeline
    if timeline is None:
        return []
    findings = []
    noun = (
        "referral for the panel on" if rule["record"] == "referral" else "decision of the panel on"
    )
    for record in timeline.records_of(rule["record"]):
        if not where_matches(record.data, rule.get("applies")):
            continue
        ok = holds(rule, lookup(record.data, rule["field"]))
        path = tuple(rule["field"].split("."))
        findings.append(
            context.verdict_finding(
                rule,
                due=record.date,
                done=record.date if ok else None,
                where=record.locate(path),
                message=f"{timeline.case_id} the {noun} {_panel(record)} "
                f"needed {requirement(rule)}",
                verdict=Verdict(Status.MET if ok else Status.BREACHED),
            )
        )
    return findings


def _panel(record: Any) -> str:
    return str(record.data.get("panel_date") or record.data.get("hearing_date"))

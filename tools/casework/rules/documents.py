"""``documents``: a referral lists every document it needs.

Referrals matching ``applies`` (conditions on the referral's fields) must
list in ``documents`` every id of ``required``, or, with ``required:
checklist``, every document of the pack's checklist named by the referral's
``checklist`` (a referral without a checklist is left to a ``field`` rule).
Met or breached, dated the day the referral was submitted.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from casework.findings import Finding, Status, Verdict
from casework.rules.context import Context, Rule
from casework.selectors import where_matches

KIND = "documents"


def required_documents(
    rule: Rule, referral: Mapping[str, Any], context: Context
) -> list[str] | None:
    if rule["required"] != "checklist":
        return list(rule["required"])
    letter = referral.get("checklist")
    for checklist in context.policy.pack.get("checklists", []):
        if checklist["id"] == letter:
            return list(checklist["documents"])
    return None


def evaluate(rule: Rule, context: Context) -> list[Finding]:
    timeline = context.timeline
    if timeline is None:
        return []
    findings = []
    for referral in timeline.records_of("referral"):
        data = referral.data
        if not where_matches(data, rule.get("applies")):
            continue
        required = required_documents(rule, data, context)
        if required is None:
            continue
        listed = set(data.get("documents", []))
        missing = [doc for doc in required if doc not in listed]
        panel = data["panel_date"]
        message = (
            f"{timeline.case_id} the referral for the panel on {panel} "
            "needed every required document"
        )
        if missing:
            message += f"; missing: {', '.join(missing)}"
        ok = not missing
        findings.append(
            context.verdict_finding(
                rule,
                due=referral.date,
                done=referral.date if ok else None,
                where=referral.locate(("documents",) if "documents" in data else ("submitted",)),
                message=message,
                verdict=Verdict(Status.MET if ok else Status.BREACHED),
            )
        )
    return findings

"""``approval``: a placement of a certain kind needs approval before it starts.

A placement matching any entry of ``placements`` (every condition of that
entry holds: weekly cost over / at most an amount, type, provider, off
framework) needs an approval recorded on it by one of ``roles`` (with
``or_higher``, also by a role of higher rank in the pack) on or before its
start date; with ``requires_end_date``, only approvals with an end date count.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from casework.findings import Finding
from casework.rules.context import Context, Rule
from casework.selectors import candidates, words
from casework.timeline import Event

KIND = "approval"


def needs_approval(placement: Mapping[str, Any], conditions: list[Mapping[str, Any]]) -> bool:
    return any(_holds(placement, condition) for condition in conditions)


def _holds(placement: Mapping[str, Any], condition: Mapping[str, Any]) -> bool:
    cost = placement.get("weekly_cost")
    has_cost = isinstance(cost, int | float) and not isinstance(cost, bool)
    checks = {
        "weekly_cost_over": lambda v: has_cost and cost > v,
        "weekly_cost_at_most": lambda v: has_cost and cost <= v,
        "type": lambda v: placement.get("type") in v,
        "provider": lambda v: placement.get("provider") in v,
        "off_framework": lambda v: placement.get("off_framework") is True,
    }
    return all(checks[key](value) for key, value in condition.items())


def evaluate(rule: Rule, context: Context) -> list[Finding]:
    timeline = context.timeline
    if timeline is None:
        return []
    roles = set(rule["roles"])
    top = max(context.policy.role_rank(role) for role in roles)

    def may_approve(event: Event) -> bool:
        role = event.attrs.get("role")
        if role in roles:
            pass
        elif not (rule.get("or_higher") and context.policy.role_rank(role) > top):
            return False
        return not rule.get("requires_end_date") or bool(event.attrs.get("end_date"))

    who = " or ".join(f"the {words(role)}" for role in rule["roles"])
    if rule.get("or_higher"):
        who += " (or a more senior role)"
    with_end = " with an end date" if rule.get("requires_end_date") else ""
    findings = []
    for event, start in candidates(timeline, {"event": "placement_started"}):
        if not needs_approval(event.attrs, rule["placements"]):
            continue
        approvals = [
            (e, when)
            for e, when in candidates(timeline, {"event": "approval"}, event)
            if may_approve(e)
        ]
        hit = approvals[0] if approvals else None
        findings.append(
            context.finding(
                rule,
                due=start,
                done=hit[1] if hit else None,
                where=hit[0].source if hit else event.source,
                what=f"approval{with_end} by {who} for the placement starting {start.isoformat()}",
            )
        )
    return findings

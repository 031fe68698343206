"""``approval``: a placement of a certain kind needs approval before it starts.

A placement matching any entry of ``placements`` (every condition of that
entry holds: weekly cost over / at most an amount, type, provider, off
framework) needs an approval recorded on it by one of ``roles`` (with
``or_higher``, also by a role of higher rank in the pack) on or before its
start date; with ``requires_end_date``, only approvals with an end date count.
A placement with no weekly cost that would need the approval if its cost were
over (or at most) the threshold cannot be judged: unless such an approval was
given by its start anyway, it is ``breached`` with a message asking for the cost.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import date
from types import MappingProxyType
from typing import Any

from casework.findings import Finding, Status, Verdict
from casework.rules.context import Context, Rule
from casework.selectors import candidates, words
from casework.timeline import Event

KIND = "approval"
#: the selectors this kind uses, made once (selections are kept per selector object)
_PLACEMENTS = MappingProxyType({"event": "placement_started"})
_APPROVALS = MappingProxyType({"event": "approval"})


def needs_approval(placement: Mapping[str, Any], conditions: list[Mapping[str, Any]]) -> bool:
    return any(_holds(placement, condition) for condition in conditions)


_COST_KEYS = ("weekly_cost_over", "weekly_cost_at_most")


def _has_cost(placement: Mapping[str, Any]) -> bool:
    cost = placement.get("weekly_cost")
    return isinstance(cost, int | float) and not isinstance(cost, bool)


def cost_decides(placement: Mapping[str, Any], conditions: list[Mapping[str, Any]]) -> bool:
    """No weekly cost, and some condition would hold if the cost were known."""
    if _has_cost(placement):
        return False
    return any(
        any(key in condition for key in _COST_KEYS)
        and _holds(placement, {k: v for k, v in condition.items() if k not in _COST_KEYS})
        for condition in conditions
    )


def _holds(placement: Mapping[str, Any], condition: Mapping[str, Any]) -> bool:
    cost = placement.get("weekly_cost")
    has_cost = isinstance(cost, int | float) and not isinstance(cost, bool)
    checks: dict[str, Callable[[Any], bool]] = {
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
    for event, start in candidates(timeline, _PLACEMENTS):
        approvals = [
            (e, when) for e, when in candidates(timeline, _APPROVALS, event) if may_approve(e)
        ]
        if not needs_approval(event.attrs, rule["placements"]):
            if cost_decides(event.attrs, rule["placements"]) and not any(
                when <= start for _, when in approvals
            ):
                findings.append(_no_cost(rule, context, event, start, who))
            continue
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


def _no_cost(rule: Rule, context: Context, event: Event, start: date, who: str) -> Finding:
    """A placement without a weekly cost: the threshold cannot be judged."""
    return context.verdict_finding(
        rule,
        due=start,
        done=None,
        where=event.source,
        message=f"{context.case} the placement starting {start.isoformat()} has no weekly "
        f"cost, so whether it needed approval by {who} before it started cannot be judged; "
        "record its weekly_cost (or the approval)".lstrip(),
        verdict=Verdict(Status.BREACHED),
    )

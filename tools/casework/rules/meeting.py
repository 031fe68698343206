"""``meeting``: a panel meeting keeps to the pack's panel settings.

Checks, one per rule: ``max_cases`` (cases heard), ``quorum`` (the chair and
``quorum_others`` members), ``max_members`` (the chair and members present),
``chair_role`` (chaired by a ``chair_roles`` or the ``vice_chair_role``),
``declarations`` (the record says whether anyone declared prior involvement),
``on_schedule`` (on the panel's cadence or marked extraordinary) and
``conduct_statement`` (the statement of conduct was read). Each meeting gives
one finding, met or breached, dated the day of the meeting.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from casework.findings import Finding, Status, Verdict
from casework.rules.context import Context, Rule
from casework.schedule import is_scheduled
from casework.workdays import parse_date

KIND = "meeting"

Check = Callable[[Mapping[str, Any], Mapping[str, Any], Context], bool]


def _chairs(panel: Mapping[str, Any]) -> list[str]:
    return [
        *panel["chair_roles"],
        *([panel["vice_chair_role"]] if "vice_chair_role" in panel else []),
    ]


#: check -> (field it points at, test, what the rule requires in words)
CHECKS: dict[str, tuple[str, Check, Callable[[Mapping[str, Any]], str]]] = {
    "max_cases": (
        "cases_heard",
        lambda m, p, c: len(m.get("cases_heard", [])) <= p["max_cases"],
        lambda p: f"to hear at most {p['max_cases']} cases",
    ),
    "quorum": (
        "members_present",
        lambda m, p, c: (
            bool(m.get("chair_role")) and len(m.get("members_present", [])) >= p["quorum_others"]
        ),
        lambda p: f"to be quorate: the chair and at least {p['quorum_others']} other members",
    ),
    "max_members": (
        "members_present",
        lambda m, p, c: 1 + len(m.get("members_present", [])) <= p["max_members"],
        lambda p: f"to have at most {p['max_members']} members, the chair included",
    ),
    "chair_role": (
        "chair_role",
        lambda m, p, c: m.get("chair_role") in _chairs(p),
        lambda p: (
            "to be chaired by the " + " or the ".join(r.replace("_", " ") for r in _chairs(p))
        ),
    ),
    "declarations": (
        "declarations",
        lambda m, p, c: "declarations" in m,
        lambda p: "to record declarations of prior involvement (an empty list if none)",
    ),
    "on_schedule": (
        "date",
        lambda m, p, c: (
            bool(m.get("extraordinary")) or is_scheduled(p, c.calendar, parse_date(m["date"]))
        ),
        lambda p: "to be on the panel's schedule or marked extraordinary",
    ),
    "conduct_statement": (
        "conduct_statement_read",
        lambda m, p, c: m.get("conduct_statement_read") is True,
        lambda p: "to record that the statement of conduct was read",
    ),
}


def evaluate(rule: Rule, context: Context) -> list[Finding]:
    record = context.meeting
    if record is None:
        return []
    data = record.data
    panel = context.policy.panel_by_id(data.get("panel")) or context.policy.panel
    field, test, required = CHECKS[rule["check"]]
    day = parse_date(data["date"])
    ok = test(data, panel, context)
    return [
        context.verdict_finding(
            rule,
            due=day,
            done=day if ok else None,
            where=record.doc.locate((field,)),
            message=f"the panel meeting on {day.isoformat()} needed {required(panel)}",
            verdict=Verdict(Status.MET if ok else Status.BREACHED),
        )
    ]

"""A referral names its panel where the pack has several, and is for one of the
panel's scheduled meetings (or says the meeting is extraordinary); its
criterion is one the panel hears.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from typing import Any

from casework.checks.repository import Repository, as_day, problem
from casework.policy import Policy
from casework.problems import Problem
from casework.records import Record
from casework.schedule import scheduled_dates


def _cadence_words(panel: dict[str, Any]) -> str:
    cadence = panel["cadence"]
    if "dates" in cadence:
        return "on the dates listed in the policy pack"
    weekday = str(cadence["weekday"]).capitalize()
    if cadence["every"] == "month":
        nth = int(cadence["nth"])
        order = {1: "first", 2: "second", 3: "third", 4: "fourth", -1: "last"}[nth]
        return f"on the {order} {weekday} of each month"
    every = {"week": "every", "fortnight": "every other", "four_weeks": "every fourth"}
    return f"{every[cadence['every']]} {weekday}"


def _panel_of(policy: Policy, record: Record) -> tuple[dict[str, Any] | None, str | None]:
    """(the panel a referral or meeting is for, or None with a problem message)."""
    named = record.data.get("panel")
    panel = policy.panel_by_id(named if isinstance(named, str) else None)
    if panel is not None:
        return panel, None
    ids = ", ".join(str(p["id"]) for p in policy.panels)
    if named is None:
        return None, (
            f"the policy pack has several panels, so a {record.kind} names its panel; add "
            f"'panel:' with one of: {ids}"
        )
    return None, None  # an unknown id is a schema problem, reported already


def check(repo: Repository) -> Iterator[Problem]:
    """A referral names its panel (where there are several) and is for one of its
    scheduled meetings, unless it says the meeting is extraordinary; its criterion
    is one the panel hears."""
    policy = repo.policy
    if policy is None:
        return
    wanted: dict[str, list[tuple[Record, date]]] = {}
    panels: dict[str, dict[str, Any]] = {}
    for record in repo.records:
        if record.kind not in ("referral", "meeting"):
            continue
        panel, error = _panel_of(policy, record)
        if error:
            yield problem(record, (), error, code="panel")
        if panel is None or record.kind != "referral":
            continue
        hears = panel.get("criteria")
        if hears and record.data["criterion"] not in hears:
            yield problem(
                record,
                ("criterion",),
                "'criterion' is not one the panel this referral is for hears (its 'criteria' "
                "in the policy pack); refer the child to the panel that hears it, or correct "
                "the criterion",
                code="panel",
            )
        day = as_day(record.data["panel_date"])
        if day and record.data.get("extraordinary") is not True:
            panels[panel["id"]] = panel
            wanted.setdefault(panel["id"], []).append((record, day))
    for panel_id, referrals in wanted.items():
        panel = panels[panel_id]
        days = [day for _, day in referrals]
        held = set(scheduled_dates(panel, policy.calendar, min(days), max(days)))
        for record, day in referrals:
            if day not in held:
                yield problem(
                    record,
                    ("panel_date",),
                    "'panel_date' is not a scheduled meeting of the panel (it meets "
                    f"{_cadence_words(panel)}, except on bank holidays, closure days and "
                    "cancelled dates); choose a scheduled date, or add 'extraordinary: true' "
                    "if an extraordinary meeting has been arranged",
                    code="schedule",
                )

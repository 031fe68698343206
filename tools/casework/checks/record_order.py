"""Referrals are authorised, then submitted, then heard; a decision's dates look
forward from its hearing.
"""

from __future__ import annotations

from collections.abc import Iterator

from casework.checks.repository import Repository, as_day, problem, quoted
from casework.problems import Problem


def check(repo: Repository) -> Iterator[Problem]:
    """Referrals are authorised, then submitted, then heard; decisions look forward."""
    for record in repo.records:
        data = record.data
        if record.kind == "referral":
            panel, submitted = as_day(data["panel_date"]), as_day(data["submitted"])
            authorised = as_day(data["authorised_by"]["date"])
            if panel and submitted and submitted > panel:
                yield problem(
                    record,
                    ("submitted",),
                    "'submitted' is after 'panel_date'; a referral is submitted before the "
                    "meeting it is for, so check both dates",
                    code="order",
                )
            if submitted and authorised and authorised > submitted:
                yield problem(
                    record,
                    ("authorised_by", "date"),
                    "'authorised_by.date' is after 'submitted'; a referral is authorised before "
                    "it is submitted, so check both dates",
                    code="order",
                )
        elif record.kind == "decision":
            hearing = as_day(data["hearing_date"])
            back = as_day(data.get("return_to_panel"))
            if hearing and back and back <= hearing:
                yield problem(
                    record,
                    ("return_to_panel",),
                    "'return_to_panel' is not after 'hearing_date'; the return date is a later "
                    "meeting",
                    code="order",
                )
            for index, item in enumerate(data["items"]):
                due = as_day(item.get("due"))
                if hearing and due and due < hearing:
                    path = ("items", index, "due")
                    yield problem(
                        record,
                        path,
                        f"{quoted(path)} is before 'hearing_date'; a due date set by the panel "
                        "comes after the hearing",
                        code="order",
                    )

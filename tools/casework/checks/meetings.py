"""A meeting's cases exist, and each case heard has a decision dated that day."""

from __future__ import annotations

from collections.abc import Iterator

from casework.checks.repository import Repository, problem, quoted
from casework.problems import Problem, Severity
from casework.yamlload import PathKey


def check(repo: Repository) -> Iterator[Problem]:
    """A meeting's cases exist, and each case heard has a decision dated that day."""
    for record in repo.records:
        if record.kind != "meeting":
            continue
        data = record.data
        for index, case_id in enumerate(data["cases_heard"]):
            path: PathKey = ("cases_heard", index)
            if not repo.has_case(case_id):
                yield problem(
                    record,
                    path,
                    f"{quoted(path)} names a case with no case folder (no case.yaml); check the "
                    "case id",
                    code="reference",
                )
            elif not repo.has_file(f"cases/{case_id}/{data['date']}-decision.yaml"):
                yield problem(
                    record,
                    path,
                    f"{quoted(path)} has no decision record dated the day of this meeting; add the "
                    "decision ('casework new decision'), or list the case under "
                    "'cases_deferred' if it was not heard",
                    severity=Severity.WARNING,
                    code="no-decision",
                )
        for index, deferred in enumerate(data.get("cases_deferred") or []):
            path = ("cases_deferred", index, "case_id")
            if not repo.has_case(deferred["case_id"]):
                yield problem(
                    record,
                    path,
                    f"{quoted(path)} names a case with no case folder (no case.yaml); check the "
                    "case id",
                    code="reference",
                )

"""A meeting's cases exist, and each case heard has a decision dated that day."""

from __future__ import annotations

from collections.abc import Iterator

from casework.checks.repository import Repository, problem, quoted
from casework.corrections import corrected_meetings, field_source
from casework.problems import Problem, Severity
from casework.yamlload import PathKey


def check(repo: Repository) -> Iterator[Problem]:
    """A meeting's cases exist, and each case heard has a decision dated that day; read as
    the meeting's corrections say it should read, each problem reported in the file (the
    meeting or its latest correction of the field) that gives the value."""
    for record in corrected_meetings(repo.records):
        data = record.data
        heard_in = field_source(record, "cases_heard")
        heard_at: PathKey = ("changes",) if heard_in is not record else ()
        for index, case_id in enumerate(data.get("cases_heard") or []):
            path: PathKey = (*heard_at, "cases_heard", index)
            if not repo.has_case(case_id):
                yield problem(
                    heard_in,
                    path,
                    f"{quoted(path)} names a case with no case folder (no case.yaml); check the "
                    "case id",
                    code="reference",
                )
            elif not repo.has_file(f"cases/{case_id}/{data['date']}-decision.yaml"):
                yield problem(
                    heard_in,
                    path,
                    f"{quoted(path)} has no decision record dated the day of this meeting; add the "
                    "decision ('casework new decision'), or list the case under "
                    "'cases_deferred' if it was not heard",
                    severity=Severity.WARNING,
                    code="no-decision",
                )
        deferred_in = field_source(record, "cases_deferred")
        deferred_at: PathKey = ("changes",) if deferred_in is not record else ()
        for index, deferred in enumerate(data.get("cases_deferred") or []):
            path = (*deferred_at, "cases_deferred", index, "case_id")
            if not repo.has_case(deferred["case_id"]):
                yield problem(
                    deferred_in,
                    path,
                    f"{quoted(path)} names a case with no case folder (no case.yaml); check the "
                    "case id",
                    code="reference",
                )

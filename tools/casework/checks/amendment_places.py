"""A meeting record is corrected from the meetings folder, and a case's records from
the case folder; a correction of a meeting belongs to no one case."""

from __future__ import annotations

from collections.abc import Iterator

from casework.checks.repository import Repository, problem
from casework.problems import Problem


def check(repo: Repository) -> Iterator[Problem]:
    """Each amendment is in the folder of the record it corrects."""
    for record in repo.records:
        if record.kind != "amendment":
            continue
        of_meeting = str(record.data["amends"]).endswith("-meeting")
        in_case = record.file.case_id is not None
        if in_case and of_meeting:
            yield problem(
                record,
                ("amends",),
                "'amends' names a meeting record, and a meeting record is corrected by an "
                "amendment in the meetings folder, not in a case folder; move this file to "
                "meetings/ (casework new amendment --amends with the meeting's name writes it "
                "there) and remove its 'case_id'",
                code="reference",
            )
        elif not in_case and not of_meeting:
            yield problem(
                record,
                ("amends",),
                "'amends' names a decision or referral, and those are corrected by an "
                "amendment in their case folder, not in the meetings folder; move this file to "
                "the case's folder (casework new amendment --case ID --amends NAME writes it "
                "there)",
                code="reference",
            )
        elif not in_case and "case_id" in record.data:
            yield problem(
                record,
                ("case_id",),
                "'case_id' is not part of a correction to a meeting record (a meeting hears "
                "several cases); remove it",
                code="case-id",
            )

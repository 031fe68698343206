"""Every record's ``case_id`` is the name of its case folder, and the folder has a
case record.
"""

from __future__ import annotations

from collections.abc import Iterator

from casework.checks.repository import Repository, problem
from casework.problems import Problem


def check(repo: Repository) -> Iterator[Problem]:
    """One folder per child: a record's case_id is the name of its folder."""
    for record in repo.records:
        folder = record.file.case_id
        if folder is None:
            continue
        if record.data.get("case_id") != folder:
            other = record.data.get("case_id")
            if record.kind == "case" and isinstance(other, str) and repo.has_case(other):
                message = (
                    "'case_id' is the id of another child's case folder; each child has exactly "
                    "one folder, named by their case id, so correct the case_id"
                )
            else:
                message = (
                    "'case_id' differs from the name of the folder this file is in; each child "
                    "has one folder named by their case id, so correct the case_id or move the file"
                )
            yield problem(record, ("case_id",), message, code="case-id")
        if record.kind != "case" and not repo.has_case(folder):
            yield problem(
                record,
                (),
                "this case folder has no case.yaml; create it with 'casework new case'",
                code="case-id",
            )

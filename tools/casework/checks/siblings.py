"""Siblings are existing cases, and list each other."""

from __future__ import annotations

from collections.abc import Iterator

from casework.checks.repository import Repository, problem, quoted
from casework.problems import Problem


def check(repo: Repository) -> Iterator[Problem]:
    """Siblings are existing cases, and list each other."""
    for record in repo.records:
        if record.kind != "case":
            continue
        own = record.file.case_id
        for index, sibling in enumerate(record.data.get("siblings") or []):
            path = ("siblings", index)
            if sibling == own:
                yield problem(
                    record,
                    path,
                    f"{quoted(path)} is this child's own case id; list only brothers and sisters",
                    code="sibling",
                )
            elif not repo.has_case(sibling):
                yield problem(
                    record,
                    path,
                    f"{quoted(path)} names a case with no case folder (no case.yaml); check the "
                    "case id, or create the sibling's case first",
                    code="sibling",
                )
            else:
                other = repo.case_record(sibling)
                if other is not None and own not in (other.data.get("siblings") or []):
                    yield problem(
                        record,
                        path,
                        f"{quoted(path)} names a case whose case.yaml does not list this child as "
                        "a sibling; siblings list each other, so add this case id there too",
                        code="sibling",
                    )

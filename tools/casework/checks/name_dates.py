"""The date in a record's file name is the record's own date."""

from __future__ import annotations

from collections.abc import Iterator

from casework.checks.repository import Repository, problem
from casework.problems import Problem
from casework.schemas import with_article

#: record kind -> the field that must equal the date in the file name
NAME_DATE_FIELD = {
    "referral": "panel_date",
    "decision": "hearing_date",
    "amendment": "date",
    "meeting": "date",
}


def check(repo: Repository) -> Iterator[Problem]:
    """The date in a file's name is the record's own date."""
    for record in repo.records:
        name_field = NAME_DATE_FIELD.get(record.kind)
        if name_field is None or record.data.get(name_field) == record.file.date:
            continue
        yield problem(
            record,
            (name_field,),
            f"'{name_field}' is not the date in the file name; {with_article(record.kind)} "
            "file is named "
            f"YYYY-MM-DD-{record.kind}.yaml by its {name_field.replace('_', ' ')}, so correct "
            "the date or rename the file",
            code="naming",
        )

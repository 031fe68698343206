"""A decision hears a referral of its case folder, an amendment amends a decision
or a referral there, and neither is dated before what it names.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from casework.checks.repository import Repository, as_day, problem
from casework.problems import Problem
from casework.records import Record


def _referenced(
    repo: Repository, record: Record, field: str, kind: str
) -> tuple[Record | None, str | None]:
    """(the record named by ``field``, or None with a problem message)."""
    name = record.data[field]
    case_id = record.file.case_id
    example = "2026-03-05-referral" if kind == "referral" else "2026-03-05-decision"
    if not name.endswith(f"-{kind}"):
        return None, (
            f"'{field}' must name a {kind} record (a name ending in '-{kind}', "
            f"for example {example})"
        )
    if not repo.has_file(f"cases/{case_id}/{name}.yaml"):
        return None, (
            f"'{field}' names a {kind} that is not in this case folder; give the file name of "
            f"the {kind} without '.yaml', for example {example}"
        )
    return repo.record(case_id or "", name), None


@dataclass(frozen=True)
class _Reference:
    """A record kind that names another record, and the order their dates must keep."""

    field: str
    target: str
    date_field: str
    target_date_field: str
    order_message: str


_REFERENCES = {
    "decision": _Reference(
        "referral",
        "referral",
        "hearing_date",
        "submitted",
        "'hearing_date' is before the referral it hears was submitted; "
        "check this date and the referral's 'submitted' date",
    ),
    "amendment": _Reference(
        "amends",
        "decision",
        "date",
        "hearing_date",
        "'date' is before the hearing of the decision it amends; an amendment "
        "is made on or after the hearing",
    ),
}
#: an amendment may correct a referral instead: it is made on or after the referral went in
_AMENDS_REFERRAL = _Reference(
    "amends",
    "referral",
    "date",
    "submitted",
    "'date' is before the referral it amends was submitted; an amendment is made on or "
    "after the record it corrects",
)


def _reference_of(record: Record) -> _Reference | None:
    ref = _REFERENCES.get(record.kind)
    if record.kind == "amendment" and str(record.data.get("amends", "")).endswith("-referral"):
        return _AMENDS_REFERRAL
    return ref


def check(repo: Repository) -> Iterator[Problem]:
    """A decision hears an existing referral; an amendment amends an existing decision
    or referral."""
    for record in repo.records:
        ref = _reference_of(record)
        if ref is None:
            continue
        target, error = _referenced(repo, record, ref.field, ref.target)
        if error:
            yield problem(record, (ref.field,), error, code="reference")
        elif target is not None:
            own = as_day(record.data[ref.date_field])
            theirs = as_day(target.data[ref.target_date_field])
            if own and theirs and own < theirs:
                yield problem(record, (ref.date_field,), ref.order_message, code="order")

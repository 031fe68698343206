"""A decision hears a referral of its case folder, an amendment amends a decision
or a referral there (or, in meetings/, a meeting record), and neither is dated
before what it names.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from casework.checks.repository import Repository, as_day, problem
from casework.problems import Problem
from casework.records import Record

_EXAMPLES = {
    "referral": "2026-03-05-referral",
    "decision": "2026-03-05-decision",
    "meeting": "2026-03-05-meeting",
}


def _referenced(
    repo: Repository, record: Record, field: str, kind: str
) -> tuple[Record | None, str | None]:
    """(the record named by ``field``, or None with a problem message)."""
    name = record.data[field]
    case_id = record.file.case_id
    example = _EXAMPLES[kind]
    if not name.endswith(f"-{kind}"):
        return None, (
            f"'{field}' must name a {kind} record (a name ending in '-{kind}', "
            f"for example {example})"
        )
    if kind == "meeting":
        if not repo.has_file(f"meetings/{name}.yaml"):
            return None, (
                f"'{field}' names a meeting that has no record in the meetings folder; give "
                f"the file name of the meeting record without '.yaml', for example {example}"
            )
        return repo.record("", name), None
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


#: a meeting record is corrected by an amendment in meetings/, made on or after the meeting
_AMENDS_MEETING = _Reference(
    "amends",
    "meeting",
    "date",
    "date",
    "'date' is before the meeting it corrects; a correction is made on or after the meeting",
)


#: an amendment in a case folder naming neither a decision nor a referral (another amendment)
_AMENDS_WHAT = (
    "'amends' must name the decision or referral this amendment corrects (a name ending in "
    "'-decision' or '-referral', for example 2026-03-05-decision); to correct an amendment, "
    "write a new amendment of that same record: amendments apply one after another, oldest "
    "first"
)


def _reference_of(record: Record) -> _Reference | None:
    ref = _REFERENCES.get(record.kind)
    if record.kind != "amendment":
        return ref
    amends = str(record.data.get("amends", ""))
    if (record.file.case_id is None) != amends.endswith("-meeting"):
        return None  # in the wrong folder: amendment_places says so
    if record.file.case_id is None:  # meetings/<date>-amendment.yaml
        return _AMENDS_MEETING
    if amends.endswith("-referral"):
        return _AMENDS_REFERRAL
    return ref


def check(repo: Repository) -> Iterator[Problem]:
    """A decision hears an existing referral; an amendment amends an existing decision
    or referral."""
    for record in repo.records:
        ref = _reference_of(record)
        if ref is None:
            continue
        if ref is _REFERENCES["amendment"] and not str(record.data[ref.field]).endswith(
            "-decision"
        ):
            yield problem(record, (ref.field,), _AMENDS_WHAT, code="reference")
            continue
        target, error = _referenced(repo, record, ref.field, ref.target)
        if error:
            yield problem(record, (ref.field,), error, code="reference")
        elif target is not None:
            own = as_day(record.data[ref.date_field])
            theirs = as_day(target.data[ref.target_date_field])
            if own and theirs and own < theirs:
                yield problem(record, (ref.date_field,), ref.order_message, code="order")

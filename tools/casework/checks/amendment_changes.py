"""An amendment changes something: none of its ``changes`` gives what the record it
amends already says (with the corrections made before it applied, oldest first).

The desk refuses such a field when saving; this check holds the same rule for a
file written by hand, through ``validate``, the commit hook and CI. Both ask
:func:`casework.corrections.unchanged_fields`.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator

from casework.checks.repository import Repository, problem, quoted
from casework.corrections import apply, correction_order, unchanged_fields
from casework.problems import Problem
from casework.records import Record

#: how messages name the record an amendment corrects, by the end of its name
_NOUNS = {"decision": "decision", "referral": "referral", "meeting": "meeting record"}


def _target(repo: Repository, amendment: Record) -> Record | None:
    """The record an amendment corrects, when it is where it should be and valid (else
    the reference and place checks, or its own schema, say what is wrong)."""
    amends = str(amendment.data["amends"])
    kind = amends.rsplit("-", 1)[-1]
    of_meeting = kind == "meeting"
    if kind not in _NOUNS or of_meeting != (amendment.file.case_id is None):
        return None
    target = repo.record(amendment.file.case_id or "", amends)
    return target if target is not None and target.kind == kind else None


def message(field: str, kind: str, earlier: bool) -> str:
    """What is said about a field of ``changes`` that changes nothing (never its value)."""
    noun = _NOUNS[kind]
    as_now = f"the {noun} already says"
    if earlier:
        as_now += " once the amendments made before this one are applied"
    return (
        f"{quoted(('changes', field))} gives what {as_now}, so it changes nothing; remove "
        f"'{field}' from 'changes', or give the value it should have"
    )


def check(repo: Repository) -> Iterator[Problem]:
    """Each field of each amendment's ``changes`` changes the record it amends."""
    corrections: dict[tuple[str, str], list[Record]] = defaultdict(list)
    targets: dict[tuple[str, str], Record] = {}
    for record in repo.records:
        if record.kind != "amendment":
            continue
        target = _target(repo, record)
        if target is not None:
            key = (record.file.case_id or "", target.file.stem)
            targets[key] = target
            corrections[key].append(record)
    for key, found in corrections.items():
        target = targets[key]
        ordered = sorted(found, key=correction_order)
        for index, amendment in enumerate(ordered):
            now = apply(target, ordered[:index]).data
            for field in unchanged_fields(now, amendment.data["changes"]):
                yield problem(
                    amendment,
                    ("changes", field),
                    message(field, target.kind, index > 0),
                    code="unchanged",
                )

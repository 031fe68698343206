"""Meeting records and referrals as their corrections say they should read.

A committed meeting record is never edited (``casework audit``); a mistake in
it is corrected by an amendment at ``meetings/<date made>-amendment.yaml``
whose ``amends`` names the meeting (``2026-03-05-meeting``) and whose
``changes`` give the fields as they should read. Everything that reads a
meeting (the timescale rules, the site's agendas, the cross-file checks) reads
it through :func:`corrected_meetings`, so no reader sees the uncorrected one.

A referral is corrected the same way by an amendment in its case folder
(``amends: 2026-03-05-referral``); the site reads referrals through
:func:`corrected_referrals` (its agendas) and :func:`referral_corrections`
(its case pages), and the timescale rules through the case's timeline.

Pure functions over loaded records: no file is read here.
"""

from __future__ import annotations

import copy
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from datetime import date
from typing import Any

from casework.records import Record
from casework.workdays import parse_date


@dataclass(frozen=True)
class CorrectedRecord(Record):
    """A record with its corrections applied; ``corrections`` oldest first.

    ``doc.data`` is the corrected data; ``doc.locate`` still points into the
    record's own file (a field a correction changed is found at its old place).
    """

    corrections: tuple[Record, ...] = ()


def is_meeting_correction(record: Record) -> bool:
    """An amendment that corrects a meeting record."""
    return record.kind == "amendment" and str(record.data.get("amends", "")).endswith("-meeting")


def correction_order(record: Record) -> tuple[str, int]:
    """Oldest first: by the day made, then by the number in the file name (-2, -3)."""
    stem = record.file.stem
    number = 1 if stem.endswith("amendment") else int(stem.rsplit("-", 1)[1])
    return (str(record.data["date"]), number)


def meeting_corrections(
    records: Iterable[Record], as_of: date | None = None
) -> dict[str, list[Record]]:
    """Each meeting's corrections (by the meeting's name, ``2026-03-05-meeting``), oldest
    first; with ``as_of``, only those made by that day."""
    found: dict[str, list[Record]] = defaultdict(list)
    for record in records:
        if not is_meeting_correction(record) or record.file.case_id is not None:
            continue
        made = parse_date(record.data["date"]) if isinstance(record.data["date"], str) else None
        if as_of is not None and (made is None or made > as_of):
            continue
        found[str(record.data["amends"])].append(record)
    return {name: sorted(items, key=correction_order) for name, items in found.items()}


def is_referral_correction(record: Record) -> bool:
    """An amendment that corrects a referral."""
    return record.kind == "amendment" and str(record.data.get("amends", "")).endswith("-referral")


def referral_corrections(
    records: Iterable[Record], as_of: date | None = None
) -> dict[tuple[str, str], list[Record]]:
    """Each referral's corrections, by its case id and name (``2026-03-05-referral``),
    oldest first; with ``as_of``, only those made by that day."""
    found: dict[tuple[str, str], list[Record]] = defaultdict(list)
    for record in records:
        if not is_referral_correction(record) or record.file.case_id is None:
            continue
        made = parse_date(record.data["date"]) if isinstance(record.data["date"], str) else None
        if as_of is not None and (made is None or made > as_of):
            continue
        found[(record.file.case_id, str(record.data["amends"]))].append(record)
    return {key: sorted(items, key=correction_order) for key, items in found.items()}


def corrected_referrals(records: Iterable[Record], as_of: date | None = None) -> list[Record]:
    """Every referral, each with its corrections (made by ``as_of``) applied."""
    records = list(records)
    found = referral_corrections(records, as_of)
    return [
        apply(record, found.get((record.file.case_id or "", record.file.stem), []))
        for record in records
        if record.kind == "referral"
    ]


def apply(record: Record, corrections: list[Record]) -> Record:
    """The record as its corrections say it should read (itself when there are none)."""
    if not corrections:
        return record
    data = copy.deepcopy(dict(record.data))
    for correction in corrections:
        data.update(copy.deepcopy(correction.data["changes"]))
    return CorrectedRecord(record.file, replace(record.doc, data=data), tuple(corrections))


def same_value(one: Any, other: Any) -> bool:
    """Whether two values read from records say the same thing.

    Mappings by their keys and values in any order, lists item by item in order,
    numbers by value (``1250.50`` is ``1250.5``; ``3`` is ``3.0``), everything else
    exactly. ``true`` is not the number 1 (Python's ``==`` says it is). A date is
    text in one form (YYYY-MM-DD, the schemas see to it), quoted or not.
    """
    if isinstance(one, bool) or isinstance(other, bool):
        return isinstance(one, bool) and isinstance(other, bool) and one is other
    if isinstance(one, (int, float)) and isinstance(other, (int, float)):
        return one == other
    if isinstance(one, dict) and isinstance(other, dict):
        return one.keys() == other.keys() and all(same_value(one[k], other[k]) for k in one)
    if isinstance(one, list) and isinstance(other, list):
        return len(one) == len(other) and all(map(same_value, one, other))
    return type(one) is type(other) and one == other


def unchanged_fields(now: Mapping[str, Any], changes: Mapping[str, Any]) -> list[str]:
    """The fields of an amendment's ``changes`` that give what the record amended says
    ``now`` (with the corrections made before this one applied), in the amendment's
    order: a change that changes nothing.

    A field the record leaves out is never unchanged, even by an empty list or
    null: giving it records something the record did not say (``declarations: []``
    says nobody declared anything, and the meeting rule BX6 reads that as recorded
    where a record without the field is not).

    The one answer to "does this change anything": ``casework validate`` reports
    these fields and the desk refuses them.
    """
    return [key for key, value in changes.items() if key in now and same_value(now[key], value)]


def corrected_meetings(records: Iterable[Record], as_of: date | None = None) -> list[Record]:
    """Every meeting record, each with its corrections (made by ``as_of``) applied."""
    records = list(records)
    found = meeting_corrections(records, as_of)
    return [
        apply(record, found.get(record.file.stem, []))
        for record in records
        if record.kind == "meeting"
    ]


def field_source(record: Record, field: str) -> Record:
    """The record whose text gives ``field`` its value: the latest correction that
    changes it, else the record itself (where a problem with the value is reported)."""
    corrections: tuple[Record, ...] = getattr(record, "corrections", ())
    for correction in reversed(corrections):
        if field in correction.data["changes"]:
            return correction
    return record

"""What an amendment made in the desk amends, and how that record reads now.

Three questions the amendment form asks: which records of a case can be amended
(its committed referrals and decisions; a meeting record is corrected from the
meetings list), what the amended record says now (its own fields with the
corrections made before this one applied, as :mod:`casework.corrections` applies
them wherever records are read), and which of the fields a coordinator ticked
still say just that, a "change" that would change nothing.
"""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path
from typing import Any

from casework.corrections import apply, correction_order, unchanged_fields
from casework.records import CASE_DIR, MEETING_DIR, Record, load_records
from casework.repofiles import names_under

from . import cache
from .caselist import committed
from .forms import CHANGES, amended_kind
from .refusal import ApiError

#: a referral's, decision's or meeting record's name (``2026-03-05-referral``)
_NAME = re.compile(r"^[0-9]{4}-[0-9]{2}-[0-9]{2}-(referral|decision|meeting)$")
#: a record of a case that can be amended, by its file name
_AMENDABLE = re.compile(r"^[0-9]{4}-[0-9]{2}-[0-9]{2}-(referral|decision)\.yaml$")
_CASE = re.compile(r"^C-[0-9]{4,8}$")
#: an amendment's file name: the day it was made, then -2, -3... for another that day
_AMENDMENT = re.compile(r"^([0-9]{4}-[0-9]{2}-[0-9]{2})-amendment(?:-([0-9]{1,2}))?\.yaml$")

UNCHANGED = "this is what the {noun} already says{after}; change it or untick it"

#: how each kind of record is named in the list of records a case can amend
_LABELS = {
    "decision": "Decision of the hearing on {day}",
    "referral": "Referral to the panel of {day}",
}


def _folder(kind: str, case_id: str | None) -> str | None:
    """Where a record of ``kind`` and its corrections live (None: no such place)."""
    if kind == "meeting":
        return MEETING_DIR
    if case_id is not None and _CASE.match(case_id):
        return f"{CASE_DIR}/{case_id}"
    return None


def _place(rel: str) -> tuple[str, int] | None:
    """Where an amendment named ``rel`` comes among its record's corrections."""
    found = _AMENDMENT.match(rel.rsplit("/", 1)[-1])
    if found is None:
        return None
    return (found.group(1), int(found.group(2) or 1))


def _found(root: Path, amends: str, case_id: str | None) -> tuple[Record, list[Record]] | None:
    """The record ``amends`` names and every correction of it, oldest first (None when the
    record cannot be found or read)."""
    kind = amended_kind(amends) if _NAME.match(amends) else None
    folder = _folder(kind, case_id) if kind is not None else None
    if kind is None or folder is None or not (root / folder / f"{amends}.yaml").is_file():
        return None
    paths = [root / folder / f"{amends}.yaml"]
    paths += sorted(p for p in (root / folder).glob("*-amendment*.yaml") if _place(p.name))
    records, _problems = load_records(root, paths, cache.policy(root).vocabulary, positions=False)
    targets = [r for r in records if r.kind == kind]
    if not targets:
        return None
    fixes = [r for r in records if r.kind == "amendment" and r.data.get("amends") == amends]
    return targets[0], sorted(fixes, key=correction_order)


def _before(corrections: list[Record], amendment: str | None) -> list[Record]:
    """The corrections made before ``amendment`` (all of them when it is not named)."""
    if amendment is None:
        return corrections
    place = _place(amendment)
    return [
        r
        for r in corrections
        if r.file.display != amendment and (place is None or correction_order(r) < place)
    ]


def current(
    root: Path, amends: str, case_id: str | None, amendment: str | None = None
) -> dict[str, Any] | None:
    """The fields of the record ``amends`` names as they read now.

    The corrections made before ``amendment`` (the file of the amendment being
    written: its own and any later ones are left out) are applied, oldest first.
    None when the record cannot be found or read (the form then starts empty).
    """
    found = _found(root, amends, case_id)
    if found is None:
        return None
    record, corrections = found
    return dict(apply(record, _before(corrections, amendment)).data)


def unchanged(root: Path, rel: str, data: dict[str, Any]) -> list[tuple[str, str]]:
    """The ticked fields of an amendment (``rel`` holding ``data``) that give the value the
    record already has, each with the message to show beside it: the fields
    :func:`casework.corrections.unchanged_fields` names, as ``validate`` does."""
    amends, changes, case_id = data.get("amends"), data.get("changes"), data.get("case_id")
    if not isinstance(amends, str) or not isinstance(changes, dict) or not changes:
        return []
    found = _found(root, amends, case_id if isinstance(case_id, str) else None)
    kind = amended_kind(amends)
    if found is None or kind is None:
        return []
    record, corrections = found
    earlier = _before(corrections, rel)
    now = apply(record, earlier).data
    after = " (with its earlier corrections)" if earlier else ""
    message = UNCHANGED.format(noun=CHANGES[kind][1].split(" ", 1)[1], after=after)
    return [(key, message) for key in unchanged_fields(now, changes)]


def _day(name: str) -> str:
    """The date a record's name starts with, as people write it (5 March 2026)."""
    try:
        day = date.fromisoformat(name[:10])
    except ValueError:
        return name[:10]  # not a calendar date: 'casework validate' says so
    return f"{day.day} {day:%B %Y}"


def amendable(root: Path, case_id: str) -> dict[str, Any]:
    """What the case's "new amendment" offers: its committed referrals and decisions, newest
    first (a decision before the referral it heard), or why there is nothing to amend."""
    if not _CASE.match(case_id):
        raise ApiError("there is no such case; reload the desk", 404)
    # the case's own files as the lister sees them: never a link, nor through a linked folder
    here = f"{CASE_DIR}/{case_id}/"
    files = [n[len(here) :] for n in names_under(root, here[:-1]) if "/" not in n[len(here) :]]
    if "case.yaml" not in files:
        raise ApiError("there is no such case; reload the desk", 404)
    in_git = committed(root)
    done, waiting = [], []
    names = sorted(
        (name for name in files if _AMENDABLE.match(name)),
        key=lambda n: (n[:10], n.endswith("-decision.yaml")),
        reverse=True,
    )
    for name in names:
        stem = name.removesuffix(".yaml")
        kind = stem.rsplit("-", 1)[1]
        rel = f"{CASE_DIR}/{case_id}/{name}"
        entry = {"path": rel, "name": stem, "kind": kind}
        if rel in in_git:
            done.append({**entry, "label": _LABELS[kind].format(day=_day(stem))})
        else:
            waiting.append(entry)
    return {
        "case_id": case_id,
        "records": done,
        "uncommitted": waiting,
        "message": _says(done, waiting),
    }


MEETINGS_NOTE = (
    "A meeting record is corrected from the Meetings list: open the meeting and choose "
    "Record an amendment."
)


def _says(done: list[dict[str, Any]], waiting: list[dict[str, Any]]) -> str:
    """What the desk says above the records a case can amend, or in their place."""
    if done:
        return "Choose the record this amendment corrects. " + MEETINGS_NOTE
    text = (
        "This case has no committed referral or decision yet, so there is nothing to amend. "
        "A record not yet committed is edited, not amended: open it from the list, change it "
        "and save."
    )
    if waiting:
        text += " Not yet committed here: " + ", ".join(f"{w['name']}.yaml" for w in waiting) + "."
    return text + " " + MEETINGS_NOTE

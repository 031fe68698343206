"""Checks across records: ids, names, references, schedule, order of events.

One module per check, as ``rules/`` has one per rule kind. Each defines a pure
function ``check(repo)`` taking the :class:`Repository` (every valid record,
every record file on disk, the policy pack) and yielding :class:`Problem` s.
Messages name fields by their path (``episodes[2].end``), never by their
value: CI logs are less protected than the repository.

Records that failed their schema are not in ``records``; checks that need a
neighbour (a decision's referral, a sibling's case record) only look at its
file when the neighbour itself is invalid, so one broken file is reported
once, where it is.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from casework.checks import (
    amendment_changes,
    amendment_places,
    case_ids,
    case_order,
    meetings,
    name_dates,
    pack,
    pack_references,
    record_order,
    references,
    schedule,
    siblings,
    vocabulary,
)
from casework.checks.repository import Check, Repository
from casework.errors import CaseworkError, Location
from casework.policy import Policy, load_policy, policy_from_documents
from casework.problems import Problem
from casework.records import Record, discover, relative
from casework.repofiles import PACK_FILES
from casework.schemas import is_valid
from casework.vocab import Vocabulary, from_pack
from casework.yamlload import Document, LoadError, load

__all__ = [
    "CHECKS",
    "PACK_FILES",
    "Check",
    "Repository",
    "cross_check",
    "load_pack",
    "pack_document",
    "repository_vocabulary",
    "vocabulary_of",
]

#: every cross-file check, in the order its problems are gathered
CHECKS: tuple[Check, ...] = (
    case_ids.check,
    name_dates.check,
    references.check,
    amendment_places.check,
    amendment_changes.check,
    schedule.check,
    vocabulary.check,
    pack.check,
    pack_references.check,
    siblings.check,
    case_order.check,
    record_order.check,
    meetings.check,
)


def pack_document(root: Path, positions: bool = True) -> Document | None:
    """pack.yaml as read, or None when it is missing or cannot be read (that is reported
    where the pack is checked as a record)."""
    path = root / PACK_FILES[0]
    if not path.is_file():
        return None
    try:
        return load(path, PACK_FILES[0], positions)
    except LoadError:
        return None


def vocabulary_of(pack: Document | None) -> Vocabulary | None:
    """The vocabularies records are checked against: the base ones plus the pack's.

    None when pack.yaml is missing, unreadable or invalid (that is reported
    where the pack is checked); records are then checked against the base
    schemas alone.
    """
    if pack is None or not is_valid(pack.data, "pack"):
        return None
    return from_pack(pack.data)


def repository_vocabulary(root: Path) -> Vocabulary | None:
    """:func:`vocabulary_of` the repository's pack.yaml."""
    return vocabulary_of(pack_document(root))


def load_pack(root: Path, records: list[Record]) -> tuple[Policy | None, list[Problem]]:
    """The policy pack, or the problem that stops it loading.

    When pack.yaml or rules.yaml already failed its schema (so it is not among
    ``records``) that problem has been reported; nothing is added here. When
    both are among ``records`` the pack is made from them, not read again.
    """
    docs = {
        record.file.display: record.doc for record in records if record.kind in ("pack", "rules")
    }
    present = [name for name in PACK_FILES if (root / name).is_file()]
    if any(name not in docs for name in present):
        return None, []
    try:
        if all(name in docs for name in PACK_FILES):
            pack, rules = (docs[name] for name in PACK_FILES)
            return policy_from_documents(root / "policies", pack, rules, from_pack(pack.data)), []
        return load_policy(root / "policies", root), []  # reports the file that is missing
    except CaseworkError as exc:
        location = exc.location or Location(PACK_FILES[0])
        return None, [Problem(location, exc.message, code="policy")]


def cross_check(
    root: Path,
    records: list[Record],
    only: Iterable[Path] | None = None,
    files: Iterable[str] | None = None,
) -> list[Problem]:
    """Every cross-file problem; with ``only``, those in the given files (and the pack).

    ``records`` are the schema-valid records of the whole repository; ``files``
    the repository-relative paths of every record file on disk (found again
    when not given).
    """
    policy, problems = load_pack(root, records)
    known = (
        frozenset(files)
        if files is not None
        else frozenset(relative(path, root) for path in discover(root))
    )
    repo = Repository(root, records, known, policy)
    for check in CHECKS:
        problems.extend(check(repo))
    if only is not None:
        wanted = {relative(path, root) for path in only} | set(PACK_FILES)
        problems = [p for p in problems if p.location.path in wanted]
    return problems

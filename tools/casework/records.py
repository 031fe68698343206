"""Where records live and what their file names mean.

File-naming convention (docs/records.md, "File layout", repeats it):

* ``cases/<case id>/case.yaml`` - the child's case record
* ``cases/<case id>/<panel date>-referral.yaml`` - a referral, named by the panel date it is for
* ``cases/<case id>/<hearing date>-decision.yaml`` - the panel's decision record
* ``cases/<case id>/<date made>-amendment.yaml`` - an amendment to a decision or referral
  (``-amendment-2.yaml`` for a second one made the same day)
* ``meetings/<date>-meeting.yaml`` - a panel meeting
* ``meetings/<date made>-amendment.yaml`` - a correction to a meeting record
  (``-amendment-2.yaml`` for a second one made the same day); it has no case id
* ``policies/pack.yaml`` and ``policies/rules.yaml`` - the policy pack

Dates are YYYY-MM-DD and case ids are ``C-`` and 4 to 8 digits.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Any, Protocol

from casework.errors import Location
from casework.problems import Problem
from casework.repofiles import CASE_DIR as CASE_DIR
from casework.repofiles import MEETING_DIR as MEETING_DIR
from casework.repofiles import POLICY_DIR as POLICY_DIR
from casework.repofiles import list_records
from casework.schemas import check_document
from casework.vocab import Vocabulary
from casework.yamlload import Document, LoadError, Positions, load

_CASE_ID = r"C-[0-9]{4,8}"
_DATE = r"[0-9]{4}-[0-9]{2}-[0-9]{2}"
_PATTERNS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("case", re.compile(rf"^cases/(?P<case>{_CASE_ID})/case\.yaml$")),
    ("referral", re.compile(rf"^cases/(?P<case>{_CASE_ID})/(?P<date>{_DATE})-referral\.yaml$")),
    ("decision", re.compile(rf"^cases/(?P<case>{_CASE_ID})/(?P<date>{_DATE})-decision\.yaml$")),
    (
        "amendment",
        re.compile(
            rf"^cases/(?P<case>{_CASE_ID})/(?P<date>{_DATE})-amendment(-(?P<n>[0-9]{{1,2}}))?\.yaml$"
        ),
    ),
    ("meeting", re.compile(rf"^meetings/(?P<date>{_DATE})-meeting\.yaml$")),
    (
        "amendment",
        re.compile(rf"^meetings/(?P<date>{_DATE})-amendment(-(?P<n>[0-9]{{1,2}}))?\.yaml$"),
    ),
    ("pack", re.compile(r"^policies/pack\.yaml$")),
    ("rules", re.compile(r"^policies/rules\.yaml$")),
)

NAMING_HELP = (
    "records are named cases/C-0042/case.yaml, cases/C-0042/YYYY-MM-DD-referral.yaml "
    "(the panel date), cases/C-0042/YYYY-MM-DD-decision.yaml (the hearing date), "
    "cases/C-0042/YYYY-MM-DD-amendment.yaml, meetings/YYYY-MM-DD-meeting.yaml or "
    "meetings/YYYY-MM-DD-amendment.yaml (a correction to a meeting record)"
)


@dataclass(frozen=True)
class RecordFile:
    """A record file and what its name says about it."""

    path: Path
    display: str
    kind: str
    case_id: str | None
    date: str | None

    @property
    def stem(self) -> str:
        """The name other records use to refer to it: ``2026-03-05-referral``.

        Worked out on each use: a ``functools.cached_property`` takes a lock on its
        first use, which costs more than the name (check names every referral and
        decision of every case)."""
        return self.path.name.removesuffix(".yaml")


@dataclass(frozen=True)
class Record:
    file: RecordFile
    doc: Document

    @property
    def kind(self) -> str:
        return self.file.kind

    @property
    def data(self) -> dict[str, Any]:
        data: dict[str, Any] = self.doc.data
        return data


class KnownRecords(Protocol):
    """Records loaded valid before, kept by a caller (the site's memo, ``casework.sitegen.memo``).

    ``reuse`` gives the document of a file whose text is the same as when it was last
    loaded valid (under the same schemas and pack), or None to load it; ``loaded`` is told
    each record that loads valid.
    """

    def reuse(self, named: RecordFile) -> Document | None: ...

    def loaded(self, named: RecordFile, doc: Document) -> None: ...


def relative(path: Path, root: Path) -> str:
    if path.is_absolute() and root.is_absolute() and ".." not in path.parts:
        try:
            return path.relative_to(root).as_posix()  # the common case, without resolving
        except ValueError:
            pass
    try:
        return path.resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        return path.as_posix()


def classify(path: Path, root: Path, name: str | None = None) -> RecordFile | Problem:
    """Name a record's kind from its path, or explain the naming convention.

    ``name``: the path relative to ``root`` with '/', when the caller has it already
    (as :func:`discover_names` gives it); otherwise it is worked out from ``path``.
    """
    rel = relative(path, root) if name is None else name
    for kind, pattern in _PATTERNS:
        match = pattern.match(rel)
        if match:
            groups = match.groupdict()
            return RecordFile(path, rel, kind, groups.get("case"), groups.get("date"))
    posix = PurePosixPath(rel)
    if posix.suffix == ".yml":
        message = "record files end in '.yaml', not '.yml'; rename the file"
    elif posix.parts and posix.parts[0] in (CASE_DIR, MEETING_DIR):
        message = f"this file name does not follow the naming convention: {NAMING_HELP}"
    else:
        message = f"this file is not a case record, meeting record or policy file; {NAMING_HELP}"
    return Problem(Location(rel), message, code="naming")


def discover_names(root: Path) -> list[str]:
    """Every record file in the repository as a relative path (``cases/C-0042/case.yaml``),
    sorted. Paths the lister refuses (links, pipes, devices) are not among them:
    :func:`refused_problems` reports those."""
    return list_records(root)[0]


def refused_problems(root: Path, under: str = "") -> list[Problem]:
    """A finding for every path where a record belongs that casework will not open
    (a symbolic link, a pipe, a device), optionally only those under a folder."""
    prefix = under.rstrip("/") + "/" if under else ""
    return [
        Problem(Location(item.path), item.message, code="special-file")
        for item in list_records(root)[1]
        if not prefix or item.path.startswith(prefix) or item.path == under
    ]


def discover(root: Path) -> list[Path]:
    """Every record file in the repository, in a stable order."""
    return [root / name for name in discover_names(root)]


def load_records(
    root: Path,
    paths: Iterable[Path] | None = None,
    vocab: Vocabulary | None = None,
    positions: Positions = True,
    read: Mapping[Path, Document] | None = None,
    known: KnownRecords | None = None,
) -> tuple[list[Record], list[Problem]]:
    """Load and schema-check records; problems never stop the others loading.

    ``vocab`` (the pack's, see :func:`casework.vocab.from_pack`) makes the checks
    those of the effective schemas; the pack file itself is always checked
    against the base schema. ``positions=False`` builds a record's position map
    only when a message about it needs a line (see :class:`Document`);
    ``positions=MARKS`` keeps the parser's marks for :meth:`Document.locate`
    instead (``casework check``, whose every finding names a line). ``read``
    holds documents already read (pack.yaml, read first for its vocabularies),
    by path: they are checked as they are, not read again. ``known`` gives back
    the records whose text is unchanged since they last loaded valid.
    """
    problems: list[Problem] = []
    if paths is None:
        names, refused = list_records(root)
        problems.extend(
            Problem(Location(item.path), item.message, code="special-file") for item in refused
        )
        paths = [root / name for name in names]
    files = ((path, None) for path in paths)
    return _loaded(root, files, vocab, positions, problems, read, known)


def load_named(
    root: Path,
    names: Iterable[str],
    vocab: Vocabulary | None = None,
    positions: Positions = True,
    read: Mapping[Path, Document] | None = None,
) -> tuple[list[Record], list[Problem]]:
    """:func:`load_records` for record names relative to ``root`` with '/' (as
    :func:`discover_names` gives them): the same records and problems, without
    working out each name again from its path."""
    return _loaded(root, ((root / name, name) for name in names), vocab, positions, [], read)


def _loaded(
    root: Path,
    files: Iterable[tuple[Path, str | None]],
    vocab: Vocabulary | None,
    positions: Positions,
    problems: list[Problem],
    read: Mapping[Path, Document] | None,
    known: KnownRecords | None = None,
) -> tuple[list[Record], list[Problem]]:
    records: list[Record] = []
    for path, name in files:
        named = classify(path, root, name)
        if isinstance(named, Problem):
            problems.append(named)
            continue
        reused = known.reuse(named) if known is not None else None
        if reused is not None:
            records.append(Record(named, reused))
            continue
        try:
            doc = read[path] if read and path in read else load(path, named.display, positions)
        except LoadError as exc:
            problems.append(
                Problem(exc.location or Location(named.display), exc.message, code="yaml")
            )
            continue
        schema_problems = check_document(doc, named.kind, None if named.kind == "pack" else vocab)
        problems.extend(schema_problems)
        if not schema_problems:
            records.append(Record(named, doc))
            if known is not None:
                known.loaded(named, doc)
    return records, problems


def by_kind(records: Iterable[Record], kind: str) -> Iterator[Record]:
    return (record for record in records if record.kind == kind)

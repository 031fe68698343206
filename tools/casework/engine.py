"""Evaluate every rule of a policy pack over every case (and meeting) as of a date.

load -> build the timelines once -> evaluate each rule over each timeline ->
sorted findings. Records dated after ``as_of`` are ignored, so a past date
shows what was known then. A rule with several versions (``effective_from``)
judges each finding by the version in force on its anchor day.
"""

from __future__ import annotations

import gc
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any, Protocol

from casework.corrections import corrected_meetings
from casework.errors import Location
from casework.findings import Finding
from casework.policy import Policy, load_policy, policy_dir_for
from casework.problems import Problem
from casework.records import CASE_DIR, Record, load_named, load_records
from casework.repofiles import list_records
from casework.rules import Context, Prepared, prepared
from casework.ruleversions import Version, grouped, timeline
from casework.schemas import fast_path
from casework.selectors import shared
from casework.timeline import Timeline, case_timeline, records_by_case
from casework.workdays import parse_date
from casework.yamlload import MARKS, Positions


class KnownFindings(Protocol):
    """Cases' findings worked out before, kept by a caller (the site's memo,
    ``casework.sitegen.memo``), for the same pack, as-of date and due-soon window.

    ``findings_for`` gives a case's findings if its records are the same as when they were
    worked out, or None; ``worked_out`` is told each case's findings as they are.
    """

    def findings_for(self, case_id: str, records: list[Record]) -> list[Finding] | None: ...

    def worked_out(self, case_id: str, records: list[Record], findings: list[Finding]) -> None: ...


def evaluate(
    policy: Policy,
    records: Iterable[Record],
    as_of: date,
    due_soon: int = 5,
    known: KnownFindings | None = None,
) -> list[Finding]:
    """Every finding of every status, sorted by file, line, rule and due date.

    ``known`` gives back the findings of cases whose records have not changed (a case's
    findings depend only on its own records, the pack, ``as_of`` and ``due_soon``).
    """
    records = list(records)
    rules = Rules(policy, as_of, due_soon)
    findings = _evaluated(rules, records, known)
    findings.sort(key=Finding.sort_key)
    return findings


def _evaluated(
    rules: Rules, records: list[Record], known: KnownFindings | None = None
) -> list[Finding]:
    """The unsorted findings of every case's timeline and every meeting in ``records``."""
    findings: list[Finding] = []
    for case_id, own in records_by_case(records).items():
        found = known.findings_for(case_id, own) if known is not None else None
        if found is None:
            timeline = case_timeline(case_id, own, rules.policy, rules.as_of, rules.endorsing)
            found = rules.case(timeline)
            if known is not None:
                known.worked_out(case_id, own, found)
        findings.extend(found)
    for record in corrected_meetings(records, rules.as_of):  # as its corrections say
        findings.extend(rules.meeting(record))
    return findings


@dataclass(frozen=True)
class Checked:
    """What ``casework check`` needs of a repository, without its records."""

    #: every finding, sorted as :func:`evaluate` sorts them
    findings: list[Finding]
    #: the record files that could not be read or are not valid (left out)
    problems: list[Problem]
    #: case id -> the team of its valid case record
    teams: dict[str, Any]
    #: the case ids with at least one valid record
    cases: frozenset[str]


def check_folders(
    root: Path, policy: Policy, as_of: date, due_soon: int = 5, names: list[str] | None = None
) -> Checked:
    """Load and evaluate a repository one case folder at a time.

    The same findings as :func:`evaluate` over every record, but only one case
    folder's records (with the parser's marks of their fields, for the findings'
    lines: see :data:`casework.yamlload.MARKS`) are held at a time: once its
    timeline is evaluated, only the findings are kept, so memory grows with
    the findings, not with the records. Meetings and the pack are read last.

    What is kept from one folder to the next (the findings, the policy) is
    frozen out of Python's cyclic garbage collector after each folder
    (``gc.freeze``): the collector would otherwise scan every finding kept so
    far again and again, as each folder's records come and go. Nothing kept
    here is a cycle, and reference counting still frees what each folder
    leaves; everything is unfrozen at the end.
    """
    if names is None:
        names, refused = list_records(root)
        problems = [Problem(Location(r.path), r.message, code="special-file") for r in refused]
    else:
        problems = []
    rules = Rules(policy, as_of, due_soon)
    # every finding names a line: the parser's marks are kept for it (MARKS), not a map,
    # unless the fast path is off (then every map is built as the file is read)
    positions: Positions = MARKS if fast_path() else True
    # the pack's two files, read already (as records too, when they are the repository's)
    read = {policy.dir / "pack.yaml": policy.pack_doc, policy.dir / "rules.yaml": policy.rules_doc}
    findings: list[Finding] = []
    teams: dict[str, Any] = {}
    cases: set[str] = set()
    try:
        for group in _by_folder(names):
            records, found = load_named(root, group, policy.vocabulary, positions, read)
            problems.extend(found)
            findings.extend(_evaluated(rules, records))
            for record in records:
                if record.file.case_id:
                    cases.add(record.file.case_id)
                    if record.kind == "case":
                        teams[record.file.case_id] = record.data.get("team")
            del records, found
            gc.freeze()
    finally:
        gc.unfreeze()
    findings.sort(key=Finding.sort_key)
    return Checked(findings, problems, teams, frozenset(cases))


def _by_folder(names: list[str]) -> Iterator[list[str]]:
    """Record names by case folder (``cases/C-0042/``), then everything else together."""
    folders: dict[str, list[str]] = {}
    rest: list[str] = []
    for name in names:
        parts = name.split("/")
        if parts[0] == CASE_DIR and len(parts) > 2:
            folders.setdefault(parts[1], []).append(name)
        else:
            rest.append(name)
    yield from folders.values()
    yield rest


class Rules:
    """A pack's rules, each version prepared once (see :func:`casework.rules.prepared`),
    ready to run over one case's timeline or one meeting record at a time (findings
    unsorted)."""

    def __init__(self, policy: Policy, as_of: date, due_soon: int = 5) -> None:
        self.policy, self.as_of, self.due_soon = policy, as_of, due_soon
        self.endorsing = policy.endorsing_types()
        rules = shared(policy.rules)  # equal selectors in different rules: one object
        versions = [
            (version, prepared(version.rule))
            for versions in grouped(rules)
            for version in timeline(versions)
        ]
        self._case = [(v, run) for v, run in versions if v.rule["kind"] != "meeting"]
        self._meeting = [(v, run) for v, run in versions if v.rule["kind"] == "meeting"]

    def case(self, case_timeline: Timeline) -> list[Finding]:
        context = Context(self.policy, self.as_of, self.due_soon, timeline=case_timeline)
        return self._run(self._case, context)

    def meeting(self, record: Record) -> list[Finding]:
        if parse_date(record.data["date"]) > self.as_of:
            return []
        context = Context(self.policy, self.as_of, self.due_soon, meeting=record)
        return self._run(self._meeting, context)

    @staticmethod
    def _run(versions: list[tuple[Version, Prepared]], context: Context) -> list[Finding]:
        findings: list[Finding] = []
        for version, run in versions:
            found = run(context)
            if not found:
                continue
            if version.start is None and version.end is None:  # the only version
                findings.extend(found)
            else:
                findings.extend(f for f in found if version.covers(f.anchor or f.due))
        return findings


def check_repository(
    root: Path,
    policy_dir: Path | None = None,
    as_of: date | None = None,
    due_soon: int = 5,
) -> tuple[list[Finding], Policy, list[Record]]:
    """Load a repository's policy and records and evaluate them (as of today by default).

    Records that fail validation are left out (``casework validate`` reports them).
    """
    policy = load_policy(policy_dir_for(root, policy_dir), root)
    records, _problems = load_records(root, vocab=policy.vocabulary)
    findings = evaluate(policy, records, as_of or date.today(), due_soon)
    return findings, policy, records

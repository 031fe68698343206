"""Evaluate every rule of a policy pack over every case (and meeting) as of a date.

load -> build the timelines once -> evaluate each rule over each timeline ->
sorted findings. Records dated after ``as_of`` are ignored, so a past date
shows what was known then. A rule with several versions (``effective_from``)
judges each finding by the version in force on its anchor day.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from pathlib import Path

from casework.findings import Finding
from casework.policy import Policy, load_policy, policy_dir_for
from casework.records import Record, load_records
from casework.rules import Context, Evaluator, evaluator
from casework.ruleversions import Version, grouped, timeline
from casework.selectors import shared
from casework.timeline import Timeline, iter_timelines
from casework.workdays import parse_date


def evaluate(
    policy: Policy, records: Iterable[Record], as_of: date, due_soon: int = 5
) -> list[Finding]:
    """Every finding of every status, sorted by file, line, rule and due date."""
    records = list(records)
    rules = Rules(policy, as_of, due_soon)
    findings: list[Finding] = []
    for case in iter_timelines(records, policy, as_of):
        findings.extend(rules.case(case))
    for record in records:
        if record.kind == "meeting":
            findings.extend(rules.meeting(record))
    findings.sort(key=Finding.sort_key)
    return findings


class Rules:
    """A pack's rules, each version with its evaluator, ready to run over one case's
    timeline or one meeting record at a time (findings unsorted)."""

    def __init__(self, policy: Policy, as_of: date, due_soon: int = 5) -> None:
        self.policy, self.as_of, self.due_soon = policy, as_of, due_soon
        rules = shared(policy.rules)  # equal selectors in different rules: one object
        versions = [
            (version, evaluator(version.rule["kind"]))
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
    def _run(versions: list[tuple[Version, Evaluator]], context: Context) -> list[Finding]:
        findings: list[Finding] = []
        for version, run in versions:
            rule = version.rule
            findings.extend(f for f in run(rule, context) if version.covers(f.anchor or f.due))
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

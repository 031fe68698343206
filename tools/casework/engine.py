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

from casework.corrections import corrected_meetings
from casework.findings import Finding
from casework.policy import Policy, load_policy, policy_dir_for
from casework.records import Record, load_records
from casework.rules import Context, evaluator
from casework.ruleversions import grouped, timeline
from casework.timeline import build_timelines
from casework.workdays import parse_date


def evaluate(
    policy: Policy, records: Iterable[Record], as_of: date, due_soon: int = 5
) -> list[Finding]:
    """Every finding of every status, sorted by file, line, rule and due date."""
    records = list(records)
    timelines = build_timelines(records, policy, as_of)
    case_contexts = [
        Context(policy, as_of, due_soon, timeline=timeline) for timeline in timelines.values()
    ]
    meeting_contexts = [  # each meeting as its corrections (made by the as-of date) say
        Context(policy, as_of, due_soon, meeting=record)
        for record in corrected_meetings(records, as_of)
        if parse_date(record.data["date"]) <= as_of
    ]
    findings: list[Finding] = []
    for versions in grouped(policy.rules):
        for version in timeline(versions):
            rule = version.rule
            run = evaluator(rule["kind"])
            contexts = meeting_contexts if rule["kind"] == "meeting" else case_contexts
            for context in contexts:
                findings.extend(f for f in run(rule, context) if version.covers(f.anchor or f.due))
    findings.sort(key=Finding.sort_key)
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

"""The desk's case list: every case with its records and what is due, and what is not
committed.

Worked out once per state of the repository (the records' and the pack's files,
what the last commit holds, today's date) and kept (``cache``), so only the
first request after a change pays for reading the records and evaluating the
rules. It needs only the loader, the pack and the rules engine: the desk's
forms and its saving (``api``, ``save``) are not imported for it, so the case
list is ready sooner after the desk starts.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from casework import gitlog
from casework.engine import evaluate
from casework.findings import Status
from casework.policy import today
from casework.problems import Problem
from casework.records import classify, discover_names, load_records
from casework.repofiles import in_record_area

from . import cache
from .forms import KINDS

#: statuses shown as "due" in the case list, most pressing first
SHOWN = (Status.BREACHED, Status.LATE, Status.DUE_SOON, Status.OPEN)


def committed(root: Path) -> set[str]:
    """The record files in the last commit (none before the first commit)."""
    if not gitlog.is_repository(root):
        return set()
    done = gitlog.run(["ls-tree", "-r", "-z", "--name-only", "HEAD"], root, check=False)
    if done.returncode != 0:
        return set()
    return {n for n in done.stdout.decode("utf-8", "replace").split("\0") if n}


def pending(root: Path) -> list[str]:
    """Record files that differ from the last commit: what a commit from the desk takes."""
    if not gitlog.is_repository(root):
        return []
    done = gitlog.run(
        ["status", "--porcelain", "-z", "--untracked-files=all", "--", "cases", "meetings"],
        root,
        check=False,
    )
    names = []
    for entry in done.stdout.decode("utf-8", "replace").split("\0"):
        if len(entry) > 3 and in_record_area(entry[3:]):
            names.append(entry[3:])
    return sorted(set(names))


def overview(root: Path) -> dict[str, Any]:
    """Every case with its records and what is due, the meetings, and what is not committed."""
    names = discover_names(root)
    in_git = committed(root)
    key = (
        cache.stamp([root / n for n in names] + cache.pack_files(root)),
        hash(frozenset(in_git)),
        today(),
    )
    found = cache.cached("overview", root, key, lambda: _overview(root, names, in_git))
    return {**found, "pending": pending(root)}


def _overview(root: Path, names: list[str], in_git: set[str]) -> dict[str, Any]:
    policy = cache.policy(root)
    records, _ = load_records(root, [root / n for n in names], policy.vocabulary)
    findings = evaluate(policy, records, today())
    cases: dict[str, dict[str, Any]] = {}
    meetings = []
    for name in names:
        record = classify(root / name, root)
        if isinstance(record, Problem) or record.kind in ("pack", "rules"):
            continue
        entry = {"path": name, "kind": record.kind, "committed": name in in_git}
        if record.case_id is None:
            meetings.append(entry)
            continue
        case = cases.setdefault(record.case_id, {"id": record.case_id, "records": [], "due": []})
        case["records"].append(entry)
    for finding in findings:
        if finding.status in SHOWN and finding.case in cases:
            cases[finding.case]["due"].append(
                {
                    "rule": finding.rule,
                    "title": finding.title,
                    "status": finding.status.value,
                    "due": finding.due.isoformat(),
                    "message": finding.message,
                }
            )
    order = {status.value: i for i, status in enumerate(SHOWN)}
    for case in cases.values():
        case["due"].sort(key=lambda d: (order[d["status"]], d["due"]))
    return {
        "cases": [cases[k] for k in sorted(cases)],
        "meetings": meetings,
        "kinds": list(KINDS),
        "panel": policy.panel["name"],
    }

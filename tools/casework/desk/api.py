"""What the desk's page asks for: the case list, forms, records, saving and committing."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path
from typing import Any

from casework import gitlog
from casework.engine import evaluate
from casework.errors import CaseworkError
from casework.findings import Status
from casework.policy import today
from casework.problems import Problem
from casework.records import classify, discover_names, load_records
from casework.repofiles import in_record_area

from . import cache, save, yamledit
from .forms import KINDS, form_schema

#: statuses shown as "due" in the case list, most pressing first
SHOWN = (Status.BREACHED, Status.LATE, Status.DUE_SOON, Status.OPEN)
#: kinds that are append-only once committed (as 'casework audit' enforces): never edited
APPEND_ONLY = {
    "decision": "a committed decision is never edited: record an amendment to change it",
    "amendment": "a committed amendment is never edited: record another amendment to the "
    "record it corrects",
    "referral": "a committed referral is never edited: record an amendment to correct it",
    "meeting": "a committed meeting record is never edited: record an amendment to correct it",
}


class ApiError(Exception):
    """A request the desk refuses, with a message for the coordinator."""

    def __init__(self, message: str, status: int = 400) -> None:
        super().__init__(message)
        self.message = message
        self.status = status


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


def schema(root: Path, kind: str, amends: str = "") -> dict[str, Any]:
    """The form for ``kind``; an amendment's offers the fields of the record it amends."""
    if kind not in KINDS:
        raise ApiError("there is no such kind of record", 404)
    policy = cache.policy(root)
    return form_schema(kind, policy.vocabulary, amends)


def start(root: Path, kind: str, data: dict[str, Any]) -> dict[str, Any]:
    """The values a new record starts with: those of its ``casework new`` template."""
    if kind not in KINDS:
        raise ApiError("there is no such kind of record", 404)
    try:
        path, values = save.template_data(root, kind, data)
    except CaseworkError as exc:
        return {"path": None, "data": data, "messages": [save._builder_message(exc).as_json()]}
    return {"path": path, "data": values, "messages": []}


_REL = re.compile(r"^(cases/C-[0-9]{4,8}|meetings)/[0-9a-z.-]+\.yaml$")


def open_record(root: Path, rel: str) -> dict[str, Any]:
    """A record's values and whether it may be edited (a committed decision may not)."""
    if not _REL.match(rel) or not (root / rel).is_file():
        raise ApiError("this record cannot be found; reload the desk", 404)
    record = classify(root / rel, root)
    if isinstance(record, Problem):
        raise ApiError("this file is not a record", 404)
    text = (root / rel).read_text(encoding="utf-8")
    try:
        data = yamledit.plain(yamledit.load(text))
    except Exception:
        raise ApiError(
            "this record cannot be read as YAML; run 'casework validate' on it", 422
        ) from None
    locked = record.kind in APPEND_ONLY and rel in committed(root)
    return {
        "path": rel,
        "kind": record.kind,
        "case_id": record.case_id,
        "data": data,
        "readonly": locked,
        "why": APPEND_ONLY[record.kind] if locked else None,
    }


def save_record(root: Path, body: dict[str, Any]) -> dict[str, Any]:
    kind, data, path = body.get("kind"), body.get("data"), body.get("path")
    if kind not in KINDS or not isinstance(data, dict):
        raise ApiError("the form sent is incomplete; reload the desk")
    if path is not None:
        opened = open_record(root, str(path))
        if opened["readonly"]:
            raise ApiError(str(opened["why"]), 409)
        if opened["kind"] != kind:
            raise ApiError("the form does not match this record; reload the desk")
    return save.save(root, kind, data, path).as_json()


def commit(root: Path, message: str) -> dict[str, Any]:
    """``git add`` every record not yet committed, then ``git commit`` with the hooks."""
    message = message.strip()
    if not message:
        raise ApiError(
            "write a commit message: what the change is, for example 'Referral for C-0042'"
        )
    files = pending(root)
    if not files:
        raise ApiError("there is nothing to commit: every record is committed already", 409)
    added = subprocess.run(
        ["git", "add", "--", *files], cwd=root, capture_output=True, text=True, check=False
    )
    if added.returncode != 0:
        return {"ok": False, "files": files, "output": added.stdout + added.stderr}
    done = subprocess.run(
        ["git", "commit", "-m", message], cwd=root, capture_output=True, text=True, check=False
    )
    return {"ok": done.returncode == 0, "files": files, "output": done.stdout + done.stderr}

"""What the desk's page asks for besides the case list: forms, records, saving, committing.

The case list is ``caselist``'s; this module brings in the templates, ``validate``
and ``scan`` that saving needs, so the server imports it only when a form is asked
for (or in the background once the case list is ready).
"""

from __future__ import annotations

import re
import subprocess
from pathlib import Path
from typing import Any

from casework.errors import CaseworkError
from casework.problems import Problem
from casework.records import classify

from . import amending, cache, save, yamledit
from .caselist import committed, pending
from .forms import KINDS, form_schema
from .refusal import ApiError

__all__ = [
    "ApiError",
    "amendable",
    "commit",
    "open_record",
    "save_record",
    "schema",
    "start",
]

#: kinds that are append-only once committed (as 'casework audit' enforces): never edited
APPEND_ONLY = {
    "decision": "a committed decision is never edited: record an amendment to change it",
    "amendment": "a committed amendment is never edited: record another amendment to the "
    "record it corrects",
    "referral": "a committed referral is never edited: record an amendment to correct it",
    "meeting": "a committed meeting record is never edited: record an amendment to correct it",
}


def schema(
    root: Path, kind: str, amends: str = "", case_id: str = "", path: str = ""
) -> dict[str, Any]:
    """The form for ``kind``; an amendment's offers the fields of the record it amends
    (``amends``, of the case ``case_id``), each starting at the value that record has now,
    as corrected before the amendment at ``path`` (a new one's: after every correction)."""
    if kind not in KINDS:
        raise ApiError("there is no such kind of record", 404)
    policy = cache.policy(root)
    now = None
    if kind == "amendment" and amends:
        now = amending.current(root, amends, case_id or None, path or None)
    return form_schema(kind, policy.vocabulary, amends, now)


def amendable(root: Path, case_id: str) -> dict[str, Any]:
    """What a case's "new amendment" offers: the records it can amend, or why none."""
    return amending.amendable(root, case_id)


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
    if _REL.match(rel) and save.is_linked(root, rel):
        raise ApiError(save.LINK_REFUSED, 403)
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

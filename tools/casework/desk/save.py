"""Saving a record from the desk: template, check, and only then write.

The text comes from the templates of ``casework new`` (filled with the form's
values, comments kept). It is checked in a scratch copy of the repository's
records by the same ``validate`` and ``scan`` as the command line; the file is
moved into place only when neither reports an error. An amendment whose ticked
fields give what the record already says is refused beside those fields
(``amending``, with the question ``validate`` asks too, so its finding for them
is not said twice).
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import tempfile
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Any

from casework.commands import new
from casework.commands.validate import validate
from casework.errors import CaseworkError
from casework.policy import Policy
from casework.privacy.denylist import denylist_path, load_denylist
from casework.privacy.fingerprints import load_allow_list
from casework.privacy.scan import Scanner, scan_paths
from casework.problems import Problem, Severity
from casework.records import discover_names
from casework.yamlload import LoadError, loads

from . import amending, cache, yamledit
from .forms import field_at

#: option of 'casework new' -> the form field it comes from
OPTION_FIELDS = {
    "--panel-date": "panel_date",
    "--hearing-date": "hearing_date",
    "--referral": "referral",
    "--amends": "amends",
    "--panel": "panel",
    "--case": "case_id",
    "--date": "date",
}


@dataclass(frozen=True)
class Message:
    """One message for the coordinator, tied to a form field where one can be found."""

    message: str
    field: tuple[str | int, ...] | None = None
    line: int | None = None
    column: int | None = None
    severity: str = "error"
    source: str = "validate"

    def as_json(self) -> dict[str, Any]:
        return {
            "message": self.message,
            "field": list(self.field) if self.field is not None else None,
            "line": self.line,
            "column": self.column,
            "severity": self.severity,
            "source": self.source,
        }


@dataclass
class Outcome:
    path: str | None
    written: bool
    messages: list[Message] = field(default_factory=list)

    def as_json(self) -> dict[str, Any]:
        return {
            "path": self.path,
            "written": self.written,
            "messages": [m.as_json() for m in self.messages],
        }


def _namespace(kind: str, data: dict[str, Any]) -> argparse.Namespace:
    date_field = {"meeting": "date", "amendment": "date"}.get(kind)
    return argparse.Namespace(
        kind=kind,
        case=data.get("case_id") or None,
        panel_date=data.get("panel_date") or None,
        hearing_date=data.get("hearing_date") or None,
        referral=data.get("referral") or None,
        amends=data.get("amends") or None,
        date=(data.get(date_field) or None) if date_field else None,
        panel=data.get("panel") or None,
        extraordinary=bool(data.get("extraordinary")),
    )


def _builder_message(exc: CaseworkError) -> Message:
    text = str(exc)
    found = None
    for option, name in OPTION_FIELDS.items():
        if option in text:
            text = text.replace(f"add {option}", f"tick '{name}'").replace(option, f"'{name}'")
            found = found or name
    text = text.replace("'casework new ", "the desk's new ").replace("' needs", " needs")
    return Message(text, (found,) if found else None, source="form")


def template_data(root: Path, kind: str, data: dict[str, Any]) -> tuple[str, dict[str, Any]]:
    """Where a new record of ``kind`` goes and the template's values, as the form's start."""
    policy = cache.policy(root)
    rel, text = _template(root, policy, kind, data)
    return rel, yamledit.plain(yamledit.load(text))


def _template(root: Path, policy: Policy, kind: str, data: dict[str, Any]) -> tuple[str, str]:
    rel, values = new.BUILDERS[kind](root, policy, _namespace(kind, data))
    return rel, new.render(kind, rel, values, policy, root)


def compose(
    root: Path, kind: str, data: dict[str, Any], existing: str | None = None
) -> tuple[str, str]:
    """The path and text of a record: its template (or current text) holding ``data``."""
    policy = cache.policy(root)
    if existing is None:
        rel, text = _template(root, policy, kind, data)
    else:
        rel, text = "", existing
    document = yamledit.load(text)
    yamledit.merge(document, _filled(data))
    return rel, yamledit.dump(document)


def _filled(data: Any) -> Any:
    """The form's values without empty ones: an empty field is a field left out."""
    if isinstance(data, dict):
        return {k: _filled(v) for k, v in data.items() if v != "" and v is not None}
    if isinstance(data, list):
        return [_filled(v) for v in data if v != "" and v is not None]
    return data


def _scratch(root: Path, dest: Path) -> None:
    """A copy of the repository's records and pack in ``dest``, to check a change in."""
    shutil.copytree(root / "policies", dest / "policies", symlinks=True)
    for name in discover_names(root):
        if name.startswith("policies/"):
            continue
        target = dest / name
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(root / name, target)
    for folder in ("cases", "meetings"):
        (dest / folder).mkdir(exist_ok=True)
    allow = root / ".casework-allow.yaml"
    if allow.is_file():
        shutil.copyfile(allow, dest / allow.name)


def _value(data: Any, path: tuple[str | int, ...]) -> Any:
    for key in path:
        try:
            data = data[key]
        except (KeyError, IndexError, TypeError):
            return None
    return data


def _mapping_at(
    positions: dict[tuple[str | int, ...], tuple[int, int]], data: Any, line: int, column: int
) -> tuple[str | int, ...]:
    """The deepest group of fields placed at ``line``:``column`` (a missing field's parent)."""
    found: tuple[str | int, ...] = ()
    for path, at in positions.items():
        if at == (line, column) and isinstance(_value(data, path), dict) and len(path) > len(found):
            found = path
    return found


def _told(where: tuple[str | int, ...] | None, told: frozenset[str]) -> bool:
    """Whether ``where`` is a field of ``changes`` the form has named beside it."""
    return where is not None and len(where) > 1 and where[0] == "changes" and where[1] in told


_REQUIRED = re.compile(r"missing the required field '([a-z_]+)'")


def _messages(
    problems: list[Problem], text: str, rel: str, source: str, told: frozenset[str] = frozenset()
) -> list[Message]:
    """Each problem as a message beside its form field; an unchanged field of
    ``changes`` the form has already named (``told``) is left out, said once."""
    try:
        document = loads(text, rel)
        positions, data = document.positions, document.data
    except LoadError:
        positions, data = {}, None
    out = []
    for problem in problems:
        line = problem.location.line or 1
        column = problem.location.column or 1
        where = field_at(positions, line, column) if problem.location.path == rel else None
        if problem.code == "unchanged" and _told(where, told):
            continue
        required = _REQUIRED.search(problem.message)
        if required and problem.location.path == rel:
            where = (*_mapping_at(positions, data, line, column), required.group(1))
        out.append(
            Message(
                problem.message,
                where,
                line,
                column,
                problem.severity.value,
                source,
            )
        )
    return out


def check(root: Path, rel: str, text: str, told: frozenset[str] = frozenset()) -> list[Message]:
    """What ``validate`` and ``scan`` say about ``rel`` holding ``text``, in context
    (less the unchanged fields of an amendment the form has named already, ``told``)."""
    with tempfile.TemporaryDirectory(prefix="casework-desk-") as tmp:
        scratch = Path(tmp) / "repo"
        _scratch(root, scratch)
        target = scratch / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")
        result = validate(scratch, [target])
        messages = _messages(result.problems, text, rel, "validate", told)
        deny = denylist_path(None)
        scanner = Scanner(load_allow_list(root), load_denylist(deny) if deny else None)
        found = scan_paths(scanner, [target], scratch)
        problems = [f.problem() for f in found.findings] + list(found.problems)
        messages.extend(_messages(problems, text, rel, "scan"))
    return messages


def _unchanged(root: Path, kind: str, rel: str, data: dict[str, Any]) -> list[Message]:
    """An amendment's ticked fields that give what the record already says: each refused
    beside its field, since saving it would record a change that changes nothing."""
    if kind != "amendment":
        return []
    return [
        Message(text, ("changes", key), source="form")
        for key, text in amending.unchanged(root, rel, _filled(data))
    ]


LINK_REFUSED = (
    "this record is a symbolic link, or is in a linked folder, so the desk will not open or "
    "save it (a link can lead outside the case repository); put the record itself in its "
    "place, then reload the desk"
)


def is_linked(root: Path, rel: str) -> bool:
    """Whether the record path ``rel`` is a link, passes through a linked folder, or
    leads outside the repository: the desk follows none of these."""
    here = root
    for part in PurePosixPath(rel).parts:
        here = here / part
        if here.is_symlink():
            return True
    resolved = (root / rel).resolve()
    return not resolved.is_relative_to(root.resolve())


_SAFE_REL = re.compile(r"^(cases/C-[0-9]{4,8}/[0-9a-z.-]+|meetings/[0-9a-z.-]+)\.yaml$")


def save(root: Path, kind: str, data: dict[str, Any], path: str | None = None) -> Outcome:
    """Compose, check and (only when nothing is wrong) write a record; what happened."""
    existing = None
    if path is not None:
        if _SAFE_REL.match(path) and is_linked(root, path):
            return Outcome(path, False, [Message(LINK_REFUSED)])
        if not _SAFE_REL.match(path) or not (root / path).is_file():
            return Outcome(path, False, [Message("this record cannot be found; reload the desk")])
        existing = (root / path).read_text(encoding="utf-8")
    try:
        rel, text = compose(root, kind, data, existing)
    except CaseworkError as exc:
        return Outcome(path, False, [_builder_message(exc)])
    rel = path or rel
    if is_linked(root, rel):
        return Outcome(rel, False, [Message(LINK_REFUSED, source="form")])
    if path is None and (root / rel).exists():
        return Outcome(
            rel,
            False,
            [
                Message(
                    f"{rel} already exists, and the desk never overwrites a record; open it "
                    "from the list, or choose another date",
                    source="form",
                )
            ],
        )
    unchanged = _unchanged(root, kind, rel, data)
    told = frozenset(str(m.field[-1]) for m in unchanged if m.field)
    messages = unchanged + check(root, rel, text, told)
    if any(m.severity == Severity.ERROR.value for m in messages):
        return Outcome(rel, False, messages)
    target = root / rel
    target.parent.mkdir(parents=True, exist_ok=True)
    handle, temp = tempfile.mkstemp(prefix=".desk-", suffix=".tmp", dir=target.parent)
    with os.fdopen(handle, "w", encoding="utf-8") as out:
        out.write(text)
    os.replace(temp, target)
    return Outcome(rel, True, messages)

"""Procedure pages: the text, its approval details, timescales from the rules, git history."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from casework.errors import relpath
from casework.repofiles import read_page_text
from casework.ruleversions import history
from casework.sitegen.model import Commit, SiteData
from casework.sitegen.pages import Pages, procedure_page, rule_anchor
from casework.sitegen.sanitise import Fence
from casework.stateddate import StatedDate, stated

_FRONT_MATTER = re.compile(r"\A---\n.*?\n---\n", re.S)
_FIRST_HEADING = re.compile(r"\A\s*#\s+[^\n]*\n")


@dataclass(frozen=True)
class Procedure:
    id: str
    title: str
    page: str
    owner: str
    #: what the procedure states about itself; None or "" where it is silent (the
    #: pages then say "not stated": casework never fills in a figure of its own)
    approved: StatedDate | None
    approved_by: str
    dated: StatedDate | None
    version: str
    review_date: StatedDate | None
    overdue_review: bool
    see_also: list[tuple[str, str]]
    rules: list[dict[str, Any]]
    body: str
    source: str
    history: list[Commit]
    #: the procedure's own notes of what changed (date, version, change), newest first
    notes: list[dict[str, Any]]


def rule_pages(data: SiteData) -> dict[str, str]:
    """Each rule id -> the link to its row on the first procedure page that lists it."""
    found: dict[str, str] = {}
    for entry in data.policy.pack["procedures"]:
        for rule_id in entry.get("rules", []) or []:
            found.setdefault(str(rule_id), f"{procedure_page(entry['id'])}#{rule_anchor(rule_id)}")
    return found


def procedures(data: SiteData) -> list[Procedure]:
    """Every procedure in the pack, with what its page shows."""
    pack = data.policy.pack
    titles = {p["id"]: p["title"] for p in pack["procedures"]}
    rules: dict[str, list[dict[str, Any]]] = {}
    for rule in data.policy.rules:  # every version of a rule, in the order of rules.yaml
        rules.setdefault(rule["id"], []).append(rule)
    found = []
    for entry in pack["procedures"]:
        path = data.policy.procedure_path(entry)
        source = relpath(path, data.root)
        exists = path.is_file() or path.is_symlink()
        body = read_page_text(path, source) if exists else ""
        body = _FIRST_HEADING.sub("", _FRONT_MATTER.sub("", body), count=1)
        review = stated(entry.get("review_date"))
        found.append(
            Procedure(
                id=entry["id"],
                title=entry["title"],
                page=procedure_page(entry["id"]),
                owner=_role_title(data, entry["owner_role"]),
                approved=stated(entry.get("approved")),
                approved_by=str(entry.get("approved_by") or ""),
                dated=stated(entry.get("dated")),
                version=str(entry.get("version") or ""),
                review_date=review,
                overdue_review=review is not None and review.passed(data.as_of),
                see_also=[
                    (titles[other], procedure_page(other))
                    for other in entry.get("see_also", [])
                    if other in titles
                ],
                rules=[
                    version
                    for wanted in entry.get("rules", [])
                    for version in _dated(rules.get(wanted, []))
                ],
                body=body.strip(),
                source=source,
                history=data.history.get(source, []),
                notes=[
                    {**note, "date": stated(note["date"]), "version": note.get("version") or ""}
                    for note in sorted(
                        entry.get("amendments") or [], key=lambda n: str(n["date"]), reverse=True
                    )
                ],
            )
        )
    return found


def _dated(versions: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Each version of a rule with ``in_force``: when it applied (only for versioned rules)."""
    if len(versions) < 2 and not any(v.get("effective_from") for v in versions):
        return versions
    dated = []
    for start, end, rule in history(versions):
        last = (end - timedelta(days=1)).isoformat() if end else None
        if start and last:
            when = f"{start.isoformat()} to {last}"
        elif start:
            when = f"from {start.isoformat()}"
        else:
            when = f"until {last}"
        dated.append({**rule, "in_force": when})
    return dated


def _role_title(data: SiteData, role: str) -> str:
    for item in data.policy.pack.get("roles", []):
        if item["id"] == role:
            return str(item["title"])
    return role.replace("_", " ")


def write(pages: Pages, data: SiteData, fence: Fence | None = None) -> list[Procedure]:
    """Write every procedure's page; its text is fenced for the sanitiser (see sanitise.py)."""
    found = procedures(data)
    for procedure in found:
        body = fence.wrap(procedure.body) if fence is not None and procedure.body else ""
        pages.render(
            procedure.page,
            "procedure.md.j2",
            meta={"title": procedure.title},
            source=procedure.source,
            p=procedure,
            body=body or procedure.body,
            data=data,
            status=_STATUS_LABELS,
        )
    pages.render(
        "procedures/index.md",
        "procedures_index.md.j2",
        meta={"title": "Procedures"},
        procedures=found,
        rules=data.policy.rules,
        data=data,
        status=_STATUS_LABELS,
    )
    return found


_STATUS_LABELS = {"statutory": "Statutory", "procedure": "Procedure", "local": "Local choice"}

"""Procedure pages: the text, its approval details, timescales from the rules, git history."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any

from casework.errors import relpath
from casework.repofiles import read_page_text
from casework.ruleversions import history
from casework.sitegen.crossrefs import References, rule_targets
from casework.sitegen.model import Commit, SiteData
from casework.sitegen.pages import Pages, procedure_page
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
    #: the sections of its text: (level, heading as plain text, the heading's id)
    sections: list[tuple[int, str, str]] = field(default_factory=list)

    @property
    def updated(self) -> tuple[StatedDate | None, str]:
        """When the procedure last changed, and where that date comes from (in words).

        Its latest amendment note, else the day it was approved, else the last day
        the history recorded a change to its file."""
        if self.notes and self.notes[0]["date"]:
            version = self.notes[0]["version"]
            return self.notes[0]["date"], (
                f"version {version}" if version else "the latest note of what changed"
            )
        if self.approved:
            return self.approved, (
                f"the day version {self.version} was approved"
                if self.version
                else "the day it was approved"
            )
        if self.history:
            return stated(self.history[0].date), "the last change recorded in the site's history"
        return None, ""


def rule_pages(data: SiteData) -> dict[str, str]:
    """Each rule id -> the link to its row on the first procedure page that lists it, else
    to its row in the table of every timescale on the procedures index."""
    return rule_targets(data.policy.pack, [str(r["id"]) for r in data.policy.rules])


def references(data: SiteData) -> References:
    """What the pages link in their text: every rule id, and each procedure's title."""
    return References(
        rule_pages(data),
        {p["title"]: procedure_page(p["id"]) for p in data.policy.pack["procedures"]},
    )


_FENCE = re.compile(r"^[ \t]*(`{3,}|~{3,})")
_HEADING = re.compile(r"^(#{2,6})[ \t]+(.*?)[ \t#]*$")
_ATTRS = re.compile(r"\s*\{:?[ \t]*[#.][^}]*\}\s*$")
_ATTR_ID = re.compile(r"#([A-Za-z][\w.:-]*)")
#: ids the procedure template gives its own headings and rows
RESERVED_IDS = frozenset({"timescales", "see-also", "amendments"})


def plain_heading(text: str) -> str:
    """A heading's Markdown as the words a reader sees."""
    text = re.sub(r"!?\[([^\]]*)\]\([^)]*\)", r"\1", text)
    text = re.sub(r"<[^>]+>", "", text)
    text = re.sub(r"\\(.)", r"\1", re.sub(r"(?<!\\)[*_`]+", "", text))
    return " ".join(text.split())


def slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-") or "section"


def anchor_headings(body: str) -> tuple[str, list[tuple[int, str, str]]]:
    """The text with an id set on each heading (so the A-Z can link to it), and its sections.

    A heading that sets its own id ("## Who can refer { #who }") keeps it; fenced code is
    left alone.
    """
    used = set(RESERVED_IDS)
    found: list[tuple[int, str, str]] = []
    out: list[str] = []
    fence = ""
    for line in body.split("\n"):
        opening = _FENCE.match(line)
        if fence:
            if opening and opening.group(1)[0] == fence[0] and len(opening.group(1)) >= len(fence):
                fence = ""
            out.append(line)
            continue
        if opening:
            fence = opening.group(1)
            out.append(line)
            continue
        heading = _HEADING.match(line)
        if not heading:
            out.append(line)
            continue
        marks, text = heading.groups()
        attrs = _ATTRS.search(text)
        own = _ATTR_ID.search(attrs.group(0)) if attrs else None
        words = plain_heading(text[: attrs.start()] if attrs else text)
        if own:
            anchor = own.group(1)
        else:
            anchor = base = slug(words)
            number = 0
            while anchor in used:
                number += 1
                anchor = f"{base}_{number}"
            if attrs:  # "{ .class }": the id joins the heading's own attributes
                inner = attrs.group(0).strip()[1:-1].lstrip(":")
                line = f"{line[: heading.start(2) + attrs.start()]} {{ #{anchor} {inner.strip()} }}"
            else:
                line = f"{line.rstrip()} {{ #{anchor} }}"
        used.add(anchor)
        if words:
            found.append((len(marks), words, anchor))
        out.append(line)
    return "\n".join(out), found


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
        body = read_page_text(path, source, data.policy.dir) if exists else ""
        body = _FIRST_HEADING.sub("", _FRONT_MATTER.sub("", body), count=1)
        body, sections = anchor_headings(body.strip())
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
                sections=sections,
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
    refs = pages.references
    for procedure in found:
        text = refs.markdown(procedure.body, procedure.page) if refs else procedure.body
        body = fence.wrap(text) if fence is not None and text else ""
        pages.render(
            procedure.page,
            "procedure.md.j2",
            meta={"title": procedure.title},
            source=procedure.source,
            p=procedure,
            body=body or text,
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

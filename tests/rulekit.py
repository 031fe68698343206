"""Small in-memory timelines, policies and rules for the rule-kind tests (no files)."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

from casework.errors import Location
from casework.findings import Finding, Status
from casework.policy import Policy
from casework.rules import Context, evaluator
from casework.timeline import Episode, Event, RecordView, Spell, Timeline, make_timeline
from casework.workdays import WorkingCalendar
from casework.yamlload import loads

CASE = "C-0001"
CASE_FILE = f"cases/{CASE}/case.yaml"

PACK: dict[str, Any] = {
    "panel": {
        "id": "panel",
        "name": "Test panel",
        "cadence": {"every": "fortnight", "weekday": "thursday", "anchor": "2026-03-05"},
        "chair_roles": ["head_of_service"],
        "vice_chair_role": "service_manager",
        "quorum_others": 2,
        "max_members": 4,
        "max_cases": 2,
    },
    "roles": [
        {"id": "social_worker", "title": "Social worker", "rank": 1},
        {"id": "service_manager", "title": "Service manager", "rank": 3},
        {"id": "head_of_service", "title": "Head of service", "rank": 4},
        {"id": "assistant_director", "title": "Assistant director", "rank": 5},
    ],
    "recommendation_types": [{"id": "endorse_plan", "label": "Endorse", "endorses_plan": True}],
    "checklists": [{"id": "A", "label": "Fostering", "documents": ["care_plan", "ppm_minutes"]}],
}


def policy(calendar: WorkingCalendar | None = None) -> Policy:
    return Policy(
        Path("policies"),
        PACK,
        [],
        None,  # type: ignore[arg-type]
        None,  # type: ignore[arg-type]
        calendar or WorkingCalendar(),
    )


def ev(kind: str, day: date, line: int = 1, file: str = CASE_FILE, **attrs: Any) -> Event:
    return Event(kind, day, CASE, attrs, Location(file, line))


def episode(start: date, end: date | None = None, number: int = 1) -> Episode:
    return Episode(number, start, end, "s20", "emergency")


def timeline(
    *events: Event,
    episodes: tuple[Episode, ...] = (),
    spells: dict[str, list[Spell]] | None = None,
    records: tuple[RecordView, ...] = (),
) -> Timeline:
    return make_timeline(CASE, events, episodes, spells, records, CASE_FILE)


def record(kind: str, stem: str, day: date, text: str) -> RecordView:
    """A referral or decision view from YAML text (positions are real)."""
    display = f"cases/{CASE}/{stem}.yaml"
    doc = loads(text, display)
    return RecordView(kind, stem, day, doc.data, doc)


def rule(kind: str, **fields: Any) -> dict[str, Any]:
    return {
        "id": "T1",
        "title": "A test rule",
        "description": "For tests.",
        "status": "procedure",
        "clause": "test 1.1",
        "kind": kind,
        **fields,
    }


def run(
    spec: dict[str, Any],
    tl: Timeline | None,
    as_of: date,
    due_soon: int = 5,
    pol: Policy | None = None,
    meeting: Any = None,
) -> list[Finding]:
    context = Context(pol or policy(), as_of, due_soon, timeline=tl, meeting=meeting)
    return evaluator(spec["kind"])(spec, context)


def statuses(findings: list[Finding]) -> list[Status]:
    return [f.status for f in findings]

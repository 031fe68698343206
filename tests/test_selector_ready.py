"""A selector made ready once (``casework.selectors.compiled``) picks what the rule's own
mapping picks, and what it picked from a timeline is kept with the timeline."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from casework.selectors import candidates, compiled, select
from rulekit import episode, ev, timeline

TIMELINE_EVENTS = (
    ev("entered_care", date(2026, 1, 5), episode=1),
    ev("placement_started", date(2026, 1, 5), line=3, type="fostering", placement=1),
    ev("placement_started", date(2026, 4, 1), line=4, type="adoptive", placement=2),
    ev("lac_review", date(2026, 1, 30), line=5, number=1, episode=1),
    ev("lac_review", date(2026, 4, 28), line=6, number=2, episode=1),
    ev("case_event", date(2026, 2, 1), line=7, type="adoption_review"),
    ev("case_event", date(2026, 5, 2), line=8, type="adoption_review"),
    ev("case_event", date(2026, 6, 9), line=9, type="adoption_review"),
    ev("case_event", date(2026, 6, 1), line=10, type="social_worker_visit", placement=2),
    ev("approval", date(2026, 3, 1), line=11, role="head_of_service", end_date="2026-09-01"),
)

SELECTORS: list[dict[str, Any]] = [
    {"event": "lac_review"},
    {"event": "lac_review", "where": {"number": {"gte": 2}}},
    {"event": "case_event", "where": {"type": "adoption_review"}, "nth": 2},
    {
        "event": "case_event",
        "where": {"type": "adoption_review"},
        "after": {"event": "placement_started", "where": {"type": "adoptive"}},
        "nth": 1,
    },
    {"event": "approval", "date_field": "end_date"},
    {"event": "placement_started", "where": {"type": "residential"}},
    {"event": "proceedings_issued"},  # a kind this timeline does not have
]


@pytest.mark.parametrize("spec", SELECTORS, ids=lambda spec: str(spec)[:60])
def test_a_ready_selector_picks_what_its_mapping_picks(spec: dict[str, Any]) -> None:
    by_mapping = select(timeline(*TIMELINE_EVENTS, episodes=(episode(date(2026, 1, 5)),)), spec)
    ready = compiled(spec)
    fresh = timeline(*TIMELINE_EVENTS, episodes=(episode(date(2026, 1, 5)),))
    picked = ready.of(fresh)
    assert [(e.source.line, when) for e, when in picked] == [
        (e.source.line, when) for e, when in by_mapping
    ]
    assert ready.of(fresh) is picked  # kept with the timeline, not picked again
    assert select(fresh, spec) is picked  # the mapping finds the same ready selector
    origin = TIMELINE_EVENTS[2]
    assert list(candidates(fresh, ready, origin)) == list(candidates(fresh, spec, origin))


def test_equal_selectors_that_are_different_objects_are_made_ready_apart() -> None:
    first, second = {"event": "lac_review"}, {"event": "lac_review"}
    assert compiled(first) is compiled(first)
    assert compiled(first) is not compiled(second)

"""Timelines derived from real record files: events, amendments, the as-of date."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path

from casework.policy import load_policy
from casework.records import load_records
from casework.timeline import Timeline, build_timelines
from casework.yamlload import MARKS, Positions

AMENDMENT = """\
case_id: C-0042
date: "2026-03-12"
amends: 2026-03-05-decision
reason: The chair corrected the recommendation type.
made_by_role: head_of_service
changes:
  items:
    - type: care_planning_review
      owner_role: social_worker
  return_to_panel: "2026-06-04"
"""


def timelines(root: Path, as_of: date | None = None) -> dict[str, Timeline]:
    records, problems = load_records(root)
    assert problems == []
    return build_timelines(records, load_policy(root / "policies", root), as_of)


def kinds(timeline: Timeline) -> list[tuple[str, str]]:
    return [(e.kind, e.date.isoformat()) for e in timeline.events]


def test_events_from_every_record(make_repo: Callable[..., Path]) -> None:
    timeline = timelines(make_repo())["C-0042"]
    assert timeline.case_id == "C-0042"
    assert kinds(timeline) == sorted(kinds(timeline), key=lambda k: k[1])
    found = {k for k, _ in kinds(timeline)}
    assert {
        "entered_care",
        "legal_status",
        "placement_started",
        "lac_review",
        "case_event",
        "referral",
        "panel_hearing",
        "decision_item",
    } <= found
    (review,) = timeline.of_kind("lac_review")
    assert review.attrs["number"] == 1 and review.attrs["episode"] == 1
    (item,) = timeline.of_kind("decision_item")
    assert item.attrs["endorses_plan"] is True  # endorse_plan endorses in the Bexley pack
    assert item.source.path == "cases/C-0042/2026-03-05-decision.yaml"
    assert item.source.line == 6
    (referral,) = timeline.of_kind("referral")
    assert referral.attrs["panel_date"] == "2026-03-05"
    assert referral.date == date(2026, 2, 26)
    assert [e.number for e in timeline.episodes] == [1]
    assert timeline.spells["legal_status"][0].value == "s20"


def test_amendments_apply_before_events_are_derived(make_repo: Callable[..., Path]) -> None:
    root = make_repo({"cases/C-0042/2026-03-12-amendment.yaml": AMENDMENT})
    timeline = timelines(root)["C-0042"]
    (item,) = timeline.of_kind("decision_item")
    assert item.attrs["type"] == "care_planning_review"
    assert item.attrs["endorses_plan"] is False
    (back,) = timeline.of_kind("return_to_panel")
    assert back.attrs["due"] == "2026-06-04"
    assert [e.kind for e in timeline.of_kind("amendment")] == ["amendment"]
    # as of a day before the amendment, the decision reads as first written
    before = timelines(root, as_of=date(2026, 3, 11))["C-0042"]
    assert before.of_kind("decision_item")[0].attrs["type"] == "endorse_plan"
    assert before.of_kind("return_to_panel") == ()


def test_records_after_the_as_of_date_are_left_out(make_repo: Callable[..., Path]) -> None:
    root = make_repo()
    early = timelines(root, as_of=date(2025, 11, 20))["C-0042"]
    assert {k for k, _ in kinds(early)} == {
        "entered_care",
        "legal_status",
        "placement_started",
        "case_event",
    }
    mid = timelines(root, as_of=date(2026, 3, 1))["C-0042"]
    assert mid.of_kind("referral") and not mid.of_kind("panel_hearing")
    assert len(mid.records_of("referral")) == 1 and mid.records_of("decision") == ()


def test_an_end_after_the_as_of_date_is_still_open(make_repo: Callable[..., Path]) -> None:
    root = make_repo()
    text = (root / "cases/C-0042/case.yaml").read_text(encoding="utf-8")
    ended = '    entry: emergency\n    end: "2026-06-30"\n    end_reason: returned_home\n'
    text = text.replace("    entry: emergency\n", ended, 1)
    (root / "cases/C-0042/case.yaml").write_text(text, encoding="utf-8")
    later = timelines(root)["C-0042"]
    assert later.episodes[0].end == date(2026, 6, 30)
    (left,) = later.of_kind("left_care")
    # working days from Monday 3 November 2025 to 30 June 2026, both counted
    # (checked against a day-by-day count with the holidays package)
    assert left.attrs["looked_after_working_days"] == 165
    earlier = timelines(root, as_of=date(2026, 6, 1))["C-0042"]
    assert earlier.episodes[0].end is None and earlier.of_kind("left_care") == ()


REPO = Path(__file__).resolve().parent.parent


def _events(positions: Positions) -> list[tuple[str, str, str, int, int, str]]:
    records, problems = load_records(REPO, positions=positions)
    assert problems == []
    policy = load_policy(REPO / "policies", REPO)
    return [
        (e.kind, e.date.isoformat(), e.source.path, e.source.line, e.source.column, e.file)
        for timeline in build_timelines(records, policy, date(2026, 12, 1)).values()
        for e in timeline.events
    ]


def test_events_are_located_when_asked_where_every_position_map_puts_them() -> None:
    # an event keeps its record and field path, and is located only when a finding asks;
    # located from the parser's marks (check) it is where the position map (read with
    # the record, as before) puts it, and its file is its location's file
    from_map = _events(True)
    assert len(from_map) > 100
    assert _events(MARKS) == from_map
    assert all(file == path for _, _, path, _, _, file in from_map)


def test_an_event_located_twice_is_located_once(make_repo: Callable[..., Path]) -> None:
    root = make_repo()
    records, _ = load_records(root, positions=MARKS)
    policy = load_policy(root / "policies", root)
    timeline = build_timelines(records, policy)["C-0042"]
    (item,) = timeline.of_kind("decision_item")
    assert item.source is item.source  # worked out once, then kept by the event
    assert (item.source.path, item.source.line) == ("cases/C-0042/2026-03-05-decision.yaml", 6)
    (spell,) = timeline.spells["in_care"]
    (entered,) = timeline.of_kind("entered_care")
    assert spell.source == entered.source and spell.source.line > 1

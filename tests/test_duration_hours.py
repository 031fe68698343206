"""A deadline in hours ("within 48 hours"), counted as whole days.

Records hold dates, not times, so a pack may write hours only in multiples of 24:
48 hours after an event on Friday is Sunday (calendar days, weekends included, the
deadline staying on its date as other calendar units do). Any other figure is a pack
error at its line, and ``check`` refuses the pack instead of guessing a rounding.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from pathlib import Path

import yaml

from conftest import Run

RULES = "policies/rules.yaml"
RULE = """
  - id: ZZ9
    title: Outcome circulated within 72 hours of the review meeting
    description: The outcome is sent to the panel within 72 hours of the meeting.
    status: procedure
    clause: "invented for the test"
    kind: after
    from: { event: case_event, where: { type: dispute_review_meeting } }
    within: { hours: HOURS }
    met_by: { event: case_event, where: { type: decision_circulated } }
"""


def _add_rule(root: Path, hours: int) -> int:
    """The rule added to the pack; returns the line its ``within`` is on."""
    path = root / RULES
    text = path.read_text(encoding="utf-8") + RULE.replace("HOURS", str(hours))
    path.write_text(text, encoding="utf-8")
    return max(n for n, line in enumerate(text.splitlines(), 1) if "hours:" in line)


def _record_events(root: Path, *pairs: tuple[str, str]) -> str:
    """Events added to the first case record; returns its case id."""
    record = sorted((root / "cases").glob("*/case.yaml"))[0]
    data = yaml.safe_load(record.read_text(encoding="utf-8"))
    data.setdefault("events", []).extend({"type": t, "date": d} for t, d in pairs)
    record.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    return record.parent.name


def _zz9(run: Run, case: str) -> list[dict[str, object]]:
    assert run.code in (0, 1), run.text
    return [f for f in json.loads(run.out) if f["rule"] == "ZZ9" and f["case"] == case]


def test_72_hours_after_a_friday_is_the_monday(
    make_repo: Callable[..., Path], cli: Callable[..., Run]
) -> None:
    root = make_repo()
    _add_rule(root, 72)
    # Friday 10 April 2026, 72 hours: Monday 13 April (Easter Monday: it stays on its date)
    case = _record_events(
        root, ("dispute_review_meeting", "2026-04-10"), ("decision_circulated", "2026-04-14")
    )
    assert cli("validate", "--repo", root).code == 0
    run = cli("check", "--repo", root, "--as-of", "2026-05-01", "--format", "json", "--all")
    (finding,) = _zz9(run, case)
    assert finding["due"] == "2026-04-13"
    assert finding["status"] == "late"
    assert finding["days_late"] == 1
    assert "within 72 hours of" in str(finding["message"])


def test_met_on_the_last_day(make_repo: Callable[..., Path], cli: Callable[..., Run]) -> None:
    root = make_repo()
    _add_rule(root, 24)
    case = _record_events(
        root, ("dispute_review_meeting", "2026-06-01"), ("decision_circulated", "2026-06-02")
    )
    run = cli("check", "--repo", root, "--as-of", "2026-07-01", "--format", "json", "--all")
    (finding,) = _zz9(run, case)
    assert (finding["due"], finding["status"]) == ("2026-06-02", "met")


def test_hours_that_are_not_whole_days_are_refused_at_their_line(
    make_repo: Callable[..., Path], cli: Callable[..., Run]
) -> None:
    root = make_repo()
    line = _add_rule(root, 36)
    run = cli("validate", "--repo", root)
    assert run.code == 1, run.text
    (error,) = [x for x in run.out.splitlines() if x.startswith(f"{RULES}:{line}:")]
    assert re.search(r"'rules\[\d+\]\.within\.hours'", error), error
    assert "multiple of 24" in error
    checked = cli("check", "--repo", root, "--as-of", "2026-12-01")
    assert checked.code == 2, checked.text
    assert f"{RULES}:{line}:" in checked.err
    assert "Traceback" not in run.text + checked.text

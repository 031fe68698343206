"""Lateness in words when the day after a deadline is not a working day.

A calendar deadline stays on its date even on a weekend (convention 5), so an
answer on the next day, a bank holiday, is late by a day and by no working day.
Reports must say that in words, never "late on the day" (that is for a record
sent on the deadline day after its cut-off time) and never an empty "()".
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from conftest import CASE, Run

# Issued Monday 1 March 2027: 26 weeks beginning with that day end on Sunday
# 29 August 2027; Monday 30 August 2027 is the summer bank holiday.
PROCEEDINGS = '\nproceedings:\n  - {{ issued: "2027-03-01", concluded: {concluded} }}\n'


def _s5_lines(run: Run) -> list[str]:
    return [line for line in run.out.splitlines() if "rule S5," in line]


def test_concluded_on_the_bank_holiday_after_a_sunday_deadline(
    make_repo: Callable[..., Path], cli: Callable[..., Run]
) -> None:
    case = CASE + PROCEEDINGS.format(concluded='"2027-08-30"')
    root = make_repo({"cases/C-0042/case.yaml": case})
    run = cli("check", "--repo", root, "--as-of", "2027-09-10")
    [line] = _s5_lines(run)
    assert ": late: " in line and "was due by 2027-08-29" in line
    assert "late on the day" not in line
    assert line.endswith("1 day late (0 working days)"), line


def test_breached_on_a_non_working_day_says_how_late(
    make_repo: Callable[..., Path], cli: Callable[..., Run]
) -> None:
    case = CASE + PROCEEDINGS.format(concluded="null")
    root = make_repo({"cases/C-0042/case.yaml": case})
    run = cli("check", "--repo", root, "--as-of", "2027-08-30")
    [line] = _s5_lines(run)
    assert ": breached: " in line
    assert line.endswith("1 day late (0 working days)"), line
    for fmt in ("github", "gitlab"):
        other = cli("check", "--repo", root, "--as-of", "2027-08-30", "--format", fmt)
        assert "1 day late (0 working days)" in other.out, fmt

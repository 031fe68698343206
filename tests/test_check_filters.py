"""``casework check --case / --team / --due-within``: what a coordinator is working on.

Run on the demo data (16 invented children, Bexley pack) as of a fixed date, so
the expected findings are those of the full report, narrowed.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
import yaml

from conftest import Run

REPO = Path(__file__).resolve().parent.parent
AS_OF = "2026-11-22"


def _findings(cli: Callable[..., Run], *args: str) -> tuple[int, list[dict[str, Any]]]:
    run = cli("check", "--repo", REPO, "--as-of", AS_OF, "--all", "--format", "json", *args)
    assert run.code in (0, 1), run.text
    return run.code, json.loads(run.out)


def _team(case: str) -> str:
    data = yaml.safe_load((REPO / "cases" / case / "case.yaml").read_text(encoding="utf-8"))
    return str(data["team"])


def test_case_keeps_only_that_childs_findings(cli: Callable[..., Run]) -> None:
    _, everything = _findings(cli)
    _, one = _findings(cli, "--case", "C-0115")
    assert one and {f["case"] for f in one} == {"C-0115"}
    assert one == [f for f in everything if f["case"] == "C-0115"]
    _, two = _findings(cli, "--case", "C-0115", "--case", "C-0101")
    assert {f["case"] for f in two} == {"C-0115", "C-0101"}


def test_team_keeps_the_cases_of_that_team(cli: Callable[..., Run]) -> None:
    _, everything = _findings(cli)
    team = _team("C-0115")
    _, mine = _findings(cli, "--team", team)
    expected = [f for f in everything if f["case"] and _team(f["case"]) == team]
    assert mine == expected and mine


def test_due_within_lists_what_is_not_done_and_due_by_then_overdue_included(
    cli: Callable[..., Run],
) -> None:
    _, everything = _findings(cli)
    _, week = _findings(cli, "--due-within", "7")
    limit = date.fromisoformat(AS_OF) + timedelta(days=7)
    expected = [
        f for f in everything if f["done"] is None and date.fromisoformat(f["due"]) <= limit
    ]
    assert week == expected
    assert any(f["status"] == "breached" for f in week)  # overdue items are on the list
    assert all(f["status"] != "met" for f in week)


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (("--case", "C-9999"), "--case names a child with no valid case record"),
        (("--team", "children_in_car"), "did you mean children_in_care"),
    ],
)
def test_unknown_ids_are_usage_errors_not_empty_reports(
    cli: Callable[..., Run], args: tuple[str, ...], words: str
) -> None:
    run = cli("check", "--repo", REPO, "--as-of", AS_OF, *args)
    assert run.code == 2
    assert words in run.err


def test_due_within_must_be_a_number_of_days(
    cli: Callable[..., Run], capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(SystemExit) as stopped:
        cli("check", "--repo", REPO, "--due-within", "soon")
    assert stopped.value.code == 2
    assert "give a whole number of days" in capsys.readouterr().err

"""One test per message fault the coordinators' issue found (issue 11, "Messages" and
"Smaller"), each through the command line. Faults covered elsewhere are named at the end.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from conftest import AMENDMENT, CASE, REFERRAL, Run

TEAMS = "assessment_and_intervention, children_in_care, court_and_proceedings"


@pytest.mark.parametrize("value", ['""', '"FILL IN"', "bx_1_4_d"])
def test_a_wrong_or_empty_criterion_lists_the_packs_criteria_and_no_made_up_example(
    make_repo: Callable[..., Path], cli: Callable[..., Run], value: str
) -> None:
    text = REFERRAL.replace("criterion: bx_newly_looked_after", f"criterion: {value}")
    root = make_repo({"cases/C-0042/2026-03-05-referral.yaml": text})
    run = cli("validate", "--repo", root)
    assert run.code == 1
    assert "'criterion'" in run.out
    assert "use one of: bx_lpm_proceedings, bx_newly_looked_after" in run.out
    assert "for example" not in run.out
    assert "bx_1_4_d" not in run.out  # neither the value nor an invented id


def test_a_team_written_as_words_gets_the_packs_teams_and_the_nearest_one(
    make_repo: Callable[..., Path], cli: Callable[..., Run]
) -> None:
    text = CASE.replace("team: children_in_care", "team: Children in care")
    root = make_repo({"cases/C-0042/case.yaml": text})
    run = cli("validate", "--repo", root)
    assert run.code == 1
    assert f"'team' is not one of the teams in the policy pack; use one of: {TEAMS}" in run.out
    assert "(did you mean 'children_in_care'?)" in run.out
    assert "for example" not in run.out
    assert "Children in care" not in run.out  # the value is never repeated


@pytest.mark.parametrize("placeholder", ["FILL IN", "TBC"])
def test_a_placeholder_summary_is_refused(
    make_repo: Callable[..., Path], cli: Callable[..., Run], placeholder: str
) -> None:
    text = REFERRAL.replace("summary: An invented summary for testing.", f"summary: {placeholder}")
    root = make_repo({"cases/C-0042/2026-03-05-referral.yaml": text})
    run = cli("validate", "--repo", root)
    assert run.code == 1
    assert "cases/C-0042/2026-03-05-referral.yaml:5:1: error: 'summary'" in run.out
    assert "placeholder" in run.out


def test_an_amendment_misdated_reads_an_amendment_not_a_amendment(
    make_repo: Callable[..., Path], cli: Callable[..., Run]
) -> None:
    root = make_repo({"cases/C-0042/2026-03-13-amendment.yaml": AMENDMENT})
    run = cli("validate", "--repo", root)
    assert run.code == 1
    assert "'date' is not the date in the file name; an amendment file is named" in run.out
    assert "a amendment" not in run.out


def test_a_quote_inside_a_quoted_summary_is_named_as_a_quote_problem(
    make_repo: Callable[..., Path], cli: Callable[..., Run]
) -> None:
    text = REFERRAL.replace(
        "summary: An invented summary for testing.", 'summary: "the "big" move"'
    )
    root = make_repo({"cases/C-0042/2026-03-05-referral.yaml": text})
    run = cli("validate", "--repo", root)
    assert run.code == 1
    assert "cases/C-0042/2026-03-05-referral.yaml:5:15: error:" in run.out
    assert "double quote inside it" in run.out and "single quotes" in run.out
    assert "indentation" not in run.out
    assert "big" not in run.out


def test_new_for_an_existing_referral_or_meeting_points_to_an_amendment_not_an_edit(
    make_repo: Callable[..., Path], cli: Callable[..., Run]
) -> None:
    root = make_repo()
    again = cli("new", "referral", "--repo", root, "--case", "C-0042", "--panel-date", "2026-03-05")
    assert again.code != 0
    assert "casework new amendment --case C-0042 --amends 2026-03-05-referral" in again.err
    assert "edit that file" not in again.err
    meeting = cli("new", "meeting", "--repo", root, "--date", "2026-03-05")
    assert meeting.code != 0
    assert "casework new amendment --amends 2026-03-05-meeting" in meeting.err


# Covered elsewhere, each through the command line:
# - the name check's status on every hook run until a deny list is configured:
#   tests/test_council_hooks.py (first commit) and tests/test_coordinators_walkthrough.py
#   (every commit of the walk-through); 'casework setup' says it: tests/test_setup.py
# - 'casework init' walking through setting up a deny list: tests/test_init.py
# - placeholders in every field: tests/test_validate.py
# - 'new amendment --help' per kind: tests/test_new.py
# - a decision before its hearing, the nearest earlier meeting, init without --repo:
#   tests/test_new.py


@pytest.mark.parametrize("command", ["validate", "check"])
def test_a_pack_with_no_rules_is_refused_with_why_and_what_to_write(
    make_repo: Callable[..., Path], cli: Callable[..., Run], command: str
) -> None:
    root = make_repo({"policies/rules.yaml": "rules: []\n"})
    run = cli(command, "--repo", root)
    assert run.code == (1 if command == "validate" else 2)
    shown = run.out + run.err
    assert "policies/rules.yaml:1:1:" in shown
    assert "'rules' must list at least 1 item: write at least one rule" in shown
    assert "would check nothing" in shown
    assert "Traceback" not in shown


def test_new_amendment_without_amends_names_the_referral_when_there_is_no_decision(
    make_repo: Callable[..., Path], cli: Callable[..., Run]
) -> None:
    root = make_repo({"cases/C-0042/2026-03-05-decision.yaml": None})
    run = cli("new", "amendment", "--case", "C-0042", "--date", "2026-03-06", "--repo", root)
    assert run.code != 0
    assert "this case has no decision yet, so an amendment corrects its referral" in run.err
    assert "--amends with the referral's name (2026-03-05-referral)" in run.err
    assert not (root / "cases/C-0042/2026-03-06-amendment.yaml").exists()
    root = make_repo(
        {
            "cases/C-0042/2026-03-05-decision.yaml": None,
            "cases/C-0042/2026-03-05-referral.yaml": None,
        },
        name="bare",
    )
    run = cli("new", "amendment", "--case", "C-0042", "--date", "2026-03-06", "--repo", root)
    assert run.code != 0
    assert "this case has no referral or decision yet, so there is nothing to amend" in run.err

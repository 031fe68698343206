"""An amendment changes something: ``casework validate`` (so the commit hook and CI)
reports a field of ``changes`` that gives what the amended record already says, with
the amendments made before it applied in their order, as the desk refuses it.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

from conftest import Run
from desk_support import commit_all, git

DECISION_FIX = "cases/C-0042/2026-03-12-amendment.yaml"
#: a decision amendment; the decision (conftest.DECISION) has this chair, no return date
DECISION_AMENDMENT = """\
case_id: C-0042
date: "2026-03-12"
amends: 2026-03-05-decision
reason: An invented reason for the correction.
made_by_role: head_of_service
changes:
{changes}"""


def _amendment(changes: str, day: str = "2026-03-12") -> str:
    return DECISION_AMENDMENT.format(changes=changes).replace("2026-03-12", day)


def _findings(cli: Callable[..., Run], root: Path) -> tuple[int, list[dict[str, object]]]:
    run = cli("validate", "--repo", root, "--format", "json")
    report = json.loads(run.out)
    return run.code, [p for p in report["problems"] if p["code"] == "unchanged"]


def test_a_hand_written_amendment_repeating_a_value_is_a_finding(
    make_repo: Callable[..., Path], cli: Callable[..., Run]
) -> None:
    text = _amendment(
        '  return_to_panel: "2026-06-04"\n  chair_role: head_of_service\n  majority_agreed: true\n'
    )
    root = make_repo({DECISION_FIX: text})
    run = cli("validate", "--repo", root)
    assert run.code == 1, run.text
    [line] = [line for line in run.out.splitlines() if "chair_role" in line]
    # the file, the line (changes.chair_role is line 8), the field, how to fix it
    assert line.startswith(f"{DECISION_FIX}:8:3: error: 'changes.chair_role' ")
    assert "already says" in line
    assert "remove 'chair_role' from 'changes', or give the value it should have" in line
    assert "head_of_service" not in run.out  # the value is never repeated
    # the fields that do change something are not findings
    assert "return_to_panel" not in run.out and "majority_agreed" not in run.out
    # without the repeated field it is valid
    fixed = make_repo({DECISION_FIX: _amendment('  return_to_panel: "2026-06-04"\n')}, "fixed")
    assert cli("validate", "--repo", fixed).code == 0


def test_the_value_is_read_after_the_earlier_amendments_in_their_order(
    make_repo: Callable[..., Path], cli: Callable[..., Run]
) -> None:
    first = _amendment("  chair_role: service_manager\n")
    second = _amendment("  chair_role: service_manager\n", "2026-03-13")
    # the same day, -amendment-2 comes after -amendment, whatever the order of the fields
    same_day = _amendment("  chair_role: service_manager\n")
    root = make_repo(
        {
            DECISION_FIX: first,
            "cases/C-0042/2026-03-13-amendment.yaml": second,
            "cases/C-0042/2026-03-12-amendment-2.yaml": same_day,
        }
    )
    code, found = _findings(cli, root)
    assert code == 1
    assert sorted((p["file"], p["line"]) for p in found) == [
        ("cases/C-0042/2026-03-12-amendment-2.yaml", 7),
        ("cases/C-0042/2026-03-13-amendment.yaml", 7),
    ]
    assert all(
        "once the amendments made before this one are applied" in p["message"] for p in found
    )
    # putting back what the decision itself said, after a correction, is a change
    back = _amendment("  chair_role: head_of_service\n", "2026-03-13")
    root = make_repo({DECISION_FIX: first, "cases/C-0042/2026-03-13-amendment.yaml": back}, "back")
    assert _findings(cli, root) == (0, [])


def test_lists_mappings_and_dates_are_compared_by_what_they_say(
    make_repo: Callable[..., Path], cli: Callable[..., Run]
) -> None:
    # the decision's items with each item's keys in another order, its date unquoted
    same = _amendment(
        "  items:\n"
        "    - due: 2026-04-02\n"
        "      owner_role: social_worker\n"
        "      type: endorse_plan\n"
    )
    code, found = _findings(cli, make_repo({DECISION_FIX: same}))
    assert code == 1
    assert [p["message"].split(" ", 1)[0] for p in found] == ["'changes.items'"]
    # one nested value changed is a change
    later = same.replace("due: 2026-04-02", "due: 2026-04-09")
    assert _findings(cli, make_repo({DECISION_FIX: later}, "later")) == (0, [])


def test_a_meeting_correction_is_checked_and_a_field_the_record_leaves_out_is_a_change(
    make_repo: Callable[..., Path], cli: Callable[..., Run]
) -> None:
    head = (
        'date: "2026-03-06"\namends: 2026-03-05-meeting\n'
        "reason: An invented reason.\nmade_by_role: head_of_service\nchanges:\n"
    )
    # the meeting (conftest.MEETING) lists these members, in this order
    repeated = head + "  members_present: [service_manager, independent_reviewing_officer]\n"
    code, found = _findings(cli, make_repo({"meetings/2026-03-06-amendment.yaml": repeated}))
    assert code == 1
    assert [(p["file"], p["line"]) for p in found] == [("meetings/2026-03-06-amendment.yaml", 6)]
    assert "meeting record already says" in str(found[0]["message"])
    # the same members in another order is a change of the list as written
    reordered = head + "  members_present: [independent_reviewing_officer, service_manager]\n"
    root = make_repo({"meetings/2026-03-06-amendment.yaml": reordered}, "reordered")
    assert _findings(cli, root) == (0, [])
    # no declarations in the meeting: an empty list records that nobody declared anything
    declared = head + "  declarations: []\n"
    root = make_repo({"meetings/2026-03-06-amendment.yaml": declared}, "declared")
    assert _findings(cli, root) == (0, [])


def test_the_commit_hook_refuses_a_staged_amendment_that_changes_nothing(
    make_repo: Callable[..., Path], cli: Callable[..., Run]
) -> None:
    root = make_repo()
    commit_all(root)
    (root / DECISION_FIX).write_text(_amendment("  chair_role: head_of_service\n"), "utf-8")
    assert git(root, "add", DECISION_FIX).returncode == 0
    run = cli("validate", "--repo", root, "--staged")
    assert run.code == 1, run.text
    assert f"{DECISION_FIX}:7:3: error: 'changes.chair_role'" in run.out

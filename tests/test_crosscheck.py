"""Cross-file checks through ``casework validate``: each check, its line, exit code, no values."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from conftest import CASE, DECISION, MEETING, REFERRAL, Run

PLANTED = "zq_planted_4471"
PLANTED_ID = "C-99447100"
PLANTED_DATE = "2031-07-29"

CASE_PATH = "cases/C-0042/case.yaml"
REF = "cases/C-0042/2026-03-05-referral.yaml"
DEC = "cases/C-0042/2026-03-05-decision.yaml"
MEET = "meetings/2026-03-05-meeting.yaml"

SIBLING = CASE.replace("C-0042", "C-0043").replace("siblings: []", "siblings: [C-0042]")

AMENDMENT = """\
case_id: C-0042
date: "2026-03-09"
amends: 2026-03-05-decision
reason: The due date was recorded wrongly.
made_by_role: head_of_service
changes:
  return_to_panel: "2026-05-14"
"""


def sub(text: str, old: str, new: str) -> str:
    assert old in text, old
    return text.replace(old, new)


@dataclass(frozen=True)
class Wrong:
    """Files to change, the file and line (found by a needle) and words of the message."""

    files: dict[str, str | None]
    path: str
    needle: str
    words: str
    column: int = 1
    severity: str = "error"
    secrets: tuple[str, ...] = field(default=(PLANTED, PLANTED_ID, PLANTED_DATE))


def _line(text: str, needle: str) -> int:
    return next(i for i, line in enumerate(text.splitlines(), start=1) if needle in line)


WRONG: dict[str, Wrong] = {
    # ids and names
    "case id differs from folder": Wrong(
        {CASE_PATH: sub(CASE, "case_id: C-0042", f"case_id: {PLANTED_ID}")},
        CASE_PATH,
        "case_id:",
        "'case_id' differs from the name of the folder this file is in",
    ),
    "case id of another child": Wrong(
        {
            "cases/C-0043/case.yaml": CASE.replace("C-0043", "C-0042"),
            CASE_PATH: CASE,
        },
        "cases/C-0043/case.yaml",
        "case_id:",
        "'case_id' is the id of another child's case folder",
    ),
    "referral case id differs from folder": Wrong(
        {REF: sub(REFERRAL, "case_id: C-0042", f"case_id: {PLANTED_ID}")},
        REF,
        "case_id:",
        "'case_id' differs from the name of the folder",
    ),
    "record in a folder without case.yaml": Wrong(
        {"cases/C-0044/2026-03-05-referral.yaml": REFERRAL.replace("C-0042", "C-0044")},
        "cases/C-0044/2026-03-05-referral.yaml",
        "case_id:",
        "this case folder has no case.yaml; create it with 'casework new case'",
    ),
    "referral date differs from its name": Wrong(
        {REF: sub(REFERRAL, 'panel_date: "2026-03-05"', 'panel_date: "2026-03-19"')},
        REF,
        "panel_date:",
        "'panel_date' is not the date in the file name; a referral file is named "
        "YYYY-MM-DD-referral.yaml by its panel date",
    ),
    "decision date differs from its name": Wrong(
        {DEC: sub(DECISION, 'hearing_date: "2026-03-05"', f'hearing_date: "{PLANTED_DATE}"')},
        DEC,
        "hearing_date:",
        "'hearing_date' is not the date in the file name",
    ),
    "amendment date differs from its name": Wrong(
        {"cases/C-0042/2026-03-10-amendment-2.yaml": AMENDMENT},
        "cases/C-0042/2026-03-10-amendment-2.yaml",
        "date:",
        "'date' is not the date in the file name",
    ),
    "meeting date differs from its name": Wrong(
        {MEET: sub(MEETING, 'date: "2026-03-05"', f'date: "{PLANTED_DATE}"')},
        MEET,
        "date:",
        "'date' is not the date in the file name",
    ),
    # references
    "decision names a missing referral": Wrong(
        {DEC: sub(DECISION, "referral: 2026-03-05-referral", "referral: 2026-02-19-referral")},
        DEC,
        "referral:",
        "'referral' names a referral that is not in this case folder",
    ),
    "decision names a decision as its referral": Wrong(
        {DEC: sub(DECISION, "referral: 2026-03-05-referral", "referral: 2026-03-05-decision")},
        DEC,
        "referral:",
        "'referral' must name a referral record",
    ),
    "decision heard before its referral was submitted": Wrong(
        {
            REF: sub(
                sub(REFERRAL, 'submitted: "2026-02-26"', 'submitted: "2026-03-05"'),
                '"2026-02-25"',
                '"2026-03-04"',
            ),
            "cases/C-0042/2026-03-04-decision.yaml": DECISION.replace(
                'hearing_date: "2026-03-05"', 'hearing_date: "2026-03-04"'
            ),
        },
        "cases/C-0042/2026-03-04-decision.yaml",
        "hearing_date:",
        "'hearing_date' is before the referral it hears was submitted",
    ),
    "amendment of a missing decision": Wrong(
        {
            "cases/C-0042/2026-03-09-amendment.yaml": sub(
                AMENDMENT, "amends: 2026-03-05-decision", "amends: 2026-01-08-decision"
            )
        },
        "cases/C-0042/2026-03-09-amendment.yaml",
        "amends:",
        "'amends' names a decision that is not in this case folder",
    ),
    "amendment of an amendment": Wrong(
        {
            "cases/C-0042/2026-03-09-amendment.yaml": AMENDMENT,
            "cases/C-0042/2026-03-10-amendment.yaml": sub(
                sub(AMENDMENT, "amends: 2026-03-05-decision", "amends: 2026-03-09-amendment"),
                'date: "2026-03-09"',
                'date: "2026-03-10"',
            ),
        },
        "cases/C-0042/2026-03-10-amendment.yaml",
        "amends:",
        "'amends' must name the decision or referral this amendment corrects",
    ),
    "amendment before the hearing": Wrong(
        {
            "cases/C-0042/2026-03-02-amendment.yaml": sub(
                AMENDMENT, 'date: "2026-03-09"', 'date: "2026-03-02"'
            )
        },
        "cases/C-0042/2026-03-02-amendment.yaml",
        "date:",
        "'date' is before the hearing of the decision it amends",
    ),
    # schedule
    "panel date not on the schedule": Wrong(
        {
            "cases/C-0042/2026-03-06-referral.yaml": REFERRAL.replace("2026-03-05", "2026-03-06"),
            REF: None,
            DEC: sub(DECISION, "referral: 2026-03-05-referral", "referral: 2026-03-06-referral"),
        },
        "cases/C-0042/2026-03-06-referral.yaml",
        "panel_date:",
        "'panel_date' is not a scheduled meeting of the panel (it meets every other Thursday",
    ),
    "panel date on a bank holiday": Wrong(
        {"cases/C-0042/2025-12-25-referral.yaml": REFERRAL.replace("2026-03-05", "2025-12-25")},
        "cases/C-0042/2025-12-25-referral.yaml",
        "panel_date:",
        "except on bank holidays, closure days and cancelled dates",
    ),
    # the pack's vocabularies
    "unknown criterion": Wrong(
        {REF: sub(REFERRAL, "criterion: bx_newly_looked_after", f"criterion: {PLANTED}")},
        REF,
        "criterion:",
        "'criterion' is not one of the referral criteria in the policy pack; use one of: "
        "bx_lpm_proceedings",
    ),
    "unknown type sought": Wrong(
        {REF: sub(REFERRAL, "sought: [endorse_plan]", f"sought: [endorse_plan, {PLANTED}]")},
        REF,
        "sought:",
        "'sought[2]' is not one of the recommendation and decision types",
        column=24,
    ),
    "unknown document": Wrong(
        {REF: sub(REFERRAL, "care_plan]", f"{PLANTED}]")},
        REF,
        "documents:",
        "'documents[2]' is not one of the documents in the policy pack",
        column=28,
    ),
    "checklist the pack does not have": Wrong(
        {REF: REFERRAL + "checklist: Q\n"},
        REF,
        "checklist:",
        "'checklist' is used, but the policy pack lists no checklists; remove it",
    ),
    "unknown decision type": Wrong(
        {DEC: sub(DECISION, "type: endorse_plan", f"type: {PLANTED}")},
        DEC,
        "type:",
        "'items[1].type' is not one of the recommendation and decision types",
        column=5,
    ),
    "unknown role": Wrong(
        {DEC: sub(DECISION, "chair_role: head_of_service", f"chair_role: {PLANTED}")},
        DEC,
        "chair_role:",
        "'chair_role' is not one of the roles in the policy pack; use one of: ",
    ),
    "unknown role in a list": Wrong(
        {MEET: sub(MEETING, "[service_manager,", f"[{PLANTED},")},
        MEET,
        "members_present:",
        "'members_present[1]' is not one of the roles in the policy pack",
        column=19,
    ),
    "unknown team": Wrong(
        {CASE_PATH: sub(CASE, "team: children_in_care", f"team: {PLANTED}")},
        CASE_PATH,
        "team:",
        "'team' is not one of the teams in the policy pack",
    ),
    "meeting of another panel": Wrong(
        {MEET: sub(MEETING, "panel: permanence_panel", f"panel: {PLANTED}")},
        MEET,
        "panel:",
        "'panel' is not one of the panels in the policy pack",
    ),
    # siblings
    "sibling without a case folder": Wrong(
        {CASE_PATH: sub(CASE, "siblings: []", f"siblings: [{PLANTED_ID}]")},
        CASE_PATH,
        "siblings:",
        "'siblings[1]' names a case with no case folder (no case.yaml)",
        column=12,
    ),
    "sibling is the child": Wrong(
        {CASE_PATH: sub(CASE, "siblings: []", "siblings: [C-0042]")},
        CASE_PATH,
        "siblings:",
        "'siblings[1]' is this child's own case id",
        column=12,
    ),
    "siblings not mutual": Wrong(
        {"cases/C-0043/case.yaml": SIBLING},
        "cases/C-0043/case.yaml",
        "siblings:",
        "'siblings[1]' names a case whose case.yaml does not list this child as a sibling",
        column=12,
    ),
    # order of events in a case record
    "episode ends before it starts": Wrong(
        {
            CASE_PATH: sub(
                CASE, "    entry: emergency\n", '    entry: emergency\n    end: "2025-10-01"\n'
            )
        },
        CASE_PATH,
        'end: "2025-10-01"',
        "'episodes[1].end' is before the episode began ('start')",
        column=5,
    ),
    "episodes overlap": Wrong(
        {
            CASE_PATH: sub(
                CASE,
                "legal_status:",
                '    end: "2026-01-10"\n  - start: "2025-12-01"\n    legal_basis: s20\n'
                "    entry: planned\nlegal_status:",
            )
        },
        CASE_PATH,
        'start: "2025-12-01"',
        "'episodes[2].start' is before an earlier episode ('episodes[1]') ended",
        column=5,
    ),
    "earlier episode never ended": Wrong(
        {
            CASE_PATH: sub(
                CASE,
                "legal_status:",
                '  - start: "2026-02-01"\n    legal_basis: s20\n    entry: planned\nlegal_status:',
            )
        },
        CASE_PATH,
        'start: "2026-02-01"',
        "'episodes[2].start' begins while an earlier episode ('episodes[1]') has no end date",
        column=5,
    ),
    "legal status ends before it starts": Wrong(
        {
            CASE_PATH: sub(
                CASE,
                '    start: "2025-11-03"\nplacements:',
                '    start: "2025-11-03"\n    end: "2025-11-02"\nplacements:',
            )
        },
        CASE_PATH,
        'end: "2025-11-02"',
        "'legal_status[1].end' is before the legal status began",
        column=5,
    ),
    "placement ends before it starts": Wrong(
        {CASE_PATH: sub(CASE, "weekly_cost: 450", 'weekly_cost: 450\n    end: "2025-01-01"')},
        CASE_PATH,
        'end: "2025-01-01"',
        "'placements[1].end' is before the placement began",
        column=5,
    ),
    "proceedings concluded before issued": Wrong(
        {CASE_PATH: CASE + 'proceedings:\n  - issued: "2026-01-12"\n    concluded: "2026-01-02"\n'},
        CASE_PATH,
        "concluded:",
        "'proceedings[1].concluded' is before the proceedings began ('issued')",
        column=5,
    ),
    "review before the child was looked after": Wrong(
        {CASE_PATH: sub(CASE, 'reviews: ["2025-12-01"]', 'reviews: ["2025-12-01", "2025-10-01"]')},
        CASE_PATH,
        "reviews:",
        "'reviews[2]' is before the child was first looked after",
        column=25,
    ),
    "event before the child was looked after": Wrong(
        {
            CASE_PATH: sub(
                CASE,
                'permanence_planning_meeting\n    date: "2025-11-14"',
                'care_planning_review\n    date: "2025-10-14"',
            )
        },
        CASE_PATH,
        'date: "2025-10-14"',
        "'events[1].date' is before the child was first looked after",
        column=5,
    ),
    "looked after before birth": Wrong(
        {CASE_PATH: sub(CASE, 'birth_month: "2019-04"', 'birth_month: "2025-12"')},
        CASE_PATH,
        '- start: "2025-11-03"',
        "'episodes[1].start' is before the child's birth month",
        column=5,
    ),
    # order of events across records
    "referral submitted after its panel": Wrong(
        {REF: sub(REFERRAL, 'submitted: "2026-02-26"', 'submitted: "2026-03-06"')},
        REF,
        "submitted:",
        "'submitted' is after 'panel_date'",
    ),
    "authorised after submission": Wrong(
        {REF: sub(REFERRAL, 'date: "2026-02-25"', 'date: "2026-02-27"')},
        REF,
        'date: "2026-02-27"',
        "'authorised_by.date' is after 'submitted'",
        column=3,
    ),
    "return to panel before the hearing": Wrong(
        {DEC: DECISION + 'return_to_panel: "2026-02-05"\n'},
        DEC,
        "return_to_panel:",
        "'return_to_panel' is not after 'hearing_date'",
    ),
    "item due before the hearing": Wrong(
        {DEC: sub(DECISION, 'due: "2026-04-02"', 'due: "2026-03-01"')},
        DEC,
        "due:",
        "'items[1].due' is before 'hearing_date'",
        column=5,
    ),
    # meetings
    "meeting hears an unknown case": Wrong(
        {MEET: sub(MEETING, "cases_heard: [C-0042]", f"cases_heard: [C-0042, {PLANTED_ID}]")},
        MEET,
        "cases_heard:",
        "'cases_heard[2]' names a case with no case folder",
        column=23,
    ),
    "meeting defers an unknown case": Wrong(
        {MEET: MEETING + f"cases_deferred:\n  - case_id: {PLANTED_ID}\n    reason: papers_late\n"},
        MEET,
        f"case_id: {PLANTED_ID}",
        "'cases_deferred[1].case_id' names a case with no case folder",
        column=5,
    ),
    # the pack itself
    "pack chair role not among its roles": Wrong(
        {},
        "policies/pack.yaml",
        "chair_roles:",
        "'panel.chair_roles[1]' is not one of the roles listed in this policy pack",
        column=17,
    ),
}


def _prepare(make_repo: Callable[..., Path], wrong: Wrong) -> Path:
    root = make_repo(wrong.files)
    if wrong.path == "policies/pack.yaml":
        pack = root / wrong.path
        text = pack.read_text(encoding="utf-8")
        pack.write_text(
            sub(text, "chair_roles: [head_of_service]", f"chair_roles: [{PLANTED}]"),
            encoding="utf-8",
        )
    return root


def _assert_reported(root: Path, run: Run, wrong: Wrong) -> None:
    text = (root / wrong.path).read_text(encoding="utf-8")
    where = f"{wrong.path}:{_line(text, wrong.needle)}:{wrong.column}: {wrong.severity}: "
    lines = [line for line in run.out.splitlines() if line.startswith(where)]
    assert any(wrong.words in line for line in lines), f"wanted {where}{wrong.words}\n{run.text}"
    for secret in wrong.secrets:
        assert secret not in run.text
    assert run.code == (1 if wrong.severity == "error" else 0)


@pytest.mark.parametrize("name", sorted(WRONG))
def test_cross_check_whole_repository(
    name: str, make_repo: Callable[..., Path], cli: Callable[..., Run]
) -> None:
    wrong = WRONG[name]
    root = _prepare(make_repo, wrong)
    _assert_reported(root, cli("validate", "--repo", root), wrong)


@pytest.mark.parametrize("name", sorted(WRONG))
def test_cross_check_given_file(
    name: str, make_repo: Callable[..., Path], cli: Callable[..., Run]
) -> None:
    """As a hook runs it: only the changed file given, the rest read for context."""
    wrong = WRONG[name]
    root = _prepare(make_repo, wrong)
    _assert_reported(root, cli("validate", "--repo", root, root / wrong.path), wrong)


def test_case_heard_without_a_decision_that_day_is_a_warning(
    make_repo: Callable[..., Path], cli: Callable[..., Run]
) -> None:
    root = make_repo({DEC: None})
    run = cli("validate", "--repo", root)
    assert run.code == 0, run.text
    line = _line(MEETING, "cases_heard:")
    assert (
        f"{MEET}:{line}:15: warning: 'cases_heard[1]' has no decision record dated the day of "
        "this meeting" in run.out
    )
    assert run.out.splitlines()[-1].startswith("1 warning in 1 file")


def test_extraordinary_referral_may_be_off_schedule(
    make_repo: Callable[..., Path], cli: Callable[..., Run]
) -> None:
    off = REFERRAL.replace("2026-03-05", "2026-03-06") + "extraordinary: true\n"
    root = make_repo(
        {
            "cases/C-0042/2026-03-06-referral.yaml": off,
            REF: None,
            DEC: sub(DECISION, "referral: 2026-03-05-referral", "referral: 2026-03-06-referral"),
        }
    )
    assert cli("validate", "--repo", root).code == 0


def test_mutual_siblings_and_planning_meeting_before_care_are_fine(
    make_repo: Callable[..., Path], cli: Callable[..., Run]
) -> None:
    before = '  - type: legal_planning_meeting\n    date: "2025-10-01"\n'
    root = make_repo(
        {
            CASE_PATH: sub(CASE, "siblings: []", "siblings: [C-0043]") + before,
            "cases/C-0043/case.yaml": SIBLING,
        }
    )
    run = cli("validate", "--repo", root)
    assert run.code == 0, run.text


def test_permanence_planning_meeting_may_come_before_a_planned_entry(
    make_repo: Callable[..., Path], cli: Callable[..., Run]
) -> None:
    # Kirklees 1.3: for planned accommodation the meeting is held before care begins.
    before = '  - type: permanence_planning_meeting\n    date: "2025-10-01"\n'
    root = make_repo({CASE_PATH: CASE + before})
    assert cli("validate", "--repo", root).code == 0
    visit = '  - type: social_worker_visit\n    date: "2025-10-01"\n'
    root = make_repo({CASE_PATH: CASE + visit})
    assert cli("validate", "--repo", root).code == 1


def test_problems_in_other_files_are_not_reported_for_a_given_file(
    make_repo: Callable[..., Path], cli: Callable[..., Run]
) -> None:
    root = make_repo({"cases/C-0043/case.yaml": SIBLING})
    assert cli("validate", "--repo", root).code == 1
    run = cli("validate", "--repo", root, root / CASE_PATH)
    assert run.code == 0, run.text


def test_an_invalid_neighbour_is_reported_once_where_it_is(
    make_repo: Callable[..., Path], cli: Callable[..., Run]
) -> None:
    """A decision whose referral is broken: only the referral's own problem is shown."""
    root = make_repo({REF: sub(REFERRAL, 'submitted: "2026-02-26"', 'submitted: "2026-02-30"')})
    run = cli("validate", "--repo", root)
    assert run.code == 1
    assert [line.split(":")[0] for line in run.out.splitlines()[:-1]] == [REF]

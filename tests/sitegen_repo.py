"""A small case repository for the site tests: pack, cases, referrals, decisions, git history.

Everything is invented. Dates are chosen around the as-of date 2026-11-24 so
that the meeting of Thursday 26 November 2026 (papers due Monday 23 November,
three working days before) has more referrals than the panel's five slots.
"""

from __future__ import annotations

import shutil
import subprocess
from datetime import date
from pathlib import Path

from conftest import BASE_FILES, install_pack

PROJECT = Path(__file__).resolve().parents[1]
AS_OF = date(2026, 11, 24)
NEXT_MEETING = date(2026, 11, 26)


def case_yaml(
    case_id: str,
    team: str = "children_in_care",
    proceedings: bool = False,
    events: str = "",
    siblings: str = "[]",
) -> str:
    text = f"""\
case_id: {case_id}
birth_month: "2018-06"
team: {team}
worker_role: social_worker
siblings: {siblings}
episodes:
  - start: "2026-01-05"
    legal_basis: s20
    entry: planned
legal_status:
  - status: s20
    start: "2026-01-05"
placements:
  - type: foster_mainstream
    provider: in_house
    start: "2026-01-05"
"""
    if proceedings:
        text += 'proceedings:\n  - issued: "2026-06-01"\n'
    if events:
        text += "events:\n" + events
    return text


def referral_yaml(case_id: str, panel: str, submitted: str) -> str:
    return f"""\
case_id: {case_id}
panel_date: "{panel}"
submitted: "{submitted}"
criterion: bx_newly_looked_after
summary: An invented summary for testing.
sought: [endorse_plan]
documents: [referral_form, care_plan]
authorised_by:
  role: team_manager
  date: "{submitted}"
"""


def decision_yaml(case_id: str, hearing: str, due: str) -> str:
    return f"""\
case_id: {case_id}
hearing_date: "{hearing}"
referral: {hearing}-referral
chair_role: head_of_service
items:
  - type: care_planning_review
    owner_role: social_worker
    due: "{due}"
  - type: family_finding
    owner_role: adoption_team_manager
    due: "{due}"
"""


def site_files() -> dict[str, str]:
    # the shared base case is renamed: procedure texts use C-0042 as their example id
    files = {
        rel.replace("C-0042", "C-0044"): text.replace("C-0042", "C-0044")
        for rel, text in BASE_FILES.items()
    }
    # C-0043: heard on 12 Nov; item 1 done on time, item 2 not done (due 19 Nov).
    files["cases/C-0043/case.yaml"] = case_yaml(
        "C-0043",
        team="court_and_proceedings",
        siblings="[C-0101]",
        events='  - type: recommendation_completed\n    date: "2026-11-18"\n'
        "    ref: 2026-11-12-decision#1\n",
    )
    files["cases/C-0043/2026-11-12-referral.yaml"] = referral_yaml(
        "C-0043", "2026-11-12", "2026-11-02"
    )
    files["cases/C-0043/2026-11-12-decision.yaml"] = decision_yaml(
        "C-0043", "2026-11-12", "2026-11-19"
    )
    files["meetings/2026-11-12-meeting.yaml"] = MEETING_1112
    # Seven referrals for 26 November: C-0106 in proceedings, C-0107 late papers.
    submitted = {
        "C-0101": "2026-11-16",
        "C-0102": "2026-11-10",
        "C-0103": "2026-11-11",
        "C-0104": "2026-11-12",
        "C-0105": "2026-11-13",
        "C-0106": "2026-11-20",
        "C-0107": "2026-11-24",
    }
    for case_id, day in submitted.items():
        files[f"cases/{case_id}/case.yaml"] = case_yaml(
            case_id,
            proceedings=case_id == "C-0106",
            siblings="[C-0043]" if case_id == "C-0101" else "[]",
        )
        files[f"cases/{case_id}/2026-11-26-referral.yaml"] = referral_yaml(
            case_id, "2026-11-26", day
        )
    return files


MEETING_1112 = """\
date: "2026-11-12"
panel: permanence_panel
chair_role: head_of_service
members_present: [service_manager, independent_reviewing_officer]
cases_heard: [C-0043]
"""


def git(root: Path, *args: str) -> None:
    subprocess.run(
        [
            "git",
            "-c",
            "user.name=Panel coordinator",
            "-c",
            "user.email=coordinator@example.invalid",
            *args,
        ],
        cwd=root,
        check=True,
        capture_output=True,
    )


def make_site_repo(root: Path, files: dict[str, str] | None = None) -> Path:
    """Write the repository, with mkdocs.yml and site/ from the project, and commit it."""
    install_pack(root)
    for rel, text in (files if files is not None else site_files()).items():
        target = root / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")
    shutil.copy(PROJECT / "mkdocs.yml", root / "mkdocs.yml")
    shutil.copytree(PROJECT / "site", root / "site", dirs_exist_ok=True)
    procedures = root / "policies" / "procedures"
    procedures.mkdir(parents=True, exist_ok=True)
    protocol = procedures / "permanence-panel-protocol.md"
    if not protocol.is_file():
        protocol.write_text(
            "# Protocol\n\nThe panel checks every plan for permanence. Referral papers reach "
            "the panel administrator three working days before the meeting.\n",
            encoding="utf-8",
        )
    git(root, "init", "-q", "-b", "main")
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "Add the panel records and procedures")
    return root

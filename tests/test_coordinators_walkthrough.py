"""The coordinators' guide, walked literally in a fresh clone with the commit checks installed.

A council's repository is made with ``casework init`` (hooks pointing at a copy of this
repository, as in tests/test_council_hooks.py) and cloned, as a coordinator gets it. Then
every ``sh`` block of the guide (the one shipped with casework, that the panel site shows)
runs in order, as written, in that clone. Where the guide says to fill in the file a
``casework new`` command wrote, the test fills it in, keeping the template's comments
at the top; where it says to edit the committed decision, the test does. Every commit
but the refused edit must pass the hooks; at the end nothing is left uncommitted, and a
second clone of the result passes ``casework validate`` and ``casework check``: no file
was left behind.
"""

from __future__ import annotations

import json
import re
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from test_council_hooks import BIN, _env, _init, _run, _snapshot

REPO = Path(__file__).resolve().parent.parent
GUIDE = REPO / "tools/casework/guides/coordinators.md"
COPY = REPO / "docs/coordinators-guide.md"

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed"),
]

CASE = """\
case_id: C-0042
birth_month: "2019-04"
team: children_in_care
worker_role: social_worker
siblings: []
episodes:
  - start: "2026-09-14"
    end: "2026-11-30"
    legal_basis: s20
    entry: emergency
    end_reason: returned_home
legal_status:
  - status: s20
    start: "2026-09-14"
    end: "2026-11-30"
placements:
  - type: foster_mainstream
    provider: in_house
    start: "2026-09-14"
    end: "2026-11-30"
    end_reason: planned
    weekly_cost: 450
reviews: ["2026-10-09"]
events:
  - type: permanence_planning_meeting
    date: "2026-10-05"
  - type: social_worker_visit
    date: "2026-09-18"
  - type: social_worker_visit
    date: "2026-10-20"
  - type: nominated_officer_approval
    date: "2026-11-27"
"""

#: recorded with the wrong criterion; step 7 of the guide corrects it
REFERRAL = """\
case_id: C-0042
panel_date: "2026-11-26"
submitted: "2026-11-18"
criterion: bx_newly_looked_after
summary: An invented summary for the walk-through.
sought: [endorse_ceasing_care]
documents: [referral_form, care_plan]
authorised_by:
  role: team_manager
  date: "2026-11-17"
"""

DECISION = """\
case_id: C-0042
hearing_date: "2026-11-26"
referral: 2026-11-26-referral
chair_role: head_of_service
items:
  - type: endorse_ceasing_care
    owner_role: social_worker
"""

#: one member short of a quorum as first recorded; step 8's correction adds the IRO
MEETING = """\
date: "2026-11-26"
panel: permanence_panel
chair_role: head_of_service
members_present: [service_manager]
minute_taker_role: panel_administrator
conduct_statement_read: true
declarations: []
cases_heard: [C-0042]
"""

#: the amended record's kind -> (reason, changes), for an amendment made on any day
AMENDMENTS = {
    "decision": (
        "The panel agreed by a majority, which the record left out.",
        "changes:\n  majority_agreed: true\n",
    ),
    "referral": (
        "The child was referred about ceasing care; the wrong criterion was picked.",
        "changes:\n  criterion: bx_ceasing_care\n",
    ),
    "meeting": (
        "The independent reviewing officer attended but was left off the record.",
        "changes:\n  members_present: [service_manager, independent_reviewing_officer]\n",
    ),
}

#: the edit step 5 of the guide makes to the committed decision
EDIT = "majority_agreed: true\n"


def sh_blocks(text: str) -> list[str]:
    """The guide's ```sh blocks, in order: the commands a coordinator types."""
    return re.findall(r"^```sh\n(.*?)^```$", text, re.S | re.M)


def _header(text: str) -> str:
    """The comment lines a template starts with (kept when the file is filled in)."""
    lines = []
    for line in text.splitlines(keepends=True):
        if not line.startswith("#"):
            break
        lines.append(line)
    return "".join(lines)


def fill_in(path: Path) -> None:
    """Fill in a file 'casework new' wrote, as a coordinator would, keeping its header."""
    written = path.read_text(encoding="utf-8")
    name = path.name
    if name == "case.yaml":
        body = CASE
    elif name.endswith("-referral.yaml"):
        body = REFERRAL
    elif name.endswith("-decision.yaml"):
        body = DECISION
    elif name.endswith("-meeting.yaml"):
        body = MEETING
    else:
        amends = re.search(r'^amends: "?([0-9a-z-]+)"?', written, re.M)
        assert amends, written
        kind = amends.group(1).rsplit("-", 1)[1]
        reason, changes = AMENDMENTS[kind]
        case = "" if kind == "meeting" else "case_id: C-0042\n"
        body = (
            f'{case}date: "{name[:10]}"\namends: {amends.group(1)}\nreason: {reason}\n'
            f"made_by_role: head_of_service\n{changes}"
        )
    path.write_text(_header(written) + body, encoding="utf-8")


@pytest.fixture(scope="module")
def council_clone(
    tmp_path_factory: pytest.TempPathFactory,
) -> Iterator[tuple[Path, dict[str, str]]]:
    """A council's repository made by 'casework init' and committed, cloned fresh."""
    home = tmp_path_factory.mktemp("walkthrough-home")
    env = _env(home)
    source = tmp_path_factory.mktemp("walkthrough-source")
    rev = _snapshot(source, env)
    base = tmp_path_factory.mktemp("walkthrough")
    council = base / "council"
    _init(council, "bexley", source, rev)
    for args in (("git", "add", "-A"), ("git", "commit", "-q", "-m", "New case repository")):
        done = _run(council, env, *args)
        assert done.returncode == 0, done.stdout + done.stderr
    clone = base / "clone"
    done = _run(base, env, "git", "clone", "-q", str(council), str(clone))
    assert done.returncode == 0, done.stderr
    # a coordinator's terminal: casework installed, no virtual environment activated
    yield clone, {**env, "PATH": f"{BIN}:/usr/bin:/bin"}


def test_the_docs_copy_of_the_guide_is_the_shipped_guide() -> None:
    assert COPY.read_text(encoding="utf-8") == GUIDE.read_text(encoding="utf-8"), (
        "docs/coordinators-guide.md differs from tools/casework/guides/coordinators.md: edit "
        "the shipped guide, then run scripts/sync-guides"
    )


def test_the_guide_walks_through_every_step_it_promises() -> None:
    commands = [
        line
        for block in sh_blocks(GUIDE.read_text(encoding="utf-8"))
        for line in block.splitlines()
    ]
    assert commands[0] == "casework setup"
    for wanted in (
        "casework new case --case C-0042",
        "casework new referral --case C-0042 --panel-date 2026-11-26",
        "casework new decision --case C-0042",
        'git commit -a -m "Record the majority"',
        "casework new amendment --case C-0042",
        "casework new amendment --case C-0042 --amends 2026-11-26-referral",
        "casework new meeting --date 2026-11-26",
        "casework new amendment --amends 2026-11-26-meeting",
    ):
        assert wanted in commands, wanted
    assert all(c.startswith(("casework ", "git ")) for c in commands), commands


def test_walk_the_guide_in_a_fresh_clone(
    council_clone: tuple[Path, dict[str, str]], tmp_path: Path
) -> None:
    clone, env = council_clone
    blocks = sh_blocks(GUIDE.read_text(encoding="utf-8"))
    commits = 0
    refused = 0
    for block in blocks:
        edit_refused = "git commit -a" in block
        if edit_refused:  # the guide: "you add it to the file and commit"
            decision = clone / "cases/C-0042/2026-11-26-decision.yaml"
            decision.write_text(decision.read_text(encoding="utf-8") + EDIT, encoding="utf-8")
        done = _run(clone, env, "bash", "-e", "-c", block)
        output = done.stdout + done.stderr
        if edit_refused:
            assert done.returncode != 0, output
            assert "this decision record was modified" in output, output
            assert "casework new amendment" in output
            refused += 1
            continue
        assert done.returncode == 0, f"{block}\n{output}"
        if block.startswith("casework setup"):
            assert "installed: commit-msg checks" in output, output
            assert "names: NOT checked" in output
        for wrote in re.findall(r"^wrote (\S+)$", done.stdout, re.M):
            fill_in(clone / wrote)
        if "git commit" in block:
            assert "casework validate" in output and "Passed" in output, output  # hooks ran
            assert "names not checked" in output  # said on every commit until a list is set
            commits += 1
    assert (commits, refused) == (6, 1)
    status = _run(clone, env, "git", "status", "--porcelain", "--untracked-files=all")
    assert status.stdout == "", status.stdout  # nothing left behind, nothing uncommitted
    history = _run(clone, env, "git", "log", "--format=%s").stdout.splitlines()
    assert "Record the majority" not in history and len(history) == 7

    fresh = tmp_path / "fresh"
    done = _run(tmp_path, env, "git", "clone", "-q", str(clone), str(fresh))
    assert done.returncode == 0, done.stderr
    for rel in (
        "cases/C-0042/case.yaml",
        "cases/C-0042/2026-11-26-referral.yaml",
        "cases/C-0042/2026-11-26-decision.yaml",
        "meetings/2026-11-26-meeting.yaml",
    ):
        assert (fresh / rel).is_file(), rel
    assert len(list((fresh / "cases/C-0042").glob("*-amendment*.yaml"))) == 2
    assert len(list((fresh / "meetings").glob("*-amendment.yaml"))) == 1
    validate = _run(fresh, env, "casework", "validate")
    assert validate.returncode == 0, validate.stdout + validate.stderr
    check = _run(fresh, env, "casework", "check")
    assert check.returncode == 0, check.stdout + check.stderr
    assert "0 breached" in check.stdout
    # read as corrected: the meeting is quorate, the referral's criterion is the corrected one
    found = _run(fresh, env, "casework", "check", "--all", "--format", "json")
    findings = json.loads(found.stdout)
    quorum = [f["status"] for f in findings if f["rule"] == "BX4a"]
    assert quorum == ["met"], quorum

"""A committed meeting record corrected by an amendment in meetings/: append-only, and
read as corrected by the timescale rules, the cross-file checks and the site's agendas.
"""

from __future__ import annotations

import json
import shutil
from collections.abc import Callable
from pathlib import Path

from conftest import MEETING, Run

#: the meeting as first recorded: one member short of a quorum, no declarations
SHORT = MEETING.replace(
    "members_present: [service_manager, independent_reviewing_officer]",
    "members_present: [service_manager]",
)
CORRECTION = """\
date: "2026-03-06"
amends: 2026-03-05-meeting
reason: The independent reviewing officer attended but was left off the record.
made_by_role: head_of_service
changes:
  members_present: [service_manager, independent_reviewing_officer]
  declarations: []
"""
FILE = "meetings/2026-03-06-amendment.yaml"


def _meeting_findings(cli: Callable[..., Run], root: Path) -> dict[str, str]:
    run = cli("check", "--repo", root, "--as-of", "2026-04-01", "--all", "--format", "json")
    assert run.code in (0, 1), run.text
    return {
        f["rule"]: f["status"]
        for f in json.loads(run.out)
        if f["rule"] in ("BX4a", "BX6") and "meetings/2026-03-05" in f["file"]
    }


def test_a_correction_is_read_by_the_meeting_rules(
    make_repo: Callable[..., Path], cli: Callable[..., Run]
) -> None:
    before = make_repo({"meetings/2026-03-05-meeting.yaml": SHORT}, name="before")
    assert cli("validate", "--repo", before).code == 0
    assert _meeting_findings(cli, before) == {"BX4a": "breached", "BX6": "breached"}
    after = make_repo({"meetings/2026-03-05-meeting.yaml": SHORT, FILE: CORRECTION}, name="after")
    run = cli("validate", "--repo", after)
    assert run.code == 0, run.text
    assert _meeting_findings(cli, after) == {"BX4a": "met", "BX6": "met"}
    # as of a day before the correction was made, the meeting reads as first recorded
    run = cli("check", "--repo", after, "--as-of", "2026-03-05", "--all", "--format", "json")
    quorum = [f for f in json.loads(run.out) if f["rule"] == "BX4a"]
    assert [f["status"] for f in quorum] == ["breached"]


def test_the_cases_heard_are_checked_as_corrected_in_the_correction(
    make_repo: Callable[..., Path], cli: Callable[..., Run]
) -> None:
    wrong = CORRECTION.replace("  declarations: []", "  cases_heard: [C-0042, C-0999]")
    root = make_repo({FILE: wrong})
    run = cli("validate", "--repo", root)
    assert run.code == 1
    assert f"{FILE}:7:25:" in run.out
    assert "'changes.cases_heard[2]' names a case with no case folder" in run.out
    assert "C-0999" not in run.out
    # the file alone, as the commit check names it: the meeting it corrects is read too
    alone = cli("validate", "--repo", root, root / FILE)
    assert alone.code == 1
    assert f"{FILE}:7:25: error: 'changes.cases_heard[2]' names a case" in alone.out


def test_a_correction_before_the_meeting_or_of_a_missing_meeting_is_refused(
    make_repo: Callable[..., Path], cli: Callable[..., Run]
) -> None:
    early = CORRECTION.replace('date: "2026-03-06"', 'date: "2026-03-04"')
    root = make_repo({"meetings/2026-03-04-amendment.yaml": early}, name="early")
    run = cli("validate", "--repo", root)
    assert run.code == 1
    assert "'date' is before the meeting it corrects" in run.out
    missing = CORRECTION.replace("amends: 2026-03-05-meeting", "amends: 2026-03-19-meeting")
    root = make_repo({FILE: missing}, name="missing")
    run = cli("validate", "--repo", root)
    assert run.code == 1
    assert "'amends' names a meeting that has no record in the meetings folder" in run.out


def test_a_meeting_correction_belongs_in_meetings_and_names_no_case(
    make_repo: Callable[..., Path], cli: Callable[..., Run]
) -> None:
    in_case = "case_id: C-0042\n" + CORRECTION
    root = make_repo({"cases/C-0042/2026-03-06-amendment.yaml": in_case}, name="in_case")
    run = cli("validate", "--repo", root)
    assert run.code == 1
    assert "a meeting record is corrected by an amendment in the meetings folder" in run.out
    root = make_repo({FILE: in_case}, name="with_case")
    run = cli("validate", "--repo", root)
    assert run.code == 1
    assert "'case_id' is not part of a correction to a meeting record" in run.out
    date_moved = CORRECTION.replace("  declarations: []", '  date: "2026-03-19"')
    root = make_repo({FILE: date_moved}, name="date")
    run = cli("validate", "--repo", root)
    assert run.code == 1
    assert "'changes.date' is not part of" in run.out


def test_new_amendment_of_a_meeting_writes_it_in_meetings(
    make_repo: Callable[..., Path], cli: Callable[..., Run]
) -> None:
    root = make_repo()
    run = cli(
        "new",
        "amendment",
        "--amends",
        "2026-03-05-meeting",
        "--date",
        "2026-03-06",
        "--repo",
        root,
    )
    assert run.code == 0, run.text
    assert f"wrote {FILE}" in run.out
    text = (root / FILE).read_text(encoding="utf-8")
    assert text.startswith("# A correction to a committed meeting record")
    assert 'amends: "2026-03-05-meeting"' in text
    assert "case_id" not in text.split("\n\n", 1)[1].split("changes:")[0].replace("#", "")
    left = cli("validate", "--repo", root, root / FILE)
    assert left.code == 1  # FILL IN lines refused until filled
    assert "'reason'" in left.out
    # with only the reason given, the template's example change is still refused: left as
    # written, it must not quietly change the meeting (an empty list of members would)
    (root / FILE).write_text(
        text.replace('reason: ""  # FILL IN', "reason: A field was recorded wrongly."), "utf-8"
    )
    unfilled = cli("validate", "--repo", root, root / FILE)
    assert unfilled.code == 1
    assert f"{FILE}:" in unfilled.out and "'changes.start_time'" in unfilled.out
    assert "The meeting record itself stays as it was" in text  # not "record record"
    early = cli(
        "new",
        "amendment",
        "--amends",
        "2026-03-05-meeting",
        "--date",
        "2026-03-01",
        "--repo",
        root,
    )
    assert early.code != 0
    assert "before the meeting" in early.err


def test_the_agenda_shows_the_meeting_as_corrected(
    make_repo: Callable[..., Path], cli: Callable[..., Run]
) -> None:
    root = make_repo({"meetings/2026-03-05-meeting.yaml": SHORT, FILE: CORRECTION})
    repo = Path(__file__).resolve().parent.parent
    shutil.copy2(repo / "mkdocs.yml", root / "mkdocs.yml")
    shutil.copytree(repo / "site", root / "site")
    run = cli("site", "build", "--repo", root, "--as-of", "2026-04-01")
    assert run.code == 0, run.text
    page = (root / "public/agendas/2026-03-05.html").read_text(encoding="utf-8")
    assert "Independent reviewing officer" in page or "Independent Reviewing Officer" in page
    assert "Corrected" in page
    assert "members present, declarations" in page

"""``casework new``: named correctly, every field present and explained, never overwrites."""

from __future__ import annotations

import re
import subprocess
from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest

from casework.policy import load_policy
from casework.schedule import next_meeting
from casework.schemas import SCHEMA_BASE, registry
from casework.yamlload import loads
from conftest import Run

TODAY = date.today().isoformat()

#: what a coordinator would type on each FILL IN line, by field name
FILLED = {
    "birth_month": '"2019-04"',
    "team": "children_in_care",
    "start": '"2025-11-03"',
    "legal_basis": "s20",
    "entry": "emergency",
    "status": "s20",
    "type": "foster_mainstream",
    "provider": "in_house",
    "criterion": "bx_newly_looked_after",
    "summary": "An invented summary.",
    "past_harm": "Invented.",
    "sought": "[endorse_plan]",
    "documents": "[referral_form, care_plan]",
    "date": f'"{TODAY}"',
    "text": "Invented recommendation.",
    "members_present": "[service_manager, independent_reviewing_officer]",
    "reason": "Invented correction.",
    "return_to_panel": '"2026-05-14"',
}
DECISION_TYPE = "endorse_plan"


def fill_in(text: str, **override: str) -> str:
    """Replace each placeholder marked FILL IN as a coordinator would."""
    values = {**FILLED, **override}

    def replace(match: re.Match[str]) -> str:
        return f"{match.group(1)}{match.group(2)}: {values[match.group(2)]}"

    filled = re.sub(
        r"(?m)^(\s*(?:- )?)(\w+): (?:\"\"|\[\]|\[FILL_IN\])\s+# FILL IN.*$", replace, text
    )
    assert "FILL IN" not in filled.replace("Fill in every line marked FILL IN", "")
    return filled


def _written(run: Run) -> str:
    first = run.out.splitlines()[0]
    assert first.startswith("wrote ")
    return first.removeprefix("wrote ")


def _top_level_fields(kind: str) -> list[str]:
    return list(registry().contents(f"{SCHEMA_BASE}{kind}.json")["properties"])


@pytest.mark.parametrize(
    ("kind", "args", "files"),
    [
        ("case", ["--case", "C-0050"], {}),
        ("referral", ["--case", "C-0042"], {}),
        ("decision", ["--case", "C-0042"], {"cases/C-0042/2026-03-05-decision.yaml": None}),
        ("meeting", ["--date", "2026-03-05"], {"meetings/2026-03-05-meeting.yaml": None}),
        ("amendment", ["--case", "C-0042", "--date", "2026-03-09"], {}),
    ],
)
def test_new_record_is_complete_and_valid_once_filled_in(
    kind: str,
    args: list[str],
    files: dict,
    make_repo: Callable[..., Path],
    cli: Callable[..., Run],
) -> None:
    root = make_repo(files)
    run = cli("new", kind, "--repo", root, *args)
    assert run.code == 0, run.text
    rel = _written(run)
    assert f"casework validate {rel}" in run.out
    text = (root / rel).read_text(encoding="utf-8")
    # every field of the schema is there (optional ones may be commented out), with a comment
    lines = text.splitlines()
    for name in _top_level_fields(kind):
        index = next((i for i, line in enumerate(lines) if re.match(rf"^#? ?{name}:", line)), None)
        assert index is not None, f"{name} missing from the {kind} template"
        assert lines[index - 1].startswith("#") or "#" in lines[index], name
    # as written, the placeholders are reported ...
    if "FILL IN" in text.replace("Fill in every line marked FILL IN", ""):
        assert cli("validate", "--repo", root, root / rel).code == 1
    # ... and once filled in, the record is valid, cross-checks included
    override = {"type": DECISION_TYPE} if kind == "decision" else {}
    (root / rel).write_text(fill_in(text, **override), encoding="utf-8")
    checked = cli("validate", "--repo", root)
    assert checked.code == 0, checked.text


def test_referral_defaults_to_the_next_scheduled_meeting(
    make_repo: Callable[..., Path], cli: Callable[..., Run]
) -> None:
    root = make_repo()
    policy = load_policy(root / "policies", root)
    expected = next_meeting(policy.panel, policy.calendar, date.today())
    assert expected is not None
    run = cli("new", "referral", "--repo", root, "--case", "C-0042")
    assert run.code == 0, run.text
    rel = f"cases/C-0042/{expected.isoformat()}-referral.yaml"
    assert _written(run) == rel
    data = loads(fill_in((root / rel).read_text(encoding="utf-8")), rel).data
    assert data["panel_date"] == expected.isoformat()
    assert data["submitted"] == TODAY
    assert data["extraordinary"] is False


def test_referral_for_an_unscheduled_date_needs_extraordinary(
    make_repo: Callable[..., Path], cli: Callable[..., Run]
) -> None:
    root = make_repo()
    run = cli("new", "referral", "--repo", root, "--case", "C-0042", "--panel-date", "2026-12-11")
    assert run.code == 2
    assert "the panel has no scheduled meeting on the date given to --panel-date" in run.err
    assert "2026-12-24" in run.err  # the scheduled meetings that follow are suggested
    assert not (root / "cases/C-0042/2026-12-11-referral.yaml").exists()
    run = cli(
        "new",
        "referral",
        "--repo",
        root,
        "--case",
        "C-0042",
        "--panel-date",
        "2026-12-11",
        "--extraordinary",
    )
    assert run.code == 0
    text = (root / "cases/C-0042/2026-12-11-referral.yaml").read_text(encoding="utf-8")
    assert "\nextraordinary: true\n" in text


def test_never_overwrites(make_repo: Callable[..., Path], cli: Callable[..., Run]) -> None:
    root = make_repo()
    path = root / "cases/C-0042/2026-03-05-decision.yaml"
    before = path.read_bytes()
    run = cli("new", "decision", "--repo", root, "--case", "C-0042", "--hearing-date", "2026-03-05")
    assert run.code == 1
    assert (
        "cases/C-0042/2026-03-05-decision.yaml already exists, and 'casework new' never "
        "overwrites a file" in run.err
    )
    assert path.read_bytes() == before
    run = cli("new", "case", "--repo", root, "--case", "C-0042")
    assert run.code == 1
    assert "already exists" in run.err


def test_referral_needs_the_case_record_first(
    make_repo: Callable[..., Path], cli: Callable[..., Run]
) -> None:
    root = make_repo()
    run = cli("new", "referral", "--repo", root, "--case", "C-0077")
    assert run.code == 1
    assert "create it first with 'casework new case --case C-0077'" in run.err
    assert not (root / "cases/C-0077").exists()


def test_decision_defaults_to_the_latest_referral(
    make_repo: Callable[..., Path], cli: Callable[..., Run]
) -> None:
    root = make_repo({"cases/C-0042/2026-03-05-decision.yaml": None})
    run = cli("new", "decision", "--repo", root, "--case", "C-0042")
    assert run.code == 0
    rel = _written(run)
    assert rel == "cases/C-0042/2026-03-05-decision.yaml"
    text = (root / rel).read_text(encoding="utf-8")
    assert '\nreferral: "2026-03-05-referral"\n' in text
    assert '\nhearing_date: "2026-03-05"\n' in text


def test_decision_without_referral_is_refused(
    make_repo: Callable[..., Path], cli: Callable[..., Run]
) -> None:
    root = make_repo()
    assert cli("new", "case", "--repo", root, "--case", "C-0050").code == 0
    run = cli("new", "decision", "--repo", root, "--case", "C-0050")
    assert run.code == 1
    assert "this case has no referral yet" in run.err


def test_meeting_lists_the_cases_referred_to_it(
    make_repo: Callable[..., Path], cli: Callable[..., Run]
) -> None:
    root = make_repo({"meetings/2026-03-05-meeting.yaml": None})
    run = cli("new", "meeting", "--repo", root, "--date", "2026-03-05")
    assert run.code == 0
    text = (root / "meetings/2026-03-05-meeting.yaml").read_text(encoding="utf-8")
    assert '\ncases_heard: ["C-0042"]\n' in text
    assert '\npanel: "permanence_panel"\n' in text


def test_second_amendment_the_same_day_is_numbered(
    make_repo: Callable[..., Path], cli: Callable[..., Run]
) -> None:
    root = make_repo()
    args = ("new", "amendment", "--repo", root, "--case", "C-0042", "--date", "2026-03-09")
    assert _written(cli(*args)) == "cases/C-0042/2026-03-09-amendment.yaml"
    assert _written(cli(*args)) == "cases/C-0042/2026-03-09-amendment-2.yaml"


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (["case"], "needs --case"),
        (["case", "--case", "42"], "--case must be a case id"),
        (["referral", "--case", "C-0042", "--panel-date", "2026-02-30"], "real calendar date"),
        (["meeting", "--date", "5 March"], "--date must be a real calendar date"),
        (["decision", "--case", "C-0042", "--referral", "x"], "--referral must be the name"),
    ],
)
def test_bad_arguments_exit_2(
    args: list[str], words: str, make_repo: Callable[..., Path], cli: Callable[..., Run]
) -> None:
    root = make_repo()
    run = cli("new", *args, "--repo", root)
    assert run.code == 2
    assert words in run.err


def test_the_git_add_printed_names_every_record_not_yet_committed(
    make_repo: Callable[..., Path], cli: Callable[..., Run]
) -> None:
    """A referral printed alone would leave its new case.yaml behind, and a clean clone
    would then fail: the suggested 'git add' names every uncommitted record of the folder."""
    root = make_repo()
    env = {"GIT_CONFIG_NOSYSTEM": "1", "HOME": str(root.parent), "PATH": "/usr/bin:/bin"}
    for args in (
        ["init", "-q"],
        ["add", "-A"],
        ["-c", "user.name=T", "-c", "user.email=t@x.invalid", "commit", "-q", "-m", "start"],
    ):
        subprocess.run(["git", *args], cwd=root, env=env, check=True)
    made = cli("new", "case", "--case", "C-0050", "--repo", root)
    assert made.code == 0
    assert "git add cases/C-0050/case.yaml && git commit" in made.out
    (root / "cases/C-0050/case.yaml").write_text(
        (root / "cases/C-0042/case.yaml").read_text().replace("C-0042", "C-0050")
    )
    referral = cli("new", "referral", "--case", "C-0050", "--repo", root)
    assert referral.code == 0
    name = _written(referral)
    assert f"git add {name} cases/C-0050/case.yaml && git commit -m 'Referral for C-0050'" in (
        referral.out
    )
    # an older case, already committed: only the new file
    second = cli("new", "referral", "--case", "C-0042", "--repo", root)
    written = _written(second)
    assert f"git add {written} && git commit" in second.out


def test_a_decision_is_not_started_before_its_hearing(
    make_repo: Callable[..., Path], cli: Callable[..., Run]
) -> None:
    """A decision for a hearing still to come would make every amendment impossible until
    then (an amendment is made on or after the hearing): refused, with when to run it."""
    root = make_repo()
    referral = cli("new", "referral", "--repo", root, "--case", "C-0042")
    assert referral.code == 0
    ahead = _written(referral).split("/")[-1][:10]
    assert ahead > TODAY
    run = cli("new", "decision", "--repo", root, "--case", "C-0042")
    assert run.code == 1
    assert f"the hearing date ({ahead}) has not come yet" in run.err
    assert not (root / f"cases/C-0042/{ahead}-decision.yaml").exists()


def test_an_existing_decision_points_to_an_amendment_not_an_edit(
    make_repo: Callable[..., Path], cli: Callable[..., Run]
) -> None:
    root = make_repo()
    run = cli("new", "decision", "--repo", root, "--case", "C-0042", "--hearing-date", "2026-03-05")
    assert run.code == 1
    assert "a committed decision is never edited" in run.err
    assert "casework new amendment --case C-0042 --amends 2026-03-05-decision" in run.err
    assert "edit that file" not in run.err


def test_an_unscheduled_panel_date_suggests_the_nearest_meeting_before_it_too(
    make_repo: Callable[..., Path], cli: Callable[..., Run]
) -> None:
    root = make_repo()
    run = cli("new", "referral", "--repo", root, "--case", "C-0042", "--panel-date", "2026-12-11")
    assert run.code == 2
    # Bexley meets fortnightly on Thursdays: 10 December is the meeting just before
    assert "the nearest scheduled meeting before it is 2026-12-10" in run.err


def test_init_offers_no_repo_option(
    cli: Callable[..., Run], capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(SystemExit):
        cli("init", "--help")
    assert "--repo" not in capsys.readouterr().out


@pytest.mark.parametrize(
    ("kind", "own", "others"),
    [
        (
            "amendment",
            ["--amends", "--case", "meetings/YYYY-MM-DD-amendment.yaml"],
            ["--panel-date", "--hearing-date", "--extraordinary"],
        ),
        ("case", ["--case", "cases/ID/case.yaml"], ["--amends", "--panel-date", "--date"]),
        ("referral", ["--panel-date", "--extraordinary"], ["--amends", "--hearing-date"]),
        ("decision", ["--hearing-date", "--referral"], ["--amends", "--panel-date", "--date"]),
        ("meeting", ["--date", "meetings/YYYY-MM-DD-meeting.yaml"], ["--case", "--amends"]),
    ],
)
def test_each_kind_has_its_own_help(
    kind: str,
    own: list[str],
    others: list[str],
    cli: Callable[..., Run],
    capsys: pytest.CaptureFixture[str],
) -> None:
    with pytest.raises(SystemExit) as stopped:
        cli("new", kind, "--help")
    assert stopped.value.code == 0
    text = capsys.readouterr().out
    assert text.startswith(f"usage: casework new {kind} ")
    for word in own:
        assert word in text
    options = text.split("options:", 1)[1]
    for word in others:
        assert word not in options
    with pytest.raises(SystemExit):
        cli("new", "--help")
    general = capsys.readouterr().out
    assert "{case,referral,decision,meeting,amendment}" in general
    assert "'casework new KIND --help'" in general

"""``casework validate`` through the CLI: every bad-input class, its line, exit code and no values.

Each bad file plants a unique value; it must never reach stdout or stderr.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest

from conftest import AMENDMENT, CASE, REFERRAL, Run

PLANTED = "zq_planted_4471"
REF = "cases/C-0042/2026-03-05-referral.yaml"
CASE_PATH = "cases/C-0042/case.yaml"


@dataclass(frozen=True)
class Bad:
    """A bad file, where its problem is reported, and words the message must contain."""

    path: str
    content: str | bytes
    line: int
    column: int
    words: str


def _ref(old: str, new: str) -> str:
    assert old in REFERRAL
    return REFERRAL.replace(old, new)


SUMMARY = "summary: An invented summary for testing."
BAD_INPUTS: dict[str, Bad] = {
    # malformed YAML, several kinds
    "unclosed quote": Bad(
        REF,
        _ref(SUMMARY, f'summary: "{PLANTED}'),
        5,
        10,
        "a quoted value starting here is not closed",
    ),
    "colon in a value": Bad(
        REF,
        _ref(SUMMARY, f"summary: Reason: {PLANTED}"),
        5,
        16,
        "if a value contains ': ', put the whole value in quotes",
    ),
    "unclosed list": Bad(
        REF,
        _ref("sought: [endorse_plan]", f"sought: [endorse_plan, {PLANTED}"),
        6,
        9,
        "[brackets] is not closed",
    ),
    "bad indentation": Bad(
        REF,
        _ref('  date: "2026-02-25"', f" date: {PLANTED}"),
        10,
        2,
        "indentation is inconsistent",
    ),
    "quote inside a double-quoted value": Bad(
        REF,
        _ref(SUMMARY, f'summary: "the "{PLANTED}" move"'),
        5,
        15,
        "the value in double quotes has a double quote inside it, which ends the value early; "
        "put the whole value in single quotes instead",
    ),
    "apostrophe inside a single-quoted value": Bad(
        REF,
        _ref(SUMMARY, f"summary: 'the '{PLANTED}' move'"),
        5,
        15,
        "write each inner single quote twice ('')",
    ),
    "reserved first character": Bad(
        REF, _ref(SUMMARY, f"summary: @{PLANTED}"), 5, 10, "put the value in quotes"
    ),
    "duplicate key": Bad(
        REF,
        _ref(SUMMARY, f"{SUMMARY}\nsummary: {PLANTED}"),
        6,
        1,
        "the field 'summary' appears twice in the same mapping (first on line 5)",
    ),
    "multiple documents": Bad(
        REF, REFERRAL + f"---\nsummary: {PLANTED}\n", 11, 1, "more than one YAML document"
    ),
    "tab": Bad(REF, _ref(SUMMARY, f"summary:\t{PLANTED}"), 5, 9, "tab character"),
    "non-UTF-8 bytes": Bad(
        REF,
        _ref(SUMMARY, "summary: caf\udce9 " + PLANTED).encode("utf-8", "surrogateescape"),
        5,
        13,
        "not UTF-8",
    ),
    "empty file": Bad(REF, "", 1, 1, "the file is empty"),
    "anchor and alias": Bad(
        REF, _ref(SUMMARY, f"summary: &s {PLANTED}\nreferrer_role: *s"), 5, 10, "anchors"
    ),
    "custom tag": Bad(REF, _ref(SUMMARY, f"summary: !secret {PLANTED}"), 5, 10, "tags"),
    # wrong types
    "text where true/false is expected": Bad(
        REF,
        _ref(SUMMARY, f"{SUMMARY}\nextraordinary: {PLANTED}"),
        6,
        1,
        "'extraordinary' must be true or false",
    ),
    "'no' is text, not false": Bad(
        REF,
        _ref(SUMMARY, f"{SUMMARY}\nextraordinary: no"),
        6,
        1,
        "'extraordinary' must be true or false",
    ),
    "quoted number": Bad(
        CASE_PATH,
        CASE.replace("weekly_cost: 450", f'weekly_cost: "{PLANTED}"'),
        17,
        5,
        "'placements[1].weekly_cost' must be a number (write it without quotes",
    ),
    "leading zero is text": Bad(
        CASE_PATH,
        CASE.replace("weekly_cost: 450", "weekly_cost: 0450"),
        17,
        5,
        "numbers have no leading zeros",
    ),
    "list where text is expected": Bad(
        REF, _ref(SUMMARY, f"summary: [{PLANTED}]"), 5, 1, "'summary' must be text"
    ),
    "not a mapping at all": Bad(
        REF, f"{PLANTED}\n", 1, 1, "the referral must be a group of fields"
    ),
    # dates
    "impossible date (quoted)": Bad(
        REF,
        _ref('submitted: "2026-02-26"', 'submitted: "2026-02-30"'),
        3,
        1,
        "'submitted' must be a real calendar date written YYYY-MM-DD",
    ),
    "impossible date (unquoted)": Bad(
        REF,
        _ref('submitted: "2026-02-26"', "submitted: 2026-02-30"),
        3,
        1,
        "'submitted' must be a real calendar date written YYYY-MM-DD",
    ),
    "date in another form": Bad(
        REF,
        _ref('submitted: "2026-02-26"', "submitted: 26/02/2026"),
        3,
        1,
        "'submitted' must be a real calendar date written YYYY-MM-DD",
    ),
    "full date of birth": Bad(
        CASE_PATH,
        CASE.replace('birth_month: "2019-04"', 'birth_month: "2019-04-17"'),
        2,
        1,
        "'birth_month' must be a year and month written YYYY-MM (never a full date of birth)",
    ),
    # fields
    "unknown field": Bad(
        REF,
        _ref(SUMMARY, f"{SUMMARY}\nchild_name: {PLANTED}"),
        6,
        1,
        "the field 'child_name' is not part of a referral; check its spelling or remove it",
    ),
    "missing required field": Bad(
        REF,
        _ref(f"{SUMMARY}\n", ""),
        1,
        1,
        "the referral is missing the required field 'summary'; add it",
    ),
    "missing nested required field": Bad(
        REF,
        _ref("  role: team_manager\n", ""),
        8,
        1,
        "'authorised_by' is missing the required field 'role'",
    ),
    "empty text": Bad(REF, _ref(SUMMARY, 'summary: ""'), 5, 1, "'summary' must not be empty"),
    # naming
    "wrong name order": Bad(
        "cases/C-0042/referral-2026-03-05.yaml",
        REFERRAL,
        1,
        1,
        "this file name does not follow the naming convention",
    ),
    ".yml extension": Bad(
        "cases/C-0042/2026-03-05-decision.yml", REFERRAL, 1, 1, "end in '.yaml', not '.yml'"
    ),
    "bad case folder": Bad(
        "cases/c42/case.yaml", CASE, 1, 1, "this file name does not follow the naming convention"
    ),
}


def _check(run: Run, bad: Bad) -> None:
    assert run.code == 1, run.text
    expected = f"{bad.path}:{bad.line}:{bad.column}: error: "
    lines = [line for line in run.out.splitlines() if line.startswith(expected)]
    assert lines, f"no problem at {expected} in:\n{run.text}"
    assert any(bad.words in line for line in lines), run.text
    assert PLANTED not in run.text
    assert run.out.splitlines()[-1].endswith("fix them and run 'casework validate' again")


@pytest.mark.parametrize("name", sorted(BAD_INPUTS))
def test_bad_input_whole_repository(
    name: str, make_repo: Callable[..., Path], cli: Callable[..., Run]
) -> None:
    bad = BAD_INPUTS[name]
    root = make_repo({bad.path: bad.content})
    _check(cli("validate", "--repo", root), bad)


@pytest.mark.parametrize("name", sorted(BAD_INPUTS))
def test_bad_input_given_file(
    name: str, make_repo: Callable[..., Path], cli: Callable[..., Run]
) -> None:
    bad = BAD_INPUTS[name]
    root = make_repo({bad.path: bad.content})
    _check(cli("validate", "--repo", root, root / bad.path), bad)


def test_valid_repository(make_repo: Callable[..., Path], cli: Callable[..., Run]) -> None:
    root = make_repo()
    run = cli("validate", "--repo", root)
    assert run.code == 0
    assert run.out == "all 6 records are valid\n"
    assert run.err == ""


def test_unquoted_dates_and_words_are_text(
    make_repo: Callable[..., Path], cli: Callable[..., Run]
) -> None:
    """The README's rule: an unquoted 2026-03-05 is the text "2026-03-05", valid as a date."""
    text = _ref('panel_date: "2026-03-05"', "panel_date: 2026-03-05")
    text = text.replace(SUMMARY, "summary: no")  # the word "no", not false
    root = make_repo({REF: text})
    assert cli("validate", "--repo", root).code == 0


def test_missing_file_on_the_command_line(
    make_repo: Callable[..., Path], cli: Callable[..., Run]
) -> None:
    root = make_repo()
    run = cli("validate", "--repo", root, root / "cases/C-0042/2026-03-19-referral.yaml")
    assert run.code == 1
    assert run.out.startswith(
        "cases/C-0042/2026-03-19-referral.yaml:1:1: error: the file does not exist"
    )
    assert "Traceback" not in run.text


def test_given_files_report_only_their_own_problems(
    make_repo: Callable[..., Path], cli: Callable[..., Run]
) -> None:
    root = make_repo({REF: _ref(SUMMARY, 'summary: ""')})
    run = cli("validate", "--repo", root, root / CASE_PATH)
    assert run.code == 0, run.text
    assert run.out == "1 record checked: it is valid\n"
    assert cli("validate", "--repo", root, root / REF).code == 1


def test_folder_argument_checks_the_records_inside(
    make_repo: Callable[..., Path], cli: Callable[..., Run]
) -> None:
    root = make_repo({REF: _ref(SUMMARY, 'summary: ""')})
    run = cli("validate", "--repo", root, root / "cases/C-0042")
    assert run.code == 1
    assert f"{REF}:5:1: error: 'summary' must not be empty" in run.out
    assert "(3 checked)" in run.out
    assert cli("validate", "--repo", root, root / "meetings").code == 0


def test_procedure_pages_given_by_a_hook_are_not_records(
    make_repo: Callable[..., Path], cli: Callable[..., Run]
) -> None:
    root = make_repo({"policies/procedures/referral-process.md": "# Referrals\n"})
    run = cli("validate", "--repo", root, root / "policies/procedures/referral-process.md")
    assert run.code == 0, run.text


def test_json_output(make_repo: Callable[..., Path], cli: Callable[..., Run]) -> None:
    root = make_repo({REF: _ref(SUMMARY, f"summary: [{PLANTED}]")})
    run = cli("validate", "--repo", root, "--format", "json")
    assert run.code == 1
    report = json.loads(run.out)
    assert report["errors"] == 1
    assert report["problems"] == [
        {
            "file": REF,
            "line": 5,
            "column": 1,
            "severity": "error",
            "code": "invalid",
            "message": "'summary' must be text",
        }
    ]
    assert PLANTED not in run.out


def test_broken_pack_is_a_problem_with_its_location(
    make_repo: Callable[..., Path], cli: Callable[..., Run]
) -> None:
    root = make_repo()
    pack = root / "policies/pack.yaml"
    text = pack.read_text(encoding="utf-8")
    pack.write_text(text.replace("max_cases: 5", f"max_cases: {PLANTED}"), encoding="utf-8")
    line = text.splitlines().index(next(x for x in text.splitlines() if "max_cases:" in x)) + 1
    run = cli("validate", "--repo", root, root / CASE_PATH)
    assert run.code == 1
    assert f"policies/pack.yaml:{line}:3: error: 'panel.max_cases' must be a whole number" in (
        run.out
    )
    assert PLANTED not in run.text


def test_missing_rules_file_is_reported(
    make_repo: Callable[..., Path], cli: Callable[..., Run]
) -> None:
    root = make_repo()
    (root / "policies/rules.yaml").unlink()
    run = cli("validate", "--repo", root)
    assert run.code == 1
    assert "policies/rules.yaml:1:1: error: the policy pack has no rules.yaml" in run.out


def test_usage_errors_exit_2(cli: Callable[..., Run], tmp_path: Path) -> None:
    with pytest.raises(SystemExit) as exited:
        cli("validate", "--format", "xml")
    assert exited.value.code == 2
    run = cli("validate", "--repo", tmp_path / "nowhere")
    assert run.code == 2
    assert "does not exist" in run.err


def test_subprocess_exit_codes_and_no_traceback(make_repo: Callable[..., Path]) -> None:
    root = make_repo({REF: _ref(SUMMARY, f"summary: [{PLANTED}]")})
    env = {**os.environ, "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}"}
    done = subprocess.run(
        ["casework", "validate", REF, "no-such-file.yaml"],
        cwd=root,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 1
    assert f"{REF}:5:1: error: 'summary' must be text" in done.stdout
    assert "no-such-file.yaml:1:1: error: the file does not exist" in done.stdout
    assert done.stdout.splitlines()[-1].startswith("2 errors in 2 files")
    assert "Traceback" not in done.stdout + done.stderr
    assert PLANTED not in done.stdout + done.stderr


def test_discovery_from_a_relative_root(
    make_repo: Callable[..., Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    from casework.records import discover, discover_names

    root = make_repo({"cases/C-0042/notes.yml": "a: 1\n"})
    monkeypatch.chdir(root)
    expected = [
        "cases/C-0042/2026-03-05-decision.yaml",
        "cases/C-0042/2026-03-05-referral.yaml",
        "cases/C-0042/case.yaml",
        "cases/C-0042/notes.yml",
        "meetings/2026-03-05-meeting.yaml",
        "policies/pack.yaml",
        "policies/rules.yaml",
    ]
    assert discover_names(Path(".")) == expected
    assert discover_names(root) == expected
    assert [p.relative_to(root).as_posix() for p in discover(root)] == expected


@pytest.mark.parametrize("placeholder", ["FILL IN", "fill_in: the summary", "TODO", "tbc"])
def test_a_placeholder_left_in_a_record_is_refused_at_its_field(
    make_repo: Callable[..., Path], cli: Callable[..., Run], placeholder: str
) -> None:
    text = REFERRAL.replace(
        "summary: An invented summary for testing.", f'summary: "{placeholder}"'
    )
    root = make_repo({"cases/C-0042/2026-03-05-referral.yaml": text})
    line = text.splitlines().index(f'summary: "{placeholder}"') + 1
    run = cli("validate", "--repo", root)
    assert run.code == 1
    assert (
        f"cases/C-0042/2026-03-05-referral.yaml:{line}:1: error: 'summary' still holds a "
        "placeholder (such as FILL IN or TODO)" in run.out
    )


def test_ordinary_words_are_not_placeholders(
    make_repo: Callable[..., Path], cli: Callable[..., Run]
) -> None:
    text = REFERRAL.replace(
        "summary: An invented summary for testing.",
        "summary: The family will fill in the gaps at the next meeting, to be confirmed.",
    )
    root = make_repo({"cases/C-0042/2026-03-05-referral.yaml": text})
    # "fill in" in a sentence is still taken for the template's marker; without it, valid
    assert cli("validate", "--repo", root).code == 1
    clean = text.replace("will fill in the gaps", "will close the gaps")
    root = make_repo({"cases/C-0042/2026-03-05-referral.yaml": clean}, name="clean")
    assert cli("validate", "--repo", root).code == 0


def _vocabulary_hints(node: object) -> list[str]:
    found: list[str] = []
    if isinstance(node, dict):
        if "x-vocabulary" in node and "x-hint" in node:
            found.append(str(node["x-hint"]))
        for value in node.values():
            found.extend(_vocabulary_hints(value))
    elif isinstance(node, list):
        for value in node:
            found.extend(_vocabulary_hints(value))
    return found


def test_vocabulary_hints_give_no_example_a_pack_may_not_have() -> None:
    """The pack decides the ids: a hint for a vocabulary field points at the pack's list."""
    schemas = Path(__file__).resolve().parent.parent / "schemas"
    hints = [
        h
        for f in sorted(schemas.glob("*.json"))
        for h in _vocabulary_hints(json.loads(f.read_text("utf-8")))
    ]
    assert hints
    assert not [h for h in hints if "for example" in h]


def test_an_unknown_field_in_an_amendment_reads_an_amendment(
    make_repo: Callable[..., Path], cli: Callable[..., Run]
) -> None:
    amendment = AMENDMENT + "colour: blue\n"
    root = make_repo({"cases/C-0042/2026-03-12-amendment.yaml": amendment})
    run = cli("validate", "--repo", root)
    assert "the field 'colour' is not part of an amendment" in run.out
    assert "a amendment" not in run.out

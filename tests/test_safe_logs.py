"""Safe logs: no command ever prints a record's free text or values.

A unique marker, made at test time, is planted in every free-text field of a
small valid repository and, in a broken copy, in values that fail the schemas,
the loader and the cross-checks (an enum, a date, a role, a case id, a YAML
syntax error, a duplicate field, a tab, a misnamed file), in a committed
decision edited afterwards (for the audit), in the deny list (as a name) and
in the pseudonym key. Then every command that ``casework --help`` lists is run
in every mode its arguments offer (each choice of each option, each flag,
each sub-command, with and without files) against both repositories, and no
output may contain the marker.

The invocations are discovered from ``casework.cli.command_modules()`` and
the argparse parsers, so a new command is covered without editing this file.
"""

from __future__ import annotations

import argparse
import io
import logging
import secrets
import shutil
import string
from collections.abc import Iterator
from pathlib import Path

import pytest

from casework.cli import build_parser, command_modules, main
from casework.privacy.denylist import add_names
from conftest import BASE_FILES, CASE, DECISION, install_pack
from privacy_values import git, init_repo

PROJECT = Path(__file__).resolve().parent.parent
MARKER = "Zq" + "".join(secrets.choice(string.ascii_lowercase) for _ in range(12))
#: sub-commands that never return (a local web server)
BLOCKING = {("site", "serve")}
#: extra arguments a command needs to reach its main mode (others are discovered)
EXTRA: dict[str, list[list[str]]] = {
    "new": [["--case", "C-0042"], ["--case", "C-0043"]],
    "pseudonym": [["{marker}"], ["LL-1234"]],
    "check": [["--as-of", "2026-11-23", "--all"]],
}

CASE_WITH_NOTE = (
    CASE + f'  - type: care_planning_review\n    date: "2026-01-10"\n    note: {MARKER} note\n'
)
REFERRAL = f"""\
case_id: C-0042
panel_date: "2026-03-05"
submitted: "2026-02-26"
criterion: bx_newly_looked_after
summary: An invented summary {MARKER} for testing.
sought: [endorse_plan]
documents: [referral_form, care_plan]
authorised_by:
  role: team_manager
  date: "2026-02-25"
"""
DECISION_WITH_TEXT = DECISION.replace(
    "    owner_role: social_worker\n",
    f"    owner_role: social_worker\n    text: Agreed {MARKER} with the plan.\n",
)
AMENDMENT = f"""\
case_id: C-0042
date: "2026-03-12"
amends: 2026-03-05-decision
reason: Corrected {MARKER} after the hearing.
made_by_role: head_of_service
changes:
  return_to_panel: "2026-06-04"
"""

#: files of the broken copy: each holds the marker where a value must not be echoed
BROKEN = {
    "cases/C-0042/2026-03-05-referral.yaml": REFERRAL.replace(
        "criterion: bx_newly_looked_after", f"criterion: {MARKER}"
    ).replace('submitted: "2026-02-26"', f"submitted: {MARKER}"),
    "cases/C-0042/2026-03-05-decision.yaml": DECISION_WITH_TEXT.replace(
        "chair_role: head_of_service", f"chair_role: {MARKER.lower()}"
    ),
    "cases/C-0042/2026-03-12-amendment.yaml": AMENDMENT.replace(
        "amends: 2026-03-05-decision", f"amends: {MARKER}"
    ),
    "cases/C-0043/case.yaml": CASE.replace("case_id: C-0042", f"case_id: {MARKER}"),
    "cases/C-0044/case.yaml": CASE.replace("team: children_in_care", f'team: "{MARKER}'),
    "cases/C-0045/case.yaml": CASE + f"team: {MARKER}\n",
    "cases/C-0046/case.yaml": CASE.replace("team: children_in_care", f"team:\t{MARKER}"),
    "cases/C-0047/case.yaml": CASE.replace("legal_basis: s20", f"legal_basis: {MARKER}"),
    "cases/C-0042/notes.yaml": f"summary: {MARKER}\n",
    "meetings/2026-03-05-meeting.yaml": BASE_FILES["meetings/2026-03-05-meeting.yaml"].replace(
        "cases_heard: [C-0042]", f"cases_heard: [C-0042, {MARKER}]"
    ),
}


def _write(root: Path, files: dict[str, str]) -> None:
    for rel, text in files.items():
        target = root / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")


def _valid_repo(root: Path) -> Path:
    install_pack(root)
    _write(root, dict(BASE_FILES))
    _write(
        root,
        {
            "cases/C-0042/case.yaml": CASE_WITH_NOTE,
            "cases/C-0042/2026-03-05-referral.yaml": REFERRAL,
            "cases/C-0042/2026-03-05-decision.yaml": DECISION_WITH_TEXT,
            "cases/C-0042/2026-03-12-amendment.yaml": AMENDMENT,
            "policies/procedures/marker.md": f"# A page\n\nPlain words {MARKER} here.\n",
        },
    )
    if (PROJECT / "mkdocs.yml").is_file():
        shutil.copy(PROJECT / "mkdocs.yml", root / "mkdocs.yml")
    if (PROJECT / "site").is_dir():
        shutil.copytree(PROJECT / "site", root / "site", dirs_exist_ok=True)
    init_repo(root)
    # an edit of a committed decision, on a branch, for the audit's error path
    git(root, "checkout", "-q", "-b", "edit")
    decision = root / "cases/C-0042/2026-03-05-decision.yaml"
    decision.write_text(decision.read_text().replace("Agreed", f"Changed {MARKER}"))
    git(root, "commit", "-qam", "edit a decision")
    return root


@pytest.fixture(scope="module")
def repos(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    base = tmp_path_factory.mktemp("safe-logs")
    valid = _valid_repo(base / "valid")
    assert main(["validate", "--repo", str(valid)]) == 0, "the planted repository must be valid"
    broken = _valid_repo(base / "broken")
    _write(broken, BROKEN)
    git(broken, "add", "-A")  # staged, for the audit --staged and history modes
    git(broken, "commit", "-qm", "broken records")
    git(broken, "checkout", "-q", "-b", "staged")
    (broken / "cases/C-0042/2026-03-05-decision.yaml").write_text(f"{MARKER}\n")
    git(broken, "add", "-A")
    deny = base / "secret" / "deny.txt"
    deny.parent.mkdir()
    add_names(deny, [MARKER])
    return {"valid": valid, "broken": broken, "deny": deny, "key": base / "secret" / "key"}


# --- discovering every mode of every command ----------------------------------------------


def _subparsers(parser: argparse.ArgumentParser) -> argparse._SubParsersAction | None:
    return next((a for a in parser._actions if isinstance(a, argparse._SubParsersAction)), None)


def _modes(prefix: list[str], parser: argparse.ArgumentParser) -> Iterator[list[str]]:
    """Argument lists that reach every mode the parser offers (after ``--repo``)."""
    sub = _subparsers(parser)
    if sub is not None:
        yield []  # no action: a usage error
        for name, child in sub.choices.items():
            if (*prefix, name) not in BLOCKING:
                for mode in _modes([*prefix, name], child):
                    yield [name, *mode]
        return
    positional_choices: list[list[str]] = [[]]
    yield []
    for action in parser._actions:
        if action.dest in ("help", "repo") or isinstance(action, argparse._HelpAction):
            continue
        if not action.option_strings:
            if action.choices:
                positional_choices = [[str(c)] for c in action.choices]
            elif action.nargs in ("*", "+"):
                yield ["cases", "meetings"]
            continue
        option = action.option_strings[-1]
        if action.choices:
            for choice in action.choices:
                yield [option, str(choice)]
        elif action.nargs == 0:
            yield [option]
    for choice in positional_choices:
        if choice:
            yield choice
            for extra in EXTRA.get(prefix[0], []):
                yield [*choice, *extra]
    if positional_choices == [[]]:
        yield from EXTRA.get(prefix[0], [])


def invocations() -> list[list[str]]:
    parser = build_parser()
    commands = _subparsers(parser)
    assert commands is not None
    names = [module.NAME for module in command_modules()]
    assert set(names) == set(commands.choices)
    found: list[list[str]] = []
    for name in names:
        for mode in _modes([name], commands.choices[name]):
            found.append([name, *mode])
    return found


ALL = invocations()


def test_every_command_is_covered() -> None:
    covered = {args[0] for args in ALL}
    assert covered == {module.NAME for module in command_modules()}
    assert ["audit", "--staged"] in ALL and ["scan", "--history"] in ALL
    assert len(ALL) >= 3 * len(covered)


def _interrupt(*_args: object, **_kwargs: object) -> None:
    raise KeyboardInterrupt


@pytest.mark.parametrize("which", ["valid", "broken"])
@pytest.mark.parametrize("args", ALL, ids=[" ".join(a) for a in ALL])
def test_no_command_prints_a_planted_value(
    args: list[str],
    which: str,
    repos: dict[str, Path],
    capfd: pytest.CaptureFixture[str],
    caplog: pytest.LogCaptureFixture,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    root = repos[which]
    monkeypatch.chdir(root)
    monkeypatch.setenv("CASEWORK_DENYLIST", str(repos["deny"]))
    monkeypatch.setenv("CASEWORK_PSEUDONYM_KEY", MARKER * 3)
    monkeypatch.setattr("sys.stdin", io.TextIOWrapper(io.BytesIO(f"{MARKER}\n".encode())))
    caplog.set_level(logging.DEBUG)
    if args[0] == "desk":  # a local web server: start it, then stop it as Ctrl+C would
        monkeypatch.setattr("socketserver.BaseServer.serve_forever", _interrupt)
        monkeypatch.setattr("webbrowser.open", lambda *_a, **_k: True)
    try:
        argv = [arg.replace("{marker}", MARKER) for arg in args]
        code = main([*argv[:1], "--repo", str(root), *argv[1:]])
    except SystemExit as exc:  # argparse's own usage errors
        code = int(exc.code or 0)
    captured = capfd.readouterr()  # file descriptors too: child processes
    output = captured.out + captured.err + caplog.text
    assert code in (0, 1, 2), f"exit {code}: {output[-400:]}"
    assert MARKER not in output, "a planted value was printed"
    assert MARKER.lower() not in output.lower(), "a planted value was printed"


def test_secrets_are_never_printed(
    repos: dict[str, Path], capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Too-short keys and key files, by variable and by file, are refused without echo."""
    monkeypatch.setenv("CASEWORK_PSEUDONYM_KEY", MARKER)
    assert main(["pseudonym", "--repo", str(repos["valid"]), "x"]) == 2
    repos["key"].write_text(MARKER)
    assert main(["pseudonym", "--key-file", str(repos["key"]), "x"]) == 2
    inside = repos["valid"] / "key.txt"
    inside.write_text(MARKER * 3)
    assert main(["pseudonym", "--repo", str(repos["valid"]), "--key-file", str(inside), "x"]) == 2
    output = capsys.readouterr()
    assert MARKER not in output.out + output.err


def test_the_planted_values_are_reached(
    repos: dict[str, Path], capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """The error paths above really run: each broken file is reported, by place only."""
    broken, valid = str(repos["broken"]), str(repos["valid"])
    capsys.readouterr()
    assert main(["validate", "--repo", broken]) == 1
    reported = capsys.readouterr().out
    for rel in BROKEN:
        assert rel in reported, f"{rel} was not reported"
    monkeypatch.setenv("CASEWORK_DENYLIST", str(repos["deny"]))
    assert main(["scan", "--repo", valid, "--format", "json"]) == 1  # the marker, as a name
    assert main(["scan", "--repo", valid, "--history"]) == 1
    assert main(["audit", "--repo", valid, "--base", "main"]) == 1  # the edited decision
    assert main(["audit", "--repo", broken, "--staged"]) == 1
    assert MARKER not in capsys.readouterr().out

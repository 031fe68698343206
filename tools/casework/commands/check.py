"""``casework check``: evaluate the timescale rules and report breaches."""

from __future__ import annotations

import argparse
import os
import sys
from datetime import date
from pathlib import Path

from casework.checkfilter import Selection
from casework.commands._args import iso_date
from casework.engine import check_folders
from casework.errors import ExitCode, UsageError
from casework.findings import DEFAULT_FAIL_ON, FAIL_LEVELS, REPORTED, Finding
from casework.paths import find_repo
from casework.policy import load_policy, policy_dir_for
from casework.problems import Problem, Severity
from casework.reporters import FORMATS, Report, module

NAME = "check"
ORDER = 20
HELP = "check procedure timescales and report breaches"
DESCRIPTION = (
    "Evaluate every timescale rule of the policy pack over every case and panel meeting, "
    "as of a date (default: today). Shows what is breached, late or due soon; --all also "
    "shows what was met and what is not yet due. Exits 1 when a statutory or procedure rule "
    "of severity error is breached or late; local choices are reported but do not fail "
    "unless --fail-on all."
)


def _count(text: str) -> int:
    if not text.isdigit() or int(text) > 400:
        raise argparse.ArgumentTypeError("give a whole number of working days from 0 to 400")
    return int(text)


def _days(text: str) -> int:
    if not text.isdigit() or int(text) > 3660:
        raise argparse.ArgumentTypeError("give a whole number of days from 0 to 3660")
    return int(text)


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--as-of",
        type=iso_date,
        default=None,
        metavar="DATE",
        help="evaluate as of this date, YYYY-MM-DD (default: today); later records are ignored",
    )
    parser.add_argument(
        "--format",
        choices=FORMATS,
        default="text",
        help="output format (default: text)",
    )
    parser.add_argument(
        "--fail-on",
        choices=(*FAIL_LEVELS, "breach"),
        default=DEFAULT_FAIL_ON,
        help="which breached or late rules make the exit code 1: all (local choices too), "
        "procedure (default: statutory and procedure rules), statutory (statutory rules "
        "only) or never; 'breach' is the old name of procedure",
    )
    parser.add_argument(
        "--due-soon",
        type=_count,
        default=5,
        metavar="N",
        help="report deadlines within N working days as due soon (default: 5)",
    )
    parser.add_argument(
        "--all",
        action="store_true",
        help="also show findings that are met or not yet due",
    )
    parser.add_argument(
        "--policy",
        type=Path,
        default=None,
        metavar="DIR",
        help="use the policy pack in DIR (default: the repository's policies/)",
    )
    parser.add_argument(
        "--case",
        action="append",
        default=None,
        metavar="ID",
        help="only this child's case (repeat for several), for example --case C-0042",
    )
    parser.add_argument(
        "--team",
        action="append",
        default=None,
        metavar="ID",
        help="only the cases of this team (an id from the pack's teams; repeat for several)",
    )
    parser.add_argument(
        "--due-within",
        type=_days,
        default=None,
        metavar="DAYS",
        help="only what is not yet done and falls due within DAYS calendar days of the "
        "as-of date, overdue items included (for example 7: what is due this week)",
    )
    parser.add_argument(
        "--output",
        type=Path,
        default=None,
        metavar="FILE",
        help="write the report to FILE instead of the screen",
    )


def run(args: argparse.Namespace) -> int:
    root = find_repo(args.repo)
    as_of = args.as_of or date.today()
    policy = load_policy(policy_dir_for(root, args.policy), root)
    checked = check_folders(root, policy, as_of, args.due_soon)  # one case folder at a time
    problems = checked.problems
    selection = Selection.from_args(args, policy, checked.teams, as_of)
    findings = (
        checked.findings if selection.keeps_all else list(filter(selection.keeps, checked.findings))
    )
    if selection.due_within is not None:
        shown = findings  # what is still to do, whatever its status
    else:
        shown = findings if args.all else [f for f in findings if f.status in REPORTED]
    cases = sum(1 for case_id in checked.cases if selection.keeps_case(case_id))
    fail_on = _level(args.fail_on)
    rules = len({rule["id"] for rule in policy.rules})
    report = Report.build(shown, findings, as_of, cases=cases, rules=rules, fail_on=fail_on)
    reporter = module(args.format)
    _write(reporter.render(report), args.output)
    if args.format == "github" and os.environ.get("GITHUB_STEP_SUMMARY"):
        _append(Path(os.environ["GITHUB_STEP_SUMMARY"]), reporter.step_summary(report))
    special = [p for p in problems if p.code == "special-file"]
    for problem in special:
        print(problem, file=sys.stderr)  # never opened: a finding, whatever --fail-on says
    left_out = _left_out(problems, {p.location.path for p in special})
    for path in left_out:  # its timescales are not watched: a finding unless --fail-on never
        print(
            f"{path}: error: this record is not valid, so it was left out and its timescales "
            f"were not checked; run 'casework validate {path}' to see why, and fix it",
            file=sys.stderr,
        )
    if problems:
        files = len({p.location.path for p in problems})
        print(
            f"note: {files} record file{'s' if files != 1 else ''} could not be read and "
            "were left out; run 'casework validate' to see why",
            file=sys.stderr,
        )
    failed = special or (left_out and FAIL_LEVELS[fail_on])
    return ExitCode.FINDINGS if failed else _exit_code(findings, fail_on)


def _left_out(problems: list[Problem], special: set[str]) -> list[str]:
    """Each record file (shown as read) an error kept out of the check, once, in order."""
    paths = {
        p.location.path
        for p in problems
        if p.severity is Severity.ERROR and p.location.path not in special
    }
    return sorted(paths)


def _level(fail_on: str) -> str:
    """``breach`` (before rule provenance) is today's default, ``procedure``."""
    return DEFAULT_FAIL_ON if fail_on == "breach" else fail_on


def _exit_code(findings: list[Finding], fail_on: str) -> int:
    if FAIL_LEVELS[fail_on] and any(f.fails_at(fail_on) for f in findings):
        return ExitCode.FINDINGS
    return ExitCode.OK


def _write(text: str, output: Path | None) -> None:
    if output is None:
        sys.stdout.write(text)
        return
    try:
        output.write_text(text, encoding="utf-8")
    except OSError as exc:
        raise UsageError(
            f"cannot write the report to '{output}' ({exc.strerror}); check the --output path"
        ) from None


def _append(path: Path, text: str) -> None:
    try:
        with path.open("a", encoding="utf-8") as stream:
            stream.write(text)
    except OSError as exc:
        raise UsageError(
            f"cannot write the job summary ({exc.strerror}); check GITHUB_STEP_SUMMARY"
        ) from None

"""``casework build``: validate the records, report the timescales, build the panel site.

The one command a coordinator (and CI) runs. Invalid records stop it (exit 1)
and so does a failed site build; timescale breaches are reported as a summary
and do not stop the site being built.
"""

from __future__ import annotations

import argparse
from collections import Counter
from pathlib import Path
from types import ModuleType
from typing import Any

from casework.commands import site, validate
from casework.engine import check_repository
from casework.errors import CaseworkError, ExitCode
from casework.paths import find_repo
from casework.progress import Progress

NAME = "build"
ORDER = 5
HELP = "validate, check timescales and build the site: the main job"
DESCRIPTION = (
    "Run 'casework validate', then the timescale check (reported as a summary; breaches do "
    "not stop the build), then 'casework site build'. Exits 1 only if a record is invalid or "
    "the site cannot be built."
)


def add_arguments(parser: argparse.ArgumentParser) -> None:
    from casework.commands.site import _common

    _common(parser)


def _step(module: ModuleType, argv: list[str]) -> int:
    """Run another casework command with these arguments, as if it were typed."""
    parser = argparse.ArgumentParser(prog=f"casework {module.NAME}")
    parser.add_argument("--repo", type=Path, default=None)
    module.add_arguments(parser)
    return int(module.run(parser.parse_args(argv)))


def check_summary(findings: list[Any]) -> str:
    counts = Counter(str(f.status) for f in findings)
    cases = len({f.case for f in findings if str(f.status) == "breached" and f.case})
    parts = [
        f"{counts.get('breached', 0)} breached ({cases} case{'s' if cases != 1 else ''})",
        f"{counts.get('late', 0)} done late",
        f"{counts.get('due_soon', 0)} due soon",
    ]
    return "timescales: " + ", ".join(parts) + "; 'casework check' lists them"


def run(args: argparse.Namespace) -> int:
    root = find_repo(args.repo)
    print("== validate")
    if _step(validate, ["--repo", str(root)]) != ExitCode.OK:
        print("build stopped: fix the invalid records above, then run 'casework build' again")
        return ExitCode.FINDINGS
    print("== check timescales")
    progress = Progress("casework build")  # on stderr, and only when it is a terminal
    progress("checking the timescales")
    try:
        findings, _policy, _records = check_repository(
            root, as_of=args.as_of, due_soon=args.due_soon
        )
    except CaseworkError as exc:
        progress.done()
        print(f"timescales: not checked: {exc}")
    else:
        progress.done()
        print(check_summary(list(findings)))
    print("== site")
    argv = ["build", "--repo", str(root), "--audience", args.audience]
    argv += ["--due-soon", str(args.due_soon), "--engine", args.engine]
    if args.as_of:
        argv += ["--as-of", args.as_of.isoformat()]
    if args.output:
        argv += ["--output", str(args.output)]
    return _step(site, argv)

"""``casework validate``: schema and cross-file checks on records."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from casework.crosscheck import cross_check
from casework.errors import ExitCode
from casework.paths import find_repo
from casework.records import load_records

NAME = "validate"
ORDER = 10
HELP = "check records against the schemas and each other"
DESCRIPTION = (
    "Check every record (or the files given) against the JSON Schemas and against the rest "
    "of the repository. Prints one line per problem as path:line:col: error: message."
)


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "paths",
        nargs="*",
        type=Path,
        metavar="PATH",
        help="files to check (default: every record in the repository)",
    )
    parser.add_argument(
        "--format", choices=("text", "json"), default="text", help="output format (default: text)"
    )


def run(args: argparse.Namespace) -> int:
    root = find_repo(args.repo)
    paths = [p if p.is_absolute() else Path.cwd() / p for p in args.paths] or None
    records, problems = load_records(root, paths)
    problems.extend(cross_check(root, records, only=paths))
    problems.sort(key=lambda p: (p.location.path, p.location.line, p.location.column))
    count = len(records) + len({p.location.path for p in problems if p.code in ("yaml", "naming")})
    if args.format == "json":
        json.dump(
            {"files": count, "problems": [p.as_json() for p in problems]}, sys.stdout, indent=2
        )
        sys.stdout.write("\n")
    else:
        for problem in problems:
            print(problem)
        files = len({p.location.path for p in problems})
        if problems:
            print(
                f"{len(problems)} problem{'s' if len(problems) != 1 else ''} in {files} "
                f"file{'s' if files != 1 else ''}; fix them and run 'casework validate' again"
            )
        else:
            print(f"all {len(records)} records are valid")
    return ExitCode.FINDINGS if problems else ExitCode.OK

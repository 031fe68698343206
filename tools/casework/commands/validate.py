"""``casework validate``: schema and cross-file checks on records."""

from __future__ import annotations

import argparse
import json
import sys
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from casework.crosscheck import PACK_FILES, cross_check
from casework.errors import ExitCode, Location
from casework.paths import find_repo
from casework.problems import Problem, Severity
from casework.records import POLICY_DIR, discover, load_records, relative

NAME = "validate"
ORDER = 10
HELP = "check records against the schemas and each other"
DESCRIPTION = (
    "Check every record (or the files given) against the JSON Schemas and against the rest "
    "of the repository. Prints one line per problem as path:line:col: error: message. "
    "With files given, the whole repository is still read so that references can be "
    "checked, but only problems in those files (and in the policy pack) are reported."
)


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "paths",
        nargs="*",
        type=Path,
        metavar="PATH",
        help="files or folders to check (default: every record in the repository)",
    )
    parser.add_argument(
        "--format", choices=("text", "json"), default="text", help="output format (default: text)"
    )


@dataclass(frozen=True)
class Result:
    files: int
    problems: list[Problem]

    @property
    def errors(self) -> int:
        return sum(1 for p in self.problems if p.severity is Severity.ERROR)

    @property
    def warnings(self) -> int:
        return len(self.problems) - self.errors


def _wanted(root: Path, given: list[Path]) -> tuple[list[Path], list[Problem]]:
    """The record files named on the command line (folders expanded)."""
    files: list[Path] = []
    problems: list[Problem] = []
    everything: list[Path] | None = None
    for path in given:
        rel = relative(path, root)
        if path.is_dir():
            if everything is None:
                everything = discover(root)
            inside = path.resolve()
            files.extend(p for p in everything if p.resolve().is_relative_to(inside))
        elif not path.exists():
            problems.append(
                Problem(
                    Location(rel),
                    "the file does not exist; check the name and the folder",
                    code="missing",
                )
            )
        elif PurePosixPath(rel).parts[:1] == (POLICY_DIR,) and rel not in PACK_FILES:
            continue  # procedure pages and other policy files are not records
        else:
            files.append(path.resolve())
    return files, problems


def validate(root: Path, given: list[Path] | None = None) -> Result:
    """Check the repository; with ``given`` paths, report problems only for those files."""
    everything = discover(root)
    wanted: list[Path] | None = None
    problems: list[Problem] = []
    if given is not None:
        wanted, problems = _wanted(root, given)
    extra = [] if wanted is None else sorted(set(wanted) - set(everything))
    records, found = load_records(root, [*everything, *extra])
    files = frozenset(relative(path, root) for path in everything)
    found.extend(cross_check(root, records, only=None, files=files))
    if wanted is None:
        problems.extend(found)
        count = len(everything)
    else:
        shown = {relative(path, root) for path in wanted} | set(PACK_FILES)
        problems.extend(p for p in found if p.location.path in shown)
        count = len({relative(path, root) for path in wanted})
    unique = sorted(
        set(problems), key=lambda p: (p.location.path, p.location.line, p.location.column)
    )
    return Result(count, unique)


def _plural(count: int, word: str) -> str:
    return f"{count} {word}{'' if count == 1 else 's'}"


def summary(result: Result) -> str:
    if not result.problems:
        return f"all {_plural(result.files, 'record')} are valid"
    files = len({p.location.path for p in result.problems})
    parts = []
    if result.errors:
        parts.append(_plural(result.errors, "error"))
    if result.warnings:
        parts.append(_plural(result.warnings, "warning"))
    text = f"{' and '.join(parts)} in {_plural(files, 'file')} ({result.files} checked)"
    if result.errors:
        return text + "; fix them and run 'casework validate' again"
    return text + "; warnings do not stop a commit, but check them"


def run(args: argparse.Namespace) -> int:
    root = find_repo(args.repo)
    given = [p if p.is_absolute() else Path.cwd() / p for p in args.paths] or None
    result = validate(root, given)
    if args.format == "json":
        json.dump(
            {
                "files": result.files,
                "errors": result.errors,
                "warnings": result.warnings,
                "problems": [p.as_json() for p in result.problems],
            },
            sys.stdout,
            indent=2,
        )
        sys.stdout.write("\n")
    else:
        for problem in result.problems:
            print(problem)
        print(summary(result))
    return ExitCode.FINDINGS if result.errors else ExitCode.OK

"""``casework validate``: schema and cross-file checks on records."""

from __future__ import annotations

import argparse
import json
import sys
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from casework.crosscheck import PACK_FILES, cross_check, repository_vocabulary
from casework.errors import ExitCode, Location
from casework.paths import find_repo
from casework.problems import Problem, Severity
from casework.records import (
    CASE_DIR,
    POLICY_DIR,
    Record,
    discover,
    discover_names,
    load_records,
    relative,
)

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


def _context(root: Path, wanted: list[Path], names: list[str]) -> list[Path]:
    """The files that bear on the given ones: the pack and their case folders' records."""
    cases = root / CASE_DIR
    folders = tuple(
        f"{CASE_DIR}/{path.parent.name}/" for path in wanted if path.parent.parent == cases
    )
    near = [root / name for name in names if name.startswith(folders) or name in PACK_FILES]
    return sorted({*wanted, *near})


def _siblings(root: Path, records: list[Record], loaded: set[Path]) -> list[Path]:
    """Case records of the siblings the loaded case records name, not yet loaded."""
    found = set()
    for record in records:
        if record.kind == "case":
            for sibling in record.data.get("siblings") or []:
                path = root / CASE_DIR / sibling / "case.yaml"
                if path not in loaded and path.is_file():
                    found.add(path)
    return sorted(found)


def validate(root: Path, given: list[Path] | None = None) -> Result:
    """Check the repository, or only ``given`` paths in the context of the repository.

    With paths given, the records that could bear on them (everything in their
    case folders, and their siblings' case records) are read as well, and only
    problems in the given files (and the policy pack) are reported.
    """
    root = root.resolve()
    names = discover_names(root)
    files = frozenset(names)
    vocab = repository_vocabulary(root)
    if given is None:
        everything = [root / name for name in names]
        records, problems = load_records(root, everything, vocab)
        problems.extend(cross_check(root, records, files=files))
        return Result(len(everything), _ordered(problems))
    wanted, problems = _wanted(root, given)
    to_load = _context(root, wanted, names)
    records, found = load_records(root, to_load, vocab)
    more = _siblings(root, records, set(to_load))
    if more:
        extra_records, extra_problems = load_records(root, more, vocab)
        records.extend(extra_records)
        found.extend(extra_problems)
    found.extend(cross_check(root, records, files=files))
    shown = {relative(path, root) for path in wanted} | set(PACK_FILES)
    problems.extend(p for p in found if p.location.path in shown)
    return Result(len(wanted), _ordered(problems))


def _ordered(problems: list[Problem]) -> list[Problem]:
    return sorted(
        set(problems), key=lambda p: (p.location.path, p.location.line, p.location.column)
    )


def _plural(count: int, word: str) -> str:
    return f"{count} {word}{'' if count == 1 else 's'}"


def summary(result: Result) -> str:
    if not result.problems:
        if result.files == 1:
            return "1 record checked: it is valid"
        return f"all {result.files} records are valid"
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

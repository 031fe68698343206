"""``casework validate``: schema and cross-file checks on records."""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
from dataclasses import dataclass, replace
from pathlib import Path, PurePosixPath

from casework.checks import PACK_FILES, cross_check, pack_document, vocabulary_of
from casework.errors import ExitCode, Location, printable
from casework.paths import find_repo
from casework.problems import Problem, Severity
from casework.records import (
    CASE_DIR,
    MEETING_DIR,
    Record,
    discover_names,
    load_records,
    refused_problems,
    relative,
)
from casework.repofiles import (
    in_record_area,
    inside,
    is_placeholder,
    names_under,
    records_among,
    special_file,
)
from casework.schemas import fast_path
from casework.staged import staged_names, write_files
from casework.vocab import UNCHECKED
from casework.yamlload import LoadError, load

NAME = "validate"
ORDER = 10
HELP = "check records against the schemas and each other"
DESCRIPTION = (
    "Check every record (or the files given) against the JSON Schemas and against the rest "
    "of the repository. Prints one line per problem as path:line:col: error: message. "
    "With files given, only what bears on them is read (the policy pack, the other records "
    "in their case folders, their siblings' case records, and the meetings folder for a "
    "meeting record); every other record is known by its name, which is all the checks "
    "across files ask of it. Only problems in those files (and in the policy pack) are "
    "reported."
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
    parser.add_argument(
        "--staged",
        action="store_true",
        help="check what the next commit will hold (git's index), not the files on disk: a "
        "record that is on disk but not staged counts as missing (the pre-commit hook uses this)",
    )


@dataclass(frozen=True)
class Result:
    files: int
    problems: list[Problem]
    skipped: tuple[str, ...] = ()

    @property
    def errors(self) -> int:
        return sum(1 for p in self.problems if p.severity is Severity.ERROR)

    @property
    def warnings(self) -> int:
        return len(self.problems) - self.errors


def _wanted(root: Path, given: list[Path]) -> tuple[list[Path], list[Problem], list[str]]:
    """The record files named on the command line (folders expanded).

    The same rule as the whole-repository walk (``casework.repofiles``) decides
    what is a record: placeholders such as ``cases/.gitkeep`` are passed over,
    anything else in a record folder is checked (and reported if misnamed or
    not an ordinary file), and files outside the record folders are listed as
    skipped. Returns the files, the problems found already and the skipped paths.
    """
    files: list[Path] = []
    problems: list[Problem] = []
    skipped: list[str] = []
    listing: tuple[list[str], list[Problem]] | None = None
    for path in given:
        rel = inside(path, root)
        if rel is None and Path(os.path.abspath(path)) != root:
            problems.append(
                Problem(
                    Location(path.as_posix()),
                    "this path is outside the case repository; casework checks only files "
                    "inside it (give a path under the repository, or use --repo)",
                    code="outside",
                )
            )
            continue
        if rel is None or (path.is_dir() and not path.is_symlink()):
            if listing is None:
                listing = (discover_names(root), refused_problems(root))
            prefix = "" if rel is None else rel + "/"
            files.extend(root / name for name in listing[0] if name.startswith(prefix))
            problems.extend(p for p in listing[1] if p.location.path.startswith(prefix))
        elif is_placeholder(rel):
            continue  # keeps an empty folder in git; not a record
        elif not path.is_symlink() and not path.exists():
            problems.append(
                Problem(
                    Location(rel),
                    "the file does not exist; check the name and the folder",
                    code="missing",
                )
            )
        elif not in_record_area(rel):
            skipped.append(rel)  # procedure pages, site pages, settings: not records
        elif (special := special_file(root / rel)) is not None:
            problems.append(Problem(Location(rel), special, code="special-file"))
        else:
            files.append(root / rel)
    return files, problems, skipped


def _context(root: Path, wanted: list[Path], names: list[str]) -> list[Path]:
    """The files that bear on the given ones: the pack, their case folders' records, and
    for a meeting record or its correction the meeting records and their corrections."""
    cases = root / CASE_DIR
    folders = tuple(
        f"{CASE_DIR}/{path.parent.name}/" for path in wanted if path.parent.parent == cases
    ) + ((f"{MEETING_DIR}/",) if any(path.parent == root / MEETING_DIR for path in wanted) else ())
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


def validate(root: Path, given: list[Path] | None = None, names: list[str] | None = None) -> Result:
    """Check the repository, or only ``given`` paths in the context of the repository.

    With paths given, the records that could bear on them (everything in their
    case folders, and their siblings' case records) are read as well, and only
    problems in the given files (and the policy pack) are reported.
    """
    root = root.resolve()
    if names is None:  # given: the record files that exist (the staged ones, for --staged)
        names = discover_names(root)
    files = frozenset(names)
    lazy = fast_path()  # position maps only for records a message is about
    pack = pack_document(root, positions=not lazy)  # read once: a record, and the vocabularies
    vocab = vocabulary_of(pack)
    broken = [] if vocab is not None else [unchecked_vocabulary_note()]
    vocab = vocab or UNCHECKED  # a broken pack is reported once, not in every record
    read = {} if pack is None else {root / PACK_FILES[0]: pack}
    if given is None:
        everything = [root / name for name in names]
        records, problems = load_records(root, everything, vocab, not lazy, read)
        problems.extend(refused_problems(root))
        problems.extend(cross_check(root, records, files=files))
        return Result(len(everything), _ordered(problems) + broken)  # the pack's error first
    wanted, problems, skipped = _wanted(root, given)
    to_load = _context(root, wanted, names)
    records, found = load_records(root, to_load, vocab, not lazy, read)
    more = _siblings(root, records, set(to_load))
    if more:
        extra_records, extra_problems = load_records(root, more, vocab, positions=not lazy)
        records.extend(extra_records)
        found.extend(extra_problems)
    found.extend(cross_check(root, records, files=files))
    shown = {relative(path, root) for path in wanted} | set(PACK_FILES)
    problems.extend(p for p in found if p.location.path in shown)
    return Result(len(wanted), _ordered(problems) + broken, tuple(skipped))


def unchecked_vocabulary_note() -> Problem:
    """The one line said instead of an unknown-term error in every record while pack.yaml
    is broken (its own problems are reported with it)."""
    return Problem(
        Location(PACK_FILES[0], 1, 1),
        "the records' vocabulary (roles, teams, criteria, documents, plan, placement and event "
        "types, and the other terms a pack lists or adds) was not checked, because the policy "
        "pack has the errors above; fix the pack first, then run 'casework validate' again",
        severity=Severity.WARNING,
        code="vocabulary-unchecked",
    )


def _ordered(problems: list[Problem]) -> list[Problem]:
    return sorted(
        set(problems), key=lambda p: (p.location.path, p.location.line, p.location.column)
    )


def _plural(count: int, word: str) -> str:
    return f"{count} {word}{'' if count == 1 else 's'}"


def summary(result: Result) -> str:
    if not result.problems:
        if result.files == 0 and result.skipped:
            return "no records among the files given: nothing to check"
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


def validate_staged(root: Path, given: list[Path] | None) -> Result:
    """Validate the snapshot in git's index, as it will be committed.

    Problems are reported with the same paths as in the working tree; a problem
    in a case folder that has record files on disk which are not staged gets
    the ``git add`` that would include them.
    """
    root = root.resolve()
    with tempfile.TemporaryDirectory(prefix="casework-staged-") as tmp:
        snapshot = Path(tmp).resolve()
        all_staged = staged_names(root)
        staged = set(all_staged)
        inner = None
        outside: list[str] = []
        wanted: list[str] = []
        whole = given is None
        if given is not None:
            inner = []
            for path in given:
                rel = inside(path, root)
                if rel is not None and not (in_record_area(rel) or rel.startswith("policies/")):
                    outside.append(rel)  # not part of the snapshot: not a record either
                elif rel is not None:
                    inner.append(snapshot / rel)
                    wanted.append(rel)
                    whole = whole or rel not in staged  # a folder, or not staged: write all
                else:
                    inner.append(snapshot if Path(os.path.abspath(path)) == root else path)
                    whole = True
        if whole:
            write_files(root, snapshot, all_staged)
        else:
            bearing = _bearing_on(wanted, all_staged)
            write_files(root, snapshot, bearing)
            # a sibling's case record given too (two children listing each other) is written
            siblings = _siblings_of(snapshot, wanted, staged)
            write_files(root, snapshot, sorted(set(siblings) - set(bearing)))
        records = records_among(all_staged)
        result = validate(snapshot, inner, records)
    on_disk: dict[str, list[str]] = {}  # case folder -> its record files on disk
    problems = []
    for problem in result.problems:
        folder = PurePosixPath(problem.location.path).parent.as_posix() + "/"
        if not folder.startswith(f"{CASE_DIR}/"):
            problems.append(problem)
            continue
        if folder not in on_disk:
            on_disk[folder] = names_under(root, folder.rstrip("/"))
        missing = [n for n in on_disk[folder] if n not in staged]
        if missing:
            files = " ".join(missing)
            problem = replace(
                problem,
                message=f"{problem.message}. Note: {files} "
                f"{'is' if len(missing) == 1 else 'are'} on disk but not staged, so "
                f"{'it' if len(missing) == 1 else 'they'} would not be committed; "
                f"add with: git add {files}",
            )
        problems.append(problem)
    return Result(result.files, problems, (*result.skipped, *outside))


def _bearing_on(wanted: list[str], staged: list[str]) -> list[str]:
    """The staged files that bear on the given ones: themselves, the rest of their case
    folders (and the meetings folder for a meeting record or its correction) and the policy
    pack (as the working-tree check reads them)."""
    folders = tuple(
        "/".join(PurePosixPath(rel).parts[:2]) + "/"
        for rel in wanted
        if rel.startswith(f"{CASE_DIR}/") and len(PurePosixPath(rel).parts) >= 3
    ) + ((f"{MEETING_DIR}/",) if any(rel.startswith(f"{MEETING_DIR}/") for rel in wanted) else ())
    chosen = set(wanted)
    chosen.update(n for n in staged if n.startswith(("policies/", *folders)))
    return sorted(chosen)


def _siblings_of(snapshot: Path, wanted: list[str], staged: set[str]) -> list[str]:
    """The staged case records of the siblings named by the given files' case records."""
    found = set()
    for rel in wanted:
        parts = PurePosixPath(rel).parts
        if parts[:1] != (CASE_DIR,) or len(parts) < 3:
            continue
        try:
            data = load(snapshot / CASE_DIR / parts[1] / "case.yaml").data
        except LoadError:
            continue  # reported when the case record itself is checked
        siblings = data.get("siblings") if isinstance(data, dict) else None
        for sibling in siblings if isinstance(siblings, list) else []:
            name = f"{CASE_DIR}/{sibling}/case.yaml"
            if isinstance(sibling, str) and name in staged:
                found.add(name)
    return sorted(found)


def run(args: argparse.Namespace) -> int:
    root = find_repo(args.repo)
    given = [p if p.is_absolute() else Path.cwd() / p for p in args.paths] or None
    result = validate_staged(root, given) if args.staged else validate(root, given)
    if args.format == "json":
        json.dump(
            {
                "files": result.files,
                "errors": result.errors,
                "warnings": result.warnings,
                "problems": [p.as_json() for p in result.problems],
                "skipped": list(result.skipped),
            },
            sys.stdout,
            indent=2,
        )
        sys.stdout.write("\n")
    else:
        for problem in result.problems:
            print(problem)
        for path in result.skipped:
            print(
                f"{printable(path)}: note: not a record, so not checked (records are the files "
                "under cases/ and meetings/, and policies/pack.yaml and rules.yaml)"
            )
        print(summary(result))
    return ExitCode.FINDINGS if result.errors else ExitCode.OK

"""``casework scan``: refuse personal data in files, or find it in history."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from casework import gitlog
from casework.errors import ExitCode, UsageError
from casework.paths import find_repo
from casework.privacy.denylist import DENYLIST_ENV, add_names, denylist_path, load_denylist
from casework.privacy.fingerprints import ALLOW_FILE, create_allow_list, load_allow_list
from casework.privacy.history import HistoryFinding, is_shallow, scan_history
from casework.privacy.pseudonym import refuse_inside_repo
from casework.privacy.scan import Scanner, default_files, expand, scan_paths
from casework.problems import Problem

NAME = "scan"
ORDER = 40
HELP = "refuse personal data: NHS numbers, postcodes, names and more"
DESCRIPTION = (
    "Look for personal data in every text file under cases/, policies/ and meetings/ (or the "
    "files given): NHS numbers, unique pupil numbers, National Insurance numbers, postcodes, "
    "telephone numbers, e-mail addresses, full dates of birth and names on the authority's "
    "deny list; also file and field names, YAML values once unescaped, and files that are not "
    "UTF-8 text. Prints path:line:col and the kind of identifier, never the identifier. "
    "--history looks through every commit and commit message instead; --commit-msg FILE "
    "checks a commit message (the commit-msg hook)."
)

NAMES_NOTE = (
    "note: names not checked: no deny list is set up; set {env} (or --denylist PATH) to the "
    "authority's hashed list of names, made with 'casework scan --hash-name --denylist PATH < "
    "names.txt' (see docs/security-and-privacy.md)"
)

HISTORY_REMEDY = """\
What to do now (see docs/security-and-privacy.md):
  1. Remove the data from the current files and commit (records identify children by case
     id and people by role).
  2. Rewrite history so that no commit holds it, for example with git filter-repo
     (--replace-text or --invert-paths; --replace-message for a commit message), force-push,
     ask everyone to clone afresh, and ask the git host to purge cached copies and
     merge-request refs.
  3. Every clone made before holds the data next to the children's case ids: rotate the
     pseudonyms of the children concerned (new key, new case ids).
  4. Tell the data protection officer today: this may be a personal data breach that must be
     assessed and, if it is reportable, reported to the ICO within 72 hours."""


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "paths",
        nargs="*",
        type=Path,
        metavar="PATH",
        help="files or folders to scan (default: every file under cases/, policies/, meetings/)",
    )
    parser.add_argument(
        "--history",
        action="store_true",
        help="scan every commit reachable from HEAD and its message instead of the files",
    )
    parser.add_argument(
        "--commit-msg",
        type=Path,
        metavar="FILE",
        help="check a commit message file (git's commit-msg hook passes it) instead of files",
    )
    parser.add_argument(
        "--denylist",
        type=Path,
        metavar="PATH",
        help=f"the hashed deny list of names, outside the repository (default: ${DENYLIST_ENV})",
    )
    parser.add_argument(
        "--hash-name",
        action="store_true",
        help="add the names read from standard input (one per line) to the deny list, hashed",
    )
    parser.add_argument(
        "--init-allow-list",
        action="store_true",
        help=f"create {ALLOW_FILE} with a fresh random salt, for reviewed false positives",
    )
    parser.add_argument(
        "--format", choices=("text", "json"), default="text", help="output format (default: text)"
    )


def run(args: argparse.Namespace) -> int:
    root = find_repo(args.repo)
    if args.init_allow_list:
        path = create_allow_list(root)
        print(f"created {path.name} with a fresh salt; commit it, then add reviewed entries")
        return ExitCode.OK
    deny_path = denylist_path(args.denylist)
    if deny_path is not None:
        refuse_inside_repo(deny_path, root, "deny list")
    if args.hash_name:
        return _hash_names(deny_path)
    scanner = Scanner(
        load_allow_list(root), load_denylist(deny_path) if deny_path is not None else None
    )
    names_note = "" if deny_path is not None else NAMES_NOTE.format(env=DENYLIST_ENV)
    if args.history:
        if args.paths or args.commit_msg:
            raise UsageError("--history scans every commit; give no paths or --commit-msg with it")
        return _history(scanner, root, args.format, names_note)
    if args.commit_msg is not None:
        if args.paths:
            raise UsageError("--commit-msg checks one message file; give no other paths with it")
        return _commit_message(scanner, args.commit_msg, args.format, names_note)
    files = _files(args.paths, root)
    scanned = scan_paths(scanner, files, root)
    findings = sorted(
        scanned.findings, key=lambda f: (f.location.path, f.location.line, f.location.column)
    )
    problems = [finding.problem() for finding in findings]
    unreadable = scanned.problems
    if args.format == "json":
        _json(
            {
                "files": scanned.files,
                "names_checked": deny_path is not None,
                "problems": [p.as_json() for p in sorted(unreadable + problems, key=_place)],
            }
        )
        return ExitCode.FINDINGS if problems or unreadable else ExitCode.OK
    for problem in sorted(unreadable + problems, key=_place):
        print(problem)
    if problems:
        places = len({p.location.path for p in problems})
        print(
            f"{len(problems)} possible personal data item{'s' if len(problems) != 1 else ''} "
            f"in {places} file{'s' if places != 1 else ''}; remove them before committing"
        )
    if unreadable:
        count = len({p.location.path for p in unreadable})
        print(
            f"{count} file{'s' if count != 1 else ''} could not be fully checked; each "
            "message above says how to fix it"
        )
    if not problems and not unreadable:
        print(f"no personal data found in {scanned.files} file{'s' if scanned.files != 1 else ''}")
    if names_note:
        print(names_note)
    return ExitCode.FINDINGS if problems or unreadable else ExitCode.OK


def _place(problem: Problem) -> tuple[str, int, int]:
    return (problem.location.path, problem.location.line, problem.location.column)


def _json(data: object) -> None:
    json.dump(data, sys.stdout, indent=2)
    sys.stdout.write("\n")


def _commit_message(scanner: Scanner, path: Path, fmt: str, names_note: str) -> int:
    try:
        text = path.read_bytes().decode("utf-8", "replace")
    except OSError as exc:
        raise UsageError(
            f"cannot read the commit message file '{path}' ({exc.strerror or 'error'}); "
            "the commit-msg hook passes its path"
        ) from None
    problems = [finding.problem() for finding in scanner.message_findings(text)]
    if fmt == "json":
        _json({"names_checked": not names_note, "problems": [p.as_json() for p in problems]})
        return ExitCode.FINDINGS if problems else ExitCode.OK
    for problem in problems:
        print(problem)
    if problems:
        count = len(problems)
        print(
            f"the commit message holds {count} possible personal data item"
            f"{'s' if count != 1 else ''}; the commit was not made. Write the message again "
            "without them: git commit -e -F .git/COMMIT_EDITMSG"
        )
    else:
        print("no personal data found in the commit message")
    if names_note:
        print(names_note)
    return ExitCode.FINDINGS if problems else ExitCode.OK


def _files(paths: list[Path], root: Path) -> list[Path]:
    if not paths:
        return default_files(root)
    absolute = [p if p.is_absolute() else Path.cwd() / p for p in paths]
    missing = [p for p in absolute if not p.exists() and not p.is_symlink()]
    if missing:
        raise UsageError(f"'{missing[0]}' does not exist; check the path")
    return expand(absolute)


def _hash_names(deny_path: Path | None) -> int:
    if deny_path is None:
        raise UsageError(
            f"give the deny list's path with --denylist PATH or {DENYLIST_ENV} (outside the "
            "repository)"
        )
    if sys.stdin is None or sys.stdin.isatty():
        raise UsageError(
            "pipe the names in, one per line, so they stay out of your shell history: "
            "casework scan --hash-name --denylist PATH < names.txt (then delete names.txt)"
        )
    added = add_names(deny_path, sys.stdin.read().splitlines())
    print(f"added {added} name{'s' if added != 1 else ''} to the deny list {deny_path}")
    return ExitCode.OK


SHALLOW = (
    "this is a shallow clone: its history is incomplete, so --history cannot say that no "
    "commit holds personal data; fetch the whole history with 'git fetch --unshallow' (in CI, "
    "check out with full depth: fetch-depth: 0 on GitHub, GIT_DEPTH: 0 on GitLab) and run again"
)


def _history(scanner: Scanner, root: Path, fmt: str, names_note: str) -> int:
    if not gitlog.is_repository(root):
        raise UsageError(f"'{root}' is not a git repository; --history needs one")
    if gitlog.run(["rev-parse", "--verify", "-q", "HEAD"], root, check=False).returncode:
        print("no commits yet: nothing to scan")
        return ExitCode.OK
    if is_shallow(root):
        raise UsageError(SHALLOW)
    findings = scan_history(scanner, root)
    if fmt == "json":
        _json({"names_checked": not names_note, "findings": [_as_json(f) for f in findings]})
        return ExitCode.FINDINGS if findings else ExitCode.OK
    for finding in findings:
        print(
            f"commit {finding.commit[:12]} ({finding.date}) {finding.path}:{finding.line}: "
            f"error: {_history_message(finding)}"
        )
    commits = len({f.commit for f in findings})
    if not findings:
        print("no personal data found in the history of HEAD (files and commit messages)")
    else:
        print(
            f"{commits} commit{'s' if commits != 1 else ''} added personal data "
            f"({len(findings)} finding{'s' if len(findings) != 1 else ''})"
        )
    if names_note:
        print(names_note)
    if not findings:
        return ExitCode.OK
    print(HISTORY_REMEDY)
    return ExitCode.FINDINGS


def _history_message(finding: HistoryFinding) -> str:
    if finding.kind is None:
        return BINARY_IN_HISTORY
    return _WHERE_IN_HISTORY.get(finding.where, "") + finding.kind.value


BINARY_IN_HISTORY = (
    "a file that is not text was added (git shows it as binary: perhaps UTF-16 or a scan); "
    "casework cannot check it for personal data"
)

_WHERE_IN_HISTORY = {
    "field": "in a field name: ",
    "value": "in a value, once unescaped: ",
    "name": "in a file or folder name: ",
}


def _as_json(finding: HistoryFinding) -> dict[str, object]:
    return {
        "commit": finding.commit,
        "date": finding.date,
        "file": finding.path,
        "line": finding.line,
        "where": finding.where,
        "kind": finding.kind.code if finding.kind is not None else "not-utf8-text",
        "message": _history_message(finding),
    }

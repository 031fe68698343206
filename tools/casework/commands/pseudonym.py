"""``casework pseudonym``: case ids from case-system ids, under a secret key."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from casework.errors import CaseworkError, ExitCode, UsageError
from casework.paths import find_repo
from casework.privacy.pseudonym import (
    KEY_ENV,
    collisions,
    load_key,
    pseudonym,
    refuse_inside_repo,
    update_lookup,
)

NAME = "pseudonym"
ORDER = 60
HELP = "make a case id from a case-system id with a secret key"
DESCRIPTION = (
    "Print the case id (C- and 8 digits) for each case-system id given (or read one per line "
    "from standard input), in the same order, one per line. The case id is an HMAC-SHA-256 "
    f"of the id under a secret key from {KEY_ENV} or --key-file; the key never goes in the "
    "repository, and without it nobody can get from a case id back to the child."
)


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "ids",
        nargs="*",
        metavar="ID",
        help="case-system ids (default: read them from standard input, one per line)",
    )
    parser.add_argument(
        "--key-file",
        type=Path,
        metavar="PATH",
        help=f"a file holding the secret key, outside the repository (default: ${KEY_ENV})",
    )
    parser.add_argument(
        "--lookup",
        type=Path,
        metavar="PATH",
        help="also record each case id and case-system id in this lookup file, outside the "
        "repository, and refuse a case id the lookup already gives to another child",
    )


def _repo_or_none(repo: Path | None) -> Path | None:
    try:
        return find_repo(repo)
    except UsageError:
        if repo is not None:
            raise
        return None


def run(args: argparse.Namespace) -> int:
    root = _repo_or_none(args.repo)
    key = load_key(args.key_file, root)
    ids = list(args.ids)
    if not ids:
        if sys.stdin is None or sys.stdin.isatty():
            raise UsageError(
                "give one or more case-system ids, or pipe them in one per line: "
                "casework pseudonym < ids.txt"
            )
        ids = [line for line in sys.stdin.read().splitlines() if line.strip()]
        if not ids:
            raise UsageError("standard input held no case-system ids; give one per line")
    if any(not value.strip() for value in ids):
        raise UsageError("an empty case-system id was given; give non-empty ids")
    clashes = collisions(ids, key)
    if clashes:
        for positions in clashes.values():
            print(
                "error: ids number "
                + " and ".join(str(p) for p in positions)
                + " are different but share a case id (a rare collision); give one of them "
                "a suffix such as '#2' after the id, record that in your lookup, and run again",
                file=sys.stderr,
            )
        return ExitCode.FINDINGS
    pairs = [(value, pseudonym(value, key)) for value in ids]
    if args.lookup is not None:
        refuse_inside_repo(args.lookup, root, "lookup file")
        clashed = update_lookup(args.lookup, pairs)
        if clashed:
            raise CaseworkError(
                "the lookup already gives the case id of id number "
                + ", ".join(str(n) for n in clashed)
                + " to a different child (a rare collision); give the new id a suffix such as "
                "'#2' and run again. Nothing was written to the lookup"
            )
    for _, case_id in pairs:
        print(case_id)
    return ExitCode.OK

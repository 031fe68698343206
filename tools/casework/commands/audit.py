"""``casework audit``: referrals, decisions, amendments and meetings are append-only."""

from __future__ import annotations

import argparse
import json
import os
import sys

from casework.errors import ExitCode, UsageError
from casework.paths import find_repo
from casework.privacy.audit import (
    ROTATION_ENV,
    Contents,
    audit,
    committed_changes,
    resolve_base,
    staged_changes,
)

NAME = "audit"
ORDER = 45
HELP = "refuse changes to committed referrals, decisions, amendments and meetings"
DESCRIPTION = (
    "Fail when a referral, decision, amendment or meeting record that was already committed "
    "has been modified, renamed or deleted between the base and HEAD (or in the staged "
    "changes, with --staged). Adding records and changing case.yaml are fine. A correction "
    "is a new amendment record."
)


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--base",
        metavar="REF",
        help="compare HEAD with its merge base with REF (default: the upstream branch; "
        "without one, origin/main or main)",
    )
    parser.add_argument(
        "--staged",
        action="store_true",
        help="check the staged changes instead (git diff --cached), as the pre-commit hook does",
    )
    parser.add_argument(
        "--allow-rotation",
        action="store_true",
        default=os.environ.get(ROTATION_ENV) == "1",
        help="accept records moved between case folders whose only change is the case id "
        f"(a reviewed pseudonym key rotation; also {ROTATION_ENV}=1)",
    )
    parser.add_argument(
        "--format", choices=("text", "json"), default="text", help="output format (default: text)"
    )


def run(args: argparse.Namespace) -> int:
    root = find_repo(args.repo)
    if args.staged and args.base:
        raise UsageError("give either --staged or --base REF, not both")
    if args.staged:
        changes = staged_changes(root)
        contents = Contents(root, "HEAD", None)
        original = "HEAD"
        compared = "the staged changes"
    else:
        base = resolve_base(root, args.base)
        changes = committed_changes(root, base)
        contents = Contents(root, base.commit, "HEAD")
        original = base.commit[:12]
        compared = f"HEAD with {base.how} ({base.commit[:12]})"
    result = audit(root, changes, contents, args.allow_rotation, original)
    problems = sorted(result.problems, key=lambda p: p.location.path)
    if args.format == "json":
        json.dump(
            {
                "compared": compared,
                "changes": result.checked,
                "rotated": result.rotated,
                "problems": [p.as_json() for p in problems],
            },
            sys.stdout,
            indent=2,
        )
        sys.stdout.write("\n")
        return ExitCode.FINDINGS if problems else ExitCode.OK
    print(f"audit: comparing {compared}")
    for problem in problems:
        print(problem)
    if result.rotated:
        print(f"{result.rotated} record(s) accepted as a pseudonym key rotation (case id only)")
    if problems:
        print(
            f"{len(problems)} committed record{'s' if len(problems) != 1 else ''} changed; "
            "records are append-only (see casework's docs/security-and-privacy.md)"
        )
        return ExitCode.FINDINGS
    print(f"no committed record changed ({result.checked} changed file(s) checked)")
    return ExitCode.OK

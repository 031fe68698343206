"""``casework setup``: install the commit checks in this clone, in one step."""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
from pathlib import Path

from casework import gitlog
from casework.errors import ExitCode, UsageError
from casework.paths import find_repo
from casework.privacy.denylist import DENYLIST_ENV

NAME = "setup"
ORDER = 15
HELP = "install the pre-commit and commit-msg checks in this clone (once per clone)"
DESCRIPTION = (
    "Install the checks that run on every commit in this clone of the case repository: the "
    "pre-commit hooks (validate, scan, audit) and the commit-message check. Run it once after "
    "cloning. The hooks then work from any terminal or editor, without activating a virtual "
    "environment, because pre-commit keeps its own copy of casework for them."
)
HOOK_TYPES = ("pre-commit", "commit-msg")


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--no-install-environments",
        action="store_true",
        help="only write git's hook scripts; the hooks' environments are built at the first "
        "commit instead (needs the package index then)",
    )


def _toplevel(root: Path) -> Path:
    if not gitlog.is_repository(root):
        raise UsageError(
            f"'{root}' is not a git repository; clone the case repository first, then run "
            "'casework setup' inside it"
        )
    out = gitlog.run(["rev-parse", "--show-toplevel"], root)
    return Path(out.stdout.decode().strip())


def name_check_status() -> str:
    """One line saying whether names are checked, and how to start if not."""
    path = os.environ.get(DENYLIST_ENV)
    if path and Path(path).is_file():
        return "names: checked against the deny list named by CASEWORK_DENYLIST"
    return (
        "names: NOT checked - no deny list is configured. Ask your information governance "
        f"lead for the authority's deny list file, set {DENYLIST_ENV} to its path (outside "
        "the repository), and see the coordinators' guide, 'Names'"
    )


def run(args: argparse.Namespace) -> int:
    root = find_repo(args.repo)
    top = _toplevel(root)
    if not (top / ".pre-commit-config.yaml").is_file():
        raise UsageError(
            f"there is no .pre-commit-config.yaml in '{top}'; a repository made by "
            "'casework init' has one: copy it from there, then run 'casework setup' again"
        )
    command = [sys.executable, "-m", "pre_commit", "install"]
    for hook_type in HOOK_TYPES:
        command += ["--hook-type", hook_type]
    if not args.no_install_environments:
        command.append("--install-hooks")
    print("installing the commit checks (the first time, this downloads casework for them)")
    env = gitlog.clean_env()
    done = subprocess.run(command, cwd=top, env=env, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        detail = (done.stderr or done.stdout).strip().splitlines()
        print("\n".join(detail[-5:]), file=sys.stderr)
        raise UsageError(
            "pre-commit could not install the checks (its message is above); check the "
            "'repo' and 'rev' lines of .pre-commit-config.yaml and the network, then run "
            "'casework setup' again"
        )
    for hook_type in HOOK_TYPES:
        print(f"  installed: {hook_type} checks (.git/hooks/{hook_type})")
    print(f"  {name_check_status()}")
    print("every commit in this clone is now checked; a refused commit says what to fix")
    return ExitCode.OK

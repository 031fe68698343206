"""Running git, and reading a repository's history in one pass.

Every git call goes through :func:`run` (or :func:`stream`), which decides
which environment git sees. Hooks run with ``GIT_DIR``, ``GIT_INDEX_FILE``
and friends set; a command that looks at history (``audit --base``,
``scan --history``, the site) must not inherit them, or ``--repo PATH``
would silently read the hook's repository. Only the staged-changes audit
(``audit --staged``) keeps them, because it needs the hook's index (``git
commit -a`` and ``git commit PATH`` use a temporary index).

:func:`file_history` gives, for every path ever committed, the commits that
touched it (newest first) from a single ``git log --name-status`` call.
"""

from __future__ import annotations

import os
import subprocess
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from casework.errors import UsageError


def clean_env(keep_hook_env: bool = False) -> dict[str, str]:
    """The environment for git: ``GIT_*`` removed unless the hook's are needed."""
    env = dict(os.environ)
    if not keep_hook_env:
        for name in list(env):
            if name.startswith("GIT_"):
                del env[name]
    env["LC_ALL"] = "C"
    env["GIT_TERMINAL_PROMPT"] = "0"
    return env


def _base_args() -> list[str]:
    return ["git", "-c", "core.quotePath=false", "-c", "color.ui=never"]


def run(
    args: Sequence[str],
    root: Path,
    *,
    keep_hook_env: bool = False,
    check: bool = True,
    stdin: bytes | None = None,
) -> subprocess.CompletedProcess[bytes]:
    """Run ``git ARGS`` in ``root``; a missing git or a failure is a UsageError."""
    try:
        done = subprocess.run(
            [*_base_args(), *args],
            cwd=root,
            env=clean_env(keep_hook_env),
            input=stdin,
            capture_output=True,
            check=False,
        )
    except FileNotFoundError:
        raise UsageError("git is not installed or not on PATH; install git") from None
    if check and done.returncode != 0:
        raise UsageError(
            f"'git {args[0]}' failed in '{root}': {_first_line(done.stderr)}; "
            "check that this is a git repository with the commits needed"
        )
    return done


def run_text(args: Sequence[str], root: Path, *, keep_hook_env: bool = False) -> str:
    return run(args, root, keep_hook_env=keep_hook_env).stdout.decode("utf-8", "replace")


def stream(args: Sequence[str], root: Path) -> Iterator[str]:
    """The lines git prints, decoded, read as they come (for long histories)."""
    try:
        process = subprocess.Popen(
            [*_base_args(), *args],
            cwd=root,
            env=clean_env(),
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
        )
    except FileNotFoundError:
        raise UsageError("git is not installed or not on PATH; install git") from None
    assert process.stdout is not None and process.stderr is not None
    with process:
        for raw in process.stdout:
            yield raw.decode("utf-8", "replace").rstrip("\r\n")
        error = process.stderr.read()
    if process.returncode != 0:
        raise UsageError(
            f"'git {args[0]}' failed in '{root}': {_first_line(error)}; "
            "check that this is a git repository with at least one commit"
        )


def _first_line(stderr: bytes) -> str:
    text = stderr.decode("utf-8", "replace").strip()
    return text.splitlines()[0] if text else "no message"


def is_repository(root: Path) -> bool:
    done = run(["rev-parse", "--git-dir"], root, check=False)
    return done.returncode == 0


@dataclass(frozen=True)
class Commit:
    """One commit as the site shows it: never its message or its author (neither is read)."""

    sha: str
    date: str  # author date, strict ISO 8601 with offset
    status: str = "M"  # what this commit did to the file: A, M, D or R (renamed to it)


_SEP = "\x1f"
_START = "\x1e"


def file_history(root: Path) -> dict[str, list[Commit]]:
    """Every path's commits, newest first, from one ``git log`` pass.

    Paths are relative to ``root``, which may be a folder inside the git work tree.

    Renames are followed (``-M``): a file's entry is keyed by its latest name
    and includes the commits made under earlier names. Merge commits list no
    files (their changes are those of the commits merged).
    """
    history: dict[str, list[Commit]] = {}
    if not is_repository(root):
        return history
    if run(["rev-parse", "--verify", "-q", "HEAD"], root, check=False).returncode != 0:
        return history
    alias: dict[str, str] = {}  # an older name -> the file's latest name
    current: Commit | None = None
    # only the commit id and the date: a commit message or an author's name never reaches the
    # site (a message may carry an identifier, a name is personal data)
    fmt = f"{_START}%H{_SEP}%aI"
    for line in stream(
        ["log", "-M", "--relative", "--name-status", f"--format={fmt}", "HEAD", "--"], root
    ):
        if line.startswith(_START):
            sha, date = line[1:].split(_SEP, 1)
            current = Commit(sha, date)
            continue
        if not line or current is None:
            continue
        parts = line.split("\t")
        status = parts[0][:1]
        if status == "R" and len(parts) == 3:
            old, new = parts[1], parts[2]
            latest = alias.get(new, new)
            alias[old] = latest
            history.setdefault(latest, []).append(_with_status(current, "R"))
        elif len(parts) >= 2:
            path = parts[-1]
            latest = alias.get(path, path)
            history.setdefault(latest, []).append(_with_status(current, status))
    return history


def _with_status(commit: Commit, status: str) -> Commit:
    return Commit(commit.sha, commit.date, status)

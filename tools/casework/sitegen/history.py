"""Who changed which file when: the git history of a repository, read in one pass.

One ``git log`` process for the whole repository, never one per file. A folder
that is not a git repository (or a machine without git) has no history.
"""

from __future__ import annotations

import os
import subprocess
from dataclasses import dataclass
from datetime import date
from pathlib import Path

_RECORD = "\x1e"
_FIELD = "\x1f"


@dataclass(frozen=True)
class Commit:
    sha: str
    author: str
    date: date
    message: str

    @property
    def short(self) -> str:
        return self.sha[:8]


def _git_env() -> dict[str, str]:
    # Hooks run with GIT_DIR and friends set; they must not leak into our call.
    return {k: v for k, v in os.environ.items() if not k.startswith("GIT_")}


def file_history(root: Path, paths: tuple[str, ...] = ()) -> dict[str, list[Commit]]:
    """Commits touching each file (repository-relative POSIX path), newest first."""
    try:
        result = subprocess.run(
            [
                "git",
                "-C",
                str(root),
                "log",
                "--no-renames",
                "--relative",
                "--name-only",
                f"--format={_RECORD}%H{_FIELD}%an{_FIELD}%as{_FIELD}%s",
                "--",
                *paths,
            ],
            capture_output=True,
            text=True,
            encoding="utf-8",
            errors="replace",
            env=_git_env(),
            check=False,
        )
    except OSError:
        return {}
    if result.returncode != 0:
        return {}
    history: dict[str, list[Commit]] = {}
    for chunk in result.stdout.split(_RECORD):
        if not chunk.strip():
            continue
        header, _, names = chunk.partition("\n")
        sha, author, day, message = ([*header.split(_FIELD), "", "", "", ""])[:4]
        commit = Commit(sha, author, date.fromisoformat(day), message)
        for name in names.splitlines():
            if name.strip():
                history.setdefault(name.strip(), []).append(commit)
    return history

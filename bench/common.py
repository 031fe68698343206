"""Helpers the benchmarks share: finding tools, running a command as its own measured
process, listing a repository's records by kind, and making a git repository.

Import with ``bench/`` on ``sys.path`` (each benchmark puts it there), as
``from common import run, tool``.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

from casework.records import classify, discover

PROJECT = Path(__file__).resolve().parent.parent


def tool(name: str) -> str:
    """The path of a command installed beside this Python (or on PATH)."""
    beside = Path(sys.executable).parent / name
    found = str(beside) if beside.exists() else shutil.which(name)
    if not found:
        raise SystemExit(f"{name} is not installed (pip install -e '.[test]')")
    return found


#: runs one command and writes "seconds cpu-seconds peak-KiB exit-code"; a small process of
#: its own (``python -S``), since a child's peak memory starts at its parent's size
LAUNCH = """
import os, subprocess, sys, time
report, log, command = sys.argv[1], sys.argv[2], sys.argv[3:]
with open(log, "wb") as out:
    started = time.perf_counter()
    child = subprocess.Popen(command, stdout=out, stderr=subprocess.STDOUT)
    _, status, usage = os.wait4(child.pid, 0)
    seconds = time.perf_counter() - started
cpu = usage.ru_utime + usage.ru_stime
with open(report, "w") as handle:
    handle.write(f"{seconds} {cpu} {usage.ru_maxrss} {os.waitstatus_to_exitcode(status)}")
"""


@dataclass(frozen=True)
class Measured:
    """One run of one command: wall seconds, CPU seconds (user and system), peak MiB."""

    seconds: float
    cpu: float
    peak: float


def run(command: list[str], ok: tuple[int, ...] = (0,), cwd: Path | None = None) -> Measured:
    """Run ``command`` as its own process and measure it.

    Timed and measured (``os.wait4``) by a small launcher process, so the
    peak is the command's own maximum resident set; peaks below the
    launcher's own size (about 10 MiB) read as that size. An exit code not in
    ``ok`` stops the benchmark with the command's last output.
    """
    with tempfile.TemporaryDirectory() as scratch:
        report, log = Path(scratch) / "report", Path(scratch) / "log"
        subprocess.run(
            [sys.executable, "-S", "-c", LAUNCH, str(report), str(log), *command],
            check=True,
            cwd=cwd,
        )
        seconds, cpu, peak, code = report.read_text(encoding="utf-8").split()
        if int(code) not in ok:
            tail = log.read_bytes()[-2000:].decode("utf-8", "replace")
            raise SystemExit(f"{' '.join(command[:3])} exited {code}:\n{tail}")
    return Measured(float(seconds), float(cpu), int(peak) / 1024)


def by_kind(root: Path) -> dict[str, list[str]]:
    """The repository's record files (relative paths) by kind; ``?`` for misnamed ones."""
    kinds: dict[str, list[str]] = defaultdict(list)
    for path in discover(root):
        named = classify(path, root)
        kinds[getattr(named, "kind", "?")].append(path.relative_to(root).as_posix())
    return kinds


def git(root: Path, *args: str) -> None:
    """Run git in ``root`` as the benchmark's own user, whatever git hook called us."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("GIT_")}
    subprocess.run(
        ["git", "-C", str(root), "-c", "user.name=Bench", "-c",
         "user.email=bench@example.invalid", *args],
        check=True, capture_output=True, env=env,
    )  # fmt: skip


def commit_all(root: Path, message: str = "bench") -> None:
    """Make ``root`` a git repository with everything in it committed."""
    git(root, "init", "-q")
    git(root, "add", "-A")
    git(root, "commit", "-qm", message, "--no-verify")


def site_repo(n: int, root: Path) -> Path:
    """A committed synthetic repository of ``n`` cases with this project's site config and
    hand-written pages (reused if ``root`` already holds one)."""
    from generate import generate  # bench/ is on sys.path wherever common is imported

    if (root / ".git").is_dir():
        return root
    generate(n, root, seed=0)
    shutil.copy(PROJECT / "mkdocs.yml", root / "mkdocs.yml")
    shutil.copytree(PROJECT / "site", root / "site")
    commit_all(root, "Synthetic records")
    return root

"""The code base stays ruff clean (lint and formatting) and mypy --strict clean, as CI would
see it."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TARGETS = ["tools", "tests", "bench"]


def _ruff(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "ruff", *args, *TARGETS],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )


def test_ruff_check_is_clean() -> None:
    result = _ruff("check", "--no-cache")
    assert result.returncode == 0, result.stdout + result.stderr


def test_ruff_format_is_clean() -> None:
    result = _ruff("format", "--check", "--no-cache")
    assert result.returncode == 0, result.stdout + result.stderr


def test_mypy_strict_is_clean() -> None:
    """``mypy --strict`` over the casework package (settings in pyproject.toml)."""
    result = subprocess.run(
        [sys.executable, "-m", "mypy", "--no-incremental", "tools/casework"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
        env={**os.environ, "MYPYPATH": str(ROOT / "tools")},
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_no_file_holds_a_merge_conflict_marker() -> None:
    """A conflict left half-resolved (a docs page once was) is refused like a lint error."""
    listed = subprocess.run(
        ["git", "ls-files", "-z"], cwd=ROOT, capture_output=True, check=True
    ).stdout.decode("utf-8")
    marked = []
    for name in filter(None, listed.split("\0")):
        path = ROOT / name
        if not path.is_file() or path.suffix not in {
            ".py",
            ".md",
            ".yaml",
            ".yml",
            ".json",
            ".j2",
            ".css",
            ".js",
            ".html",
            ".toml",
            "",
        }:
            continue
        text = path.read_text(encoding="utf-8", errors="replace")
        for number, line in enumerate(text.splitlines(), start=1):
            if line.startswith(("<<<<<<< ", ">>>>>>> ")) or line == "=======":
                marked.append(f"{name}:{number}")
    assert not marked, marked


def test_no_symbolic_link_is_tracked() -> None:
    """A link committed by mistake (a worktree's link to installed npm packages once was)
    replaces the real folder in every checkout, and points outside it."""
    staged = subprocess.run(
        ["git", "ls-files", "-s", "-z"], cwd=ROOT, capture_output=True, check=True
    ).stdout.decode("utf-8")
    links = [
        entry.split("\t", 1)[1] for entry in filter(None, staged.split("\0"))
        if entry.startswith("120000 ")
    ]  # fmt: skip
    assert not links, links

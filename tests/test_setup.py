"""``casework setup``: the commit checks installed in one step, usable without the venv."""

from __future__ import annotations

import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from conftest import Run

BIN = Path(sys.executable).parent

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")


def test_setup_installs_both_hook_types_and_says_names_are_not_checked(
    cli: Callable[..., Run], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    repo = tmp_path / "council"
    assert cli("init", repo, "--preset", "kirklees").code == 0
    monkeypatch.delenv("CASEWORK_DENYLIST", raising=False)
    monkeypatch.setenv("PRE_COMMIT_HOME", str(tmp_path / "pre-commit-home"))
    run = cli("setup", "--repo", repo, "--no-install-environments")
    assert run.code == 0, run.text
    for hook_type in ("pre-commit", "commit-msg"):
        script = repo / ".git" / "hooks" / hook_type
        assert script.is_file()
        # the hook names the Python that installed it: no venv needs to be active
        assert sys.executable in script.read_text(encoding="utf-8")
        assert f"installed: {hook_type} checks" in run.out
    assert "names: NOT checked - no deny list is configured" in run.out


def test_setup_outside_a_git_repository_is_a_usage_error(
    cli: Callable[..., Run], make_repo: Callable[..., Path]
) -> None:
    root = make_repo()
    run = cli("setup", "--repo", root)
    assert run.code == 2
    assert "is not a git repository" in run.err


def test_setup_without_a_hooks_configuration_says_where_it_comes_from(
    cli: Callable[..., Run], make_repo: Callable[..., Path]
) -> None:
    root = make_repo()
    subprocess.run(["git", "init", "-q"], cwd=root, check=True)
    run = cli("setup", "--repo", root)
    assert run.code == 2
    assert "there is no .pre-commit-config.yaml" in run.err

"""The hooks used exactly as the README tells a council to use them.

For each preset: ``casework init`` makes the council's repository; its
``.pre-commit-config.yaml`` points at a copy of this repository by path and
commit (``language: python``, so pre-commit builds the hooks' environment
itself with pip, as it does for a council); ``casework setup``; then, with no
virtual environment on PATH (a coordinator's terminal or editor), the
first commit passes, ``pre-commit run --all-files`` passes, a record with a
duplicate key is refused with its ``file:line:col`` and a staged edit of a
committed decision is refused.

The copy of this repository is its tracked and untracked (not ignored) files
as they are now, committed in a temporary repository: in CI, on a clean
clone, that is exactly HEAD; on a developer's machine it includes the changes
not yet committed, so the test checks the code under test, not the last commit.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml

from casework.cli import main
from casework.policy import load_policy

REPO = Path(__file__).resolve().parent.parent
PRESETS = ["bcp", "bexley", "bolton", "kirklees", "leicestershire"]
BIN = Path(sys.executable).parent

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed"),
]


def _env(home: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("GIT_", "PRE_COMMIT"))}
    env.pop("CASEWORK_DENYLIST", None)
    # pre-commit is run from this environment; the hooks get their own, built by pre-commit
    env.update(
        PATH=f"{BIN}{os.pathsep}{env.get('PATH', '')}",
        PRE_COMMIT_HOME=str(home / "pre-commit-home"),
        HOME=str(home),
        GIT_AUTHOR_NAME="Panel coordinator",
        GIT_AUTHOR_EMAIL="coordinator@example.invalid",
        GIT_COMMITTER_NAME="Panel coordinator",
        GIT_COMMITTER_EMAIL="coordinator@example.invalid",
        GIT_CONFIG_NOSYSTEM="1",
    )
    return env


def _run(cwd: Path, env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        list(args), cwd=cwd, env=env, capture_output=True, text=True, check=False, timeout=900
    )


def _snapshot(dest: Path, env: dict[str, str]) -> str:
    """This repository's files as they are now, committed in ``dest``; the commit id."""
    listed = subprocess.run(
        ["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
        cwd=REPO,
        capture_output=True,
        check=True,
    ).stdout.decode()
    for rel in filter(None, listed.split("\0")):
        source = REPO / rel
        if source.is_file() and not source.is_symlink():
            target = dest / rel
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, target)
    for args in (
        ("git", "init", "-q", "-b", "main"),
        ("git", "add", "-A"),
        ("git", "commit", "-q", "--no-verify", "-m", "casework under test"),
    ):
        done = _run(dest, env, *args)
        assert done.returncode == 0, done.stderr
    return _run(dest, env, "git", "rev-parse", "HEAD").stdout.strip()


@pytest.fixture(scope="module")
def casework_source(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Path, str, Path]]:
    """A copy of this repository at a commit, and one pre-commit home shared by the presets
    (pre-commit builds the hooks' environment once per repository and commit)."""
    home = tmp_path_factory.mktemp("council-home")
    source = tmp_path_factory.mktemp("casework-source")
    rev = _snapshot(source, _env(home))
    yield source, rev, home


def _init(council: Path, preset: str, source: Path, rev: str) -> None:
    args = ["init", str(council), "--preset", preset]
    code = main([*args, "--casework-url", str(source), "--casework-rev", rev])
    assert code == 0


def _first(pack: dict[str, Any], key: str) -> str:
    return str(pack[key][0]["id"])


def _records(council: Path) -> dict[str, str]:
    """A valid case, referral and decision for any pack, built from the pack's own lists."""
    policy = load_policy(council / "policies", council)
    pack = policy.pack
    panel = pack.get("panel") or pack["panels"][0]
    roles = [role["id"] for role in pack["roles"]]
    chair = panel["chair_roles"][0]
    manager = next(r for r in ("team_manager", "service_manager", chair) if r in roles)
    hearing = "2026-03-05"
    case = {
        "case_id": "C-0042",
        "birth_month": "2019-04",
        "team": _first(pack, "teams"),
        "worker_role": "social_worker",
        "episodes": [{"start": "2025-11-03", "legal_basis": "s20", "entry": "emergency"}],
    }
    referral = {
        "case_id": "C-0042",
        "panel_date": hearing,
        "extraordinary": True,
        "submitted": "2026-02-20",
        "criterion": _first(pack, "criteria"),
        "summary": "An invented summary for testing the hooks.",
        "sought": [_first(pack, "recommendation_types")],
        "authorised_by": {"role": manager, "date": "2026-02-19"},
    }
    decision = {
        "case_id": "C-0042",
        "hearing_date": hearing,
        "referral": f"{hearing}-referral",
        "chair_role": chair,
        "items": [
            {
                "type": _first(pack, "recommendation_types"),
                "owner_role": "social_worker",
                "due": "2026-04-02",
            }
        ],
    }
    return {
        "cases/C-0042/case.yaml": yaml.safe_dump(case, sort_keys=False),
        f"cases/C-0042/{hearing}-referral.yaml": yaml.safe_dump(referral, sort_keys=False),
        f"cases/C-0042/{hearing}-decision.yaml": yaml.safe_dump(decision, sort_keys=False),
    }


@pytest.mark.parametrize("preset", PRESETS)
def test_a_council_repository_uses_the_published_hooks(
    preset: str, casework_source: tuple[Path, str, Path], tmp_path: Path
) -> None:
    source, rev, home = casework_source
    env = _env(home)
    council = tmp_path / f"council-{preset}"
    _init(council, preset, source, rev)
    config = yaml.safe_load((council / ".pre-commit-config.yaml").read_text(encoding="utf-8"))
    hooks_repo = config["repos"][0]
    assert (hooks_repo["repo"], hooks_repo["rev"]) == (str(source), rev)

    git = ("git", "-c", "init.defaultBranch=main")
    if not (council / ".git").exists():
        assert _run(council, env, *git, "init", "-q").returncode == 0
    installed = _run(council, env, str(BIN / "casework"), "setup")
    assert installed.returncode == 0, installed.stdout + installed.stderr
    assert "installed: commit-msg checks" in installed.stdout
    # from here on, commits come from a terminal without casework's virtual environment
    env = {**env, "PATH": "/usr/bin:/bin"}

    # 1. the very first commit: everything casework init wrote
    assert _run(council, env, "git", "add", "-A").returncode == 0
    first = _run(council, env, "git", "commit", "-m", "New case repository")
    output = first.stdout + first.stderr
    assert first.returncode == 0, output
    assert "casework validate" in output and "Passed" in output  # the hooks really ran
    assert "names not checked: no deny list is set up" in output  # said on every commit

    # 2. every file, as CI or a coordinator's check would run them
    everything = _run(council, env, sys.executable, "-m", "pre_commit", "run", "--all-files")
    # (pre-commit itself is run by its full path here; the hooks need nothing on PATH)
    assert everything.returncode == 0, everything.stdout + everything.stderr

    # 3. real records for the pack pass, and are committed
    for rel, text in _records(council).items():
        path = council / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    _run(council, env, "git", "add", "-A")
    records = _run(council, env, "git", "commit", "-m", "Referral and decision for C-0042")
    assert records.returncode == 0, records.stdout + records.stderr

    # 4. a record with a field given twice is refused at its line and column
    duplicate = council / "cases/C-0043/case.yaml"
    duplicate.parent.mkdir()
    text = _records(council)["cases/C-0042/case.yaml"].replace("C-0042", "C-0043")
    text += "team: another_team_id\n"
    duplicate.write_text(text, encoding="utf-8")
    line = len(text.splitlines())
    _run(council, env, "git", "add", "-A")
    refused = _run(council, env, "git", "commit", "-m", "A second child")
    output = refused.stdout + refused.stderr
    assert refused.returncode != 0
    assert f"cases/C-0043/case.yaml:{line}:1: error:" in output
    assert "appears twice" in output, output
    assert "another_team_id" not in output  # the value is never repeated
    _run(council, env, "git", "rm", "-rq", "--cached", "cases/C-0043")
    shutil.rmtree(duplicate.parent)

    # 5. a staged edit of a committed decision is refused by the audit hook
    decision = council / "cases/C-0042/2026-03-05-decision.yaml"
    decision.write_text(decision.read_text().replace("2026-04-02", "2026-04-09"))
    _run(council, env, "git", "add", "-A")
    edited = _run(council, env, "git", "commit", "-m", "Change the due date")
    output = edited.stdout + edited.stderr
    assert edited.returncode != 0
    assert (
        "cases/C-0042/2026-03-05-decision.yaml:1:1: error: this decision record was modified"
        in (output)
    )
    assert "casework new amendment" in output
    count = _run(council, env, "git", "rev-list", "--count", "HEAD").stdout.strip()
    assert count == "2"

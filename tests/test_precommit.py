"""pre-commit: the published hooks manifest, this repository's config, and a real commit.

The commit test makes a real temporary git repository, installs the hooks
with ``pre-commit install`` from a config using the same casework-validate
hook as this repository's ``.pre-commit-config.yaml`` (language: system, so
nothing is downloaded), and shows a commit refused and then accepted.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
import yaml
from pre_commit.clientlib import load_config, load_manifest

from conftest import REFERRAL

REPO = Path(__file__).resolve().parent.parent
MANIFEST = REPO / ".pre-commit-hooks.yaml"
CONFIG = REPO / ".pre-commit-config.yaml"
BIN = Path(sys.executable).parent

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")


def _manifest() -> dict[str, dict]:
    return {hook["id"]: hook for hook in load_manifest(str(MANIFEST))}


def _local_hooks() -> dict[str, dict]:
    config = load_config(str(CONFIG))
    local = next(repo for repo in config["repos"] if repo["repo"] == "local")
    return {hook["id"]: hook for hook in local["hooks"]}


# --- the manifest and the config -----------------------------------------------------------


def test_manifest_defines_the_three_hooks_with_their_command_lines() -> None:
    hooks = _manifest()
    assert hooks["casework-validate"]["entry"] == "casework validate --staged"
    assert hooks["casework-validate"]["require_serial"] is True
    assert hooks["casework-scan"]["entry"] == "casework scan"
    assert hooks["casework-scan"]["verbose"] is True  # the names note shows on every run
    audit = hooks["casework-audit"]
    assert audit["entry"] == "casework audit --staged"
    assert audit["pass_filenames"] is False
    assert audit["always_run"] is True
    message = hooks["casework-commit-msg"]
    assert message["entry"] == "casework scan --commit-msg"
    assert message["stages"] == ["commit-msg"]
    # installed from the repository URL by pre-commit itself
    assert {hook["language"] for hook in hooks.values()} == {"python"}


def test_local_config_runs_the_same_hooks_as_the_manifest_plus_ruff() -> None:
    published, local = _manifest(), _local_hooks()
    for hook_id, hook in published.items():
        assert local[hook_id]["entry"] == hook["entry"]
        assert local[hook_id]["files"] == hook["files"]
        assert local[hook_id]["pass_filenames"] == hook["pass_filenames"]
        assert local[hook_id]["always_run"] == hook["always_run"]
        assert local[hook_id]["require_serial"] == hook["require_serial"]
        assert local[hook_id]["stages"] == hook["stages"]
        # "system" (renamed "unsupported" by pre-commit 4.4, which still reads the old name)
        assert local[hook_id]["language"] in ("system", "unsupported")
    assert {"ruff-check", "ruff-format"} <= set(local)


MATCHING = [
    "cases/C-0042/case.yaml",
    "cases/C-0042/2026-03-05-referral.yaml",
    "cases/C-0042/2026-03-12-amendment-2.yaml",
    "cases/C-0042/notes.yml",
    "meetings/2026-03-05-meeting.yaml",
    "policies/pack.yaml",
    "policies/rules.yaml",
    "policies/procedures/referral-process.md",
]
NOT_MATCHING = [
    "README.md",
    "tools/casework/cli.py",
    "schemas/case.json",
    "tests/cases/C-0042/case.yaml",
    "oldcases/C-0042/case.yaml",
    "docs/meetings/2026-03-05-meeting.yaml",
]


@pytest.mark.parametrize("hook_id", ["casework-validate", "casework-scan"])
@pytest.mark.parametrize("path", MATCHING)
def test_manifest_files_pattern_matches_record_paths(hook_id: str, path: str) -> None:
    assert re.search(_manifest()[hook_id]["files"], path)


@pytest.mark.parametrize("hook_id", ["casework-validate", "casework-scan"])
@pytest.mark.parametrize("path", NOT_MATCHING)
def test_manifest_files_pattern_ignores_other_paths(hook_id: str, path: str) -> None:
    assert not re.search(_manifest()[hook_id]["files"], path)


def test_the_scan_hook_reads_the_published_site_pages_and_validate_does_not() -> None:
    """site/ pages are published, so they are scanned; they are not records."""
    assert re.search(_manifest()["casework-scan"]["files"], "site/index.md")
    assert not re.search(_manifest()["casework-validate"]["files"], "site/index.md")


# --- a real repository with the hook installed ---------------------------------------------


def _env(tmp_path: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("GIT_", "PRE_COMMIT"))}
    env.update(
        PATH=f"{BIN}{os.pathsep}{env.get('PATH', '')}",
        PRE_COMMIT_HOME=str(tmp_path / "pre-commit-home"),
        HOME=str(tmp_path / "home"),
        GIT_AUTHOR_NAME="Test coordinator",
        GIT_AUTHOR_EMAIL="coordinator@example.invalid",
        GIT_COMMITTER_NAME="Test coordinator",
        GIT_COMMITTER_EMAIL="coordinator@example.invalid",
        GIT_CONFIG_NOSYSTEM="1",
    )
    (tmp_path / "home").mkdir(exist_ok=True)
    return env


def _git(root: Path, env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        ["git", *args], cwd=root, env=env, capture_output=True, text=True, check=False
    )


@pytest.fixture
def hooked_repo(make_repo: Callable[..., Path], tmp_path: Path) -> tuple[Path, dict[str, str]]:
    """A git repository of the minimal valid records, the validate hook installed."""
    root = make_repo()
    env = _env(tmp_path)
    hook = _local_hooks()["casework-validate"]
    config = {"repos": [{"repo": "local", "hooks": [hook]}]}
    (root / ".pre-commit-config.yaml").write_text(yaml.safe_dump(config), encoding="utf-8")
    assert _git(root, env, "init", "-q", "-b", "main").returncode == 0
    installed = subprocess.run(
        [sys.executable, "-m", "pre_commit", "install"],
        cwd=root,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert installed.returncode == 0, installed.stderr
    assert (root / ".git" / "hooks" / "pre-commit").is_file()
    return root, env


def test_commit_of_valid_records_passes_the_hook(hooked_repo: tuple[Path, dict[str, str]]) -> None:
    root, env = hooked_repo
    _git(root, env, "add", ".")
    done = _git(root, env, "commit", "-q", "-m", "First records")
    assert done.returncode == 0, done.stdout + done.stderr
    assert "casework validate" in done.stdout + done.stderr  # the hook really ran
    assert _git(root, env, "rev-list", "--count", "HEAD").stdout.strip() == "1"


def test_commit_of_invalid_record_is_refused_with_its_line_and_no_value(
    hooked_repo: tuple[Path, dict[str, str]],
) -> None:
    root, env = hooked_repo
    _git(root, env, "add", ".")
    assert _git(root, env, "commit", "-q", "-m", "First records").returncode == 0

    planted = "zq_planted_criterion_4471"
    bad = REFERRAL.replace("2026-03-05", "2026-03-19").replace(
        "criterion: bx_newly_looked_after", f"criterion: {planted}"
    )
    path = root / "cases/C-0042/2026-03-19-referral.yaml"
    path.write_text(bad, encoding="utf-8")
    line = bad.splitlines().index(f"criterion: {planted}") + 1
    _git(root, env, "add", str(path))
    refused = _git(root, env, "commit", "-m", "Referral for the next panel")
    output = refused.stdout + refused.stderr
    assert refused.returncode != 0
    assert (
        f"cases/C-0042/2026-03-19-referral.yaml:{line}:1: error: 'criterion' is not one of the "
        "referral criteria in the policy pack" in output
    )
    assert planted not in output
    assert _git(root, env, "rev-list", "--count", "HEAD").stdout.strip() == "1"

    path.write_text(bad.replace(planted, "bx_iro_drift"), encoding="utf-8")
    _git(root, env, "add", str(path))
    accepted = _git(root, env, "commit", "-m", "Referral for the next panel")
    assert accepted.returncode == 0, accepted.stdout + accepted.stderr
    assert _git(root, env, "rev-list", "--count", "HEAD").stdout.strip() == "2"


def test_a_referral_whose_case_record_is_not_staged_is_refused_with_the_git_add(
    hooked_repo: tuple[Path, dict[str, str]], tmp_path: Path
) -> None:
    """The hook judges what will be committed: a case.yaml left on disk but never added
    would pass a check of the working tree and then be missing from every clone."""
    root, env = hooked_repo
    _git(root, env, "add", "policies", "meetings", ".pre-commit-config.yaml")
    _git(root, env, "add", "cases/C-0042/2026-03-05-referral.yaml")
    _git(root, env, "add", "cases/C-0042/2026-03-05-decision.yaml")
    refused = _git(root, env, "commit", "-m", "Referral without its case record")
    output = refused.stdout + refused.stderr
    assert refused.returncode != 0
    assert (
        "cases/C-0042/2026-03-05-referral.yaml:1:1: error: this case folder has no case.yaml"
        in (output)
    )
    assert "git add cases/C-0042/case.yaml" in output
    _git(root, env, "add", "cases/C-0042/case.yaml")
    accepted = _git(root, env, "commit", "-m", "Referral with its case record")
    assert accepted.returncode == 0, accepted.stdout + accepted.stderr
    clone = tmp_path / "clone"
    assert _git(tmp_path, env, "clone", "-q", str(root), str(clone)).returncode == 0
    checked = subprocess.run(
        [str(BIN / "casework"), "validate", "--repo", str(clone)],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert checked.returncode == 0, checked.stdout + checked.stderr

"""A commit adding an NHS number is refused by the pre-commit hook, without printing it.

Two ways of installing the hook, both offline: pre-commit with a local config
whose entry is ``casework scan`` (language: system), and a plain
``.git/hooks/pre-commit`` script. A commit message with an NHS number is
refused by the commit-msg hook (``casework scan --commit-msg``) the same way.
"""

from __future__ import annotations

import random
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from privacy_values import git, git_env, init_repo, nhs_number

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")

BIN = Path(sys.executable).parent
CONFIG = """\
repos:
  - repo: local
    hooks:
      - id: casework-scan
        name: casework scan (personal data)
        entry: casework scan
        language: system
        files: ^(cases|policies|meetings)/
      - id: casework-audit
        name: casework audit (staged changes)
        entry: casework audit --staged
        language: system
        pass_filenames: false
        always_run: true
"""


def _commit(root: Path, tmp_path: Path, message: str) -> subprocess.CompletedProcess[str]:
    env = git_env(
        {
            "PATH": f"{BIN}:/usr/bin:/bin",
            "PRE_COMMIT_HOME": str(tmp_path / "pre-commit-home"),
            "PRE_COMMIT_COLOR": "never",
        }
    )
    git(root, "add", "-A")
    return subprocess.run(
        ["git", "commit", "-m", message], cwd=root, env=env, capture_output=True, text=True
    )


def _count(root: Path) -> int:
    return int(git(root, "rev-list", "--count", "HEAD").stdout)


def _plant(root: Path) -> tuple[str, str]:
    value = nhs_number(random.Random(4242))
    spaced = f"{value[:3]} {value[3:6]} {value[6:]}"
    path = root / "cases/C-0042/2026-03-05-referral.yaml"
    path.write_text(path.read_text().replace("testing.", f"testing, NHS number {spaced}."))
    return value, spaced


def test_pre_commit_refuses_an_nhs_number_and_never_prints_it(
    make_repo: Callable, tmp_path: Path
) -> None:
    root = make_repo({".pre-commit-config.yaml": CONFIG})
    referral = "cases/C-0042/2026-03-05-referral.yaml"
    saved = (root / referral).read_text()
    (root / referral).unlink()
    init_repo(root)
    installed = subprocess.run(
        [str(BIN / "pre-commit"), "install"],
        cwd=root,
        env=git_env({"PRE_COMMIT_HOME": str(tmp_path / "pre-commit-home")}),
        capture_output=True,
        text=True,
    )
    assert installed.returncode == 0, installed.stderr
    (root / referral).write_text(saved)
    value, spaced = _plant(root)

    refused = _commit(root, tmp_path, "add the referral")
    output = refused.stdout + refused.stderr
    assert refused.returncode != 0, output
    assert "casework scan (personal data)" in output and "Failed" in output
    assert f"{referral}:" in output and "an NHS number" in output
    assert value not in output and spaced not in output
    assert _count(root) == 1

    (root / referral).write_text(saved)
    accepted = _commit(root, tmp_path, "add the referral")
    assert accepted.returncode == 0, accepted.stdout + accepted.stderr
    assert _count(root) == 2


def test_a_plain_hook_script_refuses_an_nhs_number_and_never_prints_it(
    make_repo: Callable, tmp_path: Path
) -> None:
    root = init_repo(make_repo())
    hook = root / ".git/hooks/pre-commit"
    hook.write_text(
        "#!/bin/sh\n"
        "git diff --cached --name-only --diff-filter=ACMR -z -- cases policies meetings "
        f"| xargs -0 -r '{BIN / 'casework'}' scan\n"
    )
    hook.chmod(0o755)
    value, spaced = _plant(root)
    refused = _commit(root, tmp_path, "edit")
    output = refused.stdout + refused.stderr
    assert refused.returncode != 0
    assert "cases/C-0042/2026-03-05-referral.yaml:" in output and "an NHS number" in output
    assert value not in output and spaced not in output
    assert _count(root) == 1


# --- commit messages: casework scan --commit-msg and the commit-msg hook ---------------------

MESSAGE_CONFIG = """\
default_install_hook_types: [pre-commit, commit-msg]
repos:
  - repo: local
    hooks:
      - id: casework-commit-msg
        name: casework scan (commit message)
        entry: casework scan --commit-msg
        language: system
        stages: [commit-msg]
"""


def test_scan_commit_msg_reads_the_message_as_git_keeps_it(tmp_path: Path, cli: Callable) -> None:
    value = nhs_number(random.Random(4343))
    spaced = f"{value[:3]} {value[3:6]} {value[6:]}"
    message = tmp_path / "COMMIT_EDITMSG"
    message.write_text(
        "Add the referral\n\n"
        f"Checked against NHS number {spaced} on the form.\n"
        f"# Please enter the commit message ({value} in a comment is dropped by git)\n"
        "# ------------------------ >8 ------------------------\n"
        f"+summary: {value} in the verbose diff below the scissors\n",
        encoding="utf-8",
    )
    refused = cli("scan", "--commit-msg", message)
    assert refused.code == 1
    assert refused.out.startswith(
        "commit message:3:28: error: the commit message holds an NHS number"
    )
    assert refused.out.count("error:") == 1  # the comment and the diff are not the message
    assert "git commit -e -F .git/COMMIT_EDITMSG" in refused.out
    assert value not in refused.out and spaced not in refused.out

    message.write_text("Add the referral for C-0042\n", encoding="utf-8")
    clean = cli("scan", "--commit-msg", message)
    assert clean.code == 0 and "no personal data found in the commit message" in clean.out
    missing = cli("scan", "--commit-msg", tmp_path / "nowhere")
    assert missing.code == 2 and "commit message file" in missing.err


def test_the_commit_msg_hook_refuses_a_message_with_an_nhs_number(
    make_repo: Callable, tmp_path: Path
) -> None:
    root = init_repo(make_repo({".pre-commit-config.yaml": MESSAGE_CONFIG}))
    installed = subprocess.run(
        [str(BIN / "pre-commit"), "install"],
        cwd=root,
        env=git_env({"PRE_COMMIT_HOME": str(tmp_path / "pre-commit-home")}),
        capture_output=True,
        text=True,
    )
    assert installed.returncode == 0, installed.stderr
    assert (root / ".git/hooks/commit-msg").is_file()
    value = nhs_number(random.Random(4444))
    case = root / "cases/C-0042/case.yaml"
    case.write_text(case.read_text() + "# reviewed\n")

    refused = _commit(root, tmp_path, f"Review the case (NHS {value})")
    output = refused.stdout + refused.stderr
    assert refused.returncode != 0, output
    assert "casework scan (commit message)" in output and "Failed" in output
    assert "the commit message holds an NHS number" in output
    assert value not in output
    assert _count(root) == 1

    accepted = _commit(root, tmp_path, "Review the case")
    assert accepted.returncode == 0, accepted.stdout + accepted.stderr
    assert _count(root) == 2

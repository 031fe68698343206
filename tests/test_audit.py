"""``casework audit``: committed referrals, decisions, amendments and meetings never change.

Every test uses a real temporary git repository.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from casework.privacy.audit import parse_raw
from conftest import AMENDMENT
from privacy_values import git, git_env, init_repo

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")

DECISION = "cases/C-0042/2026-03-05-decision.yaml"
REFERRAL = "cases/C-0042/2026-03-05-referral.yaml"
MEETING = "meetings/2026-03-05-meeting.yaml"


@pytest.fixture
def repo(make_repo: Callable) -> Path:
    """A committed repository on main, with a work branch checked out."""
    root = init_repo(make_repo())
    git(root, "checkout", "-q", "-b", "work")
    return root


def commit(root: Path, message: str = "change") -> None:
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", message)


def test_parse_raw_reads_renames_modes_and_odd_paths() -> None:
    blob = "0" * 40
    out = (
        f":100644 100644 {blob} {blob} M\x00a b.yaml\x00"
        f":100644 100644 {blob} {blob} R100\x00old.yaml\x00new.yaml\x00"
        f":100644 000000 {blob} {blob} D\x00gone.yaml\x00"
        f":100644 120000 {blob} {blob} T\x00linked.yaml\x00"
    ).encode()
    changes = parse_raw(out)
    assert [(c.status, c.path, c.new_path, c.new_mode) for c in changes] == [
        ("M", "a b.yaml", None, "100644"),
        ("R", "old.yaml", "new.yaml", "100644"),
        ("D", "gone.yaml", None, "000000"),
        ("T", "linked.yaml", None, "120000"),
    ]


def test_a_decision_replaced_by_a_symlink_fails_staged_and_committed(
    repo: Path, cli: Callable
) -> None:
    path = repo / DECISION
    elsewhere = repo / "cases/C-0042/notes-copy.txt"
    elsewhere.write_text(path.read_text())
    path.unlink()
    path.symlink_to("notes-copy.txt")
    git(repo, "add", "-A")
    staged = cli("audit", "--staged", "--repo", repo)
    assert staged.code == 1
    assert f"{DECISION}:1:1: error: this is a symbolic link where a record belongs" in staged.out
    commit(repo)
    committed = cli("audit", "--repo", repo)
    assert committed.code == 1
    assert f"{DECISION}:1:1: error: this is a symbolic link" in committed.out


def test_a_new_record_committed_as_a_symlink_fails_and_cannot_change_behind_its_name(
    repo: Path, cli: Callable
) -> None:
    target = repo / "cases/C-0042/2026-04-02-decision.yaml"
    (repo / "shadow.yaml").write_text((repo / DECISION).read_text())
    target.symlink_to("../../shadow.yaml")
    commit(repo)
    assert cli("audit", "--repo", repo).code == 1
    # the link's target changes later: validate refuses the link itself, whatever it points at
    (repo / "shadow.yaml").write_text("case_id: C-0042\n")
    result = cli("validate", "--repo", repo)
    assert result.code == 1
    assert "cases/C-0042/2026-04-02-decision.yaml:1:1: error: this is a symbolic link" in (
        result.out
    )


def test_a_mode_change_of_a_committed_decision_is_a_change(repo: Path, cli: Callable) -> None:
    (repo / DECISION).chmod(0o755)
    git(repo, "add", "-A")
    result = cli("audit", "--staged", "--repo", repo)
    assert result.code == 1
    assert f"{DECISION}:1:1: error: this decision record was modified" in result.out


def test_modifying_a_committed_decision_fails(repo: Path, cli: Callable) -> None:
    path = repo / DECISION
    path.write_text(path.read_text().replace("2026-04-02", "2026-04-09"))
    commit(repo)
    result = cli("audit", "--repo", repo)
    assert result.code == 1
    assert "comparing HEAD with the merge base of HEAD and main (this branch has no upstream)" in (
        result.out
    )
    assert f"{DECISION}:1:1: error: this decision record was modified" in result.out
    assert "amendment record" in result.out
    assert "2026-04-09" not in result.out  # the new value is never repeated


def test_deleting_a_committed_decision_or_meeting_fails(repo: Path, cli: Callable) -> None:
    (repo / DECISION).unlink()
    (repo / MEETING).unlink()
    commit(repo)
    result = cli("audit", "--repo", repo, "--format", "json")
    assert result.code == 1
    problems = json.loads(result.out)["problems"]
    assert [(p["file"], p["code"]) for p in problems] == [
        (DECISION, "append-only"),
        (MEETING, "append-only"),
    ]
    assert all("was deleted" in p["message"] for p in problems)
    assert "git checkout " in problems[0]["message"]


def test_adding_an_amendment_and_changing_the_case_record_pass(repo: Path, cli: Callable) -> None:
    (repo / "cases/C-0042/2026-03-12-amendment.yaml").write_text(AMENDMENT)
    case = repo / "cases/C-0042/case.yaml"
    case.write_text(case.read_text().replace("weekly_cost: 450", "weekly_cost: 475"))
    (repo / "policies/procedures/extra.md").write_text("# Extra\n")
    commit(repo)
    result = cli("audit", "--repo", repo)
    assert result.code == 0, result.out
    assert "no committed record changed (3 changed file(s) checked)" in result.out
    # and an amendment, once committed, is itself append-only
    git(repo, "checkout", "-q", "main")
    git(repo, "merge", "-q", "--ff-only", "work")
    git(repo, "checkout", "-q", "-b", "later")
    (repo / "cases/C-0042/2026-03-12-amendment.yaml").write_text(
        AMENDMENT.replace("06-04", "06-11")
    )
    commit(repo)
    assert "amendment record was modified" in cli("audit", "--repo", repo).out


def test_a_rename_counts_as_a_modification(repo: Path, cli: Callable) -> None:
    git(repo, "mv", REFERRAL, "cases/C-0042/2026-03-06-referral.yaml")
    commit(repo, "rename")
    result = cli("audit", "--repo", repo)
    assert result.code == 1
    assert "this referral record was renamed to cases/C-0042/2026-03-06-referral.yaml" in result.out
    assert "a rename counts as a change" in result.out


def test_records_added_on_the_base_branch_since_do_not_look_deleted(
    repo: Path, cli: Callable
) -> None:
    git(repo, "checkout", "-q", "main")
    (repo / "cases/C-0042/2026-03-12-amendment.yaml").write_text(AMENDMENT)
    commit(repo, "amendment on main")
    git(repo, "checkout", "-q", "work")
    (repo / "cases/C-0042/notes.md").write_text("work in progress\n")
    commit(repo)
    result = cli("audit", "--repo", repo, "--base", "main")
    assert result.code == 0, result.out


def test_the_upstream_branch_is_the_default_base(repo: Path, cli: Callable, tmp_path: Path) -> None:
    remote = tmp_path / "remote.git"
    git(tmp_path, "init", "-q", "--bare", str(remote))
    git(repo, "remote", "add", "origin", str(remote))
    git(repo, "push", "-q", "-u", "origin", "work")
    path = repo / MEETING
    path.write_text(path.read_text().replace("[C-0042]", "[C-0042, C-0043]"))
    commit(repo)
    result = cli("audit", "--repo", repo)
    assert result.code == 1
    assert "its upstream branch origin/work" in result.out
    assert f"{MEETING}:1:1: error: this meeting record was modified" in result.out


def test_without_a_base_or_with_an_unknown_one_it_is_a_usage_error(
    make_repo: Callable, cli: Callable
) -> None:
    root = init_repo(make_repo(), branch="trunk")
    result = cli("audit", "--repo", root)
    assert result.code == 2 and "pass --base REF" in result.err
    unknown = cli("audit", "--repo", root, "--base", "origin/nowhere")
    assert unknown.code == 2 and "fetch the full history" in unknown.err
    both = cli("audit", "--repo", root, "--base", "trunk", "--staged")
    assert both.code == 2
    shutil.rmtree(root / ".git")
    for args in ([], ["--staged"]):
        no_git = cli("audit", "--repo", root, *args)
        assert no_git.code == 2 and "is not in a git repository" in no_git.err


def test_staged_changes_are_checked(repo: Path, cli: Callable) -> None:
    path = repo / REFERRAL
    path.write_text(path.read_text().replace("invented summary", "changed summary"))
    assert cli("audit", "--repo", repo, "--staged").code == 0  # not staged yet
    git(repo, "add", REFERRAL)
    result = cli("audit", "--repo", repo, "--staged")
    assert result.code == 1
    assert "comparing the staged changes" in result.out
    assert "git checkout HEAD -- " + REFERRAL in result.out
    git(repo, "reset", "-q", "HEAD", REFERRAL)
    (repo / "cases/C-0042/2026-03-12-amendment.yaml").write_text(AMENDMENT)
    git(repo, "add", "cases/C-0042/2026-03-12-amendment.yaml")
    assert cli("audit", "--repo", repo, "--staged").code == 0


def test_the_staged_audit_works_before_the_first_commit(make_repo: Callable, cli: Callable) -> None:
    root = make_repo()
    git(root, "init", "-q", "-b", "main")
    git(root, "add", "-A")
    assert cli("audit", "--repo", root, "--staged").code == 0


def _hook(root: Path) -> None:
    hook = root / ".git/hooks/pre-commit"
    hook.write_text(
        f"#!/bin/sh\nexec '{Path(sys.executable).parent / 'casework'}' audit --staged\n"
    )
    hook.chmod(0o755)


def test_the_hook_sees_the_temporary_index_of_commit_all(repo: Path) -> None:
    """``git commit -a`` stages into a temporary index named by GIT_INDEX_FILE."""
    _hook(repo)
    path = repo / DECISION
    path.write_text(path.read_text().replace("2026-04-02", "2026-04-09"))
    done = subprocess.run(
        ["git", "commit", "-a", "-m", "edit a decision"],
        cwd=repo,
        env=git_env(),
        capture_output=True,
        text=True,
    )
    assert done.returncode != 0
    assert "this decision record was modified" in done.stdout + done.stderr
    assert git(repo, "rev-list", "--count", "HEAD").stdout.strip() == "1"
    # an amendment commits
    git(repo, "checkout", "-q", "--", DECISION)
    (repo / "cases/C-0042/2026-03-12-amendment.yaml").write_text(AMENDMENT)
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "amend the decision")
    assert git(repo, "rev-list", "--count", "HEAD").stdout.strip() == "2"


# --- pseudonym key rotation ---------------------------------------------------------------


def _rotate(root: Path, old: str, new: str) -> None:
    (root / "cases" / old).rename(root / "cases" / new)
    for path in [*(root / "cases" / new).glob("*.yaml"), root / MEETING]:
        path.write_text(path.read_text().replace(old, new))


def test_a_key_rotation_passes_only_when_allowed_and_only_the_case_id_changed(
    repo: Path, cli: Callable, monkeypatch: pytest.MonkeyPatch
) -> None:
    _rotate(repo, "C-0042", "C-73910254")
    commit(repo, "rotate pseudonyms")
    refused = cli("audit", "--repo", repo)
    assert refused.code == 1 and "--allow-rotation" in refused.out
    allowed = cli("audit", "--repo", repo, "--allow-rotation")
    assert allowed.code == 0, allowed.out
    assert "3 record(s) accepted as a pseudonym key rotation" in allowed.out
    monkeypatch.setenv("CASEWORK_ALLOW_ROTATION", "1")
    assert cli("audit", "--repo", repo).code == 0
    # a rotation that also edits a decision is refused
    path = repo / "cases/C-73910254/2026-03-05-decision.yaml"
    path.write_text(path.read_text().replace("2026-04-02", "2026-04-09"))
    commit(repo, "sneak in an edit")
    sneaky = cli("audit", "--repo", repo, "--allow-rotation")
    assert sneaky.code == 1
    assert "2026-03-05-decision.yaml:1:1: error:" in sneaky.out
    assert "changes more than the case id" in sneaky.out


def test_a_case_repository_in_a_subfolder_of_a_git_repository(
    make_repo: Callable, cli: Callable, tmp_path: Path
) -> None:
    outer = tmp_path / "outer"
    root = make_repo(name="outer/panel")
    (outer / "README.txt").write_text("the council's repository\n")
    init_repo(outer)
    git(outer, "checkout", "-q", "-b", "work")
    path = root / DECISION
    path.write_text(path.read_text().replace("2026-04-02", "2026-04-09"))
    _rotate(root, "C-0042", "C-55501234")
    commit(outer)
    result = cli("audit", "--repo", root, "--base", "main")
    assert result.code == 1
    assert "cases/C-0042/2026-03-05-decision.yaml:1:1: error:" in result.out
    allowed = cli("audit", "--repo", root, "--base", "main", "--allow-rotation")
    assert allowed.code == 1  # the referral and meeting moved cleanly; the decision did not
    assert "2 record(s) accepted as a pseudonym key rotation" in allowed.out

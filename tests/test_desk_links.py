"""The desk never follows a symbolic link when it opens or saves a record.

A record path that is a link, or that leads through a linked case folder, could
make the desk show a file from elsewhere on the machine or write over it. The
desk refuses it with a plain message, through its HTTP interface, and leaves the
file the link points at as it was.
"""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from conftest import CASE, REFERRAL
from desk_support import NEW_REFERRAL, commit_all, request, running_desk

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")

SECRET_SUMMARY = "An invented summary kept outside the repository."


@pytest.fixture
def repo(make_repo: Callable[..., Path]) -> Path:
    root = make_repo()
    commit_all(root)
    return root


def _outside(tmp_path: Path) -> Path:
    folder = tmp_path / "elsewhere"
    folder.mkdir()
    target = folder / "2026-04-02-referral.yaml"
    target.write_text(
        REFERRAL.replace("An invented summary for testing.", SECRET_SUMMARY), encoding="utf-8"
    )
    return target


def _assert_refused(status: int, answer: object) -> str:
    assert status in (400, 403, 404, 409), (status, answer)
    assert isinstance(answer, dict)
    message = str(answer["error"])
    assert "link" in message and "Traceback" not in message
    assert SECRET_SUMMARY not in str(answer)
    return message


def test_a_linked_record_is_neither_opened_nor_saved(repo: Path, tmp_path: Path) -> None:
    target = _outside(tmp_path)
    before = target.read_text(encoding="utf-8")
    link = repo / "cases/C-0042/2026-04-02-referral.yaml"
    link.symlink_to(target)
    rel = "cases/C-0042/2026-04-02-referral.yaml"
    with running_desk(repo) as (address, desk):
        status, answer = request(address, "GET", f"/api/record?path={rel}")
        _assert_refused(status, answer)
        body = {"kind": "referral", "data": dict(NEW_REFERRAL), "path": rel}
        status, answer = request(address, "POST", "/api/save", body, token=desk.token)
        _assert_refused(status, answer)
    assert target.read_text(encoding="utf-8") == before
    assert link.is_symlink()


def test_a_link_to_a_record_inside_the_repository_is_refused_too(repo: Path) -> None:
    link = repo / "cases/C-0042/2026-04-02-referral.yaml"
    link.symlink_to(repo / "cases/C-0042/2026-03-05-referral.yaml")
    rel = "cases/C-0042/2026-04-02-referral.yaml"
    with running_desk(repo) as (address, _desk):
        status, answer = request(address, "GET", f"/api/record?path={rel}")
    _assert_refused(status, answer)


def test_a_linked_case_folder_is_neither_opened_nor_written_into(
    repo: Path, tmp_path: Path
) -> None:
    target = _outside(tmp_path)
    # the linked folder holds a case record, so a new referral for that child is
    # composed, and would be written through the link
    (target.parent / "case.yaml").write_text(CASE.replace("C-0042", "C-0077"), "utf-8")
    before = sorted(p.name for p in target.parent.iterdir())
    (repo / "cases/C-0077").symlink_to(target.parent, target_is_directory=True)
    rel = "cases/C-0077/2026-04-02-referral.yaml"
    new = dict(NEW_REFERRAL, case_id="C-0077")
    with running_desk(repo) as (address, desk):
        status, answer = request(address, "GET", f"/api/record?path={rel}")
        _assert_refused(status, answer)
        status, answer = request(
            address, "POST", "/api/save", {"kind": "referral", "data": new}, token=desk.token
        )
        if status == 200:  # refused as a message beside the form, nothing written
            assert answer["written"] is False, answer
            assert any("link" in m["message"] for m in answer["messages"]), answer
        else:
            _assert_refused(status, answer)
    assert sorted(p.name for p in target.parent.iterdir()) == before


def test_a_linked_record_is_not_offered_for_amendment(repo: Path, tmp_path: Path) -> None:
    """The "new amendment" list names only the case's own files: a link to a record
    elsewhere (or to another record of the repository) is not offered."""
    (repo / "cases/C-0042/2026-04-02-referral.yaml").symlink_to(_outside(tmp_path))
    (repo / "cases/C-0042/2026-04-09-referral.yaml").symlink_to(
        repo / "cases/C-0042/2026-03-05-referral.yaml"
    )
    commit_all(repo)
    with running_desk(repo) as (address, _desk):
        status, offered = request(address, "GET", "/api/amendable?case_id=C-0042")
    assert status == 200, offered
    named = [r["name"] for r in offered["records"] + offered["uncommitted"]]
    assert "2026-03-05-referral" in named
    assert "2026-04-02-referral" not in named and "2026-04-09-referral" not in named
    assert SECRET_SUMMARY not in str(offered)


def test_a_linked_case_folder_offers_nothing_to_amend(repo: Path, tmp_path: Path) -> None:
    target = _outside(tmp_path)
    (target.parent / "case.yaml").write_text(CASE.replace("C-0042", "C-0077"), "utf-8")
    (repo / "cases/C-0077").symlink_to(target.parent, target_is_directory=True)
    with running_desk(repo) as (address, _desk):
        status, answer = request(address, "GET", "/api/amendable?case_id=C-0077")
    assert status == 404, answer
    assert "no such case" in str(answer["error"])
    assert SECRET_SUMMARY not in str(answer)

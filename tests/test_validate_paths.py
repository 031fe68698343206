"""One rule for which files are records, whether named or found by walking.

``casework validate PATH`` (what the pre-commit hook runs, with the staged
file names) and ``casework validate`` (what CI runs on the whole repository)
must say the same about every file: a test walks every file of a fresh
``casework init`` repository for each preset, and of the demo, and compares.
Placeholders (``.gitkeep``, ``README.md`` in a record folder) are not
records either way; anything else that is not a correctly named, ordinary
record file is reported the same way both ways.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest

from conftest import Run

REPO = Path(__file__).resolve().parent.parent
PRESETS = ["bcp", "bexley", "bolton", "kirklees", "leicestershire"]


def _every_file(root: Path) -> list[str]:
    """Every file in the tree (links and pipes included, never followed), outside .git."""
    found = []
    for parent, dirs, names in os.walk(root):
        dirs[:] = [d for d in dirs if d != ".git" and not (Path(parent) / d).is_symlink()]
        linked_dirs = [d for d in os.listdir(parent) if (Path(parent) / d).is_symlink()]
        for name in {*names, *linked_dirs}:
            found.append((Path(parent) / name).relative_to(root).as_posix())
    return sorted(found)


def _problems(run: Run) -> list[tuple[str, int, int, str]]:
    data = json.loads(run.out)
    return sorted((p["file"], p["line"], p["column"], p["message"]) for p in data["problems"])


def _compare(cli: Callable[..., Run], root: Path, one_by_one: bool = True) -> int:
    """Compare the whole-repository run with the files named: all of them in one run (as
    the hook passes them), and each on its own (or, for a large tree, one of each kind)."""
    whole = cli("validate", "--repo", root, "--format", "json")
    everywhere = _problems(whole)
    files = _every_file(root)
    together = cli("validate", "--repo", root, "--format", "json", *(root / f for f in files))
    assert _problems(together) == everywhere
    assert together.code == whole.code
    if not one_by_one:
        kinds: dict[str, str] = {}
        for rel in files:
            kinds.setdefault(Path(rel).parent.parent.as_posix() + Path(rel).suffix, rel)
            kinds.setdefault(rel.rsplit("-", 1)[-1], rel)
        files = sorted(set(kinds.values()))
    for rel in files:
        single = cli("validate", "--repo", root, "--format", "json", root / rel)
        assert single.code in (0, 1), (rel, single.text)
        expected = [p for p in everywhere if p[0] == rel]
        assert _problems(single) == expected, rel
        assert single.code == (1 if expected else 0), rel
    return len(_every_file(root))


@pytest.mark.parametrize("preset", PRESETS)
def test_a_fresh_repository_agrees_file_by_file(
    cli: Callable[..., Run], tmp_path: Path, preset: str
) -> None:
    root = tmp_path / preset
    assert cli("init", root, "--preset", preset).code == 0
    assert (root / "cases/.gitkeep").is_file() and (root / "meetings/.gitkeep").is_file()
    assert cli("validate", "--repo", root).code == 0
    assert cli("validate", "--repo", root, root / "cases/.gitkeep").code == 0
    assert _compare(cli, root) >= 15


def test_the_demo_agrees_file_by_file(cli: Callable[..., Run], tmp_path: Path) -> None:
    root = tmp_path / "demo"
    for folder in ("cases", "meetings", "policies", "site"):
        shutil.copytree(REPO / folder, root / folder)
    for name in ("mkdocs.yml", "README.md", ".casework-allow.yaml"):
        shutil.copy2(REPO / name, root / name)
    assert _compare(cli, root, one_by_one=False) > 60


def test_things_that_are_not_records_are_reported_the_same_both_ways(
    cli: Callable[..., Run], make_repo: Callable[..., Path]
) -> None:
    root = make_repo(
        {
            "cases/.gitkeep": "",
            "cases/README.md": "What this folder holds.\n",
            "meetings/.keep": "",
            "cases/C-0042/notes.txt": "not a record\n",
            "cases/C-0042/2026-04-02-referral.yml": "case_id: C-0042\n",
            "meetings/agenda.yaml": "date: x\n",
        }
    )
    (root / "cases/C-0042/2026-05-07-decision.yaml").symlink_to("2026-03-05-decision.yaml")
    (root / "cases/C-0099").symlink_to(root / "cases/C-0042", target_is_directory=True)
    os.mkfifo(root / "meetings/2026-06-04-meeting.yaml")
    whole = cli("validate", "--repo", root, "--format", "json")
    reported = {p[0]: p[3] for p in _problems(whole)}
    assert set(reported) == {
        "cases/C-0042/notes.txt",
        "cases/C-0042/2026-04-02-referral.yml",
        "meetings/agenda.yaml",
        "cases/C-0042/2026-05-07-decision.yaml",
        "cases/C-0099",
        "meetings/2026-06-04-meeting.yaml",
    }
    assert "naming convention" in reported["cases/C-0042/notes.txt"]
    assert "end in '.yaml'" in reported["cases/C-0042/2026-04-02-referral.yml"]
    assert "symbolic link" in reported["cases/C-0042/2026-05-07-decision.yaml"]
    assert "symbolic link" in reported["cases/C-0099"]
    assert "named pipe" in reported["meetings/2026-06-04-meeting.yaml"]
    assert _compare(cli, root) >= 12


def test_files_outside_the_record_folders_are_noted_not_refused(
    cli: Callable[..., Run], make_repo: Callable[..., Path]
) -> None:
    root = make_repo({"notes/todo.yaml": "a: 1\n"})
    run = cli("validate", "--repo", root, root / "notes/todo.yaml")
    assert run.code == 0
    assert "notes/todo.yaml: note: not a record, so not checked" in run.out
    assert "no records among the files given: nothing to check" in run.out


def test_a_path_outside_the_repository_is_refused_and_never_read(
    cli: Callable[..., Run], make_repo: Callable[..., Path], tmp_path: Path
) -> None:
    root = make_repo()
    sentinel = tmp_path / "outside-sentinel.yaml"
    sentinel.write_text("zq_outside_sentinel: 1\n", encoding="utf-8")
    run = cli("validate", "--repo", root, sentinel)
    assert run.code == 1
    assert "this path is outside the case repository" in run.out
    assert "zq_outside_sentinel" not in run.text


def test_staged_and_working_tree_agree_file_by_file_when_everything_is_staged(
    cli: Callable[..., Run], tmp_path: Path
) -> None:
    """``validate --staged FILE`` writes only what bears on FILE (its case folder, the pack
    and its siblings' case records): it must say what ``validate FILE`` says."""
    root = tmp_path / "demo"
    for folder in ("cases", "meetings", "policies"):
        shutil.copytree(REPO / folder, root / folder)
    # plant a problem so agreement is not only "both clean"
    case = root / "cases/C-0101/case.yaml"
    case.write_text(case.read_text(encoding="utf-8") + "colour: blue\n", encoding="utf-8")
    subprocess.run(["git", "init", "-q"], cwd=root, check=True)
    subprocess.run(["git", "add", "-A"], cwd=root, check=True)
    files = [f for f in _every_file(root) if f.startswith(("cases/", "meetings/"))][::7]
    assert "cases/C-0101/case.yaml" in files or files.append("cases/C-0101/case.yaml") is None
    for rel in files:
        staged = cli("validate", "--repo", root, "--format", "json", "--staged", root / rel)
        plain = cli("validate", "--repo", root, "--format", "json", root / rel)
        assert _problems(staged) == _problems(plain), rel
    planted = cli("validate", "--repo", root, "--staged", root / "cases/C-0101/case.yaml")
    assert "the field 'colour' is not part of a case record" in planted.out

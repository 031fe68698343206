"""``casework scan --history``: every commit reachable from HEAD, in one ``git log -p`` pass."""

from __future__ import annotations

import importlib.util
import json
import random
import shutil
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from casework.privacy.history import added_lines
from privacy_values import git, init_repo, nhs_number

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")

BENCH = Path(__file__).resolve().parent.parent / "bench" / "history.py"


def _bench():
    spec = importlib.util.spec_from_file_location("bench_history", BENCH)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # its dataclasses look their module up
    spec.loader.exec_module(module)
    return module


def test_added_lines_follow_hunks_paths_and_commits() -> None:
    log = [
        "\x1eaaaa 2026-01-02",
        "",
        'diff --git "a/cases/caf\\303\\251.md" "b/cases/caf\\303\\251.md"',
        "--- /dev/null",
        '+++ "b/cases/caf\\303\\251.md"',
        "@@ -0,0 +1,2 @@",
        "+first",
        "++++ a line that starts with three pluses",
        "\x1ebbbb 2026-01-01",
        "diff --git a/x.md b/x.md",
        "--- a/x.md",
        "+++ b/x.md",
        "@@ -3 +3 @@",
        "-old",
        "+new",
        "\\ No newline at end of file",
        "diff --git a/gone.md b/gone.md",
        "--- a/gone.md",
        "+++ /dev/null",
        "@@ -1 +0,0 @@",
        "-removed",
    ]
    got = [(a.commit, a.path, a.number, a.text) for a in added_lines(log)]
    assert got == [
        ("aaaa", "cases/café.md", 1, "first"),
        ("aaaa", "cases/café.md", 2, "+++ a line that starts with three pluses"),
        ("bbbb", "x.md", 3, "new"),
    ]


def test_a_thousand_commit_history_reports_the_planted_commits_only(
    tmp_path: Path, cli: Callable
) -> None:
    root = tmp_path / "history"
    planted = _bench().make_history(root, commits=1000, planted=6, seed=11)
    (root / "policies").mkdir()
    order = git(root, "rev-list", "--reverse", "HEAD").stdout.split()
    assert len(order) == 1000

    started = time.perf_counter()
    result = cli("scan", "--history", "--repo", root, "--format", "json")
    took = time.perf_counter() - started
    assert result.code == 1
    findings = json.loads(result.out)["findings"]
    reported = {(order.index(f["commit"]) + 1, f["file"], f["kind"]) for f in findings}
    assert reported == {(p.index, p.path, p.kind) for p in planted}
    assert took < 20, f"the history scan took {took:.1f} s"

    text = cli("scan", "--history", "--repo", root)
    assert "6 commits added personal data" in text.out
    assert "git filter-repo" in text.out and "rotate the" in text.out
    assert "data protection officer" in text.out


def test_history_never_prints_the_value_and_honours_the_allow_list(
    make_repo: Callable, cli: Callable
) -> None:
    root = init_repo(make_repo())
    value = nhs_number(random.Random(99))
    notes = root / "policies/procedures/contact.md"
    notes.write_text(f"# Contact\n\nreference {value}\n")
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "add a page")
    notes.write_text("# Contact\n")
    git(root, "commit", "-qam", "remove it again")

    assert cli("scan", "--repo", root).code == 0  # the files are clean now
    result = cli("scan", "--history", "--repo", root)
    assert result.code == 1
    sha = git(root, "rev-parse", "HEAD~1").stdout.strip()
    assert f"commit {sha[:12]} " in result.out
    assert "policies/procedures/contact.md:3: error: NHS number" in result.out
    assert value not in result.out

    # a reviewed false positive is not reported in history either
    assert cli("scan", "--repo", root, "--init-allow-list").code == 0
    (root / "policies/procedures/contact.md").write_text(f"# Contact\n\nreference {value}\n")
    fingerprint = cli("scan", "--repo", root).out.split("fingerprint: ")[1].split("'")[0]
    allow = root / ".casework-allow.yaml"
    allow.write_text(
        allow.read_text().replace(
            "allow: []",
            f"allow:\n  - fingerprint: {fingerprint}\n    reason: a made-up reference number\n",
        )
    )
    (root / "policies/procedures/contact.md").write_text("# Contact\n")
    assert cli("scan", "--history", "--repo", root).code == 0


def test_history_with_no_commits_or_no_git(tmp_path: Path, cli: Callable) -> None:
    root = tmp_path / "empty"
    (root / "policies").mkdir(parents=True)
    assert cli("scan", "--history", "--repo", root).code == 2  # not a git repository
    git(root, "init", "-q")
    result = cli("scan", "--history", "--repo", root)
    assert result.code == 0 and "no commits yet" in result.out
    assert cli("scan", "--history", "--repo", root, root / "policies").code == 2


def test_file_history_reads_every_file_s_commits_in_one_pass(make_repo: Callable) -> None:
    """The shared reader the site uses: commits per file, newest first, renames followed."""
    from casework.gitlog import file_history

    root = init_repo(make_repo())
    case = root / "cases/C-0042/case.yaml"
    case.write_text(case.read_text() + "# reviewed\n")
    git(root, "commit", "-qam", "update the case")
    git(root, "mv", "policies/pack.yaml", "policies/pack2.yaml")
    git(root, "commit", "-qm", "rename the pack")
    history = file_history(root)
    commits = subprocess.run(
        ["git", "log", "--format=%H"], cwd=root, capture_output=True, text=True, check=True
    ).stdout.split()  # newest first: rename, update, initial
    assert [c.sha for c in history["cases/C-0042/case.yaml"]] == [commits[1], commits[2]]
    assert [c.status for c in history["cases/C-0042/case.yaml"]] == ["M", "A"]
    assert [(c.sha, c.status) for c in history["policies/pack2.yaml"]] == [
        (commits[0], "R"),
        (commits[2], "A"),
    ]
    assert "policies/pack.yaml" not in history
    newest = history["cases/C-0042/case.yaml"][0]
    # only the id, the date and what changed: never the message or the author
    assert not hasattr(newest, "subject") and not hasattr(newest, "author")
    assert newest.date[:2] == "20"
    assert len(newest.sha) == 40


def test_history_reports_commit_messages_and_file_names_never_their_values(
    make_repo: Callable, cli: Callable
) -> None:
    rng = random.Random(515)
    in_message, in_name = nhs_number(rng), nhs_number(rng)
    root = init_repo(make_repo())
    case = root / "cases/C-0042/case.yaml"
    case.write_text(case.read_text() + "# reviewed\n")
    git(
        root,
        "commit",
        "-qam",
        f"Review\n\nChecked NHS {in_message[:3]} {in_message[3:6]} {in_message[6:]} with the GP.",
    )
    message_sha = git(root, "rev-parse", "HEAD").stdout.strip()
    # a message outside the scanned folders' commits is still read
    (root / "README.txt").write_text("about\n")
    git(root, "add", "-A")
    git(root, "commit", "-qm", "Readme")
    named = root / f"cases/C-0042/nhs-{in_name}.md"
    named.write_text("# notes\n")
    git(root, "add", "-A")
    git(root, "commit", "-qm", "Add notes")
    name_sha = git(root, "rev-parse", "HEAD").stdout.strip()
    git(root, "rm", "-q", str(named.relative_to(root)))
    git(root, "commit", "-qm", "Remove the notes")

    assert cli("scan", "--repo", root).code == 0  # the files are clean now
    result = cli("scan", "--history", "--repo", root)
    assert result.code == 1
    assert f"commit {message_sha[:12]} " in result.out
    assert "commit message:3: error: NHS number" in result.out
    assert f"commit {name_sha[:12]} " in result.out
    assert (
        "cases/C-0042/(file name withheld):1: error: in a file or folder name: NHS number"
        in result.out
    )
    assert "2 commits added personal data" in result.out
    assert "--replace-message" in result.out
    assert in_message not in result.out and in_message[6:] not in result.out
    assert in_name not in result.out
    data = json.loads(cli("scan", "--history", "--repo", root, "--format", "json").out)
    assert {(f["commit"], f["file"], f["where"]) for f in data["findings"]} == {
        (message_sha, "commit message", "message"),
        (name_sha, "cases/C-0042/(file name withheld)", "name"),
    }


def test_history_joins_added_lines_and_reads_escapes(make_repo: Callable, cli: Callable) -> None:
    rng = random.Random(516)
    folded, escaped = nhs_number(rng), nhs_number(rng)
    root = init_repo(make_repo())
    notes = root / "cases/C-0042/notes.yaml"
    encoded = "".join(f"\\x{ord(ch):02x}" for ch in escaped)
    notes.write_text(
        f"summary: >\n  seen with number {folded[:3]} {folded[3:6]}\n  {folded[6:]} today\n"
    )
    (root / "cases/C-0042/more.yaml").write_text(f'ok: 1\nother:  "{encoded}"\n')
    git(root, "add", "-A")
    git(root, "commit", "-qm", "Add notes")
    result = cli("scan", "--history", "--repo", root, "--format", "json")
    assert result.code == 1
    found = {(f["file"], f["line"], f["where"]) for f in json.loads(result.out)["findings"]}
    assert found == {
        ("cases/C-0042/notes.yaml", 2, "text"),
        ("cases/C-0042/more.yaml", 2, "value"),
    }
    assert folded[6:] not in result.out and escaped not in result.out


def test_a_shallow_clone_is_not_reported_clean(make_repo: Callable, cli: Callable) -> None:
    origin = init_repo(make_repo())
    for number in range(3):
        case = origin / "cases/C-0042/case.yaml"
        case.write_text(case.read_text() + f"# review {number}\n")
        git(origin, "commit", "-qam", f"Review {number}")
    clone = origin.parent / "shallow"
    git(origin.parent, "clone", "-q", "--depth", "1", f"file://{origin}", str(clone))
    assert git(clone, "rev-parse", "--is-shallow-repository").stdout.strip() == "true"
    result = cli("scan", "--history", "--repo", clone)
    assert result.code == 2
    assert "shallow clone" in result.err and "git fetch --unshallow" in result.err
    assert "no personal data found" not in result.out + result.err
    git(clone, "fetch", "-q", "--unshallow")
    assert cli("scan", "--history", "--repo", clone).code == 0


def test_history_reports_files_it_cannot_read_as_text(make_repo: Callable, cli: Callable) -> None:
    value = nhs_number(random.Random(517))
    root = init_repo(make_repo())
    utf16 = root / "cases/C-0042/notes-utf16.txt"
    utf16.write_bytes(("\ufeff" + f"NHS {value}\n").encode("utf-16-le"))
    git(root, "add", "-A")
    git(root, "commit", "-qm", "Add notes")
    sha = git(root, "rev-parse", "HEAD").stdout.strip()
    git(root, "rm", "-q", "cases/C-0042/notes-utf16.txt")
    git(root, "commit", "-qm", "Remove the notes")
    result = cli("scan", "--history", "--repo", root)
    assert result.code == 1
    assert (
        f"commit {sha[:12]} (" in result.out
        and "cases/C-0042/notes-utf16.txt:1: error: a file that is not text was added" in result.out
    )
    assert "cannot check it for personal data" in result.out and value not in result.out
    data = json.loads(cli("scan", "--history", "--repo", root, "--format", "json").out)
    assert [(f["commit"], f["kind"]) for f in data["findings"]] == [(sha, "not-utf8-text")]

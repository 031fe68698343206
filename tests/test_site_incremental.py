"""An incremental site build writes exactly what a clean build of the same records writes.

A repository is built once; then a record is added, one is changed and one is
deleted, a meeting record changes, a child's sibling leaves, a procedure gains a
rule id, and a change is built before and after it is committed, each followed by
an incremental build of the same output. Incremental builds keep what they can of
the previous generation (``casework.sitegen.memo``: records, findings and pages)
and render only the changed pages. After each, a clean build (``--clean``, which
reuses nothing) of the same state into another folder is the reference: every
file of the two sites, the search index included, must be byte for byte the same.
Nothing is excused: the build is dated by ``--as-of`` and the build day, both the
same within the test.
"""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest

from sitegen_repo import AS_OF, case_yaml, git, make_site_repo, referral_yaml

pytestmark = pytest.mark.slow

#: a hand-written page with a link MkDocs warns about: every build must say so again
BROKEN_LINK_PAGE = "# Notes\n\nSee [the old guide](old-guide.md).\n"
WARNING = "contains a link 'old-guide.md'"
RENDERED = re.compile(r"\(incremental: (\d+) pages? rendered")
GENERATED = re.compile(r"(\d+) pages? generated, the rest kept from the last build")


def _files(folder: Path) -> dict[str, bytes]:
    return {
        file.relative_to(folder).as_posix(): file.read_bytes()
        for file in sorted(folder.rglob("*"))
        if file.is_file()
    }


def _differences(built: Path, reference: Path) -> list[str]:
    ours, theirs = _files(built), _files(reference)
    found = [f"only in the incremental build: {p}" for p in sorted(set(ours) - set(theirs))]
    found += [f"only in the clean build: {p}" for p in sorted(set(theirs) - set(ours))]
    found += [f"differs: {p}" for p in sorted(set(ours) & set(theirs)) if ours[p] != theirs[p]]
    return found


def _search_locations(site: Path) -> set[str]:
    index = json.loads((site / "search" / "search_index.json").read_text(encoding="utf-8"))
    return {doc["location"].split("#")[0] for doc in index["docs"]}


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    root = make_site_repo(tmp_path / "repo")
    (root / "site" / "notes.md").write_text(BROKEN_LINK_PAGE, encoding="utf-8")
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "A page of notes")
    return root


def _commit(root: Path, message: str) -> None:
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", message)


def test_incremental_builds_equal_clean_builds_after_records_are_added_changed_and_deleted(
    repo: Path, tmp_path: Path, cli
) -> None:
    site = tmp_path / "site"

    def build(output: Path, *extra: str) -> str:
        run = cli("site", "build", "--repo", repo, "--as-of", AS_OF, "--output", output, *extra)
        assert run.code == 0, run.err
        assert WARNING in run.out  # the warning is given again whichever way the page is built
        return run.out

    first = build(site)
    assert not RENDERED.search(first)  # nothing to build on yet
    again = RENDERED.search(build(site))
    assert again and int(again.group(1)) <= 1  # only the page with a warning

    def add() -> None:
        (repo / "cases" / "C-0108").mkdir()
        (repo / "cases" / "C-0108" / "case.yaml").write_text(
            case_yaml("C-0108", team="court_and_proceedings"), encoding="utf-8"
        )
        (repo / "cases" / "C-0108" / "2026-11-26-referral.yaml").write_text(
            referral_yaml("C-0108", "2026-11-26", "2026-11-12"), encoding="utf-8"
        )

    def change() -> None:
        case = repo / "cases" / "C-0043" / "case.yaml"
        text = case.read_text(encoding="utf-8").replace(
            "placements:",
            'permanence_plans:\n  - { plan: adoption, agreed: "2026-10-01" }\nplacements:',
        )
        case.write_text(text, encoding="utf-8")

    def delete() -> None:
        shutil.rmtree(repo / "cases" / "C-0105")

    def meeting() -> None:  # C-0101's page lists the hearing: only the meeting record says so
        record = repo / "meetings" / "2026-11-12-meeting.yaml"
        text = record.read_text(encoding="utf-8")
        record.write_text(text.replace("[C-0043]", "[C-0043, C-0101]"), encoding="utf-8")

    def sibling() -> None:  # C-0043's record names C-0101, whose page no longer exists
        shutil.rmtree(repo / "cases" / "C-0101")

    def procedure() -> None:  # a rule id in a procedure's text becomes a link to its row
        page = repo / "policies" / "procedures" / "permanence-panel-protocol.md"
        text = page.read_text(encoding="utf-8")
        page.write_text(text + "\nThe papers deadline is rule BX1.\n", encoding="utf-8")

    def uncommitted() -> None:  # built before it is committed, then again after
        case = repo / "cases" / "C-0102" / "case.yaml"
        text = case.read_text(encoding="utf-8").replace(
            "placements:",
            'permanence_plans:\n  - { plan: long_term_fostering, agreed: "2026-10-05" }\n'
            "placements:",
        )
        case.write_text(text, encoding="utf-8")

    pages_before = len(_files(site))
    steps = (
        ("add", add),
        ("change", change),
        ("delete", delete),
        ("meeting", meeting),
        ("sibling", sibling),
        ("procedure", procedure),
        ("uncommitted", uncommitted),
        ("commit", lambda: None),
    )
    for name, step in steps:
        step()
        if name != "uncommitted":
            _commit(repo, f"Records: {name}")
        out = build(site)
        rendered = RENDERED.search(out)
        assert rendered, f"the build after '{name}' was not incremental: {out}"
        assert 0 < int(rendered.group(1)) < pages_before / 2
        if name != "procedure":  # the pack changed: every page is generated again
            generated = GENERATED.search(out)
            assert generated, f"the build after '{name}' generated every page: {out}"
            assert int(generated.group(1)) < pages_before / 2
        reference = tmp_path / f"clean-{name}"
        clean = build(reference, "--clean")
        assert not RENDERED.search(clean) and not GENERATED.search(clean)
        assert _differences(site, reference) == []
    # the index is whole: the pages of the deleted case are gone, the added case is found
    locations = _search_locations(site)
    assert "cases/numbers/C-01.html" in locations and "index.html" in locations
    number_page = (site / "cases" / "numbers" / "C-01.html").read_text(encoding="utf-8")
    assert "C-0108" in number_page and "C-0105" not in number_page
    assert not (site / "cases" / "C-0105.html").exists()
    # what each step changed is on the pages (the kept pages were not kept stale)
    sibling_page = (site / "cases" / "C-0043.html").read_text(encoding="utf-8")
    assert "C-0101" in sibling_page and "C-0101.html" not in sibling_page
    plan_page = (site / "cases" / "C-0102.html").read_text(encoding="utf-8")
    assert "Long term fostering" in plan_page
    assert plan_page.count("case record changed") == 1  # the commit, in its audit trail
    protocol = (site / "procedures" / "permanence-panel-protocol.html").read_text("utf-8")
    assert re.search(r'deadline is rule <a href="[^"]*#rule-BX1"[^>]*>BX1</a>', protocol)


def test_clean_or_a_changed_output_builds_in_full(repo: Path, tmp_path: Path, cli) -> None:
    site = tmp_path / "site"
    argv = ("site", "build", "--repo", repo, "--as-of", AS_OF, "--output", site)
    assert cli(*argv).code == 0
    reference = _files(site)
    assert not RENDERED.search(cli(*argv, "--clean").out)
    # a page deleted from the published site by hand: the next build cannot build on it
    (site / "cases" / "C-0101.html").unlink()
    out = cli(*argv).out
    assert not RENDERED.search(out)
    assert _files(site) == reference
    # and the build after that is incremental again, and changes nothing
    out = cli(*argv).out
    assert RENDERED.search(out)
    assert _files(site) == reference


def test_a_damaged_memo_is_not_used(repo: Path, tmp_path: Path, cli) -> None:
    site, reference = tmp_path / "site", tmp_path / "reference"
    argv = ("site", "build", "--repo", repo, "--as-of", AS_OF)
    assert cli(*argv, "--output", reference, "--clean").code == 0
    memo = repo / ".site-build" / "panel" / "memo.json"
    data = json.loads(memo.read_text(encoding="utf-8"))
    # every kind of entry damaged: record data, findings, a page's links
    data["records"]["entries"] = {k: [v[0], "{"] for k, v in data["records"]["entries"].items()}
    data["findings"]["entries"] = {k: [v[0], [[1]]] for k, v in data["findings"]["entries"].items()}
    data["pages"]["entries"] = {k: [v[0], v[1], [1]] for k, v in data["pages"]["entries"].items()}
    memo.write_text(json.dumps(data), encoding="utf-8")
    run = cli(*argv, "--output", site)
    assert run.code == 0, run.err
    assert not GENERATED.search(run.out)  # every page generated again
    assert _differences(site, reference) == []
    # not JSON at all: the same
    memo.write_text("{", encoding="utf-8")
    run = cli(*argv, "--output", site)
    assert run.code == 0 and not GENERATED.search(run.out), run.err
    assert _differences(site, reference) == []
    # and the memo written by that build is used by the next
    assert GENERATED.search(cli(*argv, "--output", site).out)
    assert _differences(site, reference) == []

"""A procedure's own amendment notes: what changed, when and in which version, in words.

The practitioners' site shows the notes the council wrote in pack.yaml; git's
dates are only a fallback, and never a commit message or an author.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import yaml

from conftest import Run
from sitegen_repo import make_site_repo

NOTE = "The papers deadline moved from three to five working days before the panel."
OLD_NOTE = "Links added to the latest terms of reference."


def _pack_with_notes(root: Path) -> None:
    path = root / "policies" / "pack.yaml"
    pack = yaml.safe_load(path.read_text(encoding="utf-8"))
    pack["procedures"][0]["amendments"] = [
        {"date": "2026-05-01", "version": "2.2", "change": NOTE},
        {"date": "2025-09-12", "version": "2.1", "change": "A new criterion for care leavers."},
        # a procedure may give only the month of a change, and no version for it
        {"date": "2018-09", "change": OLD_NOTE},
    ]
    path.write_text(yaml.safe_dump(pack, sort_keys=False), encoding="utf-8")


def _page(root: Path) -> str:
    pages = sorted((root / "public-procedures" / "procedures").glob("*.html"))
    first = yaml.safe_load((root / "policies/pack.yaml").read_text("utf-8"))["procedures"][0]
    wanted = [p for p in pages if p.stem == first["id"].replace("_", "-")] or pages
    return wanted[0].read_text(encoding="utf-8")


def test_the_procedure_page_shows_its_own_notes_newest_first(
    tmp_path: Path, cli: Callable[..., Run]
) -> None:
    root = make_site_repo(tmp_path / "repo")
    _pack_with_notes(root)
    assert cli("validate", "--repo", root).code == 0
    run = cli("site", "build", "--repo", root, "--audience", "procedures")
    assert run.code == 0, run.text
    page = _page(root)
    assert NOTE in page
    assert page.index("1 May 2026") < page.index("12 Sep 2025")  # newest first
    assert page.index("12 Sep 2025") < page.index("Sep 2018") < page.index(OLD_NOTE)
    row = page[page.index("Sep 2018") : page.index(OLD_NOTE)]
    assert "not stated" in row  # the version it does not give, in words
    assert "Commit" not in page and "git" not in page.lower().split("<footer")[0]
    # the latest note dates the page, and the notes lead what's new, newest first
    assert "Last updated 1 May 2026, version 2.2" in page
    news = (root / "public-procedures" / "whats-new.html").read_text(encoding="utf-8")
    assert news.index(NOTE) < news.index("A new criterion for care leavers.") < news.index(OLD_NOTE)


def test_a_note_without_words_is_refused_at_its_line(
    tmp_path: Path, cli: Callable[..., Run]
) -> None:
    root = make_site_repo(tmp_path / "repo")
    path = root / "policies" / "pack.yaml"
    pack = yaml.safe_load(path.read_text(encoding="utf-8"))
    pack["procedures"][0]["amendments"] = [{"date": "2026-05-01", "version": "2.2"}]
    path.write_text(yaml.safe_dump(pack, sort_keys=False), encoding="utf-8")
    run = cli("validate", "--repo", root)
    assert run.code == 1
    assert "policies/pack.yaml:" in run.out and "'change'" in run.out

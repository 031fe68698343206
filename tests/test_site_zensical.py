"""``casework site build --engine zensical``: the demo builds with Material's successor.

The same generated pages and configuration go to both engines; the same pages
come out, and the same sanitiser and outside-request check pass on Zensical's
output (its own theme's scripts included). Its search index, in a format of its own,
gets the same entry per table row as MkDocs'.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from pathlib import Path

import pytest

from conftest import Run, copy_demo

AS_OF = "2026-11-22"

pytestmark = pytest.mark.slow


def _pages(site: Path) -> set[str]:
    return {p.relative_to(site).as_posix() for p in site.rglob("*.html")}


def test_the_demo_builds_with_zensical_and_has_the_same_pages(
    cli: Callable[..., Run], tmp_path: Path
) -> None:
    pytest.importorskip("zensical")
    root = copy_demo(tmp_path / "demo")
    mkdocs = cli("site", "build", "--repo", root, "--as-of", AS_OF, "--output", tmp_path / "m")
    assert mkdocs.code == 0, mkdocs.text
    zensical = cli(
        "site",
        "build",
        "--repo",
        root,
        "--as-of",
        AS_OF,
        "--engine",
        "zensical",
        "--output",
        tmp_path / "z",
    )
    assert zensical.code == 0, zensical.text
    built = _pages(tmp_path / "z")
    assert built == _pages(tmp_path / "m")
    assert {"index.html", "dashboard.html", "agendas/index.html"} <= built
    assert any(page.startswith("cases/") for page in built)
    # the agenda of a real meeting says what it is, as MkDocs' does
    agenda = (tmp_path / "z" / "agendas/index.html").read_text(encoding="utf-8")
    assert "Agendas" in agenda
    # Zensical's index (search.json, "items") gets the same entry per table row as MkDocs'
    # (search/search_index.json, "docs"), in the same words, linked to the same row ids
    ours = _rows(json.loads((tmp_path / "m" / "search/search_index.json").read_bytes())["docs"])
    theirs = _rows(json.loads((tmp_path / "z" / "search.json").read_bytes())["items"])
    assert len(ours) > 200 and theirs == ours
    calendar = theirs["panel/calendar.html#meeting-2026-12-10"]
    assert calendar.startswith("Meeting: ") and "\u00b7 Starts: " in calendar
    page = (tmp_path / "z" / "panel/calendar.html").read_text(encoding="utf-8")
    assert '<tr id="meeting-2026-12-10">' in page
    # a calendar row's keywords are its meeting's date, in both indexes
    items = json.loads((tmp_path / "z" / "search.json").read_bytes())["items"]
    [tags] = [e["tags"] for e in items if e["location"] == "panel/calendar.html#meeting-2026-12-10"]
    assert tags == ["2026-12-10", "Thu 10 December 2026"]


def _rows(entries: list[dict[str, object]]) -> dict[str, str]:
    """The index's entries of table rows: location -> text."""
    return {
        str(e["location"]): str(e["text"])
        for e in entries
        if re.search(r"#(?:.+-)?row-\d+$|#meeting-[0-9-]+$", str(e["location"]))
    }

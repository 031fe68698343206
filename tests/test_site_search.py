"""Search entries of tables: each row reads as the row, as an entry of its own (linked to the
row) or, in a long table, as a paragraph of its section's entry.

Built on the demo (the calendar, agendas, dashboard and procedures hold tables) and on
small pages of HTML; the browser side (what Material's search box shows) is in
``tests/browser/test_site_browser.py``.
"""

from __future__ import annotations

import itertools
import json
import re
import shutil
from datetime import date
from pathlib import Path

import pytest
from lxml import html as lxml_html

from casework.sitegen.build import build_site
from casework.sitegen.search_tables import (
    CELL_SEPARATOR,
    page_entries,
    read_page,
    rewrite_index,
    with_row_ids,
)
from conftest import copy_demo
from site_reader import article

AS_OF = date(2026, 11, 23)
SEP = CELL_SEPARATOR


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = copy_demo(tmp_path_factory.mktemp("search") / "repo")
    result = build_site(root, "panel", AS_OF, root / "public")
    assert result.warnings == []
    return root / "public"


def _index(site: Path) -> list[dict[str, object]]:
    docs = json.loads((site / "search" / "search_index.json").read_text(encoding="utf-8"))
    return list(docs["docs"])


def _text(node: object) -> str:
    return " ".join(node.text_content().split())  # type: ignore[attr-defined]


def _by_location(site: Path) -> dict[str, dict[str, object]]:
    return {str(doc["location"]): doc for doc in _index(site)}


def test_each_calendar_row_is_an_entry_that_reads_as_the_row(demo: Path) -> None:
    entries = _by_location(demo)
    page = article(demo / "panel" / "calendar.html")
    assert page is not None
    table = page.xpath(".//h2[@id='coming-meetings']/following::table[1]")[0]
    headings = [_text(th) for th in table.xpath("./thead/tr/th")]
    assert headings[:3] == ["Meeting", "Starts", "Papers due"]
    rows = table.xpath("./tbody/tr")
    assert len(rows) > 2
    for row in rows:
        cells = [_text(td) for td in row.xpath("./td")]
        # the search result links to this row, which has an id to land on
        entry = entries[f"panel/calendar.html#{row.get('id')}"]
        assert entry["title"] == "Coming meetings"
        # its keywords: the meeting's date as records write it and as the row shows it
        [time] = row.xpath(".//time")
        assert row.get("id") == f"meeting-{time.get('datetime')}"
        assert entry["tags"] == [time.get("datetime"), _text(time)]
        assert cells[0].startswith(_text(time))
        assert entry["text"] == (
            f"Meeting: {cells[0]}{SEP}Starts: {cells[1]}{SEP}Papers due: {cells[2]}"
        )  # the "Agenda" link only repeats its heading: left out
    # the section keeps its own words, not its table's
    assert entries["panel/calendar.html#coming-meetings"]["text"] == ""


def test_every_row_of_a_long_table_is_an_entry_linked_to_the_row(demo: Path) -> None:
    """The past meetings (67 rows in the demo, over the 50 that were once the limit): each
    row its own entry, linked to the row, so a result opens the calendar at that meeting."""
    entries = _by_location(demo)
    page = article(demo / "panel" / "calendar.html")
    assert page is not None
    rows = page.xpath(".//h2[@id='past-meetings']/following::table[1]/tbody/tr")
    assert len(rows) > 50
    for row in rows:
        cells = [_text(td) for td in row.xpath("./td")]
        [time] = row.xpath(".//time")
        entry = entries[f"panel/calendar.html#meeting-{time.get('datetime')}"]
        assert row.get("id") == f"meeting-{time.get('datetime')}"
        assert entry["title"] == "Past meetings"
        assert entry["text"] == f"Meeting: {cells[0]}{SEP}Record of the meeting: {cells[1]}"
        assert entry["tags"] == [time.get("datetime"), _text(time)]
    # the section keeps its own words (none), not a paragraph per row
    assert "Meeting: " not in str(entries["panel/calendar.html#past-meetings"]["text"])


def test_no_entry_runs_a_tables_cells_together(demo: Path) -> None:
    """For every table on an indexed page, no entry of that page holds two neighbouring
    cells (or two headings) with only a space between them, as the engine's own index did."""
    pages: dict[str, list[str]] = {}
    for doc in _index(demo):
        pages.setdefault(str(doc["location"]).split("#")[0], []).append(str(doc["text"]))
    checked = 0
    for url, texts in pages.items():
        page = article(demo / url)
        if page is None:
            continue
        for row in page.xpath(".//table//tr"):
            cells = [_text(c) for c in row.xpath("./th|./td")]
            for left, right in itertools.pairwise(cells):
                if len(left) > 3 and len(right) > 3:
                    merged = f"{left} {right}"
                    assert not any(merged in text for text in texts), (url, merged)
                    checked += 1
    assert checked > 500


def test_every_row_entry_lands_on_its_row(demo: Path) -> None:
    rows = [
        doc
        for doc in _index(demo)
        if re.search(r"#(?:.+-)?row-\d+$|#meeting-[0-9-]+$", str(doc["location"]))
    ]
    assert len(rows) > 200
    pages: dict[str, object] = {}
    for doc in rows:
        url, anchor = str(doc["location"]).split("#")
        if url not in pages:
            pages[url] = lxml_html.fromstring((demo / url).read_bytes())
        target = pages[url].xpath(f'//*[@id="{anchor}"]')  # type: ignore[attr-defined]
        assert [t.tag for t in target] == ["tr"], doc["location"]
        # the entry's words are the row's words, each cell whole
        for cell in target[0].xpath("./td|./th"):
            value = _text(cell)
            if value and value not in ("Agenda",):
                assert value.replace("&", "&amp;") in str(doc["text"]), (doc["location"], value)


def test_a_table_of_facts_reads_each_fact_after_its_name(demo: Path) -> None:
    entries = _by_location(demo)
    agenda = [e for loc, e in entries.items() if loc.startswith("agendas/2026-12-10.html#row-")]
    facts = {str(e["text"]).split(": ", 1)[0]: str(e["text"]) for e in agenda}
    assert facts["Quorum"] == "Quorum: the chair and at least 2 other members"
    assert facts["Meeting"].startswith("Meeting: Thu 10 December 2026 at ")
    procedure = [
        str(e["text"])
        for loc, e in entries.items()
        if loc.startswith("procedures/outcomes-and-disputes.html#row-")
    ]
    assert any(text.startswith("Owner: ") for text in procedure)
    assert not any("This procedure" in text or "Details:" in text for text in procedure)


def test_row_entries_carry_their_page_weight_not_its_keywords(demo: Path) -> None:
    entries = _by_location(demo)
    page = entries["agendas/2026-12-10.html"]
    assert page["tags"] == ["2026-12-10"] and page["boost"] == 0.5
    row = entries["agendas/2026-12-10.html#time-plan-row-1"]
    assert "tags" not in row  # a search for the date lists the agenda, not each of its rows
    assert row["boost"] == 1.0  # twice its section's (see ROW_BOOST)
    calendar = entries["panel/calendar.html#meeting-2026-12-10"]
    assert calendar["boost"] == 2.0
    assert calendar["tags"] == ["2026-12-10", "Thu 10 December 2026"]  # its own: the meeting's


def test_a_chart_is_indexed_by_its_title_not_its_axis_labels(demo: Path) -> None:
    text = str(_by_location(demo)["dashboard.html#over-time"]["text"])
    assert text.startswith("<p>Timescales overdue at the end of each month")
    assert "Overdue at month end, " not in text and "Jan 26Feb 26" not in text


def test_case_pages_stay_out_of_search(demo: Path) -> None:
    assert not [d for d in _index(demo) if re.match(r"cases/C-\d+\.html", str(d["location"]))]
    assert 'id="row-1"' not in (demo / "cases" / "C-0115.html").read_text(encoding="utf-8")


def test_rewriting_the_index_again_changes_nothing(demo: Path, tmp_path: Path) -> None:
    """An incremental build takes unchanged pages' entries from the published index."""
    site = tmp_path / "site"
    shutil.copytree(demo, site)
    assert rewrite_index(site) is False
    assert (site / "search" / "search_index.json").read_bytes() == (
        demo / "search" / "search_index.json"
    ).read_bytes()
    assert (site / "panel" / "calendar.html").read_bytes() == (
        demo / "panel" / "calendar.html"
    ).read_bytes()


PAGE = """<html><body><nav><h2 id="nav">Menu</h2><table><tr><td>x</td></tr></table></nav>
<article class="md-content__inner md-typeset">
<a id="__skip"></a>
<h1 id="the-page">The page</h1>
<p>Intro &amp; more.</p>
<table>
<thead><tr><th>Rule</th><th>Due</th><th colspan="2">Where</th><th></th></tr></thead>
<tbody>
<tr><td><a href="x">S1</a></td><td>1 May<br>2026</td><td>A</td><td></td><td>note</td></tr>
<tr id="kept"><td>S2</td><td>2 May</td><td colspan="2">B</td><td></td></tr>
</tbody>
</table>
<h2 id="facts">Facts</h2>
<p>Some facts.</p>
<table><thead><tr><th>This</th><th>Details</th></tr></thead>
<tbody><tr><th scope="row">Chair</th><td>Head of service</td></tr>
<tr><th scope="row">Seen</th><td></td></tr></tbody></table>
<ul><li>after the table</li></ul>
<h2 id="chart">Chart</h2>
<figure><svg role="img"><title>Items over time</title><text>Jan</text><text>Feb</text></svg>
<svg role="img"><title>Items over time</title><text>Jan</text></svg></figure>
<h2 id="plain">Plain</h2><p>No table.</p>
</article></body></html>"""


def test_a_page_is_read_into_sections_rows_and_ids() -> None:
    sections = {None, "facts", "chart", "plain"}
    found = read_page(PAGE, sections)
    assert found.texts == {
        None: "<p>Intro &amp; more.</p>",
        "facts": "<p>Some facts.</p> <ul><li>after the table</li></ul>",
        "chart": "<p>Items over time</p>",
    }
    assert [(r.row_id, r.text) for r in found.rows[None]] == [
        ("row-1", f"Rule: S1{SEP}Due: 1 May 2026{SEP}Where: A{SEP}note"),
        ("kept", f"Rule: S2{SEP}Due: 2 May{SEP}Where: B"),
    ]
    assert [(r.row_id, r.text) for r in found.rows["facts"]] == [
        ("facts-row-1", "Chair: Head of service"),
        ("facts-row-2", "Seen"),
    ]
    assert "plain" not in found.texts  # a section without a table is left as indexed
    marked = with_row_ids(PAGE, found.new_ids)
    assert '<tr id="row-1"><td><a href="x">S1' in marked
    assert '<tr id="facts-row-1"><th scope="row">Chair' in marked
    assert marked.count("<tr id=") == 4  # the navigation's table is not the page's
    again = read_page(marked, sections)
    assert again.new_ids == [] and again.rows == found.rows and again.texts == found.texts


def test_sections_are_those_of_the_index() -> None:
    found = read_page(PAGE, {None, "plain"})  # the index has no "facts" section
    assert "facts" not in found.rows  # its table is read as the page's, as the index has it
    assert [row_id for _, row_id in found.new_ids] == ["row-1", "row-3", "row-4"]


def test_a_table_over_the_limit_is_read_into_its_section(monkeypatch: pytest.MonkeyPatch) -> None:
    import casework.sitegen.search_tables as search_tables

    monkeypatch.setattr(search_tables, "ROW_ENTRIES", 1)
    found = read_page(PAGE, {None, "facts", "chart", "plain"})
    assert found.rows[None] == [] and found.new_ids == []
    assert found.texts[None] == (
        f"<p>Intro &amp; more.</p> <p>Rule: S1{SEP}Due: 1 May 2026{SEP}Where: A{SEP}note</p> "
        f"<p>Rule: S2{SEP}Due: 2 May{SEP}Where: B</p>"
    )


def test_page_entries_put_rows_after_their_section_once() -> None:
    found = read_page(PAGE, {None, "facts", "chart", "plain"})
    entries = [
        {"location": "p.html", "title": "The page", "text": "Intro. Rule Due", "boost": 0.5},
        {"location": "p.html#facts", "title": "Facts", "text": "Some facts. Chair Head"},
        {"location": "p.html#plain", "title": "Plain", "text": "No table."},
    ]
    done = page_entries(entries, "p.html", found, row_boost=2.0)
    assert [d["location"] for d in done] == [
        "p.html", "p.html#row-1", "p.html#kept", "p.html#facts", "p.html#facts-row-1",
        "p.html#facts-row-2", "p.html#plain",
    ]  # fmt: skip
    assert done[1] == {
        "location": "p.html#row-1",
        "title": "The page",
        "boost": 1.0,
        "text": f"Rule: S1{SEP}Due: 1 May 2026{SEP}Where: A{SEP}note",
    }
    assert done[3]["text"] == "<p>Some facts.</p> <ul><li>after the table</li></ul>"
    assert done[-1] == entries[-1]  # a section with no table: as the engine indexed it
    assert page_entries(done, "p.html", found, row_boost=2.0) == done
    zensical = [dict(e, level=1, path=["P"], tags=["t"]) for e in entries]
    rows = page_entries(zensical, "p.html", found, empty_tags=True)
    assert rows[1]["tags"] == [] and rows[1]["level"] == 1 and rows[1]["path"] == ["P"]

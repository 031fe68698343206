"""What a procedure states about itself: approval, version, review date.

The keys are optional. Where the procedure is silent the built site says
"not stated" in plain words, never a figure casework made up; a procedure past
its stated review date is flagged, one whose review date is still to come is
not. The presets carry only what their seeds state (see the comments above
``procedures:`` in each preset's pack.yaml).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
import yaml

from conftest import Run
from site_reader import article

AS_OF = "2026-11-24"


def _build(cli: Callable[..., Run], repo: Path, audience: str = "procedures") -> Path:
    run = cli("site", "build", "--repo", repo, "--audience", audience, "--as-of", AS_OF)
    assert run.code == 0, run.text
    return repo / ("public-procedures" if audience == "procedures" else "public")


def _cells(cell: object) -> str:
    return " ".join(cell.text_content().split())  # type: ignore[attr-defined]


def details(page: Path) -> dict[str, str]:
    """The page's "This procedure | Details" table, as a reader sees it."""
    node = article(page)
    assert node is not None, page
    table = node.xpath(".//table[.//th[normalize-space()='This procedure']]")
    assert table, f"no details table on {page.name}"
    return {
        _cells(row[0]): _cells(row[1]) for row in table[0].xpath(".//tbody/tr") if len(row) == 2
    }


def index_rows(site: Path) -> dict[str, list[str]]:
    """The procedures index: each procedure's title -> its cells as a reader sees them."""
    node = article(site / "procedures" / "index.html")
    assert node is not None
    table = node.xpath(".//table[.//th[normalize-space()='Review date']]")[0]
    rows = [[_cells(td) for td in row.xpath("./td")] for row in table.xpath(".//tbody/tr")]
    return {row[0]: row[1:] for row in rows}


def warning(page: Path) -> str:
    node = article(page)
    assert node is not None
    found = node.xpath(".//div[contains(@class, 'admonition')]")
    return " ".join(_cells(div) for div in found)


def _init(cli: Callable[..., Run], tmp_path: Path, preset: str) -> Path:
    repo = tmp_path / preset
    assert cli("init", repo, "--preset", preset).code == 0
    run = cli("validate", "--repo", repo)
    assert run.code == 0, run.text
    return repo


def test_a_preset_that_states_no_version_says_not_stated(
    cli: Callable[..., Run], tmp_path: Path
) -> None:
    # Bolton's terms of reference state no approval date, version or review date.
    repo = _init(cli, tmp_path, "bolton")
    site = _build(cli, repo)
    shown = details(site / "procedures" / "gateway-permanence-terms.html")
    assert shown["Version"] == "not stated"
    assert shown["Approved"] == "not stated"
    assert shown["Approved by"] == "not stated"
    assert shown["Review date"] == "not stated"
    assert "Dated" not in shown
    assert warning(site / "procedures" / "gateway-permanence-terms.html") == ""
    row = index_rows(site)["Gateway and Permanence Panel terms of reference"]
    assert row[1:] == ["not stated", "not stated", "not stated"]  # version, approved, review


def test_bexley_shows_the_seeds_approval_and_is_past_its_review(
    cli: Callable[..., Run], tmp_path: Path
) -> None:
    # The Bexley protocol: approved by SMT on 17 April 2018, date for review May 2019.
    repo = _init(cli, tmp_path, "bexley")
    site = _build(cli, repo)
    page = site / "procedures" / "permanence-panel-protocol.html"
    shown = details(page)
    assert shown["Approved"] == "17 April 2018"
    assert shown["Approved by"] == "Senior management team (SMT)"
    assert shown["Version"] == "not stated"
    assert shown["Review date"] == "May 2019 (past its review date)"
    assert "Review overdue" in warning(page) and "May 2019" in warning(page)
    row = index_rows(site)["Permanence Panel protocol and terms of reference"]
    assert row[1:] == ["not stated", "17 Apr 2018", "May 2019 past its review date"]
    # casework's own summary of the law is not part of the protocol: it states nothing
    statutory = details(site / "procedures" / "statutory-timescales.html")
    assert statutory["Approved"] == statutory["Review date"] == "not stated"
    panel = _build(cli, repo, "panel")
    dashboard = article(panel / "dashboard.html")
    assert dashboard is not None
    text = " ".join(dashboard.text_content().split())
    assert "Procedures past their review date" in text
    assert "review was due by May 2019" in text


def test_bcp_and_kirklees_show_what_their_seeds_state(
    cli: Callable[..., Run], tmp_path: Path
) -> None:
    bcp = _build(cli, _init(cli, tmp_path, "bcp"))
    shown = details(bcp / "procedures" / "tracking-panel-terms.html")
    assert shown["Dated"] == "January 2023"
    assert shown["Review date"] == "January 2024 (past its review date)"
    assert shown["Approved"] == shown["Version"] == "not stated"
    kirklees = _build(cli, _init(cli, tmp_path, "kirklees"))
    node = article(kirklees / "procedures" / "permanency-panel.html")
    assert node is not None
    amendments = node.xpath(".//table[.//th[normalize-space()='What changed']]//tbody/tr")
    assert [[_cells(td) for td in row.xpath("./td")][:2] for row in amendments] == [
        ["Sep 2018", "not stated"]
    ]


def _review_dates(repo: Path, dates: dict[str, str | None]) -> None:
    path = repo / "policies" / "pack.yaml"
    pack = yaml.safe_load(path.read_text(encoding="utf-8"))
    for procedure in pack["procedures"]:
        if procedure["id"] in dates:
            value = dates[procedure["id"]]
            procedure.pop("review_date", None)
            if value is not None:
                procedure["review_date"] = value
            procedure["version"] = "3.0"
    path.write_text(yaml.safe_dump(pack, sort_keys=False), encoding="utf-8")


def test_a_review_date_still_to_come_is_not_flagged(
    cli: Callable[..., Run], tmp_path: Path
) -> None:
    """A council's own pack, built on 24 November 2026: only reviews already past are flagged."""
    repo = _init(cli, tmp_path, "bexley")
    _review_dates(
        repo,
        {
            "permanence_panel_protocol": "2026-11",  # this month: not past until it ends
            "referral_process": "2026-11-25",  # tomorrow
            "outcomes_and_disputes": "2026-10",  # last month: past
            "statutory_timescales": "2026-11-23",  # yesterday: past
        },
    )
    assert cli("validate", "--repo", repo).code == 0
    site = _build(cli, repo)
    pages = site / "procedures"
    future = {
        "permanence-panel-protocol": "November 2026",
        "referral-process": "25 November 2026",
    }
    for name, review in future.items():
        shown = details(pages / f"{name}.html")
        assert shown["Review date"] == review, name
        assert shown["Version"] == "3.0"
        assert warning(pages / f"{name}.html") == "", name
    past = {"outcomes-and-disputes": "October 2026", "statutory-timescales": "23 November 2026"}
    for name, review in past.items():
        assert details(pages / f"{name}.html")["Review date"] == f"{review} (past its review date)"
        assert "Review overdue" in warning(pages / f"{name}.html"), name
    rows = index_rows(site)
    assert rows["Permanence Panel protocol and terms of reference"][3] == "Nov 2026"
    assert rows["Referring a child to the Permanence Panel"][3] == "25 Nov 2026"
    assert rows["Statutory timescales for children in care"][3] == (
        "23 Nov 2026 past its review date"
    )


@pytest.mark.parametrize("value", ["May 2019", "2019-13", "2019-05-32"])
def test_a_review_date_that_is_not_a_date_is_refused_at_its_line(
    cli: Callable[..., Run], tmp_path: Path, value: str
) -> None:
    repo = _init(cli, tmp_path, "bexley")
    _review_dates(repo, {"referral_process": value})
    run = cli("validate", "--repo", repo)
    assert run.code == 1
    assert "policies/pack.yaml:" in run.out and "review_date" in run.out
    assert "YYYY-MM" in run.out  # says how to write it
    assert "Traceback" not in run.text

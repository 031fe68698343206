"""What readers see: the built HTML of every page type, on the demo and on 200 generated cases.

Tables must be tables and lists lists, no Markdown syntax may be left in the text,
no YAML field name or record file name may reach a reader page, and headings go
down one level at a time (see ``site_reader``).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from casework.sitegen.build import build_site
from site_reader import article, faults, has, site_faults

pytestmark = pytest.mark.slow

PROJECT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(PROJECT / "bench"))

#: a page of each type, with the elements a reader must find on it
PAGE_TYPES = {
    "index.html": {},
    "procedures/index.html": {"table": 1},
    "procedures/referral-process.html": {"table": 2, "ul": 1},
    "panel/calendar.html": {"table": 2},
    "agendas/index.html": {"ul": 2},
    "agendas/2026-12-10.html": {"table": 3},
    "cases/index.html": {"table": 2},
    "cases/C-0101.html": {"table": 3},
    "cases/status/breached.html": {"table": 1},
    "cases/numbers/C-01.html": {"h2": 2},
    "dashboard.html": {"table": 3},
}


def _git(root: Path, *args: str) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith("GIT_")}
    subprocess.run(["git", *args], cwd=root, check=True, capture_output=True, env=env)


def _commit(root: Path) -> None:
    _git(root, "init", "-q", "-b", "main")
    _git(root, "add", "-A")
    _git(root, "-c", "user.name=T", "-c", "user.email=t@example.invalid", "commit", "-qm", "x")


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("reader") / "repo"
    root.mkdir()
    for name in ("cases", "meetings", "policies", "site"):
        shutil.copytree(PROJECT / name, root / name)
    shutil.copy(PROJECT / "mkdocs.yml", root / "mkdocs.yml")
    # the demo's recommendations carry no due date; give one a date long past, never done,
    # so the agendas must carry it to every meeting after (none between is recorded)
    decision = root / "cases" / "C-0114" / "2026-07-23-decision.yaml"
    text = decision.read_text(encoding="utf-8")
    decision.write_text(
        text.replace(
            "owner_role: service_manager\n",
            'owner_role: service_manager\n    due: "2026-08-06"\n',
            1,
        ),
        encoding="utf-8",
    )
    _commit(root)
    from datetime import date

    build_site(root, "panel", date(2026, 11, 23), root / "public")
    build_site(root, "procedures", date(2026, 11, 23), root / "public-procedures")
    return root


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from generate import TODAY, generate

    root = tmp_path_factory.mktemp("reader200") / "repo"
    generate(200, root)
    shutil.copytree(PROJECT / "site", root / "site")
    shutil.copy(PROJECT / "mkdocs.yml", root / "mkdocs.yml")
    _commit(root)
    build_site(root, "panel", TODAY, root / "public")
    return root


@pytest.mark.parametrize("page", sorted(PAGE_TYPES))
def test_each_page_type_reads_as_a_page(demo: Path, page: str) -> None:
    built = demo / "public" / page
    assert article(built) is not None, page
    assert faults(built) == []
    for tag, least in PAGE_TYPES[page].items():
        assert has(built, tag) >= least, f"{page}: fewer than {least} <{tag}>"


def test_search_index_text_has_no_markdown_or_file_names(demo: Path) -> None:
    import json

    from site_reader import HELP_PAGES, MARKDOWN, REPOSITORY_WORDS

    index = json.loads((demo / "public" / "search" / "search_index.json").read_text())
    for doc in index["docs"]:
        if doc["location"].startswith(tuple(HELP_PAGES)):
            continue
        for name, pattern in {**MARKDOWN, **REPOSITORY_WORDS}.items():
            if name in ("heading mark", "the pack"):
                continue
            assert not pattern.search(doc["text"]), (doc["location"], name)


def test_dashboard_rule_and_team_pages_show_tables(demo: Path) -> None:
    groups = sorted((demo / "public" / "dashboard").rglob("*.html"))
    assert groups, "no rule or team page under dashboard/"
    for page in groups:
        assert has(page, "table") >= 1, page
        assert faults(page) == [], page


def test_agendas_index_lists_each_meeting_as_its_own_item(demo: Path) -> None:
    node = article(demo / "public" / "agendas" / "index.html")
    assert node is not None
    items = node.xpath(".//ul/li")
    meetings = list((demo / "public" / "agendas").glob("2*.html"))
    assert len(items) == len(meetings)


def test_no_page_of_either_demo_site_has_a_reader_fault(demo: Path) -> None:
    assert site_faults(demo / "public") == {}
    assert site_faults(demo / "public-procedures") == {}


def test_procedures_site_has_no_coordinator_command(demo: Path) -> None:
    for page in (demo / "public-procedures").rglob("*.html"):
        text = page.read_text(encoding="utf-8")
        for command in ("casework new", "casework validate", "git commit", "git push"):
            assert command not in text, (page.name, command)


def test_case_timeline_names_records_in_words(demo: Path) -> None:
    node = article(demo / "public" / "cases" / "C-0101.html")
    assert node is not None
    text = node.text_content()
    assert "C-0101: case history" in text
    assert "Care planning review (for the decision of 15 Oct 2026)" in text
    assert ".yaml" not in text


def test_two_hundred_generated_cases_read_as_pages(generated: Path) -> None:
    site = generated / "public"
    assert len(list((site / "cases").glob("C-*.html"))) == 200
    assert site_faults(site) == {}


def test_next_agenda_lists_every_overdue_undone_recommendation(demo: Path) -> None:
    from datetime import date

    from casework.sitegen import agendas, calendar
    from casework.sitegen.model import load_site_data
    from casework.sitegen.recommendations import all_recommendations

    as_of = date(2026, 11, 23)
    data = load_site_data(demo, "panel", as_of, 5, None)
    overdue = {
        (r.case_id, r.ref) for r in all_recommendations(data) if r.outcome(as_of) == "overdue"
    }
    assert overdue, "the demo has no overdue recommendation to carry"
    panel = data.policy.panels[0]
    planned = agendas.plan_agendas(data, calendar.meetings(data, panel), panel)
    following = next(a for a in planned if a.meeting.day >= as_of)
    assert overdue <= {(r.case_id, r.ref) for r in following.previous}
    node = article(demo / "public" / "agendas" / f"{following.meeting.day.isoformat()}.html")
    assert node is not None
    review = node.xpath('.//h2[contains(., "Review of previous")]/following::table[1]')[0]
    assert len(review.xpath(".//tbody/tr")) >= len(overdue)
    assert "overdue" in review.text_content()


def test_a_past_agenda_with_no_record_is_not_planned(demo: Path) -> None:
    for page in (demo / "public" / "agendas").glob("2026-0*.html"):
        node = article(page)
        assert node is not None
        assert "planned:" not in node.text_content(), page.name


def test_no_source_map_or_other_language_search_file_is_shipped(demo: Path) -> None:
    import json

    for site in (demo / "public", demo / "public-procedures"):
        assert not list(site.rglob("*.map"))
        assert not list((site / "assets" / "javascripts").rglob("lunr*.js"))
        config = json.loads((site / "search" / "search_index.json").read_text())["config"]
        assert config["lang"] == ["en"]
        assert "-" in config["separator"]


def test_navigation_names_agendas_and_the_footer_dates_the_build(demo: Path) -> None:
    from lxml import html as lxml_html

    tree = lxml_html.fromstring((demo / "public" / "index.html").read_bytes())
    nav = {a.text_content().strip(): a.get("href") for a in tree.xpath("//nav//a")}
    assert nav.get("Agendas") == "agendas/index.html"
    assert "Panel" not in nav
    footer = tree.xpath('//footer//*[contains(@class, "md-copyright")]')[0].text_content()
    assert "Built on" in footer and "for Mon 23 November 2026" in footer and "casework" in footer


def test_dashboard_links_every_rule_and_team_page_and_rules_link_to_their_row(demo: Path) -> None:
    from lxml import html as lxml_html

    site = demo / "public"
    tree = lxml_html.fromstring((site / "dashboard.html").read_bytes())
    hrefs = set(tree.xpath("//article//a/@href"))
    groups = {p.relative_to(site).as_posix() for p in (site / "dashboard").rglob("*.html")}
    assert groups and groups <= hrefs
    rule_links = {h for h in hrefs if "#rule-" in h}
    assert rule_links
    for href in rule_links:
        page, anchor = href.split("#")
        target = lxml_html.fromstring((site / page).read_bytes())
        assert target.xpath(f'//*[@id="{anchor}"]'), href


def test_agenda_names_venue_chair_members_quorum_apologies_and_marking(demo: Path) -> None:
    node = article(demo / "public" / "agendas" / "2026-12-10.html")
    assert node is not None
    rows = {
        tr.xpath("./td")[0].text_content(): tr.xpath("./td")[1].text_content()
        for tr in node.xpath(".//table[1]//tbody/tr")
    }
    assert {"Venue", "Chair", "Members", "Quorum", "Apologies", "Printed"} <= set(rows)
    assert rows["Quorum"] == "the chair and at least 2 other members"
    marks = node.xpath('.//p[contains(@class, "casework-marking")]')
    assert [m.text_content() for m in marks] == ["OFFICIAL-SENSITIVE"] * 2

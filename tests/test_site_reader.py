"""What readers see: the built HTML of every page type, on the demo and on 200 generated cases.

Tables must be tables and lists lists, no Markdown syntax may be left in the text,
no YAML field name or record file name may reach a reader page, and headings go
down one level at a time (see ``site_reader``).
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from collections.abc import Callable
from datetime import date, datetime
from pathlib import Path

import pytest
import yaml
from lxml import html as lxml_html

from casework.sitegen.build import build_site
from conftest import Run, copy_demo
from site_reader import article, faults, has, links, resolves, site_faults, unlinked_rule_ids
from sitegen_repo import make_site_repo

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
    "glossary.html": {"h3": 20},
    "a-z.html": {"ul": 10},
    "whats-new.html": {"table": 1},
}
#: the practitioners' build: a page of each type
PRACTITIONER_PAGES = {
    "index.html": {},
    "procedures/index.html": {"table": 1},
    "procedures/referral-process.html": {"table": 2, "ul": 1},
    "panel/calendar.html": {"table": 2, "details": 1},
    "glossary.html": {"h3": 20},
    "a-z.html": {"ul": 10},
    "whats-new.html": {"table": 1},
}


def _git(root: Path, *args: str) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith("GIT_")}
    subprocess.run(["git", *args], cwd=root, check=True, capture_output=True, env=env)


#: the commit's author and message: neither may reach a page of either site
AUTHOR = "Morwenna Testauthor"
MESSAGE = "Tidy the records before the audit (commit message 7f3kq)"


def _commit(root: Path) -> None:
    _git(root, "init", "-q", "-b", "main")
    _git(root, "add", "-A")
    _git(
        root,
        "-c",
        f"user.name={AUTHOR}",
        "-c",
        "user.email=morwenna@example.invalid",
        "commit",
        "-qm",
        MESSAGE,
    )


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = copy_demo(tmp_path_factory.mktemp("reader") / "repo")
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
    build_site(root, "procedures", TODAY, root / "public-procedures")
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
    # each fact is named by its row's header cell (a screen reader reads it with the value)
    rows = {
        tr.xpath("./th[@scope='row']")[0].text_content(): tr.xpath("./td")[0].text_content()
        for tr in node.xpath(".//table[1]//tbody/tr")
    }
    assert {"Venue", "Chair", "Members", "Quorum", "Apologies", "Printed"} <= set(rows)
    assert rows["Quorum"] == "the chair and at least 2 other members"
    marks = node.xpath('.//p[contains(@class, "casework-marking")]')
    assert [m.text_content() for m in marks] == ["OFFICIAL-SENSITIVE"] * 2


# --- the practitioners' build and the manual's reference pages ---------------------------

AS_OF = date(2026, 11, 23)  # the demo's and the generated repository's build date
#: a command a coordinator runs: never on the practitioners' build
COMMAND = re.compile(
    r"\bcasework\s+(?:new|validate|check|site|build|init|audit|scan|schema|serve)\b"
    r"|\bgit\s+(?:add|commit|push|pull|log|fsck|clone)\b"
)
CASE_ID = re.compile(r"\bC-\d{4,5}\b")
READER_FILES = (".html", ".json", ".ics", ".xml", ".txt")


@pytest.fixture(params=["demo", "generated"])
def repo(request: pytest.FixtureRequest) -> Path:
    root: Path = request.getfixturevalue(request.param)
    return root


def _sites(root: Path) -> list[Path]:
    return [root / "public", root / "public-procedures"]


def _rule_ids(root: Path) -> set[str]:
    rules = yaml.safe_load((root / "policies" / "rules.yaml").read_text(encoding="utf-8"))
    return {str(r["id"]) for r in rules["rules"]}


def _long(text: str) -> date:
    """The first date in words: "Thu 5 March 2026", "5 March 2026" or "May 2019" (its 1st)."""
    found = re.search(r"(?:(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun) )?(\d{1,2} )?([A-Z][a-z]+ \d{4})", text)
    assert found, f"no date in {text!r}"
    return datetime.strptime(f"{found.group(1) or '1 '}{found.group(2)}", "%d %B %Y").date()


@pytest.mark.parametrize("page", sorted(PRACTITIONER_PAGES))
def test_each_practitioner_page_type_reads_as_a_page(demo: Path, page: str) -> None:
    built = demo / "public-procedures" / page
    assert article(built) is not None, page
    assert faults(built) == []
    for tag, least in PRACTITIONER_PAGES[page].items():
        assert has(built, tag) >= least, f"{page}: fewer than {least} <{tag}>"


def test_practitioners_build_has_calendar_glossary_a_z_and_whats_new(repo: Path) -> None:
    site = repo / "public-procedures"
    tree = lxml_html.fromstring((site / "index.html").read_bytes())
    nav = {a.text_content().strip(): a.get("href") for a in tree.xpath("//nav//a")}
    assert nav.get("Calendar") == "panel/calendar.html"
    assert nav.get("What's new") == "whats-new.html"
    assert nav.get("A-Z") == "a-z.html"
    assert nav.get("Glossary") == "glossary.html"
    assert "Agendas" not in nav and "Cases" not in nav and "Dashboard" not in nav
    assert site_faults(site) == {}

    calendar = article(site / "panel" / "calendar.html")
    assert calendar is not None
    coming = calendar.xpath(".//table")[0]
    heads = [th.text_content().strip() for th in coming.xpath(".//th")]
    assert heads == ["Meeting", "Starts", "Papers due"]
    rows = coming.xpath(".//tbody/tr")
    assert len(rows) >= 10
    for row in rows:
        meeting, _, papers = (td.text_content() for td in row.xpath("./td"))
        assert AS_OF <= _long(papers) < _long(meeting)
    # no agenda on this build, so no link to one (and no case data behind it)
    assert not [h for h in links(site / "panel" / "calendar.html") if "agendas/" in h]
    feed = (site / "panel" / "meetings.ics").read_text(encoding="utf-8")
    assert "BEGIN:VEVENT" in feed and "Papers due" in feed and "agendas/" not in feed

    glossary = article(site / "glossary.html")
    assert glossary is not None
    terms = {h.text_content().strip() for h in glossary.iter("h3")}
    for wanted in (
        "Independent Reviewing Officer (IRO)",
        "Agency decision maker (ADM)",
        "Section 20 (s20)",
        "Special guardianship order (SGO)",
        "Placement order",
        "Care order",
        "Permanence",
        "Long-term fostering",
        "Early permanence",
        "Fostering for adoption (FfA)",
        "Looked-after review",
        "Public Law Outline (PLO)",
        "Resource panel",  # the Bexley pack's own term
    ):
        assert wanted in terms, wanted
    a_z = article(site / "a-z.html")
    assert a_z is not None
    entries = [li.text_content() for li in a_z.iter("li")]
    assert any(e.startswith("IRO: Independent Reviewing Officer") for e in entries)
    assert any(e.startswith("Resource panel") for e in entries)
    assert any(e.startswith("Who can refer") for e in entries)  # a section of a procedure
    pack = yaml.safe_load((repo / "policies" / "pack.yaml").read_text(encoding="utf-8"))
    for procedure in pack["procedures"]:
        assert any(e.startswith(procedure["title"]) for e in entries), procedure["title"]
    shown = [li.xpath("./a")[0].text_content() for li in a_z.iter("li")]
    words = [re.sub(r"^[^A-Za-z0-9]+", "", w).casefold() for w in shown]
    assert words == sorted(words)
    for href in links(site / "a-z.html"):
        assert resolves(site, site / "a-z.html", href), href

    whats_new = article(site / "whats-new.html")
    assert whats_new is not None
    rows = whats_new.xpath(".//table//tbody/tr")
    shown = [datetime.strptime(r.xpath("./td")[0].text_content(), "%d %b %Y").date() for r in rows]
    assert shown == sorted(shown, reverse=True)
    changes = [r.xpath("./td")[3].text_content() for r in rows]
    noted = [
        " ".join(str(n["change"]).split())
        for p in pack["procedures"]
        for n in p.get("amendments") or []
    ]
    # the demo's procedures carry no notes of their own (the seed gives none), so what's
    # new lists the dates the history recorded, in neutral words; any note is shown
    assert changes and set(noted) <= set(changes)
    assert set(changes) - set(noted) <= {"updated", "added to the site"}


def test_practitioners_build_shows_no_command_commit_message_author_or_case_id(
    repo: Path,
) -> None:
    ids = {p.name for p in (repo / "cases").iterdir()}
    assert len(ids) >= 16
    for site in _sites(repo):
        for file in site.rglob("*"):
            if not file.is_file() or file.suffix not in READER_FILES:
                continue
            text = file.read_text(encoding="utf-8")
            assert "7f3kq" not in text and "Tidy the records" not in text, file
            assert "Testauthor" not in text and "morwenna" not in text.lower(), file
    site = repo / "public-procedures"
    for file in site.rglob("*"):
        if not file.is_file() or file.suffix not in READER_FILES:
            continue
        text = file.read_text(encoding="utf-8")
        shown = (
            lxml_html.fromstring(file.read_bytes()).text_content()
            if file.suffix == ".html"
            else text
        )
        assert not COMMAND.search(shown), (file.name, COMMAND.search(shown))
        assert not set(CASE_ID.findall(text)) & ids, file.name


@pytest.mark.parametrize("audience", ["panel", "procedures"])
def test_calendar_shows_the_next_meeting_before_past_ones(repo: Path, audience: str) -> None:
    site = repo / ("public" if audience == "panel" else "public-procedures")
    node = article(site / "panel" / "calendar.html")
    assert node is not None
    note = node.xpath('.//div[contains(@class, "admonition")]')[0]
    assert "Next meeting" in note.text_content()
    coming = node.xpath(".//table")[0]
    days = [_long(r.xpath("./td")[0].text_content()) for r in coming.xpath(".//tbody/tr")]
    assert days and days == sorted(days) and days[0] >= AS_OF
    assert _long(note.text_content()) == days[0]
    details = node.xpath(".//details")
    assert len(details) == 1, "past meetings are folded away in one <details>"
    past_rows = details[0].xpath(".//tbody/tr")
    summary = details[0].xpath("./summary")[0].text_content()
    assert f"Past meetings ({len(past_rows)})" in summary
    past = [_long(r.xpath("./td")[0].text_content()) for r in past_rows]
    assert past and past == sorted(past, reverse=True) and past[0] < AS_OF
    # the next meeting comes first in the page: before every past one
    order = list(node.iter())
    assert order.index(coming) < order.index(details[0])
    assert "no record" not in node.text_content().replace("No record", "")
    if audience == "panel":
        said = {r.xpath("./td")[1].text_content() for r in past_rows}
        assert said <= {
            "Took place; the cases heard are recorded",
            "Not recorded yet: no one has written up whether it met",
        }
        for href in links(site / "panel" / "calendar.html"):
            assert resolves(site, site / "panel" / "calendar.html", href), href


def test_each_procedure_page_has_a_last_updated_line(repo: Path) -> None:
    for site in _sites(repo):
        for page in sorted((site / "procedures").glob("*.html")):
            if page.name == "index.html":
                continue
            node = article(page)
            assert node is not None
            lines = [p.text_content() for p in node.iter("p") if "Last updated" in p.text_content()]
            assert len(lines) == 1, page
            _long(lines[0])
    site = repo / "public-procedures" / "procedures"
    referral = article(site / "referral-process.html")
    statutory = article(site / "statutory-timescales.html")
    assert referral is not None and statutory is not None
    # the Bexley procedures state their approval (17 April 2018) and no version or note;
    # the statutory page states nothing, so its line gives the history's date, said so
    assert "Last updated 17 April 2018, the day it was approved" in referral.text_content()
    assert "the last change recorded in the site's history" in statutory.text_content()


def test_rule_ids_on_reader_pages_are_links_that_resolve(repo: Path) -> None:
    ids = _rule_ids(repo)
    checked = 0
    for site in _sites(repo):
        for page in sorted(site.rglob("*.html")):
            if page.name == "404.html":
                continue
            assert unlinked_rule_ids(page, ids) == [], page.relative_to(site)
            for href in links(page):
                if "#rule-" in href:
                    assert resolves(site, page, href), (page.relative_to(site), href)
                    checked += 1
    assert checked > 50


def test_see_also_titles_in_procedure_text_are_links(demo: Path) -> None:
    page = demo / "public-procedures" / "procedures" / "permanence-panel-protocol.html"
    node = article(page)
    assert node is not None
    texts = {a.text_content(): a.get("href") for a in node.xpath(".//p//a")}
    assert texts.get("Referring a child to the Permanence Panel") == "referral-process.html"
    assert (
        " ".join(next(t for t in texts if t.startswith("Recommendations,")).split())
        == "Recommendations, decisions and disagreements"
    )


def test_case_pages_say_what_came_of_each_referral(demo: Path) -> None:
    node = article(demo / "public" / "cases" / "C-0112.html")
    assert node is not None
    table = node.xpath('.//h2[.="Referrals"]/following::table[1]')[0]
    outcomes = [r.xpath("./td")[2].text_content() for r in table.xpath(".//tbody/tr")]
    assert outcomes == [
        "Decided on 3 Apr 2025",
        "Deferred, then decided on 11 Jun 2026",
        "Awaiting the panel's decision",
    ]


def test_recommendations_show_a_due_date_or_none_set_and_decisions_are_not_open(
    repo: Path,
) -> None:
    pack = yaml.safe_load((repo / "policies" / "pack.yaml").read_text(encoding="utf-8"))
    decisions = {t["label"] for t in pack["recommendation_types"] if t.get("is_decision")}
    seen = 0
    for page in sorted((repo / "public" / "cases").glob("C-*.html")):
        node = article(page)
        assert node is not None
        assert node.xpath(".//h1")[0].text_content().strip() == f"{page.stem}: case history"
        found = node.xpath('.//h2[.="Recommendations"]/following::table[1]')
        if not found or "Recommendation" not in found[0].xpath(".//th")[1].text_content():
            continue
        for row in found[0].xpath(".//tbody/tr"):
            _, what, _, due, outcome = (td.text_content().strip() for td in row.xpath("./td"))
            assert due, (page.name, what)
            label = what.split(". ", 1)[1]
            if label in decisions:
                assert outcome != "Open", (page.name, what)
            seen += 1
    assert seen > 10


def test_agendas_show_decisions_made_at_a_hearing_as_decided_not_pending(repo: Path) -> None:
    """A decision the panel made (``is_decision``) is not a task: an agenda's review of
    earlier recommendations says it was decided, never "Not yet"."""
    pack = yaml.safe_load((repo / "policies" / "pack.yaml").read_text(encoding="utf-8"))
    decisions = {t["label"] for t in pack["recommendation_types"] if t.get("is_decision")}
    shown = 0
    for page in sorted((repo / "public" / "agendas").glob("*.html")):
        node = article(page)
        assert node is not None
        for table in node.xpath('.//h2[contains(., "Review of previous")]/following::table[1]'):
            for row in table.xpath(".//tbody/tr"):
                cells = [td.text_content().strip() for td in row.xpath("./td")]
                if len(cells) < 6 or ". " not in cells[2]:
                    continue
                if cells[2].split(". ", 1)[1] in decisions:  # done, overdue or decided
                    assert cells[5] != "Not yet", (page.name, cells[2])
                    shown += cells[5] == "Decided at the hearing"
                else:
                    assert cells[5] != "Decided at the hearing", (page.name, cells[2])
    assert shown, "no agenda reviews a decision made at a hearing"


def _without_glossary(root: Path) -> Path:
    """The pack with its own glossary (the last key of the Bexley pack) taken out."""
    pack = root / "policies" / "pack.yaml"
    text = pack.read_text(encoding="utf-8")
    pack.write_text(text[: text.index("\nglossary:\n") + 1], encoding="utf-8")
    return pack


def test_a_pack_glossary_adds_terms_and_replaces_caseworks_own(
    tmp_path: Path, cli: Callable[..., Run]
) -> None:
    root = make_site_repo(tmp_path / "repo")
    pack = _without_glossary(root)
    with pack.open("a", encoding="utf-8") as handle:
        handle.write(
            "glossary:\n"
            "  - term: Fostering panel\n"
            "    means: The panel that recommends whether foster carers are approved.\n"
            "  - term: Independent reviewing officer\n"
            "    short: IRO\n"
            "    means: Our own words for the reviewing officer, 4711.\n"
        )
    assert cli("validate", "--repo", root).code == 0
    run = cli("site", "build", "--repo", root, "--audience", "procedures")
    assert run.code == 0, run.text
    site = root / "public-procedures"
    node = article(site / "glossary.html")
    assert node is not None
    text = node.text_content()
    headings = {h.text_content().strip() for h in node.iter("h3")}
    assert "Fostering panel" in headings
    assert "Independent reviewing officer (IRO)" in headings
    assert "Our own words for the reviewing officer, 4711." in text
    assert "chairs the child's looked-after reviews" not in text  # casework's words replaced
    assert "Special guardianship order (SGO)" in headings  # the rest are kept
    a_z = article(site / "a-z.html")
    assert a_z is not None
    assert "Fostering panel (glossary)" in [li.text_content() for li in a_z.iter("li")]


def test_a_malformed_glossary_is_a_finding_at_its_line(
    tmp_path: Path, cli: Callable[..., Run]
) -> None:
    root = make_site_repo(tmp_path / "repo")
    pack = _without_glossary(root)
    text = pack.read_text(encoding="utf-8")
    before = len(text.splitlines())
    entries = [
        "glossary:\n",
        "  - term: Fostering panel\n",  # no 'means'
        "  - term: Resource panel\n",
        "    means: The panel that agrees funding.\n",
    ]
    pack.write_text(text + "".join(entries), encoding="utf-8")
    run = cli("validate", "--repo", root)
    assert run.code == 1
    assert f"policies/pack.yaml:{before + 2}:5:" in run.out and "'means'" in run.out, run.out
    assert "Traceback" not in run.text
    # a term given twice (in other capitals) is a finding at the second one's line
    entries[1] = "  - term: Fostering panel\n    means: Approves foster carers.\n"
    entries += ["  - term: Resource Panel\n", "    means: Said again.\n"]
    pack.write_text(text + "".join(entries), encoding="utf-8")
    run = cli("validate", "--repo", root)
    assert run.code == 1
    twice = [line for line in run.out.splitlines() if "repeats a term" in line]
    assert len(twice) == 1 and twice[0].startswith(f"policies/pack.yaml:{before + 6}:"), run.out
    assert "Resource Panel" not in run.out  # a message names the field, never its value
    assert "Traceback" not in run.text


def test_rule_ids_in_a_procedures_prose_are_linked_but_not_in_code_or_headings(
    tmp_path: Path, cli: Callable[..., Run]
) -> None:
    root = make_site_repo(tmp_path / "repo")
    page = root / "policies" / "procedures" / "referral-process.md"
    page.write_text(
        "# Referring a child\n\n"
        "## About BX1\n\n"
        "Papers come in time (rule BX1; see also BX9 and *Recommendations, decisions and\n"
        "disagreements*). Written `BX1` in code, and [a link](https://example.invalid/BX1).\n\n"
        "```\nBX1 in a code block\n```\n",
        encoding="utf-8",
    )
    assert cli("site", "build", "--repo", root, "--audience", "procedures").code == 0
    site = root / "public-procedures"
    built = site / "procedures" / "referral-process.html"
    node = article(built)
    assert node is not None
    anchors = {a.text_content(): a.get("href") for a in node.xpath(".//p//a")}
    assert anchors["BX1"] == "#rule-BX1"  # a rule of this page: its own row
    assert anchors["BX9"] == "permanence-panel-protocol.html#rule-BX9"
    title = next(t for t in anchors if t.startswith("Recommendations"))
    assert anchors[title] == "outcomes-and-disputes.html"
    assert anchors["a link"] == "https://example.invalid/BX1"
    assert not node.xpath(".//code//a | .//pre//a | .//h2//a")
    assert [c.text_content() for c in node.xpath(".//p/code")] == ["BX1"]
    for href in links(built):
        assert resolves(site, built, href), href

"""The built demo site in a real headless Chromium: search, agendas, a late case, screenshots."""

from __future__ import annotations

import re
from datetime import date, timedelta
from pathlib import Path
from urllib.parse import urlparse

import pytest

from browser.site_support import DEMO_AS_OF, SERVED, DemoSite
from casework.engine import check_repository
from casework.policy import load_policy
from casework.schedule import next_meeting

pytestmark = pytest.mark.browser


def _search(page, query: str) -> None:  # type: ignore[no-untyped-def]
    page.locator("label.md-search__icon, .md-search__input").first.click()
    page.locator("input.md-search__input").press_sequentially(query, delay=30)
    page.locator(".md-search-result__item").first.wait_for()


def test_home_page_and_screenshot(page, demo_site: DemoSite, artifacts: Path) -> None:  # type: ignore[no-untyped-def]
    page.goto(demo_site.url)
    assert page.locator("h1").first.inner_text() == "Permanence Panel"
    page.get_by_role("link", name="Dashboard").first.wait_for()
    page.screenshot(path=str(artifacts / "home.png"), full_page=True)


def _procedure_word(demo_site: DemoSite) -> tuple[str, str]:
    """A word that only one procedure's text uses, and that procedure's page."""
    docs = demo_site.root / ".site-build" / "panel" / "docs"
    words: dict[str, set[str]] = {}
    for file in docs.rglob("*.md"):
        for word in set(re.findall(r"[a-z]{8,}", file.read_text(encoding="utf-8").lower())):
            words.setdefault(word, set()).add(file.relative_to(docs).as_posix())
    written = set()
    for source in (demo_site.root / "policies" / "procedures").glob("*.md"):
        written |= set(re.findall(r"[a-z]{8,}", source.read_text(encoding="utf-8").lower()))
    unique = sorted(
        (word, next(iter(pages)))
        for word, pages in words.items()
        if word in written and len(pages) == 1 and next(iter(pages)).startswith("procedures/")
    )
    assert unique, "the demo procedures have text of their own"
    return unique[0]


def test_search_finds_procedure_text_and_follows_it(page, demo_site: DemoSite) -> None:  # type: ignore[no-untyped-def]
    word, source = _procedure_word(demo_site)
    page.goto(demo_site.url)
    _search(page, word)
    page.locator(".md-search-result__item a").first.click()
    page.wait_for_load_state()
    assert urlparse(page.url).path == "/" + source.removesuffix(".md") + ".html"
    assert word in page.locator("article").inner_text().lower()


def test_search_finds_a_case_pseudonym_and_reaches_its_history(page, demo_site: DemoSite) -> None:  # type: ignore[no-untyped-def]
    case_id = sorted(p.name for p in (demo_site.root / "cases").iterdir())[-1]
    page.goto(demo_site.url)
    _search(page, case_id)
    result = page.locator(".md-search-result__item a", has_text=case_id).first
    result.click()
    page.wait_for_load_state()
    assert "/cases/numbers/" in page.url
    page.get_by_role("link", name=f"Case history of {case_id}").click()
    page.wait_for_load_state()
    assert page.url.endswith(f"/cases/{case_id}.html")
    assert page.locator("h1").first.inner_text() == f"{case_id}: case history"


@pytest.mark.parametrize(
    ("query", "expected"),
    [("C-0115", "/cases/numbers/C-01.html")],
)
def test_search_ranks_the_page_of_a_case_id_first(
    page, demo_site: DemoSite, query: str, expected: str
) -> None:  # type: ignore[no-untyped-def]
    page.goto(demo_site.url)
    _search(page, query)
    from playwright.sync_api import expect

    # results refresh as each key is typed: wait for the full query's ranking
    first = page.locator(".md-search-result__item a").first
    expect(first).to_have_attribute("href", re.compile(re.escape(expected) + r"(\?|#|$)"))
    page.wait_for_timeout(1000)  # and it stays so once typing has stopped
    assert urlparse(first.get_attribute("href") or "").path.endswith(expected)


def _meeting_day(site: DemoSite, when: str) -> str:
    """A meeting of the demo calendar: among the coming ones, not the next (the home page
    and calendar point at it) but the one after; among the past ones, one far down."""
    days = sorted(p.stem for p in (site.output / "agendas").glob("2*.html"))
    coming = [d for d in days if d >= DEMO_AS_OF.isoformat()]
    past = [d for d in days if d < DEMO_AS_OF.isoformat()]
    return coming[1] if when == "coming" else past[len(past) // 4]


@pytest.mark.parametrize("when", ["coming", "past"])
@pytest.mark.parametrize("form", ["as records write it", "in words"])
def test_search_for_a_meeting_date_ranks_its_calendar_entry_first(  # type: ignore[no-untyped-def]
    page, demo_site: DemoSite, when: str, form: str
) -> None:
    """A coordinator types a panel date: the first result is the calendar's entry for
    that meeting (its row), the meeting's agenda next, and the row opens the calendar
    at the meeting."""
    from playwright.sync_api import expect

    day = _meeting_day(demo_site, when)
    written = date.fromisoformat(day)
    query = day if form == "as records write it" else f"{written.day} {written:%B %Y}"
    page.goto(demo_site.url)
    _search(page, query)
    results = page.locator(".md-search-result__item")
    row = results.first.locator("a[href*='#']").first
    # results refresh as each key is typed: wait for the full query's ranking
    expect(row).to_have_attribute(
        "href", re.compile(rf"/panel/calendar\.html\?[^#]*#meeting-{day}$")
    )
    page.wait_for_timeout(1000)  # and it stays so once typing has stopped
    first = [urlparse(a.get_attribute("href") or "") for a in results.first.locator("a").all()]
    assert first[0].path.endswith("/panel/calendar.html")
    assert next(link.fragment for link in first if link.fragment) == f"meeting-{day}"
    agenda = urlparse(results.nth(1).locator("a").first.get_attribute("href") or "")
    assert agenda.path.endswith(f"/agendas/{day}.html")
    row.click()
    page.wait_for_load_state()
    assert urlparse(page.url).path.endswith("/panel/calendar.html")
    target = page.locator("article tr:target")
    expect(target).to_have_count(1)
    expect(target).to_be_visible()  # a past meeting's row too, folded under "Past meetings"
    expect(target).to_be_in_viewport()
    assert " ".join(target.inner_text().split()).startswith(f"{written:%a} {written.day} ")


def _pages_with_word(site: DemoSite, word: str) -> set[str]:
    """The pages whose search entries hold ``word`` as a whole word or the start of one."""
    import json

    index = json.loads((site.output / "search" / "search_index.json").read_text("utf-8"))
    pattern = re.compile(rf"(?<![\w-]){re.escape(word)}", re.I)
    return {
        doc["location"].split("#")[0]
        for doc in index["docs"]
        if pattern.search(doc["title"] + " " + doc["text"] + " " + " ".join(doc.get("tags", [])))
    }


def test_search_finds_a_case_id_as_one_word(page, demo_site: DemoSite) -> None:  # type: ignore[no-untyped-def]
    from playwright.sync_api import expect

    case_id = sorted(p.name for p in (demo_site.root / "cases").iterdir())[-1]
    expected = _pages_with_word(demo_site, case_id)
    assert "cases/numbers/C-01.html" in expected  # case pages themselves are not indexed
    page.goto(demo_site.url)
    _search(page, case_id)
    count = len(expected)
    meta = f"{count} matching document" + ("s" if count != 1 else "")
    # only the pages that name the case, not every page with a "c" word or the number
    expect(page.locator(".md-search-result__meta")).to_have_text(meta)
    page.wait_for_timeout(1000)  # and it stays so once typing has stopped
    assert page.locator(".md-search-result__meta").inner_text() == meta


def _cells(row) -> list[str]:  # type: ignore[no-untyped-def]
    return [" ".join(cell.text_content().split()) for cell in row.xpath("./th|./td")]


def _snippet(result) -> str:  # type: ignore[no-untyped-def]
    """A search result's text under its heading, as shown (the <mark>s change nothing),
    without its keywords (a calendar row's date, shown after it as tags)."""
    heading = result.locator("article h2").inner_text()
    text = result.locator("article").evaluate(
        "a => { const c = a.cloneNode(true); c.querySelectorAll('.md-tags').forEach(t => "
        "t.remove()); return c.innerText; }"
    )
    return str(text).removeprefix(heading).strip()


def _first_to_last_word(text: str) -> str:
    """What Material shows of an entry's text: from its first word to its last (a closing
    bracket at the very end is not shown, for any entry)."""
    return re.sub(r"^\W+|\W+$", "", text)


def test_search_shows_a_calendar_row_readably_and_opens_it(  # type: ignore[no-untyped-def]
    page, procedures_site: DemoSite, artifacts: Path
) -> None:
    """A practitioner searches a panel date: the result is that row of the calendar, each
    cell after its heading, shown (not folded away), and it opens the calendar at the row."""
    from lxml import html as lxml_html
    from playwright.sync_api import expect

    calendar = procedures_site.output / "panel" / "calendar.html"
    table = lxml_html.fromstring(calendar.read_bytes()).xpath(
        "//h2[@id='coming-meetings']/following::table[1]"
    )[0]
    headings = _cells(table.xpath("./thead/tr")[0])
    row = table.xpath("./tbody/tr")[1]  # the meeting after the next one
    cells = _cells(row)
    expected = " \u00b7 ".join(f"{h}: {c}" for h, c in zip(headings, cells, strict=True))
    assert expected.startswith("Meeting: ") and " \u00b7 Papers due: " in expected
    query = cells[0].split(" ", 1)[1]  # "10 December 2026": the date as a reader types it
    page.goto(procedures_site.url)
    _search(page, query)
    result = page.locator(f'.md-search-result__item a[href*="#{row.get("id")}"]')
    expect(result).to_be_visible()
    page.wait_for_timeout(1000)  # results refresh as each key is typed: the final ones
    expect(result).to_be_visible()
    assert result.locator("article h2").inner_text() == "Coming meetings"
    # cells apart, each after its heading, and no other row's words
    assert _snippet(result) == _first_to_last_word(expected)
    # the meeting's date is its keywords, as records write it and as the row shows it
    [time] = row.xpath(".//time")
    tags = result.locator(".md-tags .md-tag").all_inner_texts()  # matched words <mark>ed
    assert [" ".join(tag.split()) for tag in tags] == [
        time.get("datetime"),
        time.text_content(),
    ]
    page.screenshot(path=str(artifacts / "search-calendar-row.png"))
    result.click()
    page.wait_for_load_state()
    assert urlparse(page.url).path.endswith("/panel/calendar.html")
    assert urlparse(page.url).fragment == row.get("id")
    target = page.locator("article tr:target")
    expect(target).to_have_count(1)
    assert " ".join(target.inner_text().split()).startswith(cells[0])


def test_search_shows_a_dashboard_row_of_a_case_readably(page, demo_site: DemoSite) -> None:  # type: ignore[no-untyped-def]
    """On the panel site, a case id finds its rows of the dashboard's tables, each a row."""
    from lxml import html as lxml_html
    from playwright.sync_api import expect

    dashboard = lxml_html.fromstring((demo_site.output / "dashboard.html").read_bytes())
    table = dashboard.xpath("//h2[@id='by-rule']/following::table[1]")[0]
    headings = _cells(table.xpath("./thead/tr")[0])
    row = table.xpath("./tbody/tr")[0]
    cells = _cells(row)
    assert headings[0] == "Case" and re.fullmatch(r"C-\d{4}", cells[0])
    expected = " \u00b7 ".join(f"{h}: {c}" for h, c in zip(headings, cells, strict=True))
    page.goto(demo_site.url)
    _search(page, cells[0])
    result = page.locator(
        f'.md-search-result__item a[href*="dashboard.html"][href*="#{row.get("id")}"]'
    )
    expect(result).to_be_visible()
    page.wait_for_timeout(1000)
    expect(result).to_be_visible()
    assert _snippet(result) == _first_to_last_word(expected)


def test_next_meeting_agenda_shows_its_cases(page, demo_site: DemoSite, artifacts: Path) -> None:  # type: ignore[no-untyped-def]
    policy = load_policy(demo_site.root / "policies", demo_site.root)
    day = next_meeting(policy.panel, policy.calendar, DEMO_AS_OF - timedelta(days=1))
    assert day is not None
    referred = {
        p.parent.name for p in (demo_site.root / "cases").glob(f"*/{day.isoformat()}-referral.yaml")
    }
    assert referred, "the demo data refers cases to the next meeting"
    page.goto(demo_site.url + "agendas/index.html")
    page.get_by_role("link", name=re.compile(f"{day.day} {day:%B %Y}")).first.click()
    page.wait_for_load_state()
    assert page.url.endswith(f"/agendas/{day.isoformat()}.html")
    article = page.locator("article").inner_text()
    shown = set(re.findall(r"C-\d{4,8}", article))
    assert referred <= shown
    page.screenshot(path=str(artifacts / "agenda.png"), full_page=True)
    page.emulate_media(media="print")
    page.pdf(path=str(artifacts / "agenda.pdf"), format="A4", print_background=True)
    assert not page.locator(".md-header").is_visible()  # the print layout hides the header


def test_late_demo_case_shows_its_breach(page, demo_site: DemoSite, artifacts: Path) -> None:  # type: ignore[no-untyped-def]
    findings, _policy, _records = check_repository(demo_site.root, as_of=DEMO_AS_OF)
    breached = sorted({f.case for f in findings if str(f.status) == "breached" and f.case})
    assert breached, "the demo data has a case with a breached timescale"
    case_id = breached[0]
    rule = next(f.rule for f in findings if f.case == case_id and str(f.status) == "breached")
    page.goto(demo_site.url + "dashboard.html")
    page.locator("article").get_by_role("link", name=case_id).first.click()
    page.wait_for_load_state()
    assert page.url.endswith(f"/cases/{case_id}.html")
    warning = page.locator(".admonition.danger")
    assert "breached" in warning.inner_text().lower() and rule in warning.inner_text()
    page.screenshot(path=str(artifacts / "case.png"), full_page=True)


def test_no_request_leaves_the_site(demo_site: DemoSite) -> None:
    # runs last in this module: every page the other tests opened is in the log
    assert demo_site.requests, "the browser tests made requests"
    assert urlparse(demo_site.url).netloc in SERVED
    outside = [
        url
        for url in demo_site.requests
        if urlparse(url).scheme in ("http", "https") and urlparse(url).netloc not in SERVED
    ]
    assert outside == []


def test_printed_agenda_pdf_carries_marking_members_quorum_and_page_numbers(
    page, demo_site: DemoSite, artifacts: Path
) -> None:  # type: ignore[no-untyped-def]
    import io

    from pypdf import PdfReader

    held = sorted((demo_site.root / "meetings").glob("*-meeting.yaml"))[-1].name[:10]
    page.goto(f"{demo_site.url}agendas/{held}.html")
    page.emulate_media(media="print")
    pdf = page.pdf(format="A4", print_background=False, display_header_footer=False)
    (artifacts / "agenda-print.pdf").write_bytes(pdf)
    reader = PdfReader(io.BytesIO(pdf))
    text = "\n".join(p.extract_text() for p in reader.pages)
    assert text.count("OFFICIAL-SENSITIVE") >= 2  # head and foot of the agenda
    assert "Members" in text and "Quorum" in text and "at least 2 other members" in text
    assert "Apologies" in text and "Printed" in text
    assert f"Page 1 of {len(reader.pages)}" in text

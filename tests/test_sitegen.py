"""Units of the site generator: papers deadlines, agenda slots, recommendations, feed, chart."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import pytest

from casework.sitegen import agendas, calendar, dashboard
from casework.sitegen.chart import Series, line_chart
from casework.sitegen.indexes import number_block, number_page
from casework.sitegen.model import SiteData, load_site_data
from casework.sitegen.pages import md
from casework.sitegen.recommendations import Recommendation, all_recommendations
from sitegen_repo import AS_OF, NEXT_MEETING, make_site_repo


@pytest.fixture(scope="module")
def data(tmp_path_factory: pytest.TempPathFactory) -> SiteData:
    root = make_site_repo(tmp_path_factory.mktemp("sitegen") / "repo")
    return load_site_data(root, "panel", AS_OF)


def test_papers_deadline_is_counted_in_working_days_from_the_packs_rule(data: SiteData) -> None:
    rule = calendar.papers_rule(data.policy)
    assert rule is not None and rule.id == "BX1"
    # Good Friday and Easter Monday fall between: Thursday 9 April 2026 -> Thursday 2 April.
    assert rule.deadline(data.policy, date(2026, 4, 9)) == date(2026, 4, 2)
    assert rule.deadline(data.policy, NEXT_MEETING) == date(2026, 11, 23)


def test_calendar_lists_scheduled_meetings_with_their_deadlines(data: SiteData) -> None:
    found = {m.day: m for m in calendar.meetings(data)}
    assert NEXT_MEETING in found and date(2026, 12, 10) in found
    assert date(2026, 12, 3) not in found  # the panel meets fortnightly
    assert found[NEXT_MEETING].papers_due == date(2026, 11, 23)
    assert found[date(2026, 11, 12)].held and not found[NEXT_MEETING].held


def _agenda(data: SiteData, day: date) -> agendas.Agenda:
    planned = agendas.plan_agendas(data, calendar.meetings(data))
    return next(a for a in planned if a.meeting.day == day)


def test_slots_follow_the_packs_priority_and_the_rest_are_carried(data: SiteData) -> None:
    agenda = _agenda(data, NEXT_MEETING)
    assert data.policy.panel["max_cases"] == 5
    # in proceedings first, then papers on time by submission date; late papers last
    assert [c.case_id for c in agenda.slots] == ["C-0106", "C-0102", "C-0103", "C-0104", "C-0105"]
    assert [c.case_id for c in agenda.carried] == ["C-0101", "C-0107"]
    assert [c.case_id for c in agenda.carried if c.papers_late] == ["C-0107"]
    following = _agenda(data, date(2026, 12, 10))
    assert [c.case_id for c in following.slots] == ["C-0101", "C-0107"]
    assert all(c.carried_from == NEXT_MEETING for c in following.slots)


def test_time_plan_gives_each_case_its_slot_minutes(data: SiteData) -> None:
    plan = _agenda(data, NEXT_MEETING).plan
    assert plan[0].start == "10:00" and plan[0].title == "Purpose of panel"
    parts = [t for t in plan if t.case_id == "C-0106"]
    assert [t.minutes for t in parts] == [5, 15, 5]  # protocol 1.14
    assert parts[0].start == "10:17"  # 2 + 2 + 3 + 10 minutes of standing items first
    assert len([t for t in plan if t.case_id]) == 15


def test_previous_recommendations_show_whether_each_was_done(data: SiteData) -> None:
    agenda = _agenda(data, NEXT_MEETING)
    rows = {(r.case_id, r.number): r for r in agenda.previous}
    done, not_done = rows[("C-0043", 1)], rows[("C-0043", 2)]
    assert done.done == date(2026, 11, 18) and done.outcome(AS_OF) == "done"
    assert not_done.done is None and not_done.outcome(AS_OF) == "overdue"
    # each comes first at the first meeting on or after its due date; one still not done
    # comes back at every meeting after that until it is done
    april = {(r.case_id, r.number) for r in _agenda(data, date(2026, 4, 2)).previous}
    assert ("C-0044", 1) in april  # due 2 April, never done
    assert rows[("C-0044", 1)].outcome(AS_OF) == "overdue"
    assert agenda.still_open >= 1
    december = {(r.case_id, r.number) for r in _agenda(data, date(2026, 12, 10)).previous}
    assert december == {("C-0043", 2), ("C-0044", 1)}  # the done one is not carried


def test_ics_feed_is_valid_icalendar(data: SiteData) -> None:
    found = calendar.meetings(data)
    text = calendar.ics_feed(data, found, agendas.planned_minutes(data))
    lines = text.split("\r\n")
    assert lines[0] == "BEGIN:VCALENDAR" and lines[-2] == "END:VCALENDAR" and lines[-1] == ""
    assert all(len(line.encode()) <= 75 for line in lines)
    assert text.count("BEGIN:VEVENT") == 2 * len(found)
    assert "DTSTART;TZID=Europe/London:20261126T100000" in text
    assert "BEGIN:VTIMEZONE" in text and "TZID:Europe/London" in text
    assert "DESCRIPTION:Agenda: agendas/2026-11-26.html" in text
    assert "URL:" not in text  # no site_url in mkdocs.yml: no address to give
    assert "DTSTART;VALUE=DATE:20261123" in text
    assert "C-0" not in text  # meetings and deadlines only, no case


def test_ics_feed_links_each_meeting_to_its_agenda_at_the_site_url(
    data: SiteData, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(calendar, "site_url", lambda _data: "https://intranet.example/panel/")
    text = calendar.ics_feed(data, calendar.meetings(data), agendas.planned_minutes(data))
    unfolded = text.replace("\r\n ", "")
    assert "URL:https://intranet.example/panel/agendas/2026-11-26.html\r\n" in unfolded


def test_chart_counts_overdue_items_at_each_month_end() -> None:
    class F:
        def __init__(self, due: date, done: date | None) -> None:
            self.due, self.done = due, done

    findings = [F(date(2026, 9, 10), None), F(date(2026, 9, 10), date(2026, 10, 5))]
    assert dashboard.overdue_on(findings, date(2026, 9, 30)) == 2
    assert dashboard.overdue_on(findings, date(2026, 10, 31)) == 1
    assert dashboard.late_in(findings, date(2026, 9, 30), date(2026, 10, 31)) == 1
    ends = dashboard.month_ends(date(2026, 11, 24))
    assert ends[-2:] == [date(2026, 10, 31), date(2026, 11, 24)] and len(ends) == 12
    svg = line_chart("t", ["a", "b"], [Series("s", [0, 3])])
    assert svg.startswith("<svg") and svg.count("<circle") == 2


def test_markdown_escaping_and_grouping() -> None:
    assert md("a|b *c* <d>") == "a\\|b \\*c\\* &lt;d&gt;"
    assert number_block("C-0042") == "C-00" and number_block("C-12345678") == "C-12"


def test_unchanged_pages_keep_their_modification_time(tmp_path: Path) -> None:
    from casework.sitegen.pages import Pages

    pages = Pages(tmp_path)
    pages.write("a.md", "same")
    before = (tmp_path / "a.md").stat().st_mtime_ns
    Pages(tmp_path).write("a.md", "same")
    assert (tmp_path / "a.md").stat().st_mtime_ns == before


def test_findings_and_hearings_are_looked_up_per_case_as_a_full_scan_would_find_them(
    data: SiteData,
) -> None:
    assert data.findings, "the test repository has findings"
    for case_id in data.cases:
        scanned = [f for f in data.findings if f.case == case_id]
        assert data.findings_for(case_id) == scanned
        heard = sorted(d for d, m in data.meetings.items() if case_id in m.data["cases_heard"])
        assert data.meetings_heard(case_id) == heard
    assert data.meetings_heard("C-0043") == [date(2026, 11, 12)]
    assert data.findings_for("C-9999") == []


def _back(rec: Recommendation) -> date:
    """Reviewed from its due date; without one, from the day after the hearing."""
    return rec.due or rec.hearing + timedelta(days=1)


def test_recommendation_without_due_date_comes_back_at_the_next_meeting() -> None:
    demo = load_site_data(Path(__file__).resolve().parent.parent, "panel", date(2026, 11, 22))
    planned = agendas.plan_agendas(demo, calendar.meetings(demo))
    after = next(a for a in planned if a.meeting.day == date(2026, 11, 26))
    # C-0116 was heard on 12 November; its items have owners but no due dates
    assert {(r.case_id, r.number) for r in after.previous} >= {("C-0116", 1), ("C-0116", 2)}
    earlier = next(a for a in planned if a.meeting.day == date(2026, 11, 12))
    assert all(r.case_id != "C-0116" or r.hearing < date(2026, 11, 12) for r in earlier.previous)


def test_each_due_recommendation_comes_back_until_it_is_done(data: SiteData) -> None:
    found = calendar.meetings(data)
    planned = agendas.plan_agendas(data, found)
    assert any(a.previous for a in planned)
    previous_day = None
    for agenda in planned:
        day = agenda.meeting.day
        assert len({(r.case_id, r.ref) for r in agenda.previous}) == len(agenda.previous)
        new = [
            r
            for r in all_recommendations(data)
            if r.hearing < day
            and _back(r) <= day
            and (previous_day is None or _back(r) > previous_day)
        ]
        carried = [
            r
            for r in all_recommendations(data)
            if previous_day is not None
            and r.hearing < previous_day
            and r.due
            and _back(r) <= previous_day
            and not r.done_by(agenda.known_by)
        ]
        assert {(r.case_id, r.ref) for r in agenda.previous} == {
            (r.case_id, r.ref) for r in new + carried
        }
        assert agenda.still_open == len(carried)
        previous_day = day


def test_dashboard_stays_short_and_each_group_page_lists_every_item(
    data: SiteData, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from casework.sitegen import cases
    from casework.sitegen.pages import Pages

    monkeypatch.setattr(dashboard, "SHOWN", 1)
    views = cases.case_views(data)
    dashboard.write(Pages(tmp_path), data, views, [])
    main = (tmp_path / "dashboard.md").read_text(encoding="utf-8")
    breached = [f for f in data.findings if str(f.status) == "breached" and f.case in data.cases]
    by_rule: dict[str, set[str]] = {}
    for f in breached:
        by_rule.setdefault(f.rule, set()).add(f.case)
    assert any(len(c) > 1 for c in by_rule.values()), "a rule is breached by several cases"
    for rule, case_ids in by_rule.items():
        page = tmp_path / "dashboard" / "rule" / f"{rule}.md"
        text = page.read_text(encoding="utf-8")
        assert "search:\n  exclude: true" in text
        # the tables are HTML, linking the built pages
        assert all(f'<a href="../../cases/{c}.html">{c}</a>' in text for c in case_ids)
        section = main.split(f"### {rule} ")[1].split("\n### ")[0]
        assert section.count("<strong>Breached</strong>") == 1  # only the most overdue here...
        if len(case_ids) > 1:  # ...and a link to the rest
            assert f"(dashboard/rule/{rule}.md)" in section
    team_pages = {p.stem for p in (tmp_path / "dashboard" / "team").glob("*.md")}
    assert team_pages == {data.cases[f.case].data["team"] for f in breached} | {
        data.cases[f.case].data["team"]
        for f in data.findings
        if str(f.status) == "due_soon" and f.case in data.cases
    }


def test_number_pages_hold_at_most_a_hundred_cases() -> None:
    assert number_page("C-0042") == "C-00" == number_block("C-0042")
    assert number_page("C-01234") == "C-012" and number_block("C-01234") == "C-01"
    assert number_page("C-12345678") == "C-123456"
    ids = [f"C-{n:05d}" for n in range(1, 2500)]
    pages = {number_page(i) for i in ids}
    assert len(pages) == 25
    assert max(sum(number_page(i) == p for i in ids) for p in pages) == 100


def test_long_case_lists_go_on_to_further_pages_each_case_once(
    data: SiteData, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import re

    from casework.sitegen import cases, indexes
    from casework.sitegen.pages import Pages

    assert indexes.list_pages("cases/team/x", 0) == ["cases/team/x.md"]
    assert indexes.list_pages("cases/team/x", 401, 200) == [
        "cases/team/x.md",
        "cases/team/x-2.md",
        "cases/team/x-3.md",
    ]
    monkeypatch.setattr(indexes, "LIST_PAGE", 2)
    row = re.compile(r'^<td><a href="[^"]+">(C-\d+)</a>', re.M)
    views = cases.case_views(data)
    indexes.write(Pages(tmp_path), data, views)
    for team in {v.team for v in views}:
        members = sorted(v.case_id for v in views if v.team == team)
        files = sorted((tmp_path / "cases" / "team").glob(f"{team}*.md"))
        assert len(files) == -(-len(members) // 2)
        listed = [case_id for file in files for case_id in row.findall(file.read_text("utf-8"))]
        assert sorted(listed) == members
        if len(files) > 1:
            second = (tmp_path / "cases" / "team" / f"{team}-2.md").read_text("utf-8")
            assert f"[1]({team}.md) · **2**" in second and f"_{len(members)} cases," in second
    numbers = (tmp_path / "cases" / "index.md").read_text("utf-8").split("## By number")[1]
    assert "[C-00xx](numbers/C-00.md)" in numbers and "[C-01xx](numbers/C-01.md)" in numbers


def test_search_separator_keeps_case_ids_and_dates_whole() -> None:
    import re

    from casework.sitegen.search import SEARCH_SEPARATOR

    def words(text: str) -> list[str]:
        return [w for w in re.split(SEARCH_SEPARATOR, text) if w]

    assert words("Case 1: summary (C-0115), heard 2026-12-10.") == [
        "Case", "1", "summary", "C-0115", "heard", "2026-12-10."
    ]  # fmt: skip
    assert words("a long-term plan; 10:00–10:10, rule 1.24") == [
        "a", "long", "term", "plan", "10", "00", "10", "10", "rule", "1.24"
    ]  # fmt: skip
    # a table row's entry: its cells apart, the middle dot between them no word
    assert words("Case: C-0115 \u00b7 Due: 15 Oct 2026") == [
        "Case", "C-0115", "Due", "15", "Oct", "2026"
    ]  # fmt: skip


def test_table_cells_are_labelled_with_their_column_heading() -> None:
    from casework.sitegen.finish import finish_page

    table = (
        "<table>\n<thead>\n<tr>\n<th>Rule</th>\n<th>Due &amp; done</th>\n<th></th>\n</tr>\n"
        "</thead>\n<tbody>\n<tr>\n<td><a href='x'>S1</a></td>\n<td>1 May</td>\n<td>x</td>\n"
        "</tr>\n</tbody>\n</table>"
    )
    done = finish_page(table)
    assert '<td data-label="Rule"><a' in done and '<td data-label="Due &amp; done">1' in done
    assert "<td>x</td>" in done  # an empty heading gives no label
    merged = table.replace("<td>1 May</td>", '<td colspan="2">1 May</td>')
    assert finish_page(merged) == merged

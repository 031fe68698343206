"""The panel calendar: every meeting with its papers deadline, and an iCalendar feed."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from casework.errors import CaseworkError
from casework.policy import Policy
from casework.ruleversions import grouped, in_force, timeline
from casework.schedule import scheduled_dates
from casework.sitegen.model import SiteData, parse
from casework.sitegen.pages import Pages, agenda_page
from casework.workdays import Duration

ICS_PATH = "panel/meetings.ics"
CALENDAR_PAGE = "panel/calendar.md"
#: how far ahead of the as-of date the calendar and agendas look
HORIZON_DAYS = 183


@dataclass(frozen=True)
class PapersRule:
    """The pack's rule for when referral papers are due before a meeting."""

    id: str
    title: str
    clause: str
    duration: Duration | None
    weekday: str | None
    time: str | None

    def deadline(self, policy: Policy, meeting: date) -> date:
        if self.duration is not None:
            return policy.calendar.before(meeting, self.duration)
        return policy.calendar.weekday_before(meeting, self.weekday or "friday")

    def describe(self) -> str:
        if self.duration is not None:
            return f"{self.duration.describe()} before the meeting"
        at = f", {self.time}" if self.time else ""
        return f"the {self.weekday} before the meeting{at}"


@dataclass(frozen=True)
class Meeting:
    day: date
    start: str
    papers_due: date | None
    held: bool
    extraordinary: bool
    record: Any = None

    @property
    def corrections(self) -> list[tuple[date, str]]:
        """(day made, the fields it changed, in words) for each correction of the meeting's
        record that the page reads (casework.corrections), oldest first. Never a file name:
        reader pages do not show them."""
        found = []
        for record in getattr(self.record, "corrections", ()):
            fields = ", ".join(str(name).replace("_", " ") for name in record.data["changes"])
            found.append((date.fromisoformat(record.data["date"]), fields))
        return found


def several(policy: Policy) -> bool:
    return len(policy.panels) > 1


def calendar_page(policy: Policy, panel: dict[str, Any]) -> str:
    """The panel's calendar page (``panel/calendar.md`` where the pack has one panel)."""
    return f"panel/calendar-{panel['id']}.md" if several(policy) else CALENDAR_PAGE


def ics_path(policy: Policy, panel: dict[str, Any]) -> str:
    return f"panel/meetings-{panel['id']}.ics" if several(policy) else ICS_PATH


def for_panel(policy: Policy, record: Any, panel: dict[str, Any]) -> bool:
    """A referral or meeting record is for this panel (one that names none: the only one)."""
    named = record.data.get("panel")
    return named == panel["id"] if named is not None else not several(policy)


def _panel_deadline(panel: dict[str, Any]) -> PapersRule | None:
    deadline = panel.get("papers_deadline")
    if not deadline:
        return None
    title = f"Papers deadline of the {panel['name']}"
    if "working_days_before" in deadline:
        duration = Duration(int(deadline["working_days_before"]), "working_days")
        return PapersRule("", title, "", duration, None, deadline.get("time"))
    return PapersRule("", title, "", None, deadline["weekday_before"], deadline.get("time"))


def papers_rule(
    policy: Policy, panel: dict[str, Any] | None = None, day: date | None = None
) -> PapersRule | None:
    """When papers are due for a panel: the ``before`` rule anchored on a referral's panel
    date for this panel (``where: {panel: ID}``), else the panel's own ``papers_deadline``,
    else such a rule naming no panel. A rule with versions gives its version in force on
    ``day`` (default: its latest version)."""
    panel = panel or policy.panel
    current = []
    for versions in grouped(policy.rules):
        chosen = in_force(versions, day) if day else timeline(versions)[-1].rule
        if chosen is not None:
            current.append(chosen)
    own = [
        r
        for r in current
        if r.get("kind") == "before"
        and (r.get("anchor") or {}).get("event") == "referral"
        and ((r["anchor"].get("where") or {}).get("panel") in (None, panel["id"]))
    ]
    named = [r for r in own if (r["anchor"].get("where") or {}).get("panel") == panel["id"]]
    if not named and _panel_deadline(panel):
        return _panel_deadline(panel)
    for rule in named or own:
        anchor = rule.get("anchor") or {}
        if rule.get("kind") == "before" and anchor.get("event") == "referral":
            by = rule["by"]
            if "weekday_before" in by:
                return PapersRule(
                    rule["id"],
                    rule["title"],
                    rule["clause"],
                    None,
                    by["weekday_before"],
                    by.get("time"),
                )
            return PapersRule(
                rule["id"], rule["title"], rule["clause"], Duration.from_mapping(by), None, None
            )
    return None


def meetings(data: SiteData, panel: dict[str, Any] | None = None) -> list[Meeting]:
    """A panel's scheduled meetings from the first record to the horizon, plus any held
    off-schedule."""
    policy = data.policy
    panel = panel or policy.panel
    referral_days = {
        parse(r.data["panel_date"]) for r in data.referrals() if for_panel(policy, r, panel)
    }
    held_here = {d: r for d, r in data.meetings.items() if for_panel(policy, r, panel)}
    known = set(held_here) | {d for d in referral_days if d}
    start = min([*known, data.as_of - timedelta(days=90)])
    end = data.as_of + timedelta(days=HORIZON_DAYS)
    days = set(scheduled_dates(panel, policy.calendar, start, end)) | known
    found = []
    for day in sorted(days):
        record = held_here.get(day)
        found.append(
            Meeting(
                day=day,
                start=str(
                    (record.data.get("start_time") if record else None)
                    or panel.get("start_time")
                    or "10:00"
                ),
                papers_due=_papers_due(policy, panel, day),
                held=record is not None and day <= data.as_of,
                extraordinary=bool(record.data.get("extraordinary"))
                if record
                else day not in set(scheduled_dates(panel, policy.calendar, day, day)),
                record=record,
            )
        )
    return found


def _papers_due(policy: Policy, panel: dict[str, Any], day: date) -> date | None:
    rule = papers_rule(policy, panel, day)
    return rule.deadline(policy, day) if rule else None


def write(
    pages: Pages,
    data: SiteData,
    found: list[Meeting],
    minutes: int,
    panel: dict[str, Any] | None = None,
) -> None:
    panel = panel or data.policy.panel
    upcoming = [m for m in found if m.day >= data.as_of]
    past = [m for m in found if m.day < data.as_of]
    title = f"Calendar: {panel['name']}" if several(data.policy) else "Panel calendar"
    pages.render(
        calendar_page(data.policy, panel),
        "calendar.md.j2",
        meta={"title": title},
        data=data,
        panel=panel,
        upcoming=upcoming,
        past=list(reversed(past)),
        next_meeting=upcoming[0] if upcoming else None,
        rule=papers_rule(data.policy, panel),
        agendas=data.panel_audience,
        agenda_page=agenda_page,
        ics=ics_path(data.policy, panel),
        cadence=describe_cadence(panel),
    )
    pages.write(ics_path(data.policy, panel), ics_feed(data, found, minutes, panel))


def write_overview(pages: Pages, data: SiteData) -> None:
    """Where a pack has several panels: ``panel/calendar.md`` links each panel's calendar."""
    pages.render(
        "panel/calendar.md",
        "calendars.md.j2",
        meta={"title": "Panel calendars"},
        data=data,
        calendar_page=calendar_page,
    )


def nav_entry(policy: Policy) -> dict[str, Any]:
    """The site navigation's calendar entry: one page, or one per panel."""
    if not several(policy):
        return {"Calendar": CALENDAR_PAGE}
    return {
        "Calendars": [
            CALENDAR_PAGE,
            *({p["name"]: calendar_page(policy, p)} for p in policy.panels),
        ]
    }


def describe_cadence(panel: dict[str, Any]) -> str:
    cadence = panel["cadence"]
    if "dates" in cadence:
        return "on the dates the pack lists"
    every = {"week": "every week", "fortnight": "every fortnight", "four_weeks": "every four weeks"}
    day = str(cadence.get("weekday", "")).capitalize()
    if cadence.get("every") == "month":
        nth = int(cadence.get("nth", 1))
        order = {1: "first", 2: "second", 3: "third", 4: "fourth", -1: "last"}.get(nth, str(nth))
        return f"on the {order} {day} of every month"
    return f"{every.get(cadence.get('every'), 'regularly')} on a {day}"


def _escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,").replace("\n", "\\n")


def _fold(line: str) -> str:
    """RFC 5545 3.1: lines longer than 75 octets continue on a line starting with a space."""
    out, current = [], ""
    for char in line:
        if len((current + char).encode("utf-8")) > 75:
            out.append(current)
            current = " " + char
        else:
            current += char
    out.append(current)
    return "\r\n".join(out)


#: the feed's time zone (RFC 5545 VTIMEZONE): UK time, with the EU/UK summer time rules
TIMEZONE = [
    "BEGIN:VTIMEZONE",
    "TZID:Europe/London",
    "BEGIN:DAYLIGHT",
    "TZOFFSETFROM:+0000",
    "TZOFFSETTO:+0100",
    "TZNAME:BST",
    "DTSTART:19810329T010000",
    "RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU",
    "END:DAYLIGHT",
    "BEGIN:STANDARD",
    "TZOFFSETFROM:+0100",
    "TZOFFSETTO:+0000",
    "TZNAME:GMT",
    "DTSTART:19961027T020000",
    "RRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU",
    "END:STANDARD",
    "END:VTIMEZONE",
]


def site_url(data: SiteData) -> str | None:
    """The site's published address (``site_url`` in mkdocs.yml), for links in the feed."""
    from casework.sitegen.mkdocs_run import load_base_config

    try:
        url = load_base_config(data.root).get("site_url")
    except CaseworkError:
        return None
    return str(url).rstrip("/") + "/" if url else None


def ics_feed(
    data: SiteData, found: list[Meeting], minutes: int, panel: dict[str, Any] | None = None
) -> str:
    """Meetings and papers deadlines as an iCalendar feed, in UK time (Europe/London).

    Each meeting names its agenda page: a full link when mkdocs.yml sets ``site_url``,
    otherwise the page's path on the site, in the description.
    """
    panel = panel or data.policy.panel
    base = site_url(data)
    name = f"{data.policy.pack['authority']}: {panel['name']}"
    stamp = f"{data.as_of:%Y%m%d}T000000Z"
    rule = papers_rule(data.policy, panel)
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//casework//panel calendar//EN",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        f"X-WR-CALNAME:{_escape(name)}",
        "X-WR-TIMEZONE:Europe/London",
        *TIMEZONE,
    ]
    panel_name = str(panel["name"])
    for meeting in found:
        start = datetime.combine(meeting.day, datetime.strptime(meeting.start, "%H:%M").time())
        end = start + timedelta(minutes=minutes)
        page = agenda_page(meeting.day).removesuffix(".md") + ".html"
        agenda = f"{base}{page}" if base else page
        # the practitioners' site has no agendas (they name cases): no link to one
        about = (
            [f"DESCRIPTION:{_escape(f'Agenda: {agenda}')}", *([f"URL:{agenda}"] if base else [])]
            if data.panel_audience
            else []
        )
        lines += [
            "BEGIN:VEVENT",
            f"UID:{meeting.day:%Y%m%d}-meeting@{panel['id']}.casework",
            f"DTSTAMP:{stamp}",
            f"DTSTART;TZID=Europe/London:{start:%Y%m%dT%H%M%S}",
            f"DTEND;TZID=Europe/London:{end:%Y%m%dT%H%M%S}",
            f"SUMMARY:{_escape(panel_name)}",
            *about,
            "END:VEVENT",
        ]
        if meeting.papers_due and rule:
            lines += [
                "BEGIN:VEVENT",
                f"UID:{meeting.day:%Y%m%d}-papers@{panel['id']}.casework",
                f"DTSTAMP:{stamp}",
                f"DTSTART;VALUE=DATE:{meeting.papers_due:%Y%m%d}",
                f"DTEND;VALUE=DATE:{meeting.papers_due + timedelta(days=1):%Y%m%d}",
                f"SUMMARY:{_escape(f'Papers due for the {panel_name} of {meeting.day:%d %b %Y}')}",
                f"DESCRIPTION:{_escape(_deadline_words(rule))}",
                "END:VEVENT",
            ]
    lines.append("END:VCALENDAR")
    return "\r\n".join(_fold(line) for line in lines) + "\r\n"


def _deadline_words(rule: PapersRule) -> str:
    if rule.id:
        return f"Rule {rule.id} ({rule.clause}): {rule.describe()}."
    return f"{rule.title}: {rule.describe()}."

"""An agenda for every panel meeting.

The standing agenda comes from the pack; case slots are filled in the order of
the pack's priority rule, at most ``max_cases`` of them, and the rest are
carried to the next meeting; late papers are flagged; the recommendations due
by the meeting are listed with whether they were done; every item has a time.
"""

from __future__ import annotations

from bisect import bisect_right
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

from casework.records import Record
from casework.sitegen.calendar import Meeting, PapersRule, for_panel, papers_rule
from casework.sitegen.model import SiteData, parse
from casework.sitegen.pages import Pages, agenda_page, build_day, case_page
from casework.sitegen.recommendations import Recommendation, all_recommendations


@dataclass(frozen=True)
class Candidate:
    """A referral waiting for a slot at a meeting."""

    case_id: str
    referral: Record
    submitted: date
    submitted_time: str
    papers_late: bool
    carried_from: date | None = None

    @property
    def criterion(self) -> str:
        return str(self.referral.data["criterion"])


@dataclass(frozen=True)
class TimedItem:
    start: str
    end: str
    title: str
    minutes: int
    clause: str = ""
    case_id: str | None = None


@dataclass
class Agenda:
    meeting: Meeting
    panel: dict[str, Any] = field(default_factory=dict)
    slots: list[Candidate] = field(default_factory=list)
    carried: list[Candidate] = field(default_factory=list)
    next_meeting: date | None = None
    previous: list[Recommendation] = field(default_factory=list)
    #: how many of ``previous`` came back from an earlier agenda, still not done
    still_open: int = 0
    plan: list[TimedItem] = field(default_factory=list)
    heard: list[str] = field(default_factory=list)
    deferred: list[tuple[str, str]] = field(default_factory=list)
    #: the day whose knowledge the agenda shows: the meeting, or the as-of date if earlier
    known_by: date | None = None

    @property
    def page(self) -> str:
        return agenda_page(self.meeting.day)


def _late(rule: PapersRule | None, due: date | None, submitted: date, at: str) -> bool:
    if due is None:
        return False
    if submitted != due:
        return submitted > due
    return bool(rule and rule.time and at and at > rule.time)


def _priority_key(
    data: SiteData, panel: dict[str, Any], day: date, candidate: Candidate
) -> tuple[Any, ...]:
    """Sort key from the panel's ``priority`` list: what comes first sorts lowest."""
    criteria = [c["id"] for c in data.policy.pack.get("criteria", [])]
    case = data.cases.get(candidate.case_id)
    key: list[Any] = []
    for name in panel.get("priority", []):
        if name == "return_date_passed":
            returns = [
                parse(d.data.get("return_to_panel"))
                for d in data.decisions.get(candidate.case_id, [])
                if d.hearing < day
            ]
            key.append(0 if any(r and r < day for r in returns) else 1)
        elif name == "in_proceedings":
            proceedings = case.data.get("proceedings", []) if case else []
            active = any(
                (parse(p["issued"]) or date.max) <= day
                and (not p.get("concluded") or (parse(p["concluded"]) or date.max) > day)
                for p in proceedings
            )
            key.append(0 if active else 1)
        elif name == "papers_on_time":
            key.append(1 if candidate.papers_late else 0)
        elif name == "criterion_order":
            key.append(
                criteria.index(candidate.criterion)
                if candidate.criterion in criteria
                else len(criteria)
            )
        elif name == "earliest_submitted":
            key.append((candidate.submitted, candidate.submitted_time))
    key.append(candidate.case_id)
    return tuple(key)


def plan_agendas(
    data: SiteData, found: list[Meeting], panel: dict[str, Any] | None = None
) -> list[Agenda]:
    """Slots, carry-overs and previous recommendations for every meeting of a panel, in
    date order."""
    panel = panel or data.policy.panel
    rule = papers_rule(data.policy, panel)
    max_cases = int(panel.get("max_cases", 5))
    by_day: dict[date, list[Record]] = defaultdict(list)
    for referral in data.referrals():
        if not for_panel(data.policy, referral, panel):
            continue
        submitted = parse(referral.data["submitted"])
        if submitted and submitted <= data.as_of:
            by_day[parse(referral.data["panel_date"])].append(referral)  # type: ignore[index]
    # a recommendation is reviewed at the first meeting on or after its due date; one
    # without a due date at the first meeting after the hearing that made it
    recs = sorted(all_recommendations(data), key=lambda r: (_review_on(r), r.case_id, r.ref))
    dues = [_review_on(r) for r in recs]
    agendas: list[Agenda] = []
    carried: list[Candidate] = []
    previous_day: date | None = None
    outstanding: list[Recommendation] = []
    for index, meeting in enumerate(found):
        agenda = Agenda(meeting, panel)
        agenda.next_meeting = found[index + 1].day if index + 1 < len(found) else None
        referred = {r.file.case_id for r in by_day.get(meeting.day, [])}
        candidates = [c for c in carried if c.case_id not in referred]
        for referral in by_day.get(meeting.day, []):
            submitted = parse(referral.data["submitted"])
            at = str(referral.data.get("submitted_time") or "")
            assert submitted is not None
            candidates.append(
                Candidate(
                    referral.file.case_id or "",
                    referral,
                    submitted,
                    at,
                    _late(rule, meeting.papers_due, submitted, at),
                )
            )
        candidates.sort(key=lambda c: _priority_key(data, panel, meeting.day, c))
        if meeting.record is not None:
            heard = list(meeting.record.data.get("cases_heard", []))
            agenda.heard = heard
            agenda.deferred = [
                (d["case_id"], d["reason"]) for d in meeting.record.data.get("cases_deferred", [])
            ]
            agenda.slots = [c for c in candidates if c.case_id in heard]
            carried = []
        else:
            agenda.slots = candidates[:max_cases]
            agenda.carried = candidates[max_cases:]
            carried = [
                Candidate(
                    c.case_id,
                    c.referral,
                    c.submitted,
                    c.submitted_time,
                    c.papers_late,
                    c.carried_from or meeting.day,
                )
                for c in agenda.carried
            ]
        agenda.known_by = min(meeting.day, data.as_of)
        # due since the previous meeting: each recommendation comes back once (what is still
        # outstanding after that is on the case page and the dashboard)
        # (recs are sorted by due date, so the window is found by bisection, not a full scan)
        # and every earlier one still not done comes back at each meeting until it is done,
        # whether or not the meetings between were recorded
        low = 0 if previous_day is None else bisect_right(dues, previous_day)
        still_open = [r for r in outstanding if not r.done_by(agenda.known_by)]
        agenda.previous = still_open + [
            r for r in recs[low : bisect_right(dues, meeting.day)] if r.hearing < meeting.day
        ]
        agenda.still_open = len(still_open)
        outstanding = [r for r in agenda.previous if r.due and not r.done_by(agenda.known_by)]
        agenda.plan = time_plan(data, meeting, agenda)
        agendas.append(agenda)
        previous_day = meeting.day
    return agendas


def _clock(start: datetime) -> str:
    return f"{start:%H:%M}"


def time_plan(data: SiteData, meeting: Meeting, agenda: Agenda) -> list[TimedItem]:
    """Start and end time of each standing item and of each part of every case slot."""
    slot = (agenda.panel or data.policy.panel).get("slot_minutes", {}) or {}
    parts = [
        ("Case summary", int(slot.get("summary", 0))),
        ("Discussion", int(slot.get("discussion", 0))),
        ("Recommendations", int(slot.get("recommendations", 0))),
    ]
    now = datetime.combine(meeting.day, datetime.strptime(meeting.start, "%H:%M").time())
    plan: list[TimedItem] = []
    cases = agenda.heard if meeting.record is not None else [c.case_id for c in agenda.slots]
    for item in data.policy.pack["standing_agenda"]:
        if item.get("kind") == "cases":
            for number, case_id in enumerate(cases, start=1):
                for part, minutes in parts:
                    if minutes <= 0:
                        continue
                    end = now + timedelta(minutes=minutes)
                    plan.append(
                        TimedItem(
                            _clock(now),
                            _clock(end),
                            f"Case {number}: {part.lower()}",
                            minutes,
                            item.get("clause", ""),
                            case_id,
                        )
                    )
                    now = end
            continue
        minutes = int(item.get("minutes", 0))
        end = now + timedelta(minutes=minutes)
        plan.append(
            TimedItem(_clock(now), _clock(end), item["title"], minutes, item.get("clause", ""))
        )
        now = end
    return plan


def planned_minutes(data: SiteData, panel: dict[str, Any] | None = None) -> int:
    """Length of a full meeting: the standing items and every case slot used."""
    panel = panel or data.policy.panel
    slot = panel.get("slot_minutes", {}) or {}
    per_case = sum(int(v) for v in slot.values())
    fixed = sum(int(i.get("minutes", 0)) for i in data.policy.pack["standing_agenda"])
    return fixed + per_case * int(panel.get("max_cases", 5))


def write(pages: Pages, data: SiteData, per_panel: list[list[Agenda]]) -> None:
    """Every meeting's agenda page (one per day), and the index, a section per panel."""
    panels = []
    for agendas, panel in zip(per_panel, data.policy.panels, strict=True):
        rule = papers_rule(data.policy, panel)
        for agenda in agendas:
            pages.render(
                agenda.page,
                "agenda.md.j2",
                meta={
                    "title": f"Agenda {agenda.meeting.day.isoformat()}",
                    "search": {"boost": 0.5},
                    # found by its date as the records write it (2026-12-10); the page
                    # itself writes the date in words. The calendar's row for the meeting
                    # carries the date too and ranks above (docs/ci-and-intranet.md)
                    "tags": [agenda.meeting.day.isoformat()],
                },
                reuse=True,  # kept from the previous build if made from the same things
                a=agenda,
                data=data,
                panel=panel,
                marking=str(panel.get("protective_marking") or DEFAULT_MARKING),
                built=build_day(),
                rule=rule,
                case_page=case_page,
                agenda_page=agenda_page,
            )
        upcoming = [a for a in agendas if a.meeting.day >= data.as_of]
        past = [a for a in agendas if a.meeting.day < data.as_of]
        panels.append((panel, upcoming, list(reversed(past))))
    pages.render(
        "agendas/index.md",
        "agendas_index.md.j2",
        meta={"title": "Agendas"},
        panels=panels,
        data=data,
    )


#: printed on every agenda unless the panel sets its own ``protective_marking``
DEFAULT_MARKING = "OFFICIAL-SENSITIVE"


def _review_on(rec: Recommendation) -> date:
    """The day from which a recommendation is reviewed at the next meeting."""
    return rec.due or rec.hearing + timedelta(days=1)

"""A history page for every child, and the facts the index pages group them by.

Case pages are left out of the navigation and out of the search index (their
front matter says ``search: exclude: true``); the index pages carry the
pseudonyms so search still finds a case.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from casework.corrections import referral_corrections
from casework.records import Record
from casework.sitegen.model import Commit, SiteData, parse
from casework.sitegen.pages import Pages, agenda_page, case_page, humanise, short_date
from casework.sitegen.recommendations import Recommendation, recommendations
from casework.timeline import amended

LEGAL_STATUS = {
    "s20": "Section 20 (accommodated with consent)",
    "police_protection": "Police protection",
    "emergency_protection_order": "Emergency protection order",
    "interim_care_order": "Interim care order",
    "care_order": "Care order",
    "placement_order": "Placement order",
    "placed_with_parents": "Placed with parents",
    "special_guardianship_order": "Special guardianship order",
    "child_arrangements_order": "Child arrangements order",
    "adoption_order": "Adoption order",
    "remand": "Remand",
    "supervision_order": "Supervision order",
}

#: finding statuses that need attention, most urgent first
OPEN_STATUSES = ("breached", "due_soon", "open")
STATUS_LABEL = {
    "breached": "Breached",
    "late": "Done late",
    "due_soon": "Due soon",
    "open": "Open",
    "met": "Met",
}


@dataclass(frozen=True)
class Row:
    day: date
    what: str
    source: str
    link: str | None = None


@dataclass(frozen=True)
class Referral:
    """A referral as the case page lists it: the panel it was for and what came of it."""

    panel_day: date
    why: str
    outcome: str
    #: the meeting whose agenda shows the outcome (the hearing, or the meeting referred to)
    meeting: date


def referral_outcomes(data: SiteData, case_id: str) -> list[Referral]:
    """Each referral with its outcome in words: decided (when, and whether after a deferral),
    awaiting the panel's decision, or no decision recorded."""
    decided = {str(d.data.get("referral") or ""): d for d in data.decisions.get(case_id, [])}
    corrections = _referral_corrections(data.by_case.get(case_id, []), data.as_of)
    found = []
    for record in data.by_case.get(case_id, []):
        if record.kind != "referral":
            continue
        d = amended(record.data, corrections.get(record.file.stem, []))
        day = _day(d["panel_date"])
        if _day(d["submitted"]) > data.as_of:
            continue
        why = data.policy.label("criteria", d["criterion"])
        decision = decided.get(record.file.stem)
        meeting = data.meetings.get(day)
        if decision is not None:
            when = short_date(decision.hearing)
            outcome = (
                f"Decided on {when}"
                if decision.hearing == day
                else f"Deferred, then decided on {when}"
            )
            found.append(Referral(day, why, outcome, decision.hearing))
            continue
        if day >= data.as_of:
            outcome = "Awaiting the panel's decision"
        elif meeting is not None and case_id in (meeting.data.get("cases_deferred") or []):
            outcome = "Deferred to a later meeting; no decision recorded yet"
        elif meeting is not None and case_id in (meeting.data.get("cases_heard") or []):
            outcome = "Heard; no decision recorded yet"
        else:
            outcome = "No decision recorded"
        found.append(Referral(day, why, outcome, day))
    return sorted(found, key=lambda r: r.panel_day)


@dataclass
class CaseView:
    """A case as its page and the case lists show it.

    What only the case page shows (the timeline, recommendations, hearings, audit trail
    and referrals) is worked out when it is first read: a rebuild that keeps the page
    written last time (``casework.sitegen.memo``) never reads it.
    """

    case_id: str
    record: Record
    team: str
    team_title: str
    in_care: bool
    legal_status: str
    placement: str
    plan: str
    siblings: list[str]
    findings: list[Any]
    status: str = "on_track"
    counts: dict[str, int] = field(default_factory=dict)
    #: what the rest is worked out from
    data: SiteData | None = field(default=None, repr=False, compare=False)

    @property
    def page(self) -> str:
        return case_page(self.case_id)

    def _data(self) -> SiteData:
        assert self.data is not None, "a case view made without its site data"
        return self.data

    @functools.cached_property
    def timeline(self) -> list[Row]:
        return timeline(self._data(), self.case_id)

    @functools.cached_property
    def recommendations(self) -> list[Recommendation]:
        return recommendations(self._data(), self.case_id)

    @functools.cached_property
    def hearings(self) -> list[date]:
        data = self._data()
        decided = {dec.hearing for dec in data.decisions.get(self.case_id, [])}
        return sorted(decided | set(data.meetings_heard(self.case_id)))

    @functools.cached_property
    def audit(self) -> list[tuple[str, list[tuple[Commit, str]]]]:
        """Per record file: each commit that changed it, with what changed ("referral added")."""
        data = self._data()
        return [
            (
                r.file.display,
                [(c, what_changed(r.kind, c.status)) for c in data.history.get(r.file.display, [])],
            )
            for r in sorted(data.by_case.get(self.case_id, []), key=lambda r: r.file.display)
        ]

    @functools.cached_property
    def referrals(self) -> list[Referral]:
        """Each referral to the panel, oldest first, with what came of it."""
        return referral_outcomes(self._data(), self.case_id)


def _current(
    items: list[dict[str, Any]], as_of: date, start: str = "start"
) -> dict[str, Any] | None:
    live = [i for i in items if (parse(i.get(start)) or date.max) <= as_of]
    open_now = [i for i in live if not i.get("end") or _day(i["end"]) > as_of]
    chosen = open_now or live
    return chosen[-1] if chosen else None


def _status_of(findings: list[Any]) -> str:
    statuses = {str(getattr(f, "status", "")) for f in findings}
    if "breached" in statuses:
        return "breached"
    if "due_soon" in statuses:
        return "due_soon"
    if "late" in statuses:
        return "late"
    return "on_track"


def _day(text: str) -> date:
    return date.fromisoformat(text)


_RECORD_ID = re.compile(r"(?:.*/)?(\d{4})-(\d\d)-(\d\d)-([a-z_]+?)(?:-\d+)?(?:\.ya?ml)?(?:#(\d+))?")


def record_name(ref: str) -> str:
    """A record's file name or id in words: "the decision of 21 Aug 2025", "the case record".

    Reader pages never show a file name ("2025-08-21-decision.yaml") or a record id.
    """
    match = _RECORD_ID.fullmatch(ref.strip())
    if match:
        year, month, day, kind, item = match.groups()
        try:
            when = short_date(date(int(year), int(month), int(day)))
        except ValueError:
            when = ""
        noun = RECORD_NOUN.get(kind, humanise(kind).lower())
        named = f"the {noun} of {when}" if when else f"a {noun}"
        return f"recommendation {item} of {named}" if item else named
    if ref.rsplit("/", 1)[-1].startswith("case."):
        return "the case record"
    return "another record"


def _referral_corrections(records: list[Record], as_of: date) -> dict[str, list[Record]]:
    """Each referral of one case's records by its name: its amendments made by the as-of
    date, oldest first."""
    return {name: found for (_case, name), found in referral_corrections(records, as_of).items()}


def timeline(data: SiteData, case_id: str) -> list[Row]:
    """Every dated event of the case from its records, oldest first (as of the build date)."""
    rows: list[Row] = []
    policy = data.policy
    records = data.by_case.get(case_id, [])
    corrections = _referral_corrections(records, data.as_of)
    for record in records:
        d = record.data
        if record.kind == "referral":  # as its amendments say it should read
            d = amended(d, corrections.get(record.file.stem, []))
        src = record.file.display
        if record.kind == "case":
            for ep in d.get("episodes", []):
                basis = LEGAL_STATUS.get(ep["legal_basis"], humanise(ep["legal_basis"]))
                rows.append(
                    Row(
                        _day(ep["start"]),
                        f"Became looked after ({humanise(ep['entry']).lower()}; {basis})",
                        src,
                    )
                )
                if ep.get("end"):
                    why = f" ({humanise(ep['end_reason']).lower()})" if ep.get("end_reason") else ""
                    rows.append(Row(_day(ep["end"]), f"Stopped being looked after{why}", src))
            for ls in d.get("legal_status", []):
                label = LEGAL_STATUS.get(ls["status"], humanise(ls["status"]))
                rows.append(Row(_day(ls["start"]), f"Legal status: {label}", src))
                if ls.get("end"):
                    rows.append(Row(_day(ls["end"]), f"Legal status ended: {label}", src))
            for pl in d.get("placements", []):
                what = f"{humanise(pl['type'])} ({humanise(pl['provider']).lower()})"
                rows.append(Row(_day(pl["start"]), f"Placement began: {what}", src))
                for ap in pl.get("approvals", []) or []:
                    rows.append(
                        Row(
                            _day(ap["date"]),
                            f"Placement approved by {policy.label('roles', ap['role']).lower()}",
                            src,
                        )
                    )
                if pl.get("end"):
                    why = f" ({humanise(pl['end_reason']).lower()})" if pl.get("end_reason") else ""
                    rows.append(Row(_day(pl["end"]), f"Placement ended: {what}{why}", src))
            for n, review in enumerate(d.get("reviews", []) or [], start=1):
                rows.append(Row(_day(review), f"Looked-after review {n}", src))
            for pr in d.get("proceedings", []) or []:
                rows.append(Row(_day(pr["issued"]), "Care proceedings issued", src))
                for ext in pr.get("extensions", []) or []:
                    rows.append(
                        Row(_day(ext["date"]), f"Proceedings extended by {ext['weeks']} weeks", src)
                    )
                if pr.get("concluded"):
                    rows.append(Row(_day(pr["concluded"]), "Care proceedings concluded", src))
            for plan in d.get("permanence_plans", []) or []:
                rows.append(
                    Row(
                        _day(plan["agreed"]),
                        f"Permanence plan agreed: {humanise(plan['plan']).lower()}",
                        src,
                    )
                )
            for ev in d.get("events", []) or []:
                ref = f" (for {record_name(str(ev['ref']))})" if ev.get("ref") else ""
                rows.append(Row(_day(ev["date"]), f"{humanise(ev['type'])}{ref}", src))
        elif record.kind == "referral":
            panel_day = _day(d["panel_date"])
            rows.append(
                Row(
                    _day(d["submitted"]),
                    f"Referred to the panel of {short_date(panel_day)}: "
                    f"{policy.label('criteria', d['criterion'])}",
                    src,
                    agenda_page(panel_day),
                )
            )
        elif record.kind == "amendment":
            rows.append(Row(_day(d["date"]), f"Amended {record_name(str(d['amends']))}", src))
    for decision in data.decisions.get(case_id, []):
        rows.append(
            Row(decision.hearing, "Heard at panel", decision.file, agenda_page(decision.hearing))
        )
        for number, item in enumerate(decision.items, start=1):
            label = policy.label("recommendation_types", item["type"])
            owner = (
                f"; owner: {humanise(item['owner_role']).lower()}" if item.get("owner_role") else ""
            )
            due = f"; due {short_date(_day(item['due']))}" if item.get("due") else ""
            rows.append(
                Row(
                    decision.hearing, f"Recommendation {number}: {label}{owner}{due}", decision.file
                )
            )
        if decision.data.get("return_to_panel"):
            rows.append(
                Row(
                    decision.hearing,
                    f"Return to panel by {short_date(_day(decision.data['return_to_panel']))}",
                    decision.file,
                )
            )
        if decision.data.get("disputed"):
            rows.append(Row(decision.hearing, "Outcome disputed", decision.file))
    rows = [r for r in rows if r.day <= data.as_of]
    rows.sort(key=lambda r: r.day)
    return rows


#: what a record file is called in an audit trail, by kind
RECORD_NOUN = {
    "case": "case record",
    "referral": "referral",
    "decision": "decision",
    "amendment": "amendment",
    "meeting": "meeting record",
}
STATUS_VERB = {"A": "added", "M": "changed", "D": "removed", "R": "renamed", "T": "changed"}


def what_changed(kind: str, status: str) -> str:
    """A neutral description of one commit's change to a record: never its message."""
    if kind == "amendment":
        return (
            "decision amended"
            if status == "A"
            else f"amendment {STATUS_VERB.get(status, 'changed')}"
        )
    noun = RECORD_NOUN.get(kind, f"{humanise(kind).lower()} record")
    return f"{noun} {STATUS_VERB.get(status, 'changed')}"


def case_view(data: SiteData, case_id: str) -> CaseView:
    record = data.cases[case_id]
    d = record.data
    as_of = data.as_of
    episode = _current(d.get("episodes", []), as_of)
    in_care = episode is not None and (not episode.get("end") or _day(episode["end"]) > as_of)
    legal = _current(d.get("legal_status", []) or [], as_of)
    placement = _current(d.get("placements", []) or [], as_of)
    plans = [p for p in d.get("permanence_plans", []) or [] if _day(p["agreed"]) <= as_of]
    findings = sorted(
        data.findings_for(case_id),
        key=lambda f: (
            OPEN_STATUSES.index(str(f.status)) if str(f.status) in OPEN_STATUSES else 9,
            f.due,
        ),
    )
    view = CaseView(
        case_id=case_id,
        record=record,
        team=d["team"],
        team_title=data.policy.label("teams", d["team"]),
        in_care=in_care,
        legal_status=LEGAL_STATUS.get(legal["status"], humanise(legal["status"]))
        if legal
        else "not recorded",
        placement=(
            f"{humanise(placement['type'])} ({humanise(placement['provider']).lower()}) since "
            f"{short_date(_day(placement['start']))}"
            if placement
            else "not recorded"
        ),
        plan=humanise(plans[-1]["plan"]) if plans else "not yet agreed",
        siblings=[s for s in d.get("siblings", []) or []],
        findings=findings,
        data=data,
    )
    view.status = _status_of(findings)
    for f in findings:
        view.counts[str(f.status)] = view.counts.get(str(f.status), 0) + 1
    return view


def case_views(data: SiteData) -> list[CaseView]:
    return [case_view(data, case_id) for case_id in sorted(data.cases)]


def made_from(data: SiteData, case_id: str, meetings: str) -> str:
    """What a case page is made from, besides what every page shares (the pack, the as-of
    date, casework's code: see ``casework.sitegen.memo``): the texts of its case's records
    and their git history, the meeting records (``meetings``, a digest of their texts: they
    say when the case was heard or deferred), and which of the siblings it names have a
    case page (each is a link, or not)."""
    from casework.sitegen.memo import record_digest

    parts = [meetings]
    for record in sorted(data.by_case.get(case_id, []), key=lambda r: r.file.display):
        history = [
            (c.sha, c.date.isoformat(), c.status) for c in data.history.get(record.file.display, [])
        ]
        parts.append(f"{record_digest(record)} {history!r}")
    siblings = data.cases[case_id].data.get("siblings") or []
    parts.append(repr([(s, s in data.cases) for s in siblings]))
    return "\n".join(parts)


def meetings_made_from(data: SiteData) -> str:
    """The meeting records (and their corrections) as case pages read them: a digest."""
    from casework.sitegen.memo import digest, record_digest

    return digest(*(record_digest(r) for r in data.records if r.file.case_id is None))


def write(pages: Pages, data: SiteData, views: list[CaseView]) -> None:
    known = set(data.cases)
    from casework.sitegen.procedures import rule_pages

    links = rule_pages(data)
    meetings = meetings_made_from(data) if pages.memo is not None else ""
    for view in views:
        pages.render(
            view.page,
            "case.md.j2",
            meta={"title": f"{view.case_id}: case history", "search": {"exclude": True}},
            reuse=made_from(data, view.case_id, meetings) if pages.memo is not None else True,
            c=view,
            record_name=record_name,
            rule_pages=links,
            data=data,
            known=known,
            case_page=case_page,
            agenda_page=agenda_page,
            status_label=STATUS_LABEL,
        )

"""Each child's timeline: the dated events the timescale rules read.

Records are turned into events once (docs/timescales.md: "Timescale rules", the table of
events). Amendments are applied to the decision they amend before its events
are derived. With ``as_of``, anything dated after it is left out: a record
dated later is ignored, an episode, placement or status that ends later is
still open.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from datetime import date, timedelta
from operator import attrgetter
from types import MappingProxyType
from typing import Any

from casework.errors import Location
from casework.policy import Policy
from casework.quickinit import slot_setters
from casework.records import Record
from casework.workdays import WorkingCalendar, parse_date
from casework.yamlload import Document, PathKey

#: where in a record something was read: the record's document and the field's path, whose
#: line and column are worked out only when a finding names them (see :attr:`Event.source`)
Place = tuple[Document, PathKey]


@dataclass(frozen=True, slots=True)
class Event:
    kind: str
    date: date
    case_id: str
    attrs: Mapping[str, Any]
    #: where it was read: a location, or a place in a record, located when first asked for
    #: (most events are named by no finding, and locating one costs more than making it)
    place: Location | Place
    #: the file it was read from, as findings name it (``source.path``, without locating it)
    file: str = field(init=False)
    #: the place's location, kept once worked out (see :attr:`source`)
    _located: Location | None = field(init=False, repr=False, compare=False)

    @property
    def source(self) -> Location:
        """Where the event was read, as a finding names it: worked out on first use and
        kept (the event stays the same event; only what was worked out is kept)."""
        found = self._located
        if found is None:
            place = self.place
            found = place if isinstance(place, Location) else place[0].locate(place[1])
            _set_located(self, found)
        return found

    def get(self, name: str, default: Any = None) -> Any:
        return self.attrs.get(name, default)


# Event.__init__, quicker (see casework.quickinit): every record gives several events
_set_kind, _set_date, _set_case_id, _set_attrs, _set_place, _set_file, _set_located = slot_setters(
    Event, "kind", "date", "case_id", "attrs", "place", "file", "_located"
)


def _event_init(
    self: Event,
    kind: str,
    date: date,
    case_id: str,
    attrs: Mapping[str, Any],
    place: Location | Place,
) -> None:
    _set_kind(self, kind)
    _set_date(self, date)
    _set_case_id(self, case_id)
    _set_attrs(self, attrs)
    _set_place(self, place)
    if isinstance(place, Location):
        _set_file(self, place.path)
        _set_located(self, place)
    else:
        _set_file(self, place[0].display)
        _set_located(self, None)


Event.__init__ = _event_init  # type: ignore[method-assign]


@dataclass(frozen=True)
class Episode:
    """One period of being looked after; ``end`` is None while it lasts."""

    number: int
    start: date
    end: date | None
    legal_basis: str
    entry: str

    def contains(self, day: date) -> bool:
        return self.start <= day and (self.end is None or day <= self.end)


@dataclass(frozen=True)
class Spell:
    """A state held from ``start`` to ``end`` (None: still held)."""

    value: str
    start: date
    end: date | None
    #: where it was read (see :attr:`Event.place`)
    place: Location | Place

    @property
    def source(self) -> Location:
        place = self.place
        return place if isinstance(place, Location) else place[0].locate(place[1])


@dataclass(frozen=True)
class RecordView:
    """A referral or (amended) decision, for rules that read its fields."""

    kind: str
    stem: str
    date: date
    data: Mapping[str, Any]
    doc: Document = field(repr=False, compare=False)

    def locate(self, path: tuple[str | int, ...] = ()) -> Location:
        return self.doc.locate(path)


@dataclass(frozen=True)
class Timeline:
    case_id: str
    events: tuple[Event, ...]
    episodes: tuple[Episode, ...] = ()
    spells: Mapping[str, tuple[Spell, ...]] = field(default_factory=dict)
    records: tuple[RecordView, ...] = ()
    file: str = ""
    _by_kind: Mapping[str, tuple[Event, ...]] = field(
        default_factory=dict, repr=False, compare=False
    )
    #: what each selector picked from this timeline (casework.selectors.select), by the
    #: selector made ready, kept so a rule asking again for every origin event does not
    #: select again
    selections: dict[Any, Any] = field(default_factory=dict, repr=False, compare=False)

    def __post_init__(self) -> None:
        if not self._by_kind:
            index: dict[str, list[Event]] = defaultdict(list)
            for event in self.events:
                index[event.kind].append(event)
            by_date = {k: tuple(sorted(v, key=_EVENT_DAY)) for k, v in index.items()}
            object.__setattr__(self, "_by_kind", by_date)  # typed read-only (Mapping)

    def of_kind(self, kind: str) -> tuple[Event, ...]:
        """The events of one kind, in date order."""
        return self._by_kind.get(kind, ())

    def episode_of(self, day: date) -> Episode | None:
        """The episode under way on ``day``, else the last one begun before it."""
        found = None
        for episode in self.episodes:
            if episode.start <= day:
                found = episode
        return found

    def records_of(self, kind: str) -> tuple[RecordView, ...]:
        return tuple(r for r in self.records if r.kind == kind)


#: an event's day, and its day then kind (the order of a timeline's events), as sort keys
_EVENT_DAY = attrgetter("date")
_EVENT_ORDER = attrgetter("date", "kind")


def make_timeline(
    case_id: str,
    events: Iterable[Event],
    episodes: Iterable[Episode] = (),
    spells: Mapping[str, Iterable[Spell]] | None = None,
    records: Iterable[RecordView] = (),
    file: str = "",
) -> Timeline:
    """A timeline from parts, events sorted by date (used by tests and the builder)."""
    ordered = tuple(sorted(events, key=_EVENT_ORDER))
    return Timeline(
        case_id,
        ordered,
        tuple(episodes),
        MappingProxyType({k: tuple(v) for k, v in (spells or {}).items()}),
        tuple(records),
        file,
    )


def _date(value: Any) -> date | None:
    return parse_date(value) if isinstance(value, str) and value else None


def _until(value: Any, as_of: date | None) -> date | None:
    """An end date, or None when it is empty or after the as-of date."""
    end = _date(value)
    return None if end is None or (as_of is not None and end > as_of) else end


def _known(day: date | None, as_of: date | None) -> bool:
    return day is not None and (as_of is None or day <= as_of)


class _CaseBuilder:
    """Collects one case's events from its records."""

    def __init__(self, case_id: str, calendar: WorkingCalendar, as_of: date | None) -> None:
        self.case_id = case_id
        self.calendar = calendar
        self.as_of = as_of
        self.events: list[Event] = []
        self.episodes: list[Episode] = []
        self.spells: dict[str, list[Spell]] = defaultdict(list)
        self.records: list[RecordView] = []
        self.file = ""

    def add(self, kind: str, day: date | None, place: Place, **attrs: Any) -> None:
        if day is not None and (self.as_of is None or day <= self.as_of):  # _known, inline
            # the keywords' own new dictionary, typed read-only (Mapping), not wrapped in a
            # read-only proxy: making and reading one costs more, for every event
            self.events.append(Event(kind, day, self.case_id, attrs, place))

    def case_record(self, record: Record) -> None:
        doc, data = record.doc, record.data
        self.file = record.file.display
        for index, ep in enumerate(data.get("episodes", [])):
            start, end = _date(ep["start"]), _until(ep.get("end"), self.as_of)
            if not _known(start, self.as_of):
                continue
            assert start is not None
            where: Place = (doc, ("episodes", index, "start"))
            number = len(self.episodes) + 1
            self.episodes.append(Episode(number, start, end, ep["legal_basis"], ep["entry"]))
            self.spells["in_care"].append(Spell("in_care", start, end, where))
            self.add(
                "entered_care",
                start,
                where,
                legal_basis=ep["legal_basis"],
                entry=ep["entry"],
                episode=number,
            )
            if end is not None:
                self.add(
                    "left_care",
                    end,
                    (doc, ("episodes", index, "end")),
                    episode=number,
                    end_reason=ep.get("end_reason"),
                    looked_after_working_days=self.calendar.working_days_between(
                        start - timedelta(days=1), end
                    ),
                )
        for index, status in enumerate(data.get("legal_status", [])):
            start, end = _date(status["start"]), _until(status.get("end"), self.as_of)
            if not _known(start, self.as_of):
                continue
            where = (doc, ("legal_status", index))
            self.spells["legal_status"].append(Spell(status["status"], start, end, where))  # type: ignore[arg-type]
            self.add("legal_status", start, where, status=status["status"])
            self.add("legal_status_ended", end, where, status=status["status"])
        self._placements(record)
        self._reviews(record)
        for index, proc in enumerate(data.get("proceedings", [])):
            where = (doc, ("proceedings", index))
            self.add("proceedings_issued", _date(proc["issued"]), where, proceedings=index + 1)
            self.add(
                "proceedings_concluded",
                _until(proc.get("concluded"), self.as_of),
                (doc, ("proceedings", index, "concluded")),
                proceedings=index + 1,
            )
            for ext_index, ext in enumerate(proc.get("extensions", [])):
                self.add(
                    "proceedings_extended",
                    _date(ext["date"]),
                    (doc, ("proceedings", index, "extensions", ext_index)),
                    proceedings=index + 1,
                    weeks=ext["weeks"],
                )
        plans = [
            (i, p)
            for i, p in enumerate(data.get("permanence_plans", []))
            if _known(_date(p["agreed"]), self.as_of)
        ]
        for position, (index, plan) in enumerate(plans):
            agreed = _date(plan["agreed"])
            assert agreed is not None
            where = (doc, ("permanence_plans", index))
            following = (
                _date(plans[position + 1][1]["agreed"]) if position + 1 < len(plans) else None
            )
            self.spells["plan"].append(Spell(plan["plan"], agreed, following, where))
            previous = plans[position - 1][1]["plan"] if position else None
            self.add("permanence_plan", agreed, where, plan=plan["plan"], previous_plan=previous)
        for index, item in enumerate(data.get("approvals", [])):
            amount = item.get("amount") or {}
            self.add(
                "subject_approval",
                _date(item["approved"]),
                (doc, ("approvals", index)),
                item=item["id"],
                subject=item["subject"],
                role=item["role"],
                start=item["start"],
                end_date=item.get("end"),
                weekly_cost=amount.get("weekly"),
                one_off=amount.get("one_off"),
                reviewed=tuple(item.get("reviewed") or ()),
                final=bool(item.get("final", False)),
            )
        for index, item in enumerate(data.get("events", [])):
            self.add(
                "case_event",
                _date(item["date"]),
                (doc, ("events", index)),
                type=item["type"],
                ref=item.get("ref"),
            )

    def _placements(self, record: Record) -> None:
        doc = record.doc
        for index, pl in enumerate(record.data.get("placements", [])):
            start, end = _date(pl["start"]), _until(pl.get("end"), self.as_of)
            if not _known(start, self.as_of):
                continue
            assert start is not None
            where = (doc, ("placements", index))
            attrs = {
                "type": pl["type"],
                "provider": pl["provider"],
                "weekly_cost": pl.get("weekly_cost"),
                "long_term": bool(pl.get("long_term", False)),
                "off_framework": bool(pl.get("off_framework", False)),
                "placement": index + 1,
            }
            self.spells["placement_type"].append(Spell(pl["type"], start, end, where))
            self.add("placement_started", start, where, **attrs)
            self.add(
                "placement_ended",
                end,
                (doc, ("placements", index, "end")),
                end_reason=pl.get("end_reason"),
                **attrs,
            )
            for a_index, approval in enumerate(pl.get("approvals", [])):
                self.add(
                    "approval",
                    _date(approval["date"]),
                    (doc, ("placements", index, "approvals", a_index)),
                    role=approval["role"],
                    end_date=approval.get("end_date"),
                    weekly_cost=approval.get("weekly_cost"),
                    placement=index + 1,
                )

    def _reviews(self, record: Record) -> None:
        counts: dict[int, int] = defaultdict(int)
        dated = sorted(
            (d, i) for i, text in enumerate(record.data.get("reviews", [])) if (d := _date(text))
        )
        for day, index in dated:
            episode = next((e for e in reversed(self.episodes) if e.start <= day), None)
            number = episode.number if episode else 0
            counts[number] += 1
            self.add(
                "lac_review",
                day,
                (record.doc, ("reviews", index)),
                number=counts[number],
                episode=number,
            )

    def referral(self, record: Record, data: Mapping[str, Any] | None = None) -> None:
        """A referral, as its amendments say it should read (``data``)."""
        data = record.data if data is None else data
        submitted = _date(data["submitted"])
        if not _known(submitted, self.as_of):
            return
        assert submitted is not None
        self.records.append(RecordView("referral", record.file.stem, submitted, data, record.doc))
        self.add(
            "referral",
            submitted,
            (record.doc, ("submitted",)),
            panel_date=data["panel_date"],
            panel=data.get("panel"),
            submitted=data["submitted"],
            submitted_time=data.get("submitted_time"),
            criterion=data["criterion"],
            sought=tuple(data.get("sought", ())),
            checklist=data.get("checklist"),
            extraordinary=bool(data.get("extraordinary", False)),
            record=record.file.stem,
        )

    def decision(self, record: Record, data: Mapping[str, Any], endorsing: set[str]) -> None:
        hearing = _date(data["hearing_date"])
        if not _known(hearing, self.as_of):
            return
        assert hearing is not None
        doc = record.doc
        stem = record.file.stem
        self.records.append(RecordView("decision", stem, hearing, data, doc))
        self.add(
            "panel_hearing",
            hearing,
            (doc, ("hearing_date",)),
            referral=data["referral"],
            record=stem,
        )
        for index, item in enumerate(data.get("items", [])):
            self.add(
                "decision_item",
                hearing,
                (doc, ("items", index)),
                type=item["type"],
                due=item.get("due"),
                owner_role=item.get("owner_role"),
                item=index + 1,
                endorses_plan=item["type"] in endorsing,
                record=stem,
            )
        if data.get("return_to_panel"):
            self.add(
                "return_to_panel",
                hearing,
                (doc, ("return_to_panel",)),
                due=data["return_to_panel"],
                record=stem,
            )
        if data.get("disputed"):
            self.add("dispute", hearing, (doc, ("disputed",)), record=stem)

    def amendment(self, record: Record) -> None:
        made = _date(record.data["date"])
        self.add(
            "amendment",
            made,
            (record.doc, ("amends",)),
            amends=record.data["amends"],
            record=record.file.stem,
        )

    def timeline(self) -> Timeline:
        return make_timeline(
            self.case_id, self.events, self.episodes, self.spells, self.records, self.file
        )


def amended(decision: Mapping[str, Any], amendments: Iterable[Record]) -> dict[str, Any]:
    """A record's fields (a decision's or a referral's) as its amendments (oldest first) say
    they should read."""
    data: dict[str, Any] = _copied(dict(decision))
    for amendment in amendments:
        data.update(_copied(amendment.data["changes"]))
    return data


def _copied(value: Any) -> Any:
    """A deep copy of data read from YAML (mappings, lists and plain values, no shared
    parts): what ``copy.deepcopy`` gives, several times quicker."""
    if isinstance(value, dict):
        return {key: _copied(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_copied(item) for item in value]
    return value


def _as_amended(record: Record, amendments: Mapping[str, list[Record]]) -> Mapping[str, Any]:
    """A referral's or decision's fields as its amendments say they should read: the
    record's own data, not a copy, when nothing amends it (nothing here changes it)."""
    changes = amendments.get(record.file.stem)
    return amended(record.data, changes) if changes else record.data


def _amendment_order(record: Record) -> tuple[str, int]:
    stem = record.file.stem
    number = int(stem.rsplit("-", 1)[1]) if not stem.endswith("amendment") else 1
    return (record.data["date"], number)


def build_timelines(
    records: Iterable[Record], policy: Policy, as_of: date | None = None
) -> dict[str, Timeline]:
    """Every case's timeline, by case id, from loaded and valid records."""
    return {timeline.case_id: timeline for timeline in iter_timelines(records, policy, as_of)}


def iter_timelines(
    records: Iterable[Record],
    policy: Policy,
    as_of: date | None = None,
    endorsing: set[str] | None = None,
) -> Iterator[Timeline]:
    """Each case's timeline in case id order, built only when asked for, so a caller
    that is done with one before taking the next holds one at a time.

    ``endorsing``: the pack's recommendation types that endorse a plan, when the
    caller has worked them out already."""
    if endorsing is None:
        endorsing = policy.endorsing_types()
    for case_id, own in records_by_case(records).items():
        yield case_timeline(case_id, own, policy, as_of, endorsing)


def records_by_case(records: Iterable[Record]) -> dict[str, list[Record]]:
    """Each case's records, in case id order (records outside a case folder left out)."""
    grouped: dict[str, list[Record]] = defaultdict(list)
    for record in records:
        if record.file.case_id is not None:
            grouped[record.file.case_id].append(record)
    return {case_id: grouped[case_id] for case_id in sorted(grouped)}


def case_timeline(
    case_id: str,
    case_records: Iterable[Record],
    policy: Policy,
    as_of: date | None = None,
    endorsing: set[str] | None = None,
) -> Timeline:
    """One case's timeline from the valid records of its folder."""
    case_records = list(case_records)
    if endorsing is None:
        endorsing = policy.endorsing_types()
    builder = _CaseBuilder(case_id, policy.calendar, as_of)
    amendments: dict[str, list[Record]] = defaultdict(list)
    for record in sorted((r for r in case_records if r.kind == "amendment"), key=_amendment_order):
        made = _date(record.data["date"])
        if _known(made, as_of):
            amendments[record.data["amends"]].append(record)
            builder.amendment(record)
    for record in case_records:
        if record.kind == "case":
            builder.case_record(record)
        elif record.kind == "referral":
            builder.referral(record, _as_amended(record, amendments))
        elif record.kind == "decision":
            builder.decision(record, _as_amended(record, amendments), endorsing)
    return builder.timeline()

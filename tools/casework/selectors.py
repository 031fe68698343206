"""Selectors: which events of a timeline a rule is about, and how to name them.

A selector is ``{event: KIND, where: {ATTR: VALUE}, nth: N, date_field: ATTR,
after: SELECTOR}``
(docs/timescales.md: "Timescale rules"). A ``where`` value is a single value, a list of
allowed values (for a list attribute: "contains any of"), or a comparison
``{gt|gte|lt|lte: NUMBER}``. A missing attribute matches only ``null``.
``after`` keeps the events on or after each event it selects, up to the next
one; with ``nth``, the nth of them ("the first adoption review after the
adoptive placement"), otherwise ``nth`` counts within the episode of care.
"""

from __future__ import annotations

import operator
from collections.abc import Callable, Iterator, Mapping, Sequence
from datetime import date
from functools import cache
from types import MappingProxyType
from typing import Any

from casework.identitymemo import per_object
from casework.timeline import Event, Timeline
from casework.workdays import parse_date

_MISSING = object()
_COMPARE = {"gt": operator.gt, "gte": operator.ge, "lt": operator.lt, "lte": operator.le}
#: attributes that tie two events to the same thing (a placement, proceedings, episode)
LINKS = ("placement", "proceedings", "episode")
#: condition types that are a single value (``bool`` is an ``int``)
_SCALARS = (str, int, float, type(None))


def lookup(data: Mapping[str, Any], path: str) -> Any:
    """A field by dotted path (``funding_request.quotes``), or a sentinel if absent."""
    value: Any = data
    for part in path.split("."):
        if not isinstance(value, Mapping) or part not in value:
            return _MISSING
        value = value[part]
    return value


def is_missing(value: Any) -> bool:
    return value is _MISSING


def value_matches(value: Any, condition: Any) -> bool:
    """One attribute against one condition."""
    if value is _MISSING:
        value = None
    if isinstance(condition, _SCALARS):  # the common case, checked first
        if isinstance(value, list | tuple):
            return any(_same(v, condition) for v in value)
        return _same(value, condition)
    if isinstance(condition, Mapping):
        if value is None or isinstance(value, bool) or not isinstance(value, int | float):
            return False
        return all(_COMPARE[op](value, bound) for op, bound in condition.items())
    allowed = list(condition) if isinstance(condition, list | tuple) else [condition]
    if isinstance(value, list | tuple):
        return any(_same(v, a) for v in value for a in allowed)
    return any(_same(value, a) for a in allowed)


def _same(value: Any, expected: Any) -> bool:
    # True == 1 in Python; a boolean condition only matches a boolean
    if value.__class__ is bool or expected.__class__ is bool:  # bool has no subclasses
        return value.__class__ is expected.__class__ and value == expected
    return bool(value == expected)


def where_matches(data: Mapping[str, Any], where: Mapping[str, Any] | None) -> bool:
    """Every condition of ``where`` holds (dotted paths allowed)."""
    if not where:
        return True
    for path, condition in where.items():
        value = lookup(data, path) if "." in path else data.get(path, _MISSING)
        if condition.__class__ is str:  # the common case: one word, worked out here
            if value.__class__ is str:
                if value != condition:
                    return False
                continue
            if isinstance(value, list | tuple):
                if condition not in value:
                    return False
                continue
        if not value_matches(value, condition):
            return False
    return True


def effective_date(event: Event, selector: Mapping[str, Any]) -> date | None:
    """The event's own date, or the date in its ``date_field`` (None if empty)."""
    name = selector.get("date_field")
    if not name:
        return event.date
    value = event.attrs.get(name)
    if isinstance(value, date):
        return value
    return parse_date(value) if isinstance(value, str) and value else None


def select(timeline: Timeline, selector: Selecting) -> Sequence[tuple[Event, date]]:
    """Matching events with their effective dates, in date order.

    Worked out once per timeline and selector: rules ask again for every origin
    event (``after``, ``recurring``), so the answer is kept with the timeline
    (:attr:`Timeline.selections`), under the selector made ready by :func:`compiled`.
    """
    ready = selector if isinstance(selector, Selector) else compiled(selector)
    return ready.of(timeline)


Predicate = Callable[[Mapping[str, Any]], bool]


def matcher(where: Mapping[str, Any]) -> Predicate:
    """``where`` made into one test of an event's attributes, the same as
    :func:`where_matches` but with each condition's type worked out once: a
    selector is tested against every event of its kind in every timeline."""
    tests = [_condition_test(path, condition) for path, condition in where.items()]
    if len(tests) == 1:
        return tests[0]
    if len(tests) == 2:
        first, second = tests
        return lambda data: first(data) and second(data)
    return lambda data: all(test(data) for test in tests)


def _condition_test(path: str, condition: Any) -> Predicate:
    """One condition of a ``where``, as :func:`where_matches` tests it."""
    if "." in path:
        return lambda data: value_matches(lookup(data, path), condition)
    if condition.__class__ in (str, bool, int):  # one word, true or false, a number
        same = condition.__class__  # true and false match only a boolean, 1 only a number

        def exact(data: Mapping[str, Any]) -> bool:
            value = data.get(path, _MISSING)
            if value.__class__ is same:
                return bool(value == condition)
            return value_matches(value, condition)

        return exact
    if isinstance(condition, Mapping):
        bounds = [(_COMPARE[op], bound) for op, bound in condition.items()]

        def number_within(data: Mapping[str, Any]) -> bool:
            value = data.get(path)  # a missing attribute is null, which no bound holds
            if value is None or value.__class__ is bool or not isinstance(value, int | float):
                return False
            if len(bounds) == 1:  # the common case, without a generator
                return bool(bounds[0][0](value, bounds[0][1]))
            return all(test(value, bound) for test, bound in bounds)

        return number_within
    if isinstance(condition, list | tuple) and all(a.__class__ is str for a in condition):
        words = frozenset(condition)

        def one_of(data: Mapping[str, Any]) -> bool:
            value = data.get(path, _MISSING)
            if value.__class__ is str:
                return value in words
            return value_matches(value, condition)

        return one_of
    return lambda data: value_matches(data.get(path, _MISSING), condition)


def shared(value: Any, table: dict[str, Any] | None = None) -> Any:
    """A copy of a rule (or any YAML value) in which equal mappings and lists are one
    object: a rule's selectors that equal another rule's are then the same selector,
    and what one selected from a timeline serves the other (see :func:`select`)."""
    table = {} if table is None else table
    if isinstance(value, Mapping):
        copied: Any = {key: shared(item, table) for key, item in value.items()}
    elif isinstance(value, list):
        copied = [shared(item, table) for item in value]
    else:
        return value
    return table.setdefault(repr(copied), copied)


@cache
def event_selector(kind: str) -> Mapping[str, Any]:
    """The selector of every event of one kind, one object per kind (so what it
    selected is kept like a rule's own selector's)."""
    return MappingProxyType({"event": kind})


class Selector:
    """A selector made ready once for every timeline (:func:`compiled`): its kind of
    event, the test of its ``where`` (None: every event of the kind) and whether it is
    the common case (the events' own dates, no ``nth`` or ``after``).

    Rules make their selectors ready when they are prepared; what one picked from a
    timeline is kept with the timeline under the ready selector itself.
    """

    __slots__ = ("kind", "simple", "spec", "test")

    def __init__(self, spec: Mapping[str, Any]) -> None:
        where = spec.get("where")
        self.spec = spec
        self.kind: str = spec["event"]
        self.test = matcher(where) if where else None
        self.simple = not ("nth" in spec or "after" in spec or spec.get("date_field"))

    def of(self, timeline: Timeline) -> Sequence[tuple[Event, date]]:
        """:func:`select`: the matching events of ``timeline`` with their dates."""
        of_kind = timeline.of_kind(self.kind)
        if not of_kind:
            return ()  # most kinds of event are absent from most timelines
        found: tuple[tuple[Event, date], ...] | None = timeline.selections.get(self)
        if found is None:
            found = timeline.selections[self] = self._picked(timeline, of_kind)
        return found

    def _picked(
        self, timeline: Timeline, of_kind: tuple[Event, ...]
    ) -> tuple[tuple[Event, date], ...]:
        test = self.test
        events = [e for e in of_kind if test(e.attrs)] if test is not None else list(of_kind)
        if self.simple:  # the events' own dates, already in date order on the timeline
            return tuple([(e, e.date) for e in events])
        if not events:
            return ()
        spec = self.spec
        nth = spec.get("nth")
        if "after" in spec:
            events = _after(timeline, events, spec["after"], nth)
        elif nth:
            counts: dict[int, int] = {}
            kept = []
            for event in events:
                episode = timeline.episode_of(event.date)
                key = episode.number if episode else 0
                counts[key] = counts.get(key, 0) + 1
                if counts[key] == nth:
                    kept.append(event)
            events = kept
        dated = [(e, d) for e in events if (d := effective_date(e, spec)) is not None]
        return tuple(sorted(dated, key=lambda pair: (pair[1], pair[0].date)))


#: a selector as a rule gives it, or made ready (:func:`compiled`)
Selecting = Mapping[str, Any] | Selector


@per_object()
def compiled(selector: Mapping[str, Any]) -> Selector:
    """``selector`` made ready for every timeline, once per selector object."""
    return Selector(selector)


def _after(
    timeline: Timeline, events: list[Event], spec: Mapping[str, Any], nth: int | None
) -> list[Event]:
    """Events on or after each ``spec`` event and before the next one (the nth of each)."""
    starts = [when for _, when in select(timeline, spec)]
    kept: list[Event] = []
    for index, start in enumerate(starts):
        end = starts[index + 1] if index + 1 < len(starts) else None
        mine = [e for e in events if e.date >= start and (end is None or e.date < end)]
        if nth:
            mine = mine[nth - 1 : nth]
        kept.extend(e for e in mine if e not in kept)
    return kept


def linked(a: Event, b: Event) -> bool:
    """False when both events name a different placement, proceedings or episode."""
    mine, theirs = a.attrs, b.attrs
    return not any(key in mine and key in theirs and mine[key] != theirs[key] for key in LINKS)


def same_record(a: Event, b: Event) -> bool:
    """Both from the same referral, decision or amendment (not the case record)."""
    return a.file == b.file and not a.file.endswith("case.yaml")


def answering(
    selected: Sequence[tuple[Event, date]], origin: Event, day: date | None = None
) -> Iterator[tuple[Event, date]]:
    """The selected events that may answer ``origin`` (dated on or after ``day``, if
    given): not itself, not from its own referral or decision (:func:`same_record`),
    and :func:`linked` to it, with ``origin``'s side of both worked out once."""
    path = origin.file
    own_record = not path.endswith("case.yaml")
    mine = origin.attrs
    links = [(key, mine[key]) for key in LINKS if key in mine]
    for event, when in selected:
        if (day is not None and when < day) or event is origin:
            continue
        if own_record and event.file == path:
            continue
        theirs = event.attrs
        for key, value in links:
            if key in theirs and theirs[key] != value:
                break  # about another placement, proceedings or episode
        else:
            yield event, when


def candidates(
    timeline: Timeline, selector: Selecting, origin: Event | None = None
) -> Sequence[tuple[Event, date]]:
    """Selected events that may answer ``origin``: not itself, not from its own
    referral or decision, and about the same placement, proceedings or episode."""
    selected = select(timeline, selector)
    if origin is None or not selected:
        return selected
    return list(answering(selected, origin))


def first_on_or_after(
    timeline: Timeline, selector: Selecting, day: date, origin: Event | None = None
) -> tuple[Event, date] | None:
    """The first candidate event dated on or after ``day``."""
    selected = select(timeline, selector)
    if not selected:
        return None
    if origin is None:
        return next(((event, when) for event, when in selected if when >= day), None)
    return next(answering(selected, origin, day), None)


# --- words -----------------------------------------------------------------

_NOUNS: dict[str, tuple[str, bool]] = {
    "entered_care": ("entering care", False),
    "left_care": ("leaving care", False),
    "legal_status": ("a change of legal status", False),
    "legal_status_ended": ("the end of a legal status", False),
    "placement_started": ("the start of a placement", False),
    "placement_ended": ("the end of a placement", False),
    "lac_review": ("a looked-after review", False),
    "proceedings_issued": ("the issue of care proceedings", False),
    "proceedings_concluded": ("the end of care proceedings", False),
    "proceedings_extended": ("an extension of care proceedings", False),
    "case_event": ("an event", False),
    "permanence_plan": ("a permanence plan", False),
    "approval": ("an approval", False),
    "referral": ("referral papers", True),
    "panel_hearing": ("a panel hearing", False),
    "decision_item": ("a panel recommendation", False),
    "return_to_panel": ("the return-to-panel date", False),
    "dispute": ("a disputed decision", False),
    "amendment": ("an amendment", False),
}
_ORDINALS = ("first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth")
_DATE_FIELDS = {
    ("referral", "panel_date"): "the panel",
    ("approval", "end_date"): "the end of an approval",
    ("return_to_panel", "due"): "the return-to-panel date",
    ("decision_item", "due"): "the date a panel recommendation set",
}


def ordinal(number: int) -> str:
    return _ORDINALS[number - 1] if 0 < number <= len(_ORDINALS) else f"number {number}"


def _article(slug: str) -> str:
    return "an" if slug[:1] in ("a", "e", "i", "o", "u") else "a"


def words(slug: str) -> str:
    return slug.replace("_", " ")


@per_object()
def noun(selector: Mapping[str, Any]) -> tuple[str, bool]:
    """A plain-English name for what a selector picks, and whether it is plural.

    Rules name their selectors for every case; the words depend on the selector
    alone, so they are worked out once per selector object.
    """
    return _noun(selector)


def _noun(selector: Mapping[str, Any]) -> tuple[str, bool]:
    kind = selector["event"]
    where = selector.get("where") or {}
    field = selector.get("date_field")
    if field and (kind, field) in _DATE_FIELDS:
        return _DATE_FIELDS[(kind, field)], False
    single = where.get("type")
    if kind == "case_event" and isinstance(single, str) and "after" in selector:
        after, _ = noun(selector["after"])
        count = selector.get("nth")
        which = f"the {ordinal(count)}" if count else "a"
        return f"{which} {words(single)} after {after}", False
    if kind == "case_event" and isinstance(single, str):
        return f"{_article(single)} {words(single)}", False
    if kind == "lac_review":
        number = selector.get("nth") or where.get("number")
        if isinstance(number, int):
            return f"the {ordinal(number)} looked-after review", False
    if kind == "decision_item" and where.get("endorses_plan") is True:
        return "panel endorsement of the permanence plan", False
    if kind == "decision_item" and isinstance(single, str):
        return f"a panel recommendation ({words(single)})", False
    if kind == "placement_started" and isinstance(single, str):
        return f"the start of {_article(single)} {words(single)} placement", False
    if kind == "approval" and isinstance(where.get("role"), str):
        return f"approval by the {words(where['role'])}", False
    name, plural = _NOUNS[kind]
    if selector.get("nth") and kind not in ("lac_review",):
        name = f"{name} (the {ordinal(selector['nth'])})"
    return name, plural


def field_noun(kind: str, field: str) -> tuple[str, bool]:
    """What a ``met_by: {field: ...}`` names: the record's own date field."""
    if kind == "referral" and field == "submitted":
        return "referral papers", True
    return f"the {words(field)}", False

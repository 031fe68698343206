"""Working days and date arithmetic: every counting convention lives here.

Conventions (docs/timescales.md, "How timescales are counted", repeats them):

1. A working day is Monday to Friday, less the bank holidays of the pack's
   nation (``holidays`` package, ``UK`` with ``subdiv`` set explicitly: ENG
   for England and Wales, SCT, NIR; ``casework.bankholidays`` keeps them
   between runs) and the pack's extra closure days (Christmas Eve when
   ``closed_christmas_eve`` is set; ``closure_days``).
   Substitute days count as bank holidays (Boxing Day 2026 is observed on
   Monday 28 December).
2. *After* an event: the event's own day is day 0 and is never counted.
   "10 working days after Thursday 5 March" is the 10th working day after it,
   Thursday 19 March. An event on a weekend or bank holiday works the same
   way: the first working day after it is day 1.
3. *Before* an event: the event's own day is not counted. "3 working days
   before a Thursday panel" is the Monday; a bank holiday in between moves it
   one working day earlier.
4. Calendar units: days and weeks (7 days) are added exactly. Months and
   years keep the day of the month; when that day does not exist the last day
   of the month is used: one month after 31 January is 28 February (29 in a
   leap year); one month after 28 February is 28 March.
5. A deadline *after* an event counted in calendar units stays on its date
   even when that is a weekend or bank holiday. A deadline *before* a meeting
   that falls on a non-working day moves to the working day before it
   (papers cannot be received on a closed day).
6. "A period beginning with" a day (the Children Act's 26 weeks, "by week
   10") counts that day as day 1, so it ends one day earlier than "after".
7. A deadline is met by an event on or before the deadline day. Days late
   are counted as working days after the deadline up to and including the
   day of the event (or the as-of date): due Friday, done Monday is 1 working
   day late.
"""

from __future__ import annotations

import calendar as _calendar
from bisect import bisect_right
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import lru_cache

from casework.bankholidays import bank_holidays

NATIONS: dict[str, str] = {
    "england_and_wales": "ENG",
    "scotland": "SCT",
    "northern_ireland": "NIR",
}

WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")

UNITS = ("working_days", "days", "hours", "weeks", "months", "years")


@dataclass(frozen=True)
class Duration:
    """An amount of one unit: working_days, days, hours, weeks, months or years.

    Hours are whole days (the schemas allow only multiples of 24): records hold dates, not
    times, so "within 48 hours" of an event is by the end of the second day after it.
    """

    amount: int
    unit: str
    #: the hash, worked out once: a duration is a key of the calendar's remembered deadlines
    _hash: int = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        if self.unit not in UNITS:
            raise ValueError(f"unknown unit {self.unit}")
        object.__setattr__(self, "_hash", hash((self.amount, self.unit)))

    def __hash__(self) -> int:
        return self._hash

    @classmethod
    def from_mapping(cls, spec: Mapping[str, int]) -> Duration:
        """``{"working_days": 3}`` as in the policy pack."""
        ((unit, amount),) = spec.items()
        return _duration(int(amount), unit)

    def describe(self) -> str:
        names = {
            "working_days": ("working day", "working days"),
            "days": ("day", "days"),
            "hours": ("hour", "hours"),
            "weeks": ("week", "weeks"),
            "months": ("month", "months"),
            "years": ("year", "years"),
        }
        singular, plural = names[self.unit]
        return f"{self.amount} {singular if self.amount == 1 else plural}"


@lru_cache(maxsize=256)
def _duration(amount: int, unit: str) -> Duration:
    return Duration(amount, unit)


def add_months(day: date, months: int) -> date:
    """Same day of the month, clipped to the month's last day (convention 4)."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    last = _calendar.monthrange(year, month)[1]
    return date(year, month, min(day.day, last))


#: the most answers a calendar remembers of each kind (a long-running desk stays bounded)
_MEMO_MAX = 65536


@lru_cache(maxsize=64)
def _bank_holidays(subdiv: str, year: int) -> frozenset[date]:
    return bank_holidays(subdiv, year)


class WorkingCalendar:
    """Working days for one nation plus the authority's closure days."""

    def __init__(
        self,
        nation: str = "england_and_wales",
        closed_christmas_eve: bool = False,
        closure_days: Iterable[date] = (),
    ) -> None:
        if nation not in NATIONS:
            raise ValueError(f"unknown nation {nation}")
        self.nation = nation
        self.subdiv = NATIONS[nation]
        self.closed_christmas_eve = closed_christmas_eve
        self.closure_days = frozenset(closure_days)
        self._year_cache: dict[int, frozenset[date]] = {}
        self._weekday_cache: dict[int, list[date]] = {}
        #: deadlines and counts already worked out: many cases share their days
        self._after_cache: dict[tuple[date, Duration, bool], date] = {}
        self._before_cache: dict[tuple[date, Duration], date] = {}
        self._between_cache: dict[tuple[date, date], int] = {}

    def closed_days(self, year: int) -> frozenset[date]:
        """Bank holidays and closure days of one year (weekends excluded)."""
        cached = self._year_cache.get(year)
        if cached is None:
            days = set(_bank_holidays(self.subdiv, year))
            if self.closed_christmas_eve:
                days.add(date(year, 12, 24))
            days.update(d for d in self.closure_days if d.year == year)
            cached = frozenset(days)
            self._year_cache[year] = cached
        return cached

    def is_working_day(self, day: date) -> bool:
        return day.weekday() < 5 and day not in self.closed_days(day.year)

    def next_working_day(self, day: date) -> date:
        """The first working day strictly after ``day``."""
        day += timedelta(days=1)
        while not self.is_working_day(day):
            day += timedelta(days=1)
        return day

    def previous_working_day(self, day: date) -> date:
        """The last working day strictly before ``day``."""
        day -= timedelta(days=1)
        while not self.is_working_day(day):
            day -= timedelta(days=1)
        return day

    def add_working_days(self, day: date, count: int) -> date:
        """The ``count``-th working day after (count > 0) or before (< 0) ``day``.

        ``day`` itself is never counted (conventions 2 and 3); 0 gives ``day``.
        """
        step = timedelta(days=1 if count > 0 else -1)
        remaining = abs(count)
        while remaining:  # next_working_day (or previous_working_day), count times
            day += step
            if day.weekday() < 5 and day not in self.closed_days(day.year):
                remaining -= 1
        return day

    def working_days_between(self, start: date, end: date) -> int:
        """Working days in (start, end]; negative when end is before start."""
        key = (start, end)
        known = self._between_cache.get(key)
        if known is None:
            if len(self._between_cache) >= _MEMO_MAX:
                self._between_cache.clear()
            known = self._between_cache[key] = self._working_days_between(start, end)
        return known

    def _working_days_between(self, start: date, end: date) -> int:
        if end == start:
            return 0
        if end < start:
            return -self.working_days_between(end, start)
        weeks, extra = divmod((end - start).days, 7)
        first = start.weekday()
        weekdays = weeks * 5 + sum(1 for i in range(1, extra + 1) if (first + i) % 7 < 5)
        return weekdays - self._closed_weekdays(start, end)

    def _closed_weekdays(self, after: date, last: date) -> int:
        """Closed days falling on a weekday in (after, last]."""
        total = 0
        for year in range(after.year, last.year + 1):
            days = self._closed_weekday_list(year)
            total += bisect_right(days, last) - bisect_right(days, after)
        return total

    def _closed_weekday_list(self, year: int) -> list[date]:
        cached = self._weekday_cache.get(year)
        if cached is None:
            cached = sorted(d for d in self.closed_days(year) if d.weekday() < 5)
            self._weekday_cache[year] = cached
        return cached

    def after(self, day: date, duration: Duration, beginning_with: bool = False) -> date:
        """The deadline ``duration`` after ``day`` (conventions 2, 4, 5, 6)."""
        key = (day, duration, beginning_with)
        known = self._after_cache.get(key)
        if known is None:
            if len(self._after_cache) >= _MEMO_MAX:
                self._after_cache.clear()
            known = self._after_cache[key] = self._after(day, duration, beginning_with)
        return known

    def _after(self, day: date, duration: Duration, beginning_with: bool) -> date:
        if duration.unit == "working_days":
            if beginning_with and duration.amount > 0:
                start = day - timedelta(days=1)
                return self.add_working_days(start, duration.amount)
            return self.add_working_days(day, duration.amount)
        result = shift(day, duration)
        return result - timedelta(days=1) if beginning_with and duration.amount > 0 else result

    def before(self, day: date, duration: Duration) -> date:
        """The deadline ``duration`` before ``day`` (conventions 3 and 5)."""
        key = (day, duration)
        known = self._before_cache.get(key)
        if known is None:
            if len(self._before_cache) >= _MEMO_MAX:
                self._before_cache.clear()
            known = self._before_cache[key] = self._before(day, duration)
        return known

    def _before(self, day: date, duration: Duration) -> date:
        if duration.unit == "working_days":
            return self.add_working_days(day, -duration.amount)
        result = shift(day, duration, sign=-1)
        if not self.is_working_day(result):
            result = self.previous_working_day(result)
        return result

    def weekday_before(self, day: date, weekday: str) -> date:
        """The named weekday strictly before ``day`` (Bolton: "the Friday before").

        If that day is not a working day, the working day before it.
        """
        target = WEEKDAYS.index(weekday)
        back = (day.weekday() - target) % 7 or 7
        result = day - timedelta(days=back)
        if not self.is_working_day(result):
            result = self.previous_working_day(result)
        return result


def shift(day: date, duration: Duration, sign: int = 1) -> date:
    """Calendar arithmetic for days, hours (as whole days), weeks, months and years."""
    if duration.unit == "days":
        return day + timedelta(days=sign * duration.amount)
    if duration.unit == "hours":  # whole days: the schemas allow multiples of 24 only
        return day + timedelta(days=sign * (duration.amount // 24))
    if duration.unit == "weeks":
        return day + timedelta(weeks=sign * duration.amount)
    if duration.unit == "months":
        return add_months(day, sign * duration.amount)
    if duration.unit == "years":
        return add_months(day, sign * 12 * duration.amount)
    raise ValueError("working days need a calendar")


def parse_date(text: str) -> date:
    """An ISO date already checked by the schemas."""
    return date.fromisoformat(text)

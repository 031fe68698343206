"""The panel's meeting dates, from its cadence in the policy pack.

A cadence is weekly, fortnightly or four-weekly on a weekday from an anchor
date; monthly on the nth (or last) weekday; or an explicit list of dates.
Scheduled dates that fall on a bank holiday or closure day are not held
(a coordinator arranges an extraordinary meeting instead); dates listed under
``skip`` are cancelled.
"""

from __future__ import annotations

import calendar as _calendar
from collections.abc import Mapping
from datetime import date, timedelta
from typing import Any

from casework.workdays import WEEKDAYS, WorkingCalendar, parse_date

_STEP = {"week": 7, "fortnight": 14, "four_weeks": 28}


def _nth_weekday(year: int, month: int, weekday: int, nth: int) -> date:
    days = [
        date(year, month, d)
        for d in range(1, _calendar.monthrange(year, month)[1] + 1)
        if date(year, month, d).weekday() == weekday
    ]
    return days[nth - 1] if nth > 0 else days[nth]


def scheduled_dates(
    panel: Mapping[str, Any], calendar: WorkingCalendar, start: date, end: date
) -> list[date]:
    """Meeting dates from ``start`` to ``end`` inclusive."""
    cadence = panel["cadence"]
    skip = {parse_date(d) for d in cadence.get("skip", [])}
    if "dates" in cadence:
        dates = [parse_date(d) for d in cadence["dates"]]
    elif cadence["every"] == "month":
        weekday = WEEKDAYS.index(cadence["weekday"])
        dates = []
        year, month = start.year, start.month
        while date(year, month, 1) <= end:
            dates.append(_nth_weekday(year, month, weekday, int(cadence["nth"])))
            year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    else:
        step = _STEP[cadence["every"]]
        anchor = parse_date(cadence["anchor"])
        periods = -(-(start - anchor).days // step)  # ceiling division
        first = anchor + timedelta(days=periods * step)
        dates = []
        day = first
        while day <= end:
            dates.append(day)
            day += timedelta(days=step)
    return [
        d
        for d in sorted(dates)
        if start <= d <= end and d not in skip and calendar.is_working_day(d)
    ]


def is_scheduled(panel: Mapping[str, Any], calendar: WorkingCalendar, day: date) -> bool:
    return day in scheduled_dates(panel, calendar, day, day)


def next_meeting(
    panel: Mapping[str, Any], calendar: WorkingCalendar, after: date, horizon_days: int = 400
) -> date | None:
    """The first scheduled meeting strictly after ``after``."""
    found = scheduled_dates(
        panel, calendar, after + timedelta(days=1), after + timedelta(days=horizon_days)
    )
    return found[0] if found else None

"""Working days and counting conventions (docs/timescales.md: How timescales are counted)."""

from __future__ import annotations

from datetime import date

import pytest

from casework.workdays import Duration, WorkingCalendar, add_months

ENGLAND = WorkingCalendar()
WD = "working_days"


def test_weekend_is_skipped_after_an_event() -> None:
    # Friday 6 March 2026: 1 working day after is Monday 9 March
    assert ENGLAND.after(date(2026, 3, 6), Duration(1, WD)) == date(2026, 3, 9)


def test_event_day_is_day_zero() -> None:
    assert ENGLAND.after(date(2026, 3, 5), Duration(10, WD)) == date(2026, 3, 19)


def test_event_on_a_weekend_counts_from_the_next_working_day() -> None:
    assert ENGLAND.after(date(2026, 3, 7), Duration(1, WD)) == date(2026, 3, 9)


def test_good_friday_and_easter_monday_2026() -> None:
    assert not ENGLAND.is_working_day(date(2026, 4, 3))
    assert not ENGLAND.is_working_day(date(2026, 4, 6))
    # 3 working days before Thursday 9 April 2026 is Thursday 2 April
    assert ENGLAND.before(date(2026, 4, 9), Duration(3, WD)) == date(2026, 4, 2)
    # 1 working day after Thursday 2 April is Tuesday 7 April
    assert ENGLAND.after(date(2026, 4, 2), Duration(1, WD)) == date(2026, 4, 7)


def test_christmas_and_substitute_boxing_day_2026() -> None:
    assert not ENGLAND.is_working_day(date(2026, 12, 25))
    assert not ENGLAND.is_working_day(date(2026, 12, 28))  # Boxing Day observed on Monday
    assert ENGLAND.is_working_day(date(2026, 12, 24))
    assert ENGLAND.after(date(2026, 12, 24), Duration(1, WD)) == date(2026, 12, 29)
    assert ENGLAND.working_days_between(date(2026, 12, 24), date(2026, 12, 31)) == 3


def test_christmas_eve_closure_is_configurable() -> None:
    closed = WorkingCalendar(closed_christmas_eve=True)
    assert not closed.is_working_day(date(2026, 12, 24))
    assert closed.after(date(2026, 12, 23), Duration(1, WD)) == date(2026, 12, 29)
    assert ENGLAND.after(date(2026, 12, 23), Duration(1, WD)) == date(2026, 12, 24)


def test_closure_days() -> None:
    council = WorkingCalendar(closure_days=[date(2026, 3, 9)])
    assert council.after(date(2026, 3, 6), Duration(1, WD)) == date(2026, 3, 10)


@pytest.mark.parametrize(
    ("start", "months", "expected"),
    [
        (date(2026, 1, 31), 1, date(2026, 2, 28)),  # not a leap year
        (date(2028, 1, 31), 1, date(2028, 2, 29)),  # leap year
        (date(2026, 2, 28), 1, date(2026, 3, 28)),
        (date(2028, 2, 29), 12, date(2029, 2, 28)),
        (date(2026, 11, 30), 3, date(2027, 2, 28)),
        (date(2026, 3, 31), -1, date(2026, 2, 28)),
    ],
)
def test_months_keep_the_day_or_clip_to_the_month_end(
    start: date, months: int, expected: date
) -> None:
    assert add_months(start, months) == expected


def test_one_month_after_31_january_via_the_calendar() -> None:
    assert ENGLAND.after(date(2026, 1, 31), Duration(1, "months")) == date(2026, 2, 28)
    assert ENGLAND.after(date(2028, 1, 31), Duration(1, "months")) == date(2028, 2, 29)


def test_calendar_deadline_after_stays_on_a_weekend() -> None:
    # 2 weeks after Friday 11 December 2026 is Friday 25 December: it stays there
    assert ENGLAND.after(date(2026, 12, 11), Duration(2, "weeks")) == date(2026, 12, 25)


def test_calendar_deadline_before_moves_to_the_previous_working_day() -> None:
    # 1 week before Monday 4 January 2027 is Monday 28 December (substitute Boxing Day)
    assert ENGLAND.before(date(2027, 1, 4), Duration(1, "weeks")) == date(2026, 12, 24)
    closed = WorkingCalendar(closed_christmas_eve=True)
    assert closed.before(date(2027, 1, 4), Duration(1, "weeks")) == date(2026, 12, 23)


def test_papers_for_a_thursday_panel_after_a_monday_bank_holiday() -> None:
    # early May bank holiday: Monday 4 May 2026; panel on Thursday 7 May
    assert ENGLAND.before(date(2026, 5, 7), Duration(3, WD)) == date(2026, 5, 1)
    # an ordinary week: 3 working days before Thursday 14 May is Monday 11 May
    assert ENGLAND.before(date(2026, 5, 14), Duration(3, WD)) == date(2026, 5, 11)


def test_friday_before_a_thursday_panel_after_good_friday() -> None:
    assert ENGLAND.weekday_before(date(2026, 4, 9), "friday") == date(2026, 4, 2)
    assert ENGLAND.weekday_before(date(2026, 3, 12), "friday") == date(2026, 3, 6)


def test_period_beginning_with_a_day_ends_a_day_earlier() -> None:
    issued = date(2026, 1, 5)
    assert ENGLAND.after(issued, Duration(26, "weeks")) == date(2026, 7, 6)
    assert ENGLAND.after(issued, Duration(26, "weeks"), beginning_with=True) == date(2026, 7, 5)
    assert ENGLAND.after(issued, Duration(1, WD), beginning_with=True) == issued


def test_lateness_is_counted_in_working_days() -> None:
    # due Friday, done Monday: 1 working day late
    assert ENGLAND.working_days_between(date(2026, 3, 6), date(2026, 3, 9)) == 1
    assert ENGLAND.working_days_between(date(2026, 3, 6), date(2026, 3, 6)) == 0
    assert ENGLAND.working_days_between(date(2026, 3, 9), date(2026, 3, 6)) == -1
    # over Easter 2026: Thursday 2 April to Thursday 9 April is 3 working days
    assert ENGLAND.working_days_between(date(2026, 4, 2), date(2026, 4, 9)) == 3


def test_long_spans_match_a_day_by_day_count() -> None:
    start, end = date(2025, 12, 1), date(2027, 2, 15)
    slow, day = 0, start
    while day < end:
        day = date.fromordinal(day.toordinal() + 1)
        slow += ENGLAND.is_working_day(day)
    assert ENGLAND.working_days_between(start, end) == slow


def test_scotland_has_its_own_bank_holidays() -> None:
    scotland = WorkingCalendar("scotland")
    assert not scotland.is_working_day(date(2026, 1, 2))
    assert not scotland.is_working_day(date(2026, 8, 3))  # first Monday in August
    assert scotland.is_working_day(date(2026, 8, 31))
    assert scotland.is_working_day(date(2026, 4, 6))  # no Easter Monday
    assert ENGLAND.is_working_day(date(2026, 8, 3))
    assert not ENGLAND.is_working_day(date(2026, 8, 31))


def test_northern_ireland_has_its_own_bank_holidays() -> None:
    ni = WorkingCalendar("northern_ireland")
    assert not ni.is_working_day(date(2026, 3, 17))  # St Patrick's Day
    assert not ni.is_working_day(date(2026, 7, 13))  # the Twelfth, substitute Monday
    assert ENGLAND.is_working_day(date(2026, 3, 17))


def test_unknown_nation_and_unit_are_refused() -> None:
    with pytest.raises(ValueError):
        WorkingCalendar("wessex")
    with pytest.raises(ValueError):
        Duration(1, "fortnights")
    assert Duration.from_mapping({"weeks": 2}) == Duration(2, "weeks")
    assert Duration(1, "weeks").describe() == "1 week"
    assert Duration(3, WD).describe() == "3 working days"


@pytest.mark.parametrize(
    "calendar",
    [
        ENGLAND,
        WorkingCalendar("scotland", closed_christmas_eve=True),
        WorkingCalendar("northern_ireland", closure_days=[date(2026, 7, 14), date(2027, 1, 2)]),
    ],
)
def test_working_days_between_matches_a_naive_count(calendar: WorkingCalendar) -> None:
    import random

    rng = random.Random(7)
    base = date(2024, 12, 20).toordinal()
    for _ in range(300):
        a = date.fromordinal(base + rng.randrange(900))
        b = date.fromordinal(a.toordinal() + rng.randrange(-40, 400))
        lo, hi = min(a, b), max(a, b)
        naive = sum(
            calendar.is_working_day(date.fromordinal(o))
            for o in range(lo.toordinal() + 1, hi.toordinal() + 1)
        )
        assert calendar.working_days_between(a, b) == (naive if b >= a else -naive)


@pytest.mark.parametrize(
    "calendar",
    [
        WorkingCalendar(),
        WorkingCalendar("scotland", closed_christmas_eve=True, closure_days=[date(2026, 12, 29)]),
    ],
)
def test_adding_working_days_steps_from_one_working_day_to_the_next(
    calendar: WorkingCalendar,
) -> None:
    """add_working_days counts as next_working_day (previous_working_day) taken one by one,
    across weekends, bank holidays, closure days and the turn of the year."""
    start = date(2026, 12, 10)
    for offset in range(40):
        day = date.fromordinal(start.toordinal() + offset)
        for count in (1, 3, 20, -1, -3, -20):
            stepped = day
            for _ in range(abs(count)):
                if count > 0:
                    stepped = calendar.next_working_day(stepped)
                else:
                    stepped = calendar.previous_working_day(stepped)
            assert calendar.add_working_days(day, count) == stepped
        assert calendar.add_working_days(day, 0) == day


def test_deadlines_before_an_event_are_the_same_when_remembered() -> None:
    """A deadline before an event is remembered per day and duration: asking again, or
    asking a fresh calendar, gives the same day."""
    remembering = WorkingCalendar(closed_christmas_eve=True)
    durations = [Duration(3, WD), Duration(0, "days"), Duration(1, "days"), Duration(2, "weeks")]
    for offset in range(30):
        day = date.fromordinal(date(2026, 12, 15).toordinal() + offset)
        for duration in durations:
            first = remembering.before(day, duration)
            assert remembering.before(day, duration) == first
            assert WorkingCalendar(closed_christmas_eve=True).before(day, duration) == first

"""Dates a procedure states about itself: a day (2018-04-17) or only a month (2019-05).

Councils' procedures often give only a month ("Date for review: May 2019").
casework keeps the precision the procedure gives and never invents a day: a
month-only date covers the whole month, so a review due "May 2019" is past
only once May 2019 has ended.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date

_MONTH = re.compile(r"\A([0-9]{4})-(0[1-9]|1[0-2])\Z")


@dataclass(frozen=True)
class StatedDate:
    """A date as a procedure states it: one day, or a whole month."""

    first: date
    last: date
    #: True when the procedure gave only the month
    month_only: bool

    @property
    def iso(self) -> str:
        return f"{self.first:%Y-%m}" if self.month_only else self.first.isoformat()

    def long(self) -> str:
        """In words: "17 April 2018", or "May 2019" for a month."""
        if self.month_only:
            return f"{self.first:%B %Y}"
        return f"{self.first.day} {self.first:%B %Y}"

    def short(self) -> str:
        """Abbreviated: "17 Apr 2018", or "May 2019" for a month."""
        if self.month_only:
            return f"{self.first:%b %Y}"
        return f"{self.first.day} {self.first:%b %Y}"

    def passed(self, today: date) -> bool:
        """True once the whole stated day or month is before ``today``."""
        return self.last < today


def stated(text: object) -> StatedDate | None:
    """Read YYYY-MM-DD or YYYY-MM (already checked by the pack schema); None when absent."""
    if text is None or text == "":
        return None
    if isinstance(text, date):
        return StatedDate(text, text, month_only=False)
    value = str(text)
    month = _MONTH.match(value)
    if month:
        year, number = int(month.group(1)), int(month.group(2))
        last = calendar.monthrange(year, number)[1]
        return StatedDate(date(year, number, 1), date(year, number, last), month_only=True)
    day = date.fromisoformat(value)
    return StatedDate(day, day, month_only=False)

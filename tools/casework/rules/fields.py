"""Reading a date (and its position) from the record an event came from."""

from __future__ import annotations

from datetime import date

from casework.errors import Location
from casework.timeline import Event, Timeline
from casework.workdays import parse_date


def record_date(timeline: Timeline, event: Event, field: str) -> tuple[date | None, Location]:
    """``event``'s own record's date field, and where it is in the file."""
    value = event.attrs.get(field)
    day = parse_date(value) if isinstance(value, str) and value else None
    stem = event.attrs.get("record")
    for record in timeline.records:
        if record.stem == stem and record.doc.display == event.file:
            return day, record.locate((field,))
    return day, event.source

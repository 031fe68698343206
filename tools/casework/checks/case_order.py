"""Within a case record, dates keep their order: nothing ends before it starts,
episodes do not overlap, reviews and events follow the child's entry to care.
"""

from __future__ import annotations

from collections.abc import Iterator
from itertools import pairwise

from casework.checks.repository import Repository, as_day, problem, quoted
from casework.problems import Problem
from casework.records import Record
from casework.yamlload import PathKey, field_name

#: the permanence planning meeting before a planned or pre-proceedings entry to care)
EVENTS_BEFORE_CARE = frozenset(
    {"legal_planning_meeting", "placement_request", "permanence_planning_meeting"}
)


def _ends_after_starts(
    record: Record, section: str, start: str, end: str, what: str
) -> Iterator[Problem]:
    for index, item in enumerate(record.data.get(section) or []):
        first, last = as_day(item.get(start)), as_day(item.get(end))
        if first and last and last < first:
            path = (section, index, end)
            yield problem(
                record,
                path,
                f"{quoted(path)} is before {what} began ('{start}'); check both dates",
                code="order",
            )


def check(repo: Repository) -> Iterator[Problem]:
    """Within a case record: nothing ends before it starts, episodes do not overlap,
    reviews and events come after the child is first looked after."""
    for record in repo.records:
        if record.kind != "case":
            continue
        data = record.data
        yield from _ends_after_starts(record, "episodes", "start", "end", "the episode")
        yield from _ends_after_starts(record, "legal_status", "start", "end", "the legal status")
        yield from _ends_after_starts(record, "placements", "start", "end", "the placement")
        yield from _ends_after_starts(
            record, "proceedings", "issued", "concluded", "the proceedings"
        )
        for i, proceedings in enumerate(data.get("proceedings") or []):
            issued = as_day(proceedings["issued"])
            for j, extension in enumerate(proceedings.get("extensions") or []):
                if issued and as_day(extension["date"]) < issued:  # type: ignore[operator]
                    path: PathKey = ("proceedings", i, "extensions", j, "date")
                    yield problem(
                        record,
                        path,
                        f"{quoted(path)} is before the proceedings were issued; check the date",
                        code="order",
                    )
        episodes = sorted(
            ((as_day(e["start"]), as_day(e.get("end")), i) for i, e in enumerate(data["episodes"])),
            key=lambda item: (item[0], item[2]),
        )
        for (_, prev_end, prev), (start, _, index) in pairwise(episodes):
            earlier = f"'{field_name(('episodes', prev))}'"
            path = ("episodes", index, "start")
            if prev_end is None:
                yield problem(
                    record,
                    path,
                    f"{quoted(path)} begins while an earlier episode ({earlier}) has no end date; "
                    "give that episode its end date",
                    code="order",
                )
            elif start and start < prev_end:
                yield problem(
                    record,
                    path,
                    f"{quoted(path)} is before an earlier episode ({earlier}) ended; looked-after "
                    "episodes must not overlap",
                    code="order",
                )
        first_start = episodes[0][0] if episodes else None
        if first_start is None:
            continue
        born = data.get("birth_month")
        if isinstance(born, str) and first_start.isoformat()[:7] < born:
            path = ("episodes", episodes[0][2], "start")
            yield problem(
                record,
                path,
                f"{quoted(path)} is before the child's birth month; check both",
                code="order",
            )
        for index, review in enumerate(data.get("reviews") or []):
            if as_day(review) < first_start:  # type: ignore[operator]
                yield problem(
                    record,
                    ("reviews", index),
                    f"{quoted(('reviews', index))} is before the child was first looked after "
                    "(the first episode's start); check the date",
                    code="order",
                )
        for index, event in enumerate(data.get("events") or []):
            if event["type"] in EVENTS_BEFORE_CARE:
                continue
            if as_day(event["date"]) < first_start:  # type: ignore[operator]
                path = ("events", index, "date")
                yield problem(
                    record,
                    path,
                    f"{quoted(path)} is before the child was first looked after (the first "
                    "episode's start); check the date",
                    code="order",
                )

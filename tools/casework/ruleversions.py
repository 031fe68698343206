"""Rule versions: one rule id, several dated versions, each in force until the next.

A rule may give ``effective_from: YYYY-MM-DD``. Entries of ``rules.yaml`` that
share an id are versions of one rule: at most one of them may leave out
``effective_from`` (it applies to everything before the first dated version),
and no two may give the same date. Each finding is judged by the version in
force on its anchor day (docs/timescales.md: "Rule versions").
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

Rule = Mapping[str, Any]


@dataclass(frozen=True)
class Version:
    """One version of a rule and the days it is in force: [start, end)."""

    rule: Rule
    start: date | None
    end: date | None

    def covers(self, day: date) -> bool:
        return (self.start is None or day >= self.start) and (self.end is None or day < self.end)


def _start(rule: Rule) -> date | None:
    value = rule.get("effective_from")
    if value is None:
        return None
    return value if isinstance(value, date) else date.fromisoformat(str(value))


def grouped(rules: Iterable[Rule]) -> list[list[Rule]]:
    """The rules by id, in the order each id first appears."""
    groups: dict[str, list[Rule]] = {}
    for rule in rules:
        groups.setdefault(rule["id"], []).append(rule)
    return list(groups.values())


def timeline(versions: Sequence[Rule]) -> list[Version]:
    """The versions of one rule in date order, each ending where the next starts."""
    ordered = sorted(versions, key=lambda r: _start(r) or date.min)
    starts = [_start(r) for r in ordered]
    return [
        Version(rule, starts[i], starts[i + 1] if i + 1 < len(ordered) else None)
        for i, rule in enumerate(ordered)
    ]


def problems(rules: Sequence[Rule]) -> list[tuple[int, str, str]]:
    """(index in rules.yaml, field, message) for versions that clash."""
    found: list[tuple[int, str, str]] = []
    seen: dict[str, dict[date | None, int]] = {}
    for index, rule in enumerate(rules):
        dates = seen.setdefault(rule["id"], {})
        start = _start(rule)
        if start in dates:
            if start is None:
                message = (
                    f"two rules have the same id '{rule['id']}' and neither says from when it "
                    "applies; give the newer version 'effective_from: YYYY-MM-DD', or give each "
                    "rule its own id"
                )
                found.append((index, "id", message))
            else:
                message = (
                    f"two versions of rule '{rule['id']}' take effect on the same day; "
                    "give each version its own 'effective_from' date"
                )
                found.append((index, "effective_from", message))
            continue
        dates[start] = index
    return found


def in_force(versions: Sequence[Rule], day: date) -> Rule | None:
    """The version of a rule in force on ``day`` (None before the first one)."""
    return next((v.rule for v in timeline(versions) if v.covers(day)), None)


def history(versions: Sequence[Rule]) -> list[tuple[date | None, date | None, Rule]]:
    """(from, until the day before, version) for a procedure page's "what applied when"."""
    return [(v.start, v.end, v.rule) for v in timeline(versions)]

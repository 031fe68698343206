"""Checks across records: ids, names, references, schedule, order of events.

(Filled in by the case-records work: see issue 2.)
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from casework.problems import Problem
from casework.records import Record


def cross_check(
    root: Path, records: list[Record], only: Iterable[Path] | None = None
) -> list[Problem]:
    return []

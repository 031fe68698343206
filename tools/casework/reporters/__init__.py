"""Output formats for ``casework check``: one small module per format, found by name.

Each module defines ``render(report) -> str``. ``github`` also has
``step_summary(report)`` for ``$GITHUB_STEP_SUMMARY``.
"""

from __future__ import annotations

import importlib
from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from types import ModuleType

from casework.findings import DEFAULT_FAIL_ON, FAIL_LEVELS, FAILING, Finding, Status

FORMATS = ("text", "json", "github", "gitlab", "junit", "markdown")


@dataclass(frozen=True)
class Report:
    """The findings to show, and counts over all of them."""

    findings: tuple[Finding, ...]
    as_of: date
    counts: Mapping[Status, int] = field(default_factory=dict)
    cases: int = 0
    rules: int = 0
    #: ``--fail-on``: which breached or late findings fail the run
    fail_on: str = DEFAULT_FAIL_ON

    def fails(self, finding: Finding) -> bool:
        """Breached or late, and of a provenance ``--fail-on`` counts (a local choice is
        not, by default); severity aside, for formats that list failures."""
        return finding.status in FAILING and finding.rule_status in FAIL_LEVELS[self.fail_on]

    @classmethod
    def build(
        cls,
        shown: Sequence[Finding],
        every: Sequence[Finding],
        as_of: date,
        cases: int = 0,
        rules: int = 0,
        fail_on: str = DEFAULT_FAIL_ON,
    ) -> Report:
        counts = Counter(f.status for f in every)
        return cls(
            tuple(shown), as_of, {s: counts.get(s, 0) for s in Status}, cases, rules, fail_on
        )

    def summary(self) -> str:
        """One line: how many of each status, over how many cases, as of when."""
        c = self.counts
        parts = [
            f"{c.get(Status.BREACHED, 0)} breached",
            f"{c.get(Status.LATE, 0)} late",
            f"{c.get(Status.DUE_SOON, 0)} due soon",
            f"{c.get(Status.OPEN, 0)} open",
            f"{c.get(Status.MET, 0)} met",
        ]
        scope = f" across {self.cases} case{'s' if self.cases != 1 else ''}" if self.cases else ""
        return f"{', '.join(parts)}{scope} as of {self.as_of.isoformat()}"


def module(name: str) -> ModuleType:
    if name not in FORMATS:
        raise KeyError(name)
    return importlib.import_module(f"casework.reporters.{name}")


def renderer(name: str) -> Callable[[Report], str]:
    """The ``render`` function of an output format (KeyError for an unknown one)."""
    return module(name).render  # type: ignore[no-any-return]

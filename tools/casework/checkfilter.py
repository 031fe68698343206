"""Which findings a coordinator asked to see: one case, one team, what is due soon.

``casework check --case ID --team ID --due-within DAYS`` narrow the report
(and its exit code) to what a coordinator is working on. An id that is not a
case folder or a team of the pack is a usage error with the nearest ids,
never an empty report that looks like "nothing is due".
"""

from __future__ import annotations

import argparse
import difflib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from casework.errors import UsageError
from casework.findings import Finding
from casework.policy import Policy


def _nearest(word: str, known: Iterable[str]) -> str:
    close = difflib.get_close_matches(word, sorted(known), n=3, cutoff=0.5)
    return f" (did you mean {', '.join(close)}?)" if close else ""


@dataclass(frozen=True)
class Selection:
    cases: frozenset[str] | None  # None: every case (and meetings)
    due_within: int | None
    as_of: date

    @classmethod
    def from_args(
        cls, args: argparse.Namespace, policy: Policy, teams_of: Mapping[str, Any], as_of: date
    ) -> Selection:
        """``teams_of``: case id -> team, from every valid case record."""
        chosen: set[str] | None = None
        if args.case:
            for case in args.case:
                if case not in teams_of:
                    raise UsageError(
                        "--case names a child with no valid case record in this repository"
                        f"{_nearest(case, (c for c in teams_of if c))}; check the id (the "
                        "folder name under cases/), or run 'casework validate'"
                    )
            chosen = set(args.case)
        if args.team:
            known = policy.ids("teams") if policy.pack.get("teams") else set(teams_of.values())
            for team in args.team:
                if team not in known:
                    listed = ", ".join(sorted(str(t) for t in known if t)) or "none"
                    raise UsageError(
                        f"--team is not a team of the policy pack{_nearest(team, map(str, known))}"
                        f"; the teams are: {listed}"
                    )
            in_teams = {case for case, team in teams_of.items() if team in set(args.team)}
            chosen = in_teams if chosen is None else chosen & in_teams
        return cls(
            None if chosen is None else frozenset(c for c in chosen if c),
            getattr(args, "due_within", None),
            as_of,
        )

    @property
    def keeps_all(self) -> bool:
        """No case, team or due date chosen: every finding is kept."""
        return self.cases is None and self.due_within is None

    def keeps_case(self, case_id: str) -> bool:
        return self.cases is None or case_id in self.cases

    def keeps(self, finding: Finding) -> bool:
        if self.cases is not None and finding.case not in self.cases:
            return False
        if self.due_within is not None:
            if finding.done is not None:
                return False
            return finding.due <= self.as_of + timedelta(days=self.due_within)
        return True

"""Each recommendation a panel made, with its owner, due date and whether it was done.

A recommendation is done when the case record has a ``recommendation_completed``
event whose ``ref`` names it (``<decision record stem>#<item number>``), or an event
of the recommendation's own type whose ``ref`` names its decision (a
``care_planning_review`` event for the decision that asked for one): the case
timeline shows that event, so the recommendation must not be shown open.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from casework.sitegen.model import SiteData, parse


@dataclass(frozen=True)
class Recommendation:
    case_id: str
    decision: str
    hearing: date
    number: int
    type: str
    label: str
    owner_role: str | None
    due: date | None
    done: date | None
    #: a decision the panel made at the hearing (``is_decision`` in the pack), not a task
    is_decision: bool = False

    @property
    def ref(self) -> str:
        return f"{self.decision}#{self.number}"

    def done_by(self, day: date) -> bool:
        return self.done is not None and self.done <= day

    def outcome(self, day: date) -> str:
        """'done on time', 'done late', 'overdue' or 'open', as things stood on ``day``."""
        if self.done_by(day):
            assert self.done is not None
            return "done late" if self.due and self.done > self.due else "done"
        if self.due and self.due < day:
            return "overdue"
        return "open"


def completions(data: SiteData, case_id: str) -> dict[str, date]:
    """``ref`` -> the first date a recommendation was recorded as completed.

    An event of another type is keyed ``<ref> <type>``, for the recommendations of
    that type in the decision it names.
    """
    case = data.cases.get(case_id)
    found: dict[str, date] = {}
    if case is None:
        return found
    for event in case.data.get("events", []) or []:
        if not event.get("ref"):
            continue
        day = parse(event["date"])
        if day is None or day > data.as_of:
            continue
        ref = str(event["ref"])
        if event.get("type") != "recommendation_completed":
            ref = f"{ref} {event.get('type')}"
        if ref not in found or day < found[ref]:
            found[ref] = day
    return found


def recommendations(data: SiteData, case_id: str) -> list[Recommendation]:
    done = completions(data, case_id)
    decided = {
        str(t.get("id")): bool(t.get("is_decision"))
        for t in data.policy.pack.get("recommendation_types") or []
        if isinstance(t, dict)
    }
    found = []
    for decision in data.decisions.get(case_id, []):
        for number, item in enumerate(decision.items, start=1):
            ref = f"{decision.stem}#{number}"
            found.append(
                Recommendation(
                    case_id=case_id,
                    decision=decision.stem,
                    hearing=decision.hearing,
                    number=number,
                    type=item["type"],
                    label=data.policy.label("recommendation_types", item["type"]),
                    owner_role=item.get("owner_role"),
                    due=parse(item.get("due")),
                    done=done.get(ref) or done.get(f"{decision.stem} {item['type']}"),
                    is_decision=decided.get(str(item["type"]), False),
                )
            )
    return found


def all_recommendations(data: SiteData) -> list[Recommendation]:
    return [r for case_id in sorted(data.decisions) for r in recommendations(data, case_id)]

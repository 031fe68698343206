"""Write a synthetic, valid case repository for benchmarks.

    python bench/generate.py N DIR [--seed S]

N invented children (``cases/C-00001`` ...), each with a case record; most
have one to three referrals, each heard at a scheduled panel meeting with a
decision (some decisions are amended); most of the panel's recommendations are
recorded as done in the case record (a fifth of those late), the rest are left
undone; one meeting record per panel date that has decisions; some children are
sibling pairs. The Bexley preset pack is
copied to ``DIR/policies``. The same N and seed always give the same files.

Importable: ``generate(n, dest, seed=0)`` returns the number of record files
written (pack and rules included).
"""

from __future__ import annotations

import argparse
import random
import shutil
import sys
from collections import defaultdict
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import yaml

from casework.paths import presets_dir
from casework.policy import load_policy
from casework.schedule import scheduled_dates

TODAY = date(2026, 11, 23)
FIRST_ENTRY = date(2023, 1, 2)
LAST_ENTRY = date(2026, 6, 30)

LEGAL_BASIS = ["s20", "interim_care_order", "police_protection", "emergency_protection_order"]
ENTRY = ["emergency", "planned", "pre_proceedings", "court_ordered"]
PLACEMENTS = ["foster_mainstream", "foster_connected", "residential", "placed_with_parents"]
PROVIDERS = ["in_house", "independent_agency", "private", "family"]
SUMMARIES = [
    "Invented case for benchmarking: the child is settled and the plan is under review.",
    "Invented case for benchmarking: a change of placement is being considered.",
    "Invented case for benchmarking: care proceedings are under way.",
]


class _Dumper(yaml.SafeDumper):
    def ignore_aliases(self, data: Any) -> bool:
        return True


def _dump(data: dict[str, Any]) -> str:
    return yaml.dump(data, Dumper=_Dumper, sort_keys=False, allow_unicode=True, width=100)


def _iso(day: date) -> str:
    return day.isoformat()


def _install_pack(dest: Path) -> None:
    policies = dest / "policies"
    shutil.copytree(presets_dir() / "bexley", policies, dirs_exist_ok=True)


class _Ids:
    """The pack's vocabularies, for realistic values."""

    def __init__(self, pack: dict[str, Any]) -> None:
        def ids(section: str) -> list[str]:
            return [str(item["id"]) for item in pack.get(section) or []]

        self.criteria = ids("criteria")
        self.types = ids("recommendation_types")
        #: decisions the panel makes at the hearing (nothing falls due, nothing to complete)
        self.decided = {
            str(item["id"])
            for item in pack.get("recommendation_types") or []
            if item.get("is_decision")
        }
        self.documents = ids("documents")
        self.teams = ids("teams") or ["children_in_care"]
        roles = set(ids("roles"))
        self.chair = pack["panel"]["chair_roles"][0]
        self.members = sorted(roles - {self.chair})
        self.owner_roles = [r for r in ("social_worker", "team_manager") if r in roles] or [
            self.members[0]
        ]
        self.authoriser = "team_manager" if "team_manager" in roles else self.members[0]


def _case(rng: random.Random, case_id: str, ids: _Ids) -> tuple[dict[str, Any], date, date]:
    """A case record, the day the child entered care and the last day to refer."""
    start = FIRST_ENTRY + timedelta(days=rng.randrange((LAST_ENTRY - FIRST_ENTRY).days))
    age_years = rng.randrange(0, 16)
    born = date(start.year - age_years, rng.randrange(1, 13), 1)
    if born > start:
        born = date(start.year - 1, born.month, 1)
    basis = rng.choice(LEGAL_BASIS)
    ended = rng.random() < 0.2
    end = start + timedelta(days=rng.randrange(200, 600)) if ended else None
    if end is not None and end >= TODAY:
        end = None
    last = end or TODAY
    episode: dict[str, Any] = {
        "start": _iso(start),
        "end": _iso(end) if end else None,
        "legal_basis": basis,
        "entry": rng.choice(ENTRY),
    }
    if end:
        episode["end_reason"] = rng.choice(["returned_home", "special_guardianship"])
    legal: list[dict[str, Any]] = [{"status": basis, "start": _iso(start)}]
    if basis != "s20" and (last - start).days > 120:
        change = start + timedelta(days=rng.randrange(60, 120))
        legal[0]["end"] = _iso(change)
        legal.append({"status": "care_order", "start": _iso(change)})
    placements: list[dict[str, Any]] = []
    day = start
    for _ in range(rng.choice([1, 1, 2, 3])):
        kind = rng.choice(PLACEMENTS)
        placement: dict[str, Any] = {
            "type": kind,
            "provider": "family" if kind == "placed_with_parents" else rng.choice(PROVIDERS[:3]),
            "start": _iso(day),
            "weekly_cost": round(rng.uniform(300, 4500), 2),
        }
        following = day + timedelta(days=rng.randrange(90, 400))
        if following < last:
            placement["end"] = _iso(following)
            placement["end_reason"] = "planned"
            placements.append(placement)
            day = following
        else:
            placements.append(placement)
            break
    reviews = [start + timedelta(days=28), start + timedelta(days=119)]
    while reviews[-1] + timedelta(days=182) < last:
        reviews.append(reviews[-1] + timedelta(days=182))
    record: dict[str, Any] = {
        "case_id": case_id,
        "birth_month": f"{born.year:04d}-{born.month:02d}",
        "team": rng.choice(ids.teams),
        "worker_role": "social_worker",
        "siblings": [],
        "episodes": [episode],
        "legal_status": legal,
        "placements": placements,
        "reviews": [_iso(r) for r in reviews if r < last],
        "events": [
            {"type": "permanence_planning_meeting", "date": _iso(start + timedelta(days=9))}
        ],
    }
    if basis != "s20":
        record["proceedings"] = [{"issued": _iso(start + timedelta(days=3)), "concluded": None}]
    return record, start, last


def _referral(rng: random.Random, case_id: str, panel: date, ids: _Ids) -> dict[str, Any]:
    submitted = panel - timedelta(days=rng.choice([6, 7, 8, 13, 14, 2]))
    return {
        "case_id": case_id,
        "panel_date": _iso(panel),
        "extraordinary": False,
        "submitted": _iso(submitted),
        "submitted_time": rng.choice(["09:30", "11:45", "15:10"]),
        "criterion": rng.choice(ids.criteria),
        "referrer_role": "social_worker",
        "summary": rng.choice(SUMMARIES),
        "sought": rng.sample(ids.types, rng.choice([1, 1, 2])),
        "family": [
            {"relationship": "mother", "pseudonym": f"M-{case_id[2:]}-1"},
            {"relationship": "father", "pseudonym": f"F-{case_id[2:]}-1"},
        ],
        "signs_of_safety": {
            "past_harm": "Invented: neglect of the child's basic needs.",
            "strengths": "Invented: regular contact is positive.",
            "danger_statement": "Invented: the worry is that neglect will recur.",
            "safety_goals": "Invented: a safe, stable home for the rest of childhood.",
        },
        "next_steps": [
            {
                "what": "Invented: update the care plan.",
                "who": "social_worker",
                "by": _iso(panel + timedelta(days=28)),
            }
        ],
        "documents": rng.sample(ids.documents, rng.choice([1, 2, 3])),
        "authorised_by": {"role": ids.authoriser, "date": _iso(submitted - timedelta(days=1))},
    }


def _decision(
    rng: random.Random, case_id: str, hearing: date, referral: str, ids: _Ids
) -> dict[str, Any]:
    items = []
    for _ in range(rng.choice([1, 2, 3])):
        kind = rng.choice(ids.types)
        due = _iso(hearing + timedelta(days=rng.choice([14, 28, 42])))
        item = {
            "type": kind,
            "text": "Invented recommendation for benchmarking.",
            "due": None if kind in ids.decided else due,
            "owner_role": rng.choice(ids.owner_roles),
        }
        items.append(item)
    decision: dict[str, Any] = {
        "case_id": case_id,
        "hearing_date": _iso(hearing),
        "referral": referral,
        "chair_role": ids.chair,
        "items": items,
        "return_to_panel": _iso(hearing + timedelta(days=84)) if rng.random() < 0.4 else None,
        "majority_agreed": True,
        "dissenting_views": [],
        "disputed": False,
    }
    return decision


#: the share of the panel's recommendations that the case record shows done, of those the
#: share done after their due date (up to LATE_DAYS late); the rest are never recorded done,
#: and are overdue once due
COMPLETED = 0.95
LATE = 0.2
LATE_DAYS = 120


def _completions(
    rng: random.Random, decision_stem: str, decision: dict[str, Any]
) -> list[dict[str, Any]]:
    """``recommendation_completed`` events for most of a decision's recommendations.

    As on real panels, most recommendations are done, a fifth of them late (by up to four
    months); a few are never recorded as done, and every agenda reviews them again (and
    each late one until it is done). Decisions
    made at the hearing have nothing due and are never completed. Only completions made by
    the benchmark's day are recorded.
    """
    hearing = date.fromisoformat(decision["hearing_date"])
    events = []
    for number, item in enumerate(decision["items"], start=1):
        if not item.get("due") or rng.random() >= COMPLETED:
            continue
        due = date.fromisoformat(item["due"])
        if rng.random() < LATE:
            day = due + timedelta(days=rng.randrange(1, LATE_DAYS + 1))
        else:
            day = max(hearing + timedelta(days=1), due - timedelta(days=rng.randrange(0, 12)))
        if day <= TODAY:
            ref = f"{decision_stem}#{number}"
            events.append({"type": "recommendation_completed", "date": _iso(day), "ref": ref})
    return events


def _write(dest: Path, rel: str, data: dict[str, Any]) -> None:
    path = dest / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(_dump(data), encoding="utf-8")


def generate(n: int, dest: Path, seed: int = 0) -> int:
    """Write ``n`` cases to ``dest``; returns the number of record files written."""
    dest = Path(dest)
    _install_pack(dest)
    policy = load_policy(dest / "policies", dest)
    ids = _Ids(policy.pack)
    panels = scheduled_dates(policy.panel, policy.calendar, FIRST_ENTRY, date(2027, 12, 31))
    rng = random.Random(seed)
    # a generator of its own, so that the rest of the data is the same with or without it
    done = random.Random(f"completions {seed}")
    written = 2
    heard: dict[date, list[str]] = defaultdict(list)
    cases: list[dict[str, Any]] = []
    for index in range(n):
        case_id = f"C-{index + 1:05d}"
        record, start, last = _case(rng, case_id, ids)
        cases.append(record)
        count = rng.choices([0, 1, 2, 3], weights=[10, 50, 25, 15])[0]
        panel_index = next(
            (i for i, d in enumerate(panels) if d >= start + timedelta(days=21)), None
        )
        for _ in range(count):
            if panel_index is None or panel_index >= len(panels):
                break
            panel = panels[panel_index]
            if panel > last + timedelta(days=30):
                break
            stem = f"{_iso(panel)}-referral"
            _write(dest, f"cases/{case_id}/{stem}.yaml", _referral(rng, case_id, panel, ids))
            written += 1
            if panel <= TODAY:
                decision = _decision(rng, case_id, panel, stem, ids)
                _write(dest, f"cases/{case_id}/{_iso(panel)}-decision.yaml", decision)
                written += 1
                record["events"] += _completions(done, f"{_iso(panel)}-decision", decision)
                heard[panel].append(case_id)
                if rng.random() < 0.12:
                    made = panel + timedelta(days=rng.choice([0, 3, 7]))
                    amendment = {
                        "case_id": case_id,
                        "date": _iso(made),
                        "amends": f"{_iso(panel)}-decision",
                        "reason": "Invented: the return date was recorded wrongly.",
                        "made_by_role": ids.chair,
                        "changes": {"return_to_panel": _iso(panel + timedelta(days=56))},
                    }
                    _write(dest, f"cases/{case_id}/{_iso(made)}-amendment.yaml", amendment)
                    written += 1
            panel_index += rng.choice([3, 4, 6, 8])
    for first, second in zip(cases[0::10], cases[1::10], strict=False):
        first["siblings"] = [second["case_id"]]
        second["siblings"] = [first["case_id"]]
    for record in cases:
        _write(dest, f"cases/{record['case_id']}/case.yaml", record)
        written += 1
    for panel, heard_ids in sorted(heard.items()):
        meeting = {
            "date": _iso(panel),
            "panel": policy.panel["id"],
            "extraordinary": False,
            "start_time": "10:00",
            "chair_role": ids.chair,
            "members_present": rng.sample(ids.members, 4),
            "apologies": [],
            "minute_taker_role": ids.members[0],
            "conduct_statement_read": True,
            "declarations": [],
            "cases_heard": heard_ids,
            "cases_deferred": [],
        }
        _write(dest, f"meetings/{_iso(panel)}-meeting.yaml", meeting)
        written += 1
    return written


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("n", type=int, help="number of cases (children)")
    parser.add_argument("dest", type=Path, help="folder to write the repository into")
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args(argv)
    if args.dest.exists() and any(args.dest.iterdir()):
        parser.error(f"{args.dest} is not empty; give a new folder")
    count = generate(args.n, args.dest, args.seed)
    print(f"wrote {count} record files for {args.n} cases to {args.dest}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

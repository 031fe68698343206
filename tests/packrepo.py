"""Small case repositories for the policy pack tests (Bexley, Kirklees, statutory).

A test writes a few records with the builders here, then ``findings`` runs
``casework validate`` (the records must be valid) and ``casework check
--format json --all`` through the CLI and returns the findings of one rule.
"""

from __future__ import annotations

import json
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import yaml

from casework.paths import presets_dir

CASE = "C-0042"
Record = tuple[str, dict[str, Any]]


def case(
    start: str,
    entry: str = "emergency",
    basis: str = "s20",
    case_id: str = CASE,
    **fields: Any,
) -> Record:
    """A child's case.yaml: one episode from ``start``; other fields as given."""
    data: dict[str, Any] = {
        "case_id": case_id,
        "birth_month": "2016-05",
        "team": fields.pop("team", "disabled_children"),
        "worker_role": "social_worker",
        "episodes": [{"start": start, "legal_basis": basis, "entry": entry}],
    }
    if "end" in fields:
        data["episodes"][0]["end"] = fields.pop("end")
        data["episodes"][0]["end_reason"] = fields.pop("end_reason", "returned_home")
    data.update(fields)
    return f"cases/{case_id}/case.yaml", data


def events(*pairs: tuple[str, str]) -> list[dict[str, str]]:
    """``events: [...]`` from (type, date) pairs."""
    return [{"type": kind, "date": day} for kind, day in pairs]


def referral(
    panel_date: str,
    submitted: str,
    criterion: str,
    sought: list[str],
    documents: list[str],
    case_id: str = CASE,
    **extra: Any,
) -> Record:
    data: dict[str, Any] = {
        "case_id": case_id,
        "panel_date": panel_date,
        "submitted": submitted,
        "criterion": criterion,
        "summary": "An invented referral for a test.",
        "sought": sought,
        "documents": documents,
        "authorised_by": {"role": "team_manager", "date": submitted},
    }
    data.update(extra)
    return f"cases/{case_id}/{panel_date}-referral.yaml", data


def decision(
    hearing: str,
    referral_date: str,
    items: list[dict[str, Any]],
    chair: str,
    case_id: str = CASE,
    **extra: Any,
) -> Record:
    data: dict[str, Any] = {
        "case_id": case_id,
        "hearing_date": hearing,
        "referral": f"{referral_date}-referral",
        "chair_role": chair,
        "items": items,
    }
    data.update(extra)
    return f"cases/{case_id}/{hearing}-decision.yaml", data


def meeting(day: str, panel: str, chair: str, members: list[str], **extra: Any) -> Record:
    data: dict[str, Any] = {
        "date": day,
        "panel": panel,
        "chair_role": chair,
        "members_present": members,
        "conduct_statement_read": True,
        "declarations": [],
        "cases_heard": [],
    }
    data.update(extra)
    return f"meetings/{day}-meeting.yaml", data


def write_repo(root: Path, preset: str | Path, records: list[Record]) -> Path:
    """The preset (a name, or a pack folder) in ``policies/`` and the records as YAML."""
    source = preset if isinstance(preset, Path) else presets_dir() / preset
    shutil.copytree(source, root / "policies")
    (root / "cases").mkdir(exist_ok=True)
    for rel, data in records:
        target = root / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    return root


def check(
    cli: Callable[..., Any], root: Path, as_of: str, policy: Path | None = None
) -> list[dict[str, Any]]:
    """Every finding (``--all``) of ``casework check --format json`` on a valid repository,
    with ``--policy`` when a pack folder is given."""
    valid = cli("validate", "--repo", root)
    assert valid.code == 0, valid.text
    extra = ["--policy", policy] if policy is not None else []
    run = cli("check", "--repo", root, "--format", "json", "--all", "--as-of", as_of, *extra)
    assert run.code in (0, 1), run.text
    return list(json.loads(run.out))


def findings(
    cli: Callable[..., Any],
    root: Path,
    preset: str,
    records: list[Record],
    rule: str,
    as_of: str,
) -> list[dict[str, Any]]:
    """The findings of ``rule`` on a repository of ``records``."""
    write_repo(root, preset, records)
    return [f for f in check(cli, root, as_of) if f["rule"] == rule]


def only(found: list[dict[str, Any]]) -> dict[str, Any]:
    assert len(found) == 1, found
    return found[0]


def expect(found: list[dict[str, Any]], status: str, due: str | None = None, late: int = 0) -> None:
    """Exactly one finding, with this status (and due date, and working days late)."""
    finding = only(found)
    assert finding["status"] == status, finding
    if due is not None:
        assert finding["due"] == due, finding
    assert finding["working_days_late"] == late, finding

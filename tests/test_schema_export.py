"""``casework schema export``: check-jsonschema with the exported schemas accepts and
refuses the same single records as ``casework validate`` (checks across files aside).

The corpus is the invented Fenmarsh pack (its own placement, plan and event types,
two panels) with one variant record per case folder: valid ones that use the
pack's own terms, and ones broken in a single field.
"""

from __future__ import annotations

import copy
import json
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from packrepo import Record, write_repo
from test_pack_fenmarsh import PACK, _approval, _case, _referral

Change = Callable[[dict[str, Any]], None]


def _set(path: str, value: Any) -> Change:
    def change(data: dict[str, Any]) -> None:
        *parents, last = path.split(".")
        target: Any = data
        for part in parents:
            target = target[int(part)] if part.isdigit() else target[part]
        if value is _DELETE:
            del target[last]
        elif isinstance(target, list):
            target[int(last)] = value
        else:
            target[last] = value

    return change


_DELETE = object()

#: name -> (change to a valid case record, valid afterwards?)
CASE_VARIANTS: dict[str, tuple[Change, bool]] = {
    "as it is": (lambda d: None, True),
    "the pack's own placement type": (_set("placements.0.type", "staying_put"), True),
    "an unknown placement type": (_set("placements.0.type", "staying_putt"), False),
    "the pack's own plan type": (
        _set("permanence_plans", [{"plan": "early_permanence", "agreed": "2026-02-01"}]),
        True,
    ),
    "an unknown plan type": (
        _set("permanence_plans", [{"plan": "early_permanance", "agreed": "2026-02-01"}]),
        False,
    ),
    "the pack's own event type": (
        _set("events", [{"type": "connected_persons_assessment", "date": "2026-02-01"}]),
        True,
    ),
    "an unknown event type": (
        _set("events", [{"type": "kinship_assessment", "date": "2026-02-01"}]),
        False,
    ),
    "the pack's own legal status": (_set("episodes.0.legal_basis", "short_breaks_s17"), True),
    "an unknown role": (_set("worker_role", "social_wroker"), False),
    "an unknown team": (_set("team", "children_in_car"), False),
    "a date that does not exist": (_set("episodes.0.start", "2026-02-30"), False),
    "a missing required field": (_set("birth_month", _DELETE), False),
    "a field a case record does not have": (_set("nickname", "x"), False),
    "an approval of the pack's own subject": (
        _set("approvals", [_approval("b1", "short_breaks_package", "2026-03-01", "2026-03-02")]),
        True,
    ),
    "an approval of an unknown subject": (
        _set("approvals", [_approval("b1", "short_break_package", "2026-03-01", "2026-03-02")]),
        False,
    ),
    "an approval with two amounts": (
        _set(
            "approvals",
            [
                _approval(
                    "b1",
                    "support_package",
                    "2026-03-01",
                    "2026-03-02",
                    amount={"weekly": 10, "one_off": 20},
                )
            ],
        ),
        False,
    ),
}

REFERRAL_VARIANTS: dict[str, tuple[Change, bool]] = {
    "as it is": (lambda d: None, True),
    "an unknown panel": (_set("panel", "legal_gatway"), False),
    "an unknown criterion": (_set("criterion", "fm_pre_proceeding"), False),
    "an unknown recommendation type sought": (_set("sought", ["start_preproceedings"]), False),
    "an unknown document": (_set("documents", ["care_plann"]), False),
    "an unknown authorising role": (_set("authorised_by.role", "team_manger"), False),
    "a time that does not exist": (_set("submitted_time", "25:00"), False),
    "a checklist, where the pack has none": (_set("checklist", "A"), False),
}


def _corpus() -> tuple[list[Record], dict[str, bool]]:
    records: list[Record] = []
    expected: dict[str, bool] = {}
    for number, (change, valid) in enumerate(CASE_VARIANTS.values()):
        path, data = _case(f"C-80{number:02d}")
        change(data)
        records.append((path, data))
        expected[path] = valid
    for number, (change, valid) in enumerate(REFERRAL_VARIANTS.values()):
        case_id = f"C-81{number:02d}"
        records.append(_case(case_id))
        path, data = _referral(
            case_id,
            "legal_gateway",
            "2026-04-07",
            "2026-04-01",
            criterion="fm_pre_proceedings",
            sought="start_pre_proceedings",
        )
        data = copy.deepcopy(data)
        change(data)
        records.append((path, data))
        expected[path] = valid
        expected[f"cases/{case_id}/case.yaml"] = True
    return records, expected


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, bool]]:
    records, expected = _corpus()
    root = write_repo(tmp_path_factory.mktemp("export") / "repo", PACK, records)
    return root, expected


def _validate_refuses(cli: Callable[..., Any], root: Path) -> set[str]:
    run = cli("validate", "--repo", root, "--format", "json")
    problems = json.loads(run.out)["problems"]
    return {p["file"] for p in problems if p["severity"] == "error"}


def _check_jsonschema_refuses(schema: Path, root: Path, files: list[str]) -> set[str]:
    run = subprocess.run(
        [
            sys.executable,
            "-m",
            "check_jsonschema",
            "--schemafile",
            str(schema),
            "--output-format",
            "json",
            *files,
        ],
        cwd=root,
        capture_output=True,
        text=True,
        check=False,
    )
    assert run.returncode in (0, 1), run.stderr
    report = json.loads(run.stdout)
    return {Path(error["filename"]).as_posix() for error in report["errors"]}


def test_check_jsonschema_and_validate_agree_on_single_records(
    corpus: tuple[Path, dict[str, bool]], cli: Callable[..., Any], tmp_path: Path
) -> None:
    root, expected = corpus
    assert cli("schema", "export", tmp_path, "--repo", root).code == 0
    refused_by_validate = _validate_refuses(cli, root)
    refused_by_tool: set[str] = set()
    for kind in ("case", "referral"):
        files = sorted(p for p in expected if p.endswith(f"{kind}.yaml"))
        refused_by_tool |= _check_jsonschema_refuses(tmp_path / f"{kind}.json", root, files)
    wanted = {path for path, valid in expected.items() if not valid}
    assert refused_by_validate == wanted
    assert refused_by_tool == wanted


def test_exported_schemas_are_self_contained_and_valid_draft_2020_12(
    corpus: tuple[Path, dict[str, bool]], cli: Callable[..., Any], tmp_path: Path
) -> None:
    root, _ = corpus
    assert cli("schema", "export", tmp_path, "--repo", root).code == 0
    names = sorted(p.name for p in tmp_path.glob("*.json"))
    assert names == [
        "amendment.json",
        "case.json",
        "decision.json",
        "meeting.json",
        "pack.json",
        "referral.json",
        "report.json",
        "rules.json",
    ]
    for path in tmp_path.glob("*.json"):
        assert '"$ref"' not in path.read_text(encoding="utf-8"), path.name
    run = subprocess.run(
        [
            sys.executable,
            "-m",
            "check_jsonschema",
            "--check-metaschema",
            *map(str, tmp_path.glob("*.json")),
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    assert run.returncode == 0, run.stdout + run.stderr


def test_export_into_a_file_is_a_usage_error(
    corpus: tuple[Path, dict[str, bool]], cli: Callable[..., Any], tmp_path: Path
) -> None:
    root, _ = corpus
    target = tmp_path / "taken"
    target.write_text("", encoding="utf-8")
    run = cli("schema", "export", target, "--repo", root)
    assert run.code == 2 and "give a folder" in run.err
    assert cli("schema", "--repo", root).code == 2

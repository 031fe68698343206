"""Every shipped preset loads, validates, publishes its procedures, and works with
``casework check --policy``; the project's own ``policies/`` is the Bexley preset."""

from __future__ import annotations

import filecmp
import re
from pathlib import Path

import pytest

from casework.paths import presets_dir
from casework.policy import load_policy

ROOT = Path(__file__).resolve().parent.parent
PRESETS = sorted(p.name for p in presets_dir().iterdir() if (p / "pack.yaml").is_file())


def test_the_five_authorities_are_shipped() -> None:
    assert PRESETS == ["bcp", "bexley", "bolton", "kirklees", "leicestershire"]


@pytest.mark.parametrize("name", PRESETS)
def test_preset_loads_and_its_rule_ids_are_unique(name: str) -> None:
    policy = load_policy(presets_dir() / name)
    ids = [rule["id"] for rule in policy.rules]
    assert ids and len(ids) == len(set(ids))
    for rule in policy.rules:
        assert rule["description"].strip() and rule["clause"].strip()


@pytest.mark.parametrize("name", PRESETS)
def test_procedures_exist_and_name_real_rules(name: str) -> None:
    policy = load_policy(presets_dir() / name)
    rule_ids = {rule["id"] for rule in policy.rules}
    procedures = policy.ids("procedures")
    for procedure in policy.pack["procedures"]:
        page = policy.procedure_path(procedure)
        assert page.is_file(), page
        assert page.read_text(encoding="utf-8").startswith("# "), page
        assert set(procedure.get("rules", [])) <= rule_ids, procedure["id"]
        assert set(procedure.get("see_also", [])) <= procedures, procedure["id"]


EMAIL = re.compile(r"[\w.+-]+@[\w-]+\.[\w.]+")
PHONE = re.compile(r"(\+44\s?|\b0)\d{2,4}[\s-]?\d{3,4}[\s-]?\d{3,4}\b")
CASE_ID = re.compile(r"\bC-\d{4,8}\b")


@pytest.mark.parametrize("name", ["bexley", "kirklees"])
def test_procedure_pages_hold_no_contact_details_or_case_ids(name: str) -> None:
    pages = sorted((presets_dir() / name / "procedures").glob("*.md"))
    assert pages
    for page in pages:
        text = page.read_text(encoding="utf-8")
        assert not EMAIL.search(text), page
        assert not PHONE.search(text), page
        assert not CASE_ID.search(text), page


@pytest.mark.parametrize("name", PRESETS)
def test_preset_validates_in_a_new_repository(cli, tmp_path: Path, name: str) -> None:
    repo = tmp_path / name
    assert cli("init", repo, "--preset", name).code == 0
    run = cli("validate", "--repo", repo)
    assert run.code == 0, run.text


@pytest.mark.parametrize("name", PRESETS)
def test_check_with_any_preset_as_policy(cli, tmp_path: Path, name: str) -> None:
    """``casework check --policy DIR`` evaluates a repository with any pack."""
    repo = tmp_path / "repo"
    assert cli("init", repo, "--preset", "bexley").code == 0
    run = cli("check", "--repo", repo, "--policy", presets_dir() / name, "--format", "json")
    assert run.code == 0, run.text
    assert run.out.strip() == "[]"


def test_check_policy_uses_the_given_pack_on_the_demo_data(cli) -> None:
    """The demo data checked with the Kirklees pack gives Kirklees findings, not Bexley's."""
    run = cli(
        "check", "--repo", ROOT, "--policy", presets_dir() / "kirklees", "--as-of", "2026-11-22"
    )
    assert run.code in (0, 1), run.text
    assert "(rule KI" in run.out and "(rule BX" not in run.out


def test_policies_is_the_bexley_preset_byte_for_byte() -> None:
    bexley = presets_dir() / "bexley"
    theirs = sorted(p.relative_to(bexley) for p in bexley.rglob("*") if p.is_file())
    ours = sorted(p.relative_to(ROOT / "policies") for p in (ROOT / "policies").rglob("*"))
    ours = [p for p in ours if (ROOT / "policies" / p).is_file()]
    assert ours == theirs
    match, mismatch, errors = filecmp.cmpfiles(
        ROOT / "policies", bexley, [str(p) for p in theirs], shallow=False
    )
    assert mismatch == [] and errors == [] and len(match) == len(theirs)

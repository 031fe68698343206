"""Shared fixtures: run the CLI in-process, and write a small valid case repository."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest
import yaml

from casework.cli import main
from casework.paths import presets_dir

BEXLEY = presets_dir() / "bexley"

# One rule, for tests that need a fast pack (use_minimal_rules).
MINIMAL_RULES = """\
rules:
  - id: BX1
    title: Papers reach the panel in time
    description: The referral reaches the panel three working days before it meets.
    status: procedure
    clause: protocol 1.5
    kind: before
    anchor: { event: referral, date_field: panel_date }
    by: { working_days: 3 }
    met_by: { field: submitted }
"""

CASE = """\
case_id: C-0042
birth_month: "2019-04"
team: children_in_care
worker_role: social_worker
siblings: []
episodes:
  - start: "2025-11-03"
    legal_basis: s20
    entry: emergency
legal_status:
  - status: s20
    start: "2025-11-03"
placements:
  - type: foster_mainstream
    provider: in_house
    start: "2025-11-03"
    weekly_cost: 450
reviews: ["2025-12-01"]
events:
  - type: permanence_planning_meeting
    date: "2025-11-14"
"""

REFERRAL = """\
case_id: C-0042
panel_date: "2026-03-05"
submitted: "2026-02-26"
criterion: bx_newly_looked_after
summary: An invented summary for testing.
sought: [endorse_plan]
documents: [referral_form, care_plan]
authorised_by:
  role: team_manager
  date: "2026-02-25"
"""

DECISION = """\
case_id: C-0042
hearing_date: "2026-03-05"
referral: 2026-03-05-referral
chair_role: head_of_service
items:
  - type: endorse_plan
    owner_role: social_worker
    due: "2026-04-02"
"""

MEETING = """\
date: "2026-03-05"
panel: permanence_panel
chair_role: head_of_service
members_present: [service_manager, independent_reviewing_officer]
cases_heard: [C-0042]
"""

AMENDMENT = """\
case_id: C-0042
date: "2026-03-12"
amends: 2026-03-05-decision
reason: The due date was recorded wrongly at the hearing.
made_by_role: head_of_service
changes:
  return_to_panel: "2026-06-04"
"""

#: path -> text of every file in the minimal repository
BASE_FILES: dict[str, str] = {
    "cases/C-0042/case.yaml": CASE,
    "cases/C-0042/2026-03-05-referral.yaml": REFERRAL,
    "cases/C-0042/2026-03-05-decision.yaml": DECISION,
    "meetings/2026-03-05-meeting.yaml": MEETING,
}


#: this repository, whose cases/, meetings/, policies/ and site/ are the invented demo
PROJECT = Path(__file__).resolve().parent.parent
DEMO_FOLDERS = ("cases", "meetings", "policies", "site")


def copy_demo(root: Path, source: Path = PROJECT) -> Path:
    """Copy the demo's records, pack, hand-written pages and mkdocs.yml into ``root``."""
    root.mkdir(parents=True, exist_ok=True)
    for name in DEMO_FOLDERS:
        if (source / name).is_dir():
            shutil.copytree(source / name, root / name)
    shutil.copy2(source / "mkdocs.yml", root / "mkdocs.yml")
    return root


def use_minimal_rules(root: Path) -> None:
    """Replace the pack's rules with ``MINIMAL_RULES`` (one rule: faster to read), and keep
    the pack consistent: its procedures then name only that rule."""
    policies = root / "policies"
    (policies / "rules.yaml").write_text(MINIMAL_RULES, encoding="utf-8")
    pack = yaml.safe_load((policies / "pack.yaml").read_text(encoding="utf-8"))
    for procedure in pack.get("procedures") or []:
        if "rules" in procedure:
            procedure["rules"] = [r for r in procedure["rules"] if r == "BX1"]
    (policies / "pack.yaml").write_text(yaml.safe_dump(pack, sort_keys=False), encoding="utf-8")
    for page in (policies / "procedures").glob("*.md"):
        title = page.read_text(encoding="utf-8").splitlines()[0]
        page.write_text(f"{title}\n\nAn invented page for the tests (rule **BX1**).\n", "utf-8")


def install_pack(root: Path) -> None:
    """Copy the Bexley preset pack into ``root/policies``."""
    policies = root / "policies"
    shutil.copytree(BEXLEY, policies, dirs_exist_ok=True)


@pytest.fixture
def make_repo(tmp_path: Path) -> Callable[..., Path]:
    """Write a minimal valid repository (pack, one case, its referral, decision, meeting).

    ``files`` adds or replaces files (path -> text, or bytes; None deletes).
    """

    def make(files: dict[str, str | bytes | None] | None = None, name: str = "repo") -> Path:
        root = tmp_path / name
        install_pack(root)
        for rel, content in {**BASE_FILES, **(files or {})}.items():
            target = root / rel
            if content is None:
                target.unlink(missing_ok=True)
                continue
            target.parent.mkdir(parents=True, exist_ok=True)
            if isinstance(content, bytes):
                target.write_bytes(content)
            else:
                target.write_text(content, encoding="utf-8")
        return root

    return make


@dataclass(frozen=True)
class Run:
    code: int
    out: str
    err: str

    @property
    def text(self) -> str:
        return self.out + self.err


@pytest.fixture
def cli(capsys: pytest.CaptureFixture[str]) -> Callable[..., Run]:
    """Run ``casework ARGS...`` in-process and capture its exit code and output."""

    def run(*args: str | Path) -> Run:
        capsys.readouterr()
        code = main([str(a) for a in args])
        captured = capsys.readouterr()
        return Run(code, captured.out, captured.err)

    return run

"""Every preset's intranet site reads as plain English, for both audiences.

For each of the five shipped presets, ``casework init`` makes a new repository,
one invented case is added (the child's record, a referral and the panel's
decision, valid for that preset's pack), and both sites are built through the
command line: the panel's and the practitioners' (``--audience procedures``).
Every page of both must pass the reader checks of ``site_reader`` (no Markdown
left as text, no YAML field or file name, no "the pack", headings in order),
and the practitioners' build must not carry the case at all.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml

from site_reader import HELP_PAGES, _text, article, site_faults

pytestmark = pytest.mark.slow

AS_OF = "2026-04-20"

#: the repository's language beyond what ``site_reader`` looks for: a coordinator's command,
#: a file name, a field or event name in the text (code aside; the checks on code are
#: ``site_reader``'s), a field set to true or false, and the tool's word for its settings
REPOSITORY_LANGUAGE = {
    "command": re.compile(
        r"\bcasework (?:new|validate|check|site|init|scan|audit|lint)\b|\bgit (?:add|commit|push)\b"
    ),
    "file name": re.compile(r"[\w./<>-]+\.(?:ya?ml|md|json)\b"),
    "field name": re.compile(r"\b[a-z]+_[a-z0-9_]+\b|\b[a-z_]+: (?:true|false)\b"),
    "settings": re.compile(r"\b(?:this|the) (?:policy )?pack'?s?\b", re.I),
}


def _case(case_id: str, team: str, basis: str, entry: str) -> dict[str, Any]:
    return {
        "case_id": case_id,
        "birth_month": "2017-03",
        "team": team,
        "worker_role": "social_worker",
        "episodes": [{"start": "2025-12-01", "legal_basis": basis, "entry": entry}],
    }


def _referral(case_id: str, day: str, submitted: str, **fields: Any) -> dict[str, Any]:
    return {
        "case_id": case_id,
        "panel_date": day,
        "submitted": submitted,
        "summary": "An invented referral for the site test.",
        "authorised_by": {"role": "team_manager", "date": submitted},
        **fields,
    }


def _decision(case_id: str, day: str, chair: str, item: str) -> dict[str, Any]:
    return {
        "case_id": case_id,
        "hearing_date": day,
        "referral": f"{day}-referral",
        "chair_role": chair,
        "items": [{"type": item, "owner_role": "team_manager", "due": "2026-05-28"}],
    }


#: preset -> (case id, panel day, case, referral, decision): each valid for its pack, the day
#: a meeting of that pack's panel
PRESETS: dict[str, tuple[str, str, dict[str, Any], dict[str, Any], dict[str, Any]]] = {
    "bcp": (
        "C-5101",
        "2026-03-05",
        _case("C-5101", "children_in_care", "interim_care_order", "emergency"),
        _referral(
            "C-5101",
            "2026-03-05",
            "2026-02-26",
            criterion="bc_six_weeks_in_care",
            sought=["endorse_permanence_plan"],
        ),
        _decision(
            "C-5101", "2026-03-05", "children_in_care_service_manager", "endorse_permanence_plan"
        ),
    ),
    "bexley": (
        "C-5102",
        "2026-03-05",
        _case("C-5102", "children_in_care", "s20", "emergency"),
        _referral(
            "C-5102",
            "2026-03-05",
            "2026-02-26",
            criterion="bx_newly_looked_after",
            sought=["endorse_plan"],
            documents=["referral_form", "care_plan"],
        ),
        _decision("C-5102", "2026-03-05", "head_of_service", "endorse_plan"),
    ),
    "bolton": (
        "C-5103",
        "2026-03-05",
        _case("C-5103", "looked_after_children", "care_order", "court_ordered"),
        _referral(
            "C-5103",
            "2026-03-05",
            "2026-02-26",
            criterion="bo_permanence_delay",
            sought=["endorse_permanence_plan"],
        ),
        _decision("C-5103", "2026-03-05", "assistant_director", "decision_supported"),
    ),
    "kirklees": (
        "C-5104",
        "2026-03-11",
        _case("C-5104", "disabled_children", "s20", "emergency"),
        _referral(
            "C-5104",
            "2026-03-11",
            "2026-03-02",
            criterion="ki_before_second_review",
            sought=["approve_permanency_plan"],
            documents=["ppm_minutes", "care_plan"],
        ),
        _decision("C-5104", "2026-03-11", "service_manager_assessment", "review_contact_plan"),
    ),
    "leicestershire": (
        "C-5105",
        "2026-03-18",
        _case("C-5105", "children_in_care", "care_order", "court_ordered"),
        _referral(
            "C-5105",
            "2026-03-18",
            "2026-03-04",
            criterion="le_permanence_mainstream_fostering",
            sought=["placement_meets_needs"],
            checklist="A",
            documents=[
                "matching_minutes",
                "child_voice",
                "care_plan",
                "placement_plan",
                "form_f",
                "carer_annual_review",
                "adm_review_decision",
            ],
        ),
        _decision("C-5105", "2026-03-18", "head_of_service", "placement_meets_needs"),
    ),
}


def _env() -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("GIT_")}
    env.update(GIT_AUTHOR_NAME="t", GIT_AUTHOR_EMAIL="t@example.invalid")
    env.update(GIT_COMMITTER_NAME="t", GIT_COMMITTER_EMAIL="t@example.invalid")
    env.pop("CASEWORK_DEBUG", None)
    return env


def _casework(*args: str | Path) -> None:
    """Run ``casework ARGS`` as a real process; it must succeed."""
    done = subprocess.run(
        [sys.executable, "-m", "casework", *map(str, args)],
        capture_output=True,
        text=True,
        env=_env(),
    )
    assert done.returncode == 0, done.stdout + done.stderr


def _write(path: Path, data: dict[str, Any]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")


@pytest.fixture(scope="module", params=sorted(PRESETS))
def built(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory):
    """(preset, case id, repository) with both sites built: public/ and public-procedures/."""
    preset: str = request.param
    case_id, day, case, referral, decision = PRESETS[preset]
    root = tmp_path_factory.mktemp(preset) / "repo"
    _casework("init", root, "--preset", preset)
    folder = root / "cases" / case_id
    _write(folder / "case.yaml", case)
    _write(folder / f"{day}-referral.yaml", referral)
    _write(folder / f"{day}-decision.yaml", decision)
    _casework("validate", "--repo", root)
    for args in (["add", "-A"], ["commit", "-qm", "An invented case"]):
        subprocess.run(["git", "-C", str(root), *args], check=True, env=_env())
    _casework("site", "build", "--repo", root, "--as-of", AS_OF)
    _casework("site", "build", "--repo", root, "--as-of", AS_OF, "--audience", "procedures")
    return preset, case_id, root


def test_panel_site_has_the_case_and_no_reader_fault(built) -> None:
    preset, case_id, root = built
    site = root / "public"
    page = site / "cases" / f"{case_id}.html"
    assert article(page) is not None, f"{preset}: no case page"
    assert list((site / "procedures").glob("*.html")), f"{preset}: no procedure page"
    assert site_faults(site) == {}


def test_practitioners_site_has_no_reader_fault(built) -> None:
    preset, _, root = built
    site = root / "public-procedures"
    procedures = [p for p in (site / "procedures").glob("*.html") if p.name != "index.html"]
    assert procedures, f"{preset}: no procedure page"
    assert site_faults(site) == {}


def test_practitioners_site_names_no_case(built) -> None:
    preset, case_id, root = built
    site = root / "public-procedures"
    assert not (site / "cases").exists(), preset
    for page in site.rglob("*"):
        if page.is_file() and page.suffix in (".html", ".json", ".xml", ".ics", ".txt"):
            assert case_id not in page.read_text(encoding="utf-8"), page.relative_to(site)


def _repository_language(site: Path) -> dict[str, list[str]]:
    """Each page (help aside) with the repository language a reader would see on it."""
    found: dict[str, list[str]] = {}
    for page in sorted(site.rglob("*.html")):
        rel = page.relative_to(site).as_posix()
        node = article(page)
        if node is None or rel in HELP_PAGES or rel == "404.html":
            continue
        prose, shown = _text(node), _text(node, code=True)
        faults = ["a code block"] if node.xpath(".//pre") else []
        for name, pattern in REPOSITORY_LANGUAGE.items():
            match = pattern.search(prose if name == "field name" else shown)
            if match:
                faults.append(f"{name}: {match.group(0)!r}")
        if faults:
            found[rel] = faults
    return found


@pytest.mark.parametrize("audience", ["public", "public-procedures"])
def test_no_command_file_field_name_or_code_block_on_a_reader_page(built, audience: str) -> None:
    preset, _, root = built
    assert _repository_language(root / audience) == {}, preset

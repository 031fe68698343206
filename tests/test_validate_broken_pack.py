"""A broken pack.yaml is reported once, not buried under every record's vocabulary.

Records may use terms the pack adds (``vocabularies.event_types``). When pack.yaml
itself is broken those terms cannot be known, so every record using one would be
reported as using an unknown term: hundreds of derived errors above the one that
matters. ``validate`` reports the pack's own error and one line saying the records'
vocabulary was not checked; exit codes stay as README's "Exit codes" say.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest

from conftest import CASE, Run

CASES = [f"C-{n:04d}" for n in range(42, 54)]
EXTRA = """
vocabularies:
  event_types:
    - { id: family_time_review, label: Family time review }
"""


def _repo(make_repo: Callable[..., Path]) -> Path:
    files: dict[str, str | None] = {}
    for case_id in CASES:
        text = CASE.replace("C-0042", case_id)
        files[f"cases/{case_id}/case.yaml"] = (
            text + '  - { type: family_time_review, date: "2025-11-20" }\n'
        )
    root = make_repo(files)
    pack = root / "policies" / "pack.yaml"
    pack.write_text(pack.read_text(encoding="utf-8") + EXTRA, encoding="utf-8")
    return root


BREAKS = {
    "a value of the wrong type": ("quorum_others: 2", "quorum_others: two"),
    "a misspelt section": ("\nroles:", "\nrolez:"),
    "YAML that cannot be read": ("\nauthority: ", "\nauthority: [unclosed "),
}


@pytest.mark.parametrize("name", list(BREAKS))
def test_a_broken_pack_is_reported_alone_with_one_line_for_the_records(
    name: str, make_repo: Callable[..., Path], cli: Callable[..., Run]
) -> None:
    root = _repo(make_repo)
    assert cli("validate", "--repo", root).code == 0  # the pack's own term is known
    pack = root / "policies" / "pack.yaml"
    old, new = BREAKS[name]
    text = pack.read_text(encoding="utf-8")
    assert old in text
    pack.write_text(text.replace(old, new, 1), encoding="utf-8")

    run = cli("validate", "--repo", root)
    assert run.code == 1, run.text
    lines = [x for x in run.out.splitlines() if ": error: " in x or ": warning: " in x]
    assert lines, run.text
    assert all(x.startswith("policies/pack.yaml:") for x in lines), run.text
    notes = [x for x in lines if "vocabulary" in x and "not checked" in x]
    assert len(notes) == 1, run.text
    assert ": warning: " in notes[0] and "policy pack" in notes[0]
    assert len(lines) <= 4, run.text  # the pack's own problems, and the one line
    assert "cases/" not in run.out

    report = json.loads(cli("validate", "--repo", root, "--format", "json").out)
    assert {p["file"] for p in report["problems"]} == {"policies/pack.yaml"}
    assert report["warnings"] == 1 and report["errors"] >= 1

    # one case given: the same, the pack's problems and the one line
    one = cli("validate", "--repo", root, root / "cases" / CASES[3] / "case.yaml")
    assert one.code == 1, one.text
    shown = [x for x in one.out.splitlines() if ": error: " in x or ": warning: " in x]
    assert shown and all(x.startswith("policies/pack.yaml:") for x in shown), one.text
    assert sum("was not checked" in x for x in shown) == 1
    # the pack's own error comes first, the one line after it
    assert "was not checked" in lines[-1] and "was not checked" not in lines[0]

    checked = cli("check", "--repo", root, "--as-of", "2026-03-01")
    assert checked.code == 2, checked.text  # check refuses a broken pack, as before


def test_a_record_still_gets_its_other_errors_while_the_pack_is_broken(
    make_repo: Callable[..., Path], cli: Callable[..., Run]
) -> None:
    """Only the vocabulary is left unchecked: a misspelt field is still an error."""
    root = _repo(make_repo)
    pack = root / "policies" / "pack.yaml"
    pack.write_text(
        pack.read_text(encoding="utf-8").replace("quorum_others: 2", "quorum_others: two", 1),
        encoding="utf-8",
    )
    case = root / "cases" / CASES[0] / "case.yaml"
    case.write_text(case.read_text(encoding="utf-8").replace("siblings:", "sibblings:"), "utf-8")
    run = cli("validate", "--repo", root)
    assert run.code == 1
    errors = [x for x in run.out.splitlines() if ": error: " in x]
    assert any(x.startswith(f"cases/{CASES[0]}/case.yaml:") for x in errors), run.text
    assert sum(x.startswith("cases/") for x in errors) == 1, run.text

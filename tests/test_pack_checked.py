"""Checked packs: each planted mistake in a pack is a finding at its file:line:col,
with the nearest known value suggested and the value written never repeated."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest

from conftest import Run

RULES = "policies/rules.yaml"
PACK = "policies/pack.yaml"
PAGE = "policies/procedures/referral-process.md"

APPROVAL_RULE = """
  - id: ZA1
    title: Support packages approved first
    description: A support package is approved before it starts.
    status: local
    clause: "invented for the test"
    kind: approval
    placements:
      - { weekly_cost_at_most: 1000 }
    roles: [{role}]
"""


@dataclass(frozen=True)
class Planted:
    path: str
    old: str  # text replaced (its first occurrence), or "" to append ``new``
    new: str
    needle: str  # the line the finding is on contains this
    words: str  # the finding's message contains this
    secret: str  # the misspelt value, never printed
    at: str = ""  # the finding's column is where this starts on that line (default: needle)


PLANTED = {
    "agenda item written as bare text": Planted(
        PACK,
        '  - { title: Introductions, minutes: 3, kind: fixed, clause: "1.13 item 3" }',
        "  - Introductionsz",
        "Introductionsz",
        "'standing_agenda[3]' must be a group of fields with 'title'",
        "Introductionsz",
    ),
    "misspelt where value": Planted(
        RULES,
        "where: { type: social_worker_visit }",
        "where: { type: social_wroker_visit }",
        "social_wroker_visit",
        "is not one of casework's event types or those the pack adds under "
        "'vocabularies.event_types', so the rule cannot work as written; use one of: "
        "permanence_planning_meeting",
        "social_wroker_visit",
        at="type:",
    ),
    "unknown event type": Planted(
        RULES,
        "where: { type: social_worker_visit }",
        "where: { type: kinship_assessmentq }",
        "kinship_assessmentq",
        "'rules[",
        "kinship_assessmentq",
        at="type:",
    ),
    "misspelt placement type in a list": Planted(
        RULES,
        "plan: [return_home,",
        "plan: [retrun_home,",
        "retrun_home",
        "plan[1]' is not one of casework's plan types",
        "retrun_home",
    ),
    "unknown role": Planted(
        RULES,
        "",
        APPROVAL_RULE.replace("{role}", "head_of_servise"),
        "head_of_servise",
        "is not one of the roles in the policy pack; use one of:",
        "head_of_servise",
    ),
    "unknown document required by a rule": Planted(
        RULES,
        "required: [referral_form]",
        "required: [referal_form]",
        "referal_form",
        "is not one of the documents in the policy pack, so the rule cannot work as written",
        "referal_form",
    ),
    "procedure naming a missing rule": Planted(
        PACK,
        "rules: [BX1, BX1b, BX7, BX9]",
        "rules: [BX1, BX1q, BX7, BX9]",
        "BX1q",
        "names a rule that is not in rules.yaml; correct the id or add the rule",
        "BX1q",
    ),
    "procedure naming a missing procedure": Planted(
        PACK,
        "see_also: [",
        "see_also: [referal_process, ",
        "referal_process",
        "names a procedure that is not in 'procedures'; correct the id "
        "(did you mean 'referral_process'?)",
        "referal_process",
    ),
    "page naming a missing rule": Planted(
        PAGE,
        "",
        "\nThe papers deadline is rule **BX77q**.\n",
        "BX77q",
        "this page names a rule (in bold) that is not in rules.yaml",
        "BX77q",
        at="**BX77q",
    ),
}


def test_a_page_whose_front_matter_lists_a_missing_rule(
    make_repo: Callable[..., Path], cli: Callable[..., Run]
) -> None:
    root = make_repo()
    page = root / PAGE
    page.write_text(
        "---\ntitle: Referrals\nrules:\n  - BX1\n  - BX1zz\n---\n" + page.read_text("utf-8"),
        encoding="utf-8",
    )
    run = cli("validate", "--repo", root)
    assert run.code == 1
    assert f"{PAGE}:5:5: error: this page's front matter lists a rule under 'rules'" in run.out
    assert "BX1zz" not in run.out


SUGGESTED = {
    "misspelt where value": "(did you mean 'social_worker_visit'?)",
    "misspelt placement type in a list": "(did you mean 'return_home'?)",
    "unknown role": "(did you mean 'head_of_service'?)",
    "unknown document required by a rule": "(did you mean 'referral_form'?)",
    "procedure naming a missing rule": "(did you mean 'BX1'?)",
}


def _plant(root: Path, planted: Planted) -> None:
    target = root / planted.path
    text = target.read_text(encoding="utf-8")
    if planted.old:
        assert planted.old in text, planted.old
        text = text.replace(planted.old, planted.new, 1)
    else:
        text += planted.new
    target.write_text(text, encoding="utf-8")


def _position(text: str, needle: str, at: str = "") -> tuple[int, int]:
    for number, line in enumerate(text.splitlines(), start=1):
        if needle in line:
            return number, line.index(at or needle) + 1
    raise AssertionError(needle)


@pytest.mark.parametrize("name", sorted(PLANTED))
def test_planted_pack_mistake_is_a_finding(
    name: str, make_repo: Callable[..., Path], cli: Callable[..., Run]
) -> None:
    planted = PLANTED[name]
    root = make_repo()
    assert cli("validate", "--repo", root).code == 0
    _plant(root, planted)
    run = cli("validate", "--repo", root)
    assert run.code == 1, run.text
    text = (root / planted.path).read_text(encoding="utf-8")
    line, column = _position(text, planted.needle, planted.at)
    found = [
        entry
        for entry in run.out.splitlines()
        if entry.startswith(f"{planted.path}:{line}:") and planted.words in entry
    ]
    assert found, run.text
    # the finding points at the field (in a list, at the item itself)
    match = re.match(rf"{re.escape(planted.path)}:{line}:([0-9]+): error: ", found[0])
    assert match and int(match.group(1)) == column, found[0]
    if name in SUGGESTED:
        assert SUGGESTED[name] in found[0]
    assert planted.secret not in run.text


def test_unknown_event_type_in_a_record_suggests_the_nearest(
    make_repo: Callable[..., Path], cli: Callable[..., Run]
) -> None:
    root = make_repo()
    case = root / "cases/C-0042/case.yaml"
    text = case.read_text(encoding="utf-8")
    case.write_text(
        text.replace("type: permanence_planning_meeting", "type: social_worker_visitt"),
        encoding="utf-8",
    )
    run = cli("validate", "--repo", root)
    assert run.code == 1
    line, column = _position(case.read_text(encoding="utf-8"), "social_worker_visitt", "type")
    assert f"cases/C-0042/case.yaml:{line}:{column}: error: 'events[1].type' is not one of " in (
        run.out
    )
    assert "(did you mean 'social_worker_visit'?)" in run.out
    assert "social_worker_visitt" not in run.out


def test_attribute_a_kind_of_event_does_not_have_is_an_error(
    make_repo: Callable[..., Path], cli: Callable[..., Run]
) -> None:
    root = make_repo()
    _plant(
        root,
        Planted(RULES, "where: { type: social_worker_visit }", "where: { tpye: x }", "", "", ""),
    )
    run = cli("validate", "--repo", root)
    assert run.code == 1, run.text
    assert ": error: " in run.out
    assert "names something this kind of event does not have" in run.out
    assert "(did you mean 'type'?)" in run.out


def test_a_missing_section_is_named_without_another_sections_hint(
    make_repo: Callable[..., Path], cli: Callable[..., Run]
) -> None:
    """The pack's hint about 'panel' or 'panels' belongs to those fields only."""
    root = make_repo()
    pack = root / PACK
    pack.write_text(
        pack.read_text(encoding="utf-8").replace("standing_agenda:", "standing_agendaz:"),
        encoding="utf-8",
    )
    run = cli("validate", "--repo", root)
    assert run.code == 1
    first = next(  # the pack's first field: where a missing one is reported
        number
        for number, line in enumerate(pack.read_text(encoding="utf-8").splitlines(), 1)
        if line and not line.startswith("#")
    )
    missing = [line for line in run.out.splitlines() if "missing the required field" in line]
    assert "'standing_agendaz' is not part of a policy pack" in run.out
    assert "(did you mean 'standing_agenda'?)" in run.out
    assert missing == [
        f"{PACK}:{first}:1: error: the policy pack is missing the required field "
        "'standing_agenda'; add it"
    ], run.text


def test_a_procedure_page_that_is_a_link_is_refused_and_never_read(
    make_repo: Callable[..., Path], cli: Callable[..., Run], tmp_path: Path
) -> None:
    """validate never follows a procedure page's link out of the repository: it
    reports the page, as the site build does, instead of reading what it points at."""
    root = make_repo()
    outside = tmp_path / "outside.md"
    outside.write_text("# Outside\n\nA page naming **ZZ9**, which no pack has.\n", "utf-8")
    page = root / PAGE
    page.unlink()
    page.symlink_to(outside)
    run = cli("validate", "--repo", root)
    assert run.code == 1, run.text
    assert f"{PAGE}:1:1: error: " in run.out
    assert "symbolic link" in run.out
    assert "ZZ9" not in run.text  # the page outside was not read

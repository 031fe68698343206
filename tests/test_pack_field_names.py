"""A misspelt field name inside a rule is a pack error, never a rule switched off.

A selector's ``date_field``, a ``met_by`` field or time field, an ``extended_by``
field and a ``where`` attribute each name something on an event. Misspelt, each
would make a rule select nothing (no finding at all: a missed breach) or ignore a
cut-off. ``validate`` reports each at its file:line:col with the nearest name, and
``check`` refuses the pack (exit 2) instead of reporting every case as fine.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest

from conftest import Run

RULES = "policies/rules.yaml"


@dataclass(frozen=True)
class Typo:
    old: str  # the text replaced in the Bexley rules (its first occurrence)
    new: str
    secret: str  # the misspelt name: the line it is on is where the error is
    field: str  # the message names this field (by its path in the rules file)
    hint: str  # ... and suggests this


TYPOS = {
    "date_field of a before rule's anchor": Typo(
        "anchor: { event: referral, date_field: panel_date }",
        "anchor: { event: referral, date_field: panel_dait }",
        "panel_dait",
        ".anchor.date_field'",
        "(did you mean 'panel_date'?)",
    ),
    "met_by field of a before rule": Typo(
        "met_by: { field: submitted }",
        "met_by: { field: submittedd }",
        "submittedd",
        ".met_by.field'",
        "(did you mean 'submitted'?)",
    ),
    "time field of a before rule": Typo(
        "met_by: { field: submitted }",
        "met_by: { field: submitted, time_field: submited_tyme }",
        "submited_tyme",
        ".met_by.time_field'",
        "(did you mean 'submitted_time'?)",
    ),
    "extension's field": Typo(
        "extended_by: { event: proceedings_extended, field: weeks }",
        "extended_by: { event: proceedings_extended, field: weekz }",
        "weekz",
        ".extended_by.field'",
        "(did you mean 'weeks'?)",
    ),
    "field of a field rule": Typo(
        "field: dissenting_views",
        "field: dissenting_veiws",
        "dissenting_veiws",
        ".field'",
        "(did you mean 'dissenting_views'?)",
    ),
    "where attribute of the event a rule starts from": Typo(
        "from: { event: placement_started, where: { type: residential",
        "from: { event: placement_started, where: { tyep: residential",
        "tyep",
        ".from.where.tyep'",
        "(did you mean 'type'?)",
    ),
}


def _plant(root: Path, old: str, new: str) -> str:
    path = root / RULES
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    text = text.replace(old, new, 1)
    path.write_text(text, encoding="utf-8")
    return text


def _line_of(text: str, needle: str) -> int:
    return next(n for n, line in enumerate(text.splitlines(), 1) if needle in line)


@pytest.mark.parametrize("name", list(TYPOS))
def test_a_misspelt_field_name_is_an_error_at_its_line(
    name: str, make_repo: Callable[..., Path], cli: Callable[..., Run]
) -> None:
    typo = TYPOS[name]
    root = make_repo()
    text = _plant(root, typo.old, typo.new)
    run = cli("validate", "--repo", root)
    assert run.code == 1, run.text
    line = _line_of(text, typo.secret)
    errors = [x for x in run.out.splitlines() if x.startswith(f"{RULES}:{line}:")]
    assert errors, run.text
    assert ": error: " in errors[0]
    assert typo.field in errors[0]
    assert typo.hint in errors[0]

    checked = cli("check", "--repo", root, "--as-of", "2026-12-01")
    assert checked.code == 2, checked.text
    assert re.search(rf"^{RULES}:{line}:\d+: error: the policy pack", checked.err, re.M)
    assert "Traceback" not in checked.text
    if typo.secret not in typo.field:  # a value, never repeated (a key is its path)
        assert typo.secret not in run.text + checked.text


def test_an_unknown_where_value_in_a_from_selector_stops_check(
    make_repo: Callable[..., Path], cli: Callable[..., Run]
) -> None:
    """A rule whose start event is misspelt would find nothing to check in any case."""
    root = make_repo()
    text = _plant(
        root,
        "from: { event: placement_started, where: { type: residential",
        "from: { event: placement_started, where: { type: residentail",
    )
    line = _line_of(text, "residentail")
    run = cli("check", "--repo", root, "--as-of", "2026-12-01")
    assert run.code == 2, run.text
    assert f"{RULES}:{line}:" in run.err
    assert "residentail" not in run.text


def test_a_field_before_a_review_is_refused(
    make_repo: Callable[..., Path], cli: Callable[..., Run]
) -> None:
    """``before_review`` is answered by an event: a date on a record would never be read."""
    root = make_repo()
    rules = root / RULES
    rules.write_text(
        rules.read_text(encoding="utf-8")
        + """
  - id: ZZ1
    title: Papers before the second review
    description: Something recorded before the second review.
    status: procedure
    clause: "invented for the test"
    kind: before_review
    review: 2
    met_by: { field: submitted }
""",
        encoding="utf-8",
    )
    lines = rules.read_text(encoding="utf-8").splitlines()
    line = max(n for n, text in enumerate(lines, 1) if "met_by: { field: submitted }" in text)
    run = cli("validate", "--repo", root)
    assert run.code == 1, run.text
    assert re.search(rf"^{RULES}:{line}:\d+: error: 'rules\[\d+\]\.met_by", run.out, re.M), run.text
    checked = cli("check", "--repo", root, "--as-of", "2026-12-01")
    assert checked.code == 2, checked.text


@pytest.mark.parametrize(
    ("old", "new", "key", "hint"),
    [
        # a misspelt key of the rule's kind: the kind's other fields are not blamed
        ("within: { weeks: 26 }", "withinn: { weeks: 26 }", "withinn", " (did you mean 'within'?)"),
        ("within: { weeks: 26 }", "within: { weeks: 26 }\n    colour: blue", "colour", ""),
    ],
)
def test_a_misspelt_rule_key_is_the_one_named(
    old: str, new: str, key: str, hint: str, make_repo: Callable[..., Path], cli: Callable[..., Run]
) -> None:
    """A rule's fields depend on its kind; a wrong one must not make the others look wrong
    (every error named the rule's 'from', whatever was misspelt)."""
    root = make_repo()
    text = _plant(root, old, new)
    line = _line_of(text, key)
    run = cli("validate", "--repo", root)
    assert run.code == 1, run.text
    rules_errors = [x for x in run.out.splitlines() if x.startswith(f"{RULES}:")]
    blamed = [x for x in rules_errors if "is not part of" in x]
    assert len(blamed) == 1, run.text
    assert blamed[0].startswith(f"{RULES}:{line}:")
    assert blamed[0].endswith(
        f".{key}' is not part of a rules file; check its spelling or remove it{hint}"
    )
    assert ".from'" not in run.out


_FIELD_RULE = """
  - id: ZZ2
    title: Quotes before funding
    description: Three quotes before additional funding is agreed.
    status: procedure
    clause: "invented for the test"
    kind: field
    record: referral
    applies:
      {path}: [placement, therapeutic_support]
    field: funding_request.quotes
    at_least: 3
"""


@pytest.mark.parametrize(
    ("written", "hint"),
    [
        ("funding_request.provison", "(did you mean 'funding_request.provision'?)"),
        ("funding_request.x", "use one of: "),
        ("funding_requests.provision", "(did you mean 'funding_request.provision'?)"),
        ("summary.provision", "use one of: "),
    ],
)
def test_a_misspelt_dotted_path_in_applies_is_an_error_at_its_line(
    written: str, hint: str, make_repo: Callable[..., Path], cli: Callable[..., Run]
) -> None:
    """A dotted path reads a field inside a record's field; misspelt, the condition
    never holds and the rule checks no referral at all."""
    root = make_repo()
    rules = root / RULES
    original = rules.read_text(encoding="utf-8")
    rules.write_text(original + _FIELD_RULE.format(path="funding_request.provision"), "utf-8")
    assert cli("validate", "--repo", root).code == 0  # spelt right: a sound rule

    rules.write_text(original + _FIELD_RULE.format(path=written), encoding="utf-8")
    text = rules.read_text(encoding="utf-8")
    line = _line_of(text, written + ":")
    column = text.splitlines()[line - 1].index(written) + 1
    run = cli("validate", "--repo", root)
    assert run.code == 1, run.text
    errors = [x for x in run.out.splitlines() if x.startswith(f"{RULES}:{line}:{column}: error:")]
    assert len(errors) == 1, run.text
    assert hint in errors[0]
    assert f".applies.{written}' is not a field a referral has" in errors[0]
    assert "funding_request.quotes" in errors[0]  # the valid paths are listed

    checked = cli("check", "--repo", root, "--as-of", "2026-12-01")
    assert checked.code == 2, checked.text
    assert re.search(rf"^{RULES}:{line}:{column}: error: the policy pack", checked.err, re.M)


def test_a_dotted_path_in_an_event_selector_is_an_error(
    make_repo: Callable[..., Path], cli: Callable[..., Run]
) -> None:
    """An event's attributes are single values: a dotted path there never holds."""
    root = make_repo()
    text = _plant(
        root,
        "from: { event: placement_started, where: { type: residential",
        "from: { event: placement_started, where: { type.kind: residential",
    )
    line = _line_of(text, "type.kind")
    run = cli("validate", "--repo", root)
    assert run.code == 1, run.text
    errors = [x for x in run.out.splitlines() if x.startswith(f"{RULES}:{line}:")]
    assert errors and "(did you mean 'type'?)" in errors[0], run.text
    checked = cli("check", "--repo", root, "--as-of", "2026-12-01")
    assert checked.code == 2, checked.text

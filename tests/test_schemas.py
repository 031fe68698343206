"""Schema checking: safe messages, and the inlined validators behave as the schemas say."""

from __future__ import annotations

import copy
import json

import pytest
from jsonschema import Draft202012Validator, FormatChecker

from casework.schemas import SCHEMA_BASE, check_data, check_document, registry, validator
from casework.yamlload import loads
from conftest import CASE, DECISION, MEETING, REFERRAL

PLANTED = "zq_planted_4471"

VALID = {"case": CASE, "referral": REFERRAL, "decision": DECISION, "meeting": MEETING}


def _problems(kind: str, text: str) -> list[str]:
    problems = check_document(loads(text, "f.yaml"), kind)
    for problem in problems:
        assert PLANTED not in str(problem)
    return [str(problem) for problem in problems]


@pytest.mark.parametrize("kind", sorted(VALID))
def test_the_fixture_records_are_valid(kind: str) -> None:
    assert _problems(kind, VALID[kind]) == []


def _reference_validator(kind: str) -> Draft202012Validator:
    """The schema as written, references resolved through the registry on every use."""
    schema = registry().contents(f"{SCHEMA_BASE}{kind}.json")
    return Draft202012Validator(
        schema, registry=registry(), format_checker=FormatChecker(formats=["date"])
    )


MUTATIONS = [
    ("referral", ["panel_date"], "2026-02-30"),
    ("referral", ["panel_date"], "05/03/2026"),
    ("referral", ["criterion"], "Not A Slug"),
    ("referral", ["sought"], []),
    ("referral", ["authorised_by", "role"], "Head Of Service"),
    ("referral", ["extra"], 1),
    ("referral", ["family"], [{"relationship": "mother", "pseudonym": "Jane"}]),
    ("case", ["birth_month"], "2019-13"),
    ("case", ["episodes", 0, "legal_basis"], "section_20"),
    ("case", ["placements", 0, "weekly_cost"], -1),
    ("case", ["placements", 0, "weekly_cost"], None),
    ("case", ["siblings"], ["C-0043", "C-0043"]),
    ("decision", ["referral"], "the referral"),
    ("decision", ["items", 0, "due"], None),
    ("decision", ["items"], []),
    ("meeting", ["cases_heard"], ["C-42"]),
]


@pytest.mark.parametrize(("kind", "path", "value"), MUTATIONS)
def test_inlined_validator_agrees_with_the_schema_as_written(
    kind: str, path: list, value: object
) -> None:
    data = copy.deepcopy(loads(VALID[kind], "f.yaml").data)
    target = data
    for part in path[:-1]:
        target = target[part]
    target[path[-1]] = value
    expected = sorted(e.json_path for e in _reference_validator(kind).iter_errors(data))
    actual = sorted(e.json_path for e in validator(kind).iter_errors(data))
    assert actual == expected


def test_required_field_message() -> None:
    text = REFERRAL.replace("summary: An invented summary for testing.\n", "")
    assert _problems("referral", text) == [
        "f.yaml:1:1: error: the referral is missing the required field 'summary'; add it"
    ]


def test_nested_required_field_points_at_its_parent() -> None:
    text = REFERRAL.replace("  role: team_manager\n", "")
    (message,) = _problems("referral", text)
    assert message.startswith("f.yaml:8:1: error: 'authorised_by' is missing the required")


def test_unknown_field_names_the_field_not_its_value() -> None:
    text = REFERRAL + f"favourite_colour: {PLANTED}\n"
    (message,) = _problems("referral", text)
    assert message == (
        "f.yaml:11:1: error: the field 'favourite_colour' is not part of a referral; "
        "check its spelling or remove it"
    )


def test_wrong_type_explains_quotes() -> None:
    text = CASE.replace("weekly_cost: 450", f'weekly_cost: "{PLANTED}"')
    (message,) = _problems("case", text)
    assert "'placements[1].weekly_cost' must be a number (write it without quotes" in message
    assert message.startswith("f.yaml:17:5:")


def test_enum_lists_the_choices() -> None:
    text = CASE.replace("legal_basis: s20", f"legal_basis: {PLANTED}")
    (message,) = _problems("case", text)
    assert (
        "'episodes[1].legal_basis' is not one of casework's legal statuses or those the "
        "policy pack adds under 'vocabularies.legal_statuses'; use one of: s20, police_protection"
    ) in message


def test_hint_beside_a_reference_is_used() -> None:
    text = REFERRAL.replace("role: team_manager", f"role: {PLANTED.upper()}")
    (message,) = _problems("referral", text)
    assert "'authorised_by.role' must be a role id from the policy pack" in message


def test_check_data_messages_have_no_values() -> None:
    messages = list(check_data({"case_id": PLANTED}, "case"))
    assert messages
    assert all(PLANTED not in m for m in messages)


def test_every_schema_is_in_the_registry() -> None:
    for name in ("case", "referral", "decision", "amendment", "meeting", "pack", "rules"):
        contents = registry().contents(f"{SCHEMA_BASE}{name}.json")
        assert contents["$schema"].startswith("https://json-schema.org/draft/2020-12")
        Draft202012Validator.check_schema(contents)
        assert "$ref" not in json.dumps(validator(name).schema)


def test_every_base_vocabulary_term_has_one_label() -> None:
    """A value added to a base list in common.json needs its label beside it."""
    from casework.vocab import BASE_VOCABULARIES, base_terms

    for name in BASE_VOCABULARIES:
        terms = base_terms(name)
        assert terms and all(term_id and label for term_id, label in terms), name

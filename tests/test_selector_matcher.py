"""A selector's ``where``, worked out once per selector, tests events as ``where_matches`` does."""

from __future__ import annotations

import itertools
from typing import Any

from casework.selectors import matcher, where_matches

#: attribute values as records and timelines hold them (a missing one is left out)
VALUES: list[Any] = [
    "adoptive",
    "other",
    "",
    0,
    1,
    2,
    20,
    2.5,
    True,
    False,
    None,
    ["adoptive", "other"],
    ("returned_home",),
    [1, 2],
    [True],
    [],
    {"quotes": 3},
    {"quotes": True},
]
#: conditions as packs write them
CONDITIONS: list[Any] = [
    "adoptive",
    "returned_home",
    1,
    2,
    0,
    2.5,
    True,
    False,
    None,
    ["adoptive", "returned_home"],
    ["adoptive", 1],
    [True, "other"],
    [],
    {"gte": 2},
    {"gt": 1, "lte": 20},
    {"lt": 2.5},
    {},
]


def test_one_condition_agrees_with_where_matches_on_every_value() -> None:
    for condition, value in itertools.product(CONDITIONS, [*VALUES, "missing"]):
        data = {} if value == "missing" else {"field": value}
        where = {"field": condition}
        assert matcher(where)(data) == where_matches(data, where), (condition, value)


def test_dotted_paths_and_several_conditions_agree_with_where_matches() -> None:
    for first, second, value in itertools.product(CONDITIONS, CONDITIONS[:6], VALUES):
        data = {"field": value, "request": {"quotes": value}, "other": "adoptive"}
        for where in (
            {"request.quotes": first},
            {"field": first, "other": second},
            {"field": first, "request.quotes": second, "other": "adoptive"},
        ):
            assert matcher(where)(data) == where_matches(data, where), (where, value)

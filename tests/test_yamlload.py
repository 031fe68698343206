"""The strict loader: typing rule, refusals, and the positions it reports."""

from __future__ import annotations

from pathlib import Path

import pytest

from casework.yamlload import LoadError, field_name, load, loads, walk

PLANTED = "zq_planted_4471"


def _error(text: str) -> LoadError:
    with pytest.raises(LoadError) as caught:
        loads(text, "f.yaml")
    assert PLANTED not in str(caught.value)
    return caught.value


def _at(error: LoadError) -> tuple[int, int]:
    assert error.location is not None
    return error.location.line, error.location.column


# --- the typing rule ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("no", "no"),
        ("yes", "yes"),
        ("off", "off"),
        ("on", "on"),
        ("010", "010"),
        ("0x1F", "0x1F"),
        ("1_000", "1_000"),
        ("2026-03-05", "2026-03-05"),
        ("'2026-03-05'", "2026-03-05"),
        ("12:30", "12:30"),
        ("1e3", "1e3"),
        (".5", ".5"),
        ("true", True),
        ("False", False),
        ("12", 12),
        ("-3", -3),
        ("0", 0),
        ("1250.50", 1250.5),
        ("null", None),
        ("~", None),
        ("", None),
        ('"true"', "true"),
        ('"12"', "12"),
    ],
)
def test_one_typing_rule(text: str, expected: object) -> None:
    value = loads(f"value: {text}\n", "f.yaml").data["value"]
    assert value == expected
    assert type(value) is type(expected)


# --- positions ---------------------------------------------------------------------------


def test_positions_of_fields_and_list_items() -> None:
    doc = loads(
        "case_id: C-0042\nepisodes:\n  - start: '2026-01-05'\n    end:\n  - start: x\n",
        "f.yaml",
    )
    assert (doc.locate(("case_id",)).line, doc.locate(("case_id",)).column) == (1, 1)
    assert doc.locate(("episodes", 0)).line == 3
    assert (doc.locate(("episodes", 0, "end")).line, doc.locate(("episodes", 0, "end")).column) == (
        4,
        5,
    )
    assert doc.locate(("episodes", 1, "start")).line == 5
    # an unknown path falls back to its nearest known ancestor
    assert doc.locate(("episodes", 1, "missing")).line == 5
    assert str(doc.locate(("episodes", 0, "start"))) == "f.yaml:3:5"


def test_flow_list_items_have_their_own_columns() -> None:
    doc = loads("sought: [a, bb, ccc]\n", "f.yaml")
    assert [doc.locate(("sought", i)).column for i in range(3)] == [10, 13, 17]


def test_walk_and_field_names() -> None:
    data = loads("a:\n  b: [1, 2]\nc: x\n", "f.yaml").data
    assert list(walk(data)) == [(("a", "b", 0), 1), (("a", "b", 1), 2), (("c",), "x")]
    assert field_name(("placements", 1, "weekly_cost")) == "placements[2].weekly_cost"
    assert field_name(()) == "(the whole record)"
    assert field_name(("Jane Smith: 12 High St",)) == "(unnamed field)"


# --- refusals, each with its position -----------------------------------------------------


@pytest.mark.parametrize(
    ("text", "position", "words"),
    [
        (f'a: 1\nsummary: "{PLANTED}\nb: 2\n', (2, 10), "a quote or bracket is opened"),
        (f"a: 1\nsought: [x, {PLANTED}\nb: 1\n", (2, 9), "[brackets] is not closed"),
        (f"a: 1\nb: {{x: {PLANTED}\nc: 2\n", (2, 4), "{braces} is not closed"),
        ("a: 1\nb:\n  c: 1\n d: 2\n", (4, 2), "indentation is inconsistent"),
        (f"a: 1\nsummary: Note: {PLANTED}\n", (2, 14), "a colon is in the wrong place"),
        (f"a: 1\nsummary: @{PLANTED}\n", (2, 10), "reserves"),
        (f'a: "bad \\q {PLANTED}"\n', (1, 9), "backslash"),
        ("a: 1\nb\nc: 2\n", (3, 1), "missing the colon"),
        ("a: 1\n---\nb: 2\n", (2, 1), "more than one YAML document"),
        (f"a: 1\nb: 2\na: {PLANTED}\n", (3, 1), "the field 'a' appears twice"),
        (f"a: &x {PLANTED}\nb: *x\n", (1, 4), "anchors and aliases"),
        (f"a: !custom {PLANTED}\n", (1, 4), "explicit YAML tags"),
        ("a: {x: 1}\nb:\n  <<: {y: 2}\n", (3, 3), "merge keys"),
        (f"a: 1\nb:\t{PLANTED}\n", (2, 3), "tab character"),
        (f"a: 1\nb: x\x07{PLANTED}\n", (2, 5), "control character"),
        ("", (1, 1), "the file is empty"),
        ("# only a comment\n\n", (1, 1), "the file is empty"),
    ],
)
def test_refusals_name_the_line_and_column(
    text: str, position: tuple[int, int], words: str
) -> None:
    error = _error(text)
    assert _at(error) == position
    assert words in error.message


def test_duplicate_key_names_the_first_line() -> None:
    error = _error("x: 1\nnested:\n  k: 1\n  other: 2\n  k: 3\n")
    assert _at(error) == (5, 3)
    assert "first on line 3" in error.message


def test_duplicate_key_with_an_odd_name_is_not_repeated() -> None:
    error = _error(f'"{PLANTED} x": 1\n"{PLANTED} x": 2\n')
    assert "(unnamed field)" in error.message


def test_non_utf8_bytes_position(tmp_path: Path) -> None:
    path = tmp_path / "f.yaml"
    path.write_bytes(b"a: 1\nsummary: caf\xe9 zq_planted_4471\n")
    with pytest.raises(LoadError) as caught:
        load(path, "f.yaml")
    assert _at(caught.value) == (2, 13)
    assert "not UTF-8" in caught.value.message
    assert PLANTED not in str(caught.value)


def test_byte_order_mark_is_ignored(tmp_path: Path) -> None:
    path = tmp_path / "f.yaml"
    path.write_bytes(b"\xef\xbb\xbfa: 1\n")
    assert load(path, "f.yaml").data == {"a": 1}


def test_missing_file_and_folder(tmp_path: Path) -> None:
    with pytest.raises(LoadError, match="does not exist"):
        load(tmp_path / "nope.yaml", "nope.yaml")
    with pytest.raises(LoadError, match="folder, not a file"):
        load(tmp_path, "here")

"""The strict loader: typing rule, refusals, and the positions it reports."""

from __future__ import annotations

from pathlib import Path

import pytest

from casework.yamlload import MARKS, MAX_DEPTH, LoadError, field_name, load, loads, walk

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


MARKED = (
    "case_id: C-0042\nepisodes:\n  - start: '2026-01-05'\n    end:\n  - start: x\n",
    "sought: [a, bb, ccc]\nnested: {a: [1, {b: 2}], c: []}\n",
    "- one\n- [two, three]\n- four: {five: 6}\n",
    "just a scalar\n",
    "a:\n  - - x\n    - y: z\n  -\n  - {}\nb: |\n  text\n  more\nc: null\n",
)


@pytest.mark.parametrize("text", MARKED)
def test_marks_locate_every_field_as_the_position_map_does(text: str) -> None:
    """check reads with MARKS: every field, and every path below or beside one,
    is placed exactly where the position map places it."""
    mapped, marked = loads(text, "f.yaml"), loads(text, "f.yaml", positions=MARKS)
    assert marked.data == mapped.data
    paths = list(mapped.positions)
    assert paths
    asked = [*paths, ("missing",), (0,), (True,), (-1,), (1.0,)]
    asked += [(*path, step) for path in paths for step in ("missing", 0, 1, 9, True, -1)]
    for path in asked:
        assert marked.locate(path) == mapped.locate(path), path


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


# --- every tag and directive is refused ----------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "a: !!bool yes\n",
        "a: !!float nan\n",
        "a: !!int 12\n",
        "a: !!null x\n",
        f"a: !!str {PLANTED}\n",
        f"a: !!binary {PLANTED}\n",
        "a: !!timestamp 2026-03-05\n",
        "a: !!map {}\n",
        "a: !!seq []\n",
        f"a: !<tag:yaml.org,2002:int> {PLANTED}\n",
        f"a: ! {PLANTED}\n",
        f"a: !!str '{PLANTED}'\n",
    ],
)
def test_every_tag_is_refused_where_it_is(text: str) -> None:
    error = _error(text)
    assert _at(error) == (1, 4)
    assert "explicit YAML tags" in error.message


def test_a_tag_on_the_whole_record_or_a_field_name_is_refused() -> None:
    assert _at(_error("!!map\na: 1\n")) == (1, 1)
    assert _at(_error("a: 1\n!!str b: 2\n")) == (2, 1)


@pytest.mark.parametrize(
    ("text", "line"),
    [
        ("%YAML 1.1\n---\na: 1\n", 1),
        ("# a comment\n%TAG !e! tag:example.org,2026:\n---\na: 1\n", 2),
    ],
)
def test_directives_are_refused(text: str, line: int) -> None:
    error = _error(text)
    assert _at(error) == (line, 1)
    assert "directives" in error.message


def test_an_anchor_alone_is_refused() -> None:
    error = _error(f"a: &x {PLANTED}\n")
    assert _at(error) == (1, 4)
    assert "anchors" in error.message


def test_a_quoted_merge_key_is_an_ordinary_field_name() -> None:
    assert loads("'<<': 1\n", "f.yaml").data == {"<<": 1}


# --- depth -------------------------------------------------------------------------------


def _block_lists(depth: int) -> str:
    return "a:\n" + "".join("  " * level + "-\n" for level in range(1, depth))


def test_depth_up_to_the_limit_is_read() -> None:
    assert MAX_DEPTH == 64
    data = loads("[" * MAX_DEPTH + "]" * MAX_DEPTH + "\n", "f.yaml").data
    for _ in range(MAX_DEPTH - 1):
        data = data[0]
    assert data == []


@pytest.mark.parametrize("depth", [65, 995, 999, 1000, 5000])
def test_deeper_nesting_is_a_finding_not_a_crash(depth: int) -> None:
    flow = _error("[" * depth + "]" * depth + "\n")
    assert "nested more than 64 levels" in flow.message
    block = _error(_block_lists(depth))
    assert "nested more than 64 levels" in block.message
    assert _at(block) == (65, 129)
    mapping = _error("{a: " * depth + "1" + "}" * depth + "\n")
    assert "nested more than 64 levels" in mapping.message


def test_the_pure_python_parser_applies_the_same_rules(monkeypatch: pytest.MonkeyPatch) -> None:
    import casework.yamlload as yamlload

    monkeypatch.setattr(yamlload, "_Parser", yamlload._PurePythonParser)
    assert loads("a: [1, x]\nb: no\n", "f.yaml").data == {"a": [1, "x"], "b": "no"}
    assert "explicit YAML tags" in _error("a: !!bool yes\n").message
    assert "nested more than 64" in _error("[" * 3000 + "]" * 3000).message
    assert _at(_error("a: 1\n---\nb: 2\n")) == (2, 1)


# --- encodings, line ends and invisible characters ----------------------------------------


@pytest.mark.parametrize(
    ("encoding", "name"),
    [
        ("utf-16", "UTF-16"),  # with a byte-order mark
        ("utf-16-le", "UTF-16"),
        ("utf-16-be", "UTF-16"),
        ("utf-32", "UTF-32"),
        ("utf-32-le", "UTF-32"),
        ("utf-32-be", "UTF-32"),
    ],
)
def test_wide_encodings_are_named(tmp_path: Path, encoding: str, name: str) -> None:
    path = tmp_path / "f.yaml"
    path.write_bytes(f"case_id: C-0042\nsummary: {PLANTED}\n".encode(encoding))
    with pytest.raises(LoadError) as caught:
        load(path, "f.yaml")
    assert f"saved as {name}" in caught.value.message
    assert "save it again as UTF-8" in caught.value.message
    assert _at(caught.value) == (1, 1)


def test_a_stray_nul_in_utf8_is_a_control_character_at_its_place(tmp_path: Path) -> None:
    path = tmp_path / "f.yaml"
    path.write_bytes(b"case_id: C-0042\nsummary: ab\x00cd\n")
    with pytest.raises(LoadError) as caught:
        load(path, "f.yaml")
    assert _at(caught.value) == (2, 12)
    assert "control character" in caught.value.message


@pytest.mark.parametrize("char", ["\x85", "\u2028", "\u2029", "\ufffe", "\uffff", "\ufeff", "\x9b"])
def test_invisible_line_ends_and_noncharacters_are_refused_where_they_are(char: str) -> None:
    error = _error(f"a: 1\nsummary: ab{char}{PLANTED}\nc: 2\n")
    assert _at(error) == (2, 12)
    assert "invisible" in error.message


@pytest.mark.parametrize("end", ["\n", "\r\n", "\r"])
def test_line_numbers_agree_with_an_editor_for_every_line_end(end: str) -> None:
    text = end.join(["a: 1", "b:", "  c: x", f"  d: \x07{PLANTED}", ""])
    error = _error(text)
    assert _at(error) == (4, 6)
    doc = loads(end.join(["a: 1", "b:", "  c: x", "  d: |", "    one", "    two", ""]), "f.yaml")
    assert doc.locate(("b", "d")).line == 4
    assert doc.data["b"]["d"] == "one\ntwo\n"


def test_cr_only_syntax_error_line() -> None:
    error = _error(f"a: 1\rb: 2\rsought: [x, {PLANTED}\rc: 3\r")
    assert _at(error) == (3, 9)

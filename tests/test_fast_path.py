"""The compiled fast path for valid records changes nothing that validate reports.

Every record is checked first by a compiled validator (jsonschema-rs); only a
record it rejects goes through jsonschema, which writes the messages. These
tests run ``casework validate --format json`` with the fast path on and forced
off (``CASEWORK_NO_FAST_PATH=1``) on the demo, on a generated repository of 50
cases, and on the same repository with every record broken in one of many
ways, and require identical problem lists. They also check record by record
that the compiled validator never accepts what jsonschema rejects.
"""

from __future__ import annotations

import importlib.util
import json
import random
import re
import shutil
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml

from casework import schemas
from casework.policy import load_policy
from casework.records import classify, discover
from casework.yamlload import load
from conftest import Run

REPO = Path(__file__).resolve().parent.parent
GENERATE = REPO / "bench" / "generate.py"
DATE = re.compile(r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$")

MUTATIONS = [
    "wrong_type_number",
    "wrong_type_text",
    "wrong_type_list",
    "unknown_field",
    "unknown_nested_field",
    "bad_enum",
    "bad_date",
    "year_zero",
    "leap_day",
    "pattern",
    "trailing_newline",
    "missing_field",
    "empty_text",
    "null",
    "boolean",
    "empty_list",
]


def _generate(n: int, dest: Path) -> int:
    spec = importlib.util.spec_from_file_location("bench_generate", GENERATE)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return int(module.generate(n, dest, 3))


def _leaves(data: Any, path: tuple[Any, ...] = ()) -> Iterator[tuple[tuple[Any, ...], Any]]:
    if isinstance(data, dict):
        for key, value in data.items():
            yield from _leaves(value, (*path, key))
    elif isinstance(data, list):
        for index, value in enumerate(data):
            yield from _leaves(value, (*path, index))
    if path:
        yield path, data


def _set(data: Any, path: tuple[Any, ...], value: Any) -> None:
    for step in path[:-1]:
        data = data[step]
    data[path[-1]] = value


def _mutate(data: dict[str, Any], how: str, rng: random.Random) -> None:
    """Break ``data`` (a record as plain YAML data) in the way named ``how``."""
    leaves = list(_leaves(data))
    texts = [(p, v) for p, v in leaves if isinstance(v, str)]
    dates = [(p, v) for p, v in texts if DATE.match(v)] or texts
    dicts = [(p, v) for p, v in leaves if isinstance(v, dict)]
    lists = [(p, v) for p, v in leaves if isinstance(v, list)] or dicts
    pick = rng.choice
    if how == "wrong_type_number":
        _set(data, pick(texts)[0], 12345)
    elif how == "wrong_type_text":
        numbers = [p for p, v in leaves if isinstance(v, int | list | dict)] or [pick(texts)[0]]
        _set(data, pick(numbers), "some words")
    elif how == "wrong_type_list":
        _set(data, pick(leaves)[0], ["a", "b"])
    elif how == "unknown_field":
        data["colour_of_the_door"] = "blue"
    elif how == "unknown_nested_field":
        target = pick(dicts)[1] if dicts else data
        target["favourite_biscuit"] = "custard cream"
    elif how == "bad_enum":
        _set(data, pick(texts)[0], "zz_not_a_known_value")
    elif how == "bad_date":
        _set(data, pick(dates)[0], "2026-02-30")
    elif how == "year_zero":
        _set(data, pick(dates)[0], "0000-01-01")
    elif how == "leap_day":
        _set(data, pick(dates)[0], "2027-02-29")
    elif how == "pattern":
        path, value = pick(texts)
        _set(data, path, value + "!x")
    elif how == "trailing_newline":
        path, value = pick(texts)
        _set(data, path, value + "\n")
    elif how == "missing_field":
        del data[pick(sorted(data))]
    elif how == "empty_text":
        _set(data, pick(texts)[0], "")
    elif how == "null":
        _set(data, pick(leaves)[0], None)
    elif how == "boolean":
        _set(data, pick(leaves)[0], True)
    elif how == "empty_list":
        _set(data, pick(lists)[0], [])


def _break_every_record(root: Path, seed: int = 12) -> int:
    """Rewrite every record under cases/ and meetings/ with one mutation; returns how many."""
    rng = random.Random(seed)
    broken = 0
    for index, path in enumerate(
        sorted([*root.glob("cases/**/*.yaml"), *root.glob("meetings/*.yaml")])
    ):
        data = yaml.load(path.read_text(encoding="utf-8"), Loader=yaml.BaseLoader)
        if not isinstance(data, dict) or not data:
            continue
        _mutate(data, MUTATIONS[index % len(MUTATIONS)], rng)
        path.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True), encoding="utf-8")
        broken += 1
    return broken


def _both_ways(
    cli: Callable[..., Run], root: Path, monkeypatch: pytest.MonkeyPatch
) -> tuple[list[Any], Run]:
    monkeypatch.delenv(schemas.NO_FAST_PATH, raising=False)
    fast = cli("validate", "--repo", root, "--format", "json")
    monkeypatch.setenv(schemas.NO_FAST_PATH, "1")
    slow = cli("validate", "--repo", root, "--format", "json")
    monkeypatch.delenv(schemas.NO_FAST_PATH)
    assert (fast.code, fast.err) == (slow.code, slow.err)
    assert json.loads(fast.out) == json.loads(slow.out)
    return json.loads(fast.out)["problems"], fast


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("fast") / "cases50"
    assert _generate(50, root) > 150
    return root


def test_the_demo_is_valid_both_ways(
    cli: Callable[..., Run], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = tmp_path / "demo"
    for folder in ("cases", "meetings", "policies"):
        shutil.copytree(REPO / folder, root / folder)
    problems, run = _both_ways(cli, root, monkeypatch)
    assert run.code == 0 and problems == []
    assert _break_every_record(root) > 40
    problems, run = _both_ways(cli, root, monkeypatch)
    assert run.code == 1 and len(problems) > 40


def test_a_generated_repository_is_valid_both_ways(
    cli: Callable[..., Run], generated: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    problems, run = _both_ways(cli, generated, monkeypatch)
    assert run.code == 0 and problems == []


def test_check_names_the_same_lines_both_ways(
    cli: Callable[..., Run], generated: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """check reads with the parser's marks, or with full position maps when the fast
    path is off: the same report, line for line, in every format."""
    for fmt in ("text", "json", "gitlab", "junit"):
        args = ("check", "--repo", generated, "--all", "--fail-on", "never")
        args += ("--as-of", "2026-11-22", "--format", fmt)
        monkeypatch.delenv(schemas.NO_FAST_PATH, raising=False)
        fast = cli(*args)
        monkeypatch.setenv(schemas.NO_FAST_PATH, "1")
        slow = cli(*args)
        monkeypatch.delenv(schemas.NO_FAST_PATH)
        assert (fast.code, fast.out, fast.err) == (slow.code, slow.out, slow.err)
        assert fast.code == 0 and fast.out.count("\n") > 100


def test_broken_records_get_the_same_messages_both_ways(
    cli: Callable[..., Run], generated: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = tmp_path / "broken"
    shutil.copytree(generated, root)
    broken = _break_every_record(root)
    problems, run = _both_ways(cli, root, monkeypatch)
    assert run.code == 1
    files = {p["file"] for p in problems}
    assert len(files) > broken * 0.8, (len(files), broken)


def test_the_compiled_validator_never_accepts_what_jsonschema_rejects(
    generated: Path, tmp_path: Path
) -> None:
    root = tmp_path / "broken"
    shutil.copytree(generated, root)
    _break_every_record(root)
    vocab = load_policy(root / "policies", root).vocabulary
    checked = rejected = 0
    for path in discover(root):
        named = classify(path, root)
        kind = getattr(named, "kind", None)
        if kind not in ("case", "referral", "decision", "amendment", "meeting"):
            continue
        data = load(path).data
        fast = schemas.compiled(kind, vocab)
        assert fast is not None, f"{kind} records take the slow path"
        slow = schemas.validator(kind, vocab).is_valid(data)
        if fast.is_valid(data):
            assert slow, f"{path} passes the compiled validator only"
        elif slow:
            # stricter by design only where Python's '$' accepts a final newline
            assert "\n" in json.dumps(data), f"{path} fails the compiled validator only"
        rejected += not slow
        checked += 1
    assert checked > 150 and rejected > checked * 0.7


def test_every_schema_pattern_reads_the_same_to_both_regex_engines() -> None:
    import jsonschema_rs

    probes = ["", "a", "C-1234", "C-12345678", "AB1", "AB12c", "x_y", "1.2.3", "2026-03", "23:59"]
    probes += ["2026-03-05-referral", "2026-03-05-decision-2#1", "procedures/a-b.md", "A", "aa.bb"]
    seen = 0
    for kind in schemas.SCHEMA_FILES:
        schema = schemas.effective_schema(kind)
        assert schemas.compiled(kind) is not None, f"{kind} records take the slow path"
        for pattern in schemas._formats_and_patterns(schema)[1]:
            assert schemas._portable(pattern), pattern
            checker = jsonschema_rs.Draft202012Validator({"pattern": pattern})
            for probe in probes + [p + "Z" for p in probes] + ["\u212a" + p for p in probes]:
                assert checker.is_valid(probe) == (re.search(pattern, probe) is not None), (
                    pattern,
                    probe,
                )
            seen += 1
    assert seen >= 15
    assert not schemas._portable(r"^\d+$") and not schemas._portable("(?=a)b")


def test_dates_the_calendar_lacks_are_rejected_by_the_compiled_validator() -> None:
    import jsonschema_rs

    ours = jsonschema_rs.Draft202012Validator(
        {"format": "date"}, validate_formats=True, formats=schemas._format_functions()
    )
    builtin = jsonschema_rs.Draft202012Validator({"format": "date"}, validate_formats=True)
    checker = schemas._format_checker()
    assert builtin.is_valid("0000-01-01"), "jsonschema-rs now rejects year 0: simplify"
    for value in [
        "0000-01-01",
        "2026-02-30",
        "2027-02-29",
        "2028-02-29",
        "2026-1-01",
        "2026-01-01",
    ]:
        assert ours.is_valid(value) == checker.conforms(value, "date"), value


def test_the_date_check_is_jsonschemas_own() -> None:
    """The compiled validator calls casework's copy of jsonschema's ``date`` check (so a
    valid record never imports jsonschema); the copy must answer as the original does."""
    checker = schemas._format_checker()
    values: list[object] = ["2026-01-01", "2028-02-29", "2027-02-29", "0000-01-01", "9999-12-31"]
    values += ["2026-13-01", "2026-00-10", "2026-01-32", "2026-1-01", "20260101", "2026-W01-1"]
    values += [" 2026-01-01", "2026-01-01 ", "2026-01-01\n", "2026-01-01T00:00", "", "date"]
    values += ["\uff12\uff10\uff12\uff16-01-01", "2026\u201001-01", "2026-01-0\u0661"]
    values += [None, 20260101, 2026.5, True, ["2026-01-01"], {"day": "2026-01-01"}]
    for value in values:
        assert schemas.is_date(value) == checker.conforms(value, "date"), value

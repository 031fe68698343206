"""The loader's edges through the command line: depth, tags, encodings, line ends,
odd file names, --repo naming a file, and debug output without values."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from casework.reporters import FORMATS, Report, renderer
from test_reporters import AS_OF, BASE

PLANTED = "zq_planted_5521"
REFERRAL = "cases/C-0042/2026-03-05-referral.yaml"


def _deep(depth: int) -> str:
    return f"case_id: C-0042\nsummary: {PLANTED}\nx: " + "[" * depth + "]" * depth + "\n"


@pytest.mark.parametrize("depth", [995, 999])
def test_a_deep_file_is_one_finding_and_the_rest_is_still_checked(
    make_repo: Callable[..., Path], cli: Callable[..., object], depth: int
) -> None:
    root = make_repo(
        {
            REFERRAL: _deep(depth),
            "cases/C-0042/2026-04-02-decision.yaml": "case_id: C-0042\nbad: [\n",
        }
    )
    run = cli("validate", "--repo", root)
    assert run.code == 1, run.text
    assert f"{REFERRAL}:3:67: error: lists and mappings are nested more than 64" in run.out
    assert "cases/C-0042/2026-04-02-decision.yaml:3:1: error: this is not valid YAML" in run.out
    assert PLANTED not in run.text
    check = cli("check", "--repo", root)
    assert check.code in (0, 1), check.text
    assert "could not be read" in check.text
    assert "internal error" not in check.text
    site = cli("site", "build", "--repo", root, "--output", root.parent / f"site-{depth}")
    assert site.code in (1, 2), site.text
    assert REFERRAL in site.text
    assert "internal error" not in site.text
    assert PLANTED not in site.text


def test_tags_are_refused_through_validate(
    make_repo: Callable[..., Path], cli: Callable[..., object]
) -> None:
    root = make_repo()
    path = root / "cases/C-0042/case.yaml"
    text = path.read_text()
    assert "    weekly_cost: 450\n" in text
    path.write_text(text.replace("weekly_cost: 450", "weekly_cost: !!float nan"))
    run = cli("validate", "--repo", root)
    assert run.code == 1
    assert "cases/C-0042/case.yaml:17:18: error: explicit YAML tags" in run.out


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-le"])
def test_utf16_is_named_as_utf16(
    make_repo: Callable[..., Path], cli: Callable[..., object], encoding: str
) -> None:
    root = make_repo()
    path = root / REFERRAL
    path.write_bytes(path.read_text().encode(encoding))
    run = cli("validate", "--repo", root)
    assert run.code == 1
    assert f"{REFERRAL}:1:1: error: the file is saved as UTF-16" in run.out
    assert "Windows-1252" not in run.out


def test_cr_only_file_is_read_with_editor_line_numbers(
    make_repo: Callable[..., Path], cli: Callable[..., object]
) -> None:
    root = make_repo()
    path = root / REFERRAL
    path.write_bytes(path.read_bytes().replace(b"\n", b"\r"))
    assert cli("validate", "--repo", root).code == 0
    path.write_bytes(path.read_bytes().replace(b"criterion: bx_", b"criterion: \x07bx_"))
    run = cli("validate", "--repo", root)
    assert run.code == 1
    assert f"{REFERRAL}:4:12: error: the file contains an invisible control character" in run.out


def test_a_newline_in_a_file_name_cannot_start_a_line(
    make_repo: Callable[..., Path], cli: Callable[..., object]
) -> None:
    name = "cases/C-0042/x\n::error file=a.yaml,line=1::injected\x1b[0m.yaml"
    root = make_repo({name: "case_id: C-0042\n"})
    run = cli("validate", "--repo", root)
    assert run.code == 1
    assert not any(line.startswith("::") for line in run.text.splitlines())
    shown = "cases/C-0042/x\\n::error file=a.yaml,line=1::injected\\x1b[0m.yaml"
    assert f"{shown}:1:1: error:" in run.out


@pytest.mark.parametrize("name", FORMATS)
def test_every_format_keeps_an_odd_file_name_on_its_line(name: str) -> None:
    odd = BASE._replace(file="cases/C-0042/a\n::error::b\r\x1b\u2028\u202e.yaml")
    out = renderer(name)(Report.build([odd], [odd], AS_OF, cases=1, rules=1))
    assert "\n::error::b" not in out
    assert "\r" not in out
    assert "\x1b" not in out
    assert "\u2028" not in out
    assert "\u202e" not in out
    if name in ("text", "github", "junit", "markdown"):
        assert "a\\n::error::b\\r\\x1b\\u2028\\u202e.yaml" in out.replace("%3A", ":")


def test_repo_naming_a_file_says_so(tmp_path: Path, cli: Callable[..., object]) -> None:
    path = tmp_path / "notes.txt"
    path.write_text("x\n")
    run = cli("validate", "--repo", path)
    assert run.code == 2
    assert "is a file, not a folder" in run.err
    assert "does not exist" not in run.err
    missing = cli("validate", "--repo", tmp_path / "nowhere")
    assert missing.code == 2
    assert "does not exist" in missing.err


def test_debug_output_never_shows_a_value(
    make_repo: Callable[..., Path],
    cli: Callable[..., object],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import casework.commands.validate as validate

    def boom(root: Path, given: object = None) -> object:
        try:
            {}[PLANTED]
        except KeyError as exc:
            raise ValueError(f"the value was {PLANTED}") from exc

    monkeypatch.setattr(validate, "validate", boom)
    root = make_repo()
    quiet = cli("validate", "--repo", root)
    assert quiet.code == 3
    assert "Traceback" not in quiet.err
    monkeypatch.setenv("CASEWORK_DEBUG", "1")
    loud = cli("validate", "--repo", root)
    assert loud.code == 3
    assert PLANTED not in loud.text
    assert "builtins.KeyError" in loud.err
    assert "builtins.ValueError" in loud.err
    assert "in boom" in loud.err
    assert 'commands/validate.py", line' in loud.err

"""A record check cannot read is never a quiet "0 breached".

When a child's record fails validation (a misspelt value, a file saved as
UTF-16), ``check`` leaves it out: every timescale of that record goes
unchecked. It must say which file, and exit 1 as it does for a link, so a
nightly check cannot pass while a child's deadlines are not being watched.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest

from conftest import CASE, Run

BROKEN = {
    "a misspelt value": CASE.replace("entry: emergency", "entry: emergencyy").encode(),
    "a file saved as UTF-16": CASE.encode("utf-16"),
}


@pytest.mark.parametrize("how", list(BROKEN))
@pytest.mark.parametrize("fmt", ["text", "json"])
def test_a_record_left_out_is_named_and_fails_the_check(
    how: str, fmt: str, make_repo: Callable[..., Path], cli: Callable[..., Run]
) -> None:
    root = make_repo({"cases/C-0042/case.yaml": BROKEN[how]})
    run = cli("check", "--repo", root, "--as-of", "2026-03-06", "--format", fmt)
    assert run.code == 1, run.text
    assert "cases/C-0042/case.yaml" in run.err
    assert "not checked" in run.err
    assert "emergencyy" not in run.text and "Traceback" not in run.text
    if fmt == "json":
        json.loads(run.out)  # the report itself stays what its format promises


def test_valid_records_still_pass(make_repo: Callable[..., Path], cli: Callable[..., Run]) -> None:
    root = make_repo()
    run = cli("check", "--repo", root, "--as-of", "2026-03-06")
    assert "not checked" not in run.err


def test_fail_on_never_still_names_the_record_and_exits_0(
    make_repo: Callable[..., Path], cli: Callable[..., Run]
) -> None:
    root = make_repo({"cases/C-0042/case.yaml": BROKEN["a misspelt value"]})
    run = cli("check", "--repo", root, "--as-of", "2026-03-06", "--fail-on", "never")
    assert run.code == 0, run.text
    assert "cases/C-0042/case.yaml: error: " in run.err and "not checked" in run.err

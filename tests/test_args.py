"""Dates on the command line are read like dates in records: YYYY-MM-DD, real days only."""

from __future__ import annotations

import pytest

from casework.cli import main


@pytest.mark.parametrize("command", [["check"], ["site", "build"]])
@pytest.mark.parametrize("value", ["20261122", "2026-02-30", "22/11/2026", "2026-W47-1"])
def test_bad_as_of_is_a_usage_error(command, value, capsys) -> None:
    with pytest.raises(SystemExit) as stop:
        main([*command, "--as-of", value])
    assert stop.value.code == 2
    err = capsys.readouterr().err
    assert "write it as YYYY-MM-DD" in err
    assert "Traceback" not in err

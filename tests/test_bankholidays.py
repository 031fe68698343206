"""Bank holidays kept between runs (casework.bankholidays).

The days must be exactly what the ``holidays`` package says, whether they
come from it or from the cache file; a later run must not need to import the
package; and a cache that is missing, damaged or cannot be written changes
nothing but the time taken.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from datetime import date
from pathlib import Path

import holidays
import pytest

from casework import bankholidays

NATIONS = ("ENG", "SCT", "NIR")


def _package(subdiv: str, year: int) -> frozenset[date]:
    return frozenset(holidays.country_holidays("GB", subdiv=subdiv, years=year).keys())


def _fresh(monkeypatch: pytest.MonkeyPatch, folder: str | None) -> None:
    """Forget what this process has read, and keep the cache in ``folder``."""
    monkeypatch.setattr(bankholidays, "_files", {})
    if folder is None:
        monkeypatch.delenv(bankholidays.CACHE_ENV, raising=False)
    else:
        monkeypatch.setenv(bankholidays.CACHE_ENV, folder)


def _only_file(folder: Path) -> Path:
    (found,) = folder.glob("bank-holidays-*.json")
    return found


def test_the_days_are_the_packages_whether_asked_or_read_back(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _fresh(monkeypatch, str(tmp_path))
    years = (2012, 2020, 2022, 2023, 2026, 2027)  # jubilees, VE day, a funeral, a coronation
    for subdiv in NATIONS:
        for year in years:
            assert bankholidays.bank_holidays(subdiv, year) == _package(subdiv, year)
    stored = json.loads(_only_file(tmp_path).read_text(encoding="utf-8"))
    assert {"ENG-2002", "ENG-2033", "SCT-2026", "NIR-2026"} <= set(stored)  # and around them
    _fresh(monkeypatch, str(tmp_path))
    for subdiv in NATIONS:
        for year in (*years, 2002, 2033):
            assert bankholidays.bank_holidays(subdiv, year) == _package(subdiv, year)


def test_a_later_run_reads_the_days_without_importing_holidays(tmp_path: Path) -> None:
    script = (
        "import sys\n"
        "from casework.workdays import WorkingCalendar\n"
        "from datetime import date\n"
        "print(WorkingCalendar().is_working_day(date(2026, 12, 28)))\n"
        "print('holidays' in sys.modules)\n"
    )
    env = {**os.environ, bankholidays.CACHE_ENV: str(tmp_path)}

    def run() -> list[str]:
        done = subprocess.run(
            [sys.executable, "-c", script], env=env, capture_output=True, text=True, check=True
        )
        return done.stdout.split()

    assert run() == ["False", "True"]  # Boxing Day 2026 is observed on Monday 28 December
    assert run() == ["False", "False"]


def test_a_damaged_cache_file_is_ignored_and_written_again(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _fresh(monkeypatch, str(tmp_path))
    bankholidays.bank_holidays("ENG", 2026)
    cached = _only_file(tmp_path)
    for damage in ("{not json", "[1, 2]", '{"ENG-2026": ["not a day"]}', '{"ENG-2026": 7}'):
        cached.write_text(damage, encoding="utf-8")
        _fresh(monkeypatch, str(tmp_path))
        assert bankholidays.bank_holidays("ENG", 2026) == _package("ENG", 2026)
        assert json.loads(cached.read_text(encoding="utf-8"))["ENG-2026"][0] == "2026-01-01"


def test_no_cache_folder_means_asking_the_package_every_time(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _fresh(monkeypatch, "")
    monkeypatch.setenv("HOME", str(tmp_path))
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    assert bankholidays.cache_dir() is None
    assert bankholidays.bank_holidays("SCT", 2026) == _package("SCT", 2026)
    assert list(tmp_path.iterdir()) == []

    blocked = tmp_path / "a-file"
    blocked.write_text("", encoding="utf-8")
    _fresh(monkeypatch, str(blocked / "cache"))  # cannot be made: a file is in the way
    assert bankholidays.bank_holidays("NIR", 2026) == _package("NIR", 2026)


def test_the_default_folder_is_the_users_cache_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _fresh(monkeypatch, None)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    assert bankholidays.cache_dir() == tmp_path / "xdg" / "casework"
    monkeypatch.delenv("XDG_CACHE_HOME")
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    assert bankholidays.cache_dir() == tmp_path / "home" / ".cache" / "casework"


def test_another_version_of_holidays_is_asked_again(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The file is named after the installed package: days kept for one version are never
    given for another."""
    _fresh(monkeypatch, str(tmp_path))
    bankholidays.bank_holidays("ENG", 2026)
    first = _only_file(tmp_path)
    first.write_text('{"ENG-2026": ["2026-06-01"]}', encoding="utf-8")  # as if another version
    monkeypatch.setattr(bankholidays, "_package_key", lambda: "another-version")
    _fresh(monkeypatch, str(tmp_path))
    assert bankholidays.bank_holidays("ENG", 2026) == _package("ENG", 2026)
    assert (tmp_path / "bank-holidays-another-version.json").is_file()

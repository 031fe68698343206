"""Bank holidays from the ``holidays`` package, kept on disk between runs.

Importing ``holidays`` takes about a tenth of a second, because it loads every
country it knows; that is more than all the rest of a pre-commit hook checking
one referral. So the days it gives for a nation and year are kept in a small
JSON file in the user's cache folder, and later runs read them from there
without importing it.

The file is named after the installed ``holidays`` package (where it is and
its version file), so another version of the package is asked again, never
answered from an older file. The file only ever holds what the package said:
it can be deleted at any time, and one that cannot be read, or that is not
what this module writes, is ignored and written again. Where no cache folder
can be written, the package is asked every run, as before.

The folder is ``$CASEWORK_CACHE_DIR`` if set (empty turns the cache off),
else ``$XDG_CACHE_HOME/casework``, else ``~/.cache/casework``.
"""

from __future__ import annotations

import json
import os
import tempfile
from datetime import date
from functools import cache
from importlib.util import find_spec
from pathlib import Path
from zlib import crc32

CACHE_ENV = "CASEWORK_CACHE_DIR"
#: years asked of the package at once around one that is missing, so the file is written
#: rarely (a case history spans years)
_AROUND = 10


def cache_dir() -> Path | None:
    """Where casework keeps what it can work out again, or None when it keeps nothing."""
    chosen = os.environ.get(CACHE_ENV)
    if chosen is not None:
        return Path(chosen) if chosen else None
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return None if base.startswith("~") else Path(base) / "casework"


@cache
def _package_key() -> str | None:
    """A name for the installed ``holidays`` package (its folder and version file), found
    without importing it; None when it cannot be found that way."""
    try:
        spec = find_spec("holidays")
    except (ImportError, ValueError):
        return None
    if spec is None or not spec.origin:
        return None
    origin = Path(spec.origin)
    try:
        version = (origin.parent / "version.py").read_bytes()
    except OSError:
        return None
    where = crc32(str(origin.parent).encode("utf-8", "surrogateescape"))
    return f"{where:08x}{crc32(version):08x}{len(version):x}"


def _from_package(subdiv: str, year: int) -> frozenset[date]:
    import holidays  # the slow import this module exists to avoid

    return frozenset(holidays.country_holidays("GB", subdiv=subdiv, years=year).keys())


def _read(path: Path) -> dict[str, list[str]]:
    """The file's days by ``SUBDIV-YEAR``, or nothing if it is missing or not as written."""
    try:
        data = json.loads(path.read_bytes())
    except (OSError, ValueError):
        return {}
    if not isinstance(data, dict):
        return {}
    found: dict[str, list[str]] = {}
    for key, days in data.items():
        if isinstance(days, list) and all(isinstance(day, str) for day in days):
            found[key] = days
    return found


def _write(path: Path, data: dict[str, list[str]]) -> None:
    """Replace the file in one step (a reader sees the old file or the new one); a folder
    that cannot be written just means no cache."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, name = tempfile.mkstemp(prefix=".bank-holidays-", dir=path.parent)
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as handle:
                json.dump(data, handle, sort_keys=True, separators=(",", ":"))
            os.replace(name, path)
        except BaseException:
            os.unlink(name)
            raise
    except OSError:
        pass


#: each cache file as read (and written) by this process
_files: dict[Path, dict[str, list[str]]] = {}


def bank_holidays(subdiv: str, year: int) -> frozenset[date]:
    """The bank holidays of one nation (``ENG``, ``SCT``, ``NIR``) in one year, as the
    ``holidays`` package gives them (substitute days included)."""
    folder, key = cache_dir(), _package_key()
    if folder is None or key is None:
        return _from_package(subdiv, year)
    path = folder / f"bank-holidays-{key}.json"
    stored = _files.get(path)
    if stored is None:
        stored = _files[path] = _read(path)
    days = stored.get(f"{subdiv}-{year}")
    if days is not None:
        try:
            return frozenset(date.fromisoformat(day) for day in days)
        except ValueError:
            pass  # not what this module writes: ask the package again
    found = _from_package(subdiv, year)
    stored[f"{subdiv}-{year}"] = sorted(day.isoformat() for day in found)
    for near in range(max(year - _AROUND, 1), min(year + _AROUND, 9999) + 1):
        if f"{subdiv}-{near}" not in stored:
            try:
                days_near = _from_package(subdiv, near)
            except Exception:  # a year the package cannot answer is asked when needed
                continue
            stored[f"{subdiv}-{near}"] = sorted(day.isoformat() for day in days_near)
    _write(path, stored)
    return found

"""Keep what the desk reads often (the policy pack, the case list) until its files change.

A key is the size and modification time of every file it was made from, so an
edit on disk (by the desk, an editor or git) is seen on the next request.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any, TypeVar

from casework.policy import Policy, load_policy

T = TypeVar("T")
_LOCK = threading.Lock()
_STORE: dict[tuple[str, str], tuple[Any, Any]] = {}
#: one maker per slot at a time: a second request waits for the first one's value
_MAKING: dict[tuple[str, str], threading.Lock] = {}


def stamp(paths: Iterable[Path]) -> tuple[tuple[str, int, int], ...]:
    """Each file's name, size and modification time (a vanished file counts as changed)."""
    found = []
    for path in paths:
        try:
            info = path.stat()
        except OSError:
            found.append((str(path), -1, -1))
        else:
            found.append((str(path), info.st_size, info.st_mtime_ns))
    return tuple(found)


def cached(name: str, root: Path, key: Any, make: Callable[[], T]) -> T:
    """``make()``, or the value it gave for the same ``key`` last time."""
    slot = (name, str(root))
    with _LOCK:
        making = _MAKING.setdefault(slot, threading.Lock())
    with making:
        with _LOCK:
            held = _STORE.get(slot)
        if held is not None and held[0] == key:
            return held[1]  # type: ignore[no-any-return]
        value = make()
        with _LOCK:
            _STORE[slot] = (key, value)
        return value


def pack_files(root: Path) -> list[Path]:
    folder = root / "policies"
    return sorted(p for p in folder.rglob("*") if p.is_file()) if folder.is_dir() else []


def policy(root: Path) -> Policy:
    """The repository's policy pack, loaded again only when a file under policies/ changes."""
    return cached(
        "policy", root, stamp(pack_files(root)), lambda: load_policy(root / "policies", root)
    )

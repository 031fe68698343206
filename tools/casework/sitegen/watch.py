"""What the site is built from, and whether it changed: a snapshot of file times and sizes.

``casework site serve`` polls: every half second it lists the files the site is
made from (cases/, meetings/, policies/, site/ and mkdocs.yml) with their
modification times and sizes, and rebuilds when the list differs. Polling needs
no watcher service, works on network and synced folders alike, and costs a few
milliseconds for a few thousand files. Hidden files and folders (an editor's
swap file, .git) are not watched.
"""

from __future__ import annotations

import os
from pathlib import Path

#: the folders and files of a repository that the site is built from
SOURCES = ("cases", "meetings", "policies", "site", "mkdocs.yml")

Snapshot = dict[str, tuple[int, int]]


def snapshot(root: Path) -> Snapshot:
    """Every source file (relative path) with its modification time and size."""
    found: Snapshot = {}

    def add(path: str) -> None:
        try:
            info = os.stat(path)
        except OSError:
            return  # deleted while listing: the next snapshot says so
        found[os.path.relpath(path, root)] = (info.st_mtime_ns, info.st_size)

    for name in SOURCES:
        top = root / name
        if top.is_file():
            add(str(top))
            continue
        for folder, dirs, files in os.walk(top):
            dirs[:] = sorted(d for d in dirs if not d.startswith("."))
            for file in files:
                if not file.startswith("."):
                    add(os.path.join(folder, file))
    return found


def changed(before: Snapshot, after: Snapshot) -> list[str]:
    """The files added, removed or changed between two snapshots, sorted."""
    return sorted(
        path for path in before.keys() | after.keys() if before.get(path) != after.get(path)
    )


def describe(paths: list[str]) -> str:
    """A short plain description of what changed: how many files, in which folders."""
    folders = sorted({Path(p).parts[0] + ("/" if len(Path(p).parts) > 1 else "") for p in paths})
    count = len(paths)
    return f"{count} file{'s' if count != 1 else ''} changed in {', '.join(folders)}"

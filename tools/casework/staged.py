"""What a commit will hold: the staged record files, written out to check them.

The pre-commit hook must judge the snapshot being committed, not the working
tree: a ``case.yaml`` that is on disk but was never ``git add``-ed would pass
a check of the working tree, then be missing from every clone. So
``casework validate --staged`` writes the record files of git's index (the
hook's own index, for ``git commit -a`` and ``git commit PATH``) into a
temporary folder with ``git checkout-index`` (``write_files``) and validates that folder.
Links stay links there (git checks them out as links), so the lister refuses
them as it does in the working tree.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from casework import gitlog
from casework.repofiles import POLICY_DIR, RECORD_DIRS


def staged_names(root: Path) -> list[str]:
    """Every path in the index under ``cases/``, ``meetings/`` and ``policies/`` (the pack
    names its procedure pages, so they are part of what is checked).

    Run in ``root``, ``git ls-files`` lists only the paths under it, relative to it.
    Git keeps only normal paths (no empty or ``.`` parts), so a name is in one of those
    folders exactly when it starts with the folder's name and a slash.
    """
    out = gitlog.run(["ls-files", "-z", "--cached", "--"], root, keep_hook_env=True)
    listed = out.stdout.decode("utf-8", "surrogateescape").split("\0")
    return sorted(name for name in listed if name.startswith(_FOLDERS))


_FOLDERS = tuple(f"{folder}/" for folder in (*RECORD_DIRS, POLICY_DIR))


def write_files(root: Path, dest: Path, names: Iterable[str]) -> None:
    """Write these staged files (their index contents) under ``dest``."""
    chosen = sorted(set(names))
    if chosen:
        gitlog.run(
            ["checkout-index", f"--prefix={dest.as_posix()}/", "-z", "--stdin"],
            root,
            keep_hook_env=True,
            stdin="\0".join(chosen).encode("utf-8", "surrogateescape"),
        )
    for folder in ("cases", "meetings", "policies"):
        (dest / folder).mkdir(exist_ok=True)

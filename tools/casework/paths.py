"""Where things live: the repository root and the data shipped with the package."""

from __future__ import annotations

from pathlib import Path

from casework.errors import UsageError, printable

PACKAGE_DIR = Path(__file__).resolve().parent


def data_dir(name: str) -> Path:
    """A data folder shipped with casework (``schemas``).

    In a wheel it is ``casework/_data/NAME``; in a source checkout (editable
    install) it is the top-level folder of the same name.
    """
    shipped = PACKAGE_DIR / "_data" / name
    if shipped.is_dir():
        return shipped
    source = PACKAGE_DIR.parent.parent / name
    if source.is_dir():
        return source
    raise UsageError(f"casework is installed without its '{name}' folder; reinstall it")


def presets_dir() -> Path:
    """The policy packs shipped for each authority (``casework init --preset``)."""
    return PACKAGE_DIR / "presets"


def find_repo(start: Path | None) -> Path:
    """The case repository: the given path, or the one containing the cwd.

    A case repository is recognised by its ``policies/`` folder (or, failing
    that, by ``.git``), searching upwards from the current directory.
    """
    if start is not None:
        root = start.expanduser()
        if root.exists() and not root.is_dir():
            raise UsageError(
                f"'{printable(str(start))}' is a file, not a folder; --repo takes the "
                "repository's folder (the one holding 'policies/')"
            )
        if not root.is_dir():
            raise UsageError(
                f"the repository folder '{printable(str(start))}' does not exist; "
                "check the --repo argument"
            )
        return root.resolve()
    here = Path.cwd().resolve()
    for candidate in (here, *here.parents):
        if (candidate / "policies").is_dir():
            return candidate
    for candidate in (here, *here.parents):
        if (candidate / ".git").exists():
            return candidate
    raise UsageError(
        "this folder is not inside a case repository (no 'policies/' folder found above it); "
        "run the command from inside the repository or pass --repo PATH"
    )

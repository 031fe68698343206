"""Case ids from case-system ids: HMAC-SHA-256 under a secret key.

``C-`` and 8 digits: the HMAC-SHA-256 of the normalised case-system id
(surrounding spaces removed, letters in capitals) under the key, read as a
number, modulo 10^8. The same id and key always give the same case id;
without the key there is no way back, and no way to test a guess (a plain
hash of a 10-digit NHS number is brute-forced in minutes).

The key comes from ``CASEWORK_PSEUDONYM_KEY`` or from a key file outside the
repository; it must be at least 32 characters (``secrets.token_hex(32)``
gives 64).
"""

from __future__ import annotations

import hashlib
import hmac
import os
from collections.abc import Iterable
from pathlib import Path

from casework.errors import CaseworkError, UsageError

KEY_ENV = "CASEWORK_PSEUDONYM_KEY"
MIN_KEY_LENGTH = 32
DIGITS = 8
_DOMAIN = b"casework case id v1\x00"

MAKE_KEY = "python3 -c 'import secrets; print(secrets.token_hex(32))'"


def normalise_id(case_system_id: str) -> str:
    return " ".join(case_system_id.split()).upper()


def pseudonym(case_system_id: str, key: bytes) -> str:
    """The case id for a case-system id under ``key``."""
    value = normalise_id(case_system_id)
    if not value:
        raise CaseworkError("an empty case-system id has no pseudonym; give a non-empty id")
    digest = hmac.new(key, _DOMAIN + value.encode("utf-8"), hashlib.sha256).digest()
    return f"C-{int.from_bytes(digest, 'big') % 10**DIGITS:0{DIGITS}d}"


def inside(path: Path, root: Path) -> bool:
    """Whether ``path`` (following links) lies inside the folder ``root``."""
    try:
        path.resolve().relative_to(root.resolve())
    except ValueError:
        return False
    return True


def enclosing_repository(path: Path) -> Path | None:
    """The git work tree (or case repository) a file lies in, if any."""
    for folder in path.resolve().parents:
        if (folder / ".git").exists() or (folder / "policies" / "pack.yaml").is_file():
            return folder
    return None


def refuse_inside_repo(path: Path, root: Path | None, what: str) -> None:
    """Refuse a secret file inside the case repository or any git repository."""
    if (root is not None and inside(path, root)) or enclosing_repository(path) is not None:
        raise UsageError(
            f"the {what} '{path}' is inside the repository; a secret kept there would be "
            "committed or copied with it. Move it outside the repository (for example to your "
            "home folder, readable only by you) and give its new path"
        )


def load_key(key_file: Path | None, root: Path | None) -> bytes:
    """The secret key from ``--key-file`` or ``CASEWORK_PSEUDONYM_KEY``."""
    if key_file is not None:
        refuse_inside_repo(key_file, root, "key file")
        try:
            text = key_file.read_text(encoding="utf-8")
        except OSError:
            raise UsageError(
                f"cannot read the key file '{key_file}'; check the path and its permissions"
            ) from None
        except UnicodeDecodeError:
            raise UsageError(
                f"the key file '{key_file}' is not text; make a key with: {MAKE_KEY}"
            ) from None
        source = f"the key file '{key_file}'"
    else:
        text = os.environ.get(KEY_ENV, "")
        source = f"{KEY_ENV}"
        if not text.strip():
            raise UsageError(
                "no pseudonym key: set the environment variable "
                f"{KEY_ENV} or pass --key-file PATH (a file outside the repository). "
                f"Make a key once with: {MAKE_KEY} ; keep it in the authority's password "
                "manager and never commit it"
            )
    key = text.strip()
    if len(key) < MIN_KEY_LENGTH:
        raise UsageError(
            f"the pseudonym key in {source} is too short (it must be at least "
            f"{MIN_KEY_LENGTH} characters); make a new one with: {MAKE_KEY}"
        )
    return key.encode("utf-8")


def collisions(ids: Iterable[str], key: bytes) -> dict[str, list[int]]:
    """Case ids given to more than one different case-system id (by input position)."""
    first_id: dict[str, str] = {}
    positions: dict[str, list[int]] = {}
    clashes: set[str] = set()
    for index, raw in enumerate(ids, start=1):
        value = normalise_id(raw)
        case_id = pseudonym(value, key)
        positions.setdefault(case_id, []).append(index)
        if first_id.setdefault(case_id, value) != value:
            clashes.add(case_id)
    return {case_id: positions[case_id] for case_id in sorted(clashes)}


# --- the coordinator's local lookup (kept outside the repository) -------------


def read_lookup(path: Path) -> dict[str, str]:
    """``case id -> case-system id`` from a lookup file (tab-separated lines)."""
    table: dict[str, str] = {}
    if not path.exists():
        return table
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError):
        raise UsageError(f"cannot read the lookup file '{path}'; check its path") from None
    for number, line in enumerate(lines, start=1):
        if not line.strip() or line.startswith("#"):
            continue
        parts = line.split("\t")
        if len(parts) != 2:
            raise UsageError(
                f"{path}:{number}: error: a lookup line is 'CASE-ID<tab>CASE-SYSTEM-ID'; "
                "fix or remove the line"
            )
        table[parts[0].strip()] = normalise_id(parts[1])
    return table


def update_lookup(path: Path, pairs: list[tuple[str, str]]) -> list[int]:
    """Add new ``(case-system id, case id)`` pairs; the input positions that clash.

    A clash is a case id the lookup already gives to a different case-system
    id; nothing is written when there is one.
    """
    table = read_lookup(path)
    clashes = [
        index
        for index, (system_id, case_id) in enumerate(pairs, start=1)
        if table.get(case_id, normalise_id(system_id)) != normalise_id(system_id)
    ]
    if clashes:
        return clashes
    new = [(s, c) for s, c in pairs if c not in table]
    if new:
        fresh = not path.exists()
        with path.open("a", encoding="utf-8") as out:
            if fresh:
                out.write("# casework lookup: case id <tab> case-system id. Never commit this.\n")
            for system_id, case_id in dict.fromkeys(new):
                out.write(f"{case_id}\t{normalise_id(system_id)}\n")
        if fresh:
            path.chmod(0o600)
    return []

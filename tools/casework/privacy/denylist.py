"""The authority's deny list of names, kept outside the repository, stored hashed.

The file (path from ``CASEWORK_DENYLIST`` or ``--denylist``) is text::

    # casework name deny list: keyed hashes, one per line. Never commit this file.
    salt: 3c1f...64 hex digits...
    9a0b...64 hex digits...
    ...

Each line after the salt is HMAC-SHA-256(salt, normalised name). A name is
normalised by removing accents and apostrophes, folding case and splitting
words at spaces and hyphens ("Élodie O'Neil-Hart" matches "elodie oneil
hart"). The list holds no name in clear text; the salt stops precomputed
tables, but someone holding the file could still test a dictionary of names
against it, so it is kept as carefully as the pseudonym key (outside the
repository; in CI, as a protected secret file).

The scan hashes every run of 1 to ``MAX_WORDS`` words on a line and looks
each up, so "Jane Smith" is found in "saw Jane  Smith today".
"""

from __future__ import annotations

import hashlib
import hmac
import os
import re
import secrets
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from casework.errors import UsageError
from casework.privacy.detectors import Hit, Kind, fold

DENYLIST_ENV = "CASEWORK_DENYLIST"
MAX_WORDS = 4
_WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)*")  # a hyphen separates words
_HASH = re.compile(r"^[0-9a-f]{64}$")
HEADER = "# casework name deny list: keyed hashes, one per line. Never commit this file.\n"


def normalise_word(word: str) -> str:
    decomposed = unicodedata.normalize("NFKD", word)
    bare = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return re.sub(r"['’]", "", bare).casefold()


def normalise_name(name: str) -> str:
    return " ".join(normalise_word(w.group(0)) for w in _WORD.finditer(name))


@dataclass(frozen=True)
class DenyList:
    salt: bytes
    hashes: frozenset[str]
    path: Path

    def digest(self, normalised: str) -> str:
        return hmac.new(self.salt, normalised.encode("utf-8"), hashlib.sha256).hexdigest()

    def find(self, line: str) -> Iterator[Hit]:
        """Each listed name on ``line``, read as the detectors read it (:func:`fold`):
        an invisible character inside a name, or a Cyrillic or Greek letter drawn like a
        Latin one, does not hide it."""
        if not self.hashes:
            return
        text, columns = fold(line)

        def at(index: int) -> int:
            return index if columns is None else columns[index]

        words = [
            (at(m.start()), at(m.end() - 1) + 1, normalise_word(m.group(0)))
            for m in _WORD.finditer(text)
        ]
        for first in range(len(words)):
            for size in range(min(MAX_WORDS, len(words) - first), 0, -1):
                run = words[first : first + size]
                text = " ".join(word for _, _, word in run)
                if self.digest(text) in self.hashes:
                    yield Hit(Kind.NAME, run[0][0], run[-1][1], text)
                    break


def denylist_path(option: Path | None) -> Path | None:
    if option is not None:
        return option
    value = os.environ.get(DENYLIST_ENV, "").strip()
    return Path(value) if value else None


def load_denylist(path: Path) -> DenyList:
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except FileNotFoundError:
        raise UsageError(
            f"the deny list '{path}' does not exist; check {DENYLIST_ENV} or --denylist, or "
            "create it with: casework scan --hash-name --denylist PATH < names.txt"
        ) from None
    except (OSError, UnicodeDecodeError):
        raise UsageError(f"cannot read the deny list '{path}'; check its permissions") from None
    salt: bytes | None = None
    hashes = set()
    for number, line in enumerate(lines, start=1):
        text = line.strip()
        if not text or text.startswith("#"):
            continue
        if text.startswith("salt:") and salt is None:
            value = text.removeprefix("salt:").strip()
            if re.fullmatch(r"[0-9a-f]{32,128}", value):
                salt = bytes.fromhex(value)
                continue
        if salt is not None and _HASH.match(text):
            hashes.add(text)
            continue
        raise UsageError(
            f"{path}:{number}: error: the deny list holds a 'salt:' line and then one hash per "
            "line; this line is neither. Do not edit the list by hand: add names with "
            "'casework scan --hash-name'"
        )
    if salt is None:
        raise UsageError(
            f"the deny list '{path}' has no 'salt:' line; recreate it with "
            "'casework scan --hash-name'"
        )
    return DenyList(salt, frozenset(hashes), path)


def add_names(path: Path, names: Iterable[str]) -> int:
    """Hash names into the list (creating it with a fresh salt); how many were new."""
    if path.exists():
        current = load_denylist(path)
    else:
        current = DenyList(secrets.token_bytes(32), frozenset(), path)
        path.write_text(f"{HEADER}salt: {current.salt.hex()}\n", encoding="utf-8")
        path.chmod(0o600)
    new = []
    for name in names:
        normalised = normalise_name(name)
        if not normalised:
            continue
        if len(normalised.split()) > MAX_WORDS:
            raise UsageError(
                f"a name of more than {MAX_WORDS} words cannot be matched; add its parts "
                "(first name and surname) separately"
            )
        digest = current.digest(normalised)
        if digest not in current.hashes and digest not in new:
            new.append(digest)
    if new:
        with path.open("a", encoding="utf-8") as out:
            out.writelines(f"{digest}\n" for digest in new)
    return len(new)

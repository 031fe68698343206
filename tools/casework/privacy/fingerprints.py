"""The allow-list of reviewed false positives: ``.casework-allow.yaml``.

Format (docs/security-and-privacy.md documents it)::

    # Reviewed false positives of 'casework scan'. Each entry: a fingerprint the scan
    # printed, and why the text it points at is not personal data.
    salt: 5b0c...64 hex digits...   # made by 'casework scan --init-allow-list'; never edit
    allow:
      - fingerprint: pd-0123456789abcdef
        reason: the council's published switchboard number

A fingerprint is ``pd-`` and the first 16 hex digits of
HMAC-SHA-256(salt, kind + path + normalised value). The salt is random and
lives only in the repository, so a fingerprint printed in a CI log cannot be
brute-forced back to the value (a plain SHA-256 of a 10-digit NHS number
can) by someone who can read the log but not the repository; anyone who can
read the repository can read the value anyway. The path is part of it, so
allowing a value in one file does not allow it anywhere else.
"""

from __future__ import annotations

import hashlib
import hmac
import re
import secrets
from dataclasses import dataclass
from pathlib import Path

from casework.errors import Location, UsageError
from casework.privacy.detectors import Kind
from casework.yamlload import LoadError, load

ALLOW_FILE = ".casework-allow.yaml"
_FINGERPRINT = re.compile(r"^pd-[0-9a-f]{16}$")
_SALT = re.compile(r"^[0-9a-f]{32,128}$")

TEMPLATE = """\
# Reviewed false positives of 'casework scan' (see docs/security-and-privacy.md).
# When the scan flags text that is not personal data, add the fingerprint it
# printed and the reason, reviewed by a second person, for example:
#   - fingerprint: pd-0123456789abcdef
#     reason: the council's published switchboard number, not a person's
# The salt makes fingerprints impossible to reverse from CI logs; never change it
# (every fingerprint would change).
salt: {salt}
allow: []
"""


@dataclass(frozen=True)
class Entry:
    fingerprint: str
    reason: str
    location: Location


@dataclass(frozen=True)
class AllowList:
    salt: bytes | None
    entries: tuple[Entry, ...] = ()

    def fingerprint(self, kind: Kind, path: str, value: str) -> str | None:
        if self.salt is None:
            return None
        message = f"{kind.code}\x00{path}\x00{value}".encode()
        return "pd-" + hmac.new(self.salt, message, hashlib.sha256).hexdigest()[:16]

    @property
    def fingerprints(self) -> frozenset[str]:
        return frozenset(entry.fingerprint for entry in self.entries)


def load_allow_list(root: Path) -> AllowList:
    """The repository's allow-list; an absent file is an empty list without a salt."""
    path = root / ALLOW_FILE
    if not path.is_file():
        return AllowList(None)
    try:
        doc = load(path, ALLOW_FILE)
    except LoadError as exc:
        raise UsageError(exc.message, exc.location) from None
    data = doc.data
    if not isinstance(data, dict) or set(data) - {"salt", "allow"}:
        raise UsageError(
            "the allow-list has two fields, 'salt' and 'allow'; see casework's "
            "docs/security-and-privacy.md",
            doc.locate(),
        )
    salt = data.get("salt")
    if not isinstance(salt, str) or not _SALT.match(salt):
        raise UsageError(
            "'salt' must be the 64 hex digits 'casework scan --init-allow-list' wrote; "
            "restore it from the repository's history",
            doc.locate(("salt",)),
        )
    allow = data.get("allow") or []
    if not isinstance(allow, list):
        raise UsageError("'allow' must be a list of entries", doc.locate(("allow",)))
    entries = []
    for index, item in enumerate(allow):
        where = doc.locate(("allow", index))
        if not isinstance(item, dict) or set(item) != {"fingerprint", "reason"}:
            raise UsageError(
                "each allow-list entry has exactly two fields, 'fingerprint' and 'reason'", where
            )
        fingerprint, reason = item["fingerprint"], item["reason"]
        if not isinstance(fingerprint, str) or not _FINGERPRINT.match(fingerprint):
            raise UsageError(
                "'fingerprint' must be as the scan printed it: pd- and 16 hex digits",
                doc.locate(("allow", index, "fingerprint")),
            )
        if not isinstance(reason, str) or len(reason.strip()) < 10:
            raise UsageError(
                "'reason' must say in a sentence why this is not personal data",
                doc.locate(("allow", index, "reason")),
            )
        entries.append(Entry(fingerprint, reason, where))
    return AllowList(bytes.fromhex(salt), tuple(entries))


def create_allow_list(root: Path) -> Path:
    """Write an empty allow-list with a fresh random salt (never over an existing one)."""
    path = root / ALLOW_FILE
    if path.exists():
        raise UsageError(
            f"{ALLOW_FILE} already exists; keep its salt and add entries to it by hand"
        )
    path.write_text(TEMPLATE.format(salt=secrets.token_hex(32)), encoding="utf-8")
    return path

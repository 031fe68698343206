"""Realistic identifiers made at test time, so the repository never holds any.

Every generator takes a ``random.Random`` and returns text lines, each holding
exactly one identifier of its kind, written the ways people write them.
Check digits are computed, so NHS and pupil numbers are valid.
"""

from __future__ import annotations

import os
import random
import string
import subprocess
from collections.abc import Callable
from pathlib import Path

import phonenumbers
from stdnum.gb import upn

from casework.privacy.detectors import Kind

UPN_LETTERS = "ABCDEFGHJKLMNPQRTUVWXYZ"


def nhs_number(rng: random.Random) -> str:
    while True:
        digits = [rng.randint(0, 9) for _ in range(9)]
        check = 11 - sum(d * (10 - i) for i, d in enumerate(digits)) % 11
        if check == 10:
            continue
        return "".join(map(str, digits)) + str(0 if check == 11 else check)


def upn_number(rng: random.Random, temporary: bool = False) -> str:
    # any 3-digit LA code, known or not
    body = "".join(rng.choice(string.digits) for _ in range(11))
    last = rng.choice(UPN_LETTERS) if temporary else rng.choice(string.digits)
    return upn.calc_check_digit(body + last) + body + last


_NINO_FIRST = "ABCEGHJKLMNOPRSTWXYZ"
_NINO_SECOND = "ABCEGHJKLMNPRSTWXYZ"
_NINO_UNALLOCATED = {"BG", "GB", "KN", "NK", "NT", "TN", "ZZ"}


def nino(rng: random.Random) -> str:
    while True:
        prefix = rng.choice(_NINO_FIRST) + rng.choice(_NINO_SECOND)
        if prefix not in _NINO_UNALLOCATED:
            break
    digits = "".join(rng.choice(string.digits) for _ in range(6))
    return prefix + digits + rng.choice("ABCD")


_AREA1 = "ABCDEFGHIJKLMNOPRSTUWYZ"  # not Q, V, X
_AREA2 = "ABCDEFGHKLMNOPQRSTUVWXY"  # not I, J, Z
_INWARD = "ABDEFGHJLNPQRSTUWXYZ"


def postcode(rng: random.Random) -> str:
    digit = lambda: rng.choice(string.digits)  # noqa: E731
    forms = (
        lambda: rng.choice(_AREA1) + digit(),
        lambda: rng.choice(_AREA1) + digit() + digit(),
        lambda: rng.choice(_AREA1) + rng.choice(_AREA2) + digit(),
        lambda: rng.choice(_AREA1) + rng.choice(_AREA2) + digit() + digit(),
        lambda: rng.choice(_AREA1) + digit() + rng.choice("ABCDEFGHJKPSTUW"),
        lambda: rng.choice(_AREA1) + rng.choice(_AREA2) + digit() + rng.choice("ABEHMNPRVWXY"),
    )
    outward = rng.choice(forms)()
    return outward + " " + digit() + rng.choice(_INWARD) + rng.choice(_INWARD)


def phone_number(rng: random.Random) -> str:
    while True:
        if rng.random() < 0.5:
            national = "07" + rng.choice("45789") + "".join(rng.choices(string.digits, k=8))
        else:
            national = "020" + rng.choice("378") + "".join(rng.choices(string.digits, k=7))
        number = phonenumbers.parse(national, "GB")
        if phonenumbers.is_valid_number(number):
            style = rng.choice(
                (
                    phonenumbers.PhoneNumberFormat.NATIONAL,
                    phonenumbers.PhoneNumberFormat.INTERNATIONAL,
                )
            )
            return phonenumbers.format_number(number, style)


def email(rng: random.Random) -> str:
    local = "".join(rng.choices(string.ascii_lowercase, k=rng.randint(3, 8)))
    separator = rng.choice(("", ".", "_"))
    local += separator + "".join(rng.choices(string.ascii_lowercase, k=rng.randint(2, 7)))
    domain = "".join(rng.choices(string.ascii_lowercase, k=rng.randint(4, 9)))
    return f"{local}@{domain}.{rng.choice(('co.uk', 'org.uk', 'com', 'gov.uk', 'net'))}"


_MONTHS = [
    *("January", "February", "March", "April", "May", "June", "July", "August"),
    *("September", "October", "November", "December"),
]


def birth_line(rng: random.Random) -> str:
    year, month, day = rng.randint(2005, 2025), rng.randint(1, 12), rng.randint(1, 28)
    name = _MONTHS[month - 1]
    date_text = rng.choice(
        (
            f"{year}-{month:02d}-{day:02d}",
            f"{day:02d}/{month:02d}/{year}",
            f"{day}.{month}.{year}",
            f"{day} {name} {year}",
            f"{day}th {name[:3]} {year}",
            f"{name} {day}, {year}",
        )
    )
    return rng.choice(
        (
            f"date_of_birth: {date_text}",
            f"birth_date: '{date_text}'",
            f"summary: The child was born on {date_text} at the local hospital.",
            f"  DOB {date_text}",
            f"note: d.o.b. {date_text} confirmed by the school",
        )
    )


def invented_name(rng: random.Random) -> str:
    def word() -> str:
        syllables = rng.randint(2, 3)
        parts = [rng.choice("bdfgklmnprstvz") + rng.choice("aeiou") for _ in range(syllables)]
        return "".join(parts).capitalize() + rng.choice(("n", "r", "x", "l", ""))

    return f"{word()} {word()}"


def _nhs_line(rng: random.Random) -> str:
    value = nhs_number(rng)
    written = rng.choice(
        (value, f"{value[:3]} {value[3:6]} {value[6:]}", f"{value[:3]}-{value[3:6]}-{value[6:]}")
    )
    return rng.choice((f"nhs_number: {written}", f"summary: NHS no {written} on the form"))


def _upn_line(rng: random.Random) -> str:
    return f"note: school pupil number {upn_number(rng, temporary=rng.random() < 0.3)}"


def _nino_line(rng: random.Random) -> str:
    value = nino(rng)
    written = rng.choice(
        (value, f"{value[:2]} {value[2:4]} {value[4:6]} {value[6:8]} {value[8]}", value[:8])
    )
    return f"summary: mother's NI number is {written} per the benefits letter"


def _postcode_line(rng: random.Random) -> str:
    value = postcode(rng)
    if rng.random() < 0.2:
        return f"address: flat 2, postcode {value.lower()}"
    return rng.choice((f"placement area {value}", f"summary: moved to {value} last week"))


def _phone_line(rng: random.Random) -> str:
    return f"summary: carer can be reached on {phone_number(rng)} after school"


def _email_line(rng: random.Random) -> str:
    return f"contact: write to {email(rng)} for the report"


#: kind -> a generator of one line holding one identifier of that kind
LINES: dict[Kind, Callable[[random.Random], str]] = {
    Kind.NHS: _nhs_line,
    Kind.UPN: _upn_line,
    Kind.NINO: _nino_line,
    Kind.POSTCODE: _postcode_line,
    Kind.PHONE: _phone_line,
    Kind.EMAIL: _email_line,
    Kind.BIRTH_DATE: birth_line,
}


# --- real temporary git repositories ------------------------------------------------------

GIT_ENV = {
    "GIT_AUTHOR_NAME": "Test Coordinator",
    "GIT_AUTHOR_EMAIL": "coordinator@example.invalid",
    "GIT_COMMITTER_NAME": "Test Coordinator",
    "GIT_COMMITTER_EMAIL": "coordinator@example.invalid",
    "GIT_CONFIG_NOSYSTEM": "1",
}


def git_env(extra: dict[str, str] | None = None) -> dict[str, str]:
    """The environment for test git calls: no inherited GIT_*, a fixed identity."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("GIT_")}
    env.update(GIT_ENV)
    env["HOME"] = env.get("CASEWORK_TEST_HOME", env.get("HOME", "/tmp"))
    env.update(extra or {})
    return env


def git(root: Path, *args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        ["git", *args], cwd=root, env=git_env(), capture_output=True, text=True, check=check
    )


def init_repo(root: Path, branch: str = "main") -> Path:
    git(root, "init", "-q", "-b", branch)
    git(root, "config", "commit.gpgsign", "false")
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "initial records")
    return root

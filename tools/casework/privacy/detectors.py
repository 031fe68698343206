"""One small detector per kind of identifier.

A detector reads one line of text and yields :class:`Hit` s: where the
identifier starts and ends and its normalised value. The value is only ever
used to make a fingerprint (see ``fingerprints``); it is never printed.

What each check uses (the README repeats this table):

* NHS number - 10 digits, written 3-3-4 with spaces or hyphens or run
  together, with a valid mod-11 check digit: ``stdnum.gb.nhs``.
* Unique pupil number - a check letter, 11 digits and a digit or letter (13
  characters): the check letter is computed with ``stdnum.gb.upn``'s
  algorithm; unlike ``stdnum.gb.upn.validate`` no known local-authority code
  is required.
* National Insurance number - two prefix letters (HMRC's allowed letters,
  less the unallocated prefixes BG, GB, KN, NK, NT, TN and ZZ), six digits in
  pairs, optional suffix A-D: a pattern (``stdnum`` has no UK NINO module).
* UK postcode - a full postcode (outward and inward code) by Royal Mail's
  letter rules, in capitals; lower-case postcodes on lines that mention an
  address or postcode: a pattern.
* Telephone number - ``phonenumbers.PhoneNumberMatcher`` for region GB,
  numbers the library considers valid only.
* E-mail address - a pattern.
* Full date of birth - a real calendar date (2014-03-05, 05/03/2014,
  5 March 2014, March 5, 2014, ...) on a line that says birth, born, dob or
  d.o.b., or in any ``birth_*`` field (records keep only ``birth_month``).
* Names - n-grams of words keyed-hashed and looked up in the authority's
  deny list (``denylist``).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from enum import StrEnum

import phonenumbers
from stdnum.gb import nhs, upn


class Kind(StrEnum):
    """The kinds of identifier; the value is what messages call it."""

    NHS = "NHS number"
    UPN = "unique pupil number"
    NINO = "National Insurance number"
    POSTCODE = "postcode"
    PHONE = "telephone number"
    EMAIL = "e-mail address"
    BIRTH_DATE = "full date of birth"
    NAME = "name from the deny list"

    @property
    def code(self) -> str:
        return self.name.lower()


@dataclass(frozen=True)
class Hit:
    kind: Kind
    start: int  # 0-based offsets into the line
    end: int
    value: str  # normalised; never printed


# --- NHS number ---------------------------------------------------------------

_NHS = re.compile(r"(?<![0-9A-Za-z])([0-9]{3})([ -]?)([0-9]{3})\2([0-9]{4})(?![0-9A-Za-z])")


def find_nhs(line: str) -> Iterator[Hit]:
    for match in _NHS.finditer(line):
        value = match.group(1) + match.group(3) + match.group(4)
        if nhs.is_valid(value):
            yield Hit(Kind.NHS, match.start(), match.end(), value)


# --- unique pupil number ------------------------------------------------------

_UPN_LETTERS = "ABCDEFGHJKLMNPQRTUVWXYZ"
_UPN = re.compile(
    rf"(?<![0-9A-Za-z])([{_UPN_LETTERS}][0-9]{{11}}[0-9{_UPN_LETTERS}])(?![0-9A-Za-z])",
    re.IGNORECASE,
)


def upn_is_valid(value: str) -> bool:
    """A valid check letter; any local-authority code (``stdnum`` insists on known ones)."""
    value = value.upper()
    return len(value) == 13 and upn.calc_check_digit(value[1:]) == value[0]


def find_upn(line: str) -> Iterator[Hit]:
    for match in _UPN.finditer(line):
        value = match.group(1).upper()
        if upn_is_valid(value):
            yield Hit(Kind.UPN, match.start(), match.end(), value)


# --- National Insurance number ------------------------------------------------

_NINO = re.compile(
    r"(?<![0-9A-Za-z])([A-CEGHJ-PR-TW-Z][A-CEGHJ-NPR-TW-Z]) ?([0-9]{2}) ?([0-9]{2}) ?([0-9]{2})"
    r"(?: ?([A-D]))?(?![0-9A-Za-z])",
    re.IGNORECASE,
)
_NINO_UNALLOCATED = frozenset({"BG", "GB", "KN", "NK", "NT", "TN", "ZZ"})


def find_nino(line: str) -> Iterator[Hit]:
    for match in _NINO.finditer(line):
        prefix = match.group(1).upper()
        if prefix in _NINO_UNALLOCATED:
            continue
        value = prefix + match.group(2) + match.group(3) + match.group(4)
        yield Hit(Kind.NINO, match.start(), match.end(), value)


# --- postcode -----------------------------------------------------------------

_OUTWARD = (
    r"(?:[A-PR-UWYZ][0-9][0-9]?"
    r"|[A-PR-UWYZ][A-HK-Y][0-9][0-9]?"
    r"|[A-PR-UWYZ][0-9][A-HJKPSTUW]"
    r"|[A-PR-UWYZ][A-HK-Y][0-9][ABEHMNPRVWXY])"
)
_INWARD = r"[0-9][ABD-HJLNP-UW-Z]{2}"
_POSTCODE_TEXT = rf"(?<![0-9A-Za-z])(?:{_OUTWARD} ?{_INWARD}|GIR ?0AA)(?![0-9A-Za-z])"
_POSTCODE = re.compile(_POSTCODE_TEXT)
_POSTCODE_ANY_CASE = re.compile(_POSTCODE_TEXT, re.IGNORECASE)
_ADDRESS_WORDS = re.compile(r"post ?code|address|lives at|living at", re.IGNORECASE)


def find_postcode(line: str) -> Iterator[Hit]:
    pattern = _POSTCODE_ANY_CASE if _ADDRESS_WORDS.search(line) else _POSTCODE
    for match in pattern.finditer(line):
        value = match.group(0).upper().replace(" ", "")
        yield Hit(Kind.POSTCODE, match.start(), match.end(), value)


# --- telephone number ---------------------------------------------------------

_SEVEN_DIGITS = re.compile(r"(?:[0-9][^0-9]{0,2}){7}")
_NOT_PHONE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}|[0-9]{1,2}:[0-9]{2}")  # ISO dates, times


def find_phone(line: str) -> Iterator[Hit]:
    # the matcher is slow: run it only on lines with 7 digits close together, dates aside
    if not _SEVEN_DIGITS.search(_NOT_PHONE.sub(" ", line)):
        return
    for match in phonenumbers.PhoneNumberMatcher(line, "GB", leniency=phonenumbers.Leniency.VALID):
        value = phonenumbers.format_number(match.number, phonenumbers.PhoneNumberFormat.E164)
        yield Hit(Kind.PHONE, match.start, match.end, value)


# --- e-mail address -----------------------------------------------------------

_EMAIL = re.compile(
    r"(?<![A-Za-z0-9._%+-])[A-Za-z0-9._%+-]+@[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?"
    r"(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)*\.[A-Za-z]{2,}"
)


def find_email(line: str) -> Iterator[Hit]:
    for match in _EMAIL.finditer(line):
        yield Hit(Kind.EMAIL, match.start(), match.end(), match.group(0).lower())


# --- full date of birth -------------------------------------------------------

_BIRTH_WORDS = re.compile(r"birth|\bborn\b|\bdob\b|\bd\.o\.b\b", re.IGNORECASE)
_MONTHS = {
    name: number
    for number, names in enumerate(
        (
            ("january", "jan"),
            ("february", "feb"),
            ("march", "mar"),
            ("april", "apr"),
            ("may",),
            ("june", "jun"),
            ("july", "jul"),
            ("august", "aug"),
            ("september", "sep", "sept"),
            ("october", "oct"),
            ("november", "nov"),
            ("december", "dec"),
        ),
        start=1,
    )
    for name in names
}
_MONTH_NAME = "|".join(sorted(_MONTHS, key=len, reverse=True))
_B = r"(?<![0-9A-Za-z])"
_E = r"(?![0-9A-Za-z])"
_DATE_FORMS = (
    # 2014-03-05, 2014/03/05, 2014.03.05
    re.compile(rf"{_B}(?P<y>[0-9]{{4}})([-/.])(?P<m>[0-9]{{1,2}})\2(?P<d>[0-9]{{1,2}}){_E}"),
    # 05/03/2014, 5-3-14, 05.03.2014 (UK order: day first)
    re.compile(
        rf"{_B}(?P<d>[0-9]{{1,2}})([-/.])(?P<m>[0-9]{{1,2}})\2(?P<y>[0-9]{{4}}|[0-9]{{2}}){_E}"
    ),
    # 5 March 2014, 5th Mar 2014, 5 March, 2014
    re.compile(
        rf"{_B}(?P<d>[0-9]{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?(?P<mn>{_MONTH_NAME})\.?,?\s+"
        rf"(?P<y>[0-9]{{4}}){_E}",
        re.IGNORECASE,
    ),
    # March 5, 2014 / March 5th 2014
    re.compile(
        rf"{_B}(?P<mn>{_MONTH_NAME})\.?\s+(?P<d>[0-9]{{1,2}})(?:st|nd|rd|th)?,?\s+"
        rf"(?P<y>[0-9]{{4}}){_E}",
        re.IGNORECASE,
    ),
)


def _real_date(year: str, month: int, day: str) -> date | None:
    number = int(year)
    if len(year) == 2:
        number += 2000 if number <= 69 else 1900
    try:
        return date(number, month, int(day))
    except ValueError:
        return None


def find_birth_date(line: str) -> Iterator[Hit]:
    if not _BIRTH_WORDS.search(line):
        return
    taken: list[tuple[int, int]] = []
    for pattern in _DATE_FORMS:
        for match in pattern.finditer(line):
            if any(match.start() < end and start < match.end() for start, end in taken):
                continue
            groups = match.groupdict()
            month = _MONTHS[groups["mn"].lower()] if groups.get("mn") else int(groups["m"])
            found = _real_date(groups["y"], month, groups["d"])
            if found is None:
                continue
            taken.append((match.start(), match.end()))
            yield Hit(Kind.BIRTH_DATE, match.start(), match.end(), found.isoformat())


# --- all together -------------------------------------------------------------

# Most specific first: a later detector's hit overlapping an earlier one is dropped
# (an NHS number can also parse as a premium-rate telephone number).
DETECTORS = (
    find_nhs,
    find_upn,
    find_nino,
    find_email,
    find_postcode,
    find_birth_date,
    find_phone,
)


_ANY_DIGIT = re.compile(r"[0-9]")


def find_all(line: str) -> list[Hit]:
    """Every identifier on a line, overlaps resolved in favour of the more specific."""
    if not _ANY_DIGIT.search(line):  # every kind here has a digit, except e-mail addresses
        return list(find_email(line)) if "@" in line else []
    hits: list[Hit] = []
    for detector in DETECTORS:
        for hit in detector(line):
            if not any(hit.start < other.end and other.start < hit.end for other in hits):
                hits.append(hit)
    return sorted(hits, key=lambda h: h.start)

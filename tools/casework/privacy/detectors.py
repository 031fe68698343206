"""One small detector per kind of identifier.

A detector reads one line of text and yields :class:`Hit` s: where the
identifier starts and ends and its normalised value. The value is only ever
used to make a fingerprint (see ``fingerprints``); it is never printed.

:func:`find_all` first folds the line with Unicode NFKC, one character at a
time (full-width digits and letters, non-breaking spaces, the full-width
hyphen become their plain forms), drops invisible formatting characters
(zero-width spaces, soft hyphens), reads a digit of any script as its ASCII
digit, reads a Cyrillic or Greek letter drawn like a Latin one as that
letter, and maps each hit back to the column of the original text. Between
the groups of an identifier any separator a person types is accepted:
spaces (one or several), a hyphen or dash, or a dot; digits grouped with one
separator throughout (:func:`grouped_digits`) may also use a slash,
underscore or comma.

What each check uses (docs/security-and-privacy.md repeats this table):

* NHS number - 10 digits, written 3-3-4 with separators, in pairs, one at a
  time, or run together,
  with a valid mod-11 check digit: ``stdnum.gb.nhs``. Whatever its label:
  about 1 in 11 ten-digit form references pass the check by chance and are
  reported; a reviewed one goes on the allow-list.
* Unique pupil number - a check letter, 11 digits and a digit or letter (13
  characters): the check letter is computed with ``stdnum.gb.upn``'s
  algorithm; unlike ``stdnum.gb.upn.validate`` no known local-authority code
  is required.
* National Insurance number - two prefix letters (HMRC's allowed letters,
  less the unallocated prefixes BG, GB, KN, NK, NT, TN and ZZ), six digits in
  pairs, optional suffix A-D, separators allowed (letters in lower case only
  when written against the digits, so "on 12.03.14" is a date): a pattern
  (``stdnum`` has no UK NINO module).
* UK postcode - a full postcode (outward and inward code) by Royal Mail's
  letter rules, in any case, the two parts run together or apart; not a room
  code ("room B2 1AB") and not a lower-case ordinal ("W1 2nd floor"): a
  pattern.
* Telephone number - ``phonenumbers.PhoneNumberMatcher`` for region GB,
  numbers the library considers valid only; not digits run together straight
  after "form", "ref" or "reference" (a form reference). Digits grouped by a
  slash, underscore or comma, in pairs or one at a time, which the matcher
  does not join: ``phonenumbers.is_valid_number`` on the stretch's digits.
* E-mail address - a pattern; also with "(at)" and "(dot)" in brackets.
* Full date of birth - a real calendar date (2014-03-05, 2014-03-05T10:00,
  05/03/2014, 5 March 2014, March 5, 2014, the fourth of March 2014, ...) on a line that says birth,
  born, dob or d.o.b. (also inside field names: ``childDob``, ``born_on``),
  or anywhere in a field whose name says so (``birth_field=True``; records
  keep only ``birth_month``). Not a date that bounds a range ("born on or
  after 1 September 2014", "between ... and ..."), nor "birth family"/"birth
  parents" wording.
* Names - n-grams of words keyed-hashed and looked up in the authority's
  deny list (``denylist``).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from functools import cache, lru_cache
from itertools import pairwise

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

# how far before a match a label ("form", "room", "on or after") is looked for: a
# bound, so that a very long line stays linear
_LOOK_BACK = 40

# Between the groups of an identifier: spaces (several), or a hyphen, dash or dot
# with spaces around it or not.
_DASHES = "\\-\u2010-\u2015\u2212"
SEP = rf"(?:[ \t]*[{_DASHES}.][ \t]*|[ \t]+)"

# an NHS number's 3-3-4 groups may be parted by any separator a person uses, mixed
# (123/456-7890): the shape and the check digit together are the evidence
_NHS_SEP = rf"(?:[ \t]*[{_DASHES}./_,][ \t]*|[ \t]+)"
_NHS = re.compile(
    rf"(?<![0-9A-Za-z])([0-9]{{3}})({_NHS_SEP}?)([0-9]{{3}})({_NHS_SEP}?)([0-9]{{4}})"
    r"(?![0-9A-Za-z])"
)
# "form 0123456789", "ref: 0123456789", "reference no. 0123456789": digits run together
# after such a label are a reference, never a telephone number (an NHS number is still
# reported: its check digit is strong evidence; allow-list a reviewed reference)
_FORM_LABEL = re.compile(
    r"(?<![A-Za-z])(?:form|ref|reference)(?:[ \t]*(?:no|number|num))?[ \t.:#]*$", re.IGNORECASE
)


# --- digits in groups -----------------------------------------------------------

# A run of digit groups with anything a person puts between them: a slash,
# underscore, comma, dot, hyphen or dash (spaces around it or not), or spaces.
_GROUP_SEPS = rf"/_,.{_DASHES}"
_RUN = re.compile(
    # 11 characters at least (10 digits and a separator): a date, 2026-03-05, is not read
    rf"(?<![0-9A-Za-z])\+?(?=[0-9 \t{_GROUP_SEPS}]{{11}})"
    rf"[0-9]+(?:(?:[ \t]*[{_GROUP_SEPS}][ \t]*|[ \t]+)[0-9]+)+"
)
_GROUP = re.compile(r"[0-9]+")
_NOT_DIGITS = re.compile(r"[^0-9]+")


@dataclass(frozen=True)
class Grouped:
    """Consecutive digit groups of a run with the same separator between each two."""

    start: int
    end: int
    groups: tuple[str, ...]
    separator: str  # the separator without its spaces; " " for spaces alone
    plus: bool  # written straight after a "+"

    @property
    def digits(self) -> str:
        return "".join(self.groups)

    @property
    def sizes(self) -> tuple[int, ...]:
        return tuple(len(group) for group in self.groups)


@lru_cache(maxsize=8)
def grouped_stretches(line: str) -> tuple[Grouped, ...]:
    """:func:`grouped_digits` of a line, remembered for the next detector."""
    return tuple(grouped_digits(line)) if _RUN.search(line) else ()


def grouped_digits(line: str) -> Iterator[Grouped]:
    """Every longest stretch of digit groups written with one separator throughout.

    "2026-03-05 12/34/56/78/90" holds two: 2026-03-05 and 12/34/56/78/90 (05 12, by
    spaces, is a third). A run that runs on into a letter loses its last group; a run
    of fewer than 10 digits in all is passed over.
    """
    for match in _RUN.finditer(line):
        written = match.group(0)
        # 10 digits at least (an NHS number, a national telephone number): most runs are
        # dates (2026-03-05, 10 characters) and are passed over here
        if len(written) < 11 or len(_NOT_DIGITS.sub("", written)) < 10:
            continue
        plus = written.startswith("+")
        groups = list(_GROUP.finditer(line, match.start(), match.end()))
        if match.end() < len(line) and line[match.end()].isalnum():
            groups.pop()
        seps = [line[a.end() : b.start()].strip(" \t") or " " for a, b in pairwise(groups)]
        first = 0
        for index in range(1, len(groups) + 1):
            if index < len(groups) and seps[index - 1] == seps[first]:
                continue  # the same separator: the stretch goes on
            if index - first >= 2:
                yield Grouped(
                    groups[first].start(),
                    groups[index - 1].end(),
                    tuple(g.group(0) for g in groups[first:index]),
                    seps[first],
                    plus and first == 0,
                )
            first = index - 1  # the group before a new separator starts the next stretch


# 3-3-4 (any one separator), in pairs, or one digit at a time
_NHS_SHAPES = frozenset({(3, 3, 4), (2,) * 5, (1,) * 10})


def find_nhs(line: str) -> Iterator[Hit]:
    for match in _NHS.finditer(line):
        value = match.group(1) + match.group(3) + match.group(5)
        if not nhs.is_valid(value):
            continue
        yield Hit(Kind.NHS, match.start(), match.end(), value)
    for run in grouped_stretches(line):
        if not run.plus and run.sizes in _NHS_SHAPES and nhs.is_valid(run.digits):
            yield Hit(Kind.NHS, run.start, run.end, run.digits)


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
    rf"(?<![0-9A-Za-z])([A-CEGHJ-PR-TW-Z][A-CEGHJ-NPR-TW-Z])({SEP}?)([0-9]{{2}}){SEP}?"
    rf"([0-9]{{2}}){SEP}?([0-9]{{2}})(?:{SEP}?([A-D]))?(?![0-9A-Za-z])",
    re.IGNORECASE,
)
_NINO_UNALLOCATED = frozenset({"BG", "GB", "KN", "NK", "NT", "TN", "ZZ"})


def find_nino(line: str) -> Iterator[Hit]:
    for match in _NINO.finditer(line):
        written = match.group(1)
        prefix = written.upper()
        if prefix in _NINO_UNALLOCATED:
            continue
        if match.group(2) and written != prefix:
            continue  # "on 12.03.14": a word and a date, not a NINO in lower case
        value = prefix + match.group(3) + match.group(4) + match.group(5)
        yield Hit(Kind.NINO, match.start(), match.end(), value)


# --- postcode -----------------------------------------------------------------

_OUTWARD = (
    r"(?:[A-PR-UWYZ][0-9][0-9]?"
    r"|[A-PR-UWYZ][A-HK-Y][0-9][0-9]?"
    r"|[A-PR-UWYZ][0-9][A-HJKPSTUW]"
    r"|[A-PR-UWYZ][A-HK-Y][0-9][ABEHMNPRVWXY])"
)
_INWARD = r"[0-9][ABD-HJLNP-UW-Z]{2}"
_POSTCODE = re.compile(
    rf"(?<![0-9A-Za-z])(?:({_OUTWARD})(?:[ \t]*|[ \t]*[{_DASHES}][ \t]*)({_INWARD})|GIR ?0AA)"
    r"(?![0-9A-Za-z])",
    re.IGNORECASE,
)
# "W1 2nd floor": an ordinal written in lower case is not an inward code
_ORDINAL = re.compile(r"1st|2nd|3rd|[04-9]th")
# "room B2 1AB", "Rm. CR1 3ND": a room code
_ROOM = re.compile(
    r"(?<![A-Za-z])(?:room|rm|suite|office|floor|level|block|building)\.?[ \t]*[:#]?[ \t]*$",
    re.IGNORECASE,
)


def find_postcode(line: str) -> Iterator[Hit]:
    for match in _POSTCODE.finditer(line):
        inward = match.group(2)
        if inward is not None and _ORDINAL.fullmatch(inward):
            continue
        if _ROOM.search(line, max(0, match.start() - _LOOK_BACK), match.start()):
            continue
        value = re.sub(r"[^0-9A-Z]", "", match.group(0).upper())
        yield Hit(Kind.POSTCODE, match.start(), match.end(), value)


# --- telephone number ---------------------------------------------------------

_SEVEN_DIGITS = re.compile(r"(?:[0-9][^0-9]{0,2}){7}")
_NOT_PHONE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}|[0-9]{1,2}:[0-9]{2}")  # ISO dates, times


# spaces around a hyphen, dash or dot between digits ("020 - 7946 - 0018"), which the
# matcher does not take as one number
_SPACED_SEP = re.compile(rf"(?<=[0-9])[ \t]*([{_DASHES}.])[ \t]*(?=[0-9])")


_SPACED_SEP_NEEDED = re.compile(rf"[0-9][ \t]+[{_DASHES}.]|[{_DASHES}.][ \t]+[0-9]")


def _compact(line: str) -> tuple[str, list[int]]:
    """The line without spaces around separators, and each kept character's column."""
    columns: list[int] = []
    kept: list[str] = []
    last = 0
    for match in _SPACED_SEP.finditer(line):
        kept.append(line[last : match.start()] + match.group(1))
        columns.extend(range(last, match.start()))
        columns.append(match.start(1))
        last = match.end()
    kept.append(line[last:])
    columns.extend(range(last, len(line)))
    columns.append(len(line))
    return "".join(kept), columns


def find_phone(line: str) -> Iterator[Hit]:
    yield from _grouped_phones(line)
    # the matcher is slow: run it only on lines with 7 digits close together, dates aside
    text, columns = _compact(line) if _SPACED_SEP_NEEDED.search(line) else (line, None)
    if not _SEVEN_DIGITS.search(_NOT_PHONE.sub(" ", text)):
        return
    for match in phonenumbers.PhoneNumberMatcher(text, "GB", leniency=phonenumbers.Leniency.VALID):
        if match.raw_string.isdigit() and _FORM_LABEL.search(
            text, max(0, match.start - _LOOK_BACK), match.start
        ):
            continue  # "form 0800123456": a form reference, not a telephone number
        value = phonenumbers.format_number(match.number, phonenumbers.PhoneNumberFormat.E164)
        if columns is None:
            yield Hit(Kind.PHONE, match.start, match.end, value)
        else:
            yield Hit(Kind.PHONE, columns[match.start], columns[match.end - 1] + 1, value)


def _grouped_phones(line: str) -> Iterator[Hit]:
    """Numbers the matcher does not take as one: digits grouped by a slash, underscore or
    comma, or written in pairs or one at a time with spaces between. A national number
    (0 and 9 or 10 digits) or +44 and its digits, valid in the UK numbering plan."""
    for run in grouped_stretches(line):
        if run.separator not in "/_," and max(run.sizes) > 2:
            continue  # "020 7946 0018", "020-7946-0018": the matcher's
        digits = run.digits
        if run.plus:
            if not (digits.startswith("44") and 11 <= len(digits) <= 12):
                continue
            text = "+" + digits
        elif digits.startswith("0") and 10 <= len(digits) <= 11:
            text = digits
        else:
            continue
        try:
            number = phonenumbers.parse(text, "GB")
        except phonenumbers.NumberParseException:
            continue
        if phonenumbers.is_valid_number(number):
            value = phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)
            yield Hit(Kind.PHONE, run.start, run.end, value)


# --- e-mail address -----------------------------------------------------------

_EMAIL = re.compile(
    r"(?<![A-Za-z0-9._%+-])[A-Za-z0-9._%+-]+@[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?"
    r"(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)*\.[A-Za-z]{2,}"
)


# "name (at) example (dot) org", "name [at] example.org", "name@example{dot}org": the
# "at" and "dot" in brackets of any kind, spaces around them or not
def _bracketed(word: str) -> str:
    """``word`` in brackets of any kind, spaces inside them or not."""
    return rf"[(\[{{<][ \t]*{word}[ \t]*[)\]}}>]"


_AT_WORD = rf"[ \t]*{_bracketed('at')}[ \t]*"
_DOT_WORD = rf"[ \t]*{_bracketed('dot')}[ \t]*"
_LABEL = r"[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?"
_EMAIL_IN_WORDS = re.compile(
    rf"(?<![A-Za-z0-9._%+-])[A-Za-z0-9._%+-]+(?:{_AT_WORD}|@){_LABEL}"
    rf"(?:(?:{_DOT_WORD}|\.){_LABEL})*(?:{_DOT_WORD}|\.)[A-Za-z]{{2,}}(?![A-Za-z0-9])",
    re.IGNORECASE,
)
_AT_OR_DOT_WORD = re.compile(rf"(?i:{_AT_WORD}|{_DOT_WORD})")
#: a cheap test for a line that may hold an address in words
AT_IN_WORDS = re.compile(_bracketed("at"), re.IGNORECASE)


def find_email(line: str) -> Iterator[Hit]:
    for match in _EMAIL.finditer(line):
        yield Hit(Kind.EMAIL, match.start(), match.end(), match.group(0).lower())
    if _AT_OR_DOT_WORD.search(line):
        for match in _EMAIL_IN_WORDS.finditer(line):
            written = _AT_OR_DOT_WORD.sub(
                lambda m: "." if "d" in m.group(0).lower() else "@", match.group(0)
            )
            if "@" in written:
                yield Hit(Kind.EMAIL, match.start(), match.end(), written.lower())


# --- full date of birth -------------------------------------------------------

# "birth" (not "birth family", "birth parents"...), "born", "dob", "d.o.b", also
# inside field names: date_of_birth, born_on, dob_date, childDob
_BIRTH_WORDS = re.compile(
    r"(?i:birth(?![ _-]?(?:famil|parent|mother|father|mum|dad|relative|sibling|child))"
    r"|(?<![a-z])born(?![a-z])|(?<![a-z])d\.?o\.?b\.?(?![a-z]))"
    r"|(?<=[a-z])(?:Dob|DOB|Born|BORN)(?![a-z])"
)
# a date that bounds a range is not someone's date of birth:
# "born on or after 1 September 2014", "born between ... and ..."
_RANGE_BEFORE = re.compile(
    r"(?<![A-Za-z])(?:before|after|since|until|till|between|from)[ \t]+(?:the[ \t]+)?$",
    re.IGNORECASE,
)
_RANGE_JOIN = re.compile(r"^[ \t]*(?:and|to|or|-|\u2013|\u2014)[ \t]*$", re.IGNORECASE)
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
_ORDINAL_UNITS = (
    *("first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth"),
)
_ORDINAL_TEENS = (
    *("tenth", "eleventh", "twelfth", "thirteenth", "fourteenth", "fifteenth", "sixteenth"),
    *("seventeenth", "eighteenth", "nineteenth"),
)
# "fourth" -> 4, "twenty-first" / "twenty first" -> 21, "thirtieth" -> 30
_DAY_WORDS = {
    **{word: number for number, word in enumerate((*_ORDINAL_UNITS, *_ORDINAL_TEENS), 1)},
    "twentieth": 20,
    "thirtieth": 30,
    **{f"twenty {word}": 20 + number for number, word in enumerate(_ORDINAL_UNITS, 1)},
    "thirty first": 31,
}
_DAY_WORD = "|".join(
    word.replace(" ", r"[ \t-]?") for word in sorted(_DAY_WORDS, key=len, reverse=True)
)
_DAY_BY_LETTERS = {word.replace(" ", ""): number for word, number in _DAY_WORDS.items()}
_NOT_LETTER = re.compile(r"[^a-z]")
_B = r"(?<![0-9A-Za-z])"
_E = r"(?![0-9A-Za-z])"
_E_TIME = r"(?=T[0-9]|[^0-9A-Za-z]|$)"  # 2014-03-05T10:00 is still that date
_DATE_FORMS = (
    # 2014-03-05, 2014/03/05, 2014.03.05, 2014-03-05T10:00
    re.compile(rf"{_B}(?P<y>[0-9]{{4}})([-/.])(?P<m>[0-9]{{1,2}})\2(?P<d>[0-9]{{1,2}}){_E_TIME}"),
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
    # the day in words: (the) fourth (of) March 2014, twenty-first June 2014
    re.compile(
        rf"{_B}(?P<dw>{_DAY_WORD})\s+(?:of\s+)?(?P<mn>{_MONTH_NAME})\.?,?\s+"
        rf"(?P<y>[0-9]{{4}}){_E}",
        re.IGNORECASE,
    ),
    # March the fourth, 2014
    re.compile(
        rf"{_B}(?P<mn>{_MONTH_NAME})\.?\s+(?:the\s+)?(?P<dw>{_DAY_WORD}),?\s+"
        rf"(?P<y>[0-9]{{4}}){_E}",
        re.IGNORECASE,
    ),
)


def _day(groups: dict[str, str | None]) -> str:
    """The day of a date match, in digits ("4" for "fourth")."""
    if groups.get("dw"):
        return str(_DAY_BY_LETTERS[_NOT_LETTER.sub("", str(groups["dw"]).lower())])
    return str(groups["d"])


def _real_date(year: str, month: int, day: str) -> date | None:
    number = int(year)
    if len(year) == 2:
        number += 2000 if number <= 69 else 1900
    try:
        return date(number, month, int(day))
    except ValueError:
        return None


def find_birth_date(line: str, birth_field: bool = False) -> Iterator[Hit]:
    """Full dates on a line about birth, or anywhere in a field about birth."""
    if not birth_field and not _BIRTH_WORDS.search(line):
        return
    dates: list[tuple[int, int, date]] = []
    taken = bytearray(len(line))  # characters already part of a date (linear, not pairwise)
    for pattern in _DATE_FORMS:
        for match in pattern.finditer(line):
            if any(taken[match.start() : match.end()]):
                continue
            groups = match.groupdict()
            month = _MONTHS[groups["mn"].lower()] if groups.get("mn") else int(groups["m"])
            found = _real_date(groups["y"], month, _day(groups))
            if found is not None:
                dates.append((match.start(), match.end(), found))
                taken[match.start() : match.end()] = b"\x01" * (match.end() - match.start())
    dates.sort()
    bound_end = -1  # the end of the last date that bounds a range
    for start, end, found in dates:
        if _RANGE_BEFORE.search(line, max(0, start - _LOOK_BACK), start) or (
            bound_end >= 0 and _RANGE_JOIN.match(line[bound_end:start])
        ):
            bound_end = end
            continue
        yield Hit(Kind.BIRTH_DATE, start, end, found.isoformat())


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


# Cyrillic and Greek letters drawn like Latin ones ("МЕ1 1АВ" with a Cyrillic М, Е, А
# and В reads as a postcode): each is read as the Latin letter it looks like. A small
# table, from Unicode's confusables data for the letters identifiers use.
_LOOKALIKES = str.maketrans(
    "АВСЕНІЈКМОРЅТХУаеіјорсѕхуԚԛԜԝΑΒΕΖΗΙΚΜΝΟΡΤΥΧοϳ",
    "ABCEHIJKMOPSTXYaeijopcsxyQqWwABEZHIKMNOPTYXoj",
)


@cache
def _fold_char(char: str) -> str:
    """One character as a reader takes it: invisible formatting characters (a zero-width
    space, a soft hyphen, a word joiner: Unicode category Cf) are dropped, a digit of any
    script (Arabic-Indic, Devanagari, ...) is its ASCII digit, a Cyrillic or Greek letter drawn
    like a Latin one is that letter, anything else is NFKC."""
    if unicodedata.category(char) == "Cf":
        return ""
    lookalike = char.translate(_LOOKALIKES)
    if lookalike != char:
        return lookalike
    digit = unicodedata.decimal(char, None)
    if digit is not None:
        return str(digit)
    return unicodedata.normalize("NFKC", char) or char


def fold(line: str) -> tuple[str, list[int] | None]:
    """The line as a reader takes it (:func:`_fold_char`), character by character, and
    each folded index's column.

    ``None`` when nothing changed (plain ASCII: the usual case, kept fast).
    """
    if line.isascii():
        return line, None
    parts: list[str] = []
    columns: list[int] = []
    for index, char in enumerate(line):
        folded = char if char.isascii() else _fold_char(char)
        parts.append(folded)
        columns.extend([index] * len(folded))
    columns.append(len(line))
    return "".join(parts), columns


def _blank(text: str, hits: list[Hit]) -> str:
    """The text with every hit replaced by spaces (same length, same columns)."""
    parts, last = [], 0
    for hit in sorted(hits, key=lambda h: h.start):
        parts.append(text[last : hit.start])
        parts.append(" " * (hit.end - hit.start))
        last = hit.end
    parts.append(text[last:])
    return "".join(parts)


def find_all(line: str, birth_field: bool = False) -> list[Hit]:
    """Every identifier on a line, overlaps resolved in favour of the more specific.

    ``birth_field``: the line is (part of) the value of a field about birth, so
    any full date in it is a date of birth.
    """
    text, columns = fold(line)
    if not _ANY_DIGIT.search(text):  # every kind here has a digit, except e-mail addresses
        hits = list(find_email(text)) if "@" in text or AT_IN_WORDS.search(text) else []
    else:
        hits = []
        taken = bytearray(len(text))  # characters already in a hit (linear, not pairwise)
        for detector in DETECTORS:
            if detector is find_birth_date:
                found = find_birth_date(text, birth_field)
            elif detector is find_phone and hits:
                found = find_phone(_blank(text, hits))  # the slow matcher: less to read
            else:
                found = detector(text)
            for hit in found:
                if not any(taken[hit.start : hit.end]):
                    hits.append(hit)
                    taken[hit.start : hit.end] = b"\x01" * (hit.end - hit.start)
    if columns is not None:
        hits = [
            Hit(h.kind, columns[h.start], columns[h.end - 1] + 1 if h.end else 0, h.value)
            for h in hits
        ]
    return sorted(hits, key=lambda h: h.start)


def is_birth_field(name: str) -> bool:
    """Whether a field's name says it is about birth: dob, born_on, birth_date, childDob."""
    return _BIRTH_WORDS.search(name) is not None

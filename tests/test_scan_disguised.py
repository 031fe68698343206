"""``casework scan``: personal data written in disguise is still found, never printed.

Digits grouped by a slash, underscore, comma or dot, in pairs or one per space;
an e-mail address with "(at)" and "(dot)"; a postcode with Cyrillic or Greek
look-alike letters; a date of birth with its day in words. Ordinary record text
(case ids, event dates, rule ids, amounts, clause numbers) and the demo and bench
repositories stay clean.
"""

from __future__ import annotations

import json
import random
import sys
from collections.abc import Callable
from pathlib import Path

import phonenumbers

from privacy_values import email, init_repo, nhs_number, phone_number, postcode

REPO_ROOT = Path(__file__).resolve().parent.parent

# Cyrillic and Greek capitals that look like Latin ones
CYRILLIC = str.maketrans("ABCEHKMOPTXY", "АВСЕНКМОРТХУ")
GREEK = str.maketrans("ABEHKMNOPTXYZ", "ΑΒΕΗΚΜΝΟΡΤΧΥΖ")


def _problems(cli: Callable, root: Path, *args: str) -> tuple[int, list[dict], str]:
    result = cli("scan", "--repo", root, *args, "--format", "json")
    text = cli("scan", "--repo", root, *args)
    assert text.code == result.code
    return result.code, json.loads(result.out)["problems"], text.out + text.err + result.out


def _grouped(digits: str, sizes: tuple[int, ...], separator: str) -> str:
    parts, at = [], 0
    for size in sizes:
        parts.append(digits[at : at + size])
        at += size
    return separator.join(parts)


def _national(rng: random.Random) -> str:
    number = phonenumbers.parse(phone_number(rng), "GB")
    return "0" + phonenumbers.national_significant_number(number)


def _postcode_with_lookalikes(rng: random.Random) -> str:
    while True:
        code = postcode(rng)
        if sum(ch in "ABEHKMOPTXY" for ch in code) >= 2:
            return code


def test_identifiers_in_disguise_are_found_at_their_place_and_never_printed(
    make_repo: Callable, cli: Callable
) -> None:
    rng = random.Random(4101)
    nhs, phone = nhs_number(rng), _national(rng)
    code = _postcode_with_lookalikes(rng)
    address = email(rng)
    local, domain = address.split("@")
    year = rng.randint(2008, 2020)
    written = {
        # NHS numbers: 3-3-4 by other separators, in pairs, one per space
        "a": f"NHS {_grouped(nhs, (3, 3, 4), '/')} on file",
        "b": f"NHS {_grouped(nhs, (3, 3, 4), '_')} on file",
        "c": f"NHS {_grouped(nhs, (3, 3, 4), ',')} on file",
        "d": f"NHS {_grouped(nhs, (2,) * 5, ' ')} on file",
        "e": f"NHS {_grouped(nhs, (2,) * 5, '.')} on file",
        "f": f"NHS {' '.join(nhs)} on file",
        "g": f"NHS {_grouped(nhs, (3, 3, 4), ' / ')} on file",
        "g2": f"NHS {nhs[:3]}/{nhs[3:6]}-{nhs[6:]} on file",  # separators mixed
        "g3": f"NHS {nhs[:3]}_{nhs[3:6]} {nhs[6:]} on file",
        # telephone numbers written the same ways
        "h": f"call {_grouped(phone, (5, 3, 3), '/')} after school",
        "i": f"call {_grouped(phone, (5, 3, 3), '_')} after school",
        "j": f"call {_grouped(phone, (5, 3, 3), ',')} after school",
        "k": f"call {_grouped(phone, (2, 2, 2, 2, 2, 1), ' ')} after school",
        "l": f"call {' '.join(phone)} after school",
        # e-mail addresses with the @ and dots in words
        "m": f"write to {local} (at) {domain.replace('.', ' (dot) ')} for the report",
        "n": f"write to {local} [at] {domain} for the report",
        "o": f"write to {local}(AT){domain.replace('.', '[DOT]')} for the report",
        # postcodes with look-alike letters of other scripts
        "p": f"moved to {code.translate(CYRILLIC)} last week",
        "q": f"moved to {code.translate(GREEK)} last week",
        "r": f"moved to {code.lower().translate(str.maketrans('aeopxy', 'аеорху'))} last week",
        # dates of birth with the day in words
        "s": f"the child was born on the fourth of March {year}",
        "t": f"DOB twenty-first June {year}",
        "u": f"born March the thirtieth, {year}",
    }
    expected_code = {
        **dict.fromkeys(("a", "b", "c", "d", "e", "f", "g", "g2", "g3"), "personal-data-nhs"),
        **dict.fromkeys("hijkl", "personal-data-phone"),
        **dict.fromkeys("mno", "personal-data-email"),
        **dict.fromkeys("pqr", "personal-data-postcode"),
        **dict.fromkeys("stu", "personal-data-birth_date"),
    }
    lines = [f"{key}: {text}" for key, text in written.items()]
    root = make_repo({"cases/C-0042/notes.txt": "\n".join(lines) + "\n"})
    status, problems, output = _problems(cli, root)
    assert status == 1, output
    at = "cases/C-0042/notes.txt"
    found = {(p["file"], p["line"], p["code"]) for p in problems}
    assert found == {
        (at, number, expected_code[key]) for number, key in enumerate(written, start=1)
    }, output
    # each is reported where it starts, and the message names the kind, never the value
    starts = {p["line"]: p["column"] for p in problems}
    assert starts[1] == lines[0].index(nhs[:3]) + 1
    keys = list(written)
    assert starts[keys.index("m") + 1] == lines[keys.index("m")].index(f"{local} (at)") + 1
    assert starts[keys.index("s") + 1] == lines[keys.index("s")].index("fourth") + 1
    for secret in (nhs, phone, local, domain, code, code.translate(CYRILLIC)):
        assert secret not in output
    for text in written.values():
        assert text not in output
    assert "NHS number" in output and "e-mail address" in output and "postcode" in output


def test_disguised_forms_reach_the_commit_message_hook(tmp_path: Path, cli: Callable) -> None:
    rng = random.Random(4102)
    nhs = nhs_number(rng)
    message = tmp_path / "COMMIT_EDITMSG"
    message.write_text(f"Notes for NHS {_grouped(nhs, (2,) * 5, '/')}\n", encoding="utf-8")
    run = cli("scan", "--commit-msg", message)
    assert run.code == 1, run.text
    assert "commit message:1:" in run.text and nhs[:4] not in run.text


def test_ordinary_record_text_in_these_shapes_stays_clean(
    make_repo: Callable, cli: Callable
) -> None:
    lines = [
        "case_id: C-00421234",
        "events: 2026-03-05, 2026/03/06, 05/03/2026, 5.3.2026",
        "rule: bexley.review.28-day, bexley_iro_20_working_days",
        "weekly_cost: 1,250.50 and 12,345,678.90 in total, 1,234,567,890 budget",
        "clauses: reg 28(2)(b)(i), 1.24, 3.2.1.4, s 31(2)(a), para 4.12.3",
        "times: 09:30, 10:00 - 11:30",
        "note: the panel met on the fourth of March 2026 to agree the plan",
        "note: birth family contact on the first of May 2025",
        "note: write to the team (at) the civic centre (not by e-mail)",
        "note: room CR2 1AB and the 2nd floor",
        "scores: 1 2 3 4 5, pages 10-12, 20 30 40",
        "versions: 1.2.3, 2.0.0_rc1",
    ]
    root = make_repo({"cases/C-0042/notes.txt": "\n".join(lines) + "\n"})
    status, problems, output = _problems(cli, root)
    assert (status, problems) == (0, []), output


def test_the_demo_and_a_bench_repository_stay_clean(tmp_path: Path, cli: Callable) -> None:
    demo = cli("scan", "--repo", REPO_ROOT)
    assert demo.code == 0, demo.text
    sys.path.insert(0, str(REPO_ROOT / "bench"))
    try:
        from generate import generate
    finally:
        sys.path.remove(str(REPO_ROOT / "bench"))
    bench = tmp_path / "bench"
    assert generate(60, bench, seed=3) > 100
    init_repo(bench)
    run = cli("scan", "--repo", bench)
    assert run.code == 0, run.text
    history = cli("scan", "--repo", bench, "--history")
    assert history.code == 0, history.text


def test_a_listed_name_in_lookalike_letters_or_split_by_an_invisible_character_is_found(
    make_repo: Callable, cli: Callable, tmp_path: Path
) -> None:
    from casework.privacy.denylist import add_names
    from privacy_values import invented_name

    name = invented_name(random.Random(4102))
    first, last = name.split()
    denylist = tmp_path / "secret" / "names.txt"
    denylist.parent.mkdir()
    add_names(denylist, [name])
    # a Cyrillic capital for each Latin one it looks like; a zero-width space inside a name
    disguised = f"{first.upper().translate(CYRILLIC)} {last[:2]}\u200b{last[2:]}"
    assert not disguised.split()[0].isascii()  # the seed's first name has such letters
    root = make_repo(
        {"policies/procedures/visit.md": f"# Visit\n\nThe visit was with {disguised} today.\n"}
    )
    code, problems, shown = _problems(cli, root, "--denylist", str(denylist))
    assert code == 1, shown
    assert [(p["file"], p["line"], p["column"], p["code"]) for p in problems] == [
        ("policies/procedures/visit.md", 3, 20, "personal-data-name")
    ]
    assert first.lower() not in shown.lower() and last.lower() not in shown.lower()

"""``casework scan``: a planted corpus found in full, never printed; near misses ignored."""

from __future__ import annotations

import io
import json
import os
import random
from collections import Counter
from collections.abc import Callable
from pathlib import Path

import pytest

from casework.privacy.denylist import load_denylist, normalise_name
from casework.privacy.detectors import Kind, find_all, upn_is_valid
from conftest import CASE as CASE_TEXT
from privacy_values import (
    LINES,
    invented_name,
    nhs_number,
    nino,
    phone_number,
    postcode,
    upn_number,
)

REPO_ROOT = Path(__file__).resolve().parent.parent
PER_KIND = 60


def kinds(line: str) -> list[Kind]:
    return [hit.kind for hit in find_all(line)]


# --- detectors: near misses are not findings ----------------------------------------------


@pytest.mark.parametrize(
    "line",
    [
        "case_id: C-00421234",
        "birth_month: '2014-03'",
        "hearing_date: '2026-03-05'",
        "summary: the panel met on 5 March 2026 and agreed the plan",
        "weekly_cost: 1250.50",
        "submitted_time: '11:30'",
        "mother: M-0042-1",
        "clause: protocol 1.6",
        "legal_status: s20 1st review due",
        "reference 1234567890 is ten digits with a bad check digit",
        "the team's address is in the pack",
    ],
)
def test_ordinary_record_text_is_not_personal_data(line: str) -> None:
    assert kinds(line) == []


def test_nhs_numbers_need_a_valid_check_digit() -> None:
    value = nhs_number(random.Random(1))
    wrong = value[:9] + str((int(value[9]) + 1) % 10)
    assert kinds(f"nhs: {value}") == [Kind.NHS]
    assert kinds(f"nhs: {value[:3]} {value[3:6]} {value[6:]}") == [Kind.NHS]
    assert Kind.NHS not in kinds(f"nhs: {wrong}")
    # any separators a person types: several spaces, dots, hyphens, mixed
    for written in (
        f"{value[:3]}  {value[3:6]}   {value[6:]}",
        f"{value[:3]}.{value[3:6]}.{value[6:]}",
        f"{value[:3]} {value[3:6]}-{value[6:]}",
        f"{value[:3]} - {value[3:6]} - {value[6:]}",
    ):
        assert kinds(f"nhs: {written}") == [Kind.NHS], written


def test_pupil_numbers_need_a_valid_check_letter_but_any_authority_code() -> None:
    rng = random.Random(2)
    for _ in range(50):
        value = upn_number(rng)
        assert upn_is_valid(value)
        assert kinds(f"upn {value}") == [Kind.UPN]
        wrong = ("B" if value[0] == "A" else "A") + value[1:]
        assert kinds(f"upn {wrong}") == []
    unknown_authority = upn_number(random.Random(3))
    unknown_authority = unknown_authority[:1] + "000" + unknown_authority[4:]
    # recompute the check letter for the changed body
    from stdnum.gb import upn

    unknown_authority = upn.calc_check_digit(unknown_authority[1:]) + unknown_authority[1:]
    assert not upn.is_valid(unknown_authority)  # the library insists on known codes
    assert kinds(f"upn {unknown_authority}") == [Kind.UPN]


def test_unallocated_national_insurance_prefixes_are_ignored() -> None:
    assert kinds("ni: AB 12 34 56 C") == [Kind.NINO]
    assert kinds("ni: GB123456A") == []
    assert kinds("ni: QQ123456A") == []  # Q is never a first letter


def test_dates_are_birth_dates_only_next_to_birth_words() -> None:
    assert kinds("date_of_birth: 2014-03-05") == [Kind.BIRTH_DATE]
    assert kinds("birth_date: 2014-03-05") == [Kind.BIRTH_DATE]
    assert kinds("born 5th March 2014") == [Kind.BIRTH_DATE]
    assert kinds("dob 31/02/2014") == []  # not a real date
    assert kinds("birth_month: 2014-03") == []
    assert kinds("start: 2014-03-05") == []


def test_postcodes_in_any_case_but_not_room_codes_or_ordinals() -> None:
    assert kinds("moved to SW1A 1AA") == [Kind.POSTCODE]
    assert kinds("moved to sw1a 1aa") == [Kind.POSTCODE]
    assert kinds("moved to Sw1a   1Aa") == [Kind.POSTCODE]
    assert kinds("moved to sw1a1aa") == [Kind.POSTCODE]
    assert kinds("address: sw1a 1aa") == [Kind.POSTCODE]
    assert kinds("the panel meets in room CR2 1AB") == []
    assert kinds("Rm. B12 3SE, Civic Centre") == []
    assert kinds("office W1 2nd floor") == []
    assert kinds("legal_status: s20 1st review due") == []


# --- the planted corpus, through the CLI --------------------------------------------------


@pytest.fixture
def corpus(tmp_path: Path) -> tuple[Path, dict[tuple[str, int], Kind], list[str], Path]:
    """A repository with PER_KIND identifiers of every kind, one per line, in several files.

    Returns the root, the expected (file, line) -> kind, the identifiers' lines and the
    deny list's path (outside the repository).
    """
    rng = random.Random(20261123)
    root = tmp_path / "repo"
    (root / "policies").mkdir(parents=True)
    denylist = tmp_path / "secret" / "names.txt"
    denylist.parent.mkdir()
    names = [invented_name(rng) for _ in range(PER_KIND)]
    from casework.privacy.denylist import add_names

    assert add_names(denylist, names) == len(set(map(normalise_name, names)))
    lines: list[tuple[Kind, str]] = [
        (k, gen(rng)) for k, gen in LINES.items() for _ in range(PER_KIND)
    ]
    lines += [(Kind.NAME, f"summary: seen with {name.upper()} at contact") for name in names]
    rng.shuffle(lines)
    expected: dict[tuple[str, int], Kind] = {}
    files = ["cases/C-0042/2026-03-05-referral.yaml", "meetings/2026-03-05-meeting.yaml"]
    files += ["policies/procedures/notes.md"]
    texts: dict[str, list[str]] = {name: ["# invented", ""] for name in files}
    for index, (kind, line) in enumerate(lines):
        name = files[index % len(files)]
        texts[name].append(line)
        expected[(name, len(texts[name]))] = kind
    for name, text in texts.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text("\n".join(text) + "\n", encoding="utf-8")
    return root, expected, [line for _, line in lines], denylist


def test_planted_corpus_is_found_in_full_and_never_printed(
    corpus: tuple[Path, dict[tuple[str, int], Kind], list[str], Path], cli: Callable
) -> None:
    root, expected, lines, denylist = corpus
    result = cli("scan", "--repo", root, "--denylist", denylist, "--format", "json")
    assert result.code == 1
    found = {
        (p["file"], p["line"]): p["code"].removeprefix("personal-data-")
        for p in json.loads(result.out)["problems"]
    }
    assert found == {place: kind.code for place, kind in expected.items()}
    counts = Counter(found.values())
    assert all(counts[kind.code] >= 50 for kind in Kind), counts

    text = cli("scan", "--repo", root, "--denylist", denylist)
    assert text.code == 1
    assert f"{len(expected)} possible personal data items in 3 files" in text.out
    first = sorted(expected)[0]
    assert f"{first[0]}:{first[1]}:" in text.out
    _assert_no_identifier(text.out + text.err + result.out + result.err, lines)


def _assert_no_identifier(output: str, lines: list[str]) -> None:
    """No identifier (nor any 6-character run of one's digits or letters) is printed."""
    import re

    lowered = output.lower()
    for line in lines:
        for token in re.findall(r"[A-Za-z0-9@.+]{6,}", line.split(":", 1)[-1]):
            if any(ch.isdigit() for ch in token) or "@" in token:
                assert token.lower() not in lowered, "an identifier was printed"
        for part in re.findall(r"[0-9]{6,}", line.replace(" ", "")):
            assert part not in output.replace(" ", "")


def test_names_are_not_checked_without_a_deny_list(
    corpus: tuple[Path, dict[tuple[str, int], Kind], list[str], Path],
    cli: Callable,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    root, expected, _, denylist = corpus
    monkeypatch.delenv("CASEWORK_DENYLIST", raising=False)
    result = cli("scan", "--repo", root)
    assert "names not checked" in result.out
    name_lines = sum(1 for kind in expected.values() if kind is Kind.NAME)
    assert f"{len(expected) - name_lines} possible personal data items" in result.out
    monkeypatch.setenv("CASEWORK_DENYLIST", str(denylist))
    assert f"{len(expected)} possible" in cli("scan", "--repo", root).out


def test_files_given_are_scanned_alone(make_repo: Callable, cli: Callable) -> None:
    value = nhs_number(random.Random(7))
    root = make_repo({"cases/C-0042/notes.txt": f"ok\nnhs {value}\n"})
    clean = cli("scan", "--repo", root, root / "cases/C-0042/case.yaml")
    assert clean.code == 0 and "no personal data found in 1 file" in clean.out
    dirty = cli("scan", "--repo", root, root / "cases")
    assert dirty.code == 1
    assert dirty.out.startswith("cases/C-0042/notes.txt:2:5: error: an NHS number")
    assert value not in dirty.out
    missing = cli("scan", "--repo", root, root / "nowhere.yaml")
    assert missing.code == 2 and "does not exist" in missing.err


# --- the allow-list -----------------------------------------------------------------------


def test_a_reviewed_fingerprint_allows_that_value_in_that_file_only(
    make_repo: Callable, cli: Callable
) -> None:
    value = nhs_number(random.Random(8))
    root = make_repo(
        {"policies/procedures/a.md": f"call {value}\n", "policies/procedures/b.md": f"{value}\n"}
    )
    before = cli("scan", "--repo", root)
    assert before.code == 1 and "casework scan --init-allow-list" in before.out
    assert "pd-" not in before.out  # no salt yet: no fingerprint printed
    assert cli("scan", "--repo", root, "--init-allow-list").code == 0
    assert cli("scan", "--repo", root, "--init-allow-list").code == 2  # never over a salt
    flagged = cli("scan", "--repo", root)
    fingerprints = dict(
        (line.split(":")[0], line.split("fingerprint: ")[1].split("'")[0])
        for line in flagged.out.splitlines()
        if "fingerprint: " in line
    )
    assert set(fingerprints) == {"policies/procedures/a.md", "policies/procedures/b.md"}
    assert len(set(fingerprints.values())) == 2  # the path is part of the fingerprint
    allow = root / ".casework-allow.yaml"
    allow.write_text(
        allow.read_text().replace(
            "allow: []",
            "allow:\n"
            f"  - fingerprint: {fingerprints['policies/procedures/a.md']}\n"
            "    reason: an example number printed in the procedure, not a child's\n",
        )
    )
    after = cli("scan", "--repo", root)
    assert after.code == 1
    assert "policies/procedures/b.md" in after.out and "procedures/a.md" not in after.out


def test_a_broken_allow_list_is_a_usage_error_with_its_line(
    make_repo: Callable, cli: Callable
) -> None:
    root = make_repo()
    cli("scan", "--repo", root, "--init-allow-list")
    allow = root / ".casework-allow.yaml"
    allow.write_text(
        allow.read_text().replace("allow: []", "allow:\n  - fingerprint: pd-0123456789abcdef\n")
    )
    result = cli("scan", "--repo", root)
    assert result.code == 2
    assert ".casework-allow.yaml:10:" in result.err and "'reason'" in result.err


def test_this_repository_has_a_valid_allow_list_and_no_personal_data(cli: Callable) -> None:
    """The demo data, the procedure pages and the policy packs raise no finding."""
    result = cli("scan", "--repo", REPO_ROOT)
    assert result.code == 0, result.out
    presets = cli("scan", "--repo", REPO_ROOT, REPO_ROOT / "tools/casework/presets")
    assert presets.code == 0, presets.out


# --- the deny list ------------------------------------------------------------------------


def test_hash_name_stores_no_name_and_refuses_a_list_inside_the_repo(
    make_repo: Callable, cli: Callable, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = make_repo()
    listing = tmp_path / "outside" / "deny.txt"
    listing.parent.mkdir()
    monkeypatch.setattr("sys.stdin", io.StringIO("Zorvan Quillet\nÉlodie O'Brann-Tyke\n\n"))
    result = cli("scan", "--repo", root, "--hash-name", "--denylist", listing)
    assert result.code == 0 and "added 2 names" in result.out
    stored = listing.read_text()
    assert "zorvan" not in stored.lower() and "brann" not in stored.lower()
    assert len(load_denylist(listing).hashes) == 2
    monkeypatch.setattr("sys.stdin", io.StringIO("ZORVAN  quillet\n"))
    assert "added 0 names" in cli("scan", "--repo", root, "--hash-name", "--denylist", listing).out

    (root / "cases/C-0042/notes.txt").write_text("met elodie obrann tyke and zorvan quillet\n")
    found = cli("scan", "--repo", root, "--denylist", listing, "--format", "json")
    assert [p["column"] for p in json.loads(found.out)["problems"]] == [5, 28]
    assert "elodie" not in found.out.lower()

    inside = root / "deny.txt"
    refused = cli("scan", "--repo", root, "--denylist", inside)
    assert refused.code == 2 and "inside the repository" in refused.err


# --- blind spots: what a reader sees, through the CLI -------------------------------------

FULL_WIDTH = str.maketrans("0123456789", "０１２３４５６７８９")


def _json_problems(cli: Callable, root: Path, *paths: Path) -> tuple[int, list[dict], str]:
    result = cli("scan", "--repo", root, *paths, "--format", "json")
    text = cli("scan", "--repo", root, *paths)
    assert text.code == result.code
    return result.code, json.loads(result.out)["problems"], text.out + text.err + result.out


def _found(problems: list[dict]) -> set[tuple[str, int, int, str]]:
    return {(p["file"], p["line"], p["column"], p["code"]) for p in problems}


def test_other_separators_cases_and_full_width_digits_are_found(
    make_repo: Callable, cli: Callable
) -> None:
    rng = random.Random(801)
    nhs, ni = nhs_number(rng), nino(rng)
    code, phone = postcode(rng), phone_number(rng)
    lines = [
        f"a: NHS {nhs[:3]}.{nhs[3:6]}.{nhs[6:]}",
        f"b: NHS {nhs[:3]}   {nhs[3:6]}  {nhs[6:]}",
        f"c: NHS {nhs[:3]} - {nhs[3:6]} - {nhs[6:]}",
        f"d: NI {ni[:2]}-{ni[2:4]}-{ni[4:6]}-{ni[6:8]}-{ni[8]}",
        f"e: NI {ni[:2]}.{ni[2:4]}.{ni[4:6]}.{ni[6:8]}",
        f"f: NI {ni.lower()}",
        f"g: moved to {code.lower()} last week",
        f"h: moved to {code.swapcase().replace(' ', '   ')} last week",
        f"i: NHS {nhs.translate(FULL_WIDTH)}",
        f"j: ＮＨＳ {nhs[:3].translate(FULL_WIDTH)}\u00a0{nhs[3:6]}\u00a0{nhs[6:]}",
        f"k: call {phone.replace(' ', ' - ')} after school",
        f"l: call {phone.replace(' ', '.')} after school",
    ]
    root = make_repo({"cases/C-0042/notes.txt": "\n".join(lines) + "\n"})
    status, problems, output = _json_problems(cli, root)
    assert status == 1
    at = "cases/C-0042/notes.txt"
    nhs_code, nino_code, pc = "personal-data-nhs", "personal-data-nino", "personal-data-postcode"
    assert _found(problems) == {
        (at, 1, 8, nhs_code),
        (at, 2, 8, nhs_code),
        (at, 3, 8, nhs_code),
        (at, 4, 7, nino_code),
        (at, 5, 7, nino_code),
        (at, 6, 7, nino_code),
        (at, 7, 13, pc),
        (at, 8, 13, pc),
        (at, 9, 8, nhs_code),  # full-width digits: the column of the original text
        (at, 10, 8, nhs_code),
        (at, 11, 9, "personal-data-phone"),
        (at, 12, 9, "personal-data-phone"),
    }
    _assert_no_identifier(output, [*lines, f"x: {nhs}", f"x: {ni}"])
    assert nhs.translate(FULL_WIDTH) not in output and code.lower() not in output


def test_yaml_escapes_and_values_folded_over_lines_are_found(
    make_repo: Callable, cli: Callable
) -> None:
    rng = random.Random(802)
    nhs, code = nhs_number(rng), postcode(rng)
    escaped_x = "".join(f"\\x{ord(ch):02x}" for ch in nhs)
    escaped_u = "".join(f"\\u{ord(ch):04x}" for ch in code)
    referral = REFERRAL_WITH.format(
        escaped=f'"NHS {escaped_x} on file"',
        folded=f">\n  the number {nhs[:3]} {nhs[3:6]}\n  {nhs[6:]} is on the form",
        unicode=f'"moved to {escaped_u}"',
    )
    root = make_repo({"cases/C-0042/2026-03-05-referral.yaml": referral})
    status, problems, output = _json_problems(cli, root)
    assert status == 1
    at = "cases/C-0042/2026-03-05-referral.yaml"
    assert _found(problems) == {
        (at, 5, 11, "personal-data-nhs"),  # the value's start: escapes change the columns
        (at, 8, 14, "personal-data-nhs"),  # where the folded number starts
        (at, 11, 9, "personal-data-postcode"),
    }
    by_line = {p["line"]: p["message"] for p in problems}
    assert by_line[5].startswith("a value here, as YAML reads it")
    _assert_no_identifier(output, [f"x: {nhs}", f"x: {code.replace(' ', '')}"])
    assert escaped_x not in output and escaped_u not in output


REFERRAL_WITH = """\
case_id: C-0042
panel_date: "2026-03-05"
submitted: "2026-02-26"
criterion: bx_newly_looked_after
summary: {escaped}
documents: [referral_form, care_plan]
notes: {folded}
sought: [endorse_plan]
where: {unicode}
"""


def test_dates_of_birth_with_a_time_or_in_a_field_about_birth(
    make_repo: Callable, cli: Callable
) -> None:
    notes = (
        "dob: 2015-03-04T10:00\n"  # 1: a time after the date
        "birth:\n"
        "  date: '2015-03-04'\n"  # 3: the field's name is on the line above
        "child:\n"
        "  born_on: 4 March 2015\n"  # 5
        "  childDob: 04/03/2015\n"  # 6
        "registered: >-\n"
        "  2015-03-04\n"  # not about birth: no finding
        "date_of_birth: >-\n"  # 9: the value is on the next line
        "  2015-03-04\n"
    )
    case = CASE_TEXT.replace('birth_month: "2019-04"', 'birth_month: "2019-04-17"')
    root = make_repo({"cases/C-0042/extra.yaml": notes, "cases/C-0042/case.yaml": case})
    status, problems, output = _json_problems(cli, root)
    assert status == 1
    birth = "personal-data-birth_date"
    assert {(p["file"], p["line"], p["code"]) for p in problems} == {
        ("cases/C-0042/extra.yaml", 1, birth),
        ("cases/C-0042/extra.yaml", 3, birth),
        ("cases/C-0042/extra.yaml", 5, birth),
        ("cases/C-0042/extra.yaml", 6, birth),
        ("cases/C-0042/extra.yaml", 9, birth),
        ("cases/C-0042/case.yaml", 2, birth),
    }
    assert "2015" not in output and "2019-04-17" not in output


def test_file_and_field_names_are_checked_and_never_shown(
    make_repo: Callable, cli: Callable
) -> None:
    rng = random.Random(803)
    nhs, other = nhs_number(rng), nhs_number(rng)
    code = postcode(rng)
    name = f"cases/C-0042/nhs-{nhs}.md"
    root = make_repo(
        {
            name: f"# notes\n\nmoved to {code}\n",
            "cases/C-0042/fields.yaml": f"ok: 1\n'{other}': a field named by a number\n",
        }
    )
    status, problems, output = _json_problems(cli, root)
    assert status == 1
    assert _found(problems) == {
        ("cases/C-0042", 1, 1, "personal-data-nhs"),
        ("cases/C-0042/(file name withheld)", 3, 10, "personal-data-postcode"),
        ("cases/C-0042/fields.yaml", 2, 2, "personal-data-nhs"),
    }
    messages = {p["file"]: p["message"] for p in problems}
    assert messages["cases/C-0042"].startswith("the name of a file or folder in this folder")
    assert messages["cases/C-0042/fields.yaml"].startswith("a field name here holds")
    assert nhs not in output and other not in output and name not in output
    # given by name, as the pre-commit hook does, it is withheld just the same
    hook = cli("scan", "--repo", root, root / name)
    assert hook.code == 1 and nhs not in hook.out and "(file name withheld)" in hook.out


def test_files_that_are_not_utf8_text_are_findings_never_skipped(
    make_repo: Callable, cli: Callable
) -> None:
    nhs = nhs_number(random.Random(804))
    root = make_repo(
        {
            "cases/C-0042/scan.pdf": b"%PDF-1.4\n\x00\x01binary",
            "cases/C-0042/utf16.txt": ("\ufeff" + f"summary: NHS {nhs}\n").encode("utf-16-le"),
            "cases/C-0042/latin1.txt": f"caf\xe9 notes, NHS {nhs}\n".encode("latin-1"),
            "meetings/notes-utf16-no-bom.txt": f"NHS {nhs}\n".encode("utf-16-le"),
        }
    )
    status, problems, output = _json_problems(cli, root)
    assert status == 1
    assert _found(problems) == {
        ("cases/C-0042/scan.pdf", 2, 1, "not-utf8-text"),
        ("cases/C-0042/utf16.txt", 1, 1, "not-utf8-text"),
        ("cases/C-0042/utf16.txt", 1, 14, "personal-data-nhs"),  # decoded and checked too
        ("cases/C-0042/latin1.txt", 1, 4, "not-utf8-text"),
        ("cases/C-0042/latin1.txt", 1, 17, "personal-data-nhs"),
        ("meetings/notes-utf16-no-bom.txt", 1, 2, "not-utf8-text"),
    }
    messages = " ".join(p["message"] for p in problems if p["code"] == "not-utf8-text")
    assert "this file is not UTF-8 text" in messages and "save it as UTF-8" in messages
    assert "cannot check it for personal data" in messages
    assert "3 files could not be fully checked" not in output  # 4 files, counted right
    assert "4 files could not be fully checked" in output
    assert nhs not in output


@pytest.mark.parametrize(
    "line",
    [
        "Children born on or after 1 September 2014 are in the new cohort.",
        "Children born between 1 September 2014 and 31 August 2015 start school in 2019.",
        "It applies to a child born before 1 April 2020.",
        "Send form 1234567890 to the panel administrator.",  # fails the NHS check
        "Send form 0800123456 with the referral.",  # not a telephone number either
        "Quote ref: 01614960000 when you write.",
        "The panel meets in room CR2 1AB at the Civic Centre.",
        "Rm. B12 3SE is on the W1 2nd floor.",
        "The birth family's contact was reviewed on 5 March 2026.",
        "The panel met on 12.03.14 and again on 19.03.14.",
    ],
)
def test_procedure_prose_is_not_personal_data(
    line: str, make_repo: Callable, cli: Callable
) -> None:
    root = make_repo({"policies/procedures/cohort.md": f"# Cohorts\n\n{line}\n"})
    result = cli("scan", "--repo", root, root / "policies/procedures/cohort.md")
    assert result.code == 0, result.out


def test_a_form_reference_that_passes_the_nhs_check_is_reported(
    make_repo: Callable, cli: Callable
) -> None:
    """Decided: a valid NHS check digit outweighs the label (see docs/security-and-privacy.md)."""
    value = nhs_number(random.Random(805))
    root = make_repo({"policies/procedures/forms.md": f"# Forms\n\nUse form {value}.\n"})
    result = cli("scan", "--repo", root)
    assert result.code == 1 and "policies/procedures/forms.md:3:10: error: an NHS number" in (
        result.out
    )


def test_the_names_note_is_printed_on_every_hook_run(
    make_repo: Callable, cli: Callable, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from casework.privacy.denylist import add_names

    monkeypatch.delenv("CASEWORK_DENYLIST", raising=False)
    root = make_repo({"cases/C-0042/dirty.txt": f"NHS {nhs_number(random.Random(806))}\n"})
    note = "note: names not checked: no deny list is set up; set CASEWORK_DENYLIST"
    clean = cli("scan", "--repo", root, root / "cases/C-0042/case.yaml")
    dirty = cli("scan", "--repo", root, root / "cases/C-0042/dirty.txt")
    assert clean.code == 0 and dirty.code == 1
    for run in (clean, dirty):
        assert [line for line in run.out.splitlines() if line.startswith("note:")] == [
            line for line in run.out.splitlines() if line.startswith(note)
        ]
        assert note in run.out and "casework scan --hash-name" in run.out
    denylist = tmp_path / "secret" / "names.txt"
    denylist.parent.mkdir()
    add_names(denylist, ["Zorvan Quillet"])
    monkeypatch.setenv("CASEWORK_DENYLIST", str(denylist))
    assert "names not checked" not in cli("scan", "--repo", root, root / "cases").out


def test_a_file_name_with_a_newline_cannot_start_a_line_of_its_own(
    make_repo: Callable, cli: Callable
) -> None:
    value = nhs_number(random.Random(807))
    root = make_repo({"cases/C-0042/notes\n::error file=x::fake.txt": f"NHS {value}\n"})
    result = cli("scan", "--repo", root)
    assert result.code == 1
    # shown escaped, as every command shows a file name (casework.errors.printable)
    assert "cases/C-0042/notes\\n::error file=x::fake.txt:1:5: error: an NHS number" in result.out
    assert not any(line.startswith("::error") for line in result.out.splitlines())


def test_names_across_lines_and_in_file_names_and_unreadable_yaml(
    make_repo: Callable, cli: Callable, tmp_path: Path
) -> None:
    from casework.privacy.denylist import add_names

    rng = random.Random(808)
    name = invented_name(rng)
    first, last = name.split()
    denylist = tmp_path / "secret" / "names.txt"
    denylist.parent.mkdir()
    add_names(denylist, [name])
    root = make_repo(
        {
            "policies/procedures/visit.md": (
                f"# Visit\n\nThe visit was with {first}\n{last} and a worker.\n"
            ),
            f"meetings/{first.lower()}-{last.lower()}.md": "# notes\n",
            "cases/C-0042/broken.yaml": 'summary: "\\x41 ok\nnot: [closed\n',
        }
    )
    result = cli("scan", "--repo", root, "--denylist", denylist, "--format", "json")
    assert result.code == 1
    assert _found(json.loads(result.out)["problems"]) == {
        ("policies/procedures/visit.md", 3, 20, "personal-data-name"),
        ("meetings", 1, 1, "personal-data-name"),
        ("cases/C-0042/broken.yaml", 1, 1, "personal-data-unchecked"),
    }
    assert first.lower() not in result.out.lower() and last.lower() not in result.out.lower()


def test_line_numbers_count_lf_crlf_and_cr_only(make_repo: Callable, cli: Callable) -> None:
    value = nhs_number(random.Random(809))
    root = make_repo(
        {
            "policies/procedures/a.md": f"one\u2028still one\x85and\x0cone\nNHS {value}\n",
            "policies/procedures/b.md": f"one\r\ntwo\rthree\rNHS {value}\r",
        }
    )
    result = cli("scan", "--repo", root, "--format", "json")
    assert {(p["file"], p["line"]) for p in json.loads(result.out)["problems"]} == {
        ("policies/procedures/a.md", 2),
        ("policies/procedures/b.md", 4),
    }


def test_a_very_long_line_is_scanned_in_linear_time(make_repo: Callable, cli: Callable) -> None:
    """20,000 identifiers on one line: overlaps are not compared pairwise (that took minutes)."""
    import time

    value = nhs_number(random.Random(810))
    line = f"born 5 March 2014, NHS {value}; " * 20_000
    root = make_repo({"policies/procedures/long.md": f"# Long\n\n{line}\n"})
    started = time.perf_counter()
    result = cli("scan", "--repo", root, root / "policies/procedures/long.md", "--format", "json")
    took = time.perf_counter() - started
    problems = json.loads(result.out)["problems"]
    assert result.code == 1 and len(problems) == 40_000
    assert took < 30, f"{took:.1f} s"


def test_validate_never_shows_a_field_name_that_holds_an_identifier(
    make_repo: Callable, cli: Callable
) -> None:
    value = nhs_number(random.Random(811))
    root = make_repo({"cases/C-0042/case.yaml": CASE_TEXT + f"nhs_{value}: x\n"})
    result = cli("validate", "--repo", root)
    assert result.code == 1
    assert value not in result.text
    assert "the field '(unnamed field)' is not part of a case record" in result.text
    (root / "cases/C-0042/case.yaml").write_text(CASE_TEXT + "nickname: y\n")
    other = cli("validate", "--repo", root)  # any other field name is still shown
    assert "the field 'nickname' is not part of a case record" in other.text


def test_links_and_pipes_are_reported_never_followed_or_read(
    make_repo: Callable, cli: Callable, tmp_path: Path
) -> None:
    """A link to a file outside the repository is not read (a sentinel outside proves it)
    and a named pipe does not hang the scan: each is a finding at its path."""
    root = make_repo()
    sentinel = tmp_path / "outside.yaml"
    sentinel.write_text("zq_outside_sentinel: SW1A 1AA\n", encoding="utf-8")
    (root / "cases/C-0042/2026-04-02-referral.yaml").symlink_to(sentinel)
    (root / "cases/C-0043").symlink_to(tmp_path, target_is_directory=True)
    os.mkfifo(root / "meetings/2026-04-02-meeting.yaml")
    run = cli("scan", "--repo", root)
    assert run.code == 1
    assert "cases/C-0042/2026-04-02-referral.yaml:1:1: error: this is a symbolic link" in run.out
    assert "cases/C-0043:1:1: error: this is a symbolic link" in run.out
    assert "meetings/2026-04-02-meeting.yaml:1:1: error: this is a named pipe" in run.out
    assert "zq_outside_sentinel" not in run.text and "postcode" not in run.text


ARABIC_INDIC = str.maketrans("0123456789", "".join(chr(0x660 + d) for d in range(10)))
DEVANAGARI = str.maketrans("0123456789", "".join(chr(0x966 + d) for d in range(10)))


def test_invisible_characters_and_other_scripts_digits_are_found(
    make_repo: Callable, cli: Callable
) -> None:
    """What a reader sees is what is checked: a zero-width space or soft hyphen
    between the digits hides nothing, and digits of another script (Arabic-Indic,
    Devanagari) are the same numbers. Columns stay those of the original text."""
    rng = random.Random(811)
    nhs, code, phone = nhs_number(rng), postcode(rng), phone_number(rng)
    zwsp, soft = "\u200b", "\u00ad"
    lines = [
        f"a: NHS {nhs[:3]}{zwsp}{nhs[3:6]}{zwsp}{nhs[6:]}",
        f"b: NHS {zwsp.join(nhs)}",
        f"c: NHS {nhs[:3]}{soft}{nhs[3:6]}{soft}{nhs[6:]}",
        f"d: NHS {nhs.translate(ARABIC_INDIC)}",
        f"e: NHS {nhs[:3]} {nhs[3:6]} {nhs[6:]}".translate(DEVANAGARI),
        f"f: call {phone.translate(ARABIC_INDIC)} after school",
        f"g: moved to {code.replace(' ', zwsp)} last week",
        f"h: {zwsp}NHS {nhs[:3]}\u2060{nhs[3:6]}\ufeff{nhs[6:]}",
    ]
    root = make_repo({"cases/C-0042/notes.txt": "\n".join(lines) + "\n"})
    status, problems, output = _json_problems(cli, root)
    assert status == 1
    at = "cases/C-0042/notes.txt"
    nhs_code = "personal-data-nhs"
    assert _found(problems) == {
        (at, 1, 8, nhs_code),
        (at, 2, 8, nhs_code),
        (at, 3, 8, nhs_code),
        (at, 4, 8, nhs_code),
        (at, 5, 8, nhs_code),
        (at, 6, 9, "personal-data-phone"),
        (at, 7, 13, "personal-data-postcode"),
        (at, 8, 9, nhs_code),
    }
    for line in lines:
        assert line[3:] not in output
    assert nhs not in output and nhs.translate(ARABIC_INDIC) not in output


def test_a_commit_message_with_hidden_or_other_script_digits_is_refused(
    tmp_path: Path, cli: Callable
) -> None:
    rng = random.Random(812)
    nhs = nhs_number(rng)
    message = tmp_path / "COMMIT_EDITMSG"
    hidden = "\u200b".join(nhs)
    message.write_text(f"Notes for NHS {hidden}\n", encoding="utf-8")
    run = cli("scan", "--commit-msg", message)
    assert run.code == 1, run.text
    assert "commit message:1:" in run.text
    message.write_text(f"Notes for NHS {nhs.translate(ARABIC_INDIC)}\n", encoding="utf-8")
    run = cli("scan", "--commit-msg", message)
    assert run.code == 1, run.text

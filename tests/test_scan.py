"""``casework scan``: a planted corpus found in full, never printed; near misses ignored."""

from __future__ import annotations

import io
import json
import random
from collections import Counter
from collections.abc import Callable
from pathlib import Path

import pytest

from casework.privacy.denylist import load_denylist, normalise_name
from casework.privacy.detectors import Kind, find_all, upn_is_valid
from privacy_values import LINES, invented_name, nhs_number, upn_number

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

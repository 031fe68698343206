"""``casework pseudonym``: keyed, stable, refusing keys that are short or inside a repository."""

from __future__ import annotations

import hashlib
import hmac
import io
import re
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from casework.privacy.pseudonym import collisions, pseudonym, read_lookup

KEY = "k" * 16 + "0123456789abcdef0123"
OTHER = "z" * 40


@pytest.fixture(autouse=True)
def _no_key(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("CASEWORK_PSEUDONYM_KEY", raising=False)


def test_the_case_id_is_an_hmac_of_the_normalised_id() -> None:
    digest = hmac.new(KEY.encode(), b"casework case id v1\x00LL123456", hashlib.sha256).digest()
    expected = f"C-{int.from_bytes(digest, 'big') % 10**8:08d}"
    assert pseudonym("LL123456", KEY.encode()) == expected
    assert pseudonym("  ll123456 ", KEY.encode()) == expected  # same id, written differently
    assert pseudonym("LL123456", OTHER.encode()) != expected  # another key, another id
    assert re.fullmatch(r"C-[0-9]{8}", expected)


def test_collisions_are_found_by_position() -> None:
    key = KEY.encode()
    ids = [f"P{n}" for n in range(20000)]
    clashes = collisions(ids, key)
    assert clashes  # 8 digits: about two clashes are expected among 20,000 children
    for positions in clashes.values():
        assert len({pseudonym(ids[p - 1], key) for p in positions}) == 1
    assert collisions(["A", "a", " A "], key) == {}  # the same id is no collision


def test_cli_refuses_a_batch_with_a_collision(
    cli: Callable, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("CASEWORK_PSEUDONYM_KEY", KEY)
    monkeypatch.chdir(tmp_path)
    ids = [f"P{n}" for n in range(20000)]
    first, second = next(iter(collisions(ids, KEY.encode()).values()))
    result = cli("pseudonym", "X", ids[first - 1], ids[second - 1])
    assert result.code == 1 and result.out == ""
    assert "ids number 2 and 3 are different but share a case id" in result.err
    assert ids[first - 1] not in result.err


def test_cli_prints_one_case_id_per_id_in_order(
    cli: Callable, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("CASEWORK_PSEUDONYM_KEY", KEY)
    monkeypatch.chdir(tmp_path)
    result = cli("pseudonym", "LL1", "LL2", "ll1")
    assert result.code == 0
    lines = result.out.split()
    assert lines == [pseudonym("LL1", KEY.encode()), pseudonym("LL2", KEY.encode()), lines[0]]
    assert "LL1" not in result.out
    monkeypatch.setattr("sys.stdin", io.StringIO("LL2\n\nLL1\n"))
    assert cli("pseudonym").out.split() == [lines[1], lines[0]]


def test_no_key_or_a_short_key_is_a_usage_error(
    cli: Callable, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.chdir(tmp_path)
    missing = cli("pseudonym", "LL1")
    assert missing.code == 2
    assert "CASEWORK_PSEUDONYM_KEY" in missing.err and "--key-file" in missing.err
    assert "secrets.token_hex(32)" in missing.err
    monkeypatch.setenv("CASEWORK_PSEUDONYM_KEY", "short-key")
    short = cli("pseudonym", "LL1")
    assert short.code == 2 and "too short" in short.err and "short-key" not in short.err


def test_a_key_file_outside_the_repository_is_used_and_one_inside_refused(
    cli: Callable, make_repo: Callable, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = make_repo()
    monkeypatch.chdir(root)
    outside = tmp_path / "home" / "casework.key"
    outside.parent.mkdir()
    outside.write_text(KEY + "\n")
    good = cli("pseudonym", "--key-file", outside, "LL1")
    assert good.code == 0 and good.out.strip() == pseudonym("LL1", KEY.encode())

    inside = root / "keys" / "casework.key"
    inside.parent.mkdir()
    inside.write_text(KEY)
    refused = cli("pseudonym", "--key-file", inside, "LL1")
    assert refused.code == 2 and "inside the repository" in refused.err
    # a link from outside into the repository is followed and refused too
    link = tmp_path / "home" / "link.key"
    link.symlink_to(inside)
    assert cli("pseudonym", "--key-file", link, "LL1").code == 2
    # any git work tree counts, even when run from elsewhere
    other = tmp_path / "other"
    (other / ".git").mkdir(parents=True)
    (other / "casework.key").write_text(KEY)
    monkeypatch.chdir(tmp_path)
    assert cli("pseudonym", "--key-file", other / "casework.key", "LL1").code == 2
    assert cli("pseudonym", "--key-file", tmp_path / "nope.key", "LL1").code == 2


def test_the_lookup_is_kept_outside_and_refuses_a_clash(
    cli: Callable, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("CASEWORK_PSEUDONYM_KEY", KEY)
    monkeypatch.chdir(tmp_path)
    lookup = tmp_path / "lookup.tsv"
    assert cli("pseudonym", "--lookup", lookup, "LL1", "LL2").code == 0
    assert cli("pseudonym", "--lookup", lookup, "LL1").code == 0  # already there: no change
    table = read_lookup(lookup)
    assert table == {pseudonym("LL1", KEY.encode()): "LL1", pseudonym("LL2", KEY.encode()): "LL2"}
    assert oct(lookup.stat().st_mode & 0o777) == "0o600"
    # a clash: the lookup gives LL1's case id to somebody else
    lookup.write_text(lookup.read_text().replace("\tLL1", "\tSOMEONE-ELSE"))
    clash = cli("pseudonym", "--lookup", lookup, "LL1")
    assert clash.code == 1 and "collision" in clash.err and "Nothing was written" in clash.err
    assert "SOMEONE-ELSE" not in clash.err


def test_the_installed_command_reads_stdin(tmp_path: Path) -> None:
    done = subprocess.run(
        [str(Path(sys.executable).parent / "casework"), "pseudonym"],
        input="LL9\n",
        capture_output=True,
        text=True,
        cwd=tmp_path,
        env={"CASEWORK_PSEUDONYM_KEY": KEY, "PATH": "/usr/bin:/bin"},
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == pseudonym("LL9", KEY.encode())

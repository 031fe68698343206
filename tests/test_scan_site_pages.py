"""The hand-written site pages are published, so the guard reads them too.

A page under ``site/`` goes onto the intranet (the practitioners' site is
open to every practitioner): a telephone number or NHS number written there
must be refused by ``casework scan``, by the hook (which passes the staged
file) and by ``casework scan --history``, like one in a record. An image in
``site/`` is a picture, not text: only its name is checked.
"""

from __future__ import annotations

import json
import random
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from conftest import Run
from privacy_values import git, init_repo, nhs_number, phone_number

PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00"


def _site_repo(make_repo: Callable[..., Path], text: str) -> Path:
    return make_repo(
        {
            "site/contact.md": f"# Contact\n\nThe duty desk.\n\n{text}\n",
            "site/assets/logo.png": PNG,
        }
    )


def test_a_site_page_with_personal_data_is_refused(
    make_repo: Callable[..., Path], cli: Callable[..., Run]
) -> None:
    rng = random.Random(901)
    nhs, phone = nhs_number(rng), phone_number(rng)
    root = _site_repo(make_repo, f"Call {phone} about NHS {nhs}.")
    run = cli("scan", "--repo", root, "--format", "json")
    assert run.code == 1, run.text
    found = {(p["file"], p["line"], p["code"]) for p in json.loads(run.out)["problems"]}
    assert found == {
        ("site/contact.md", 5, "personal-data-phone"),
        ("site/contact.md", 5, "personal-data-nhs"),
    }
    assert nhs not in run.text and phone not in run.text
    # as the hook calls it, with the staged file's name
    hook = cli("scan", "--repo", root, root / "site/contact.md")
    assert hook.code == 1 and "site/contact.md:5:" in hook.out


def test_an_image_in_site_is_not_a_finding_but_its_name_is_checked(
    make_repo: Callable[..., Path], cli: Callable[..., Run]
) -> None:
    root = _site_repo(make_repo, "Nothing personal here.")
    run = cli("scan", "--repo", root)
    assert run.code == 0, run.text
    assert cli("scan", "--repo", root, root / "site/assets/logo.png").code == 0
    nhs = nhs_number(random.Random(902))
    (root / f"site/assets/{nhs}.png").write_bytes(PNG)
    named = cli("scan", "--repo", root)
    assert named.code == 1, named.text
    assert "site/assets:1:1: error: " in named.out and nhs not in named.text


@pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")
def test_history_reads_site_pages_and_passes_over_images(
    make_repo: Callable[..., Path], cli: Callable[..., Run]
) -> None:
    root = _site_repo(make_repo, "Nothing personal here.")
    init_repo(root)
    phone = phone_number(random.Random(903))
    page = root / "site/contact.md"
    page.write_text(page.read_text("utf-8") + f"\nOr ring {phone}.\n", "utf-8")
    git(root, "commit", "-q", "-am", "Contact page")
    run = cli("scan", "--repo", root, "--history")
    assert run.code == 1, run.text
    lines = [line for line in run.out.splitlines() if "site/" in line]
    assert len(lines) == 1 and "site/contact.md:7" in lines[0], run.out
    assert phone not in run.text

"""A committed referral corrected by an amendment: append-only, and read as corrected.

A referral recorded wrongly (here: the day the papers went in) cannot be edited
once committed (``casework audit``); an amendment naming it says what the field
should read, and ``casework check`` judges the referral as corrected.
"""

from __future__ import annotations

import json
import shutil
from collections.abc import Callable
from pathlib import Path

from lxml import html as lxml_html

from conftest import REFERRAL, Run

LATE = REFERRAL.replace('submitted: "2026-02-26"', 'submitted: "2026-03-04"')
AMENDMENT = """\
case_id: C-0042
date: "2026-03-06"
amends: 2026-03-05-referral
reason: The papers went in on time; the date was typed wrongly.
made_by_role: head_of_service
changes:
  submitted: "2026-02-26"
"""


def _papers(cli: Callable[..., Run], root: Path) -> dict[str, object]:
    run = cli("check", "--repo", root, "--as-of", "2026-04-01", "--all", "--format", "json")
    found = [f for f in json.loads(run.out) if f["rule"] == "BX1" and f["case"] == "C-0042"]
    assert len(found) == 1, found
    return found[0]


def test_an_amendment_corrects_a_referral_for_the_timescales(
    make_repo: Callable[..., Path], cli: Callable[..., Run]
) -> None:
    before = make_repo({"cases/C-0042/2026-03-05-referral.yaml": LATE}, name="before")
    assert cli("validate", "--repo", before).code == 0
    assert _papers(cli, before)["status"] == "late"
    after = make_repo(
        {
            "cases/C-0042/2026-03-05-referral.yaml": LATE,
            "cases/C-0042/2026-03-06-amendment.yaml": AMENDMENT,
        },
        name="after",
    )
    run = cli("validate", "--repo", after)
    assert run.code == 0, run.out
    corrected = _papers(cli, after)
    assert corrected["status"] == "met"
    assert corrected["done"] == "2026-02-26"


def test_the_panel_date_of_a_referral_cannot_be_amended(
    make_repo: Callable[..., Path], cli: Callable[..., Run]
) -> None:
    moved = AMENDMENT.replace('  submitted: "2026-02-26"', '  panel_date: "2026-03-19"')
    root = make_repo({"cases/C-0042/2026-03-06-amendment.yaml": moved})
    run = cli("validate", "--repo", root)
    assert run.code == 1
    assert "'changes.panel_date' is not part of" in run.out


def test_an_amendment_before_the_referral_went_in_is_refused(
    make_repo: Callable[..., Path], cli: Callable[..., Run]
) -> None:
    early = AMENDMENT.replace('date: "2026-03-06"', 'date: "2026-02-20"')
    root = make_repo({"cases/C-0042/2026-02-20-amendment.yaml": early})
    run = cli("validate", "--repo", root)
    assert run.code == 1
    assert "'date' is before the referral it amends was submitted" in run.out


def test_new_amendment_of_a_referral_lists_the_referral_fields(
    make_repo: Callable[..., Path], cli: Callable[..., Run]
) -> None:
    root = make_repo()
    run = cli(
        "new",
        "amendment",
        "--case",
        "C-0042",
        "--amends",
        "2026-03-05-referral",
        "--date",
        "2026-03-06",
        "--repo",
        root,
    )
    assert run.code == 0, run.text
    text = (root / "cases/C-0042/2026-03-06-amendment.yaml").read_text(encoding="utf-8")
    assert text.startswith("# A correction to a committed referral")
    assert 'amends: "2026-03-05-referral"' in text
    assert '  submitted: ""  # FILL IN' in text


def test_the_case_page_and_the_agenda_show_the_referral_as_corrected(
    make_repo: Callable[..., Path], cli: Callable[..., Run]
) -> None:
    corrected = AMENDMENT.replace(
        '  submitted: "2026-02-26"', '  submitted: "2026-02-26"\n  criterion: bx_iro_drift'
    )
    root = make_repo(
        {
            "cases/C-0042/2026-03-05-referral.yaml": LATE,
            "cases/C-0042/2026-03-06-amendment.yaml": corrected,
        }
    )
    repo = Path(__file__).resolve().parent.parent
    shutil.copy2(repo / "mkdocs.yml", root / "mkdocs.yml")
    shutil.copytree(repo / "site", root / "site")
    run = cli("site", "build", "--repo", root, "--as-of", "2026-04-01")
    assert run.code == 0, run.text
    page = (root / "public/cases/C-0042.html").read_text(encoding="utf-8")
    assert "drift in permanence planning" in page  # the corrected criterion's label
    assert "Newly looked after" not in page  # not the one first recorded
    assert "Amended the referral" in page
    # the agenda of the meeting it was for reads the same corrected referral: why it was
    # referred, when the papers went in and so whether they were late
    agenda = lxml_html.fromstring((root / "public/agendas/2026-03-05.html").read_bytes())
    [slot] = agenda.xpath("//table[thead//th[.='Why referred']]/tbody/tr")
    cells = [" ".join(td.text_content().split()) for td in slot.xpath("./td")]
    assert cells[1:] == [
        "C-0042",
        "The IRO is concerned about drift in permanence planning",
        "26 Feb 2026",
        "on time",
    ]

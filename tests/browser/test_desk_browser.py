"""The desk in a real browser: forms from the schemas, save only what passes, commit with hooks."""

from __future__ import annotations

import os
import random
import shutil
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
import yaml
from lxml import html as lxml_html
from pre_commit.clientlib import load_config

from browser.site_support import CHROMIUM_ARGS, chromium_path
from casework.desk import api
from casework.desk.server import vendor_installed
from casework.policy import load_policy
from desk_support import (
    BROWSER_TIMEOUT,
    GIT_ENV,
    NEW_CASE,
    NEW_REFERRAL,
    amendment_form,
    commit_in_desk,
    field,
    git,
    open_committed,
    running_desk,
    start_amendment,
    status_says,
    tick,
)
from privacy_values import email

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed"),
]

PROJECT = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent


def _local_hooks(*ids: str) -> list[dict]:
    config = load_config(str(PROJECT / ".pre-commit-config.yaml"))
    local = next(repo for repo in config["repos"] if repo["repo"] == "local")
    return [hook for hook in local["hooks"] if hook["id"] in ids]


@pytest.fixture
def hooked_repo(
    make_repo: Callable[..., Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> Path:
    """The minimal records, committed, with the validate and scan hooks installed."""
    root = make_repo()
    for name in [k for k in os.environ if k.startswith(("GIT_", "PRE_COMMIT"))]:
        monkeypatch.delenv(name)
    monkeypatch.setenv("PATH", f"{BIN}{os.pathsep}{os.environ.get('PATH', '')}")
    monkeypatch.setenv("PRE_COMMIT_HOME", str(tmp_path / "pre-commit-home"))
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    monkeypatch.setenv("GIT_CONFIG_NOSYSTEM", "1")
    for name, value in GIT_ENV.items():
        monkeypatch.setenv(name, value)
    (tmp_path / "home").mkdir()
    hooks = _local_hooks("casework-validate", "casework-scan")
    config = {"repos": [{"repo": "local", "hooks": hooks}]}
    (root / ".pre-commit-config.yaml").write_text(yaml.safe_dump(config), encoding="utf-8")
    assert git(root, "init", "-q", "-b", "main").returncode == 0
    installed = subprocess.run(
        [sys.executable, "-m", "pre_commit", "install"], cwd=root, capture_output=True, text=True
    )
    assert installed.returncode == 0, installed.stderr
    git(root, "add", "-A")
    first = git(root, "commit", "-q", "-m", "First records")
    assert first.returncode == 0, first.stdout + first.stderr
    return root


@pytest.fixture
def desk(hooked_repo: Path, tmp_path: Path) -> Iterator[tuple[Path, object]]:
    executable = chromium_path()
    if not Path(executable).is_file():
        pytest.skip(f"chromium is not installed at {executable} (set CASEWORK_CHROMIUM)")
    if not vendor_installed():
        pytest.skip("the desk's form library is not installed (run scripts/install-test-tools)")
    from playwright.sync_api import sync_playwright

    with running_desk(hooked_repo) as (address, _desk), sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=executable, headless=True, args=CHROMIUM_ARGS
        )
        page = browser.new_page(viewport={"width": 1280, "height": 1000})
        page.set_default_timeout(BROWSER_TIMEOUT)
        outside: list[str] = []
        page.on(
            "request",
            lambda r: None if r.url.startswith(f"http://{address}/") else outside.append(r.url),
        )
        page.goto(f"http://{address}/")
        page.wait_for_selector("li[data-case='C-0042']")
        try:
            yield hooked_repo, page
        finally:
            browser.close()
        assert outside == []  # every asset comes from the desk itself


def test_a_case_and_a_referral_made_in_forms_are_saved_validated_and_committed(
    desk: tuple[Path, object],
) -> None:
    from playwright.sync_api import expect

    root, page = desk
    page.fill("#new-case-id", "C-0043")
    page.click("#new-case")
    field(page, "[birth_month]").fill("2019-04")
    field(page, "[team]").select_option("children_in_care")
    field(page, "[episodes][0][start]").fill("2025-11-03")
    field(page, "[episodes][0][legal_basis]").select_option("s20")
    field(page, "[episodes][0][entry]").select_option("emergency")
    field(page, "[legal_status][0][status]").select_option("s20")
    field(page, "[legal_status][0][start]").fill("2025-11-03")
    field(page, "[placements][0][type]").select_option("foster_mainstream")
    field(page, "[placements][0][provider]").select_option("in_house")
    field(page, "[placements][0][start]").fill("2025-11-03")
    page.click("#save")
    status_says(page, "saved cases/C-0043/case.yaml")

    page.locator("li[data-case='C-0043'] >> text=new referral").click()
    expect(page.locator("#form-path")).to_contain_text("-referral.yaml")
    field(page, "[criterion]").select_option("bx_iro_drift")
    field(page, "[summary]").fill("An invented summary for testing the desk.")
    field(page, "[sought]").select_option(["endorse_plan"])
    field(page, "[documents]").select_option(["referral_form", "care_plan"])
    submitted = field(page, "[submitted]").input_value()
    field(page, "[authorised_by][date]").fill(submitted)
    page.click("#save")
    status_says(page, "saved cases/C-0043/")
    [referral] = sorted((root / "cases/C-0043").glob("*-referral.yaml"))

    case_text = (root / "cases/C-0043/case.yaml").read_text(encoding="utf-8")
    assert case_text.startswith("# The case record for one child: cases/C-0043/case.yaml")
    assert "# The allocated team." in case_text
    assert "team: children_in_care" in case_text
    referral_text = referral.read_text(encoding="utf-8")
    assert "# The referral criterion this child meets. One of:" in referral_text

    commit_in_desk(page, root, "New case C-0043 and its referral")
    tree = git(root, "ls-tree", "-r", "--name-only", "HEAD").stdout.split()
    assert "cases/C-0043/case.yaml" in tree
    assert referral.relative_to(root).as_posix() in tree
    clean = subprocess.run(
        [str(BIN / "casework"), "validate", "--staged"], cwd=root, capture_output=True, text=True
    )
    assert clean.returncode == 0, clean.stdout + clean.stderr


def test_a_wrong_value_is_shown_at_its_field_and_nothing_is_written(
    desk: tuple[Path, object],
) -> None:
    from playwright.sync_api import expect

    root, page = desk
    before = sorted(p.name for p in (root / "cases/C-0042").iterdir())
    page.locator("li[data-case='C-0042'] >> text=new referral").click()
    expect(page.locator("#form-path")).to_contain_text("-referral.yaml")
    address = email(random.Random(11))
    field(page, "[summary]").fill(f"Write to {address} about the plan.")  # and nothing sought
    page.click("#save")
    status_says(page, "not saved")
    summary = page.locator(".desk-message[data-field='summary']")
    expect(summary).to_contain_text("an e-mail address")
    sought = page.locator(".desk-message[data-field='sought']")
    expect(sought).to_contain_text("'sought' must list at least 1 item")
    assert address not in (page.locator("main").text_content() or "").replace(
        field(page, "[summary]").input_value(), ""
    )
    assert sorted(p.name for p in (root / "cases/C-0042").iterdir()) == before


def test_a_committed_decision_opens_read_only_with_the_way_to_amend_it(
    desk: tuple[Path, object],
) -> None:
    from playwright.sync_api import expect

    root, page = desk
    decision = root / "cases/C-0042/2026-03-05-decision.yaml"
    before = decision.read_bytes()
    open_committed(page, "cases/C-0042/2026-03-05-decision.yaml")
    expect(field(page, "[chair_role]")).to_be_disabled()
    page.click("#amend")
    amendment_form(page, "2026-03-05-decision", "a decision")
    expect(page.locator("#save")).to_be_visible()
    assert decision.read_bytes() == before


def test_a_ticked_field_starts_at_what_the_decision_says_and_is_saved_only_changed(
    desk: tuple[Path, object],
) -> None:
    from playwright.sync_api import expect

    root, page = desk
    start_amendment(page, "cases/C-0042/2026-03-05-decision.yaml", "a decision")
    chair = field(page, "[changes][chair_role]")
    expect(chair).to_be_disabled()  # not ticked: not given
    expect(chair).to_have_value("head_of_service")  # what the decision says, not the first option
    tick(page, "chair_role")
    expect(chair).to_be_enabled()
    expect(chair).to_have_value("head_of_service")
    field(page, "[reason]").fill("The chair was recorded wrongly at the hearing.")
    page.click("#save")
    status_says(page, "not saved")
    beside = page.locator(".desk-message[data-field='changes.chair_role']")
    expect(beside).to_have_text("this is what the decision already says; change it or untick it")
    assert list((root / "cases/C-0042").glob("*-amendment*.yaml")) == []

    chair.select_option("service_manager")
    page.click("#save")
    status_says(page, "saved cases/C-0042/")
    expect(beside).to_have_count(0)
    [amendment] = (root / "cases/C-0042").glob("*-amendment.yaml")
    assert yaml.safe_load(amendment.read_text(encoding="utf-8"))["changes"] == {
        "chair_role": "service_manager"
    }


def test_new_amendment_beside_a_case_offers_its_committed_referral_and_decision(
    desk: tuple[Path, object],
) -> None:
    from playwright.sync_api import expect

    _root, page = desk
    page.locator("li[data-case='C-0042'] >> text=new amendment").click()
    expect(page.locator("#form-title")).to_have_text("New amendment for C-0042")
    choices = page.locator("#amend-choices")
    expect(choices).to_contain_text("Choose the record this amendment corrects.")
    expect(choices).to_contain_text("corrected from the Meetings list")
    offered = choices.locator("button")
    expect(offered).to_have_text(
        [
            "Decision of the hearing on 5 March 2026 (2026-03-05-decision)",
            "Referral to the panel of 5 March 2026 (2026-03-05-referral)",
        ]
    )
    expect(page.locator("#save")).to_be_hidden()
    choices.locator("button[data-amends='2026-03-05-referral']").click()
    amendment_form(page, "2026-03-05-referral", "a referral")
    expect(page.locator("#amend-choices")).to_have_count(0)
    tick(page, "criterion")
    expect(field(page, "[changes][criterion]")).to_have_value("bx_newly_looked_after")
    expect(page.locator("#save")).to_be_visible()


def test_new_amendment_beside_a_case_with_nothing_committed_says_what_to_do(
    desk: tuple[Path, object],
) -> None:
    from playwright.sync_api import expect

    root, page = desk
    assert api.save_record(root, {"kind": "case", "data": NEW_CASE})["written"] is True
    page.reload()
    page.locator("li[data-case='C-0043'] >> text=new amendment").click()
    choices = page.locator("#amend-choices")
    expect(choices).to_contain_text(
        "This case has no committed referral or decision yet, so there is nothing to amend. "
        "A record not yet committed is edited, not amended"
    )
    expect(choices.locator("button")).to_have_count(0)
    expect(page.locator("#form select, #form input, #form textarea")).to_have_count(0)
    expect(page.locator("#save")).to_be_hidden()

    # a referral saved but not committed is named, and opens to be edited, not amended
    referral = {**NEW_REFERRAL, "case_id": "C-0043"}
    assert api.save_record(root, {"kind": "referral", "data": referral})["written"] is True
    page.reload()
    page.locator("li[data-case='C-0043'] >> text=new amendment").click()
    expect(choices).to_contain_text("Not yet committed here: 2026-03-19-referral.yaml.")
    expect(choices.locator("button")).to_have_count(0)
    page.click("button[data-path='cases/C-0043/2026-03-19-referral.yaml']")
    expect(field(page, "[summary]")).to_be_enabled()
    expect(page.locator("#save")).to_be_visible()
    expect(page.locator("#amend")).to_be_hidden()


def _built(root: Path) -> Path:
    """``casework site build`` run as a coordinator runs it; the folder of the built site."""
    if not (root / "mkdocs.yml").exists():
        shutil.copy2(PROJECT / "mkdocs.yml", root / "mkdocs.yml")
        shutil.copytree(PROJECT / "site", root / "site")
    built = subprocess.run(
        [str(BIN / "casework"), "site", "build", "--repo", str(root)],
        cwd=root,
        capture_output=True,
        text=True,
    )
    assert built.returncode == 0, built.stdout + built.stderr
    return root / "public"


def _article(page: Path) -> lxml_html.HtmlElement:
    """The page's own content, as the reader's browser is given it (the theme left out)."""
    tree = lxml_html.fromstring(page.read_bytes())
    [found] = tree.xpath('//article[contains(@class, "md-content__inner")]')
    return found


def _rows(page: Path, header: str) -> list[dict[str, str]]:
    """Each row of the page's tables that have a column ``header``, by column heading."""
    rows = []
    for table in _article(page).xpath(".//table"):
        headings = [" ".join(th.text_content().split()) for th in table.xpath(".//thead//th")]
        if header not in headings:
            continue
        for tr in table.xpath(".//tbody/tr"):
            cells = [" ".join(td.text_content().split()) for td in tr.xpath("./th | ./td")]
            rows.append(dict(zip(headings, cells, strict=True)))
    return rows


def _text(page: Path) -> str:
    return " ".join(_article(page).text_content().split())


def test_a_referral_corrected_in_the_desk_reads_as_corrected_on_the_rebuilt_site(
    desk: tuple[Path, object],
) -> None:
    from playwright.sync_api import expect

    root, page = desk
    policy = load_policy(root / "policies", root)
    recorded = policy.label("criteria", "bx_newly_looked_after")
    corrected = policy.label("criteria", "bx_iro_drift")
    agenda, case = "agendas/2026-03-05.html", "cases/C-0042.html"
    public = _built(root)
    assert [r["Why referred"] for r in _rows(public / agenda, "Why referred")] == [recorded]
    assert [r["Why referred"] for r in _rows(public / case, "Why referred")] == [recorded]

    referral = root / "cases/C-0042/2026-03-05-referral.yaml"
    before = referral.read_bytes()
    start_amendment(page, "cases/C-0042/2026-03-05-referral.yaml", "a referral")
    # every field of the referral is offered, each ticked to give it as it should read
    expect(field(page, "[changes][submitted]")).to_be_disabled()
    tick(page, "criterion")
    expect(field(page, "[changes][criterion]")).to_have_value("bx_newly_looked_after")
    field(page, "[changes][criterion]").select_option("bx_iro_drift")
    field(page, "[reason]").fill("The criterion was chosen wrongly at referral.")
    page.click("#save")
    status_says(page, "saved cases/C-0042/")
    [amendment] = (root / "cases/C-0042").glob("*-amendment.yaml")
    text = amendment.read_text(encoding="utf-8")
    assert text.startswith("# A correction to a committed referral")  # the template's comments
    assert yaml.safe_load(text)["changes"] == {"criterion": "bx_iro_drift"}
    commit_in_desk(page, root, "Correct the criterion of C-0042's referral")
    assert amendment.relative_to(root).as_posix() in git(root, "ls-files").stdout.split()
    assert referral.read_bytes() == before  # the referral itself is never edited
    # a further correction starts where this one left the referral
    start_amendment(page, "cases/C-0042/2026-03-05-referral.yaml", "a referral")
    tick(page, "criterion")
    expect(field(page, "[changes][criterion]")).to_have_value("bx_iro_drift")

    public = _built(root)
    assert [r["Why referred"] for r in _rows(public / agenda, "Why referred")] == [corrected]
    assert [r["Why referred"] for r in _rows(public / case, "Why referred")] == [corrected]
    for shown in (agenda, case):
        assert recorded not in _text(public / shown), shown
    assert "Amended the referral of 5 Mar 2026" in _text(public / case)


def test_a_meeting_record_corrected_in_the_desk_reads_as_corrected_on_the_rebuilt_site(
    desk: tuple[Path, object],
) -> None:
    from playwright.sync_api import expect

    root, page = desk
    agenda = "agendas/2026-03-05.html"
    public = _built(root)
    [held] = [
        r["Details"] for r in _rows(public / agenda, "Details") if r["This meeting"] == "Meeting"
    ]
    assert held.endswith(" at 10:00"), held  # the panel's usual start: the record gives none
    assert "Corrected" not in _text(public / agenda)

    meeting = root / "meetings/2026-03-05-meeting.yaml"
    before = meeting.read_bytes()
    start_amendment(page, "meetings/2026-03-05-meeting.yaml", "a meeting record")
    expect(page.locator("#form-path")).to_contain_text("meetings/")
    expect(page.locator("#form-path")).to_contain_text("-amendment.yaml")
    tick(page, "start_time")
    expect(field(page, "[changes][start_time]")).to_have_value("")  # the record gives none
    field(page, "[changes][start_time]").fill("14:00")
    field(page, "[reason]").fill("The meeting began in the afternoon, not the morning.")
    page.click("#save")
    status_says(page, "saved meetings/")
    [correction] = (root / "meetings").glob("*-amendment.yaml")
    assert yaml.safe_load(correction.read_text(encoding="utf-8"))["changes"] == {
        "start_time": "14:00"
    }
    commit_in_desk(page, root, "Correct the start of the 5 March meeting")
    assert meeting.read_bytes() == before

    public = _built(root)
    rows = {r["This meeting"]: r["Details"] for r in _rows(public / agenda, "Details")}
    assert rows["Meeting"] == held.replace(" at 10:00", " at 14:00")
    assert "start time (this page shows the meeting as corrected)" in rows["Corrected"]
    plan = _rows(public / agenda, "Time")
    assert plan and plan[0]["Time"].startswith("14:00"), plan

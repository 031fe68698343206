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
from casework.desk.server import vendor_installed
from casework.policy import load_policy
from desk_support import GIT_ENV, git, running_desk
from privacy_values import email

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed"),
]

PROJECT = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent
TIMEOUT = 60_000


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
        page.set_default_timeout(TIMEOUT)
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


def _field(page: object, name: str) -> object:
    return page.locator(f"[name='root{name}']")  # type: ignore[attr-defined]


def _saved(page: object, text: str) -> None:
    from playwright.sync_api import expect

    expect(page.locator("#status")).to_contain_text(text, timeout=TIMEOUT)  # type: ignore[attr-defined]


def test_a_case_and_a_referral_made_in_forms_are_saved_validated_and_committed(
    desk: tuple[Path, object],
) -> None:
    from playwright.sync_api import expect

    root, page = desk
    page.fill("#new-case-id", "C-0043")
    page.click("#new-case")
    _field(page, "[birth_month]").fill("2019-04")
    _field(page, "[team]").select_option("children_in_care")
    _field(page, "[episodes][0][start]").fill("2025-11-03")
    _field(page, "[episodes][0][legal_basis]").select_option("s20")
    _field(page, "[episodes][0][entry]").select_option("emergency")
    _field(page, "[legal_status][0][status]").select_option("s20")
    _field(page, "[legal_status][0][start]").fill("2025-11-03")
    _field(page, "[placements][0][type]").select_option("foster_mainstream")
    _field(page, "[placements][0][provider]").select_option("in_house")
    _field(page, "[placements][0][start]").fill("2025-11-03")
    page.click("#save")
    _saved(page, "saved cases/C-0043/case.yaml")

    page.locator("li[data-case='C-0043'] >> text=new referral").click()
    expect(page.locator("#form-path")).to_contain_text("-referral.yaml")
    _field(page, "[criterion]").select_option("bx_iro_drift")
    _field(page, "[summary]").fill("An invented summary for testing the desk.")
    _field(page, "[sought]").select_option(["endorse_plan"])
    _field(page, "[documents]").select_option(["referral_form", "care_plan"])
    submitted = _field(page, "[submitted]").input_value()
    _field(page, "[authorised_by][date]").fill(submitted)
    page.click("#save")
    _saved(page, "saved cases/C-0043/")
    [referral] = sorted((root / "cases/C-0043").glob("*-referral.yaml"))

    case_text = (root / "cases/C-0043/case.yaml").read_text(encoding="utf-8")
    assert case_text.startswith("# The case record for one child: cases/C-0043/case.yaml")
    assert "# The allocated team." in case_text
    assert "team: children_in_care" in case_text
    referral_text = referral.read_text(encoding="utf-8")
    assert "# The referral criterion this child meets. One of:" in referral_text

    page.fill("#commit-message", "New case C-0043 and its referral")
    page.click("#commit")
    expect(page.locator("#commit-output")).to_contain_text("committed:", timeout=TIMEOUT)
    output = page.locator("#commit-output").text_content() or ""
    assert "NOT committed" not in output
    assert "casework validate" in output  # the hooks ran
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
    _field(page, "[summary]").fill(f"Write to {address} about the plan.")  # and nothing sought
    page.click("#save")
    _saved(page, "not saved")
    summary = page.locator(".desk-message[data-field='summary']")
    expect(summary).to_contain_text("an e-mail address")
    sought = page.locator(".desk-message[data-field='sought']")
    expect(sought).to_contain_text("'sought' must list at least 1 item")
    assert address not in (page.locator("main").text_content() or "").replace(
        _field(page, "[summary]").input_value(), ""
    )
    assert sorted(p.name for p in (root / "cases/C-0042").iterdir()) == before


def test_a_committed_decision_opens_read_only_with_the_way_to_amend_it(
    desk: tuple[Path, object],
) -> None:
    from playwright.sync_api import expect

    root, page = desk
    decision = root / "cases/C-0042/2026-03-05-decision.yaml"
    before = decision.read_bytes()
    page.click("button[data-path='cases/C-0042/2026-03-05-decision.yaml']")
    expect(page.locator("#readonly-note")).to_contain_text("record an amendment")
    expect(page.locator("#save")).to_be_hidden()
    expect(_field(page, "[chair_role]")).to_be_disabled()
    page.click("#amend")
    expect(page.locator("#form-title")).to_contain_text("New")
    expect(_field(page, "[amends]")).to_have_value("2026-03-05-decision")
    expect(page.locator("#save")).to_be_visible()
    assert decision.read_bytes() == before


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
            cells = [" ".join(td.text_content().split()) for td in tr.xpath("./td")]
            rows.append(dict(zip(headings, cells, strict=True)))
    return rows


def _text(page: Path) -> str:
    return " ".join(_article(page).text_content().split())


def _commit(page: object, root: Path, message: str) -> None:
    from playwright.sync_api import expect

    page.fill("#commit-message", message)  # type: ignore[attr-defined]
    page.click("#commit")  # type: ignore[attr-defined]
    output = page.locator("#commit-output")  # type: ignore[attr-defined]
    expect(output).to_contain_text("committed:", timeout=TIMEOUT)
    text = output.text_content() or ""
    assert "NOT committed" not in text, text
    assert "casework validate" in text  # the hooks ran
    assert git(root, "status", "--porcelain", "--", "cases", "meetings").stdout == ""


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
    page.click("button[data-path='cases/C-0042/2026-03-05-referral.yaml']")
    expect(page.locator("#readonly-note")).to_contain_text("record an amendment")
    page.click("#amend")
    expect(page.locator("#form-title")).to_contain_text("New Amendment to a referral")
    expect(_field(page, "[amends]")).to_have_value("2026-03-05-referral")
    expect(_field(page, "[amends]")).to_be_disabled()  # the fields offered depend on it
    # every field of the referral is offered, each ticked to give it as it should read
    expect(_field(page, "[changes][submitted]")).to_be_disabled()
    page.check("[id='root[changes][criterion]-opt-in']")
    _field(page, "[changes][criterion]").select_option("bx_iro_drift")
    _field(page, "[reason]").fill("The criterion was chosen wrongly at referral.")
    page.click("#save")
    _saved(page, "saved cases/C-0042/")
    [amendment] = (root / "cases/C-0042").glob("*-amendment.yaml")
    text = amendment.read_text(encoding="utf-8")
    assert text.startswith("# A correction to a committed referral")  # the template's comments
    assert yaml.safe_load(text)["changes"] == {"criterion": "bx_iro_drift"}
    _commit(page, root, "Correct the criterion of C-0042's referral")
    assert amendment.relative_to(root).as_posix() in git(root, "ls-files").stdout.split()
    assert referral.read_bytes() == before  # the referral itself is never edited

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
    page.click("button[data-path='meetings/2026-03-05-meeting.yaml']")
    expect(page.locator("#readonly-note")).to_contain_text("record an amendment")
    expect(page.locator("#save")).to_be_hidden()
    page.click("#amend")
    expect(page.locator("#form-title")).to_contain_text("New Amendment to a meeting record")
    expect(_field(page, "[amends]")).to_have_value("2026-03-05-meeting")
    expect(page.locator("#form-path")).to_contain_text("meetings/")
    expect(page.locator("#form-path")).to_contain_text("-amendment.yaml")
    page.check("[id='root[changes][start_time]-opt-in']")
    _field(page, "[changes][start_time]").fill("14:00")
    _field(page, "[reason]").fill("The meeting began in the afternoon, not the morning.")
    page.click("#save")
    _saved(page, "saved meetings/")
    [correction] = (root / "meetings").glob("*-amendment.yaml")
    assert yaml.safe_load(correction.read_text(encoding="utf-8"))["changes"] == {
        "start_time": "14:00"
    }
    _commit(page, root, "Correct the start of the 5 March meeting")
    assert meeting.read_bytes() == before

    public = _built(root)
    rows = {r["This meeting"]: r["Details"] for r in _rows(public / agenda, "Details")}
    assert rows["Meeting"] == held.replace(" at 10:00", " at 14:00")
    assert "start time (this page shows the meeting as corrected)" in rows["Corrected"]
    plan = _rows(public / agenda, "Time")
    assert plan and plan[0]["Time"].startswith("14:00"), plan

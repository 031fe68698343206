"""The desk's server and API: local only, token for changes, nothing written that fails."""

from __future__ import annotations

import http.client
import re
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

import pytest

from casework.desk import api, caselist
from casework.desk.forms import field_at, form_schema
from casework.desk.server import CSP, host_allowed
from casework.policy import load_policy
from conftest import Run
from desk_support import NEW_CASE, NEW_REFERRAL, commit_all, git, request, running_desk

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")


@pytest.fixture
def repo(make_repo: Callable[..., Path]) -> Path:
    root = make_repo()
    commit_all(root)
    return root


@pytest.mark.parametrize(
    ("host", "allowed"),
    [
        ("127.0.0.1:8765", True),
        ("localhost:8765", True),
        ("127.0.0.1:8766", False),
        ("evil.example:8765", False),
        ("127.0.0.1.evil.example:8765", False),
        ("127.0.0.1", False),
        ("", False),
        (None, False),
    ],
)
def test_only_requests_naming_this_desk_are_answered(host: str | None, allowed: bool) -> None:
    assert host_allowed(host, 8765) is allowed


def test_a_rebound_host_is_refused_and_the_page_has_a_strict_policy(repo: Path) -> None:
    with running_desk(repo) as (address, desk):
        status, body = request(address, "GET", "/api/overview", host="attacker.example:80")
        assert status == 421
        assert "127.0.0.1" in body["error"]
        status, page = request(address, "GET", "/")
        assert status == 200
        assert desk.token.encode() in page
    assert "script-src 'self'" in CSP and "unsafe" not in CSP


def test_a_post_without_the_token_writes_nothing(repo: Path) -> None:
    target = repo / "cases/C-0042/2026-03-19-referral.yaml"
    with running_desk(repo) as (address, _desk):
        body = {"kind": "referral", "data": NEW_REFERRAL}
        status, answer = request(address, "POST", "/api/save", body)
        assert status == 403
        status, answer = request(address, "POST", "/api/save", body, token="guessed")
        assert status == 403
        assert "did not come from the desk" in answer["error"]
    assert not target.exists()


def test_a_wrong_vocabulary_value_is_shown_at_its_field_and_nothing_is_written(
    repo: Path,
) -> None:
    planted = "zq_planted_criterion_5521"
    with running_desk(repo) as (address, desk):
        status, answer = request(
            address,
            "POST",
            "/api/save",
            {"kind": "referral", "data": {**NEW_REFERRAL, "criterion": planted}},
            token=desk.token,
        )
    assert status == 200
    assert answer["written"] is False
    assert answer["path"] == "cases/C-0042/2026-03-19-referral.yaml"
    [message] = [m for m in answer["messages"] if m["field"] == ["criterion"]]
    assert "is not one of the referral criteria in the policy pack" in message["message"]
    assert planted not in str(answer)
    assert not (repo / answer["path"]).exists()
    assert list((repo / "cases/C-0042").glob(".desk-*")) == []


def test_a_missing_required_field_points_at_that_field(repo: Path) -> None:
    data = {k: v for k, v in NEW_REFERRAL.items() if k != "summary"}
    answer = api.save_record(repo, {"kind": "referral", "data": data})
    assert answer["written"] is False
    assert ["summary"] in [m["field"] for m in answer["messages"]]


def test_a_valid_referral_is_written_from_the_template_and_validates(
    repo: Path, cli: Callable[..., Run]
) -> None:
    with running_desk(repo) as (address, desk):
        status, answer = request(
            address,
            "POST",
            "/api/save",
            {"kind": "referral", "data": NEW_REFERRAL},
            token=desk.token,
        )
    assert status == 200, answer
    assert answer["written"] is True, answer
    text = (repo / "cases/C-0042/2026-03-19-referral.yaml").read_text(encoding="utf-8")
    assert text.startswith("# A referral to the ")  # the template's comments are kept
    assert "# The referral criterion this child meets. One of:" in text
    assert "criterion: bx_iro_drift\n" in text  # the FILL IN note has gone
    assert 'panel_date: "2026-03-19"' in text
    run = cli("validate", "--repo", repo, repo / "cases/C-0042/2026-03-19-referral.yaml")
    assert run.code == 0, run.text


def test_a_new_case_and_its_referral_are_committed_together(repo: Path) -> None:
    assert api.save_record(repo, {"kind": "case", "data": NEW_CASE})["written"] is True
    referral = {**NEW_REFERRAL, "case_id": "C-0043"}
    assert api.save_record(repo, {"kind": "referral", "data": referral})["written"] is True
    assert caselist.pending(repo) == [
        "cases/C-0043/2026-03-19-referral.yaml",
        "cases/C-0043/case.yaml",
    ]
    done = api.commit(repo, "New case C-0043 and its referral")
    assert done["ok"], done["output"]
    assert caselist.pending(repo) == []
    tree = git(repo, "ls-tree", "-r", "--name-only", "HEAD").stdout.split()
    assert "cases/C-0043/case.yaml" in tree and "cases/C-0043/2026-03-19-referral.yaml" in tree


def test_a_commit_needs_a_message(repo: Path) -> None:
    with pytest.raises(api.ApiError, match="write a commit message"):
        api.commit(repo, "  ")


def test_a_referral_for_a_case_that_does_not_exist_says_so_at_the_case_field(repo: Path) -> None:
    answer = api.save_record(
        repo, {"kind": "referral", "data": {**NEW_REFERRAL, "case_id": "C-0999"}}
    )
    assert answer["written"] is False
    assert "there is no case record for this child yet" in answer["messages"][0]["message"]


def test_a_committed_decision_is_read_only_and_cannot_be_saved(repo: Path) -> None:
    opened = api.open_record(repo, "cases/C-0042/2026-03-05-decision.yaml")
    assert opened["readonly"] is True
    assert "record an amendment" in opened["why"]
    before = (repo / "cases/C-0042/2026-03-05-decision.yaml").read_text(encoding="utf-8")
    with running_desk(repo) as (address, desk):
        status, answer = request(
            address,
            "POST",
            "/api/save",
            {
                "kind": "decision",
                "path": "cases/C-0042/2026-03-05-decision.yaml",
                "data": {**opened["data"], "chair_role": "service_manager"},
            },
            token=desk.token,
        )
    assert status == 409
    assert "record an amendment" in answer["error"]
    after = (repo / "cases/C-0042/2026-03-05-decision.yaml").read_text(encoding="utf-8")
    assert after == before
    assert api.open_record(repo, "cases/C-0042/case.yaml")["readonly"] is False


def test_paths_outside_the_records_are_refused(repo: Path) -> None:
    for path in ("../etc/passwd", "policies/pack.yaml", "cases/C-0042/../../x.yaml"):
        with pytest.raises(api.ApiError):
            api.open_record(repo, path)


def test_the_overview_lists_cases_records_and_what_is_due(repo: Path) -> None:
    data = caselist.overview(repo)
    [case] = data["cases"]
    assert case["id"] == "C-0042"
    assert {r["path"] for r in case["records"]} >= {"cases/C-0042/case.yaml"}
    assert all(r["committed"] for r in case["records"])
    assert data["meetings"][0]["path"] == "meetings/2026-03-05-meeting.yaml"
    assert all(d["status"] in ("breached", "late", "due_soon", "open") for d in case["due"])


def test_form_schemas_offer_the_packs_labels_and_date_pickers(repo: Path) -> None:
    policy = load_policy(repo / "policies", repo)
    schema = form_schema("referral", policy.vocabulary)
    criterion = schema["properties"]["criterion"]
    assert "bx_iro_drift" in criterion["enum"]
    index = criterion["enum"].index("bx_iro_drift")
    assert criterion["options"]["enum_titles"][index].endswith("(bx_iro_drift)")
    assert schema["properties"]["panel_date"]["format"] == "date"
    end = form_schema("case", policy.vocabulary)["properties"]["episodes"]["items"]
    assert "anyOf" not in end["properties"]["end"]


def test_an_amendments_form_offers_the_fields_of_the_record_it_amends(repo: Path) -> None:
    with running_desk(repo) as (address, _desk):
        status, referral = request(
            address, "GET", "/api/schema?kind=amendment&amends=2026-03-05-referral"
        )
        assert status == 200
        status, meeting = request(
            address, "GET", "/api/schema?kind=amendment&amends=2026-03-05-meeting"
        )
        status, unnamed = request(address, "GET", "/api/schema?kind=amendment")
    assert referral["title"] == "Amendment to a referral"
    changes = referral["properties"]["changes"]
    assert "bx_iro_drift" in changes["properties"]["criterion"]["enum"]  # the pack's list
    assert "panel_date" not in changes["properties"]  # the file's name: never amended
    assert changes["additionalProperties"] is False
    assert referral["properties"]["amends"]["readOnly"] is True  # the fields depend on it
    assert "allOf" not in referral and "$defs" not in referral
    assert meeting["title"] == "Amendment to a meeting record"
    assert {"start_time", "members_present", "cases_heard"} <= set(
        meeting["properties"]["changes"]["properties"]
    )
    assert "criterion" not in meeting["properties"]["changes"]["properties"]
    # before the record is known, the general form (whose changes the server checks)
    assert "properties" not in unnamed["properties"]["changes"]
    # a correction starts with no change given: each field is ticked to give it
    started = api.start(repo, "amendment", {"amends": "2026-03-05-meeting"})
    assert started["data"]["changes"] == {}


def test_field_at_prefers_the_field_placed_exactly_there() -> None:
    positions = {(): (1, 1), ("a",): (1, 4), ("b",): (2, 4), ("b", "c"): (3, 6)}
    assert field_at(positions, 3, 6) == ("b", "c")
    assert field_at(positions, 2, 4) == ("b",)
    assert field_at(positions, 4, 1) == ("b", "c")


def test_the_desk_command_refuses_a_bad_port(cli: Callable[..., Run], repo: Path) -> None:
    run = cli("desk", "--repo", repo, "--port", "70000", "--no-browser")
    assert run.code == 2
    assert "--port must be a number" in run.err


def test_the_case_list_sees_a_record_saved_since_it_was_last_read(repo: Path) -> None:
    assert [c["id"] for c in caselist.overview(repo)["cases"]] == ["C-0042"]
    assert api.save_record(repo, {"kind": "case", "data": NEW_CASE})["written"] is True
    listed = caselist.overview(repo)
    assert [c["id"] for c in listed["cases"]] == ["C-0042", "C-0043"]
    [new_case] = [c for c in listed["cases"] if c["id"] == "C-0043"]
    assert new_case["records"] == [
        {"path": "cases/C-0043/case.yaml", "kind": "case", "committed": False}
    ]
    assert listed["pending"] == ["cases/C-0043/case.yaml"]


def test_the_desk_command_prints_its_local_address_and_serves_the_page(repo: Path) -> None:
    process = subprocess.Popen(
        [str(Path(sys.executable).parent / "casework"), "desk", "--no-browser", "--port", "0"],
        cwd=repo,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert process.stdout is not None
        line = process.stdout.readline()
        match = re.search(r"http://127\.0\.0\.1:([0-9]+)/", line)
        assert match, line
        status, page = request(f"127.0.0.1:{match.group(1)}", "GET", "/")
        assert status == 200
        assert b'name="casework-token"' in page
    finally:
        process.terminate()
        process.wait()
        process.stdout.close()  # type: ignore[union-attr]


def test_an_amendment_to_a_committed_decision_is_saved_and_validates(
    repo: Path, cli: Callable[..., Run]
) -> None:
    started = api.start(repo, "amendment", {"case_id": "C-0042"})
    assert started["data"]["amends"] == "2026-03-05-decision"
    data = {
        **started["data"],
        "reason": "The return date was written wrongly.",
        "changes": {"return_to_panel": "2027-01-14"},
    }
    answer = api.save_record(repo, {"kind": "amendment", "data": data})
    assert answer["written"] is True, answer
    assert answer["path"] == started["path"]
    assert cli("validate", "--repo", repo, repo / answer["path"]).code == 0


def test_a_correction_of_a_committed_meeting_record_is_saved_in_meetings(
    repo: Path, cli: Callable[..., Run]
) -> None:
    opened = api.open_record(repo, "meetings/2026-03-05-meeting.yaml")
    assert opened["readonly"] is True
    assert "record an amendment" in opened["why"]
    # what the desk's "Record an amendment" button asks for on a meeting record
    started = api.start(repo, "amendment", {"amends": "2026-03-05-meeting"})
    assert started["messages"] == [], started
    assert started["path"].startswith("meetings/") and started["path"].endswith("-amendment.yaml")
    assert "case_id" not in started["data"]
    data = {
        **started["data"],
        "reason": "The independent reviewing officer sent apologies.",
        "changes": {
            "members_present": ["service_manager"],
            "apologies": ["independent_reviewing_officer"],
        },
    }
    answer = api.save_record(repo, {"kind": "amendment", "data": data})
    assert answer["written"] is True, answer
    assert answer["path"] == started["path"]
    assert cli("validate", "--repo", repo, repo / answer["path"]).code == 0


def test_a_new_form_starts_without_the_templates_placeholders(repo: Path) -> None:
    started = api.start(repo, "meeting", {})
    assert started["path"].startswith("meetings/")
    assert "FILL_IN" not in str(started["data"])
    assert started["data"]["members_present"] == []


def test_committed_referrals_and_meetings_are_read_only_but_an_unsaved_edit_is_allowed(
    repo: Path,
) -> None:
    for rel in ("cases/C-0042/2026-03-05-referral.yaml", "meetings/2026-03-05-meeting.yaml"):
        opened = api.open_record(repo, rel)
        assert opened["readonly"] is True
        assert "never edited" in opened["why"]
    assert api.save_record(repo, {"kind": "case", "data": NEW_CASE})["written"] is True
    opened = api.open_record(repo, "cases/C-0043/case.yaml")
    assert opened["readonly"] is False
    edited = {**opened["data"], "team": "disabled_children"}
    answer = api.save_record(
        repo, {"kind": "case", "data": edited, "path": "cases/C-0043/case.yaml"}
    )
    assert answer["written"] is True, answer
    text = (repo / "cases/C-0043/case.yaml").read_text(encoding="utf-8")
    assert "team: disabled_children" in text
    assert text.startswith("# The case record for one child")


def test_an_unreadable_form_or_an_unknown_kind_is_refused_plainly(repo: Path) -> None:
    with running_desk(repo) as (address, desk):
        name, port = address.split(":")
        connection = http.client.HTTPConnection(name, int(port), timeout=60)
        connection.request(
            "POST",
            "/api/save",
            body=b"{not json",
            headers={
                "Host": address,
                "Content-Type": "application/json",
                "X-Casework-Token": desk.token,
            },
        )
        response = connection.getresponse()
        assert response.status == 400
        assert b"not readable" in response.read()
        connection.close()
        status, answer = request(
            address, "POST", "/api/save", {"kind": "essay", "data": {}}, token=desk.token
        )
        assert status == 400
        assert "reload the desk" in answer["error"]
        status, answer = request(address, "GET", "/api/schema?kind=essay")
        assert status == 404
        status, answer = request(address, "GET", "/static/../server.py")
        assert status == 404


def test_without_the_form_library_the_desk_says_how_to_install_it(
    repo: Path, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    from casework.desk import server

    monkeypatch.setattr(server, "VENDOR", tmp_path / "absent" / "jsoneditor.js")
    with running_desk(repo) as (address, _desk):
        status, page = request(address, "GET", "/")
        assert status == 200
        assert b"the desk's form library is not installed" in page
        assert b"npm ci --prefix" in page
        status, answer = request(address, "GET", "/vendor/jsoneditor.js")
        assert status == 404
        assert "npm ci --prefix" in answer["error"]


def test_the_desk_listens_before_loading_the_engine_and_lists_cases_without_the_forms() -> None:
    """What start-up imports, in a fresh Python (performance is measured in bench/desk.py;
    this keeps the order that makes it quick): the server needs neither the records' loader
    nor the rules engine to listen and serve the page, and the case list needs neither the
    templates nor validate nor scan, which the forms and saving import."""
    probe = (
        "import sys\n"
        "import casework.cli, casework.commands.desk, casework.desk.server\n"
        "print(sorted(m for m in ('casework.engine', 'casework.records', 'casework.desk.api')"
        " if m in sys.modules))\n"
        "import casework.desk.caselist\n"
        "print(sorted(m for m in ('casework.desk.save', 'casework.commands.new',"
        " 'casework.commands.validate', 'casework.privacy.scan') if m in sys.modules))\n"
    )
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines() == ["[]", "[]"]


def _changes(address: str, amends: str, **query: str) -> dict[str, Any]:
    """The fields an amendment's form offers, as the desk's page asks for them."""
    status, form = request(
        address, "GET", "/api/schema?" + urlencode({"kind": "amendment", "amends": amends, **query})
    )
    assert status == 200, form
    fields: dict[str, Any] = form["properties"]["changes"]["properties"]
    return fields


def test_a_corrections_fields_start_at_what_the_record_says_now(repo: Path) -> None:
    with running_desk(repo) as (address, desk):
        referral = _changes(address, "2026-03-05-referral", case_id="C-0042")
        assert referral["criterion"]["default"] == "bx_newly_looked_after"  # not the list's first
        assert referral["authorised_by"]["default"] == {
            "role": "team_manager",
            "date": "2026-02-25",
        }
        assert referral["documents"]["default"] == ["referral_form", "care_plan"]
        assert "default" not in referral["family"]  # the referral has none: it starts empty
        decision = _changes(address, "2026-03-05-decision", case_id="C-0042")
        assert decision["chair_role"]["default"] == "head_of_service"
        assert decision["items"]["default"][0]["due"] == "2026-04-02"
        meeting = _changes(address, "2026-03-05-meeting")
        assert meeting["members_present"]["default"] == [
            "service_manager",
            "independent_reviewing_officer",
        ]
        assert "default" not in meeting["start_time"]

        # a first correction, saved through the desk: the next starts where it left off
        first = api.start(repo, "amendment", {"case_id": "C-0042", "amends": "2026-03-05-referral"})
        data = {
            **first["data"],
            "reason": "The criterion was chosen wrongly at referral.",
            "changes": {"criterion": "bx_iro_drift"},
        }
        status, saved = request(
            address, "POST", "/api/save", {"kind": "amendment", "data": data}, token=desk.token
        )
        assert status == 200 and saved["written"] is True, saved
        second = api.start(
            repo, "amendment", {"case_id": "C-0042", "amends": "2026-03-05-referral"}
        )
        assert second["path"] != saved["path"]
        corrected = _changes(address, "2026-03-05-referral", case_id="C-0042", path=second["path"])
        assert corrected["criterion"]["default"] == "bx_iro_drift"
        assert corrected["summary"]["default"] == "An invented summary for testing."
        # the first correction, opened again, starts from the record before it
        again = _changes(address, "2026-03-05-referral", case_id="C-0042", path=saved["path"])
        assert again["criterion"]["default"] == "bx_newly_looked_after"


def _amend(
    repo: Path, amends: str, changes: dict[str, Any], case_id: str | None = "C-0042"
) -> tuple[str, dict[str, Any]]:
    """Save, through the desk's API, a new amendment of ``amends`` giving ``changes``: where
    it would go, and what the desk answered."""
    started = api.start(
        repo, "amendment", {"amends": amends, **({"case_id": case_id} if case_id else {})}
    )
    assert started["messages"] == [], started
    data = {
        **started["data"],
        "reason": "An invented reason for the correction.",
        "changes": changes,
    }
    return started["path"], api.save_record(repo, {"kind": "amendment", "data": data})


UNCHANGED = "this is what the referral already says; change it or untick it"


def test_a_ticked_field_left_as_the_record_says_is_refused_beside_it(
    repo: Path, cli: Callable[..., Run]
) -> None:
    before = sorted(p.name for p in (repo / "cases/C-0042").iterdir())
    path, answer = _amend(repo, "2026-03-05-referral", {"criterion": "bx_newly_looked_after"})
    assert answer["written"] is False
    assert [(m["field"], m["message"]) for m in answer["messages"]] == [
        (["changes", "criterion"], UNCHANGED)
    ]
    assert answer["path"] == path
    # one field left as it was among others that change: that one is shown, nothing saved
    changes = {"criterion": "bx_newly_looked_after", "summary": "A corrected invented summary."}
    _path, answer = _amend(repo, "2026-03-05-referral", changes)
    assert answer["written"] is False
    assert [m["field"] for m in answer["messages"]] == [["changes", "criterion"]]
    assert sorted(p.name for p in (repo / "cases/C-0042").iterdir()) == before
    # unticked (left out), the rest is saved
    _path, answer = _amend(repo, "2026-03-05-referral", {"summary": changes["summary"]})
    assert answer["written"] is True, answer
    assert cli("validate", "--repo", repo, repo / answer["path"]).code == 0


def test_the_value_an_earlier_correction_gave_counts_as_what_the_record_says(repo: Path) -> None:
    _path, first = _amend(repo, "2026-03-05-decision", {"chair_role": "service_manager"})
    assert first["written"] is True, first
    _path, again = _amend(repo, "2026-03-05-decision", {"chair_role": "service_manager"})
    assert again["written"] is False
    [message] = again["messages"]
    assert message["field"] == ["changes", "chair_role"]
    assert message["message"] == (
        "this is what the decision already says (with its earlier corrections); change it or "
        "untick it"
    )
    # putting back what the decision itself said is a change: allowed
    _path, back = _amend(repo, "2026-03-05-decision", {"chair_role": "head_of_service"})
    assert back["written"] is True, back


def test_a_field_the_meeting_record_leaves_out_given_as_empty_is_a_change(
    repo: Path, cli: Callable[..., Run]
) -> None:
    # the meeting lists no declarations; an empty list records that nobody declared anything
    # (rule BX6 reads it as recorded), so it is a correction, saved and valid
    _path, answer = _amend(repo, "2026-03-05-meeting", {"declarations": []}, case_id=None)
    assert answer["written"] is True, answer
    assert cli("validate", "--repo", repo).code == 0
    # given again by a second correction, it is what the meeting already says: refused
    _path, again = _amend(repo, "2026-03-05-meeting", {"declarations": []}, case_id=None)
    assert again["written"] is False
    [message] = again["messages"]
    assert message["field"] == ["changes", "declarations"]
    assert message["message"].startswith("this is what the meeting record already says")
    assert len(list((repo / "meetings").glob("*-amendment*.yaml"))) == 1


def test_new_amendment_offers_the_committed_referrals_and_decisions_of_the_case(
    repo: Path,
) -> None:
    with running_desk(repo) as (address, _desk):
        status, offered = request(address, "GET", "/api/amendable?case_id=C-0042")
        assert status == 200, offered
        status, missing = request(address, "GET", "/api/amendable?case_id=C-0999")
        assert status == 404
        assert "no such case" in missing["error"]
    assert [(r["name"], r["kind"], r["label"]) for r in offered["records"]] == [
        ("2026-03-05-decision", "decision", "Decision of the hearing on 5 March 2026"),
        ("2026-03-05-referral", "referral", "Referral to the panel of 5 March 2026"),
    ]
    assert offered["records"][0]["path"] == "cases/C-0042/2026-03-05-decision.yaml"
    assert offered["uncommitted"] == []
    assert offered["message"].startswith("Choose the record this amendment corrects.")
    assert "corrected from the Meetings list" in offered["message"]


def test_new_amendment_on_a_case_with_nothing_committed_says_so_and_the_way_on(
    repo: Path,
) -> None:
    assert api.save_record(repo, {"kind": "case", "data": NEW_CASE})["written"] is True
    nothing = api.amendable(repo, "C-0043")
    assert nothing["records"] == []
    assert nothing["message"] == (
        "This case has no committed referral or decision yet, so there is nothing to amend. "
        "A record not yet committed is edited, not amended: open it from the list, change it "
        "and save. A meeting record is corrected from the Meetings list: open the meeting and "
        "choose Record an amendment."
    )
    referral = {**NEW_REFERRAL, "case_id": "C-0043"}
    assert api.save_record(repo, {"kind": "referral", "data": referral})["written"] is True
    waiting = api.amendable(repo, "C-0043")
    assert waiting["records"] == []
    assert [r["path"] for r in waiting["uncommitted"]] == ["cases/C-0043/2026-03-19-referral.yaml"]
    assert "Not yet committed here: 2026-03-19-referral.yaml." in waiting["message"]
    assert api.commit(repo, "New case C-0043 and its referral")["ok"]
    [offered] = api.amendable(repo, "C-0043")["records"]
    assert offered["name"] == "2026-03-19-referral"

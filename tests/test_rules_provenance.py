"""Rule versions, provenance (local choices and --fail-on), exact anchors, projected
"before" deadlines and routes, through ``casework check`` on small repositories.

Every date is worked out by hand in the comments: month ends (31 January + 1 month,
29 February 2028), weekends, Easter 2026 (Good Friday 3 April, Easter Monday
6 April) and Christmas 2026 (Boxing Day observed on Monday 28 December).
"""

from __future__ import annotations

import json
import re
import shutil
from datetime import date
from pathlib import Path
from typing import Any

import yaml

from casework.paths import presets_dir
from packrepo import Record, case, check, decision, events, referral, write_repo


def of(found: list[dict[str, Any]], rule: str, case_id: str | None = None) -> list[tuple]:
    return [
        (f["status"], f["due"], f["working_days_late"])
        for f in found
        if f["rule"] == rule and (case_id is None or f["case"] == case_id)
    ]


# --- S7: adoption reviews counted from the reviews actually held --------------------------


def adoption(placed: str, reviews: list[str], case_id: str = "C-0042") -> Record:
    placements = [
        {"type": "foster_mainstream", "provider": "in_house", "start": "2025-10-01",
         "end": placed},
        {"type": "adoptive", "provider": "in_house", "start": placed},
    ]  # fmt: skip
    return case(
        "2025-10-01",
        basis="care_order",
        entry="court_ordered",
        case_id=case_id,
        legal_status=[{"status": "care_order", "start": "2025-10-01", "end": "2026-01-20"},
                      {"status": "placement_order", "start": "2026-01-21"}],
        placements=placements,
        events=events(*[("adoption_review", r) for r in reviews]),
    )  # fmt: skip


def test_s7_late_first_review_moves_the_second(cli, tmp_path) -> None:
    # placed Monday 2 March 2026: first review due 4 weeks later, Monday 30 March; held
    # Wednesday 15 April, 10 working days late (31 Mar, 1-2 Apr, 7-10 Apr, 13-15 Apr:
    # Good Friday and Easter Monday do not count)
    on_time = adoption("2026-03-02", ["2026-04-15", "2026-07-14"], "C-0042")
    # the second is due 3 months from the first actually held: 15 July. Held Monday 20
    # July: 3 working days late, and the third is due 6 months from 20 July
    late = adoption("2026-03-02", ["2026-04-15", "2026-07-20"], "C-0043")
    write_repo(tmp_path / "repo", "bexley", [on_time, late])
    found = check(cli, tmp_path / "repo", "2026-08-01")
    assert of(found, "S7b", "C-0042") == [("late", "2026-03-30", 10)]
    assert of(found, "S7c", "C-0042") == [("met", "2026-07-15", 0), ("open", "2027-01-14", 0)]
    assert of(found, "S7c", "C-0043") == [("late", "2026-07-15", 3), ("open", "2027-01-20", 0)]


def test_s7_second_review_on_a_leap_day(cli, tmp_path) -> None:
    # placed Monday 8 November 2027, first review Tuesday 30 November (due 6 December: met);
    # 30 November + 3 months has no 30 February: Tuesday 29 February 2028. Held Wednesday
    # 1 March: 1 working day late; the third is due 6 months from 1 March
    record = adoption("2027-11-08", ["2027-11-30", "2028-03-01"])
    write_repo(tmp_path / "repo", "bexley", [record])
    found = check(cli, tmp_path / "repo", "2028-03-10")
    assert of(found, "S7b") == [("met", "2027-12-06", 0)]
    assert of(found, "S7c") == [("late", "2028-02-29", 1), ("open", "2028-09-01", 0)]


def test_s7_no_second_cycle_before_the_first_review(cli, tmp_path) -> None:
    write_repo(tmp_path / "repo", "bexley", [adoption("2026-03-02", [])])
    found = check(cli, tmp_path / "repo", "2026-04-20")
    # 31 March, 1-2 April, 7-10 April, 13-17 April and 20 April: 13 working days
    assert of(found, "S7b") == [("breached", "2026-03-30", 13)]
    assert of(found, "S7c") == []  # counted from the first review, not yet held


# --- "before" deadlines on projected review dates -------------------------------------------


def heard(day: str, items: list[str]) -> list[Record]:
    return [
        referral(day, day, "bx_newly_looked_after", ["endorse_plan"],
                 documents=["referral_form", "care_plan"], extraordinary=True),
        decision(day, day, [{"type": t} for t in items], "head_of_service"),
    ]  # fmt: skip


def test_projected_review_before_deadline_moves_off_easter(cli, tmp_path) -> None:
    # first review Wednesday 7 January 2026; the second is projected 3 months on, Tuesday
    # 7 April. "Before" it is Monday 6 April, Easter Monday, then Good Friday: Thursday 2 April
    child = case("2025-12-10", reviews=["2026-01-07"])
    write_repo(tmp_path / "none", "bexley", [child])
    found = check(cli, tmp_path / "none", "2026-04-03")
    # as of Good Friday: past the deadline, but no working day yet late
    assert of(found, "BX9") == [("breached", "2026-04-02", 0)]
    write_repo(tmp_path / "met", "bexley", [child, *heard("2026-04-02", ["amend_care_plan"])])
    assert of(check(cli, tmp_path / "met", "2026-04-03"), "BX9") == [("met", "2026-04-02", 0)]


def test_projected_review_by_deadline_moves_off_christmas(cli, tmp_path) -> None:
    # first review Monday 28 September 2026; the second is projected for Monday 28 December,
    # the substitute Boxing Day. "By" that day moves back over the weekend and Christmas Day
    # to Thursday 24 December (Bexley works on Christmas Eve)
    child = case("2026-09-01", reviews=["2026-09-28"])
    write_repo(tmp_path / "open", "bexley", [child])
    assert of(check(cli, tmp_path / "open", "2026-12-01"), "BX11") == [("open", "2026-12-24", 0)]
    # an endorsement on Tuesday 29 December is 1 working day late (28 December is a holiday)
    records = [child, *heard("2026-12-29", ["endorse_plan"])]
    write_repo(tmp_path / "late", "bexley", records)
    assert of(check(cli, tmp_path / "late", "2027-01-05"), "BX11") == [("late", "2026-12-24", 1)]


# --- rule versions ---------------------------------------------------------------------------

NEW_BX7 = """
  - id: BX7
    title: Permanence planning meeting within a month of becoming looked after
    description: From 31 January 2026 (an invented revision) the meeting is due within a month.
    status: procedure
    clause: "protocol 1.4(b), revised"
    effective_from: "2026-01-31"
    kind: after
    from: { event: entered_care }
    within: { months: 1 }
    met_by: { event: case_event, where: { type: permanence_planning_meeting } }
"""


def versioned_pack(tmp_path: Path, extra: str = NEW_BX7) -> Path:
    pack = tmp_path / "pack"
    shutil.copytree(presets_dir() / "bexley", pack)
    rules = pack / "rules.yaml"
    rules.write_text(rules.read_text(encoding="utf-8").rstrip("\n") + "\n" + extra, "utf-8")
    return pack


def test_each_event_is_judged_by_the_version_in_force(cli, tmp_path) -> None:
    pack = versioned_pack(tmp_path)
    records = [
        # Friday 30 January: the old version, 4 weeks: Friday 27 February; a meeting on
        # Saturday 28 February is late (0 working days)
        case("2026-01-30", case_id="C-0101",
             events=events(("permanence_planning_meeting", "2026-02-28"))),
        # Saturday 31 January: the new version, 1 month: 31 February does not exist, so
        # Saturday 28 February; met
        case("2026-01-31", case_id="C-0102",
             events=events(("permanence_planning_meeting", "2026-02-28"))),
        # Tuesday 10 March: 1 month is Good Friday 10 April (an "after" deadline stays on its
        # date); the old 4 weeks would have been Tuesday 7 April
        case("2026-03-10", case_id="C-0103",
             events=events(("permanence_planning_meeting", "2026-04-09"))),
    ]  # fmt: skip
    root = write_repo(tmp_path / "repo", pack, records)
    found = check(cli, root, "2026-05-01")
    bx7 = {
        f["case"]: (f["status"], f["due"], f["rule_version"]) for f in found if f["rule"] == "BX7"
    }
    assert bx7 == {
        "C-0101": ("late", "2026-02-27", None),
        "C-0102": ("met", "2026-02-28", "2026-01-31"),
        "C-0103": ("met", "2026-04-10", "2026-01-31"),
    }
    text = cli("check", "--repo", root, "--as-of", "2026-05-01", "--all").out
    assert "(rule BX7 from 2026-01-31, protocol 1.4(b), revised)" in text


def test_versions_that_clash_are_a_configuration_error(cli, tmp_path) -> None:
    same_day = NEW_BX7 + NEW_BX7.replace("within a month of", "within 30 days of")
    root = write_repo(tmp_path / "repo", versioned_pack(tmp_path, same_day), [])
    result = cli("check", "--repo", root, "--as-of", "2026-05-01")
    assert result.code == 2
    assert "two versions of rule 'BX7' take effect on the same day" in result.err
    undated = NEW_BX7.replace('    effective_from: "2026-01-31"\n', "")
    root = write_repo(tmp_path / "repo2", versioned_pack(tmp_path / "b", undated), [])
    result = cli("check", "--repo", root, "--as-of", "2026-05-01")
    assert result.code == 2 and "effective_from" in result.err
    assert "policies/rules.yaml:" in result.err


# --- provenance: local choices do not fail CI by default --------------------------------------


def test_local_choice_is_labelled_and_fails_only_with_fail_on_all(cli, tmp_path) -> None:
    # Kirklees: a long-term placement disrupts on Friday 10 April 2026. KI5a (a disruption
    # meeting within 28 days: Friday 8 May) is the pack's own figure, a local choice.
    # Everything else due by 12 May is done on time.
    placements = [
        {"type": "foster_mainstream", "provider": "in_house", "start": "2026-04-01",
         "end": "2026-04-10", "end_reason": "disruption", "long_term": True},
        {"type": "foster_mainstream", "provider": "in_house", "start": "2026-04-10"},
    ]  # fmt: skip
    child = case(
        "2026-04-01",
        placements=placements,
        reviews=["2026-04-02"],
        events=events(
            ("permanence_planning_meeting", "2026-04-02"),
            ("social_worker_visit", "2026-04-02"),
            ("social_worker_visit", "2026-04-11"),
        ),
    )
    root = write_repo(tmp_path / "repo", "kirklees", [child])
    found = check(cli, root, "2026-05-12")
    failing = [(f["rule"], f["rule_status"]) for f in found if f["status"] in ("breached", "late")]
    assert failing == [("KI5a", "local")]
    base = ["check", "--repo", root, "--as-of", "2026-05-12"]
    default = cli(*base)
    assert default.code == 0
    assert "breached: C-0042 a disruption meeting" in default.out
    assert default.out.splitlines()[0].endswith("[local choice]")
    assert cli(*base, "--fail-on", "all").code == 1
    assert cli(*base, "--fail-on", "statutory").code == 0
    assert cli(*base, "--fail-on", "breach").code == 0  # the old name of procedure
    github = cli(*base, "--format", "github").out
    assert "::warning " in github and "KI5a breached (local choice)" in github
    assert "::error " not in github
    assert "::error " in cli(*base, "--format", "github", "--fail-on", "all").out
    gitlab = json.loads(cli(*base, "--format", "gitlab").out)
    assert [(i["severity"], i["description"].endswith("[local choice]")) for i in gitlab] == [
        ("minor", True)
    ]
    junit = cli(*base, "--format", "junit").out
    assert 'failures="0"' in junit and "[local choice]" in junit
    assert 'failures="1"' in cli(*base, "--format", "junit", "--fail-on", "all").out
    assert "| breached (local choice) |" in cli(*base, "--format", "markdown").out
    # without the planning meeting, KI1a (procedure 1.3: 10 working days from 1 April over
    # Easter, Friday 17 April) is breached too: that fails by default, not with statutory
    no_ppm = {**child[1], "events": child[1]["events"][1:]}
    root = write_repo(tmp_path / "repo2", "kirklees", [(child[0], no_ppm)])
    found = check(cli, root, "2026-05-12")
    # late as of 12 May: 20 April to 12 May less the early May bank holiday (4 May): 16
    assert of(found, "KI1a") == [("breached", "2026-04-17", 16)]
    base = ["check", "--repo", root, "--as-of", "2026-05-12"]
    assert cli(*base).code == 1
    assert cli(*base, "--fail-on", "statutory").code == 0
    assert cli(*base, "--fail-on", "never").code == 0


# --- routes --------------------------------------------------------------------------------


def ki6_case(*pairs: tuple[str, str]) -> Record:
    plans = [
        {"plan": "adoption", "agreed": "2026-01-20"},
        {"plan": "long_term_fostering", "agreed": "2026-06-04"},
    ]
    return case("2025-09-01", permanence_plans=plans, events=events(*pairs))


def ki6_heard(day: str) -> list[Record]:
    return [
        referral(day, day, "ki_before_second_review", ["approve_permanency_plan"],
                 documents=["ppm_minutes", "care_plan"]),
        decision(day, day, [{"type": "review_contact_plan"}], "service_manager_assessment"),
    ]  # fmt: skip


def test_urgent_route_satisfies_ki6(cli, tmp_path) -> None:
    # the plan changes away from adoption on Thursday 4 June 2026 without the panel; the
    # operational manager agreed it urgently on Wednesday 3 June, so the case goes to the
    # next panel: the second Wednesday of June, 10 June
    urgent = ("urgent_plan_change_agreed", "2026-06-03")
    write_repo(tmp_path / "met", "kirklees", [ki6_case(urgent), *ki6_heard("2026-06-10")])
    found = check(cli, tmp_path / "met", "2026-06-20")
    assert of(found, "KI6") == [("met", "2026-06-10", 0)]
    (met,) = [f for f in found if f["rule"] == "KI6"]
    assert "urgent change agreed by the operational manager" in met["message"]
    # not reported to that panel: breached from 10 June
    write_repo(tmp_path / "none", "kirklees", [ki6_case(urgent)])
    assert of(check(cli, tmp_path / "none", "2026-06-20"), "KI6") == [("breached", "2026-06-10", 7)]
    # reported a panel later, Wednesday 8 July: 20 working days late
    write_repo(tmp_path / "late", "kirklees", [ki6_case(urgent), *ki6_heard("2026-07-08")])
    assert of(check(cli, tmp_path / "late", "2026-07-20"), "KI6") == [("late", "2026-06-10", 20)]
    # no urgent agreement: the rule itself, breached on the day of the new plan
    write_repo(tmp_path / "plain", "kirklees", [ki6_case(), *ki6_heard("2026-06-10")])
    assert of(check(cli, tmp_path / "plain", "2026-06-20"), "KI6") == [
        ("breached", "2026-06-04", 11)  # 5 June, 8-12 June, 15-19 June
    ]


# --- preset corrections ---------------------------------------------------------------------


def pwp_case(*pairs: tuple[str, str]) -> Record:
    placements = [
        {"type": "foster_mainstream", "provider": "in_house", "start": "2025-10-01",
         "end": "2026-03-05"},
        {"type": "placed_with_parents", "provider": "family", "start": "2026-03-05"},
    ]  # fmt: skip
    return case("2025-10-01", basis="care_order", entry="court_ordered",
                placements=placements, events=events(*pairs))  # fmt: skip


def test_bexley_placement_with_parents_needs_endorsement_and_approval(cli, tmp_path) -> None:
    # placed with parents on Thursday 5 March 2026: endorsed at the panel on 26 February;
    # the nominated officer approves on 4 March (met) or on Monday 9 March (2 days late)
    endorsed = heard("2026-02-26", ["endorse_reunification"])
    write_repo(tmp_path / "met", "bexley",
               [pwp_case(("nominated_officer_approval", "2026-03-04")), *endorsed])  # fmt: skip
    found = check(cli, tmp_path / "met", "2026-03-20")
    assert of(found, "BX20a") == [("met", "2026-03-05", 0)]
    assert of(found, "BX20b") == [("met", "2026-03-05", 0)]
    write_repo(
        tmp_path / "late", "bexley", [pwp_case(("nominated_officer_approval", "2026-03-09"))]
    )
    found = check(cli, tmp_path / "late", "2026-03-20")
    assert of(found, "BX20a") == [("breached", "2026-03-05", 11)]
    assert of(found, "BX20b") == [("late", "2026-03-05", 2)]


def bolton_case(*approvals: dict[str, Any]) -> Record:
    place: dict[str, Any] = {"type": "foster_mainstream", "provider": "in_house",
                             "start": "2026-04-07"}  # fmt: skip
    if approvals:
        place["approvals"] = list(approvals)
    data = {
        "case_id": "C-3001",
        "birth_month": "2014-09",
        "team": "looked_after_children",
        "worker_role": "social_worker",
        "episodes": [{"start": "2025-05-01", "legal_basis": "care_order",
                      "entry": "court_ordered"}],
        "placements": [place],
    }  # fmt: skip
    return "cases/C-3001/case.yaml", data


def test_bolton_placement_without_a_cost_does_not_escape_the_thresholds(cli, tmp_path) -> None:
    write_repo(tmp_path / "none", "bolton", [bolton_case()])
    found = check(cli, tmp_path / "none", "2026-04-10")
    for rule in ("BO4a", "BO4b"):
        (finding,) = [f for f in found if f["rule"] == rule]
        assert finding["status"] == "breached" and "no weekly cost" in finding["message"]
    # a head of service approved it in time: BO4a is satisfied whatever the cost, but
    # whether the assistant director was needed still cannot be judged
    hos = {"role": "head_of_service", "date": "2026-04-02", "end_date": "2026-10-06"}
    write_repo(tmp_path / "hos", "bolton", [bolton_case(hos)])
    found = check(cli, tmp_path / "hos", "2026-04-10")
    assert [f for f in found if f["rule"] == "BO4a"] == []
    assert [f["status"] for f in found if f["rule"] == "BO4b"] == ["breached"]


def test_local_choices_in_the_presets_say_why() -> None:
    expected = {
        "kirklees": {"KI5a", "KI5b", "KI7", "KI9"},
        "bcp": {"BC1b", *(f"BC3{c}" for c in "abcdefgh")},
        "bolton": {"BO2a", "BO3"},
        "bexley": set(),
        "leicestershire": set(),
    }
    for name, ids in expected.items():
        rules = yaml.safe_load((presets_dir() / name / "rules.yaml").read_text())["rules"]
        local = {r["id"] for r in rules if r["status"] == "local"}
        assert local == ids, name
        assert all(r.get("choice") for r in rules if r["status"] == "local")
        assert {r["status"] for r in rules} <= {"statutory", "procedure", "local"}


# --- migrating a pack written before rule provenance ------------------------------------------


def test_old_status_values_are_refused_with_what_to_change(cli, tmp_path) -> None:
    pack = tmp_path / "pack"
    shutil.copytree(presets_dir() / "bexley", pack)
    rules = pack / "rules.yaml"
    text = rules.read_text(encoding="utf-8")
    rules.write_text(text.replace("    status: statutory\n", "    status: guidance\n", 1), "utf-8")
    root = write_repo(tmp_path / "repo", pack, [])
    result = cli("check", "--repo", root)
    assert result.code == 2
    assert "policies/rules.yaml:" in result.err and "statutory, procedure or local" in result.err
    rules.write_text(text.replace("    status: procedure\n", "    status: local\n", 1), "utf-8")
    root = write_repo(tmp_path / "repo2", pack, [])
    result = cli("check", "--repo", root)
    assert result.code == 2
    assert "'choice'" in result.err and "status: procedure" in result.err


# --- the site: local choices labelled, versions dated ----------------------------------------


def test_site_labels_local_choices_and_dates_versions(tmp_path) -> None:
    from casework.sitegen import cases, dashboard, procedures
    from casework.sitegen.model import load_site_data
    from casework.sitegen.pages import Pages

    placements = [
        {"type": "foster_mainstream", "provider": "in_house", "start": "2026-04-01",
         "end": "2026-04-10", "end_reason": "disruption", "long_term": True},
        {"type": "foster_mainstream", "provider": "in_house", "start": "2026-04-10"},
    ]  # fmt: skip
    # Kirklees, with a revised KI1a from 31 January 2026 (invented)
    pack = tmp_path / "pack"
    shutil.copytree(presets_dir() / "kirklees", pack)
    rules = pack / "rules.yaml"
    revised = NEW_BX7.replace("BX7", "KI1a")
    rules.write_text(rules.read_text(encoding="utf-8") + revised, "utf-8")
    root = write_repo(tmp_path / "repo", pack, [case("2026-04-01", placements=placements)])
    data = load_site_data(root, "panel", date(2026, 5, 12))
    pages = Pages(tmp_path / "site")
    views = cases.case_views(data)
    dashboard.write(pages, data, views, [])
    main = (tmp_path / "site" / "dashboard.md").read_text(encoding="utf-8")
    # the rule id links to its row on the procedure page, labelled as a local choice
    assert '#rule-KI5a">KI5a</a> (local choice)</td>' in main
    cases.write(pages, data, views)
    page = (tmp_path / "site" / "cases" / "C-0042.md").read_text(encoding="utf-8")
    assert "(local choice)" in page
    procedures.write(pages, data)
    text = "\n".join(
        p.read_text(encoding="utf-8") for p in (tmp_path / "site").rglob("procedures/*.md")
    )
    assert re.search(r"KI1a[^|\n]* \(until 2026-01-30\) \|", text), text
    assert re.search(r"KI1a[^|\n]* \(from 2026-01-31\) \|", text)
    assert "*Local choice:* Section 12 asks for a disruption meeting" in text


NEW_BX1 = """
  - id: BX1
    title: Referral papers a week before the panel
    description: From 1 May 2026 (an invented revision) papers are due a week before the panel.
    status: procedure
    clause: "protocol 1.6, revised"
    effective_from: "2026-05-01"
    kind: before
    anchor: { event: referral, date_field: panel_date }
    by: { weeks: 1 }
    met_by: { field: submitted }
"""


def test_a_new_papers_deadline_applies_from_its_date(cli, tmp_path) -> None:
    from casework.sitegen.calendar import meetings
    from casework.sitegen.model import load_site_data

    # Bexley meets every other Thursday: 30 April and 14 May 2026. For 30 April the old
    # version holds (3 working days: Monday 27 April); for 14 May the new one (a week:
    # Thursday 7 May), so papers sent on Friday 8 May are 1 working day late
    docs = {"documents": ["referral_form", "care_plan"]}
    records = [
        case("2026-01-05"),
        referral("2026-04-30", "2026-04-27", "bx_newly_looked_after", ["endorse_plan"], **docs),
        referral("2026-05-14", "2026-05-08", "bx_newly_looked_after", ["endorse_plan"], **docs),
    ]
    root = write_repo(tmp_path / "repo", versioned_pack(tmp_path, NEW_BX1), records)
    found = [f for f in check(cli, root, "2026-05-20") if f["rule"] == "BX1"]
    assert [(f["status"], f["due"], f["working_days_late"], f["rule_version"]) for f in found] == [
        ("met", "2026-04-27", 0, None),
        ("late", "2026-05-07", 1, "2026-05-01"),
    ]
    data = load_site_data(root, "panel", date(2026, 4, 20))
    due = {m.day.isoformat(): m.papers_due for m in meetings(data)}
    assert due["2026-04-30"] == date(2026, 4, 27)
    assert due["2026-05-14"] == date(2026, 5, 7)


def test_after_selector_counts_from_each_anchor_up_to_the_next() -> None:
    from casework.selectors import noun, select
    from rulekit import ev, timeline

    placed = [ev("placement_started", date(2026, 3, 2), type="adoptive"),
              ev("placement_started", date(2026, 9, 1), type="adoptive")]  # fmt: skip
    reviews = [ev("case_event", date(2026, m, 10), type="adoption_review") for m in (2, 4, 6, 10)]
    tl = timeline(*placed, *reviews)
    after = {"event": "placement_started", "where": {"type": "adoptive"}}
    spec = {"event": "case_event", "where": {"type": "adoption_review"}, "after": after}
    # February is before any placement; April and June follow the first, October the second
    assert [d for _, d in select(tl, spec)] == [date(2026, 4, 10), date(2026, 6, 10),
                                                date(2026, 10, 10)]  # fmt: skip
    first = {**spec, "nth": 1}
    assert [d for _, d in select(tl, first)] == [date(2026, 4, 10), date(2026, 10, 10)]
    assert [d for _, d in select(tl, {**spec, "nth": 2})] == [date(2026, 6, 10)]
    assert noun(first)[0] == "the first adoption review after the start of an adoptive placement"

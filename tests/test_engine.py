"""The engine over a small temporary repository."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path

from casework.engine import check_repository, evaluate
from casework.findings import Status
from casework.policy import load_policy
from casework.records import load_records
from checkrepo import CASE_WITH_REVIEW, RULES

LATE_PAPERS = {"cases/C-0042/2026-03-05-referral.yaml": None}


def repo(make_repo: Callable[..., Path], **files: str | None) -> Path:
    return make_repo({"policies/rules.yaml": RULES, **files})


def by_rule(findings):  # type: ignore[no-untyped-def]
    return {(f.rule, f.case): f for f in findings}


def test_every_rule_over_every_case_and_meeting(make_repo: Callable[..., Path]) -> None:
    findings, policy, records = check_repository(repo(make_repo), as_of=date(2026, 11, 22))
    assert len(policy.rules) == 5 and records
    found = by_rule(findings)
    assert found[("BX1", "C-0042")].status is Status.MET
    assert found[("T2", "C-0042")].status is Status.MET
    t3 = found[("T3", "C-0042")]
    assert (t3.status, t3.due) == (Status.BREACHED, date(2026, 3, 19))
    assert found[("T4", "")].status is Status.MET
    t5 = found[("T5", "C-0042")]
    assert (t5.status, t5.severity) == (Status.BREACHED, "warning")
    assert [f.sort_key() for f in findings] == sorted(f.sort_key() for f in findings)


def test_a_review_meets_the_rule_and_an_earlier_date_hides_later_records(
    make_repo: Callable[..., Path],
) -> None:
    root = repo(make_repo, **{"cases/C-0042/case.yaml": CASE_WITH_REVIEW})
    findings, _, _ = check_repository(root, as_of=date(2026, 11, 22))
    assert by_rule(findings)[("T3", "C-0042")].status is Status.MET
    # as of 2026-03-10 the review has not happened yet: due soon (19 March)
    findings, _, _ = check_repository(root, as_of=date(2026, 3, 13))
    assert by_rule(findings)[("T3", "C-0042")].status is Status.DUE_SOON
    # as of 2026-03-01 there is no decision yet: no T3 finding at all
    findings, _, _ = check_repository(root, as_of=date(2026, 3, 1))
    assert ("T3", "C-0042") not in by_rule(findings)
    assert ("T4", "") not in by_rule(findings)  # the meeting is later too


def test_evaluate_with_a_policy_directory(make_repo: Callable[..., Path], tmp_path: Path) -> None:
    root = repo(make_repo)
    policy = load_policy(root / "policies", root)
    records, _ = load_records(root)
    assert (
        evaluate(policy, records, date(2026, 11, 22), due_soon=5)
        == check_repository(root, policy_dir=root / "policies", as_of=date(2026, 11, 22))[0]
    )


def test_invalid_records_are_left_out(make_repo: Callable[..., Path]) -> None:
    root = repo(make_repo, **{"cases/C-0042/2026-03-05-referral.yaml": "case_id: C-0042\n"})
    findings, _, _ = check_repository(root, as_of=date(2026, 11, 22))
    assert ("BX1", "C-0042") not in by_rule(findings)
    assert ("T3", "C-0042") in by_rule(findings)


def test_ten_cases_are_cheap(make_repo: Callable[..., Path]) -> None:
    files: dict[str, str | None] = {}
    base = (make_repo() / "cases/C-0042/case.yaml").read_text(encoding="utf-8")
    for n in range(100, 110):
        files[f"cases/C-0{n}/case.yaml"] = base.replace("C-0042", f"C-0{n}")
    findings, _, _ = check_repository(repo(make_repo, **files), as_of=date(2026, 11, 22))
    cases = {f.case for f in findings if f.rule == "T2"}
    assert cases == {"C-0042", *(f"C-0{n}" for n in range(100, 110))}

"""The engine over a small temporary repository."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import date
from pathlib import Path

from casework.engine import check_repository, evaluate
from casework.findings import Status
from casework.policy import load_policy
from casework.records import load_records
from checkrepo import CASE_WITH_REVIEW, RULES
from conftest import Run

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


def _generated(dest: Path, cases: int) -> Path:
    import importlib.util

    spec = importlib.util.spec_from_file_location(
        "bench_generate", Path(__file__).resolve().parent.parent / "bench" / "generate.py"
    )
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    module.generate(cases, dest, 5)
    return dest


def test_check_one_folder_at_a_time_agrees_with_every_record_at_once(
    cli: Callable[..., Run], tmp_path: Path
) -> None:
    """``casework check`` reads one case folder at a time (memory bounded by the
    findings); its report is the engine's over every record loaded together, as the
    site evaluates them, finding for finding and line for line."""
    generated = _generated(tmp_path / "gen", 25)
    broken = sorted(generated.glob("cases/*/*-referral.yaml"))[3]
    broken.write_text("case_id: [not closed\n", encoding="utf-8")
    as_of = date(2026, 11, 22)
    demo = Path(__file__).resolve().parent.parent
    for repository in (generated, demo):
        run = cli(
            "check", "--repo", repository, "--all", "--format", "json",
            "--fail-on", "never", "--as-of", as_of.isoformat(),
        )  # fmt: skip
        assert run.code == 0, run.err
        findings, _policy, _records = check_repository(repository, as_of=as_of)
        assert len(findings) > 100
        assert json.loads(run.out) == [f.as_json() for f in findings]
        if repository == generated:  # the broken referral is left out, and said so
            assert "1 record file could not be read" in run.err, run.err
            assert not any(f.file == broken.relative_to(generated).as_posix() for f in findings)

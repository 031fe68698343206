"""Everything the pages are made from, loaded and derived once per build."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from casework.corrections import corrected_meetings, corrected_referrals
from casework.engine import evaluate
from casework.errors import CaseworkError, UsageError
from casework.gitlog import file_history
from casework.policy import Policy, load_policy, policy_dir_for
from casework.records import Record, load_records

AUDIENCES = ("panel", "procedures")


@dataclass(frozen=True)
class Commit:
    """One commit as a page shows it (an amendments list, an audit trail).

    Deliberately without the message and the author: the site never shows either.
    """

    sha: str
    date: date
    #: what the commit did to the file: A (added), M (changed), D (removed), R (renamed to it)
    status: str = "M"

    @property
    def short(self) -> str:
        return self.sha[:8]


@dataclass(frozen=True)
class Decision:
    """A decision record with its amendments applied (as known on the as-of date)."""

    case_id: str
    stem: str
    hearing: date
    data: dict[str, Any]
    file: str
    amended_by: tuple[str, ...] = ()

    @property
    def items(self) -> list[dict[str, Any]]:
        return list(self.data.get("items", []))


@dataclass(frozen=True)
class SiteData:
    root: Path
    policy: Policy
    records: list[Record]
    as_of: date
    audience: str
    due_soon: int
    findings: list[Any]
    history: dict[str, list[Commit]]
    cases: dict[str, Record] = field(default_factory=dict)
    by_case: dict[str, list[Record]] = field(default_factory=dict)
    meetings: dict[date, Record] = field(default_factory=dict)
    decisions: dict[str, list[Decision]] = field(default_factory=dict)
    #: findings per case id and meeting days per case heard, indexed once (see ``__post_init__``)
    _findings_by_case: dict[str | None, list[Any]] = field(
        default_factory=dict, init=False, repr=False
    )
    _heard_on: dict[str, list[date]] = field(default_factory=dict, init=False, repr=False)
    #: the referrals as their corrections (made by the as-of date) say they should read
    _referrals: list[Record] = field(default_factory=list, init=False, repr=False)

    def __post_init__(self) -> None:
        # Indexed once so that each case page looks its findings up instead of scanning every
        # finding of every case (that scan made the build grow with the square of the cases).
        by_case: dict[str | None, list[Any]] = defaultdict(list)
        for finding in self.findings:
            by_case[getattr(finding, "case", None)].append(finding)
        heard: dict[str, list[date]] = defaultdict(list)
        for day, meeting in sorted(self.meetings.items()):
            for case_id in meeting.data.get("cases_heard", []) or []:
                heard[case_id].append(day)
        object.__setattr__(self, "_findings_by_case", dict(by_case))
        object.__setattr__(self, "_heard_on", dict(heard))
        object.__setattr__(self, "_referrals", corrected_referrals(self.records, self.as_of))

    @property
    def panel_audience(self) -> bool:
        return self.audience == "panel"

    def findings_for(self, case_id: str) -> list[Any]:
        """The case's findings, in the order the timescale engine gave them."""
        return list(self._findings_by_case.get(case_id, []))

    def meetings_heard(self, case_id: str) -> list[date]:
        """Days of the meeting records that list the case as heard, oldest first."""
        return list(self._heard_on.get(case_id, []))

    def referrals(self) -> list[Record]:
        """Every referral, as its corrections made by the as-of date say it should read."""
        return list(self._referrals)


def parse(text: str | None) -> date | None:
    return date.fromisoformat(text) if text else None


def effective_decisions(records: list[Record], as_of: date) -> dict[str, list[Decision]]:
    """Decisions per case, each with its amendments (made by the as-of date) applied."""
    amendments: dict[tuple[str, str], list[Record]] = defaultdict(list)
    for record in records:
        if record.kind != "amendment":
            continue
        made = parse(record.data["date"])
        if made is not None and made <= as_of:
            amendments[(record.file.case_id or "", record.data["amends"])].append(record)
    result: dict[str, list[Decision]] = defaultdict(list)
    for record in records:
        if record.kind != "decision":
            continue
        hearing = parse(record.data["hearing_date"])
        if hearing is None or hearing > as_of:
            continue
        data = dict(record.data)
        applied = sorted(
            amendments.get((record.file.case_id or "", record.file.stem), []),
            key=lambda r: (r.data["date"], r.file.stem),
        )
        for amendment in applied:
            data.update(amendment.data["changes"])
        result[record.file.case_id or ""].append(
            Decision(
                record.file.case_id or "",
                record.file.stem,
                hearing,
                data,
                record.file.display,
                tuple(a.file.display for a in applied),
            )
        )
    for decisions in result.values():
        decisions.sort(key=lambda d: d.hearing)
    return dict(result)


def load_site_data(
    root: Path,
    audience: str = "panel",
    as_of: date | None = None,
    due_soon: int = 5,
    policy_dir: Path | None = None,
    memo: Any = None,
) -> SiteData:
    """Load the pack and records, evaluate the timescales and read git history once.

    ``memo`` (``casework.sitegen.memo.Memo``) gives back the records and the cases'
    findings that are the same as in the previous build.
    """
    as_of = as_of or date.today()
    policy = load_policy(policy_dir_for(root, policy_dir), root)
    history = _history(root)
    if audience == "procedures":
        return SiteData(root, policy, [], as_of, audience, due_soon, [], history)
    records, problems = load_records(root, vocab=policy.vocabulary, known=memo)
    errors = [p for p in problems if getattr(p.severity, "value", "error") == "error"]
    if errors:
        raise CaseworkError(
            f"{len(errors)} record{'s are' if len(errors) != 1 else ' is'} not valid, so the "
            f"site was not built; the first: {errors[0]}. Run 'casework validate' and fix them"
        )
    records = [r for r in records if r.kind not in ("pack", "rules")]
    findings: list[Any] = list(evaluate(policy, records, as_of, due_soon=due_soon, known=memo))
    cases = {r.file.case_id: r for r in records if r.kind == "case" and r.file.case_id}
    by_case: dict[str, list[Record]] = defaultdict(list)
    for record in records:
        if record.file.case_id:
            by_case[record.file.case_id].append(record)
    meetings = {parse(r.data["date"]): r for r in corrected_meetings(records, as_of)}
    return SiteData(
        root,
        policy,
        records,
        as_of,
        audience,
        due_soon,
        findings,
        history,
        cases,
        dict(by_case),
        {d: r for d, r in meetings.items() if d is not None},
        effective_decisions(records, as_of),
    )


def _history(root: Path) -> dict[str, list[Commit]]:
    """Every file's commits from one ``git log`` pass; none outside git or before a commit.

    A repository whose history git cannot read (a damaged object or pack) stops the
    build: otherwise every record would silently show as "not yet committed".
    """
    try:
        raw = file_history(root)
    except UsageError as exc:
        raise UsageError(
            "git could not read the repository's history, so the audit trails and amendment "
            f"lists cannot be built ({exc.message}). Run 'git fsck' to find what is damaged, "
            "and restore the repository from its remote or a backup"
        ) from None
    return {path: [_commit(c) for c in commits] for path, commits in raw.items()}


def _commit(commit: Any) -> Commit:
    when = date.fromisoformat(str(commit.date)[:10])
    return Commit(str(commit.sha), when, str(commit.status))

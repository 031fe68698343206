"""The dashboard: breaches and items due soon by rule and by team, a chart, overdue reviews.

The dashboard itself stays short however many cases there are: for each rule
and each team it shows the counts and the ``SHOWN`` most overdue breaches and
soonest items due, and links to that group's page with the full list (one page
per rule and per team under ``dashboard/``, out of the navigation and the
search index). One page listing every breach twice grew to megabytes.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from markupsafe import Markup

from casework.sitegen.cases import CaseView
from casework.sitegen.chart import Series, responsive_chart
from casework.sitegen.model import SiteData
from casework.sitegen.pages import Pages, case_page
from casework.sitegen.procedures import Procedure, rule_pages
from casework.workdays import add_months

MONTHS = 12
#: breaches (and, separately, items due soon) shown per group on the dashboard itself
SHOWN = 10
#: the group pages with every item, reached from the dashboard
GROUP_DIR = "dashboard"
_UNSAFE = re.compile(r"[^A-Za-z0-9_-]")


@dataclass(frozen=True)
class Group:
    key: str
    title: str
    breached: list[Any]
    due_soon: list[Any]
    #: the group's own page with every item ('dashboard/rule/S5.md')
    page: str = ""

    @property
    def shortened(self) -> bool:
        return len(self.breached) > SHOWN or len(self.due_soon) > SHOWN


def group_page(kind: str, key: str) -> str:
    return f"{GROUP_DIR}/{kind}/{_UNSAFE.sub('-', key)}.md"


def month_ends(as_of: date, months: int = MONTHS) -> list[date]:
    """The last day of each of the previous ``months - 1`` months, then the as-of date."""
    first = as_of.replace(day=1)
    ends = [add_months(first, -k) - timedelta(days=1) for k in range(months - 2, -1, -1)]
    return [*ends, as_of]


def overdue_on(findings: list[Any], day: date) -> int:
    """Items whose deadline had passed by ``day`` without being done by then."""
    return sum(1 for f in findings if f.due < day and (f.done is None or f.done > day))


def late_in(findings: list[Any], start: date, end: date) -> int:
    """Items done after their deadline, with the late completion falling in (start, end]."""
    return sum(
        1 for f in findings if f.done is not None and f.done > f.due and start < f.done <= end
    )


def chart(data: SiteData) -> str:
    days = month_ends(data.as_of)
    findings = [f for f in data.findings if getattr(f, "case", "")]
    labels = [f"{d:%b %y}" if d != data.as_of else "today" for d in days]
    starts = [date.min, *days[:-1]]
    return responsive_chart(
        "Timescales overdue at the end of each month, and completed late in it",
        labels,
        [
            Series("Overdue at month end", [overdue_on(findings, d) for d in days]),
            Series(
                "Completed late in month",
                [late_in(findings, s, e) for s, e in zip(starts, days, strict=True)],
            ),
        ],
    )


def _groups(
    findings: list[Any], key: Callable[[Any], str], title: Callable[[str], str], kind: str
) -> list[Group]:
    grouped: dict[str, list[Any]] = defaultdict(list)
    for finding in findings:
        grouped[key(finding)].append(finding)
    result = [
        Group(
            k,
            title(k),
            sorted([f for f in fs if str(f.status) == "breached"], key=lambda f: (f.due, f.case)),
            sorted([f for f in fs if str(f.status) == "due_soon"], key=lambda f: (f.due, f.case)),
            group_page(kind, k),
        )
        for k, fs in grouped.items()
    ]
    return sorted(result, key=lambda g: (-len(g.breached), -len(g.due_soon), g.title))


def write(pages: Pages, data: SiteData, views: list[CaseView], procedures: list[Procedure]) -> None:
    teams = {v.case_id: v.team for v in views}
    links = rule_pages(data)
    rules = {r["id"]: r["title"] for r in data.policy.rules}
    current = [
        f for f in data.findings if str(f.status) in ("breached", "due_soon") and f.case in teams
    ]
    meeting_findings = [
        f for f in data.findings if str(f.status) in ("breached", "late") and not f.case
    ]
    by_rule = _groups(
        current, lambda f: f.rule, lambda k: f"{k} {rules.get(k, '')}".strip(), "rule"
    )
    by_team = _groups(
        current, lambda f: teams[f.case], lambda k: data.policy.label("teams", k), "team"
    )
    for kind, groups in (("rule", by_rule), ("team", by_team)):
        for group in groups:
            pages.render(
                group.page,
                "dashboard_group.md.j2",
                meta={
                    "title": f"Dashboard: {group.title}",
                    "search": {"exclude": True},
                    "hide": ["toc"],
                },
                reuse=True,  # kept from the previous build if made from the same things
                g=group,
                kind=kind,
                data=data,
                case_page=case_page,
                shown=None,
                rule_pages=links,
            )
    pages.render(
        "dashboard.md",
        "dashboard.md.j2",
        meta={"title": "Dashboard"},
        data=data,
        by_rule=by_rule,
        by_team=by_team,
        shown=SHOWN,
        breached=sum(1 for f in current if str(f.status) == "breached"),
        due_soon=sum(1 for f in current if str(f.status) == "due_soon"),
        cases_breached=len({f.case for f in current if str(f.status) == "breached"}),
        meeting_findings=meeting_findings,
        chart=Markup(chart(data)),
        overdue_reviews=[p for p in procedures if p.overdue_review],
        case_page=case_page,
        rule_pages=links,
    )

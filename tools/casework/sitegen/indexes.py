"""Index pages that reach the case pages: by team, by status and by number.

Case pages are never listed one by one in the navigation (Material writes the
whole navigation into every page, so that would grow with the square of the
number of cases). The number pages are the ones search indexes: each case is
a short section headed by its pseudonym, so searching for ``C-0042`` finds it.
"""

from __future__ import annotations

from collections import defaultdict

from casework.sitegen.cases import CaseView
from casework.sitegen.model import SiteData
from casework.sitegen.pages import Pages

STATUS_PAGES = {
    "breached": "Breached timescales",
    "due_soon": "Timescales due soon",
    "late": "Done late, nothing outstanding",
    "on_track": "On track",
}


def number_block(case_id: str) -> str:
    """``C-0042`` -> ``C-00``: cases grouped by the first two digits of their number."""
    return case_id[:4]


def write(pages: Pages, data: SiteData, views: list[CaseView]) -> None:
    teams: dict[str, list[CaseView]] = defaultdict(list)
    statuses: dict[str, list[CaseView]] = defaultdict(list)
    blocks: dict[str, list[CaseView]] = defaultdict(list)
    for view in views:
        teams[view.team].append(view)
        statuses[view.status].append(view)
        blocks[number_block(view.case_id)].append(view)
    team_titles = {t: data.policy.label("teams", t) for t in teams}
    for team, members in teams.items():
        pages.render(
            f"cases/team/{team}.md",
            "case_list.md.j2",
            title=f"Cases: {team_titles[team]}",
            views=members,
            data=data,
            searchable=False,
        )
    for status, members in statuses.items():
        pages.render(
            f"cases/status/{status}.md",
            "case_list.md.j2",
            title=f"Cases: {STATUS_PAGES[status].lower()}",
            views=members,
            data=data,
            searchable=False,
        )
    for block, members in blocks.items():
        pages.render(
            f"cases/numbers/{block}.md",
            "case_numbers.md.j2",
            title=f"Cases {block}xx",
            views=members,
            data=data,
        )
    pages.render(
        "cases/index.md",
        "cases_index.md.j2",
        data=data,
        total=len(views),
        teams=sorted(teams.items(), key=lambda kv: team_titles[kv[0]]),
        team_titles=team_titles,
        statuses=[(s, STATUS_PAGES[s], statuses[s]) for s in STATUS_PAGES if s in statuses],
        blocks=sorted(blocks.items()),
    )

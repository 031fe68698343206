"""Index pages that reach the case pages: by team, by status and by number.

Case pages are never listed one by one in the navigation (Material writes the
whole navigation into every page, so that would grow with the square of the
number of cases). The number pages are the ones search indexes: each case is
a short section headed by its pseudonym, so searching for ``C-0042`` finds it.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from casework.sitegen.cases import CaseView
from casework.sitegen.model import SiteData
from casework.sitegen.pages import Pages, case_page

STATUS_PAGES = {
    "breached": "Breached timescales",
    "due_soon": "Timescales due soon",
    "late": "Done late, nothing outstanding",
    "on_track": "On track",
}


#: rows on one page of a case list (by team, by status); longer lists go on to further pages
LIST_PAGE = 200


@dataclass(frozen=True)
class Row:
    """A case as a case list or a number page shows it: all such a page is given of it, so
    the page is kept from the previous build while these are the same (``reuse=True``)."""

    case_id: str
    team_title: str
    legal_status: str
    #: findings per status, in the order their statuses first occur
    counts: tuple[tuple[str, int], ...]

    @property
    def page(self) -> str:
        return case_page(self.case_id)

    @property
    def breached(self) -> int:
        return dict(self.counts).get("breached", 0)

    @property
    def due_soon(self) -> int:
        return dict(self.counts).get("due_soon", 0)


def row(view: CaseView) -> Row:
    return Row(view.case_id, view.team_title, view.legal_status, tuple(view.counts.items()))


def number_block(case_id: str) -> str:
    """``C-0042`` -> ``C-00``: cases grouped by the first two digits of their number."""
    return case_id[:4]


def number_page(case_id: str) -> str:
    """``C-0042`` -> ``C-00``, ``C-01234`` -> ``C-012``: one number page per hundred cases.

    With four-digit numbers this is the number block; with longer numbers a block
    holds several pages, so no page carries more than a hundred cases (Material's
    search plugin looks every section up in the page's table of contents, which
    costs the square of the sections on one page).
    """
    return case_id[: max(4, len(case_id) - 2)]


def list_pages(base: str, count: int, size: int | None = None) -> list[str]:
    """Pages of a long case list: ``base.md``, then ``base-2.md`` ... of ``size`` rows each."""
    size = size or LIST_PAGE
    parts = max(1, -(-count // size))
    return [f"{base}.md" if n == 1 else f"{base}-{n}.md" for n in range(1, parts + 1)]


def _write_list(
    pages: Pages, data: SiteData, base: str, title: str, members: list[CaseView]
) -> None:
    paths = list_pages(base, len(members))
    for number, path in enumerate(paths, start=1):
        start = (number - 1) * LIST_PAGE
        pages.render(
            path,
            "case_list.md.j2",
            meta={
                "title": title if number == 1 else f"{title} ({number} of {len(paths)})",
                "search": {"exclude": True},
                "hide": ["toc"],
            },
            reuse=True,
            title=title if number == 1 else f"{title} ({number} of {len(paths)})",
            views=[row(v) for v in members[start : start + LIST_PAGE]],
            first=start + 1,
            total=len(members),
            number=number,
            paths=paths,
            data=data,
        )


def write(pages: Pages, data: SiteData, views: list[CaseView]) -> None:
    teams: dict[str, list[CaseView]] = defaultdict(list)
    statuses: dict[str, list[CaseView]] = defaultdict(list)
    hundreds: dict[str, list[CaseView]] = defaultdict(list)
    for view in views:
        teams[view.team].append(view)
        statuses[view.status].append(view)
        hundreds[number_page(view.case_id)].append(view)
    blocks: dict[str, list[tuple[str, int]]] = defaultdict(list)
    for prefix, members in sorted(hundreds.items()):
        blocks[number_block(prefix)].append((prefix, len(members)))
    team_titles = {t: data.policy.label("teams", t) for t in teams}
    for team, members in teams.items():
        _write_list(pages, data, f"cases/team/{team}", f"Cases: {team_titles[team]}", members)
    for status, members in statuses.items():
        title = f"Cases: {STATUS_PAGES[status].lower()}"
        _write_list(pages, data, f"cases/status/{status}", title, members)
    for prefix, members in hundreds.items():
        pages.render(
            f"cases/numbers/{prefix}.md",
            "case_numbers.md.j2",
            meta={"title": f"Cases {prefix}xx", "hide": ["toc"]},
            reuse=True,
            title=f"Cases {prefix}xx",
            views=[row(v) for v in members],
            data=data,
        )
    pages.render(
        "cases/index.md",
        "cases_index.md.j2",
        meta={"title": "Cases"},
        data=data,
        total=len(views),
        teams=sorted(teams.items(), key=lambda kv: team_titles[kv[0]]),
        team_titles=team_titles,
        statuses=[(s, STATUS_PAGES[s], statuses[s]) for s in STATUS_PAGES if s in statuses],
        blocks=sorted(blocks.items()),
    )

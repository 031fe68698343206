"""``build_site``: generate every page into a build folder, then run MkDocs on it."""

from __future__ import annotations

import re
import shutil
import time
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from casework.errors import CaseworkError, UsageError
from casework.sitegen import agendas, calendar, cases, dashboard, indexes, procedures
from casework.sitegen.mkdocs_run import run_mkdocs, write_config
from casework.sitegen.model import AUDIENCES, SiteData, load_site_data

#: hand-written pages and assets
SITE_DIR = "site"
#: where the generated Markdown and the build's mkdocs.yml go (git ignores it)
WORK_DIR = ".site-build"
#: marks a folder as casework's output, so a rebuild may replace its contents
MARKER = ".casework-site"
DEFAULT_OUTPUT = {"panel": "public", "procedures": "public-procedures"}
#: generated page families kept out of the navigation (reached from index pages)
NOT_IN_NAV = ["/cases/", "/agendas/", "/dashboard/"]

_PANEL_BLOCK = re.compile(r"<!-- panel -->.*?<!-- /panel -->\n?", re.S)
_FRONT = re.compile(r"\A---\n(.*?)\n---\n", re.S)


@dataclass
class BuildResult:
    audience: str
    output: Path
    config: Path
    pages: int
    cases: int
    meetings: int
    seconds: float
    warnings: list[str] = field(default_factory=list)


def _front_matter(text: str) -> dict[str, Any]:
    import yaml

    match = _FRONT.match(text)
    if not match:
        return {}
    try:
        data = yaml.safe_load(match.group(1))
    except yaml.YAMLError:
        return {}
    return data if isinstance(data, dict) else {}


def copy_handwritten(root: Path, pages: Any, audience: str) -> list[tuple[str, str]]:
    """Copy ``site/`` (less ``overrides/``) into the build; returns (title, page) of extra pages.

    A page whose front matter says ``audience: panel`` is left out of the
    procedures-only site, and so is any text between ``<!-- panel -->`` and
    ``<!-- /panel -->``.
    """
    source = root / SITE_DIR
    extra: list[tuple[str, str]] = []
    if not source.is_dir():
        return extra
    for file in sorted(source.rglob("*")):
        rel = file.relative_to(source).as_posix()
        if not file.is_file() or rel.startswith("overrides/"):
            continue
        if file.suffix != ".md":
            pages.write(rel, file.read_bytes())
            continue
        text = file.read_text(encoding="utf-8")
        meta = _front_matter(text)
        if audience == "procedures":
            if meta.get("audience") == "panel":
                continue
            text = _PANEL_BLOCK.sub("", text)
        pages.write(rel, text)
        if rel != "index.md":
            heading = re.search(r"^#\s+(.+)$", text, re.M)
            title = str(meta.get("title") or (heading.group(1) if heading else rel))
            extra.append((title, rel))
    return extra


def navigation(
    data: SiteData, found: list[procedures.Procedure], extra: list[tuple[str, str]]
) -> list[Any]:
    nav: list[Any] = [{"Home": "index.md"}]
    nav.append({"Procedures": ["procedures/index.md", *({p.title: p.page} for p in found)]})
    if data.panel_audience:
        nav.append(
            {
                "Panel": [
                    calendar.nav_entry(data.policy),
                    {"Agendas": "agendas/index.md"},
                    {"Cases": "cases/index.md"},
                    {"Dashboard": "dashboard.md"},
                ]
            }
        )
    nav.extend({title: page} for title, page in extra)
    return nav


def resolve_output(root: Path, audience: str, output: Path | None) -> Path:
    target = (output if output is not None else root / DEFAULT_OUTPUT[audience]).resolve()
    if target == root.resolve() or (target / ".git").exists() or target in root.resolve().parents:
        raise UsageError(
            f"the output folder '{target}' is the repository or contains it; choose another "
            "folder with --output"
        )
    if target.is_dir() and any(target.iterdir()) and not (target / MARKER).exists():
        raise UsageError(
            f"the output folder '{target}' already holds files casework did not write; "
            "choose an empty or new folder with --output (a build replaces its contents)"
        )
    return target


_CASE_ID = re.compile(rb"C-[0-9]{4,8}")


def _refuse_pseudonyms(root: Path, site: Path) -> None:
    """The procedures-only site must hold no case pseudonym: remove it and stop if it does."""
    cases = root / "cases"
    ids = {p.name.encode() for p in cases.iterdir()} if cases.is_dir() else set()
    if not ids:
        return
    for file in sorted(site.rglob("*")):
        if file.is_file() and ids.intersection(_CASE_ID.findall(file.read_bytes())):
            where = file.relative_to(site).as_posix()
            shutil.rmtree(site)
            raise CaseworkError(
                f"the procedures-only site would show the pseudonym of a real case (in {where}, "
                "built from a procedure's text or the commit messages that changed it); use an "
                "example id no case has (such as C-0000) and build again. Nothing was written."
            )


def build_site(
    root: Path,
    audience: str = "panel",
    as_of: date | None = None,
    output: Path | None = None,
    due_soon: int = 5,
    policy_dir: Path | None = None,
    run: bool = True,
) -> BuildResult:
    """Generate the pages of one audience's site and (unless ``run`` is false) build it."""
    if audience not in AUDIENCES:
        raise UsageError(f"unknown audience; use one of: {', '.join(AUDIENCES)}")
    started = time.perf_counter()
    root = root.resolve()
    target = resolve_output(root, audience, output)
    data = load_site_data(root, audience, as_of, due_soon, policy_dir)
    work = root / WORK_DIR / audience
    docs = work / "docs"
    docs.mkdir(parents=True, exist_ok=True)
    from casework.sitegen.pages import Pages

    pages = Pages(docs)
    extra = copy_handwritten(root, pages, audience)
    found = procedures.write(pages, data)
    views: list[cases.CaseView] = []
    meetings: list[calendar.Meeting] = []
    if data.panel_audience:
        per_panel = []
        for panel in data.policy.panels:
            found_here = calendar.meetings(data, panel)
            minutes = agendas.planned_minutes(data, panel)
            calendar.write(pages, data, found_here, minutes, panel)
            per_panel.append(agendas.plan_agendas(data, found_here, panel))
            meetings.extend(found_here)
        if calendar.several(data.policy):
            calendar.write_overview(pages, data)
        agendas.write(pages, data, per_panel)
        views = cases.case_views(data)
        cases.write(pages, data, views)
        indexes.write(pages, data, views)
        dashboard.write(pages, data, views, found)
    pages.remove_stale()
    config = write_config(root, work, target, navigation(data, found, extra), NOT_IN_NAV)
    warnings: list[str] = []
    if run:
        if target.is_dir():
            shutil.rmtree(target)
        warnings = run_mkdocs(config)
        (target / MARKER).write_text(
            "Built by 'casework site build'; the next build replaces this folder.\n",
            encoding="utf-8",
        )
    if run and audience == "procedures":
        _refuse_pseudonyms(root, target)
    return BuildResult(
        audience,
        target,
        config,
        len(pages.written),
        len(views),
        len(meetings),
        time.perf_counter() - started,
        warnings,
    )

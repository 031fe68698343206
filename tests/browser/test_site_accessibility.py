"""Every page type of both builds, at desktop width and on a 390 px phone, checked with axe-core.

axe-core (from the npm registry, installed into .tools/ by scripts/install-test-tools)
is injected into each page in Chromium; no violation of serious or critical impact
may remain, nor the lesser ones issue 10 named (heading order, empty table headings).
At 390 px the page must not scroll sideways and no table cell may lie outside the
screen. A screenshot of each page type at each width is kept as an artefact.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from browser.site_support import AXE, DEMO_AS_OF, DemoSite
from casework.engine import check_repository
from casework.sitegen.calendar import CALENDAR_PAGE

pytestmark = pytest.mark.browser

WIDTHS = {"desktop": (1280, 900), "phone": (390, 844)}
#: what fails a page: every serious or critical violation, and these by name
IMPACTS = {"serious", "critical"}
NAMED = {"heading-order", "empty-table-header", "link-in-text-block"}

_AXE_RUN = """async () => {
  const result = await axe.run(document, {resultTypes: ["violations"]});
  return result.violations.map(v => ({
    id: v.id, impact: v.impact, help: v.help,
    targets: v.nodes.slice(0, 4).map(n => n.target.join(" ")),
  }));
}"""

_PHONE_LAYOUT = """() => {
  const width = window.innerWidth;
  const out = {scrollWidth: document.documentElement.scrollWidth, outside: [], scrolling: []};
  for (const cell of document.querySelectorAll("article td, article th")) {
    const head = cell.closest("thead");  // a heading row kept for screen readers only
    if (head && head.getBoundingClientRect().width <= 1) continue;
    const box = cell.getBoundingClientRect();
    if (box.width > 1 && box.right > width + 1) {
      out.outside.push(cell.textContent.trim().slice(0, 40));
    }
  }
  for (const wrap of document.querySelectorAll("article .md-typeset__scrollwrap, article table")) {
    if (wrap.scrollWidth > wrap.clientWidth + 1) {
      const heading = wrap.querySelector("th");
      out.scrolling.push(heading ? heading.textContent.trim() : "(a table)");
    }
  }
  return out;
}"""


def _axe_available() -> None:
    if not AXE.is_file():
        pytest.fail(f"axe-core is not installed at {AXE}: run scripts/install-test-tools")


def _problems(page: Any, width: str) -> list[str]:
    """What axe and (on a phone) the layout checks find wrong with the open page."""
    page.add_script_tag(path=str(AXE))
    found = [
        f"{v['impact']} {v['id']} ({v['help']}): {', '.join(v['targets'])}"
        for v in page.evaluate(_AXE_RUN)
        if v["impact"] in IMPACTS or v["id"] in NAMED
    ]
    if width == "phone":
        layout = page.evaluate(_PHONE_LAYOUT)
        if layout["scrollWidth"] > WIDTHS["phone"][0]:
            found.append(f"the page scrolls sideways ({layout['scrollWidth']} px wide)")
        if layout["outside"]:
            found.append(f"table cells outside the screen: {layout['outside'][:5]}")
        if layout["scrolling"]:
            found.append(f"tables that scroll sideways: {layout['scrolling'][:5]}")
    return found


def _check(context: Any, site: DemoSite, pages: list[str], width: str, screenshot: Path) -> None:
    _axe_available()
    assert pages, "the build has a page of this type"
    page = context.new_page()
    page.set_default_timeout(30_000)
    w, h = WIDTHS[width]
    page.set_viewport_size({"width": w, "height": h})
    found: dict[str, list[str]] = {}
    try:
        for number, path in enumerate(pages):
            page.goto(site.url + path)
            page.wait_for_load_state("load")
            if number == 0:
                page.screenshot(path=str(screenshot), full_page=True)
            problems = _problems(page, width)
            if problems:
                found[path] = problems
    finally:
        page.close()
    assert found == {}, json.dumps(found, indent=1)


def _html(folder: Path, pattern: str) -> list[str]:
    return sorted(p.relative_to(folder.parent).as_posix() for p in folder.glob(pattern))


def _agendas(site: DemoSite) -> list[str]:
    days = sorted(p.stem for p in (site.output / "agendas").glob("2*.html"))
    upcoming = [d for d in days if d >= DEMO_AS_OF.isoformat()]
    held = sorted(p.name[:10] for p in (site.root / "meetings").glob("*-meeting.yaml"))
    assert upcoming and held, "the demo has a coming meeting and a recorded one"
    return [f"agendas/{upcoming[0]}.html", f"agendas/{held[-1]}.html"]


def _cases(site: DemoSite) -> list[str]:
    findings, _policy, _records = check_repository(site.root, as_of=DEMO_AS_OF)
    breached = sorted({f.case for f in findings if str(f.status) == "breached" and f.case})
    assert breached, "the demo has a case with a breached timescale"
    largest = max((site.output / "cases").glob("C-*.html"), key=lambda p: p.stat().st_size)
    return list(dict.fromkeys([f"cases/{breached[0]}.html", f"cases/{largest.name}"]))


#: the panel build's page types, each with the pages of it that are checked
PANEL: dict[str, Callable[[DemoSite], list[str]]] = {
    "home": lambda s: ["index.html"],
    "procedures index": lambda s: ["procedures/index.html"],
    "procedure": lambda s: [
        p for p in _html(s.output / "procedures", "*.html") if not p.endswith("/index.html")
    ],
    "calendar": lambda s: [CALENDAR_PAGE.removesuffix(".md") + ".html"],
    "agendas index": lambda s: ["agendas/index.html"],
    "agenda": _agendas,
    "case": _cases,
    "case lists": lambda s: ["cases/index.html", *_html(s.output / "cases", "*/*.html")],
    "dashboard": lambda s: ["dashboard.html"],
    "dashboard rule": lambda s: _html(s.output / "dashboard", "rule/*.html"),
    "dashboard team": lambda s: _html(s.output / "dashboard", "team/*.html"),
    "not found": lambda s: ["404.html"],
}
#: the practitioners' build: its three page types, and every other page it has
PROCEDURES: dict[str, Callable[[DemoSite], list[str]]] = {
    "home": lambda s: ["index.html"],
    "procedures index": lambda s: ["procedures/index.html"],
    "procedure": PANEL["procedure"],
    "other pages": lambda s: [
        p.relative_to(s.output).as_posix()
        for p in sorted(s.output.rglob("*.html"))
        if p.parent != s.output / "procedures" and p.name != "index.html"
    ],
}


def _slug(text: str) -> str:
    return re.sub(r"\W+", "-", text)


@pytest.mark.parametrize("width", list(WIDTHS))
@pytest.mark.parametrize("kind", list(PANEL))
def test_panel_site_page_type_passes_axe(
    browser_context: Any, demo_site: DemoSite, artifacts: Path, kind: str, width: str
) -> None:
    pages = PANEL[kind](demo_site)
    _check(browser_context, demo_site, pages, width, artifacts / f"panel-{_slug(kind)}-{width}.png")


@pytest.mark.parametrize("width", list(WIDTHS))
@pytest.mark.parametrize("kind", list(PROCEDURES))
def test_procedures_site_page_type_passes_axe(
    browser_context: Any, procedures_site: DemoSite, artifacts: Path, kind: str, width: str
) -> None:
    pages = PROCEDURES[kind](procedures_site)
    shot = artifacts / f"procedures-{_slug(kind)}-{width}.png"
    _check(browser_context, procedures_site, pages, width, shot)


def _search(page: Any, query: str) -> None:
    page.keyboard.press("/")  # the theme's key for the search box, at any width
    page.locator("input.md-search__input").press_sequentially(query, delay=30)
    page.locator(".md-search-result__item").first.wait_for()


@pytest.mark.parametrize("width", list(WIDTHS))
@pytest.mark.parametrize("build", ["panel", "procedures"])
def test_search_results_pass_axe(
    browser_context: Any,
    demo_site: DemoSite,
    procedures_site: DemoSite,
    artifacts: Path,
    build: str,
    width: str,
) -> None:
    _axe_available()
    site = demo_site if build == "panel" else procedures_site
    page = browser_context.new_page()
    page.set_default_timeout(30_000)
    w, h = WIDTHS[width]
    page.set_viewport_size({"width": w, "height": h})
    try:
        page.goto(site.url)
        _search(page, "panel")
        page.screenshot(path=str(artifacts / f"{build}-search-{width}.png"))
        problems = _problems(page, width)
    finally:
        page.close()
    assert problems == []


@pytest.mark.parametrize("width", list(WIDTHS))
def test_keyboard_focus_never_lands_on_something_hidden(
    page: Any, demo_site: DemoSite, width: str
) -> None:
    """Each Tab stop of the home page's first thirty is something a sighted reader can see."""
    w, h = WIDTHS[width]
    page.set_viewport_size({"width": w, "height": h})
    page.goto(demo_site.url)
    hidden = []
    for _ in range(30):
        page.keyboard.press("Tab")
        state = page.evaluate(
            """() => {
              const e = document.activeElement;
              if (!e || e === document.body) return null;
              const box = e.getBoundingClientRect();
              const style = getComputedStyle(e);
              const seen = box.width > 0 && box.height > 0 && style.visibility !== "hidden"
                && box.right > 0 && box.left < window.innerWidth;
              return {seen, what: e.outerHTML.slice(0, 120)};
            }"""
        )
        if state and not state["seen"]:
            hidden.append(state["what"])
    assert hidden == []


def test_phone_menu_opens_and_its_links_work(page: Any, demo_site: DemoSite) -> None:
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(demo_site.url)
    menu = page.locator(".md-sidebar--primary").get_by_role("link", name="Dashboard")
    assert not menu.is_visible()  # the closed drawer's links are hidden
    page.locator('.md-header label[for="__drawer"]').click()
    menu.click()
    page.wait_for_load_state()
    assert page.url.endswith("/dashboard.html")


def test_case_status_is_in_view_on_a_phone(page: Any, demo_site: DemoSite, artifacts: Path) -> None:
    case_page = _cases(demo_site)[0]  # a case with a breached timescale
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(demo_site.url + case_page)
    statuses = page.locator('article td[data-label="Status"]')
    assert statuses.count() >= 1
    shown = []
    for index in range(statuses.count()):
        cell = statuses.nth(index)
        cell.scroll_into_view_if_needed()
        box = cell.bounding_box()
        assert cell.is_visible() and box is not None
        assert box["x"] >= 0 and box["x"] + box["width"] <= 390, cell.inner_text()
        shown.append(cell.inner_text())
    assert any("Breached" in text for text in shown), shown
    page.locator("article .admonition.danger").screenshot(
        path=str(artifacts / "panel-case-breach-phone.png")
    )


@pytest.mark.parametrize("width", list(WIDTHS))
def test_chart_labels_are_legible(page: Any, demo_site: DemoSite, width: str) -> None:
    w, h = WIDTHS[width]
    page.set_viewport_size({"width": w, "height": h})
    page.goto(demo_site.url + "dashboard.html")
    sizes = page.evaluate(
        """() => [...document.querySelectorAll("article figure svg")]
          .filter(svg => svg.getBoundingClientRect().width > 0)
          .map(svg => {
            const scale = svg.getBoundingClientRect().width / svg.viewBox.baseVal.width;
            return [...svg.querySelectorAll("text")].map(
              t => parseFloat(getComputedStyle(t).fontSize) * scale);
          })"""
    )
    assert len(sizes) == 1, "one drawing of the chart is shown"
    assert len(sizes[0]) >= 8  # the axes' numbers and months, and the key
    assert min(sizes[0]) >= 11, f"smallest label {min(sizes[0]):.1f} px"

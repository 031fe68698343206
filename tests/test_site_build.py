"""Building the whole site with MkDocs: pages, navigation, search, audiences, no outside URL."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path

import pytest

from casework.cli import main
from sitegen_repo import AS_OF, make_site_repo

pytestmark = pytest.mark.slow

# --- the external-URL scanner -------------------------------------------------------------

URL = re.compile(r"(?<![\w:/])(?:https?:)?//[A-Za-z0-9.-]+\.[A-Za-z]{2,}[^\s\"'`)<>]*")
#: in scripts and stylesheets: a URL with a scheme, or a protocol-relative one in quotes
CODE_URL = re.compile(
    r"https?://[A-Za-z0-9.-]+\.[A-Za-z]{2,}[^\s\"'`)<>]*"
    r"|(?<=[\"'`(])//[A-Za-z0-9.-]+\.[A-Za-z]{2,}[^\s\"'`)<>]*"
)
#: data: URIs are inline content; the SVG namespace inside them is not a request
DATA_URI = re.compile(r"url\(\s*([\"']?)data:.*?\1\s*\)", re.S)
#: attributes whose value names a namespace or an identifier, never something to fetch
NOT_REQUESTS = {"xmlns", "xmlns:xlink", "xmlns:svg", "itemtype"}
#: URLs in Material's JavaScript bundle on code paths this site never takes. Each is tied to
#: a condition the tests check: no page has a Mermaid diagram; no repo_url is set (so no
#: GitHub/GitLab API call); ResizeObserver exists in every browser Material supports.
DORMANT_JS = {
    "https://unpkg.com/mermaid@11/dist/mermaid.min.js": "no Mermaid diagram on any page",
    "https://unpkg.com/resize-observer-polyfill": "only for browsers without ResizeObserver",
    "https://api.github.com/repos/": "only with repo_url on GitHub",
    "https://api.github.com/users/": "only with repo_url on GitHub",
    "https://bit.ly/2s3ChXG": "text of a console warning about a bad query, never fetched",
}


class _Attrs(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.urls: list[tuple[str, str, str]] = []
        self.scripts: list[str] = []
        self.styles: list[str] = []
        self._in: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            if value and name not in NOT_REQUESTS:
                for match in URL.finditer(value):
                    self.urls.append((tag, name, match.group(0)))
        self._in = tag if tag in ("script", "style") else None

    def handle_data(self, data: str) -> None:
        if self._in == "script":
            self.scripts.append(data)
        elif self._in == "style":
            self.styles.append(data)

    def handle_endtag(self, tag: str) -> None:
        self._in = None


def _js_urls(text: str) -> list[str]:
    text = re.sub(r"/\*.*?\*/", "", text, flags=re.S)  # licence and other block comments
    text = re.sub(r"(?m)^\s*//.*$", "", text)  # whole-line comments
    text = DATA_URI.sub("url()", text)
    return [m.group(0) for m in CODE_URL.finditer(text)]


def external_urls(site: Path) -> list[str]:
    """Every URL to another host in the built HTML, CSS and JavaScript."""
    found: list[str] = []
    for file in sorted(site.rglob("*")):
        rel = file.relative_to(site).as_posix()
        if file.suffix == ".html":
            parser = _Attrs()
            parser.feed(file.read_text(encoding="utf-8"))
            found += [f"{rel}: <{t} {a}> {u}" for t, a, u in parser.urls]
            for script in parser.scripts:
                found += [f"{rel}: inline script {u}" for u in _js_urls(script)]
            for style in parser.styles:
                found += [f"{rel}: inline style {u}" for u in _js_urls(style)]
        elif file.suffix == ".css":
            found += [f"{rel}: {u}" for u in _js_urls(file.read_text(encoding="utf-8"))]
        elif file.suffix == ".js":
            for url in _js_urls(file.read_text(encoding="utf-8")):
                if not any(url.startswith(d) for d in DORMANT_JS):
                    found.append(f"{rel}: {url}")
    return found


# --- fixtures --------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def repo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return make_site_repo(tmp_path_factory.mktemp("site") / "repo")


@pytest.fixture(scope="module")
def panel(repo: Path) -> Path:
    assert main(["site", "build", "--repo", str(repo), "--as-of", AS_OF.isoformat()]) == 0
    return repo / "public"


@pytest.fixture(scope="module")
def procedures(repo: Path) -> Path:
    argv = ["site", "build", "--repo", str(repo), "--audience", "procedures"]
    assert main([*argv, "--as-of", AS_OF.isoformat()]) == 0
    return repo / "public-procedures"


def _case_ids(repo: Path) -> set[str]:
    return {p.name for p in (repo / "cases").iterdir()}


# --- tests -------------------------------------------------------------------------------


def test_the_scanner_finds_what_it_should() -> None:
    page = (
        '<html><head><link rel="stylesheet" href="https://fonts.googleapis.com/css">'
        '<script src="//cdn.example.com/x.js"></script><script>fetch("https://evil.example/a")'
        '</script></head><body><svg xmlns="http://www.w3.org/2000/svg"></svg>'
        '<a href="../cases/C-0042.html">case</a></body></html>'
    )
    parser = _Attrs()
    parser.feed(page)
    assert [u for _, _, u in parser.urls] == [
        "https://fonts.googleapis.com/css",
        "//cdn.example.com/x.js",
    ]
    assert _js_urls(" ".join(parser.scripts)) == ["https://evil.example/a"]
    assert _js_urls("/*! licence http://example.org */ var a = 1;") == []


def test_built_site_has_no_external_url(panel: Path, procedures: Path) -> None:
    assert external_urls(panel) == []
    assert external_urls(procedures) == []
    # the dormant code paths stay dormant
    html = "".join(p.read_text(encoding="utf-8") for p in panel.rglob("*.html"))
    assert 'class="mermaid"' not in html and "md-source" not in html
    assert "fonts.googleapis" not in html


def test_build_is_quiet_and_links_resolve(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code = main(["site", "build", "--repo", str(repo), "--as-of", AS_OF.isoformat()])
    out, err = capsys.readouterr()
    assert code == 0
    assert "warning" not in out and "end of life" not in (out + err)
    assert re.fullmatch(r"built the panel site \(\d+ pages, 9 cases, \d+ meetings\) in .*\n", out)


def test_case_pages_are_out_of_the_navigation_and_the_search_index(panel: Path) -> None:
    home = (panel / "index.html").read_text(encoding="utf-8")
    assert "cases/C-0044.html" not in home and "agendas/2026-11-26.html" not in home
    assert "cases/index.html" in home and "dashboard.html" in home
    index = json.loads((panel / "search" / "search_index.json").read_text(encoding="utf-8"))
    locations = [d["location"] for d in index["docs"]]
    assert not any(re.match(r"cases/C-\d+\.html", loc) for loc in locations)
    # ...but the number pages carry every pseudonym, one section each
    titles = {d["title"] for d in index["docs"] if d["location"].startswith("cases/numbers/")}
    assert {"C-0044", "C-0043", "C-0107"} <= titles


def test_dashboard_group_pages_are_built_out_of_the_navigation_and_the_search_index(
    panel: Path,
) -> None:
    dashboard = (panel / "dashboard.html").read_text(encoding="utf-8")
    groups = sorted((panel / "dashboard").rglob("*.html"))
    assert {p.parent.name for p in groups} == {"rule", "team"}
    team = (panel / "dashboard" / "team" / "court_and_proceedings.html").read_text("utf-8")
    assert 'href="../../cases/C-0043.html"' in team and "Back to the" in team
    home = (panel / "index.html").read_text(encoding="utf-8")
    assert "dashboard/rule/" not in home and "dashboard/team/" not in dashboard.split("<article")[0]
    index = json.loads((panel / "search" / "search_index.json").read_text(encoding="utf-8"))
    assert not any(d["location"].startswith("dashboard/") for d in index["docs"])
    assert any(d["location"].startswith("dashboard.html") for d in index["docs"])


def test_case_page_shows_history_breach_and_audit(panel: Path) -> None:
    page = (panel / "cases" / "C-0043.html").read_text(encoding="utf-8")
    assert "Court and proceedings" in page
    assert "Ask the adoption team to start looking for an adoptive family" in page
    assert "Overdue" in page and "Done" in page
    assert 'href="C-0101.html"' in page  # sibling
    assert 'href="../agendas/2026-11-12.html"' in page  # the meeting that heard it
    # the audit trail: date, commit and what changed; never the message or the author
    assert "referral added" in page and "decision added" in page
    assert "Add the panel records and procedures" not in page and "Panel coordinator" not in page


def test_agenda_page_lists_slots_carried_cases_and_late_papers(panel: Path) -> None:
    html = (panel / "agendas" / "2026-11-26.html").read_text(encoding="utf-8")
    page = html[html.index("<article") :]  # the page itself, not the table of contents
    assert "Mon 23 November 2026" in page  # papers deadline
    assert page.index("C-0106") < page.index("C-0105") < page.index("Carried to the next")
    assert page.index("Carried to the next") < page.index("C-0107")
    assert "Papers late" in page
    assert "assets/stylesheets/casework.css" in html
    css = (panel / "assets" / "stylesheets" / "casework.css").read_text(encoding="utf-8")
    assert "@media print" in css and "size: A4" in css


def test_procedure_page_has_rules_table_review_flag_and_history(repo: Path, panel: Path) -> None:
    import yaml

    page = (panel / "procedures" / "permanence-panel-protocol.html").read_text(encoding="utf-8")
    rules = yaml.safe_load((repo / "policies" / "rules.yaml").read_text(encoding="utf-8"))
    pack = yaml.safe_load((repo / "policies" / "pack.yaml").read_text(encoding="utf-8"))
    entry = next(p for p in pack["procedures"] if p["id"] == "permanence_panel_protocol")
    listed = [r for r in rules["rules"] if r["id"] in entry["rules"]]
    assert listed, "the protocol lists rules that rules.yaml defines"
    for rule in listed:
        # the id is its row's anchor, and a link to it (a rule id is always a link)
        anchor = f'<span id="rule-{rule["id"]}"></span>'
        assert f'{anchor}<a href="#rule-{rule["id"]}">{rule["id"]}</a></td>' in page
    assert "Review overdue" in page  # its review date has passed by the as-of date
    # a procedure with no amendment notes lists git's dates, each with a neutral word
    plain = (panel / "procedures" / "statutory-timescales.html").read_text(encoding="utf-8")
    assert re.search(r"<td[^>]*>added</td>", plain)
    assert "Add the panel records and procedures" not in page + plain
    assert "Head of service" in page
    dashboard = (panel / "dashboard.html").read_text(encoding="utf-8")
    assert "Procedures past their review date" in dashboard and "<svg" in dashboard


def test_ics_feed_is_published(panel: Path) -> None:
    text = (panel / "panel" / "meetings.ics").read_text(encoding="utf-8")
    assert text.startswith("BEGIN:VCALENDAR") and "20261126T100000" in text


def test_procedures_audience_contains_no_case_pseudonym(repo: Path, procedures: Path) -> None:
    ids = _case_ids(repo)
    pseudonym = re.compile("|".join(re.escape(i) for i in ids))
    for file in procedures.rglob("*"):
        if file.is_file():
            text = file.read_bytes().decode("utf-8", errors="replace")
            assert not pseudonym.search(text), file
    assert not (procedures / "cases").exists() and not (procedures / "agendas").exists()
    assert (procedures / "procedures" / "permanence-panel-protocol.html").is_file()


def test_output_folder_with_other_files_is_refused(repo: Path, tmp_path: Path, cli) -> None:
    (tmp_path / "keep.txt").write_text("not casework's", encoding="utf-8")
    run = cli("site", "build", "--repo", repo, "--output", tmp_path)
    assert run.code == 2 and "did not write" in run.err
    assert (tmp_path / "keep.txt").is_file()


def test_casework_build_reports_breaches_and_builds(repo: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    done = subprocess.run(
        [
            Path(sys.executable).parent / "casework",
            "build",
            "--repo",
            repo,
            "--as-of",
            AS_OF.isoformat(),
            "--output",
            out,
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert "all 24 records are valid" in done.stdout
    assert re.search(r"timescales: \d+ breached", done.stdout)
    assert (out / "index.html").is_file()
    assert "end of life" not in done.stdout + done.stderr


def test_casework_build_stops_on_invalid_records(tmp_path: Path, cli) -> None:
    from sitegen_repo import site_files

    files = site_files()
    files["cases/C-0044/case.yaml"] = files["cases/C-0044/case.yaml"].replace(
        "team: children_in_care", "team: [not, a, slug]"
    )
    root = make_site_repo(tmp_path / "bad", files)
    run = cli("build", "--repo", root)
    assert run.code == 1 and "build stopped" in run.out
    assert not (root / "public").exists()


def test_procedures_build_refuses_a_real_pseudonym_in_procedure_text(tmp_path: Path, cli) -> None:
    from sitegen_repo import site_files

    root = make_site_repo(tmp_path / "clash", site_files())
    # a procedure that happens to mention a real case's id (C-0044 is a case here)
    procedure = root / "policies" / "procedures" / "permanence-panel-protocol.md"
    procedure.write_text(
        procedure.read_text(encoding="utf-8") + "\nFor example, case C-0044.\n", encoding="utf-8"
    )
    run = cli("site", "build", "--repo", root, "--audience", "procedures")
    assert run.code == 1
    assert "pseudonym of a real case" in run.err and "C-0044" not in run.err
    assert not (root / "public-procedures").exists()


def test_the_coordinators_guide_is_on_the_panel_site_only(panel: Path, procedures: Path) -> None:
    page = (panel / "coordinators-guide.html").read_text(encoding="utf-8")
    assert "<h1" in page and "The coordinators" in page
    assert "casework new amendment --amends 2026-11-26-meeting" in page
    assert "scripts/sync-guides" not in page  # the note to the guide's editors is left out
    home = (panel / "index.html").read_text(encoding="utf-8")
    assert 'href="coordinators-guide.html"' in home  # in the navigation
    assert "Coordinators&#x27; guide" in home or "Coordinators' guide" in home
    assert 'href="coordinators-guide.html"' in (panel / "help.html").read_text(encoding="utf-8")
    assert not (procedures / "coordinators-guide.html").exists()
    assert "coordinators-guide" not in (procedures / "index.html").read_text(encoding="utf-8")

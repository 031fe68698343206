"""What readers see: the built HTML of every page type, on the demo and on 200 generated cases.

Tables must be tables and lists lists, no Markdown syntax may be left in the text,
no YAML field name or record file name may reach a reader page, and headings go
down one level at a time (see ``site_reader``).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from casework.sitegen.build import build_site
from site_reader import article, faults, has, site_faults

pytestmark = pytest.mark.slow

PROJECT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(PROJECT / "bench"))

#: a page of each type, with the elements a reader must find on it
PAGE_TYPES = {
    "index.html": {},
    "procedures/index.html": {"table": 1},
    "procedures/referral-process.html": {"table": 2, "ul": 1},
    "panel/calendar.html": {"table": 2},
    "agendas/index.html": {"ul": 2},
    "agendas/2026-12-10.html": {"table": 3},
    "cases/index.html": {"table": 2},
    "cases/C-0101.html": {"table": 3},
    "cases/status/breached.html": {"table": 1},
    "cases/numbers/C-01.html": {"h2": 2},
    "dashboard.html": {"table": 3},
}


def _git(root: Path, *args: str) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith("GIT_")}
    subprocess.run(["git", *args], cwd=root, check=True, capture_output=True, env=env)


def _commit(root: Path) -> None:
    _git(root, "init", "-q", "-b", "main")
    _git(root, "add", "-A")
    _git(root, "-c", "user.name=T", "-c", "user.email=t@example.invalid", "commit", "-qm", "x")


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("reader") / "repo"
    root.mkdir()
    for name in ("cases", "meetings", "policies", "site"):
        shutil.copytree(PROJECT / name, root / name)
    shutil.copy(PROJECT / "mkdocs.yml", root / "mkdocs.yml")
    _commit(root)
    from datetime import date

    build_site(root, "panel", date(2026, 11, 23), root / "public")
    build_site(root, "procedures", date(2026, 11, 23), root / "public-procedures")
    return root


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from generate import TODAY, generate

    root = tmp_path_factory.mktemp("reader200") / "repo"
    generate(200, root)
    shutil.copytree(PROJECT / "site", root / "site")
    shutil.copy(PROJECT / "mkdocs.yml", root / "mkdocs.yml")
    _commit(root)
    build_site(root, "panel", TODAY, root / "public")
    return root


@pytest.mark.parametrize("page", sorted(PAGE_TYPES))
def test_each_page_type_reads_as_a_page(demo: Path, page: str) -> None:
    built = demo / "public" / page
    assert article(built) is not None, page
    assert faults(built) == []
    for tag, least in PAGE_TYPES[page].items():
        assert has(built, tag) >= least, f"{page}: fewer than {least} <{tag}>"


def test_search_index_text_has_no_markdown_or_file_names(demo: Path) -> None:
    import json

    from site_reader import MARKDOWN, REPOSITORY_WORDS

    index = json.loads((demo / "public" / "search" / "search_index.json").read_text())
    for doc in index["docs"]:
        if doc["location"].startswith("help.html"):
            continue
        for name, pattern in {**MARKDOWN, **REPOSITORY_WORDS}.items():
            if name in ("heading mark", "the pack"):
                continue
            assert not pattern.search(doc["text"]), (doc["location"], name)


def test_dashboard_rule_and_team_pages_show_tables(demo: Path) -> None:
    groups = sorted((demo / "public" / "dashboard").rglob("*.html"))
    assert groups, "no rule or team page under dashboard/"
    for page in groups:
        assert has(page, "table") >= 1, page
        assert faults(page) == [], page


def test_agendas_index_lists_each_meeting_as_its_own_item(demo: Path) -> None:
    node = article(demo / "public" / "agendas" / "index.html")
    assert node is not None
    items = node.xpath(".//ul/li")
    meetings = list((demo / "public" / "agendas").glob("2*.html"))
    assert len(items) == len(meetings)


def test_no_page_of_either_demo_site_has_a_reader_fault(demo: Path) -> None:
    assert site_faults(demo / "public") == {}
    assert site_faults(demo / "public-procedures") == {}


def test_procedures_site_has_no_coordinator_command(demo: Path) -> None:
    for page in (demo / "public-procedures").rglob("*.html"):
        text = page.read_text(encoding="utf-8")
        for command in ("casework new", "casework validate", "git commit", "git push"):
            assert command not in text, (page.name, command)


def test_case_timeline_names_records_in_words(demo: Path) -> None:
    node = article(demo / "public" / "cases" / "C-0101.html")
    assert node is not None
    text = node.text_content()
    assert "C-0101: case history" in text
    assert "Care planning review (for the decision of 15 Oct 2026)" in text
    assert ".yaml" not in text


def test_two_hundred_generated_cases_read_as_pages(generated: Path) -> None:
    site = generated / "public"
    assert len(list((site / "cases").glob("C-*.html"))) == 200
    assert site_faults(site) == {}

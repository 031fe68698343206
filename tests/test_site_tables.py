"""The generated tables are HTML written by casework: every link in them reaches a built page.

MkDocs does not rewrite links inside HTML, so the table templates write each
page's final URL themselves. Built both ways MkDocs names pages
(``use_directory_urls`` off, as casework's mkdocs.yml has it, and on, MkDocs'
default), every link in a table of a built page is followed to a file of the
site, and the tables are real tables with their headings.
"""

from __future__ import annotations

import posixpath
import urllib.parse
from pathlib import Path

import pytest
from lxml import html as lxml_html

from sitegen_repo import AS_OF, make_site_repo

pytestmark = pytest.mark.slow


def _target(site: Path, page: str, href: str) -> Path:
    """The file a relative link on ``page`` (a path in ``site``) leads to."""
    path = urllib.parse.unquote(href.split("#", 1)[0])
    folder = posixpath.dirname(page)
    resolved = posixpath.normpath(posixpath.join(folder, path))
    file = site / resolved
    return file / "index.html" if href.split("#", 1)[0].endswith("/") or file.is_dir() else file


@pytest.mark.parametrize("directory_urls", [False, True])
def test_every_link_in_a_generated_table_reaches_a_built_page(
    tmp_path: Path, cli, directory_urls: bool
) -> None:
    root = make_site_repo(tmp_path / "repo")
    config = root / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    config.write_text(
        text.replace(
            "use_directory_urls: false", f"use_directory_urls: {str(directory_urls).lower()}"
        ),
        encoding="utf-8",
    )
    site = tmp_path / "site"
    run = cli("site", "build", "--repo", root, "--as-of", AS_OF, "--output", site)
    assert run.code == 0, run.err
    assert "warning" not in run.out
    checked = 0
    pages = sorted(site.rglob("*.html"))
    for file in pages:
        page = file.relative_to(site).as_posix()
        tree = lxml_html.fromstring(file.read_bytes())
        for table in tree.xpath("//article//table"):
            assert table.xpath("./thead/tr/th"), f"{page}: a table without headings"
            for link in table.xpath(".//a[@href]"):
                href = link.get("href")
                assert not href.endswith(".md"), f"{page}: {href} links the Markdown"
                assert _target(site, page, href).is_file(), f"{page}: {href} leads nowhere"
                checked += 1
    # the case pages, agendas, lists and dashboard were all there to check
    case_page = "cases/C-0101/index.html" if directory_urls else "cases/C-0101.html"
    assert (site / case_page).is_file()
    assert checked > 50

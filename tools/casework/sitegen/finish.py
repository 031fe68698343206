"""Last touches to the built pages, for phones and screen readers, before the site is checked.

* Every cell of a table's body is given its column's heading as ``data-label``.
  On a phone the site's stylesheet (``casework.css``) shows each row of a table of
  three or more columns as a card, each value under its heading, instead of a table
  wider than the screen.
* Material's search box is a dialog with no name, so a screen reader announces only
  "dialog"; it is named after the search field's own label. A dialog that has a name
  (Zensical's) is left alone.

This runs on the HTML the engine wrote (after the sanitiser, before the site's own
check), the same for tables written in Markdown and in HTML; it adds attributes and
changes nothing else in a page.
"""

from __future__ import annotations

import itertools
import re
from html import escape, unescape
from pathlib import Path

_TABLE = re.compile(r"<table\b[^>]*>.*?</table>", re.S | re.I)
_HEAD = re.compile(r"<thead\b[^>]*>(.*?)</thead>", re.S | re.I)
_BODY = re.compile(r"<tbody\b[^>]*>.*?</tbody>", re.S | re.I)
_ROW = re.compile(r"<tr\b[^>]*>.*?</tr>", re.S | re.I)
_HEADING = re.compile(r"<th\b[^>]*>(.*?)</th>", re.S | re.I)
_CELL_TAG = re.compile(r"<(td|th)\b([^>]*)>", re.I)
_TAG = re.compile(r"<[^>]+>")
_SPAN = re.compile(r"\b(?:colspan|rowspan)\s*=", re.I)
_SEARCH_DIALOG = re.compile(r'(<div class="md-search" data-md-component="search" role="dialog")>')
_SEARCH_LABEL = re.compile(r'class="md-search__input"[^>]*?aria-label="([^"]*)"')


def _text(html: str) -> str:
    return " ".join(unescape(_TAG.sub(" ", html)).split())


def label_cells(table: str) -> str:
    """One table's body cells with their column's heading as ``data-label``.

    A table with no heading row, with merged cells (whose columns are ambiguous) or
    with a table inside it is returned as it is.
    """
    head = _HEAD.search(table)
    if head is None or _SPAN.search(table) or table.lower().count("<table") > 1:
        return table
    labels = [_text(h) for h in _HEADING.findall(head.group(1))]
    if not any(labels):
        return table

    def row(match: re.Match[str]) -> str:
        column = itertools.count()

        def cell(tag: re.Match[str]) -> str:
            index = next(column)
            kind, attributes = tag.group(1), tag.group(2)
            if kind.lower() != "td" or index >= len(labels) or not labels[index]:
                return tag.group(0)
            if "data-label" in attributes.lower():
                return tag.group(0)
            return f'<{kind}{attributes} data-label="{escape(labels[index], quote=True)}">'

        return _CELL_TAG.sub(cell, match.group(0))

    def body(match: re.Match[str]) -> str:
        return _ROW.sub(row, match.group(0))

    return _BODY.sub(body, table)


def name_search_dialog(page: str) -> str:
    """The theme's unnamed search dialog named after its search field (in the site's language)."""
    field = _SEARCH_LABEL.search(page)
    name = field.group(1) if field and field.group(1) else "Search"
    return _SEARCH_DIALOG.sub(lambda m: f'{m.group(1)} aria-label="{name}">', page, count=1)


def finish_page(page: str) -> str:
    if "<table" in page:
        page = _TABLE.sub(lambda m: label_cells(m.group(0)), page)
    return name_search_dialog(page)


def finish_site(site: Path) -> int:
    """Finish every built page in place; returns how many pages changed."""
    changed = 0
    for file in sorted(site.rglob("*.html")):
        text = file.read_text(encoding="utf-8")
        done = finish_page(text)
        if done != text:
            file.write_text(done, encoding="utf-8")
            changed += 1
    return changed

"""Last touches to the built pages, for phones and screen readers, before the site is checked.

* Every cell of a table's body is given its column's heading as ``data-label``
  (tables of three or more columns; a table whose template labelled it is left alone).
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

import re
from collections.abc import Callable, Collection
from html import escape, unescape
from pathlib import Path

#: tables of this many columns or more become cards on a phone (casework.css) and are labelled
CARD_COLUMNS = 3
_TABLE = re.compile(r"<table\b[^>]*>.*?</table>", re.S | re.I)
_HEAD = re.compile(r"<thead\b[^>]*>(.*?)</thead>", re.S | re.I)
_BODY = re.compile(r"<tbody\b[^>]*>.*?</tbody>", re.S | re.I)
#: a row's start (group 1 empty) or a cell's start tag
_ROW_OR_CELL = re.compile(r"<tr\b[^>]*>|<(td|th)\b([^>]*)>", re.I)
_HEADING = re.compile(r"<th\b[^>]*>(.*?)</th>", re.S | re.I)
_TAG = re.compile(r"<[^>]+>")
_SEARCH_DIALOG = re.compile(r'(<div class="md-search" data-md-component="search" role="dialog")>')
_SEARCH_LABEL = re.compile(r'class="md-search__input"[^>]*?aria-label="([^"]*)"')


def _text(html: str) -> str:
    return " ".join(unescape(_TAG.sub(" ", html)).split())


def label_cells(table: str) -> str:
    """One table's body cells with their column's heading as ``data-label``.

    A table of fewer than ``CARD_COLUMNS`` columns, with no heading row, with merged
    cells (whose columns are ambiguous), with a table inside it or with labels already
    is returned as it is.
    """
    head = _HEAD.search(table)
    lowered = table.lower()
    if (
        head is None
        or "colspan" in lowered
        or "rowspan" in lowered
        or "data-label" in lowered
        or lowered.count("<table") > 1
    ):
        return table
    labels = [escape(_text(h), quote=True) for h in _HEADING.findall(head.group(1))]
    if len(labels) < CARD_COLUMNS or not any(labels):
        return table
    tags = [f'<td data-label="{label}"' if label else "<td" for label in labels]

    def row(text: str) -> str:
        if "<th" in text:  # a heading cell in the row: count columns the slow way
            return _ROW_OR_CELL.sub(_labeller(labels), "<tr" + text)[3:]
        cells = text.split("<td")
        return cells[0] + "".join(
            (tags[i] if i < len(tags) else "<td") + cell for i, cell in enumerate(cells[1:])
        )

    def body(match: re.Match[str]) -> str:
        rows = match.group(0).split("<tr")
        return "<tr".join([rows[0], *(row(r) for r in rows[1:])])

    return _BODY.sub(body, table)


def _labeller(labels: list[str]) -> Callable[[re.Match[str]], str]:
    column = 0

    def cell(tag: re.Match[str]) -> str:
        nonlocal column
        if tag.group(1) is None:  # a new row
            column = 0
            return tag.group(0)
        index, column = column, column + 1
        if tag.group(1).lower() != "td" or index >= len(labels) or not labels[index]:
            return tag.group(0)
        return f'<{tag.group(1)}{tag.group(2)} data-label="{labels[index]}">'

    return cell


def name_search_dialog(page: str) -> str:
    """The theme's unnamed search dialog named after its search field (in the site's language)."""
    field = _SEARCH_LABEL.search(page)
    name = field.group(1) if field and field.group(1) else "Search"
    return _SEARCH_DIALOG.sub(lambda m: f'{m.group(1)} aria-label="{name}">', page, count=1)


def finish_page(page: str) -> str:
    if "<table" in page:
        page = _TABLE.sub(lambda m: label_cells(m.group(0)), page)
    return name_search_dialog(page)


def finish_site(site: Path, reused: Collection[str] = ()) -> int:
    """Finish every built page in place; returns how many pages changed.

    ``reused`` pages (an incremental build's, hard-linked from the published site) were
    finished when that site was built, and are not opened again.
    """
    changed = 0
    for file in sorted(site.rglob("*.html")):
        if reused and file.relative_to(site).as_posix() in reused:
            continue
        text = file.read_text(encoding="utf-8")
        done = finish_page(text)
        if done != text:
            file.write_text(done, encoding="utf-8")
            changed += 1
    return changed

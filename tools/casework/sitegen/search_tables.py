"""Search entries for tables: each row of a table is an entry of its own, read as a row.

The engines' search indexes split a page into sections at its headings and keep
each section's text as one run: a section holding a table reads "Meeting Starts
Papers due Agenda Thu 26 November 2026 10:00 Mon 23 November 2026 Agenda Thu 10
December 2026 ...", and a hit in its fortieth row shows that wall of text. After the
engine has written the site, casework reads its own built HTML and rewrites the
entries of every section that holds a table:

* the section keeps its own text (its paragraphs and lists), without the table;
* each row of the table becomes an entry of its own, titled as the section,
  whose text is the row with each cell under its column heading:
  ``Meeting: Thu 10 December 2026 · Starts: 10:00 · Papers due: Mon 7 December 2026``.
  A row header (``<th scope="row">``, as in a table of facts) leads its row:
  ``Chair: Head of service``. An empty cell, and a cell that only repeats its
  heading (a link "Agenda" under "Agenda"), are left out;
* each such row gets an ``id`` in the page (``coming-meetings-row-2``, after the
  section's heading; a row that has one keeps it), and its entry links to it, so
  a search result opens the page at that row.

A chart drawn as SVG keeps only its title in its section's text (not every axis
label run together). Sections without a table or a chart are left exactly as the
engine indexed them, and so are pages left out of the index (case pages).

It works on MkDocs' index (``search/search_index.json``, entries under ``docs``) and
Zensical's (``search.json``, entries under ``items``, each with its ``level`` and
``path``): the same rows, in the same words, from the same HTML. Rewriting a page's
entries again gives the same entries (its row entries are replaced, not added
twice), so an incremental build, which takes unchanged pages' entries from the
published index, writes the index a clean build writes.
"""

from __future__ import annotations

import json
import re
from collections.abc import Collection, Iterable
from dataclasses import dataclass, field
from html import escape
from html.parser import HTMLParser
from pathlib import Path
from typing import Any
from urllib.parse import unquote

#: how much more a row's entry weighs than its section's in MkDocs' index (see the module)
ROW_BOOST = 2.0
#: between a row's cells in its entry's text
CELL_SEPARATOR = " \u00b7 "
#: the index files the engines write: (file, key of its entries)
INDEX_FILES = (("search/search_index.json", "docs"), ("search.json", "items"))
#: the tags the engines' indexes keep in a section's text (bare, without attributes)
KEPT = frozenset({"p", "code", "pre", "li", "ol", "ul", "sub", "sup"})
_SKIPPED = frozenset({"script", "style", "object", "template"})
_HEADINGS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6"})
#: elements with no end tag (never on the stack of open elements)
_VOID = frozenset(
    {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param",
     "source", "track", "wbr"}
)  # fmt: skip
#: elements whose start or end separates the words of a cell
_BREAKING = frozenset({"br", "p", "div", "li", "ul", "ol", "table", "tr", "td", "th", "hr"})
#: a page's content (what the engines index): inside its article
_ARTICLE = re.compile(r"<article\b[^>]*>(.*)</article>", re.S | re.I)
_IDS = re.compile(r"""\bid\s*=\s*["']?([^"'\s>]+)""", re.I)


@dataclass
class Cell:
    header: bool
    span: int
    words: list[str] = field(default_factory=list)

    @property
    def text(self) -> str:
        return " ".join("".join(self.words).split())


@dataclass
class Row:
    #: where its ``<tr`` starts in the page's text
    start: int
    own_id: str | None
    in_head: bool
    cells: list[Cell] = field(default_factory=list)


@dataclass
class Section:
    #: the heading's id in the index (None: the page's first section, indexed as the page)
    anchor: str | None
    #: what its rows' ids begin with: its heading's id ("" for the page's first section)
    prefix: str
    depth: float
    text: list[str] = field(default_factory=list)
    tables: list[list[Row]] = field(default_factory=list)
    charts: list[str] = field(default_factory=list)

    @property
    def rewritten(self) -> bool:
        return bool(self.tables or self.charts)


@dataclass
class RowEntry:
    row_id: str
    text: str


@dataclass
class PageTables:
    """What the search index needs from one built page."""

    #: section anchor (None: the page itself) -> the section's text without its tables
    texts: dict[str | None, str]
    #: section anchor -> its rows' entries, in order
    rows: dict[str | None, list[RowEntry]]
    #: (offset of a row's ``<tr``, id to give it), for rows without an id
    new_ids: list[tuple[int, str]]


class _Element:
    __slots__ = ("attrs", "tag", "title")

    def __init__(self, tag: str, attrs: dict[str, str | None]) -> None:
        self.tag = tag
        self.attrs = attrs
        #: a heading with an id: its text is a title, not the section's text
        self.title = tag in _HEADINGS and bool(attrs.get("id"))


class _Reader(HTMLParser):
    """A page's article split into sections as the engine did, tables read by row.

    A section starts at a heading whose id is in ``anchors`` (the page's sections in the
    index); what comes before the first is the page's own section. Reading the index's
    sections, not every heading, keeps to what the engine indexed whatever its template
    adds around the page's content (Zensical's skip-link target, the page's ``h1``).
    """

    def __init__(self, base: int, text: str, anchors: Collection[str]) -> None:
        super().__init__(convert_charrefs=True)
        self.base = base
        self.anchors = anchors
        #: open headings with an id
        self.titles = 0
        self.line_starts = [0]
        for match in re.finditer("\n", text):
            self.line_starts.append(match.end())
        self.context: list[_Element] = []
        self.sections: list[Section] = []
        self.section: Section | None = None
        #: open kept elements: (element, index in the section's text where it opened)
        self.kept: list[tuple[_Element, int]] = []
        self.skipping: list[_Element] = []
        self.table: list[Row] | None = None
        self.table_section: Section | None = None
        self.table_element: _Element | None = None
        self.nested_tables = 0
        self.in_head = False
        self.chart: _Element | None = None
        self.chart_title: list[str] | None = None
        self.chart_titles: list[str] = []

    # -- where we are ---------------------------------------------------------------------

    def _offset(self) -> int:
        line, column = self.getpos()
        return self.base + self.line_starts[line - 1] + column

    def _current(self) -> Section:
        if self.section is None:  # the page's own section: its rows are "row-1", "row-2"...
            self.section = Section(None, "", 0)
            self.sections.append(self.section)
        return self.section

    def _in_heading(self) -> bool:
        return self.titles > 0

    def _cell(self) -> Cell | None:
        if self.table and self.table[-1].cells:
            return self.table[-1].cells[-1]
        return None

    # -- the parser's events --------------------------------------------------------------

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "br" or tag == "hr":
            self._space_in_cell()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _VOID:
            if tag in _BREAKING:
                self._space_in_cell()
            return
        element = _Element(tag, dict(attrs))
        self.context.append(element)
        self.titles += element.title
        if self.skipping:
            return
        if tag in _SKIPPED or "data-search-exclude" in element.attrs:
            self.skipping.append(element)
            return
        if self.chart is not None:
            if tag == "title" and self.chart_title is None:
                self.chart_title = []
            return
        if self.table is not None:
            self._table_start(element)
            return
        if element.title and element.attrs["id"] in self.anchors:
            self._heading(element)
        section = self._current()
        if tag == "table":
            self.table, self.table_element, self.in_head = [], element, False
            self.table_section = section
        elif tag == "svg":
            self.chart, self.chart_title = element, None
        elif tag in KEPT and not self._in_heading():
            self.kept.append((element, len(section.text)))
            section.text.append(f"<{tag}>")

    def _heading(self, element: _Element) -> None:
        identifier = str(element.attrs["id"])
        self.section = Section(identifier, identifier, len(self.context))
        self.sections.append(self.section)
        self.kept = []

    def _table_start(self, element: _Element) -> None:
        tag = element.tag
        assert self.table is not None
        if tag == "table":
            self.nested_tables += 1
        if self.nested_tables:
            if tag in _BREAKING:
                self._space_in_cell()
            return
        if tag == "thead":
            self.in_head = True
        elif tag == "tr":
            self.table.append(Row(self._offset(), element.attrs.get("id"), self.in_head))
        elif tag in ("td", "th"):
            if not self.table:
                self.table.append(Row(self._offset(), None, self.in_head))
            span = element.attrs.get("colspan") or "1"
            count = int(span) if span.isdigit() and 0 < int(span) < 1000 else 1
            self.table[-1].cells.append(Cell(tag == "th", count))
        elif tag in _BREAKING:
            self._space_in_cell()

    def _space_in_cell(self) -> None:
        cell = self._cell()
        if cell is not None:
            cell.words.append(" ")

    def handle_endtag(self, tag: str) -> None:
        if not self.context or self.context[-1].tag != tag:
            return
        section = self.section
        if section is not None and section.depth > len(self.context):
            # a heading inside an element that has now ended: its section ends with it,
            # and the text after it belongs to the section around it (as the engines read it)
            for earlier in reversed(self.sections):
                if earlier.depth <= len(self.context):
                    section.depth = float("inf")
                    self.section = earlier
                    self.kept = []
                    break
        element = self.context.pop()
        self.titles -= element.title
        if self.skipping:
            if element is self.skipping[-1]:
                self.skipping.pop()
            return
        if self.chart is not None:
            self._chart_end(element)
            return
        if self.table is not None:
            self._table_end(element)
            return
        position = next(
            (i for i in range(len(self.kept) - 1, -1, -1) if self.kept[i][0] is element), None
        )
        if position is not None:
            _, opened = self.kept[position]
            del self.kept[position:]
            text = self._current().text
            if all(piece.isspace() for piece in text[opened + 1 :]):
                del text[opened:]  # an empty element is left out
            else:
                text.append(f"</{tag}>")

    def _chart_end(self, element: _Element) -> None:
        if element.tag == "title" and self.chart_title is not None and not self.chart_titles:
            self.chart_titles.append(" ".join("".join(self.chart_title).split()))
        if element is self.chart:
            title = self.chart_titles[0] if self.chart_titles else ""
            section = self._current()
            if title and title not in section.charts:  # a chart drawn twice is named once
                section.text.append(f"<p>{escape(title, quote=False)}</p>")
                section.charts.append(title)
            self.chart, self.chart_title, self.chart_titles = None, None, []

    def _table_end(self, element: _Element) -> None:
        if element.tag == "table":
            if self.nested_tables:
                self.nested_tables -= 1
                self._space_in_cell()
                return
            if element is self.table_element:
                assert self.table is not None and self.table_section is not None
                self.table_section.tables.append(self.table)
                self.table, self.table_element, self.table_section = None, None, None
            return
        if self.nested_tables:
            if element.tag in _BREAKING:
                self._space_in_cell()
            return
        if element.tag == "thead":
            self.in_head = False
        elif element.tag in _BREAKING:
            self._space_in_cell()

    def handle_data(self, data: str) -> None:
        if self.skipping:
            return
        if self.chart is not None:
            if self.chart_title is not None and not self.chart_titles:
                self.chart_title.append(data)
            return
        if self.table is not None:
            cell = self._cell()
            if cell is not None:
                cell.words.append(data)
            return
        if self.section is None and data.isspace():
            return  # the white space before the page's first heading starts no section
        pre = any(e.tag == "pre" for e in self.context)
        if not pre:
            data = " " if data.isspace() else data.replace("\n", " ")
        section = self._current()
        if self._in_heading():
            return
        if data.isspace():
            if pre or not section.text or not section.text[-1].isspace():
                section.text.append(data)
        else:
            section.text.append(escape(data, quote=False))


def _labels(rows: list[Row]) -> tuple[list[str], list[Row]]:
    """The table's column headings (by column), and its rows of data."""
    head = [row for row in rows if row.in_head]
    body = [row for row in rows if not row.in_head and row.cells]
    if not head and len(body) > 1 and all(cell.header for cell in body[0].cells):
        head, body = body[:1], body[1:]
    labels: list[str] = []
    if head:
        for cell in head[-1].cells:
            labels += [cell.text] * cell.span
    return labels, body


def row_text(labels: list[str], row: Row) -> str:
    """A row as a search result shows it: each cell after its heading, or after its row header."""
    lead: list[str] = []
    parts: list[tuple[str, str]] = []
    column = 0
    for index, cell in enumerate(row.cells):
        label = labels[column] if column < len(labels) else ""
        column += cell.span
        value = cell.text
        if not value or value.casefold() == label.casefold():
            continue
        if cell.header and index == len(lead):  # a row header (or the first of several)
            lead.append(value)
        else:
            parts.append((label, value))
    if lead and len(parts) == 1:
        parts = [("", parts[0][1])]  # a table of facts: "Chair: Head of service"
    cells = CELL_SEPARATOR.join(f"{label}: {value}" if label else value for label, value in parts)
    if not lead:
        return cells
    head = " ".join(lead)
    if not cells:
        return head
    return f"{head}: {cells}" if len(parts) == 1 else f"{head} \u2014 {cells}"


def read_page(page: str, sections: Collection[str | None]) -> PageTables:
    """The sections of a built page that hold tables or charts, as the search index needs them.

    ``sections``: the page's sections in the index, by their anchor (None: the page itself).
    """
    found = _ARTICLE.search(page)
    texts: dict[str | None, str] = {}
    rows: dict[str | None, list[RowEntry]] = {}
    new_ids: list[tuple[int, str]] = []
    if found is None or ("<table" not in found.group(1) and "<svg" not in found.group(1)):
        return PageTables(texts, rows, new_ids)  # nothing to rewrite (most pages)
    anchors = {anchor for anchor in sections if anchor is not None}
    reader = _Reader(found.start(1), found.group(1), anchors)
    reader.feed(found.group(1))
    reader.close()
    taken = set(_IDS.findall(page))
    for section in reader.sections:
        if not section.rewritten or section.anchor not in sections or section.anchor in texts:
            continue  # two sections at one location: the engines' index has the first
        texts[section.anchor] = "".join(section.text).strip()
        entries = rows[section.anchor] = []
        for table in section.tables:
            labels, body = _labels(table)
            for row in body:
                text = row_text(labels, row)
                if not text:
                    continue
                row_id = row.own_id
                if not row_id:
                    wanted = f"row-{len(entries) + 1}"
                    if section.prefix:
                        wanted = f"{section.prefix}-{wanted}"
                    row_id = _free_id(wanted, taken)
                    taken.add(row_id)
                    new_ids.append((row.start, row_id))
                entries.append(RowEntry(row_id, escape(text, quote=False)))
    return PageTables(texts, rows, new_ids)


def _free_id(wanted: str, taken: set[str]) -> str:
    chosen, number = wanted, 1
    while chosen in taken:
        number += 1
        chosen = f"{wanted}-{number}"
    return chosen


def with_row_ids(page: str, new_ids: Iterable[tuple[int, str]]) -> str:
    """The page with each row given its id (at the offsets ``read_page`` found)."""
    for start, row_id in sorted(new_ids, reverse=True):
        if page[start : start + 3].lower() != "<tr":
            raise ValueError(f"no table row at offset {start}")
        page = f'{page[: start + 3]} id="{escape(row_id, quote=True)}"{page[start + 3 :]}'
    return page


def page_entries(
    entries: list[dict[str, Any]],
    url: str,
    tables: PageTables,
    empty_tags: bool = False,
    row_boost: float | None = None,
) -> list[dict[str, Any]]:
    """A page's index entries with its tables' rows as entries of their own.

    A row's entry has its section's title and fields (its ``boost``; Zensical's ``level``
    and ``path``) but not the page's keywords (``tags``), which rank the page and its
    sections already: every row carrying them would make a search for an agenda's date
    list each of its rows. ``empty_tags``: the format gives every entry a ``tags`` list.
    """
    row_locations = {f"{url}#{row.row_id}" for found in tables.rows.values() for row in found}
    done: list[dict[str, Any]] = []
    for entry in entries:
        location = str(entry.get("location", ""))
        if location in row_locations:
            continue  # written again below, after its section
        key = _anchor(location)
        if key not in tables.texts:
            done.append(entry)
            continue
        done.append({**entry, "text": tables.texts[key]})
        for row in tables.rows.get(key, []):
            added: dict[str, Any] = {"location": f"{url}#{row.row_id}"}
            for name, value in entry.items():
                if name not in ("location", "text", "tags"):
                    added[name] = value
            added["text"] = row.text
            if row_boost is not None:
                added["boost"] = round(float(entry.get("boost", 1)) * row_boost, 6)
            if empty_tags:
                added["tags"] = []
            done.append(added)
    return done


def _anchor(location: str) -> str | None:
    """The section a location names (None: the page itself)."""
    _, hash_, anchor = location.partition("#")
    return anchor if hash_ else None


def page_file(site: Path, url: str) -> Path:
    """The built file of a page's URL (``a/b.html``, or ``a/b/`` with directory URLs)."""
    path = unquote(url)
    if not path or path.endswith("/"):
        path += "index.html"
    return site / path


def rewrite_index(site: Path, reused: Collection[str] = ()) -> bool:
    """Give the tables of the site's indexed pages one search entry per row; True if changed.

    ``reused`` pages (an incremental build's, hard-linked from the published site) and
    their entries (taken from the published index) were done when that site was built:
    they are neither read nor written.
    """
    found_index = next(
        ((site / name, key) for name, key in INDEX_FILES if (site / name).is_file()), None
    )
    if found_index is None:
        return False  # no search on this site
    index_file, key = found_index
    index = json.loads(index_file.read_text(encoding="utf-8"))
    entries = index.get(key) if isinstance(index, dict) else None
    if not isinstance(entries, list):
        return False
    by_page: dict[str, list[dict[str, Any]]] = {}
    for entry in entries:
        by_page.setdefault(str(entry.get("location", "")).partition("#")[0], []).append(entry)
    changed = False
    done: list[dict[str, Any]] = []
    for url, found in by_page.items():
        file = page_file(site, url)
        relative = file.relative_to(site).as_posix()
        if relative in reused or not file.is_file():
            done += found
            continue
        page = file.read_text(encoding="utf-8")
        anchors = {_anchor(str(entry.get("location", ""))) for entry in found}
        tables = read_page(page, anchors)
        if tables.new_ids:
            file.write_text(with_row_ids(page, tables.new_ids), encoding="utf-8")
        if key == "items":  # Zensical's: every entry has its tags; no boost
            rewritten = page_entries(found, url, tables, empty_tags=True)
        else:
            rewritten = page_entries(found, url, tables, row_boost=ROW_BOOST)
        changed = changed or rewritten != found
        done += rewritten
    if changed:
        index[key] = done
        index_file.write_text(json.dumps(index, separators=(",", ":")), encoding="utf-8")
    return changed

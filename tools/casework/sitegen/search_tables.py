"""Search entries for tables: each row of a table reads as a row, not a run of words.

The engines' search indexes split a page into sections at its headings and keep
each section's text as one run: a section holding a table reads "Meeting Starts
Papers due Agenda Thu 26 November 2026 10:00 Mon 23 November 2026 Agenda Thu 10
December 2026 ...", and a hit in its fortieth row shows that wall of text. After the
engine has written the site, casework reads its own built HTML and rewrites the
entries of every section that holds a table:

* each row reads as the row: each cell after its column heading,
  ``Meeting: Thu 10 December 2026 · Starts: 10:00 · Papers due: Mon 7 December 2026``.
  A row header (``<th scope="row">``, as in a table of facts) leads its row:
  ``Chair: Head of service``. An empty cell, and a cell that only repeats its
  heading (a link "Agenda" under "Agenda"), are left out;
* each row becomes an entry of its own, titled as the section, and gets an ``id`` in
  the page (``time-plan-row-2``, after the section's heading; a row that has one keeps
  it, as the calendar's ``meeting-2026-12-10``) that its entry links to, so a search
  result opens the page at that row, however long the table (the calendar's past
  meetings run to hundreds). The section keeps its own text (its paragraphs and lists)
  without the table;
* only a table of over ``ROW_ENTRIES`` rows (none on today's pages) stays in its
  section's entry, one paragraph per row: the result shows the paragraphs that match and
  links to the section. That limit once was 50, when the agendas' recommendations still
  not done (carried to every meeting, hundreds of rows on hundreds of agendas) were
  indexed: as entries of their own they made the index of 200 cases three times the size
  and the search worker six times slower to get ready (``bench/search_index.py``). Those
  tables are now left out of search (``UNSEARCHED``), and a table readers search by row
  (the calendar, the dashboard's) is worth its entries: at 200 cases the 97 rows of the
  past meetings add 2% to the index. A table repeated on many pages, as those were, is
  kept out of search, not cut short here.

A row whose first cell holds a ``<time datetime>`` (each meeting of the calendar) is about
that date: its entry's keywords (``tags``) are the date as records write it and as the row
shows it, which Material weighs far above a title, so a search for a meeting's date, typed
either way, ranks the calendar's row for it above the agenda, whose title holds the date.

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
from pathlib import Path
from typing import Any
from urllib.parse import unquote

from lxml import etree

#: a table of up to this many rows gives each row an entry of its own; a longer one keeps
#: its rows in its section's entry, a paragraph each (see the module): a guard, far above
#: any table on today's pages
ROW_ENTRIES = 1000
#: how much more a row's entry weighs than its section's in MkDocs' index (see the docs)
ROW_BOOST = 2.0
#: the class of an element the site leaves out of search, beside ``data-search-exclude``
UNSEARCHED = "casework-unsearched"
#: between a row's cells in its entry's text
CELL_SEPARATOR = " \u00b7 "
#: the index files the engines write: (file, key of its entries)
INDEX_FILES = (("search/search_index.json", "docs"), ("search.json", "items"))
#: the tags the engines' indexes keep in a section's text (bare, without attributes)
KEPT = frozenset({"p", "code", "pre", "li", "ol", "ul", "sub", "sup"})
_SKIPPED = frozenset({"script", "style", "object", "template"})
_HEADINGS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6"})
#: elements inside a cell whose start or end separates words
_BREAKING = ("br", "hr", "p", "div", "li", "ul", "ol", "table", "tr", "td", "th")
#: a page's content (what the engines index): inside its article
_ARTICLE = re.compile(r"<article\b[^>]*>(.*)</article>", re.S | re.I)
_IDS = re.compile(r"""\bid\s*=\s*["']?([^"'\s>]+)""", re.I)
#: a row's start tag in the page's text (comments matched, to be passed over)
_ROW_TAG = re.compile(r"<!--.*?-->|<tr(?=[\s>/])", re.S | re.I)
_PARSER = etree.HTMLParser(recover=True, no_network=True, huge_tree=True)


@dataclass
class Row:
    element: Any
    own_id: str | None
    in_head: bool
    #: (cell is a header, its column span, its text)
    cells: list[tuple[bool, int, str]] = field(default_factory=list)
    #: what the row is about, as search keywords: the date its first cell gives (see
    #: :func:`_keywords`)
    keywords: list[str] = field(default_factory=list)


@dataclass
class Section:
    #: the heading's id in the index (None: the page's first section, indexed as the page)
    anchor: str | None
    #: what its rows' ids begin with: its heading's id ("" for the page's first section)
    prefix: str
    depth: float
    text: list[str] = field(default_factory=list)
    #: the tables whose rows are entries of their own: (column headings, rows)
    tables: list[tuple[list[str], list[Row]]] = field(default_factory=list)
    #: it held a table or a titled chart: its entry is written again
    rewritten: bool = False
    charts: list[str] = field(default_factory=list)


@dataclass
class RowEntry:
    row_id: str
    text: str
    keywords: list[str] = field(default_factory=list)


@dataclass
class PageTables:
    """What the search index needs from one built page."""

    #: section anchor (None: the page itself) -> the section's text without its tables
    texts: dict[str | None, str]
    #: section anchor -> its rows' entries, in order
    rows: dict[str | None, list[RowEntry]]
    #: (offset of a row's ``<tr``, id to give it), for rows without an id
    new_ids: list[tuple[int, str]]


def _cell_text(cell: Any) -> str:
    """A cell's words as a reader sees them (a line break or a paragraph separates words)."""
    for inner in cell.iter(*_BREAKING):
        if inner is not cell:
            inner.tail = " " + (inner.tail or "")
    return "".join(cell.itertext())


def _keywords(cell: Any) -> list[str]:
    """A row's keywords: the date a ``<time datetime>`` in its first cell gives, as records
    write it (``2026-12-10``) and as the cell shows it (``Thu 10 December 2026``). A
    calendar's row is a meeting: found first by its date, above every page that only
    mentions the day (see the module)."""
    for time in cell.iter("time"):
        stamp = (time.get("datetime") or "").strip()
        if stamp:
            shown = " ".join("".join(time.itertext()).split())
            return [stamp] + ([shown] if shown and shown != stamp else [])
    return []


def _table_rows(table: Any) -> list[Row]:
    """The table's rows, each cell's words (many thousands on a long agenda: kept quick)."""
    rows = []
    for tr in table.xpath("./tr|./thead/tr|./tbody/tr|./tfoot/tr"):
        parent = tr.getparent()
        row = Row(tr, tr.get("id"), parent is not None and parent.tag == "thead")
        cells = row.cells
        for cell in tr:
            tag = cell.tag
            if tag != "td" and tag != "th":
                continue
            text = (cell.text or "") if not len(cell) else _cell_text(cell)
            span = cell.get("colspan")
            count = 1
            if span is not None:
                count = int(span) if span.isdigit() and 0 < int(span) < 1000 else 1
            if not cells and len(cell):
                row.keywords = _keywords(cell)
            cells.append((tag == "th", count, " ".join(text.split())))
        rows.append(row)
    return rows


class _Reader:
    """A page's article split into sections as the engine did, tables read by row.

    A section starts at a heading whose id is in ``anchors`` (the page's sections in the
    index); what comes before the first is the page's own section. Reading the index's
    sections, not every heading, keeps to what the engine indexed whatever its template
    adds around the page's content (Zensical's skip-link target, the page's ``h1``).
    ``placeable``: the rows (``id()`` of each) whose ``<tr`` was found in the page's text, so
    an id can be given to them (were one not found, its table's rows stay in its section).
    """

    def __init__(self, anchors: Collection[str], placeable: Collection[int]) -> None:
        self.anchors = anchors
        self.placeable = placeable
        self.sections: list[Section] = []
        self.section: Section | None = None
        #: open kept elements: (element, index in the section's text where it opened)
        self.kept: list[tuple[Any, int]] = []
        self.pre = 0

    def _current(self) -> Section:
        if self.section is None:  # the page's own section: its rows are "row-1", "row-2"...
            self.section = Section(None, "", 0)
            self.sections.append(self.section)
        return self.section

    def children(self, parent: Any, depth: int) -> None:
        for child in parent:
            if isinstance(child.tag, str):
                self.element(child, depth + 1)
            self.data(child.tail)

    def element(self, element: Any, depth: int) -> None:
        tag = element.tag
        if tag in _SKIPPED or element.get("data-search-exclude") is not None:
            return
        if UNSEARCHED in (element.get("class") or "").split():
            return  # left out by the engine (Zensical drops the data-search-exclude it reads)
        if tag in _HEADINGS and element.get("id"):  # its text is a title, not text
            if element.get("id") in self.anchors:
                self.section = Section(element.get("id"), element.get("id"), depth)
                self.sections.append(self.section)
                self.kept = []
            self._end(depth)
            return
        if tag == "table":
            self.table(element)
        elif tag == "svg":
            self.chart(element)
        else:
            if tag in KEPT:
                self.kept.append((element, len(self._current().text)))
                self._current().text.append(f"<{tag}>")
            self.pre += tag == "pre"
            self.data(element.text)
            self.children(element, depth)
            self.pre -= tag == "pre"
        self._end(depth, element)

    def _end(self, depth: int, element: Any = None) -> None:
        """An element at ``depth`` ends (as the engines read it: a heading inside an element
        that has now ended ends its section, and the text after it is the section's around)."""
        section = self.section
        if section is not None and section.depth > depth:
            for earlier in reversed(self.sections):
                if earlier.depth <= depth:
                    section.depth = float("inf")
                    self.section = earlier
                    self.kept = []
                    break
        if not self.kept or self.kept[-1][0] is not element:
            return
        _, opened = self.kept.pop()
        text = self._current().text
        if all(piece.isspace() for piece in text[opened + 1 :]):
            del text[opened:]  # an empty element is left out
        else:
            text.append(f"</{element.tag}>")

    def data(self, text: str | None) -> None:
        if not text:
            return
        if self.section is None and text.isspace():
            return  # the white space before the page's first heading starts no section
        if not self.pre:
            text = " " if text.isspace() else text.replace("\n", " ")
        section = self._current()
        if text.isspace():
            if self.pre or not section.text or not section.text[-1].isspace():
                section.text.append(text)
        else:
            section.text.append(escape(text, quote=False))

    def table(self, element: Any) -> None:
        section = self._current()
        section.rewritten = True
        labels, body = _labels(_table_rows(element))
        if len(body) <= ROW_ENTRIES and all(id(r.element) in self.placeable for r in body):
            section.tables.append((labels, body))
            return
        for row in body:  # a long table: a paragraph per row, in the section's text
            text = row_text(labels, row.cells)
            if text:
                if section.text and not section.text[-1].isspace():
                    section.text.append(" ")
                section.text.append(f"<p>{escape(text, quote=False)}</p>")

    def chart(self, element: Any) -> None:
        title = element.find("title")
        name = " ".join("".join(title.itertext()).split()) if title is not None else ""
        section = self._current()
        if name and name not in section.charts:  # a chart drawn twice is named once
            section.text.append(f"<p>{escape(name, quote=False)}</p>")
            section.charts.append(name)
            section.rewritten = True


def _labels(rows: list[Row]) -> tuple[list[str], list[Row]]:
    """The table's column headings (by column), and its rows of data."""
    head = [row for row in rows if row.in_head]
    body = [row for row in rows if not row.in_head and row.cells]
    if not head and len(body) > 1 and all(header for header, _, _ in body[0].cells):
        head, body = body[:1], body[1:]
    labels: list[str] = []
    if head:
        for _, span, text in head[-1].cells:
            labels += [text] * span
    return labels, body


def row_text(labels: list[str], cells: list[tuple[bool, int, str]]) -> str:
    """A row as a search result shows it: each cell after its heading, or after its row header."""
    lead: list[str] = []
    parts: list[tuple[str, str]] = []
    column = 0
    for index, (header, span, value) in enumerate(cells):
        label = labels[column] if column < len(labels) else ""
        column += span
        if not value or value.casefold() == label.casefold():
            continue
        if header and index == len(lead):  # a row header (or the first of several)
            lead.append(value)
        else:
            parts.append((label, value))
    if lead and len(parts) == 1:
        parts = [("", parts[0][1])]  # a table of facts: "Chair: Head of service"
    cells_text = CELL_SEPARATOR.join(
        f"{label}: {value}" if label else value for label, value in parts
    )
    if not lead:
        return cells_text
    head = " ".join(lead)
    if not cells_text:
        return head
    return f"{head}: {cells_text}" if len(parts) == 1 else f"{head} \u2014 {cells_text}"


def read_page(page: str, sections: Collection[str | None]) -> PageTables:
    """The sections of a built page that hold tables or charts, as the search index needs them.

    ``sections``: the page's sections in the index, by their anchor (None: the page itself).
    """
    found = _ARTICLE.search(page)
    texts: dict[str | None, str] = {}
    rows: dict[str | None, list[RowEntry]] = {}
    new_ids: list[tuple[int, str]] = []
    content = found.group(1) if found else ""
    if "<table" not in content and "<svg" not in content:
        return PageTables(texts, rows, new_ids)  # nothing to rewrite (most pages)
    assert found is not None
    root = etree.fromstring(f"<div>{content}</div>", _PARSER).find("body/div")
    if root is None:
        return PageTables(texts, rows, new_ids)  # not read as one element: left as indexed
    # each row's "<tr" in the page's text, matched to the rows in the same order
    starts = [m.start() for m in _ROW_TAG.finditer(content) if not m.group(0).startswith("<!")]
    elements = list(root.iter("tr"))
    offsets: dict[int, int] = {}
    if len(starts) == len(elements):
        offsets = {id(e): found.start(1) + s for e, s in zip(elements, starts, strict=True)}
    reader = _Reader({a for a in sections if a is not None}, offsets.keys())
    reader.children(root, 0)
    # the ids a new one must not repeat: the article's, and those of the theme around it
    taken = {str(i) for i in root.xpath("//@id")}
    taken.update(_IDS.findall(page, 0, found.start(1)), _IDS.findall(page, found.end(1)))
    for section in reader.sections:
        if not section.rewritten or section.anchor not in sections or section.anchor in texts:
            continue  # two sections at one location: the engines' index has the first
        texts[section.anchor] = "".join(section.text).strip()
        entries = rows[section.anchor] = []
        for labels, body in section.tables:
            for row in body:
                text = row_text(labels, row.cells)
                if not text:
                    continue
                row_id = row.own_id
                if not row_id:
                    wanted = f"row-{len(entries) + 1}"
                    if section.prefix:
                        wanted = f"{section.prefix}-{wanted}"
                    row_id = _free_id(wanted, taken)
                    taken.add(row_id)
                    new_ids.append((offsets[id(row.element)], row_id))
                entries.append(RowEntry(row_id, escape(text, quote=False), row.keywords))
    return PageTables(texts, rows, new_ids)


def _free_id(wanted: str, taken: set[str]) -> str:
    chosen, number = wanted, 1
    while chosen in taken:
        number += 1
        chosen = f"{wanted}-{number}"
    return chosen


def with_row_ids(page: str, new_ids: Iterable[tuple[int, str]]) -> str:
    """The page with each row given its id (at the offsets ``read_page`` found)."""
    pieces, done = [], 0
    for start, row_id in sorted(new_ids):
        if page[start : start + 3].lower() != "<tr":
            raise ValueError(f"no table row at offset {start}")
        pieces += [page[done : start + 3], f' id="{escape(row_id, quote=True)}"']
        done = start + 3
    pieces.append(page[done:])
    return "".join(pieces)


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
    list each of its rows. Its own keywords (a calendar row's date) are its ``tags``.
    ``empty_tags``: the format gives every entry a ``tags`` list.
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
            if row.keywords or empty_tags:
                added["tags"] = list(row.keywords)
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
    """Rewrite the entries of the site's indexed pages that hold tables; True if any changed.

    The index is written as UTF-8 JSON in one format whatever changed. ``reused`` pages
    (an incremental build's, hard-linked from the published site) and their entries (taken
    from the published index) were done when that site was built: they are neither read
    nor written.
    """
    found_index = next(
        ((site / name, key) for name, key in INDEX_FILES if (site / name).is_file()), None
    )
    if found_index is None:
        return False  # no search on this site
    index_file, key = found_index
    written = index_file.read_text(encoding="utf-8")
    index = json.loads(written)
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
    index[key] = done
    # UTF-8 as it is ("\u00b7" would be six bytes a row separator, over a long table); written
    # the same way whatever changed, so an incremental build writes a clean build's bytes
    text = json.dumps(index, separators=(",", ":"), ensure_ascii=False)
    if text != written:
        index_file.write_text(text, encoding="utf-8")
    return changed

"""How the site's search reads words: case ids and dates are whole words.

Two places split text into words, and both must agree:

* the index: the search plugin's ``separator`` (a regular expression), set in the
  build's mkdocs.yml unless the repository's sets one. It splits at spaces and
  punctuation, and at a hyphen unless a digit follows it, so ``C-0115`` and
  ``2026-12-10`` stay whole while ``long-term`` is ``long`` and ``term``;
* the search box: Material's search worker reads a query with lunr's query reader,
  which splits at every hyphen whatever the separator (lunr's own default, copied
  when lunr loads), so ``C-0115`` would be looked up as ``C`` and ``0115``. The built
  worker is given one line at its end that makes the query reader split at spaces
  only; Material then splits each word with the same separator as the index.

A worker that does not look like Material's (another version, another engine) is
left as it is, and the build says so in a warning.

After the engine has written the site, :func:`finish_index` gives each table row its
own search entry, read as a row (``casework.sitegen.search_tables``), for MkDocs'
index and Zensical's alike.
"""

from __future__ import annotations

from collections.abc import Collection
from pathlib import Path
from typing import Any

from casework.sitegen.search_tables import rewrite_index

#: splits search text into words: at spaces and punctuation (the middle dot between a table
#: row's cells too); at a hyphen unless a digit follows (C-0115, 2026-12-10 and Covid-19
#: stay whole); at a full stop or slash unless a digit follows (1.24 and 28(2)(b) stay as
#: written, "panel." loses its full stop)
SEARCH_SEPARATOR = r'[\s,:;!?=\[\]()"|\u00b7\u2013\u2014]+|-(?!\d)|[./](?=\D)'

#: the statement lunr's query reader is built with, and the line that replaces its effect
_LEXER_DEFAULT = "QueryLexer.termSeparator="
QUERY_PATCH = (
    "\n/* casework: the search box splits a query at spaces only; the site's separator "
    "then splits each word as the index does (case ids and dates stay whole) */\n"
    "self.lunr&&self.lunr.QueryLexer&&(self.lunr.QueryLexer.termSeparator=/\\s+/);\n"
)


def with_search_separator(config: dict[str, Any]) -> None:
    """Give the search plugin casework's separator, unless mkdocs.yml sets one."""
    plugins = config.get("plugins") or []
    for index, plugin in enumerate(plugins):
        if plugin == "search":
            plugins[index] = {"search": {"separator": SEARCH_SEPARATOR}}
        elif isinstance(plugin, dict) and "search" in plugin:
            options = plugin["search"] if isinstance(plugin["search"], dict) else {}
            options.setdefault("separator", SEARCH_SEPARATOR)
            plugin["search"] = options


def whole_word_queries(site: Path) -> list[str]:
    """Make the built search worker read a query's words as the index does; warnings."""
    workers = sorted((site / "assets" / "javascripts" / "workers").glob("search*.js"))
    if not (site / "search" / "search_index.json").is_file():
        return []  # no search on this site: nothing to do
    patched = 0
    for worker in workers:
        text = worker.read_text(encoding="utf-8")
        if QUERY_PATCH in text:
            patched += 1
        elif _LEXER_DEFAULT in text:
            worker.write_text(text + QUERY_PATCH, encoding="utf-8")
            patched += 1
    if patched:
        return []
    return [
        "the search box's word splitting was not recognised (not Material's search worker), "
        "so a case id or a date typed with hyphens is looked up as separate parts"
    ]


def finish_index(site: Path, reused: Collection[str] = ()) -> None:
    """The built site's search index with a readable entry per table row (see the module).

    ``reused``: an incremental build's pages taken from the published site, whose
    entries (from the published index) are already finished.
    """
    rewrite_index(site, reused)

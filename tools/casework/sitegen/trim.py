"""What the built site does not need: source maps and other languages' search files.

Material ships a ``.map`` beside each bundle (1.3 MB, for developers) and lunr
language files for some thirty languages (about 1 MB); the search worker loads a
language's files only when the search plugin's ``lang`` lists it, and loads none
for English alone. Both are deleted from the built site.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

#: splits search text into tokens at spaces, hyphens and punctuation. The search box's
#: query reader always splits a query at a hyphen (lunr keeps its own default there), so a
#: case id (C-0115) and a date (2026-12-10) are found by all their parts together; a full
#: stop or a slash inside a number does not split it.
SEARCH_SEPARATOR = r'[\s\-,:;!?=\[\]()"|]+|[./](?=\D)'


def search_languages(config: dict[str, Any]) -> list[str]:
    """The languages the search index is built for (the plugin's ``lang``, else the theme's)."""
    for plugin in config.get("plugins") or []:
        if isinstance(plugin, dict) and isinstance(plugin.get("search"), dict):
            lang = plugin["search"].get("lang")
            if lang:
                return [lang] if isinstance(lang, str) else [str(x) for x in lang]
    theme = config.get("theme")
    language = theme.get("language") if isinstance(theme, dict) else None
    return [str(language or "en")]


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


def trim_site(site: Path, languages: list[str]) -> int:
    """Delete source maps and unused search-language files; returns how many were deleted."""
    keep: set[str] = set()
    others = [lang for lang in languages if lang != "en"]
    for lang in others:
        keep.add(f"lunr.{lang}.min.js")
        keep.update({"lunr.stemmer.support.min.js"})
        if lang == "ja":
            keep.add("tinyseg.js")
        if lang in ("hi", "th"):
            keep.add("wordcut.js")
    if len(languages) > 1:
        keep.add("lunr.multi.min.js")
    removed = 0
    for file in sorted(site.rglob("*.map")):
        file.unlink()
        removed += 1
    lunr = site / "assets" / "javascripts" / "lunr"
    if lunr.is_dir():
        for file in sorted(lunr.rglob("*.js")):
            if file.name not in keep:
                file.unlink()
                removed += 1
    return removed

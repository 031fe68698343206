"""What the built site does not need: source maps and other languages' search files.

Material ships a ``.map`` beside each bundle (1.3 MB, for developers) and lunr
language files for some thirty languages (about 1 MB); the search worker loads a
language's files only when the search plugin's ``lang`` lists it, and loads none
for English alone. Both are deleted from the built site.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any


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

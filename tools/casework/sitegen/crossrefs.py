"""In-text references made links: rule ids ("BX1") and procedure titles in running text.

A procedure's text, a hand-written page or a generated page that names a rule by its
id, or another procedure by its title, gets a link to it: a rule to its row in the
timescales table of the procedure page that publishes it (else the table of every
timescale on the procedures index), a procedure to its page. Only text a reader sees
as prose is changed: code, existing links, headings, HTML and attribute lists are
left as they are.
"""

from __future__ import annotations

import posixpath
import re
import urllib.parse
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

from markupsafe import Markup

from casework.sitegen.pages import md_text, procedure_page, rule_anchor

INDEX_PAGE = "procedures/index.md"

#: parts of Markdown left alone: fenced code, headings, link definitions, raw HTML blocks,
#: inline code, links and images, autolinks and tags, attribute lists
_PROTECTED = re.compile(
    r"(?ms:^[ \t]*(`{3,}|~{3,})[^\n]*\n.*?^[ \t]*\1[^\n]*$)"
    r"|(?m:^[ \t]{0,3}#{1,6}(?:[ \t][^\n]*)?$)"
    r"|(?m:^[ \t]{0,3}\[[^\]\n]+\]:[^\n]*$)"
    r"|(?m:^<[A-Za-z!/][^\n]*(?:\n(?![ \t]*\n)[^\n]*)*)"
    r"|(`+)[^`]*?\2"
    r"|!?\[(?:[^\[\]]|\[[^\]]*\])*\](?:\([^)]*\)|\[[^\]]*\])?"
    r"|<[^>\n]+>"
    r"|\{[:#.][^}\n]*\}"
)


def rule_targets(pack: dict[str, Any], rule_ids: list[str]) -> dict[str, str]:
    """Each rule id -> its row: on the first procedure page that publishes it, else on
    the procedures index (whose table lists every rule)."""
    found: dict[str, str] = {}
    for entry in pack.get("procedures") or []:
        for rule_id in entry.get("rules", []) or []:
            found.setdefault(str(rule_id), f"{procedure_page(entry['id'])}#{rule_anchor(rule_id)}")
    for rule_id in rule_ids:
        found.setdefault(str(rule_id), f"{INDEX_PAGE}#{rule_anchor(rule_id)}")
    return found


def relative(target: str, here: str) -> str:
    """``target`` (a docs path, perhaps with ``#anchor``) as a link from the page ``here``."""
    path, _, anchor = target.partition("#")
    if path == here and anchor:
        return "#" + anchor
    rel = posixpath.relpath(path, posixpath.dirname(here) or ".")
    return urllib.parse.quote(rel, safe="/") + (f"#{anchor}" if anchor else "")


@dataclass(frozen=True)
class References:
    """What may be linked: rule id -> target, and procedure title -> page (docs paths)."""

    rules: dict[str, str]
    titles: dict[str, str] = field(default_factory=dict)

    @cached_property
    def _rule_pattern(self) -> re.Pattern[str] | None:
        ids = sorted(self.rules, key=len, reverse=True)
        if not ids:
            return None
        return re.compile(r"(?<![\w#/])(" + "|".join(map(re.escape, ids)) + r")(?!\w)")

    @property
    def rule_pattern(self) -> re.Pattern[str] | None:
        """Finds the rule ids in plain text (for the HTML templates' ``linked``)."""
        return self._rule_pattern

    @cached_property
    def _pattern(self) -> re.Pattern[str] | None:
        parts = []
        ids = sorted(self.rules, key=len, reverse=True)
        if ids:
            parts.append(r"(?P<rule>" + "|".join(map(re.escape, ids)) + r")")
        titles = sorted(self.titles, key=len, reverse=True)
        if titles:
            words = [r"\s+".join(map(re.escape, t.split())) for t in titles]
            parts.append(r"(?P<title>(?i:" + "|".join(words) + r"))")
        if not parts:
            return None
        return re.compile(r"(?<![\w#/])(?:" + "|".join(parts) + r")(?![\w])")

    def _title_page(self, text: str) -> str | None:
        wanted = " ".join(text.split()).casefold()
        for title, page in self.titles.items():
            if " ".join(title.split()).casefold() == wanted:
                return page
        return None

    def markdown(self, text: str, here: str) -> str:
        """Markdown with each rule id and procedure title in its prose made a link.

        A page's own title is left alone; its own rules link to their row on the page.
        """
        pattern = self._pattern
        if pattern is None:
            return text

        def replace(match: re.Match[str]) -> str:
            shown = match.group(0)
            if match.lastgroup == "rule":
                return f"[{shown}]({relative(self.rules[shown], here)})"
            page = self._title_page(shown)
            if page is None or page == here:
                return shown
            return f"[{shown}]({relative(page, here)})"

        out: list[str] = []
        last = 0
        for protected in _PROTECTED.finditer(text):
            out.append(pattern.sub(replace, text[last : protected.start()]))
            out.append(protected.group(0))
            last = protected.end()
        out.append(pattern.sub(replace, text[last:]))
        return "".join(out)

    def escaped(self, value: Any, here: str) -> Markup:
        """Plain text escaped for Markdown (as every template value is), its rule ids links."""
        text = md_text(value)
        pattern = self._rule_pattern
        if pattern is None:
            return Markup(text)
        return Markup(
            pattern.sub(lambda m: f"[{m.group(0)}]({relative(self.rules[m.group(0)], here)})", text)
        )

    def rule(self, rule_id: Any, here: str) -> Markup:
        """A rule id as a link to its row (the id as plain text if no page shows the rule)."""
        target = self.rules.get(str(rule_id))
        if target is None:
            return Markup(md_text(rule_id))
        return Markup(f"[{md_text(rule_id)}]({relative(target, here)})")

"""Writing generated pages: the Jinja2 environment, links between pages, escaping.

Every value a template places is escaped for where it goes, by construction:
the environment's ``finalize`` runs :func:`md` on each ``{{ ... }}`` result,
so a title from the pack or a field from a record is always plain text in
the Markdown (no raw HTML, no link, no emphasis, no table cell break). Only
values built by casework's own code are marked safe (``Markup``): relative
links (URL-quoted), the SVG chart (escaped when drawn), and a procedure's
text between the sanitiser's markers (see ``casework.sitegen.sanitise``).
Front matter is written with ``yaml.safe_dump``, never by string formatting.
"""

from __future__ import annotations

import posixpath
import re
import urllib.parse
from collections.abc import Iterable
from datetime import date
from html import escape
from pathlib import Path
from typing import Any

import yaml
from jinja2 import Environment, PackageLoader, StrictUndefined
from markupsafe import Markup

from casework.stateddate import StatedDate

#: characters Python-Markdown (with the tables extension) unescapes after a backslash;
#: "-", "+" and "." only start a block (a list, a rule) and are escaped only at the start
_MD_ESCAPED = frozenset("\\`*_{}[]()#!|")
_BLOCK_START = re.compile(r"\A(?:[-+]|[0-9]+[.)])")
_HTML_ENTITIES = {"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;"}
#: line breaks and control characters: a value never starts a new Markdown block
_BREAKS = re.compile(r"[\x00-\x1f\x7f\x85\u2028\u2029]")


_TRANSLATE = str.maketrans({**{c: "\\" + c for c in _MD_ESCAPED}, **_HTML_ENTITIES})


def md_text(text: Any) -> str:
    """Plain text made inert inside Markdown: shown exactly, never read as markup."""
    value = _BREAKS.sub(" ", "" if text is None else str(text))
    start = _BLOCK_START.match(value)
    if start:  # "1. x" or "- x" would start a list where a line begins
        mark = start.group(0)
        return mark[:-1] + "\\" + mark[-1] + value[start.end() :].translate(_TRANSLATE)
    return value.translate(_TRANSLATE)


def md(text: Any) -> Markup:
    """The template filter (and every ``{{ }}`` by default): text escaped for Markdown."""
    if isinstance(text, Markup):
        return text
    return Markup(md_text(text))


def code(text: Any) -> Markup:
    """Text shown in a code font (an HTML ``<code>`` element, its content escaped)."""
    return Markup(f"<code>{md_text(text)}</code>")


def html_title(text: Any) -> str:
    """A title for front matter and the navigation: the theme places these unescaped."""
    return escape(_BREAKS.sub(" ", "" if text is None else str(text)), quote=True)


#: libyaml's safe dumper when PyYAML has it (the same output, faster), else PyYAML's own
_DUMPER = getattr(yaml, "CSafeDumper", yaml.SafeDumper)


def front_matter(meta: dict[str, Any]) -> str:
    """YAML front matter, written by a YAML dumper (a quote or backslash cannot break it)."""
    if not meta:
        return ""
    body = yaml.dump(
        meta, Dumper=_DUMPER, sort_keys=False, allow_unicode=True, default_flow_style=False
    )
    return f"---\n{body}---\n\n"


def _finalize(value: Any) -> Any:
    return md(value)


def long_date(day: date | None) -> str:
    return f"{day:%a} {day.day} {day:%B %Y}" if day else ""


def short_date(day: date | None) -> str:
    return f"{day.day} {day:%b %Y}" if day else ""


#: what a page says where a procedure does not state its date or version
NOT_STATED = "not stated"


def stated_long(value: StatedDate | str | None) -> str:
    """A procedure's own date in words ("17 April 2018", "May 2019"), or "not stated"."""
    if isinstance(value, StatedDate):
        return value.long()
    return str(value) if value else NOT_STATED


def stated_short(value: StatedDate | str | None) -> str:
    """A procedure's own date abbreviated ("17 Apr 2018", "May 2019"), or "not stated"."""
    if isinstance(value, StatedDate):
        return value.short()
    return str(value) if value else NOT_STATED


def case_page(case_id: str) -> str:
    return f"cases/{case_id}.md"


def agenda_page(day: date) -> str:
    return f"agendas/{day.isoformat()}.md"


def procedure_page(procedure_id: str) -> str:
    return f"procedures/{procedure_id.replace('_', '-')}.md"


def rule_anchor(rule_id: Any) -> str:
    """The id of a rule's row in a procedure's timescales table ("rule-BX13")."""
    return "rule-" + re.sub(r"[^A-Za-z0-9-]", "-", str(rule_id))


def humanise(slug: str | None) -> str:
    text = (slug or "").replace("_", " ").strip()
    return text[:1].upper() + text[1:]


class Pages:
    """Renders templates into Markdown files under ``docs``; remembers what it wrote.

    A file is rewritten only when its text changes, so unchanged pages keep
    their modification time (``mkdocs build --dirty`` can then skip them).
    ``sources`` maps each page to the file it was made from, for messages.
    """

    def __init__(self, docs: Path) -> None:
        self.docs = docs
        self.written: set[str] = set()
        self.sources: dict[str, str] = {}
        #: rule ids and procedure titles to link (``casework.sitegen.crossrefs.References``)
        self.references: Any = None
        self.env = Environment(
            loader=PackageLoader("casework.sitegen", "templates"),
            undefined=StrictUndefined,
            autoescape=False,
            finalize=_finalize,
            keep_trailing_newline=True,
            trim_blocks=True,
            lstrip_blocks=True,
        )
        self.env.filters.update(
            md=md,
            code=code,
            anchor=lambda value: Markup(rule_anchor(value)),
            long_date=long_date,
            short_date=short_date,
            stated_long=stated_long,
            stated_short=stated_short,
            human=humanise,
            html=lambda value: Markup(escape("" if value is None else str(value), quote=True)),
        )

    def render(
        self,
        path: str,
        template: str,
        meta: dict[str, Any] | None = None,
        source: str | None = None,
        **context: Any,
    ) -> str:
        """Render ``template`` to ``path`` (relative to docs); links are made relative.

        ``meta`` is the page's front matter; its ``title`` is plain text (escaped here).
        """
        here = posixpath.dirname(path)

        def link(target: str) -> Markup:
            relative = posixpath.relpath(target, here or ".")
            return Markup(urllib.parse.quote(relative, safe="/#"))

        def html_link(target: str) -> Markup:
            """A link for raw HTML, which MkDocs does not rewrite: to the built ``.html``."""
            page, hash_, anchor = str(link(target)).partition("#")
            if page.endswith(".md"):
                page = page[: -len(".md")] + ".html"
            return Markup(page + hash_ + anchor)

        refs = self.references

        def rule_link(rule_id: Any) -> Markup:
            """A rule id linked to its row on a procedure page (plain if none shows it)."""
            return refs.rule(rule_id, path) if refs is not None else md(rule_id)

        def linked(text: Any) -> Markup:
            """Text escaped for Markdown, with the rule ids in it linked to their rows."""
            return refs.escaped(text, path) if refs is not None else md(text)

        meta = dict(meta or {})
        if "title" in meta:
            meta["title"] = html_title(meta["title"])
        text = front_matter(meta)
        text += self.env.get_template(template).render(
            link=link,
            html_link=html_link,
            rule_link=rule_link,
            linked=linked,
            page=path,
            **context,
        )
        self.write(path, text, source)
        return text

    def write(self, path: str, text: str | bytes, source: str | None = None) -> None:
        target = self.docs / path
        target.parent.mkdir(parents=True, exist_ok=True)
        data = text.encode("utf-8") if isinstance(text, str) else text
        if not target.is_file() or target.read_bytes() != data:
            target.write_bytes(data)
        self.written.add(path)
        if source:
            self.sources[path] = source

    def remove_stale(self, keep: Iterable[str] = ()) -> int:
        """Delete files a previous build wrote that this build did not."""
        kept = self.written | set(keep)
        removed = 0
        for file in sorted(self.docs.rglob("*")):
            if file.is_file() and file.relative_to(self.docs).as_posix() not in kept:
                file.unlink()
                removed += 1
        return removed

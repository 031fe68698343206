"""Writing generated pages: the Jinja2 environments, links between pages, escaping.

Every value a template places is escaped for where it goes, by construction.
A page template (``*.md.j2``) writes Markdown: its environment's ``finalize``
runs :func:`md` on each ``{{ ... }}`` result, so a title from the pack or a
field from a record is always plain text in the Markdown (no raw HTML, no
link, no emphasis, no table cell break). Generated tables are written as HTML
by their own templates (``*.html.j2``, placed with ``html_block``): there the
environment's ``finalize`` runs :func:`h`, which HTML-escapes every value, and
links are the built pages' final URLs (MkDocs does not rewrite links inside
HTML). The tables reach Markdown as pre-rendered blocks (see
``casework.sitegen.prerendered``), so Markdown never reads their cells. Only
values built by casework's own code are marked safe (``Markup``): relative
links (URL-quoted), the SVG chart (escaped when drawn), the HTML blocks, and
a procedure's text between the sanitiser's markers (see
``casework.sitegen.sanitise``). Front matter is written with
``yaml.safe_dump``, never by string formatting.
"""

from __future__ import annotations

import functools
import hashlib
import os
import posixpath
import re
import urllib.parse
from collections.abc import Callable, Iterable
from datetime import UTC, date, datetime
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
_HTML_TRANSLATE = str.maketrans(_HTML_ENTITIES)


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


def html_text(text: Any) -> str:
    """Plain text made inert inside HTML (element content or a quoted attribute value)."""
    return _BREAKS.sub(" ", "" if text is None else str(text)).translate(_HTML_TRANSLATE)


def h(text: Any) -> Markup:
    """Every ``{{ }}`` of an HTML template: text HTML-escaped (``Markup`` is kept as it is)."""
    if isinstance(text, Markup):
        return text
    return Markup(html_text(text))


def html_code(text: Any) -> Markup:
    """:func:`code` for HTML templates."""
    return Markup(f"<code>{html_text(text)}</code>")


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


def _html_finalize(value: Any) -> Any:
    if type(value) is int:  # counts and numbers: nothing to escape
        return value
    return h(value)


#: the lines around a pre-rendered HTML block in a generated page
HTML_START = "<!-- casework-html -->"
HTML_END = "<!-- /casework-html -->"


def page_url(path: str, directory_urls: bool) -> str:
    """The URL of the page built from ``path``, as MkDocs gives it (unquoted).

    ``cases/C-0042.md`` is ``cases/C-0042.html``, or ``cases/C-0042/`` with directory URLs
    (then ``cases/index.md`` is ``cases/``).
    """
    if not path.endswith(".md"):
        return path
    stem = path[: -len(".md")]
    if not directory_urls:
        return stem + ".html"
    head, name = posixpath.split(stem)
    if name in ("index", "README"):
        return (head or ".") + "/"
    return stem + "/"


def url_folder(here: str) -> str:
    """The folder relative links start from on the page at URL ``here`` (as MkDocs sees it)."""
    if here != ".":
        head, tail = posixpath.split(here)
        here = head if "." in tail else here
    return here


def relative_url(url: str, here: str) -> str:
    """``url`` relative to the page at ``here`` (both site URLs), as MkDocs writes it."""
    return _relative(url, url_folder(here))


@functools.lru_cache(maxsize=1 << 16)
def _relative(url: str, folder: str) -> str:
    # cached: every agenda links the same case pages from the same folder
    relative = posixpath.relpath("/" + url, "/" + folder)
    return relative + "/" if url.endswith("/") else relative


def build_day() -> date:
    """The day a build is dated: today, or the day of ``SOURCE_DATE_EPOCH`` when it is set.

    MkDocs dates the sitemap by ``SOURCE_DATE_EPOCH`` too, so setting it makes the whole
    output reproducible (https://reproducible-builds.org/specs/source-date-epoch/).
    """
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if epoch.isdigit():
        return datetime.fromtimestamp(int(epoch), UTC).date()
    return date.today()


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
    their modification time. ``sources`` maps each page to the file it was
    made from, for messages. ``directory_urls`` is the site's
    ``use_directory_urls`` (MkDocs' default is on): the HTML blocks' links
    are written as the URLs the built pages will have.
    """

    def __init__(self, docs: Path, directory_urls: bool = False, volatile: str = "") -> None:
        self.docs = docs
        self.directory_urls = directory_urls
        self.written: set[str] = set()
        self.sources: dict[str, str] = {}
        #: rule ids and procedure titles to link (``casework.sitegen.crossrefs.References``)
        self.references: Any = None
        #: per file, a digest of its content less ``volatile`` (the build's random fence
        #: number): equal digests mean the same page (see ``casework.sitegen.incremental``)
        self.digests: dict[str, str] = {}
        self._volatile = volatile.encode("utf-8")
        #: HTML parts rendered once and reused (see ``html_part``)
        self._parts: dict[
            tuple[str, str, tuple[tuple[str, Any], ...]], tuple[Markup, frozenset[str]]
        ] = {}
        #: per page, the pages its HTML blocks link to (checked once every page is written)
        self.html_links: dict[str, set[str]] = {}
        #: pages of the previous build that need not be rendered again
        #: (``casework.sitegen.memo.Memo``; None: every page is rendered)
        self.memo: Any = None
        self.env = self._environment(_finalize)
        self.env.filters.update(md=md, code=code)
        # no ``md`` filter here: a value escaped for Markdown would show its backslashes
        self.html_env = self._environment(_html_finalize)
        self.html_env.filters.update(code=html_code)

    def keep_compiled(self, folder: Path) -> None:
        """Keep the compiled templates in ``folder`` between builds (Jinja's bytecode cache,
        checked against each template's source; the folder must be one for this code,
        since the environments' settings are compiled in)."""
        from jinja2 import FileSystemBytecodeCache

        for name, env in (("md", self.env), ("html", self.html_env)):
            (folder / name).mkdir(parents=True, exist_ok=True)
            env.bytecode_cache = FileSystemBytecodeCache(str(folder / name))

    @staticmethod
    def _environment(finalize: Any) -> Environment:
        env = Environment(
            loader=PackageLoader("casework.sitegen", "templates"),
            undefined=StrictUndefined,
            autoescape=False,
            finalize=finalize,
            keep_trailing_newline=True,
            trim_blocks=True,
            lstrip_blocks=True,
        )
        env.filters.update(
            anchor=lambda value: Markup(rule_anchor(value)),
            long_date=long_date,
            short_date=short_date,
            stated_long=stated_long,
            stated_short=stated_short,
            human=humanise,
            html=lambda value: Markup(escape("" if value is None else str(value), quote=True)),
        )
        return env

    def _html_references(
        self, href: Callable[[str], Markup]
    ) -> tuple[Callable[[Any], Markup], Callable[[Any], Markup]]:
        """``rule_link`` and ``linked`` for the HTML templates: escaped for HTML, each rule id
        a link (made by ``href``, so it is the built page's URL and its target is checked)."""
        refs = self.references

        def rule_link(rule_id: Any) -> Markup:
            shown = escape("" if rule_id is None else str(rule_id))
            target = refs.rules.get(str(rule_id)) if refs is not None else None
            if target is None:
                return Markup(shown)
            return Markup(f'<a href="{href(target)}">{shown}</a>')

        def linked(text: Any) -> Markup:
            shown = str(escape("" if text is None else str(text)))
            pattern = refs.rule_pattern if refs is not None else None
            if pattern is None:
                return Markup(shown)
            return Markup(
                pattern.sub(
                    lambda m: f'<a href="{href(refs.rules[m.group(0)])}">{m.group(0)}</a>', shown
                )
            )

        return rule_link, linked

    def render(
        self,
        path: str,
        template: str,
        meta: dict[str, Any] | None = None,
        source: str | None = None,
        reuse: bool | str = False,
        **context: Any,
    ) -> None:
        """Render ``template`` to ``path`` (relative to docs); links are made relative.

        ``meta`` is the page's front matter; its ``title`` is plain text (escaped here).
        ``reuse``: the page written by the previous build is kept if it was made from the
        same things (``casework.sitegen.memo``): everything the template is given (True),
        or what the caller says it is made from (a string); the template then sees, as
        ``data``, only what every page shares.
        """
        made_from = None
        if reuse is not False:
            from casework.sitegen.memo import Shared

            if self.memo is not None:
                made_from = self.memo.made_from(path, template, meta, reuse, context)
                if made_from is not None and self.memo.reuse_page(self, path, made_from, source):
                    return
            if "data" in context:
                context["data"] = Shared(context["data"])
        here = posixpath.dirname(path)
        url = page_url(path, self.directory_urls)
        links: set[str] = set()

        def link(target: str) -> Markup:
            relative = posixpath.relpath(target, here or ".")
            return Markup(urllib.parse.quote(relative, safe="/#"))

        folder = url_folder(url)

        def href(target: str) -> Markup:
            """A link in an HTML block: the final URL of the page built from ``target``."""
            file, hash_, anchor = target.partition("#")
            links.add(file)
            relative = _relative(page_url(file, self.directory_urls), folder)
            return Markup(urllib.parse.quote(relative + hash_ + anchor, safe="/#"))

        html_rule_link, html_linked = self._html_references(href)

        def html_block(template: str, **values: Any) -> Markup:
            """An HTML template rendered for this page, between the pre-rendered block's lines."""
            body = self.html_env.get_template(template).render(
                {
                    **context,
                    "page": path,
                    **values,
                    "html_part": html_part,
                    "link": href,
                    "rule_link": html_rule_link,
                    "linked": html_linked,
                }
            )
            return Markup(f"{HTML_START}\n{body.strip()}\n{HTML_END}")

        def html_part(template: str, **values: Any) -> Markup:
            """A part of an HTML block (a table row) that ``values`` alone decide.

            Rendered once per folder of pages and reused: every agenda repeats the rows of the
            recommendations still not done, and renders each the same way.
            """
            key = (template, folder, tuple(sorted(values.items())))
            cached = self._parts.get(key)
            if cached is None:
                sink: set[str] = set()

                def part_href(target: str) -> Markup:
                    sink.add(target.partition("#")[0])
                    return href(target)

                part_rule_link, part_linked = self._html_references(part_href)
                body = self.html_env.get_template(template).render(
                    {
                        **values,
                        "link": part_href,
                        "case_page": case_page,
                        "rule_link": part_rule_link,
                        "linked": part_linked,
                    }
                )
                cached = self._parts[key] = (Markup(body.strip("\n")), frozenset(sink))
            links.update(cached[1])
            return cached[0]

        # a link for raw HTML in a Markdown template, which MkDocs does not rewrite
        html_link = href

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
            html_block=html_block,
            rule_link=rule_link,
            linked=linked,
            page=path,
            **context,
        )
        volatile = self.write(path, text, source)
        if links:
            self.html_links[path] = links
        if made_from is not None and not volatile:
            self.memo.keep_page(path, made_from, self.digests[path], links)

    def write(self, path: str, text: str | bytes, source: str | None = None) -> bool:
        """Write one file (unless it holds that already); True if it holds the build's
        random fence number (``volatile``), so it differs from build to build."""
        target = self.docs / path
        target.parent.mkdir(parents=True, exist_ok=True)
        data = text.encode("utf-8") if isinstance(text, str) else text
        if not target.is_file() or target.read_bytes() != data:
            target.write_bytes(data)
        self.written.add(path)
        volatile = bool(self._volatile) and self._volatile in data
        stable = data.replace(self._volatile, b"") if volatile else data
        self.digests[path] = hashlib.blake2b(stable, digest_size=16).hexdigest()
        if source:
            self.sources[path] = source
        return volatile

    def kept(self, path: str, digest: str, links: set[str], source: str | None) -> None:
        """A page the previous build wrote, kept as it is (see ``render``'s ``reuse``)."""
        self.written.add(path)
        self.digests[path] = digest
        if links:
            self.html_links[path] = links
        if source:
            self.sources[path] = source

    def missing_links(self) -> list[str]:
        """Warnings for links in HTML blocks to pages this build did not write.

        MkDocs checks the links of Markdown, not those inside HTML; this check stands in
        for it, in the same words.
        """
        return [
            f"Doc file '{page}' contains a link '{target}', but the target is not found "
            "among documentation files."
            for page, targets in sorted(self.html_links.items())
            for target in sorted(targets)
            if target not in self.written
        ]

    def remove_stale(self, keep: Iterable[str] = ()) -> int:
        """Delete files a previous build wrote that this build did not."""
        kept = self.written | set(keep)
        removed = 0
        for file in sorted(self.docs.rglob("*")):
            if file.is_file() and file.relative_to(self.docs).as_posix() not in kept:
                file.unlink()
                removed += 1
        return removed

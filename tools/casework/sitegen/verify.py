"""The built site checked before it is published: nothing leaves it, only the theme runs.

Every HTML (and SVG) file is parsed and refused if it would make a request
outside the site or run anything other than the theme's own scripts:

* an ``iframe``, ``frame``, ``object``, ``embed``, ``applet``, ``portal`` or ``base`` element;
* any ``on...`` event-handler attribute;
* any attribute whose value is a ``javascript:`` or ``vbscript:`` URL, and a ``data:``
  URL anywhere but an image;
* a ``src``, ``srcset``, ``poster``, ``data``, ``action``, ``formaction``, ``background``,
  ``ping``, ``manifest`` or (other than on a link a reader clicks) ``href`` pointing to
  another host (``http(s)://``, protocol-relative ``//``, any other scheme);
* ``url(...)`` and ``@import`` to another host in a ``style`` attribute or element, and
  in the site's CSS files;
* a ``<meta http-equiv="refresh">`` to another host;
* a script that is not one of the theme's: a ``src`` must be a file of the site, and
  inline code must match a script written in the theme's templates.

Links a reader clicks (``<a href="https://...">``) are navigation, not requests,
and are allowed; ``search/search_index.json`` may hold only the few bare tags the
theme's search keeps.
"""

from __future__ import annotations

import json
import re
from collections.abc import Collection, Iterable
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path

import lxml.etree

FORBIDDEN_ELEMENTS = frozenset(
    {"iframe", "frame", "frameset", "object", "embed", "applet", "portal", "base"}
)
#: attributes the browser fetches (or posts to) by itself
REQUEST_ATTRIBUTES = frozenset(
    {
        "src", "srcset", "poster", "data", "action", "formaction", "background", "ping",
        "manifest", "icon", "lowsrc", "dynsrc", "codebase", "archive", "longdesc",
        "xlink:href", "imagesrcset",
    }
)  # fmt: skip
URL_ATTRIBUTES = REQUEST_ATTRIBUTES | {"href", "style"}
#: elements whose href is a link a reader clicks
NAVIGATION = frozenset({"a", "area"})
#: the tags the theme's search index keeps (bare, without attributes)
SEARCH_TAGS = frozenset({"p", "code", "pre", "li", "ol", "ul", "sub", "sup"})

_CONTROL = re.compile(r"[\x00-\x20]+")
_SCHEME = re.compile(r"([a-z][a-z0-9+.\-]*):")
_CSS_URL = re.compile(r"url\(\s*(?:\"([^\"]*)\"|'([^']*)'|([^)\s]*))\s*\)", re.I)
_CSS_IMPORT = re.compile(r"@import\s+(?:\"([^\"]*)\"|'([^']*)')", re.I)
_REFRESH_URL = re.compile(r"url\s*=\s*['\"]?([^'\"]*)", re.I)


_PARSER = lxml.etree.HTMLParser(recover=True, no_network=True, remove_comments=True)

#: elements that are checked whatever their attributes
_CHECKED_ELEMENTS = FORBIDDEN_ELEMENTS | {"meta", "script", "style"}
#: attributes that are checked whatever their value (no colon is needed to load from a host)
_CHECKED_ATTRIBUTES = frozenset({"style", "srcset", "imagesrcset"})
#: characters a URL can start with that the browser cannot read as another host's
#: (``//host`` and ``\\host`` start with a slash or backslash, or whitespace or a control
#: character before them)
_ORDINARY_START = frozenset(chr(c) for c in range(0x21, 0x7F)) - {"/", "\\"}


def _suspect(tag: str, attributes: Iterable[tuple[str, str]]) -> bool:
    """Whether one element could give an issue at all (most give none, and are passed over).

    Only an element of ``_CHECKED_ELEMENTS`` can, or one with an attribute that is an event
    handler, holds a colon (every scheme: ``javascript:``, ``data:``, ``https:``), is one
    of ``_CHECKED_ATTRIBUTES``, or loads something and starts with anything but an ordinary
    character. Each element found is then checked in full.
    """
    if tag.lower() in _CHECKED_ELEMENTS:
        return True
    for name, value in attributes:
        if ":" in value:
            return True
        name = name.lower()
        if name in _CHECKED_ATTRIBUTES or name.startswith("on"):
            return True
        if value and value[0] not in _ORDINARY_START and name in URL_ATTRIBUTES:
            return True
    return False


@dataclass(frozen=True)
class Issue:
    page: str  # path of the built file, relative to the site
    line: int  # line in the built file
    what: str  # in words, never the URL itself
    #: the attribute's value, to find the line in the source file (never printed)
    needle: str = ""


def url_kind(value: str) -> str:
    """'script', 'data', 'outside' or 'local' for a URL as the browser would read it."""
    cleaned = _CONTROL.sub("", value).lower().replace("\\", "/")
    if cleaned.startswith(("javascript:", "vbscript:")):
        return "script"
    if cleaned.startswith("data:"):
        return "data"
    if cleaned.startswith("//"):
        return "outside"
    if _SCHEME.match(cleaned):
        return "outside"
    return "local"


def _css_urls(text: str) -> Iterable[str]:
    for match in _CSS_URL.finditer(text):
        yield next(g for g in match.groups() if g is not None)
    for match in _CSS_IMPORT.finditer(text):
        yield next(g for g in match.groups() if g is not None)


def css_issues(text: str) -> list[str]:
    found = []
    for url in _css_urls(text):
        kind = url_kind(url)
        if kind in ("outside", "script"):
            found.append("a stylesheet rule that loads something from another site")
    return found


def theme_script_patterns(template_dirs: Iterable[Path]) -> list[re.Pattern[str]]:
    """Every inline script written in the theme's templates, as a pattern its output matches.

    Template expressions (``{{ ... }}``) inside a script become a wildcard that cannot
    leave a JavaScript string (no quote, angle bracket or backslash).
    """
    patterns: dict[str, re.Pattern[str]] = {}
    for folder in template_dirs:
        if not folder.is_dir():
            continue
        for file in folder.rglob("*.html"):
            try:
                text = file.read_text(encoding="utf-8")
            except (OSError, UnicodeDecodeError):
                continue
            for body in re.findall(r"<script>(.*?)</script>", text, re.S):
                parts = re.split(r"\{\{.*?\}\}|\{%.*?%\}", body, flags=re.S)
                source = r"[^\"'<>\\]*".join(re.escape(p) for p in parts)
                patterns.setdefault(source, re.compile(source, re.S))
    return list(patterns.values())


def _local_file(site: Path, page: Path, url: str) -> bool:
    path = url.split("#", 1)[0].split("?", 1)[0]
    if not path:
        return False
    # "/assets/..." (the 404 page's links) is served from the same site
    base = site if path.startswith("/") else page.parent
    target = (base / path.lstrip("/")).resolve()
    return target.is_file() and site in target.parents


def _attribute_issues(tag: str, name: str, value: str) -> list[str]:
    if name.startswith("on"):
        return [f"an event handler ({name} attribute on <{tag}>)"]
    if ":" not in value and name not in URL_ATTRIBUTES:
        return []  # no scheme, and not an attribute that loads anything: nothing to check
    kind = url_kind(value) if value else "local"
    if kind == "script":
        return [f"a javascript: URL ({name} attribute on <{tag}>)"]
    if kind == "data" and name in REQUEST_ATTRIBUTES | {"href"}:
        if tag == "img" and name == "src" and value.strip().lower().startswith("data:image/"):
            return []
        return [f"a data: URL ({name} attribute on <{tag}>)"]
    if name in ("srcset", "imagesrcset"):
        for candidate in value.split(","):
            url = candidate.strip().split(" ")[0]
            if url and url_kind(url) != "local":
                return [f"something loaded from another site ({name} on <{tag}>)"]
        return []
    if kind == "outside" and (
        name in REQUEST_ATTRIBUTES or (name == "href" and tag not in NAVIGATION)
    ):
        what = "an image" if tag == "img" else f"a <{tag}> {name}"
        return [f"{what} loaded from another site ({name} attribute on <{tag}>)"]
    if name == "style":
        return [f"{note} (style attribute on <{tag}>)" for note in css_issues(value)]
    return []


def check_html(site: Path, page: Path, text: str, scripts: list[re.Pattern[str]]) -> list[Issue]:
    """Every reason one built page would request or run something it must not.

    Parsed with lxml (libxml2's HTML parser): a large site has thousands of pages,
    and Python's own ``html.parser`` took longer than MkDocs to read them.
    """
    rel = page.relative_to(site).as_posix()
    issues: list[Issue] = []
    if not text.strip():
        return issues
    try:
        root = lxml.etree.fromstring(text, _PARSER)
    except (lxml.etree.ParserError, lxml.etree.XMLSyntaxError, ValueError):
        return [Issue(rel, 0, "a page the HTML parser cannot read")]
    if root is None:
        return issues
    for element in root.iter(lxml.etree.Element):
        if not _suspect(element.tag, element.items()):
            continue
        tag = str(element.tag).lower()
        attrs = {str(k).lower(): str(v) for k, v in element.items()}
        line = element.sourceline or 0
        if tag in FORBIDDEN_ELEMENTS:
            issues.append(Issue(rel, line, f"an <{tag}> element (it embeds or redirects content)"))
        for name, value in attrs.items():
            issues += [
                Issue(rel, line, what, value) for what in _attribute_issues(tag, name, value)
            ]
        if tag == "meta" and attrs.get("http-equiv", "").lower() == "refresh":
            match = _REFRESH_URL.search(attrs.get("content", ""))
            if match and url_kind(match.group(1)) != "local":
                issues.append(Issue(rel, line, "a <meta> refresh to another site"))
        elif tag == "script":
            body = element.text or ""
            if "src" in attrs:
                src = attrs["src"]
                if url_kind(src) != "local" or not _local_file(site, page, src):
                    issues.append(
                        Issue(rel, line, "a script that is not a file of this site (<script src>)")
                    )
            elif attrs.get("type", "").lower() == "application/json":
                try:
                    json.loads(body)
                except ValueError:
                    issues.append(Issue(rel, line, "a script element the theme did not write"))
            elif not any(p.fullmatch(body) for p in scripts):
                issues.append(Issue(rel, line, "an inline script that is not the theme's own"))
        elif tag == "style":
            issues += [
                Issue(rel, line, f"{note} (<style> element)")
                for note in css_issues(element.text or "")
            ]
    return issues


class _SearchTags(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.bad = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag not in SEARCH_TAGS or attrs:
            self.bad = True


def check_search_index(site: Path, file: Path, skip: Collection[str] = ()) -> list[Issue]:
    """Markup in the search index's entries; ``skip``: pages (by URL) whose entries were
    taken as they were from a published index, which was checked."""
    try:
        index = json.loads(file.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return [Issue(file.relative_to(site).as_posix(), 0, "a search index that is not JSON")]
    issues = []
    for doc in index.get("docs", []) if isinstance(index, dict) else []:
        if skip and str(doc.get("location", "")).split("#", 1)[0] in skip:
            continue
        for key in ("title", "text"):
            parser = _SearchTags()
            parser.feed(str(doc.get(key, "")))
            parser.close()
            if parser.bad:
                where = str(doc.get("location", ""))
                issues.append(
                    Issue(
                        file.relative_to(site).as_posix(), 0, f"markup in the search entry {where}"
                    )
                )
    return issues


def check_site(
    site: Path,
    template_dirs: Iterable[Path],
    skip: Iterable[str] = (),
    skip_entries: Collection[str] = (),
) -> list[Issue]:
    """Every reason the built site in ``site`` would request or run something it must not.

    ``skip`` names files (relative to ``site``) not to read again: an incremental build's
    pages taken unchanged from the published site, checked when it was built; and
    ``skip_entries`` the URLs of those pages, whose search entries were taken unchanged.
    """
    site = site.resolve()
    scripts = theme_script_patterns(template_dirs)
    issues: list[Issue] = []
    skipped = set(skip)
    for file in sorted(site.rglob("*")):
        if not file.is_file() or (skipped and file.relative_to(site).as_posix() in skipped):
            continue
        suffix = file.suffix.lower()
        if suffix in (".html", ".htm", ".xhtml", ".svg"):
            text = file.read_text(encoding="utf-8", errors="replace")
            issues += check_html(site, file, text, scripts)
        elif suffix == ".css":
            text = file.read_text(encoding="utf-8", errors="replace")
            issues += [Issue(file.relative_to(site).as_posix(), 0, w) for w in css_issues(text)]
        elif file.name == "search_index.json":
            issues += check_search_index(site, file, skip_entries)
    return issues

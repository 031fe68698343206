"""Procedure and hand-written Markdown, sanitised to an allow-list with nh3.

``policies/procedures/*.md`` and ``site/*.md`` are written by people, and
Markdown lets them write anything HTML can: raw ``<script>``, event handlers,
``javascript:`` links, attributes through ``attr_list``. They are sanitised
where that HTML exists, after MkDocs has rendered them: each such text is
put into its page between two markers carrying a random number drawn for the
build (the text cannot forge them), and after the MkDocs build everything
between the markers in the built page is passed through nh3 (the Python
binding of the Rust sanitiser ammonia) with the allow-list below. MkDocs
still rewrites and checks their links and builds the table of contents.
What the sanitiser removed is reported as a warning naming the file.
"""

from __future__ import annotations

import re
import secrets
from dataclasses import dataclass, field
from html.parser import HTMLParser

import nh3
from markupsafe import Markup

TAGS = frozenset(
    {
        "a", "abbr", "b", "blockquote", "br", "caption", "code", "dd", "del", "details",
        "div", "dl", "dt", "em", "figcaption", "figure", "h1", "h2", "h3", "h4", "h5", "h6",
        "hr", "i", "img", "ins", "kbd", "li", "mark", "ol", "p", "pre", "q", "s", "small",
        "span", "strong", "sub", "summary", "sup", "table", "tbody", "td", "tfoot", "th",
        "thead", "tr", "u", "ul",
    }
)  # fmt: skip
#: attributes per tag ("*": on every allowed tag)
ATTRIBUTES = {
    "*": {"class", "id", "title", "lang"},
    "a": {"href"},
    "img": {"src", "alt", "width", "height"},
    "td": {"style", "colspan", "rowspan"},
    "th": {"style", "colspan", "rowspan"},
    "ol": {"start"},
    "details": {"open"},
}
#: link and image schemes kept (a relative link is always kept)
URL_SCHEMES = frozenset({"http", "https", "mailto", "tel"})
#: the one style property kept (Markdown tables align their columns with it)
STYLE_PROPERTIES = frozenset({"text-align"})
#: elements removed together with their content
DROP_WITH_CONTENT = frozenset({"script", "style", "template", "noscript", "title", "textarea"})
#: ids the theme's own scripts look up start with "__" ("__config"): an element with one in
#: a page's text could take their place, so only ordinary heading-style ids are kept
_SAFE_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.:-]*\Z")


def _attribute_filter(tag: str, name: str, value: str) -> str | None:
    if name == "id" and not _SAFE_ID.match(value):
        return None
    return value


def clean(html: str) -> str:
    """HTML reduced to the allow-list: no script, no event handler, no unsafe URL."""
    return nh3.clean(
        html,
        tags=set(TAGS),
        clean_content_tags=set(DROP_WITH_CONTENT),
        attributes={k: set(v) for k, v in ATTRIBUTES.items()},
        attribute_filter=_attribute_filter,
        url_schemes=set(URL_SCHEMES),
        filter_style_properties=set(STYLE_PROPERTIES),
        strip_comments=True,
        link_rel="noopener noreferrer",
    )


class _Removed(HTMLParser):
    """What :func:`clean` will take out of a fragment, in words (for the warning)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[str] = []

    def _add(self, what: str) -> None:
        if what not in self.found:
            self.found.append(what)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag not in TAGS:
            self._add(f"<{tag}> element")
            return
        allowed = ATTRIBUTES["*"] | ATTRIBUTES.get(tag, set())
        for name, value in attrs:
            if name == "rel" and tag == "a":
                continue
            if name not in allowed:
                self._add(f"{name} attribute on <{tag}>")
            elif name in ("href", "src") and value:
                scheme = re.match(r"\s*([A-Za-z][A-Za-z0-9+.\-]*)\s*:", value)
                if scheme and scheme.group(1).lower() not in URL_SCHEMES:
                    self._add(f"{scheme.group(1).lower()}: link on <{tag}>")
            elif name == "id" and value and not _SAFE_ID.match(value):
                self._add(f"id on <{tag}> that the theme could confuse with its own")


def removed(html: str) -> list[str]:
    parser = _Removed()
    parser.feed(html)
    parser.close()
    return parser.found


@dataclass
class Fence:
    """Markers around untrusted Markdown, and the sanitising of what lies between them."""

    nonce: str = field(default_factory=lambda: secrets.token_hex(16))

    @property
    def start(self) -> str:
        return f"<!-- casework-untrusted-start {self.nonce} -->"

    @property
    def end(self) -> str:
        return f"<!-- casework-untrusted-end {self.nonce} -->"

    def wrap(self, markdown: str) -> Markup:
        """The text as it goes into a generated page (raw: the sanitiser runs on the output)."""
        return Markup(f"{self.start}\n\n{markdown}\n\n{self.end}")

    def sanitise(self, page: str) -> tuple[str, list[str], bool]:
        """Every fenced part of a built page cleaned; returns (page, what was removed, found)."""
        out: list[str] = []
        notes: list[str] = []
        position = 0
        found = False
        while True:
            start = page.find(self.start, position)
            if start < 0:
                break
            found = True
            inner = start + len(self.start)
            end = page.find(self.end, inner)
            stop = len(page) if end < 0 else end
            fragment = page[inner:stop]
            for note in removed(fragment):
                if note not in notes:
                    notes.append(note)
            out.append(page[position:start])
            out.append(clean(fragment))
            position = stop if end < 0 else end + len(self.end)
        out.append(page[position:])
        return "".join(out), notes, found

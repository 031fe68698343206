"""What a reader sees on a built page: structure faults found in the HTML.

Used by the reader tests on the demo and on a generated repository. A page is
parsed with lxml; only the article (the page's own content) is judged, so the
theme's navigation and search box are left out.
"""

from __future__ import annotations

import functools
import itertools
import re
from pathlib import Path

from lxml import html as lxml_html

#: Markdown left as text: a pipe table row or rule, bold, a link, a heading mark
MARKDOWN = {
    "pipe table rule": re.compile(r"\|\s*:?-{3,}"),
    "pipe table row": re.compile(r"\|[^|\n]+\|[^|\n]+\|"),
    "bold marks": re.compile(r"\*\*\S"),
    "Markdown link": re.compile(r"\[[^\]\n]+\]\([^)\s]+\)"),
    "heading mark": re.compile(r"(?m)^\s*#{1,6}\s+\w"),
}
#: the repository's language: YAML field names, file names and readme references
REPOSITORY_WORDS = {
    "YAML field name": re.compile(
        r"permanence_plans|long_term: ?true|rules\.yaml|pack\.yaml|_approval\b|"
        r"\brecommendation_completed\b|\bnominated_officer\b"
    ),
    "record file name": re.compile(
        r"-(?:decision|referral|meeting)\.yaml|\d{4}-\d\d-\d\d-(?:decision|referral)\b"
    ),
    "the README": re.compile(r"\bREADME\b"),
    "the pack": re.compile(r"\bthe pack'?s?\b", re.I),
}
#: pages that document the repository itself (coordinators' help and the coordinators'
#: guide, which walks through the files and commands) may name files and fields
HELP_PAGES = {"help.html", "coordinators-guide.html"}


def article(page: Path) -> lxml_html.HtmlElement | None:
    tree = lxml_html.fromstring(page.read_bytes())
    found = tree.xpath('//article[contains(@class, "md-content__inner")]')
    return found[0] if found else None


def _text(node: lxml_html.HtmlElement, code: bool = False) -> str:
    """The text a reader sees, block elements on their own lines; code dropped unless ``code``."""
    node = lxml_html.fromstring(lxml_html.tostring(node))
    dropped = ".//script | .//style | .//svg" + ("" if code else " | .//pre | .//code")
    for drop in node.xpath(dropped):
        drop.drop_tree()
    for block in node.xpath(".//p | .//li | .//td | .//th | .//h1 | .//h2 | .//h3 | .//h4 | .//br"):
        block.tail = "\n" + (block.tail or "")
    return node.text_content()


def faults(page: Path, help_page: bool = False) -> list[str]:
    """What is wrong with one built page as a reader sees it (empty when nothing is)."""
    node = article(page)
    if node is None:
        return ["no article"]
    found: list[str] = []
    text = _text(node)
    for name, pattern in MARKDOWN.items():
        match = pattern.search(text)
        if match:
            found.append(f"{name}: {match.group(0)!r}")
    if not help_page:
        shown = _text(node, code=True)
        for name, pattern in REPOSITORY_WORDS.items():
            match = pattern.search(shown)
            if match:
                found.append(f"{name}: {match.group(0)!r}")
    levels = [int(h.tag[1]) for h in node.iter("h1", "h2", "h3", "h4", "h5", "h6")]
    for before, after in itertools.pairwise(levels):
        if after > before + 1:
            found.append(f"heading h{before} then h{after}")
            break
    for table in node.iter("table"):
        for th in table.iter("th"):
            if not th.text_content().strip():
                found.append("empty table heading")
                break
    for p in node.iter("p", "li"):
        if re.search(r"(?m)(?:^|\w)- \S", p.text_content()):
            found.append("a list written as a paragraph")
            break
    return found


def site_faults(site: Path) -> dict[str, list[str]]:
    """Every page of a built site with its faults."""
    out: dict[str, list[str]] = {}
    for page in sorted(site.rglob("*.html")):
        rel = page.relative_to(site).as_posix()
        if rel == "404.html":
            continue
        found = faults(page, rel in HELP_PAGES)
        if found:
            out[rel] = found
    return out


def has(page: Path, tag: str) -> int:
    node = article(page)
    return 0 if node is None else len(list(node.iter(tag)))


def unlinked_rule_ids(page: Path, rule_ids: set[str]) -> list[str]:
    """Rule ids shown in the page's text (not in code) that are not inside a link."""
    node = article(page)
    if node is None or not rule_ids:
        return []
    pattern = re.compile(
        r"(?<![\w#/])("
        + "|".join(sorted(map(re.escape, rule_ids), key=len, reverse=True))
        + r")(?!\w)"
    )
    found: list[str] = []

    def inside(element: lxml_html.HtmlElement, tag: str) -> bool:
        return any(a.tag == tag for a in element.iterancestors()) or element.tag == tag

    for element in node.iter():
        if not isinstance(element.tag, str) or element.tag in ("script", "style", "code", "pre"):
            continue
        if element.text and not inside(element, "a") and not inside(element, "code"):
            found += pattern.findall(element.text)
        parent = element.getparent()
        outside = parent is not None and not inside(parent, "a") and not inside(parent, "code")
        if element.tail and element is not node and outside:
            found += pattern.findall(element.tail)
    return found


def links(page: Path) -> list[str]:
    node = article(page)
    return [] if node is None else [str(h) for h in node.xpath(".//a/@href")]


def resolves(site: Path, page: Path, href: str) -> bool:
    """A relative link from ``page`` reaches a file of the site (and its anchor, if any)."""
    import posixpath
    import urllib.parse

    if re.match(r"[a-z]+:|//", href):
        return True
    target, _, anchor = href.partition("#")
    file = (
        page
        if not target
        else Path(
            posixpath.normpath(posixpath.join(page.parent.as_posix(), urllib.parse.unquote(target)))
        )
    )
    if not file.is_file() or site.resolve() not in file.resolve().parents:
        return False
    if not anchor or file.suffix != ".html":
        return True
    return urllib.parse.unquote(anchor) in ids_of(file.resolve())


@functools.lru_cache(maxsize=4096)
def ids_of(file: Path) -> frozenset[str]:
    """Every element id of a built page (read once per test session)."""
    tree = lxml_html.fromstring(file.read_bytes())
    return frozenset(str(i) for i in tree.xpath("//@id"))

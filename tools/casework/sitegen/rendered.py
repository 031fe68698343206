"""The text a reader sees in a built file, for the procedures site's case-id guard.

The guard must not be fooled by how an id is written: HTML entities
(``C&#45;0042``), markup inside it (``C-00<b>42</b>``), soft hyphens and
zero-width characters, other dashes, full-width digits. So an HTML page is
reduced to its rendered text (tags stripped, entities decoded, inline
elements joined without a gap) plus its attribute values (a tooltip is seen
too), normalised with NFKC; JSON files are read as JSON; any other file as text.
"""

from __future__ import annotations

import json
import re
import unicodedata
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

CASE_ID = re.compile(r"C-[0-9]{4,8}")
#: elements that do not break a word: text on either side runs together
INLINE = frozenset(
    {
        "a", "abbr", "b", "bdi", "bdo", "cite", "code", "data", "del", "dfn", "em", "font",
        "i", "ins", "kbd", "mark", "q", "s", "samp", "small", "span", "strong", "sub", "sup",
        "time", "u", "var", "wbr",
    }
)  # fmt: skip
_INVISIBLE = re.compile("[\u00ad\u034f\u180e\u200b-\u200f\u2060-\u2064\ufeff]")
_DASHES = re.compile("[\u2010-\u2015\u2212\ufe58\ufe63\uff0d]")


def normalise(text: str) -> str:
    text = unicodedata.normalize("NFKC", text)
    return _DASHES.sub("-", _INVISIBLE.sub("", text))


class _Text(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag not in INLINE:
            self.parts.append("\n")
        for _, value in attrs:
            if value:
                self.parts.append(f"\n{value}\n")

    def handle_endtag(self, tag: str) -> None:
        if tag not in INLINE:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        self.parts.append(data)


def html_text(html: str) -> str:
    parser = _Text()
    parser.feed(html)
    parser.close()
    return "".join(parser.parts)


def _strings(value: Any) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [s for k, v in value.items() for s in (*_strings(k), *_strings(v))]
    if isinstance(value, list):
        return [s for item in value for s in _strings(item)]
    return []


def file_text(file: Path) -> str:
    raw = file.read_bytes().decode("utf-8", errors="replace")
    texts = [raw]
    if file.suffix.lower() in (".html", ".htm", ".xhtml", ".svg", ".xml"):
        texts.append(html_text(raw))
    elif file.suffix.lower() == ".json":
        try:
            strings = _strings(json.loads(raw))
        except ValueError:
            strings = []
        texts.extend(strings)
        texts.extend(html_text(s) for s in strings)
    return "\n".join(normalise(t) for t in texts)


def case_ids_in(file: Path) -> set[str]:
    """Every case-id-shaped string a reader of ``file`` could see."""
    return set(CASE_ID.findall(file_text(file)))

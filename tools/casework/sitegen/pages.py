"""Writing generated pages: the Jinja2 environment, links between pages, Markdown escaping."""

from __future__ import annotations

import posixpath
import re
from collections.abc import Iterable
from datetime import date
from pathlib import Path
from typing import Any

from jinja2 import Environment, PackageLoader, StrictUndefined

_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]<>|#])")


def md(text: Any) -> str:
    """Plain text made safe inside Markdown (tables, lists, headings)."""
    value = "" if text is None else str(text)
    value = value.replace("&", "&amp;").replace("\n", " ")
    return _MD_SPECIAL.sub(r"\\\1", value)


def long_date(day: date | None) -> str:
    return f"{day:%a} {day.day} {day:%B %Y}" if day else ""


def short_date(day: date | None) -> str:
    return f"{day.day} {day:%b %Y}" if day else ""


def case_page(case_id: str) -> str:
    return f"cases/{case_id}.md"


def agenda_page(day: date) -> str:
    return f"agendas/{day.isoformat()}.md"


def procedure_page(procedure_id: str) -> str:
    return f"procedures/{procedure_id.replace('_', '-')}.md"


def humanise(slug: str | None) -> str:
    text = (slug or "").replace("_", " ").strip()
    return text[:1].upper() + text[1:]


class Pages:
    """Renders templates into Markdown files under ``docs``; remembers what it wrote.

    A file is rewritten only when its text changes, so unchanged pages keep
    their modification time (``mkdocs build --dirty`` can then skip them).
    """

    def __init__(self, docs: Path) -> None:
        self.docs = docs
        self.written: set[str] = set()
        self.env = Environment(
            loader=PackageLoader("casework.sitegen", "templates"),
            undefined=StrictUndefined,
            autoescape=False,
            keep_trailing_newline=True,
            trim_blocks=True,
            lstrip_blocks=True,
        )
        self.env.filters.update(md=md, long_date=long_date, short_date=short_date, human=humanise)

    def render(self, path: str, template: str, **context: Any) -> str:
        """Render ``template`` to ``path`` (relative to docs); links are made relative."""
        here = posixpath.dirname(path)

        def link(target: str) -> str:
            return posixpath.relpath(target, here or ".")

        text = self.env.get_template(template).render(link=link, page=path, **context)
        self.write(path, text)
        return text

    def write(self, path: str, text: str | bytes) -> None:
        target = self.docs / path
        target.parent.mkdir(parents=True, exist_ok=True)
        data = text.encode("utf-8") if isinstance(text, str) else text
        if not target.is_file() or target.read_bytes() != data:
            target.write_bytes(data)
        self.written.add(path)

    def remove_stale(self, keep: Iterable[str] = ()) -> int:
        """Delete files a previous build wrote that this build did not."""
        kept = self.written | set(keep)
        removed = 0
        for file in sorted(self.docs.rglob("*")):
            if file.is_file() and file.relative_to(self.docs).as_posix() not in kept:
                file.unlink()
                removed += 1
        return removed

"""The glossary: casework's own terms (``glossary.yaml``), with a pack's ``glossary:`` on top.

A pack entry whose term or abbreviation matches one of casework's (ignoring case)
replaces it; any other pack entry is added. The result is sorted by term.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import yaml

DEFAULTS = Path(__file__).with_name("glossary.yaml")


@dataclass(frozen=True)
class Term:
    term: str
    means: str
    #: the abbreviation people use ("IRO"), if any
    short: str = ""
    #: written by the council in its pack (not one of casework's own)
    from_pack: bool = False

    @property
    def anchor(self) -> str:
        """The id of its entry on the glossary page ("term-independent-reviewing-officer")."""
        return "term-" + (re.sub(r"[^a-z0-9]+", "-", self.term.lower()).strip("-") or "x")

    @property
    def heading(self) -> str:
        return f"{self.term} ({self.short})" if self.short else self.term

    def keys(self) -> set[str]:
        return {k.casefold() for k in (self.term, self.short) if k}


def _terms(entries: Iterable[Any], from_pack: bool) -> list[Term]:
    found = []
    for entry in entries:
        if isinstance(entry, Mapping) and entry.get("term") and entry.get("means"):
            found.append(
                Term(
                    " ".join(str(entry["term"]).split()),
                    " ".join(str(entry["means"]).split()),
                    str(entry.get("short") or ""),
                    from_pack,
                )
            )
    return found


@cache
def defaults() -> tuple[Term, ...]:
    """casework's own glossary (read once)."""
    data = yaml.safe_load(DEFAULTS.read_text(encoding="utf-8")) or {}
    return tuple(_terms(data.get("glossary") or [], from_pack=False))


def glossary(pack: Mapping[str, Any]) -> list[Term]:
    """casework's terms with the pack's added or put in their place, sorted by term."""
    own = _terms(pack.get("glossary") or [], from_pack=True)
    taken: set[str] = set()
    for term in own:
        taken |= term.keys()
    kept = [t for t in defaults() if not t.keys() & taken]
    return sorted([*kept, *own], key=lambda t: t.term.casefold())

"""The procedures manual's reference pages: the glossary, the A-Z and what's new.

Both audiences get them. The glossary is casework's own terms with the pack's
``glossary:`` added or in their place; the A-Z lists every procedure, every
section of a procedure's text and every glossary term; what's new lists the
procedures' own amendment notes, newest first, falling back to the dates the
history recorded for a procedure with no notes (never a commit message or author).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from casework.glossary import Term, glossary
from casework.sitegen.model import SiteData
from casework.sitegen.pages import Pages
from casework.sitegen.procedures import Procedure
from casework.stateddate import StatedDate

GLOSSARY_PAGE = "glossary.md"
A_Z_PAGE = "a-z.md"
WHATS_NEW_PAGE = "whats-new.md"
PAGES = {GLOSSARY_PAGE: "Glossary", A_Z_PAGE: "A-Z", WHATS_NEW_PAGE: "What's new"}


@dataclass(frozen=True)
class Entry:
    """One line of the A-Z."""

    words: str
    target: str
    #: where it is, in words ("in the glossary", "a section of <procedure>")
    where: str
    #: what it stands for, for an abbreviation
    stands_for: str = ""

    @property
    def letter(self) -> str:
        first = _sort_key(self.words)[:1].upper()
        return first if first.isalpha() else "0-9"


@dataclass(frozen=True)
class Change:
    """One line of what's new."""

    day: StatedDate
    procedure: Procedure
    version: str
    change: str
    #: from the procedure's own notes (else from the history: the date only)
    noted: bool


def _sort_key(words: str) -> str:
    return re.sub(r"^[^A-Za-z0-9]+", "", words).casefold()


def a_to_z(found: list[Procedure], terms: list[Term], calendar: str | None) -> list[Entry]:
    """Every procedure, section heading and glossary term, in alphabetical order."""
    entries = [Entry(p.title, p.page, "procedure") for p in found]
    for p in found:
        entries += [
            Entry(words, f"{p.page}#{anchor}", f"in {p.title}")
            for level, words, anchor in p.sections
            if level <= 3
        ]
    for term in terms:
        target = f"{GLOSSARY_PAGE}#{term.anchor}"
        entries.append(Entry(term.term, target, "glossary"))
        if term.short and term.short.casefold() != term.term.casefold():
            entries.append(Entry(term.short, target, "glossary", stands_for=term.term))
    if calendar:
        entries.append(Entry("Panel calendar and papers deadlines", calendar, "calendar"))
    return sorted(entries, key=lambda e: (_sort_key(e.words), e.where, e.target))


def changes(found: list[Procedure]) -> list[Change]:
    """Every procedure's changes, newest first: its notes, else the history's dates."""
    out: list[Change] = []
    for p in found:
        if p.notes:
            out += [
                Change(n["date"], p, str(n["version"]), " ".join(str(n["change"]).split()), True)
                for n in p.notes
                if n["date"]
            ]
        else:
            out += [
                Change(
                    StatedDate(c.date, c.date, month_only=False),
                    p,
                    "",
                    "added to the site" if c.status == "A" else "updated",
                    False,
                )
                for c in p.history
            ]
    return sorted(out, key=lambda c: (c.day.last, c.procedure.title), reverse=True)


def write(pages: Pages, data: SiteData, found: list[Procedure], calendar: str | None) -> list[str]:
    """Write the three pages; returns warnings (a page of ``site/`` they replace)."""
    warnings = [
        f"{pages.sources[path]}: the site's own {title} page replaces this page; give it "
        "another file name to keep it"
        for path, title in PAGES.items()
        if pages.sources.get(path, "").startswith("site/")
    ]
    terms = glossary(data.policy.pack)
    letters: dict[str, list[Term]] = {}
    for term in terms:
        first = term.term[:1].upper()
        letters.setdefault(first if first.isalpha() else "0-9", []).append(term)
    pages.render(
        GLOSSARY_PAGE,
        "glossary.md.j2",
        meta={"title": "Glossary"},
        letters=letters,
        data=data,
        local=any(t.from_pack for t in terms),
    )
    entries = a_to_z(found, terms, calendar)
    by_letter: dict[str, list[Entry]] = {}
    for entry in entries:
        by_letter.setdefault(entry.letter, []).append(entry)
    pages.render(A_Z_PAGE, "a_z.md.j2", meta={"title": "A-Z"}, letters=by_letter, data=data)
    listed = changes(found)
    pages.render(
        WHATS_NEW_PAGE,
        "whats_new.md.j2",
        meta={"title": "What's new"},
        changes=listed,
        fallback=sorted({c.procedure.title for c in listed if not c.noted}),
        data=data,
    )
    return warnings


def nav_entries() -> list[dict[str, Any]]:
    return [
        {title: page}
        for page, title in (
            (WHATS_NEW_PAGE, PAGES[WHATS_NEW_PAGE]),
            (A_Z_PAGE, PAGES[A_Z_PAGE]),
            (GLOSSARY_PAGE, PAGES[GLOSSARY_PAGE]),
        )
    ]

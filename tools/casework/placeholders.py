"""Template placeholders left in a record: refused wherever a record is read.

``casework new`` writes ``FILL IN`` beside every value to complete. A value
still holding that marker, or one of the stand-ins people type while drafting
(``TODO``, ``TBC``, ``XXX``), is not a fact about the child, so the record is
not valid until it is replaced. The message names the field and the marker,
never the rest of the value.
"""

from __future__ import annotations

import re

from casework.problems import Problem
from casework.yamlload import Document, field_name, walk

_MARKER = re.compile(r"\bfill[\s_-]*in\b", re.IGNORECASE)
#: whole values that are stand-ins, compared without case, spaces or punctuation
_STAND_INS = frozenset({"todo", "tbc", "tbd", "xxx", "placeholder", "fillin"})


def _is_placeholder(value: str) -> bool:
    bare = re.sub(r"[\W_]+", "", value).casefold()
    return bool(_MARKER.search(value)) or bare in _STAND_INS


def placeholder_problems(doc: Document) -> list[Problem]:
    """A problem for every text value that is still a placeholder."""
    found = []
    for path, value in walk(doc.data):
        if isinstance(value, str) and _is_placeholder(value):
            found.append(
                Problem(
                    doc.locate(path),
                    f"'{field_name(path)}' still holds a placeholder (such as FILL IN or TODO) "
                    "where the real value belongs; write the value, or remove the field if it "
                    "is optional",
                    code="placeholder",
                )
            )
    return found

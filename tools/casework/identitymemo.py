"""Answers worked out once per object, for objects that cannot be hashed (rules and
selectors are plain mappings from YAML).

An answer is kept under the object's identity together with the object itself, so
the key cannot pass to another object that later gets the same ``id``. The table
is emptied when it reaches ``most`` entries, so a long-lived process reading many
packs does not grow without bound.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any, TypeVar

T = TypeVar("T")
A = TypeVar("A")


def per_object(most: int = 4096) -> Callable[[Callable[[A], T]], Callable[[A], T]]:
    """Decorate a function of one object so it runs once per object."""

    def decorate(function: Callable[[A], T]) -> Callable[[A], T]:
        kept: dict[int, tuple[Any, T]] = {}

        @wraps(function)
        def once(subject: A) -> T:
            found = kept.get(id(subject))
            if found is not None and found[0] is subject:
                return found[1]
            if len(kept) >= most:
                kept.clear()
            answer = function(subject)
            kept[id(subject)] = (subject, answer)
            return answer

        return once

    return decorate

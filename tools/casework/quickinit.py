"""Frozen dataclasses made by the ten thousand, without the cost of being frozen.

A frozen dataclass's own ``__init__`` sets each field with ``object.__setattr__``
(its own ``__setattr__`` refuses), which costs about three times as much as
filling the field's slot directly. ``casework check`` makes tens of thousands
of events, locations and verdicts, so those classes (each with ``slots=True``)
replace their ``__init__`` with one that calls the setters :func:`slot_setters`
gives. The signature, the defaults and the object made are the dataclass's
own, and it stays frozen: assigning to a field afterwards still raises.
(Findings, made for every deadline, are named tuples: cheaper still.)
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

Setter = Callable[[Any, Any], None]


def slot_setters(cls: type, *names: str) -> tuple[Setter, ...]:
    """The slot setter of each of ``cls``'s fields, which ``names`` must list in order
    (so a field added to the class without a place in its ``__init__`` is an error at
    import, not a finding without it)."""
    fields: tuple[str, ...] = tuple(getattr(cls, "__dataclass_fields__", ()))
    if fields != names:
        raise AssertionError(f"{cls.__name__}'s fields changed: update its quick __init__")
    return tuple(getattr(cls, name).__set__ for name in names)

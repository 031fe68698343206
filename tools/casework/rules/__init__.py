"""The closed vocabulary of rule kinds: one small module per kind.

Each module defines ``KIND`` and a pure function ``evaluate(rule, context)``
returning findings; ``evaluator(kind)`` looks one up by its name.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from functools import cache

from casework.findings import Finding
from casework.rules.context import Context, Rule

KINDS = (
    "after",
    "before",
    "before_review",
    "recurring",
    "cohort",
    "approval",
    "approval_period",
    "meeting",
    "documents",
    "field",
)

Evaluator = Callable[[Rule, Context], list[Finding]]

__all__ = ["KINDS", "Context", "Evaluator", "Rule", "evaluator"]


@cache
def evaluator(kind: str) -> Evaluator:
    """The evaluate function of a rule kind (KeyError for an unknown kind)."""
    if kind not in KINDS:
        raise KeyError(kind)
    module = importlib.import_module(f"casework.rules.{kind}")
    return module.evaluate  # type: ignore[no-any-return]

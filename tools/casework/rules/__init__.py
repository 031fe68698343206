"""The closed vocabulary of rule kinds: one small module per kind.

Each module defines ``KIND`` and a pure function ``evaluate(rule, context)``
returning findings; ``evaluator(kind)`` looks one up by its name. A kind may
also define ``prepare(rule)``, which works out the rule's fixed parts (its
durations, its words) once and returns a function of the context alone;
its ``evaluate`` is then ``prepare(rule)(context)``. ``prepared(rule)`` gives
that function for any kind, as the engine runs each rule over every case.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from functools import cache
from types import ModuleType

from casework.findings import Finding
from casework.rules.context import Context, Prepared, Rule

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

__all__ = ["KINDS", "Context", "Evaluator", "Prepared", "Rule", "evaluator", "prepared"]


@cache
def _module(kind: str) -> ModuleType:
    if kind not in KINDS:
        raise KeyError(kind)
    return importlib.import_module(f"casework.rules.{kind}")


def evaluator(kind: str) -> Evaluator:
    """The evaluate function of a rule kind (KeyError for an unknown kind)."""
    return _module(kind).evaluate  # type: ignore[no-any-return]


def prepared(rule: Rule) -> Prepared:
    """``rule`` ready to run over one context at a time (KeyError for an unknown kind)."""
    module = _module(rule["kind"])
    prepare: Callable[[Rule], Prepared] | None = getattr(module, "prepare", None)
    if prepare is not None:
        return prepare(rule)
    evaluate: Evaluator = module.evaluate
    return lambda context: evaluate(rule, context)

"""The pack's rules and procedure pages refer only to what the pack and casework
define.
"""

from __future__ import annotations

from collections.abc import Iterator

from casework.checks.repository import Repository
from casework.packcheck import (
    check_glossary,
    check_procedure_references,
    check_rule_references,
)
from casework.problems import Problem


def check(repo: Repository) -> Iterator[Problem]:
    """Rules and procedures refer only to what the pack and casework define."""
    policy = repo.policy
    if policy is None:
        return
    yield from check_rule_references(policy)
    folder = policy.pack_doc.display.rpartition("/")[0] or "."
    yield from check_procedure_references(policy, folder)
    yield from check_glossary(policy)

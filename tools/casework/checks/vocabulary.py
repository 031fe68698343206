"""Criteria, recommendation types, roles, teams, documents and checklists named
in records are ones the policy pack lists.
"""

from __future__ import annotations

from collections.abc import Iterator

from casework.checks.repository import Repository, problem, quoted
from casework.problems import Problem
from casework.vocab import WORDS
from casework.yamlload import PathKey, walk

#: field names (or list names) whose values are roles from the pack, in every record
ROLE_FIELDS = frozenset(
    {
        "worker_role",
        "role",
        "referrer_role",
        "who",
        "chair_role",
        "owner_role",
        "made_by_role",
        "minute_taker_role",
        "members_present",
        "apologies",
    }
)

#: record kind -> field path (list positions as "*") -> pack section
VOCABULARY_FIELDS: dict[str, dict[tuple[str, ...], str]] = {
    "case": {("team",): "teams"},
    "referral": {
        ("criterion",): "criteria",
        ("sought", "*"): "recommendation_types",
        ("documents", "*"): "documents",
        ("checklist",): "checklists",
    },
    "decision": {("items", "*", "type"): "recommendation_types"},
    "amendment": {("changes", "items", "*", "type"): "recommendation_types"},
}

#: the pack's own lists, in the words messages use for them (vocab.WORDS)
SECTION_WORDS = {
    name: WORDS[name]
    for name in ("roles", "teams", "criteria", "recommendation_types", "documents", "checklists")
}

#: case events that may come before the child is first looked after (Kirklees 1.3 holds


def _unknown(field: PathKey, section: str, known: list[str]) -> str:
    shown = ", ".join(known[:14]) + (", ..." if len(known) > 14 else "")
    words = SECTION_WORDS[section]
    if not known:
        return f"{quoted(field)} is used, but the policy pack lists no {words}; remove it"
    return f"{quoted(field)} is not one of the {words} in the policy pack; use one of: {shown}"


def check(repo: Repository) -> Iterator[Problem]:
    """Criteria, types, roles, teams, documents and checklists come from the pack."""
    policy = repo.policy
    if policy is None:
        return
    known = {
        section: [str(item["id"]) for item in policy.pack.get(section) or []]
        for section in SECTION_WORDS
    }
    sets = {section: set(ids) for section, ids in known.items()}
    check_teams = bool(known["teams"])
    for record in repo.records:
        if record.kind in ("pack", "rules"):
            continue
        vocab = VOCABULARY_FIELDS.get(record.kind, {})
        for path, value in walk(record.data):
            if not isinstance(value, str):
                continue
            shape = tuple("*" if isinstance(part, int) else part for part in path)
            section = vocab.get(shape)
            if section is None:
                names = [part for part in path if isinstance(part, str)]
                if names and names[-1] in ROLE_FIELDS:
                    section = "roles"
            if section is None or (section == "teams" and not check_teams):
                continue
            if value not in sets[section]:
                yield problem(record, path, _unknown(path, section, known[section]), code="vocab")

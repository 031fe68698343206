"""The policy pack agrees with itself: ids are unique, and the roles, criteria
and documents it names are ones it lists; the terms it adds are new.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any

from casework.checks.repository import Repository, quoted
from casework.policy import Policy
from casework.problems import Problem, Severity
from casework.vocab import WORDS, base_terms, did_you_mean
from casework.yamlload import PathKey, field_name


def check(repo: Repository) -> Iterator[Problem]:
    """The pack is consistent with itself: ids unique, roles and documents it names exist."""
    policy = repo.policy
    if policy is None:
        return
    doc = policy.pack_doc
    pack = policy.pack
    for section in ("roles", "teams", "criteria", "recommendation_types", "documents"):
        seen: set[str] = set()
        for index, item in enumerate(pack.get(section) or []):
            if item["id"] in seen:
                yield Problem(
                    doc.locate((section, index, "id")),
                    f"'{field_name((section, index, 'id'))}' repeats an id used earlier in "
                    f"'{section}'; give each one its own id",
                    code="vocab",
                )
            seen.add(item["id"])
    roles = policy.ids("roles")
    role_paths: list[PathKey] = []
    panel_paths: list[PathKey] = (
        [("panels", i) for i in range(len(pack["panels"]))] if "panels" in pack else [("panel",)]
    )
    panel_ids: set[str] = set()
    criteria = policy.ids("criteria")
    for panel_path, panel in zip(panel_paths, policy.panels, strict=True):
        if panel["id"] in panel_ids:
            yield Problem(
                doc.locate((*panel_path, "id")),
                f"{quoted((*panel_path, 'id'))} repeats the id of an earlier panel; give each "
                "panel its own id",
                code="vocab",
            )
        panel_ids.add(panel["id"])
        role_paths += [(*panel_path, "chair_roles", i) for i in range(len(panel["chair_roles"]))]
        if "vice_chair_role" in panel:
            role_paths.append((*panel_path, "vice_chair_role"))
        for i, criterion in enumerate(panel.get("criteria") or []):
            if criterion not in criteria:
                path = (*panel_path, "criteria", i)
                yield Problem(
                    doc.locate(path),
                    _not_listed(path, "referral criteria", "criteria", criterion, criteria),
                    code="vocab",
                )
    yield from _check_added_terms(policy)
    role_paths += [("procedures", i, "owner_role") for i in range(len(pack["procedures"]))]
    for path in role_paths:
        value: Any = pack
        for part in path:
            value = value[part]
        if value not in roles:
            yield Problem(
                doc.locate(path), _not_listed(path, "roles", "roles", value, roles), code="vocab"
            )
    documents = policy.ids("documents")
    for i, checklist in enumerate(pack.get("checklists") or []):
        for j, document in enumerate(checklist["documents"]):
            if document not in documents:
                path = ("checklists", i, "documents", j)
                yield Problem(
                    doc.locate(path),
                    _not_listed(path, "documents", "documents", document, documents),
                    code="vocab",
                )


def _not_listed(path: PathKey, words: str, section: str, value: Any, known: Iterable[str]) -> str:
    """A pack reference to something the pack does not list, with the nearest it does."""
    return (
        f"{quoted(path)} is not one of the {words} listed in this policy pack; add it to "
        f"'{section}' or correct it" + did_you_mean(value, sorted(known))
    )


def _check_added_terms(policy: Policy) -> Iterator[Problem]:
    """Terms a pack adds: each id once, and not one casework already has."""
    added = policy.pack.get("vocabularies") or {}
    for name, items in added.items():
        base = {term_id for term_id, _ in base_terms(name)}
        seen: set[str] = set()
        for index, item in enumerate(items):
            path = ("vocabularies", name, index, "id")
            if item["id"] in base:
                yield Problem(
                    policy.pack_doc.locate(path),
                    f"{quoted(path)} is already one of casework's own {WORDS[name]}; remove it "
                    "from the pack (records can use it as it is)",
                    severity=Severity.WARNING,
                    code="vocab",
                )
            elif item["id"] in seen:
                yield Problem(
                    policy.pack_doc.locate(path),
                    f"{quoted(path)} repeats an id used earlier in 'vocabularies.{name}'; give "
                    "each one its own id",
                    code="vocab",
                )
            seen.add(item["id"])

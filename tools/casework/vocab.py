"""Vocabularies: the base lists every pack starts from, plus what a pack adds.

The base vocabularies (plan types, placement types, legal statuses, case event
types, approval subjects, provider kinds) live in ``schemas/common.json`` as
``enum`` lists with their labels in ``enumDescriptions``, each tagged with
``x-vocabulary``. A pack adds its own under ``vocabularies:`` in pack.yaml;
its roles, teams, criteria, recommendation types, documents, checklists and
panels are vocabularies too. A :class:`Vocabulary` is hashable, so the
validators built from it are built once per run.
"""

from __future__ import annotations

import difflib
import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import cache
from typing import Any

from casework.paths import data_dir

#: pack.yaml ``vocabularies`` key -> the definition in common.json it extends
BASE_VOCABULARIES: dict[str, str] = {
    "plan_types": "plan",
    "placement_types": "placement_type",
    "legal_statuses": "legal_status",
    "event_types": "case_event_type",
    "approval_subjects": "approval_subject",
    "provider_kinds": "provider_kind",
}

#: vocabularies a pack may extend (provider kinds stay casework's own)
EXTENSIBLE = ("plan_types", "placement_types", "legal_statuses", "event_types", "approval_subjects")

#: vocabularies that are pack sections: name -> (pack key, label field)
PACK_SECTIONS: dict[str, tuple[str, str]] = {
    "roles": ("roles", "title"),
    "teams": ("teams", "title"),
    "criteria": ("criteria", "label"),
    "recommendation_types": ("recommendation_types", "label"),
    "documents": ("documents", "label"),
    "checklists": ("checklists", "label"),
}

#: how each vocabulary is named in messages for coordinators
WORDS: dict[str, str] = {
    "plan_types": "plan types",
    "placement_types": "placement types",
    "legal_statuses": "legal statuses",
    "event_types": "event types",
    "approval_subjects": "approval subjects",
    "provider_kinds": "kinds of provider",
    "roles": "roles",
    "teams": "teams",
    "criteria": "referral criteria",
    "recommendation_types": "recommendation and decision types",
    "documents": "documents",
    "checklists": "checklists",
    "panels": "panels",
}

Terms = tuple[tuple[str, str], ...]


@cache
def base_terms(name: str) -> Terms:
    """(id, label) pairs of a base vocabulary, in the order common.json gives them."""
    common = json.loads((data_dir("schemas") / "common.json").read_text(encoding="utf-8"))
    definition = common["$defs"][BASE_VOCABULARIES[name]]
    return tuple(zip(definition["enum"], definition["enumDescriptions"], strict=True))


@dataclass(frozen=True)
class Vocabulary:
    """Every vocabulary a repository's records may use: name -> (id, label) pairs."""

    terms: tuple[tuple[str, Terms], ...]
    #: the pack is broken, so its terms are unknown: every vocabulary field takes any id
    #: (see :data:`UNCHECKED`)
    unchecked: bool = False

    def get(self, name: str) -> Terms | None:
        return dict(self.terms).get(name)

    def ids(self, name: str) -> list[str]:
        return [term_id for term_id, _ in self.get(name) or ()]

    def label(self, name: str, term_id: str) -> str:
        return dict(self.get(name) or ()).get(term_id, term_id)


#: the vocabulary records are read with while pack.yaml is broken: no field is checked
#: against a vocabulary, so one broken pack is not reported again in every record that
#: uses a term it adds
UNCHECKED = Vocabulary((), unchecked=True)


def panels_of(pack: Mapping[str, Any]) -> list[dict[str, Any]]:
    """The pack's panels: its ``panels`` list, or its single ``panel``."""
    if isinstance(pack.get("panels"), list):
        return [p for p in pack["panels"] if isinstance(p, dict)]
    panel = pack.get("panel")
    return [panel] if isinstance(panel, dict) else []


def _items(items: Any, label: str) -> Iterable[tuple[str, str]]:
    for item in items if isinstance(items, list) else []:
        if isinstance(item, dict) and isinstance(item.get("id"), str):
            yield item["id"], str(item.get(label) or item["id"])


def base_vocabulary() -> Vocabulary:
    """casework's own vocabularies, without any pack."""
    return Vocabulary(tuple((name, base_terms(name)) for name in BASE_VOCABULARIES))


def from_pack(pack: Mapping[str, Any]) -> Vocabulary:
    """The base vocabularies extended by a (schema-valid) pack, and the pack's own sections.

    A pack without teams leaves the team field free; any other empty section
    allows nothing. A pack term repeating a base id keeps the base label.
    """
    added = pack.get("vocabularies") or {}
    terms: list[tuple[str, Terms]] = []
    for name in BASE_VOCABULARIES:
        base = base_terms(name)
        known = {term_id for term_id, _ in base}
        extra = tuple(t for t in _items(added.get(name), "label") if t[0] not in known)
        terms.append((name, base + extra))
    for name, (key, label) in PACK_SECTIONS.items():
        section = tuple(_items(pack.get(key), label))
        if section or name != "teams":  # a pack without teams leaves the team free
            terms.append((name, section))
    panels = tuple(_items(panels_of(pack), "name"))
    if panels:
        terms.append(("panels", panels))
    return Vocabulary(tuple(terms))


def nearest(value: Any, known: Iterable[str]) -> str | None:
    """The known value closest to ``value``, if any is close (for 'did you mean')."""
    if not isinstance(value, str):
        return None
    found = difflib.get_close_matches(value, list(known), n=1, cutoff=0.6)
    return found[0] if found else None


def did_you_mean(value: Any, known: Iterable[str]) -> str:
    """`` (did you mean 'x'?)`` naming the nearest known value, or nothing."""
    near = nearest(value, known)
    return f" (did you mean '{near}'?)" if near else ""

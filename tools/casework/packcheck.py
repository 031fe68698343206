"""Checked packs: every reference in rules.yaml and the procedures is to something known.

A rule's ``where`` value that no record can have (a misspelt placement type,
an event type the pack never defines) would switch the rule off without a
word; a procedure naming a rule that does not exist would publish nothing.
Each is a problem at its file:line:col, with the nearest known value.
Messages name the field, never the value written there.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Mapping
from functools import cache
from typing import TYPE_CHECKING, Any

from casework.errors import Location
from casework.problems import Problem
from casework.repofiles import UnsafeFile, check_folders, read_regular
from casework.schemas import effective_schema
from casework.vocab import WORDS, did_you_mean
from casework.yamlload import PathKey, field_name

if TYPE_CHECKING:
    from casework.policy import Policy

#: event kind -> attribute -> the vocabulary its values come from (None: free, or checked
#: against a fixed list in :func:`_fixed`)
EVENT_ATTRIBUTES: dict[str, dict[str, str | None]] = {
    "entered_care": {"legal_basis": "legal_statuses", "entry": "entry", "episode": None},
    "left_care": {
        "episode": None,
        "end_reason": "episode_end_reason",
        "looked_after_working_days": None,
    },
    "legal_status": {"status": "legal_statuses"},
    "legal_status_ended": {"status": "legal_statuses"},
    "placement_started": {
        "type": "placement_types",
        "provider": "provider_kinds",
        "weekly_cost": None,
        "long_term": None,
        "off_framework": None,
        "placement": None,
    },
    "lac_review": {"number": None, "episode": None},
    "proceedings_issued": {"proceedings": None},
    "proceedings_concluded": {"proceedings": None},
    "proceedings_extended": {"proceedings": None, "weeks": None},
    "case_event": {"type": "event_types", "ref": None},
    "permanence_plan": {"plan": "plan_types", "previous_plan": "plan_types"},
    "approval": {
        "role": "roles",
        "end_date": None,
        "weekly_cost": None,
        "placement": None,
    },
    "referral": {
        "panel_date": None,
        "panel": "panels",
        "submitted": None,
        "submitted_time": None,
        "criterion": "criteria",
        "sought": "recommendation_types",
        "checklist": "checklists",
        "extraordinary": None,
        "record": None,
    },
    "panel_hearing": {"referral": None, "record": None},
    "decision_item": {
        "type": "recommendation_types",
        "due": None,
        "owner_role": "roles",
        "item": None,
        "endorses_plan": None,
        "record": None,
    },
    "return_to_panel": {"due": None, "record": None},
    "dispute": {"record": None},
    "amendment": {"amends": None, "record": None},
}
EVENT_ATTRIBUTES["placement_ended"] = {
    **EVENT_ATTRIBUTES["placement_started"],
    "end_reason": "placement_end_reason",
}

#: attributes of each kind of event that hold a date: what a selector's ``date_field``
#: and a ``met_by: {field: ...}`` can name
DATE_ATTRIBUTES: dict[str, tuple[str, ...]] = {
    "referral": ("panel_date", "submitted"),
    "approval": ("end_date",),
    "decision_item": ("due",),
    "return_to_panel": ("due",),
}

#: the time of day beside a date: what a ``met_by: {time_field: ...}`` can name
TIME_ATTRIBUTES: dict[str, tuple[str, ...]] = {"referral": ("submitted_time",)}

#: fields of the records a ``documents`` or ``field`` rule's ``applies`` looks at
RECORD_FIELDS: dict[str, dict[str, str | None]] = {
    "referral": {
        key: value
        for key, value in EVENT_ATTRIBUTES["referral"].items()
        if key not in ("record", "submitted_time")
    },
}

_FIXED_WORDS = {
    "entry": "ways of entering care",
    "episode_end_reason": "reasons for leaving care",
    "placement_end_reason": "reasons a placement ended",
}


@cache
def _fixed(name: str) -> tuple[str, ...]:
    """Values from a fixed list in the case schema."""
    case = effective_schema("case")["properties"]
    episode = case["episodes"]["items"]["properties"]
    placement = case["placements"]["items"]["properties"]
    lists = {
        "entry": episode["entry"]["enum"],
        "episode_end_reason": episode["end_reason"]["enum"],
        "placement_end_reason": placement["end_reason"]["enum"],
    }
    return tuple(lists[name])


def _known(policy: Policy, name: str) -> list[str] | None:
    if name in _FIXED_WORDS:
        return list(_fixed(name))
    terms = policy.vocabulary.get(name)
    return None if terms is None else [term_id for term_id, _ in terms]


def _message(path: PathKey, name: str, known: list[str], value: str) -> str:
    shown = ", ".join(known[:14]) + (", ..." if len(known) > 14 else "")
    words = WORDS.get(name) or _FIXED_WORDS[name]
    if name in ("plan_types", "placement_types", "legal_statuses", "event_types"):
        listed = f"casework's {words} or those the pack adds under 'vocabularies.{name}'"
    elif name in _FIXED_WORDS:
        listed = f"the {words} a record can give"
    else:
        listed = f"the {words} in the policy pack"
    if not known:
        return (
            f"'{field_name(path)}' names one of the {words}, but the policy pack lists none, "
            "so the rule cannot work as written; add them to the pack or correct the rule"
        )
    return (
        f"'{field_name(path)}' is not one of {listed}, so the rule cannot work as written; "
        f"use one of: {shown}" + did_you_mean(value, known)
    )


def _conditions(
    policy: Policy,
    where: Mapping[str, Any],
    path: PathKey,
    attributes: Mapping[str, str | None],
    key: str | None = None,
) -> Iterator[Problem]:
    """Each condition's attribute and values; ``key`` names the field when it is not
    the attribute itself (a documents rule's ``required`` list)."""
    doc = policy.rules_doc
    for attribute, condition in where.items():
        if "." in attribute:
            continue  # a dotted path into a record's fields
        at = (*path, key or attribute)
        if attribute not in attributes:
            yield Problem(
                doc.locate(at),
                f"'{field_name(at)}' names something this kind of event does not have, so the "
                f"condition never holds and the rule cannot work as written; use one of: "
                f"{', '.join(attributes)}" + did_you_mean(attribute, attributes),
                code="pack-reference",
            )
            continue
        name = attributes[attribute]
        known = _known(policy, name) if name else None
        if not name or known is None:
            continue
        values = condition if isinstance(condition, list) else [condition]
        for index, value in enumerate(values):
            if isinstance(value, str) and value not in known:
                where_at = (*at, index) if isinstance(condition, list) else at
                yield Problem(
                    doc.locate(where_at),
                    _message(where_at, name, known, value),
                    code="pack-reference",
                )


def _selectors(data: Any, path: PathKey = ()) -> Iterator[tuple[PathKey, Mapping[str, Any]]]:
    """Every selector (a mapping with an ``event``) in a rule, with its path."""
    if isinstance(data, dict):
        if isinstance(data.get("event"), str):
            yield path, data
        for key, value in data.items():
            yield from _selectors(value, (*path, key))
    elif isinstance(data, list):
        for index, value in enumerate(data):
            yield from _selectors(value, (*path, index))


def _named_field(
    policy: Policy,
    at: PathKey,
    name: Any,
    known: tuple[str, ...],
    what: str,
    owner: str = "this kind of event",
    shown: tuple[str, ...] = (),
) -> Iterator[Problem]:
    """``name`` (a field a rule names on an event, or on ``owner``) is one of ``known``;
    the message lists ``shown`` (default: every known name) and the nearest known one."""
    if not isinstance(name, str) or name in known:
        return
    if known:
        fix = f"use one of: {', '.join(shown or known)}" + did_you_mean(name, known)
    else:
        fix = f"{owner} has no {what}; remove the field or choose another event"
    yield Problem(
        policy.rules_doc.locate(at),
        f"'{field_name(at)}' is not a {what} {owner} has, so the rule cannot work "
        f"as written; {fix}",
        code="pack-reference",
    )


def _field_names(policy: Policy, rule: Mapping[str, Any], base: PathKey) -> Iterator[Problem]:
    """The date, time and number fields a rule names exist on the events it reads."""
    for path, selector in _selectors(rule, base):
        if "date_field" in selector:
            known = DATE_ATTRIBUTES.get(selector["event"], ())
            yield from _named_field(
                policy, (*path, "date_field"), selector["date_field"], known, "date"
            )
    met_by = rule.get("met_by")
    if isinstance(met_by, Mapping) and "field" in met_by:
        event = {"after": rule.get("from"), "before": rule.get("anchor")}.get(str(rule.get("kind")))
        kind = event.get("event") if isinstance(event, Mapping) else None
        if kind is None:
            at = (*base, "met_by")
            yield Problem(
                policy.rules_doc.locate(at),
                f"'{field_name(at)}' names a date on a record, which only an 'after' or "
                "'before' rule can read; name the event that answers the rule instead "
                "({event: ...})",
                code="pack-reference",
            )
        else:
            yield from _named_field(
                policy,
                (*base, "met_by", "field"),
                met_by["field"],
                DATE_ATTRIBUTES.get(kind, ()),
                "date",
            )
            if "time_field" in met_by:
                yield from _named_field(
                    policy,
                    (*base, "met_by", "time_field"),
                    met_by["time_field"],
                    TIME_ATTRIBUTES.get(kind, ()),
                    "time of day",
                )
    extended = rule.get("extended_by")
    if isinstance(extended, Mapping) and isinstance(extended.get("event"), str):
        numbers = tuple(
            name for name in EVENT_ATTRIBUTES.get(extended["event"], {}) if name == "weeks"
        )
        yield from _named_field(
            policy,
            (*base, "extended_by", "field"),
            extended.get("field"),
            numbers,
            "length of an extension",
        )


@cache
def record_paths(record: str) -> tuple[str, ...]:
    """Every dotted path into a record's fields (``funding_request.quotes``): a field
    inside a field that is itself a mapping, as the record's schema allows."""

    def walk(schema: Mapping[str, Any], prefix: str) -> Iterator[str]:
        for name, sub in schema.get("properties", {}).items():
            if not isinstance(sub, Mapping):
                continue
            path = f"{prefix}.{name}" if prefix else name
            if prefix:
                yield path
            yield from walk(sub, path)

    return tuple(walk(effective_schema(record), ""))


def _dotted_paths(
    policy: Policy,
    where: Mapping[str, Any],
    path: PathKey,
    known: tuple[str, ...],
    what: str,
    attributes: Iterable[str] = (),
) -> Iterator[Problem]:
    """Each dotted path a condition names (``funding_request.provision``) is one of
    ``known``: misspelt, it reads nothing and the condition never holds. With no
    ``known`` paths (an event's attributes are single values) the fix names the
    ``attributes`` instead."""
    for attribute in where:
        if not isinstance(attribute, str) or "." not in attribute or attribute in known:
            continue
        at = (*path, attribute)
        first = attribute.split(".")[0]
        if known:
            # "funding_request.x": the fields of funding_request; otherwise every path
            under = tuple(p for p in known if p.split(".")[0] == first) or known
            fix = f"use one of: {', '.join(under)}" + did_you_mean(attribute, known)
        else:
            names = list(attributes)
            fix = f"use one of: {', '.join(names)}" + did_you_mean(first, names)
        shown = field_name((*path, *attribute.split(".")))  # each part shown if it is safe
        yield Problem(
            policy.rules_doc.locate(at),
            f"'{shown}' is not a field {what}, so the condition never holds and the "
            f"rule cannot work as written; {fix}",
            code="pack-reference",
        )


def check_rule_references(policy: Policy) -> Iterator[Problem]:
    """``where`` and ``applies`` values in rules.yaml are known to the pack, and the
    fields rules name are fields the events have."""
    for index, rule in enumerate(policy.rules):
        base: PathKey = ("rules", index)
        for path, selector in _selectors(rule, base):
            where = selector.get("where")
            attributes = EVENT_ATTRIBUTES.get(selector["event"])
            if isinstance(where, dict) and attributes is not None:
                yield from _conditions(policy, where, (*path, "where"), attributes)
            if isinstance(where, dict):
                yield from _dotted_paths(
                    policy,
                    where,
                    (*path, "where"),
                    (),
                    "an event has (a dotted path reads inside a record's field; an event's "
                    "attributes are single values)",
                    attributes or (),
                )
        yield from _field_names(policy, rule, base)
        required = rule.get("required") if rule.get("kind") == "documents" else None
        if isinstance(required, list):
            yield from _conditions(
                policy,
                {"documents": required},
                base,
                {"documents": "documents"},
                key="required",
            )
        applies = rule.get("applies")
        record = "referral" if rule.get("kind") == "documents" else rule.get("record")
        if isinstance(applies, dict) and record in RECORD_FIELDS and "event" not in applies:
            yield from _conditions(policy, applies, (*base, "applies"), RECORD_FIELDS[record])
        if isinstance(applies, dict) and record in ("referral", "decision"):
            yield from _dotted_paths(
                policy, applies, (*base, "applies"), record_paths(record), f"a {record} has"
            )
        if rule.get("kind") == "field" and record in ("referral", "decision"):
            yield from _checked_field(policy, rule.get("field"), (*base, "field"), record)


def _checked_field(policy: Policy, field: Any, at: PathKey, record: str) -> Iterator[Problem]:
    """A ``field`` rule's ``field`` is a field of its record, or a dotted path into one:
    misspelt, it reads nothing, and the rule would find every record wrong or none."""
    if not isinstance(field, str):
        return
    first, dotted = field.split(".")[0], "." in field
    under = tuple(p for p in record_paths(record) if dotted and p.split(".")[0] == first)
    yield from _named_field(
        policy,
        at,
        field,
        (*record_fields(record), *record_paths(record)),
        "field",
        owner=f"a {record}",
        shown=under or record_fields(record),
    )


@cache
def record_fields(record: str) -> tuple[str, ...]:
    """A record's own fields (``submitted``, ``funding_request``), as its schema names them."""
    return tuple(effective_schema(record).get("properties", {}))


_BOLD_RULE = re.compile(r"\*\*([A-Z]{1,3}[0-9]{1,3}[a-z]?)\*\*")
_RULE_ID = re.compile(r"([A-Za-z0-9_]+)")
_FRONT = re.compile(r"\A---\n(.*?)\n---\n", re.S)


def _front_matter_rules(text: str) -> Iterator[tuple[int, int, str]]:
    """(line, column, id) of each rule id in a page's front matter ``rules:`` entry,
    written as ``rules: [A1, A2]`` or as a block list."""
    match = _FRONT.match(text)
    if not match:
        return
    in_list = False
    for number, line in enumerate(match.group(1).splitlines(), start=2):
        key = re.match(r"^rules\s*:(.*)$", line)
        if key:
            in_list = not key.group(1).strip()
            start = line.index(":") + 1
            for found in _RULE_ID.finditer(line, start):
                yield number, found.start() + 1, found.group(1)
        elif in_list and re.match(r"^\s*-\s", line):
            for found in _RULE_ID.finditer(line):
                yield number, found.start() + 1, found.group(1)
        else:
            in_list = False


def _unknown(where: Location, what: str, fix: str, value: str, known: list[str]) -> Problem:
    """A procedure or page naming a rule or procedure the pack does not have."""
    return Problem(where, f"{what}; {fix}" + did_you_mean(value, known), code="pack-reference")


_NO_RULE = "correct the id or add the rule"


def check_procedure_references(policy: Policy, display_dir: str) -> Iterator[Problem]:
    """Procedures name existing rules, procedures and pages; pages name existing rules."""
    doc = policy.pack_doc
    rule_ids = sorted(rule["id"] for rule in policy.rules)
    procedure_ids = sorted(p["id"] for p in policy.pack["procedures"])
    for index, procedure in enumerate(policy.pack["procedures"]):
        for position, rule_id in enumerate(procedure.get("rules") or []):
            if rule_id not in rule_ids:
                path = ("procedures", index, "rules", position)
                what = f"'{field_name(path)}' names a rule that is not in rules.yaml"
                yield _unknown(doc.locate(path), what, _NO_RULE, rule_id, rule_ids)
        for position, other in enumerate(procedure.get("see_also") or []):
            if other not in procedure_ids:
                path = ("procedures", index, "see_also", position)
                what = f"'{field_name(path)}' names a procedure that is not in 'procedures'"
                yield _unknown(doc.locate(path), what, "correct the id", other, procedure_ids)
        page = policy.procedure_path(procedure)
        shown = f"{display_dir}/{procedure['file']}"
        if not page.is_file() and not page.is_symlink():
            yield Problem(
                doc.locate(("procedures", index, "file")),
                f"'{field_name(('procedures', index, 'file'))}' names a page that does not "
                "exist; create it or correct the file name",
                code="pack-reference",
            )
            continue
        try:
            check_folders(policy.dir, page)
            text = read_regular(page).decode("utf-8-sig")
        except UnsafeFile as exc:  # a link, pipe or device: never followed or opened
            yield Problem(Location(shown), exc.message, code="pack-reference")
            continue
        except UnicodeDecodeError:
            yield Problem(
                Location(shown),
                "this procedure page cannot be read as UTF-8 text; save it as UTF-8",
                code="pack-reference",
            )
            continue
        for number, column, rule_id in _front_matter_rules(text):
            if rule_id not in rule_ids:
                what = (
                    "this page's front matter lists a rule under 'rules' that is not in rules.yaml"
                )
                yield _unknown(Location(shown, number, column), what, _NO_RULE, rule_id, rule_ids)
        for number, line in enumerate(text.splitlines(), start=1):
            for match in _BOLD_RULE.finditer(line):
                if match.group(1) not in rule_ids:
                    where = Location(shown, number, match.start() + 1)
                    what = "this page names a rule (in bold) that is not in rules.yaml"
                    yield _unknown(where, what, _NO_RULE, match.group(1), rule_ids)


def check_glossary(policy: Policy) -> Iterator[Problem]:
    """Each term and abbreviation of the pack's ``glossary`` is given once.

    (The schema has already checked each entry's shape.) A term the pack gives twice
    would leave the site to pick one meaning without a word.
    """
    doc = policy.pack_doc
    seen: set[str] = set()
    for index, entry in enumerate(policy.pack.get("glossary") or []):
        if not isinstance(entry, Mapping):
            continue
        for key in ("term", "short"):
            value = entry.get(key)
            if not isinstance(value, str) or not value.strip():
                continue
            folded = " ".join(value.split()).casefold()
            if folded in seen:
                path = ("glossary", index, key)
                yield Problem(
                    doc.locate(path),
                    f"'{field_name(path)}' repeats a term or abbreviation given earlier in "
                    "'glossary'; give each term once (one entry replaces casework's own "
                    "meaning of a term)",
                    code="pack-reference",
                )
            seen.add(folded)

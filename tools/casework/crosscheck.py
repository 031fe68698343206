"""Checks across records: ids, names, references, schedule, order of events.

Each check is a small function taking the :class:`Repository` (every valid
record, every record file on disk, the policy pack) and yielding
:class:`Problem` s. Messages name fields by their path (``episodes[2].end``),
never by their value: CI logs are less protected than the repository.

Records that failed their schema are not in ``records``; checks that need a
neighbour (a decision's referral, a sibling's case record) only look at its
file when the neighbour itself is invalid, so one broken file is reported
once, where it is.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date
from itertools import pairwise
from pathlib import Path
from typing import Any

from casework.corrections import corrected_meetings, field_source
from casework.errors import CaseworkError, Location
from casework.packcheck import (
    check_glossary,
    check_procedure_references,
    check_rule_references,
)
from casework.policy import Policy, load_policy
from casework.problems import Problem, Severity
from casework.records import Record, discover, relative
from casework.repofiles import PACK_FILES as PACK_FILES
from casework.schedule import scheduled_dates
from casework.schemas import is_valid, with_article
from casework.vocab import WORDS, Vocabulary, base_terms, from_pack, nearest
from casework.workdays import parse_date
from casework.yamlload import LoadError, PathKey, field_name, load, walk

#: record kind -> the field that must equal the date in the file name
NAME_DATE_FIELD = {
    "referral": "panel_date",
    "decision": "hearing_date",
    "amendment": "date",
    "meeting": "date",
}

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
#: the permanence planning meeting before a planned or pre-proceedings entry to care)
EVENTS_BEFORE_CARE = frozenset(
    {"legal_planning_meeting", "placement_request", "permanence_planning_meeting"}
)


@dataclass(frozen=True)
class Repository:
    """Everything the cross-file checks look at, loaded once."""

    root: Path
    records: list[Record]
    files: frozenset[str]
    policy: Policy | None
    _cases: dict[str, Record] = field(init=False, repr=False, compare=False)
    _by_name: dict[tuple[str, str], Record] = field(init=False, repr=False, compare=False)

    def case_record(self, case_id: str) -> Record | None:
        return self._cases.get(case_id)

    def record(self, case_id: str, stem: str) -> Record | None:
        """A record of a case folder by name; with ``case_id`` "", a meeting record."""
        return self._by_name.get((case_id, stem))

    def has_file(self, rel: str) -> bool:
        return rel in self.files

    def has_case(self, case_id: str) -> bool:
        return f"cases/{case_id}/case.yaml" in self.files

    def __post_init__(self) -> None:
        cases: dict[str, Record] = {}
        by_name: dict[tuple[str, str], Record] = {}
        for record in self.records:
            case_id = record.file.case_id
            if case_id is None:
                if record.kind == "meeting":
                    by_name[("", record.file.stem)] = record
                continue
            if record.kind == "case":
                cases[case_id] = record
            else:
                by_name[(case_id, record.file.stem)] = record
        object.__setattr__(self, "_cases", cases)
        object.__setattr__(self, "_by_name", by_name)


Check = Callable[[Repository], Iterable[Problem]]


def _problem(record: Record, path: PathKey, message: str, **kw: Any) -> Problem:
    return Problem(record.doc.locate(path), message, **kw)


def _day(value: Any) -> date | None:
    return parse_date(value) if isinstance(value, str) else None


def _f(path: PathKey) -> str:
    return f"'{field_name(path)}'"


# --- ids and names -------------------------------------------------------------------------


def check_case_ids(repo: Repository) -> Iterator[Problem]:
    """One folder per child: a record's case_id is the name of its folder."""
    for record in repo.records:
        folder = record.file.case_id
        if folder is None:
            continue
        if record.data.get("case_id") != folder:
            other = record.data.get("case_id")
            if record.kind == "case" and isinstance(other, str) and repo.has_case(other):
                message = (
                    "'case_id' is the id of another child's case folder; each child has exactly "
                    "one folder, named by their case id, so correct the case_id"
                )
            else:
                message = (
                    "'case_id' differs from the name of the folder this file is in; each child "
                    "has one folder named by their case id, so correct the case_id or move the file"
                )
            yield _problem(record, ("case_id",), message, code="case-id")
        if record.kind != "case" and not repo.has_case(folder):
            yield _problem(
                record,
                (),
                "this case folder has no case.yaml; create it with 'casework new case'",
                code="case-id",
            )


def check_name_dates(repo: Repository) -> Iterator[Problem]:
    """The date in a file's name is the record's own date."""
    for record in repo.records:
        name_field = NAME_DATE_FIELD.get(record.kind)
        if name_field is None or record.data.get(name_field) == record.file.date:
            continue
        yield _problem(
            record,
            (name_field,),
            f"'{name_field}' is not the date in the file name; {with_article(record.kind)} "
            "file is named "
            f"YYYY-MM-DD-{record.kind}.yaml by its {name_field.replace('_', ' ')}, so correct "
            "the date or rename the file",
            code="naming",
        )


# --- references between records ------------------------------------------------------------


_EXAMPLES = {
    "referral": "2026-03-05-referral",
    "decision": "2026-03-05-decision",
    "meeting": "2026-03-05-meeting",
}


def _referenced(
    repo: Repository, record: Record, field: str, kind: str
) -> tuple[Record | None, str | None]:
    """(the record named by ``field``, or None with a problem message)."""
    name = record.data[field]
    case_id = record.file.case_id
    example = _EXAMPLES[kind]
    if not name.endswith(f"-{kind}"):
        return None, (
            f"'{field}' must name a {kind} record (a name ending in '-{kind}', "
            f"for example {example})"
        )
    if kind == "meeting":
        if not repo.has_file(f"meetings/{name}.yaml"):
            return None, (
                f"'{field}' names a meeting that has no record in the meetings folder; give "
                f"the file name of the meeting record without '.yaml', for example {example}"
            )
        return repo.record("", name), None
    if not repo.has_file(f"cases/{case_id}/{name}.yaml"):
        return None, (
            f"'{field}' names a {kind} that is not in this case folder; give the file name of "
            f"the {kind} without '.yaml', for example {example}"
        )
    return repo.record(case_id or "", name), None


@dataclass(frozen=True)
class _Reference:
    """A record kind that names another record, and the order their dates must keep."""

    field: str
    target: str
    date_field: str
    target_date_field: str
    order_message: str


_REFERENCES = {
    "decision": _Reference(
        "referral",
        "referral",
        "hearing_date",
        "submitted",
        "'hearing_date' is before the referral it hears was submitted; "
        "check this date and the referral's 'submitted' date",
    ),
    "amendment": _Reference(
        "amends",
        "decision",
        "date",
        "hearing_date",
        "'date' is before the hearing of the decision it amends; an amendment "
        "is made on or after the hearing",
    ),
}
#: an amendment may correct a referral instead: it is made on or after the referral went in
_AMENDS_REFERRAL = _Reference(
    "amends",
    "referral",
    "date",
    "submitted",
    "'date' is before the referral it amends was submitted; an amendment is made on or "
    "after the record it corrects",
)


#: a meeting record is corrected by an amendment in meetings/, made on or after the meeting
_AMENDS_MEETING = _Reference(
    "amends",
    "meeting",
    "date",
    "date",
    "'date' is before the meeting it corrects; a correction is made on or after the meeting",
)


def _reference_of(record: Record) -> _Reference | None:
    ref = _REFERENCES.get(record.kind)
    if record.kind != "amendment":
        return ref
    amends = str(record.data.get("amends", ""))
    if (record.file.case_id is None) != amends.endswith("-meeting"):
        return None  # in the wrong folder: check_amendment_places says so
    if record.file.case_id is None:  # meetings/<date>-amendment.yaml
        return _AMENDS_MEETING
    if amends.endswith("-referral"):
        return _AMENDS_REFERRAL
    return ref


def check_amendment_places(repo: Repository) -> Iterator[Problem]:
    """A meeting record is corrected from the meetings folder, and a case's records from
    the case folder; a correction of a meeting belongs to no one case."""
    for record in repo.records:
        if record.kind != "amendment":
            continue
        of_meeting = str(record.data["amends"]).endswith("-meeting")
        in_case = record.file.case_id is not None
        if in_case and of_meeting:
            yield _problem(
                record,
                ("amends",),
                "'amends' names a meeting record, and a meeting record is corrected by an "
                "amendment in the meetings folder, not in a case folder; move this file to "
                "meetings/ (casework new amendment --amends with the meeting's name writes it "
                "there) and remove its 'case_id'",
                code="reference",
            )
        elif not in_case and not of_meeting:
            yield _problem(
                record,
                ("amends",),
                "'amends' names a decision or referral, and those are corrected by an "
                "amendment in their case folder, not in the meetings folder; move this file to "
                "the case's folder (casework new amendment --case ID --amends NAME writes it "
                "there)",
                code="reference",
            )
        elif not in_case and "case_id" in record.data:
            yield _problem(
                record,
                ("case_id",),
                "'case_id' is not part of a correction to a meeting record (a meeting hears "
                "several cases); remove it",
                code="case-id",
            )


def check_references(repo: Repository) -> Iterator[Problem]:
    """A decision hears an existing referral; an amendment amends an existing decision
    or referral."""
    for record in repo.records:
        ref = _reference_of(record)
        if ref is None:
            continue
        target, error = _referenced(repo, record, ref.field, ref.target)
        if error:
            yield _problem(record, (ref.field,), error, code="reference")
        elif target is not None:
            own = _day(record.data[ref.date_field])
            theirs = _day(target.data[ref.target_date_field])
            if own and theirs and own < theirs:
                yield _problem(record, (ref.date_field,), ref.order_message, code="order")


# --- the policy pack -----------------------------------------------------------------------


def _cadence_words(panel: dict[str, Any]) -> str:
    cadence = panel["cadence"]
    if "dates" in cadence:
        return "on the dates listed in the policy pack"
    weekday = str(cadence["weekday"]).capitalize()
    if cadence["every"] == "month":
        nth = int(cadence["nth"])
        order = {1: "first", 2: "second", 3: "third", 4: "fourth", -1: "last"}[nth]
        return f"on the {order} {weekday} of each month"
    every = {"week": "every", "fortnight": "every other", "four_weeks": "every fourth"}
    return f"{every[cadence['every']]} {weekday}"


def _panel_of(policy: Policy, record: Record) -> tuple[dict[str, Any] | None, str | None]:
    """(the panel a referral or meeting is for, or None with a problem message)."""
    named = record.data.get("panel")
    panel = policy.panel_by_id(named if isinstance(named, str) else None)
    if panel is not None:
        return panel, None
    ids = ", ".join(str(p["id"]) for p in policy.panels)
    if named is None:
        return None, (
            f"the policy pack has several panels, so a {record.kind} names its panel; add "
            f"'panel:' with one of: {ids}"
        )
    return None, None  # an unknown id is a schema problem, reported already


def check_schedule(repo: Repository) -> Iterator[Problem]:
    """A referral names its panel (where there are several) and is for one of its
    scheduled meetings, unless it says the meeting is extraordinary; its criterion
    is one the panel hears."""
    policy = repo.policy
    if policy is None:
        return
    wanted: dict[str, list[tuple[Record, date]]] = {}
    panels: dict[str, dict[str, Any]] = {}
    for record in repo.records:
        if record.kind not in ("referral", "meeting"):
            continue
        panel, error = _panel_of(policy, record)
        if error:
            yield _problem(record, (), error, code="panel")
        if panel is None or record.kind != "referral":
            continue
        hears = panel.get("criteria")
        if hears and record.data["criterion"] not in hears:
            yield _problem(
                record,
                ("criterion",),
                "'criterion' is not one the panel this referral is for hears (its 'criteria' "
                "in the policy pack); refer the child to the panel that hears it, or correct "
                "the criterion",
                code="panel",
            )
        day = _day(record.data["panel_date"])
        if day and record.data.get("extraordinary") is not True:
            panels[panel["id"]] = panel
            wanted.setdefault(panel["id"], []).append((record, day))
    for panel_id, referrals in wanted.items():
        panel = panels[panel_id]
        days = [day for _, day in referrals]
        held = set(scheduled_dates(panel, policy.calendar, min(days), max(days)))
        for record, day in referrals:
            if day not in held:
                yield _problem(
                    record,
                    ("panel_date",),
                    "'panel_date' is not a scheduled meeting of the panel (it meets "
                    f"{_cadence_words(panel)}, except on bank holidays, closure days and "
                    "cancelled dates); choose a scheduled date, or add 'extraordinary: true' "
                    "if an extraordinary meeting has been arranged",
                    code="schedule",
                )


def _unknown(field: PathKey, section: str, known: list[str]) -> str:
    shown = ", ".join(known[:14]) + (", ..." if len(known) > 14 else "")
    words = SECTION_WORDS[section]
    if not known:
        return f"{_f(field)} is used, but the policy pack lists no {words}; remove it"
    return f"{_f(field)} is not one of the {words} in the policy pack; use one of: {shown}"


def check_vocabulary(repo: Repository) -> Iterator[Problem]:
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
                yield _problem(record, path, _unknown(path, section, known[section]), code="vocab")


def check_pack(repo: Repository) -> Iterator[Problem]:
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
                f"{_f((*panel_path, 'id'))} repeats the id of an earlier panel; give each panel "
                "its own id",
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
    near = nearest(value, sorted(known))
    return (
        f"{_f(path)} is not one of the {words} listed in this policy pack; add it to "
        f"'{section}' or correct it" + (f" (did you mean '{near}'?)" if near else "")
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
                    f"{_f(path)} is already one of casework's own {WORDS[name]}; remove it "
                    "from the pack (records can use it as it is)",
                    severity=Severity.WARNING,
                    code="vocab",
                )
            elif item["id"] in seen:
                yield Problem(
                    policy.pack_doc.locate(path),
                    f"{_f(path)} repeats an id used earlier in 'vocabularies.{name}'; give "
                    "each one its own id",
                    code="vocab",
                )
            seen.add(item["id"])


def check_pack_references(repo: Repository) -> Iterator[Problem]:
    """Rules and procedures refer only to what the pack and casework define."""
    policy = repo.policy
    if policy is None:
        return
    yield from check_rule_references(policy)
    folder = policy.pack_doc.display.rpartition("/")[0] or "."
    yield from check_procedure_references(policy, folder)
    yield from check_glossary(policy)


# --- siblings ------------------------------------------------------------------------------


def check_siblings(repo: Repository) -> Iterator[Problem]:
    """Siblings are existing cases, and list each other."""
    for record in repo.records:
        if record.kind != "case":
            continue
        own = record.file.case_id
        for index, sibling in enumerate(record.data.get("siblings") or []):
            path = ("siblings", index)
            if sibling == own:
                yield _problem(
                    record,
                    path,
                    f"{_f(path)} is this child's own case id; list only brothers and sisters",
                    code="sibling",
                )
            elif not repo.has_case(sibling):
                yield _problem(
                    record,
                    path,
                    f"{_f(path)} names a case with no case folder (no case.yaml); check the "
                    "case id, or create the sibling's case first",
                    code="sibling",
                )
            else:
                other = repo.case_record(sibling)
                if other is not None and own not in (other.data.get("siblings") or []):
                    yield _problem(
                        record,
                        path,
                        f"{_f(path)} names a case whose case.yaml does not list this child as a "
                        "sibling; siblings list each other, so add this case id there too",
                        code="sibling",
                    )


# --- order of events -----------------------------------------------------------------------


def _ends_after_starts(
    record: Record, section: str, start: str, end: str, what: str
) -> Iterator[Problem]:
    for index, item in enumerate(record.data.get(section) or []):
        first, last = _day(item.get(start)), _day(item.get(end))
        if first and last and last < first:
            path = (section, index, end)
            yield _problem(
                record,
                path,
                f"{_f(path)} is before {what} began ('{start}'); check both dates",
                code="order",
            )


def check_case_order(repo: Repository) -> Iterator[Problem]:
    """Within a case record: nothing ends before it starts, episodes do not overlap,
    reviews and events come after the child is first looked after."""
    for record in repo.records:
        if record.kind != "case":
            continue
        data = record.data
        yield from _ends_after_starts(record, "episodes", "start", "end", "the episode")
        yield from _ends_after_starts(record, "legal_status", "start", "end", "the legal status")
        yield from _ends_after_starts(record, "placements", "start", "end", "the placement")
        yield from _ends_after_starts(
            record, "proceedings", "issued", "concluded", "the proceedings"
        )
        for i, proceedings in enumerate(data.get("proceedings") or []):
            issued = _day(proceedings["issued"])
            for j, extension in enumerate(proceedings.get("extensions") or []):
                if issued and _day(extension["date"]) < issued:  # type: ignore[operator]
                    path: PathKey = ("proceedings", i, "extensions", j, "date")
                    yield _problem(
                        record,
                        path,
                        f"{_f(path)} is before the proceedings were issued; check the date",
                        code="order",
                    )
        episodes = sorted(
            ((_day(e["start"]), _day(e.get("end")), i) for i, e in enumerate(data["episodes"])),
            key=lambda item: (item[0], item[2]),
        )
        for (_, prev_end, prev), (start, _, index) in pairwise(episodes):
            earlier = f"'{field_name(('episodes', prev))}'"
            path = ("episodes", index, "start")
            if prev_end is None:
                yield _problem(
                    record,
                    path,
                    f"{_f(path)} begins while an earlier episode ({earlier}) has no end date; "
                    "give that episode its end date",
                    code="order",
                )
            elif start and start < prev_end:
                yield _problem(
                    record,
                    path,
                    f"{_f(path)} is before an earlier episode ({earlier}) ended; looked-after "
                    "episodes must not overlap",
                    code="order",
                )
        first_start = episodes[0][0] if episodes else None
        if first_start is None:
            continue
        born = data.get("birth_month")
        if isinstance(born, str) and first_start.isoformat()[:7] < born:
            path = ("episodes", episodes[0][2], "start")
            yield _problem(
                record,
                path,
                f"{_f(path)} is before the child's birth month; check both",
                code="order",
            )
        for index, review in enumerate(data.get("reviews") or []):
            if _day(review) < first_start:  # type: ignore[operator]
                yield _problem(
                    record,
                    ("reviews", index),
                    f"{_f(('reviews', index))} is before the child was first looked after "
                    "(the first episode's start); check the date",
                    code="order",
                )
        for index, event in enumerate(data.get("events") or []):
            if event["type"] in EVENTS_BEFORE_CARE:
                continue
            if _day(event["date"]) < first_start:  # type: ignore[operator]
                path = ("events", index, "date")
                yield _problem(
                    record,
                    path,
                    f"{_f(path)} is before the child was first looked after (the first "
                    "episode's start); check the date",
                    code="order",
                )


def check_record_order(repo: Repository) -> Iterator[Problem]:
    """Referrals are authorised, then submitted, then heard; decisions look forward."""
    for record in repo.records:
        data = record.data
        if record.kind == "referral":
            panel, submitted = _day(data["panel_date"]), _day(data["submitted"])
            authorised = _day(data["authorised_by"]["date"])
            if panel and submitted and submitted > panel:
                yield _problem(
                    record,
                    ("submitted",),
                    "'submitted' is after 'panel_date'; a referral is submitted before the "
                    "meeting it is for, so check both dates",
                    code="order",
                )
            if submitted and authorised and authorised > submitted:
                yield _problem(
                    record,
                    ("authorised_by", "date"),
                    "'authorised_by.date' is after 'submitted'; a referral is authorised before "
                    "it is submitted, so check both dates",
                    code="order",
                )
        elif record.kind == "decision":
            hearing = _day(data["hearing_date"])
            back = _day(data.get("return_to_panel"))
            if hearing and back and back <= hearing:
                yield _problem(
                    record,
                    ("return_to_panel",),
                    "'return_to_panel' is not after 'hearing_date'; the return date is a later "
                    "meeting",
                    code="order",
                )
            for index, item in enumerate(data["items"]):
                due = _day(item.get("due"))
                if hearing and due and due < hearing:
                    path = ("items", index, "due")
                    yield _problem(
                        record,
                        path,
                        f"{_f(path)} is before 'hearing_date'; a due date set by the panel "
                        "comes after the hearing",
                        code="order",
                    )


def check_meetings(repo: Repository) -> Iterator[Problem]:
    """A meeting's cases exist, and each case heard has a decision dated that day; read as
    the meeting's corrections say it should read, each problem reported in the file (the
    meeting or its latest correction of the field) that gives the value."""
    for record in corrected_meetings(repo.records):
        data = record.data
        heard_in = field_source(record, "cases_heard")
        heard_at: PathKey = ("changes",) if heard_in is not record else ()
        for index, case_id in enumerate(data.get("cases_heard") or []):
            path: PathKey = (*heard_at, "cases_heard", index)
            if not repo.has_case(case_id):
                yield _problem(
                    heard_in,
                    path,
                    f"{_f(path)} names a case with no case folder (no case.yaml); check the "
                    "case id",
                    code="reference",
                )
            elif not repo.has_file(f"cases/{case_id}/{data['date']}-decision.yaml"):
                yield _problem(
                    heard_in,
                    path,
                    f"{_f(path)} has no decision record dated the day of this meeting; add the "
                    "decision ('casework new decision'), or list the case under "
                    "'cases_deferred' if it was not heard",
                    severity=Severity.WARNING,
                    code="no-decision",
                )
        deferred_in = field_source(record, "cases_deferred")
        deferred_at: PathKey = ("changes",) if deferred_in is not record else ()
        for index, deferred in enumerate(data.get("cases_deferred") or []):
            path = (*deferred_at, "cases_deferred", index, "case_id")
            if not repo.has_case(deferred["case_id"]):
                yield _problem(
                    deferred_in,
                    path,
                    f"{_f(path)} names a case with no case folder (no case.yaml); check the "
                    "case id",
                    code="reference",
                )


CHECKS: tuple[Check, ...] = (
    check_case_ids,
    check_name_dates,
    check_references,
    check_amendment_places,
    check_schedule,
    check_vocabulary,
    check_pack,
    check_pack_references,
    check_siblings,
    check_case_order,
    check_record_order,
    check_meetings,
)


def repository_vocabulary(root: Path) -> Vocabulary | None:
    """The vocabularies records are checked against: the base ones plus the pack's.

    None when pack.yaml is missing, unreadable or invalid (that is reported
    where the pack is checked); records are then checked against the base
    schemas alone.
    """
    path = root / PACK_FILES[0]
    if not path.is_file():
        return None
    try:
        doc = load(path, PACK_FILES[0])
    except LoadError:
        return None
    if not is_valid(doc.data, "pack"):
        return None
    return from_pack(doc.data)


def load_pack(root: Path, records: list[Record]) -> tuple[Policy | None, list[Problem]]:
    """The policy pack, or the problem that stops it loading.

    When pack.yaml or rules.yaml already failed its schema (so it is not among
    ``records``) that problem has been reported; nothing is added here.
    """
    loaded = {record.file.display for record in records if record.kind in ("pack", "rules")}
    present = [name for name in PACK_FILES if (root / name).is_file()]
    if any(name not in loaded for name in present):
        return None, []
    try:
        return load_policy(root / "policies", root), []
    except CaseworkError as exc:
        location = exc.location or Location(PACK_FILES[0])
        return None, [Problem(location, exc.message, code="policy")]


def cross_check(
    root: Path,
    records: list[Record],
    only: Iterable[Path] | None = None,
    files: Iterable[str] | None = None,
) -> list[Problem]:
    """Every cross-file problem; with ``only``, those in the given files (and the pack).

    ``records`` are the schema-valid records of the whole repository; ``files``
    the repository-relative paths of every record file on disk (found again
    when not given).
    """
    policy, problems = load_pack(root, records)
    known = (
        frozenset(files)
        if files is not None
        else frozenset(relative(path, root) for path in discover(root))
    )
    repo = Repository(root, records, known, policy)
    for check in CHECKS:
        problems.extend(check(repo))
    if only is not None:
        wanted = {relative(path, root) for path in only} | set(PACK_FILES)
        problems = [p for p in problems if p.location.path in wanted]
    return problems

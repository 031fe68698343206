"""``casework new``: start a record from a commented template, correctly named."""

from __future__ import annotations

import argparse
import json
import re
import textwrap
from collections.abc import Callable
from datetime import date, timedelta
from functools import cache
from pathlib import Path
from typing import Any

import jinja2

from casework import gitlog
from casework.editorschemas import SCHEMA_FOLDER
from casework.errors import CaseworkError, UsageError
from casework.paths import PACKAGE_DIR, find_repo
from casework.policy import Policy, load_policy, today
from casework.records import CASE_DIR, MEETING_DIR
from casework.repofiles import is_placeholder
from casework.schedule import is_scheduled, next_meeting, scheduled_dates
from casework.schemas import registry
from casework.vocab import nearest

NAME = "new"
ORDER = 20
HELP = "start a new case, referral, decision, meeting or amendment file"
DESCRIPTION = (
    "Write a new record, correctly named, with every field present and explained, so you "
    "never start from a blank page. Fill in the lines marked FILL IN, then run "
    "'casework validate'. An existing file is never overwritten. 'casework new KIND --help' "
    "shows one kind's options and what it writes."
)

KINDS = ("case", "referral", "decision", "meeting", "amendment")
ADD_HELP = False  # the command's -h is its own: 'casework new amendment --help' is per kind
CASE_ID = re.compile(r"^C-[0-9]{4,8}$")
STEM = re.compile(r"^[0-9]{4}-[0-9]{2}-[0-9]{2}-(referral|decision)$")
MEETING_STEM = re.compile(r"^[0-9]{4}-[0-9]{2}-[0-9]{2}-meeting$")
SCHEMA = "https://casework.invalid/schemas/"

#: template variable -> (schema file, JSON pointer to an enum)
ENUMS = {
    "legal_status": ("common.json", "/$defs/legal_status/enum"),
    "placement_type": ("common.json", "/$defs/placement_type/enum"),
    "provider_kind": ("common.json", "/$defs/provider_kind/enum"),
    "plan": ("common.json", "/$defs/plan/enum"),
    "case_event_type": ("common.json", "/$defs/case_event_type/enum"),
    "entry": ("case.json", "/properties/episodes/items/properties/entry/enum"),
    "episode_end_reason": ("case.json", "/properties/episodes/items/properties/end_reason/enum"),
    "placement_end_reason": (
        "case.json",
        "/properties/placements/items/properties/end_reason/enum",
    ),
    "relationship": ("referral.json", "/properties/family/items/properties/relationship/enum"),
    "provision": ("referral.json", "/properties/funding_request/properties/provision/enum"),
    "deferral_reason": (
        "meeting.json",
        "/properties/cases_deferred/items/properties/reason/enum",
    ),
}


#: the help's description of each kind: what it writes, where, and what comes next
KIND_DESCRIPTIONS = {
    "case": (
        "Write the child's case record, cases/ID/case.yaml, from a commented template: the "
        "child's team, legal status, placements and looked-after episodes. A case record may "
        "change over time (it is the one record you edit). Start here for a new child, then "
        "write the referral with 'casework new referral --case ID'."
    ),
    "referral": (
        "Write a referral to the panel, cases/ID/YYYY-MM-DD-referral.yaml, named by the date "
        "of the meeting it is for (the next scheduled meeting unless --panel-date gives "
        "another). The case record must exist first. Once committed a referral is never "
        "edited: correct it with 'casework new amendment --amends YYYY-MM-DD-referral'."
    ),
    "decision": (
        "Write the panel's decision, cases/ID/YYYY-MM-DD-decision.yaml, named by the hearing "
        "date, for a referral the panel has heard (the latest one unless --referral names "
        "another). Written on or after the hearing, never before. Once committed a decision "
        "is never edited: correct it with 'casework new amendment'."
    ),
    "meeting": (
        "Write the record of a panel meeting, meetings/YYYY-MM-DD-meeting.yaml: who chaired "
        "and attended, apologies, declarations, the cases heard (filled from the referrals "
        "for that date) and those deferred. Once committed it is never edited: correct it "
        "with 'casework new amendment --amends YYYY-MM-DD-meeting'."
    ),
    "amendment": (
        "Write a correction of a committed record, which stays as it was (records are "
        "append-only). For a decision or a referral: cases/ID/YYYY-MM-DD-amendment.yaml, "
        "with --case and --amends naming the record (the latest decision by default). For a "
        "meeting record: meetings/YYYY-MM-DD-amendment.yaml, with --amends "
        "YYYY-MM-DD-meeting and no --case. The file is named by the day the correction is "
        "made (-amendment-2 for a second that day); it says why and gives the fields as "
        "they should read. The site and 'casework check' read the record as corrected."
    ),
}

#: option -> kind -> what it means for that kind (an option a kind does not take is absent)
KIND_OPTIONS: dict[str, dict[str, str]] = {
    "--case": {
        "case": "the child's case id, for example C-0042 (the folder's name)",
        "referral": "the child's case id, for example C-0042",
        "decision": "the child's case id, for example C-0042",
        "amendment": "the child's case id, for example C-0042 (leave out for a meeting)",
    },
    "--panel-date": {
        "referral": "the meeting it is for (default: the next scheduled meeting)",
    },
    "--hearing-date": {
        "decision": "the day the panel heard the case (default: the referral's panel date)",
    },
    "--referral": {
        "decision": "the referral heard, for example 2026-03-05-referral (default: the "
        "latest referral for that hearing)",
    },
    "--amends": {
        "amendment": "the record corrected: a decision or referral of the case (for example "
        "2026-03-05-decision) or a meeting record (2026-03-05-meeting) (default: the "
        "case's latest decision)",
    },
    "--date": {
        "meeting": "its date (default: today if the panel meets today, else the next "
        "scheduled meeting)",
        "amendment": "the day the correction is made (default: today)",
    },
    "--panel": {
        "referral": "the panel's id from the policy pack (needed only where the pack has "
        "several panels)",
        "meeting": "the panel's id from the policy pack (needed only where the pack has "
        "several panels)",
    },
    "--extraordinary": {
        "referral": "for an extraordinary meeting outside the schedule",
        "meeting": "for an extraordinary meeting outside the schedule",
    },
}

#: option -> its help in 'casework new --help' where the kinds' own texts would repeat
GENERAL_HELP = {
    "--case": "the child's case id, for example C-0042 (every kind but a meeting and a "
    "meeting's amendment)",
    "--panel": "referral or meeting: the panel's id from the policy pack (needed only where "
    "the pack has several panels)",
    "--extraordinary": "referral or meeting: for an extraordinary meeting outside the schedule",
}

#: option -> metavar ("" for a flag)
METAVARS = {
    "--case": "ID",
    "--panel-date": "YYYY-MM-DD",
    "--hearing-date": "YYYY-MM-DD",
    "--referral": "NAME",
    "--amends": "NAME",
    "--date": "YYYY-MM-DD",
    "--panel": "ID",
    "--extraordinary": "",
}


class _Formatter(argparse.HelpFormatter):
    """Wraps lines without breaking a file name at its hyphens."""

    def _split_lines(self, text: str, width: int) -> list[str]:
        return textwrap.wrap(" ".join(text.split()), width, break_on_hyphens=False)

    def _fill_text(self, text: str, width: int, indent: str) -> str:
        return textwrap.fill(
            " ".join(text.split()),
            width,
            initial_indent=indent,
            subsequent_indent=indent,
            break_on_hyphens=False,
        )


def kind_help(kind: str) -> str:
    """The help of ``casework new KIND``: that kind's options and what it writes."""
    parser = argparse.ArgumentParser(
        prog=f"casework new {kind}",
        description=KIND_DESCRIPTIONS[kind],
        epilog="Every kind: 'casework new --help'. Exit codes: 'casework --help'.",
        formatter_class=_Formatter,
        add_help=False,
    )
    parser.add_argument("-h", "--help", action="store_true", help="show this help and stop")
    parser.add_argument(
        "--repo",
        metavar="PATH",
        help="the case repository (default: the one containing the current folder)",
    )
    for option, kinds in KIND_OPTIONS.items():
        if kind not in kinds:
            continue
        if METAVARS[option]:
            parser.add_argument(option, metavar=METAVARS[option], help=kinds[kind])
        else:
            parser.add_argument(option, action="store_true", help=kinds[kind])
    return parser.format_help()


class _KindHelp(argparse.Action):
    """``-h``/``--help``: after a kind (``new amendment --help``) that kind's own help,
    before one the help of every kind."""

    def __init__(self, option_strings: list[str], dest: str, **kwargs: Any) -> None:
        super().__init__(option_strings, dest, nargs=0, default=argparse.SUPPRESS, **kwargs)

    def __call__(
        self,
        parser: argparse.ArgumentParser,
        namespace: argparse.Namespace,
        values: Any,
        option_string: str | None = None,
    ) -> None:
        kind = getattr(namespace, "kind", None)
        if kind in KIND_DESCRIPTIONS:
            print(kind_help(str(kind)), end="")
        else:
            parser.print_help()
        parser.exit()


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "-h", "--help", action=_KindHelp, help="show this help (after a kind: that kind's help)"
    )
    parser.add_argument("kind", choices=KINDS, help="the kind of record to start")
    for option, kinds in KIND_OPTIONS.items():
        words = GENERAL_HELP.get(option) or "; ".join(
            f"{kind}: {text}" for kind, text in kinds.items()
        )
        if METAVARS[option]:
            parser.add_argument(option, metavar=METAVARS[option], help=words)
        else:
            parser.add_argument(option, action="store_true", help=words)


def _date_arg(value: str | None, option: str) -> date | None:
    if value is None:
        return None
    try:
        if not re.fullmatch(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", value):
            raise ValueError
        return date.fromisoformat(value)
    except ValueError:
        raise UsageError(
            f"{option} must be a real calendar date written YYYY-MM-DD, for example 2026-03-05"
        ) from None


def _case_arg(args: argparse.Namespace) -> str:
    if not args.case:
        meeting = (
            " (or, to correct a meeting record, --amends with the meeting's name, for example "
            "--amends 2026-03-05-meeting)"
            if args.kind == "amendment"
            else ""
        )
        raise UsageError(
            f"'casework new {args.kind}' needs --case, for example --case C-0042{meeting}"
        )
    if not CASE_ID.match(args.case):
        raise UsageError(
            "--case must be a case id: the letter C, a hyphen and 4 to 8 digits, for example C-0042"
        )
    return str(args.case)


@cache
def _enums() -> dict[str, list[str]]:
    found = {}
    for name, (schema, pointer) in ENUMS.items():
        resolved = registry().resolver(SCHEMA + schema).lookup(f"#{pointer}")
        found[name] = list(resolved.contents)
    return found


#: template list -> the vocabulary a pack may extend
PACK_ENUMS = {
    "legal_status": "legal_statuses",
    "placement_type": "placement_types",
    "plan": "plan_types",
    "case_event_type": "event_types",
    "approval_subject": "approval_subjects",
}


def _pack_enums(policy: Policy) -> dict[str, list[str]]:
    """The lists a pack extends, with its own terms after casework's."""
    return {name: policy.vocabulary.ids(vocab) for name, vocab in PACK_ENUMS.items()}


def _environment() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(PACKAGE_DIR / "templates"),
        undefined=jinja2.StrictUndefined,
        keep_trailing_newline=True,
        autoescape=False,
    )
    env.filters["q"] = lambda value: json.dumps(str(value))
    return env


def _panel_arg(policy: Policy, args: argparse.Namespace) -> dict[str, Any]:
    """The panel named by --panel, or the pack's only panel."""
    ids = [str(p["id"]) for p in policy.panels]
    if args.panel is None:
        if len(ids) == 1:
            return policy.panels[0]
        raise UsageError(
            f"the policy pack has several panels; say which with --panel (one of: {', '.join(ids)})"
        )
    panel = policy.panel_by_id(args.panel)
    if panel is None:
        near = nearest(args.panel, ids)
        raise UsageError(
            f"--panel is not one of the panels in the policy pack (one of: {', '.join(ids)})"
            + (f"; did you mean '{near}'?" if near else "")
        )
    return panel


def _nearest_meetings(
    policy: Policy, panel: dict[str, Any], day: date, count: int = 3
) -> tuple[str | None, list[str]]:
    """The scheduled meeting just before ``day`` (often the one meant) and the next ones."""
    earlier = scheduled_dates(panel, policy.calendar, day - timedelta(days=62), day)
    found = scheduled_dates(panel, policy.calendar, day, date(day.year + 2, 12, 31))
    before = earlier[-1].isoformat() if earlier else None
    return before, [d.isoformat() for d in found[:count]]


def _check_meeting_date(
    policy: Policy, panel: dict[str, Any], day: date, extraordinary: bool, option: str
) -> None:
    if extraordinary or is_scheduled(panel, policy.calendar, day):
        return
    before, after = _nearest_meetings(policy, panel, day)
    upcoming = ", ".join(after) or "none in the next two years"
    just_before = f"the nearest scheduled meeting before it is {before}; " if before else ""
    raise UsageError(
        f"the panel has no scheduled meeting on the date given to {option}; {just_before}the "
        f"next scheduled meetings are {upcoming}. Choose one of them, or add --extraordinary "
        "if an extraordinary meeting has been arranged"
    )


def _latest(folder: Path, kind: str, on_or_before: date | None = None) -> str | None:
    names = sorted(p.name.removesuffix(".yaml") for p in folder.glob(f"*-{kind}.yaml"))
    if on_or_before is not None:
        earlier = [n for n in names if n[:10] <= on_or_before.isoformat()]
        names = earlier or names
    return names[-1] if names else None


def _need_case(root: Path, case_id: str) -> Path:
    folder = root / CASE_DIR / case_id
    if not (folder / "case.yaml").is_file():
        raise CaseworkError(
            f"there is no case record for this child yet ({CASE_DIR}/{case_id}/case.yaml); "
            f"create it first with 'casework new case --case {case_id}'"
        )
    return folder


def _new_case(root: Path, policy: Policy, args: argparse.Namespace) -> tuple[str, dict[str, Any]]:
    case_id = _case_arg(args)
    return f"{CASE_DIR}/{case_id}/case.yaml", {"case_id": case_id}


def _new_referral(
    root: Path, policy: Policy, args: argparse.Namespace
) -> tuple[str, dict[str, Any]]:
    case_id = _case_arg(args)
    _need_case(root, case_id)
    chosen = _panel_arg(policy, args)
    panel = _date_arg(args.panel_date, "--panel-date")
    if panel is None:
        panel = next_meeting(chosen, policy.calendar, today())
        if panel is None:
            raise UsageError("the panel has no scheduled meeting ahead; give --panel-date")
    else:
        _check_meeting_date(policy, chosen, panel, args.extraordinary, "--panel-date")
    values = {
        "case_id": case_id,
        "panel_date": panel.isoformat(),
        "extraordinary": args.extraordinary,
        "panel": chosen,
        "several_panels": len(policy.panels) > 1,
    }
    return f"{CASE_DIR}/{case_id}/{panel.isoformat()}-referral.yaml", values


def _new_decision(
    root: Path, policy: Policy, args: argparse.Namespace
) -> tuple[str, dict[str, Any]]:
    case_id = _case_arg(args)
    folder = _need_case(root, case_id)
    hearing = _date_arg(args.hearing_date, "--hearing-date")
    referral = args.referral
    if referral is not None:
        if not STEM.match(referral) or not referral.endswith("-referral"):
            raise UsageError(
                "--referral must be the name of a referral file without '.yaml', "
                "for example 2026-03-05-referral"
            )
        if not (folder / f"{referral}.yaml").is_file():
            raise CaseworkError(
                "the referral given to --referral is not in this case folder; check its name"
            )
    else:
        referral = _latest(folder, "referral", hearing)
        if referral is None:
            raise CaseworkError(
                "this case has no referral yet, and a decision hears a referral; create it "
                f"first with 'casework new referral --case {case_id}'"
            )
    if hearing is None:
        hearing = date.fromisoformat(referral[:10])
    if hearing > today():
        raise CaseworkError(
            f"the hearing date ({hearing.isoformat()}) has not come yet, and a decision is "
            "recorded after the panel has heard the case; run this again on or after the "
            "hearing (give --hearing-date if the case was heard on another day)"
        )
    values = {"case_id": case_id, "hearing_date": hearing.isoformat(), "referral": referral}
    return f"{CASE_DIR}/{case_id}/{hearing.isoformat()}-decision.yaml", values


def _new_meeting(
    root: Path, policy: Policy, args: argparse.Namespace
) -> tuple[str, dict[str, Any]]:
    chosen = _panel_arg(policy, args)
    day = _date_arg(args.date, "--date")
    if day is None:
        now = today()
        scheduled = is_scheduled(chosen, policy.calendar, now)
        day = now if scheduled else next_meeting(chosen, policy.calendar, now)
        if day is None:
            raise UsageError("the panel has no scheduled meeting ahead; give --date")
    else:
        _check_meeting_date(policy, chosen, day, args.extraordinary, "--date")
    stamp = day.isoformat()
    heard = sorted(p.parent.name for p in (root / CASE_DIR).glob(f"*/{stamp}-referral.yaml"))
    values = {
        "date": stamp,
        "extraordinary": args.extraordinary,
        "start_time": chosen.get("start_time", "10:00"),
        "cases_heard": heard,
        "panel": chosen,
    }
    return f"{MEETING_DIR}/{stamp}-meeting.yaml", values


def _numbered(folder: Path, made: date) -> str:
    """The amendment's file name: -amendment, or -amendment-2 (-3...) for another that day."""
    stem = f"{made.isoformat()}-amendment"
    number = 1
    while (folder / f"{stem}{'' if number == 1 else f'-{number}'}.yaml").exists():
        number += 1
    return f"{stem}{'' if number == 1 else f'-{number}'}.yaml"


def _new_meeting_amendment(
    root: Path, args: argparse.Namespace, made: date
) -> tuple[str, dict[str, Any]]:
    """A correction of a meeting record: in meetings/, naming no case."""
    amends = str(args.amends)
    if args.case is not None:
        raise UsageError(
            "a meeting record is corrected for the whole meeting, not for one case; leave out "
            "--case when --amends names a meeting"
        )
    folder = root / MEETING_DIR
    if not (folder / f"{amends}.yaml").is_file():
        raise CaseworkError(
            "the meeting given to --amends has no record in the meetings folder; check its name"
        )
    held = date.fromisoformat(amends[:10])
    if made < held:
        raise CaseworkError(
            f"the correction's date ({made.isoformat()}) is before the meeting it corrects "
            f"({held.isoformat()}); a correction is made on or after the meeting (give --date)"
        )
    values = {"case_id": None, "date": made.isoformat(), "amends": amends}
    return f"{MEETING_DIR}/{_numbered(folder, made)}", values


def _new_amendment(
    root: Path, policy: Policy, args: argparse.Namespace
) -> tuple[str, dict[str, Any]]:
    made = _date_arg(args.date, "--date") or today()
    amends = args.amends
    if amends is not None and MEETING_STEM.match(amends):
        return _new_meeting_amendment(root, args, made)
    case_id = _case_arg(args)
    folder = _need_case(root, case_id)
    if amends is not None:
        if not STEM.match(amends):
            raise UsageError(
                "--amends must be the name of a decision, referral or meeting record without "
                "'.yaml', for example 2026-03-05-decision, 2026-03-05-referral or "
                "2026-03-05-meeting"
            )
        if not (folder / f"{amends}.yaml").is_file():
            raise CaseworkError(
                "the record given to --amends is not in this case folder; check its name"
            )
    else:
        amends = _latest(folder, "decision")
        if amends is None:
            raise CaseworkError(_nothing_to_amend(folder))
    values = {"case_id": case_id, "date": made.isoformat(), "amends": amends}
    return f"{CASE_DIR}/{case_id}/{_numbered(folder, made)}", values


def _nothing_to_amend(folder: Path) -> str:
    """Why ``new amendment`` without ``--amends`` has no decision to take, and the way on."""
    referrals = sorted(p.name.removesuffix(".yaml") for p in folder.glob("*-referral.yaml"))
    if not referrals:
        return (
            "this case has no referral or decision yet, so there is nothing to amend; a "
            "record not yet committed is edited, not amended"
        )
    return (
        "this case has no decision yet, so an amendment corrects its referral: give "
        f"--amends with the referral's name ({', '.join(referrals)})"
    )


BUILDERS: dict[str, Callable[[Path, Policy, argparse.Namespace], tuple[str, dict[str, Any]]]] = {
    "case": _new_case,
    "referral": _new_referral,
    "decision": _new_decision,
    "meeting": _new_meeting,
    "amendment": _new_amendment,
}

COMMIT_MESSAGES = {
    "case": "New case {case_id}",
    "referral": "Referral for {case_id}",
    "decision": "Panel decision for {case_id}",
    "meeting": "Panel meeting {date}",
    "amendment": "Amend {amends} for {case_id}",
    "meeting amendment": "Correct the record of {amends}",
}


def not_yet_committed(root: Path, rel: str) -> list[str]:
    """The new file and every other record in its folder that git does not track yet.

    A referral is useless in a clone without its case.yaml, so the ``git add``
    printed names every record of the folder that is not committed or staged.
    Outside a git repository: just the new file.
    """
    folder = rel.rsplit("/", 1)[0]
    if not gitlog.is_repository(root):
        return [rel]
    done = gitlog.run(
        ["ls-files", "-z", "--others", "--exclude-standard", "--", folder], root, check=False
    )
    others = done.stdout.decode("utf-8", "replace").split("\0") if done.returncode == 0 else []
    untracked = {name for name in others if name and not is_placeholder(name)}
    return sorted(untracked | {rel})


def schema_line(root: Path, path: str, kind: str) -> str:
    """``# yaml-language-server: $schema=...`` naming the record's exported schema by a path
    relative to the record, when ``casework init`` (or ``schema export``) put it in
    ``.casework/schemas/``; else nothing. To casework it is a comment like any other."""
    schema = f"{SCHEMA_FOLDER}/{kind}.json"
    if not (root / schema).is_file():
        return ""
    up = "../" * path.count("/")
    return f"# yaml-language-server: $schema={up}{schema}\n"


def render(
    kind: str, path: str, values: dict[str, Any], policy: Policy, root: Path | None = None
) -> str:
    """The text of a new record: the kind's template filled from the pack (with, given the
    repository's ``root``, the line naming its schema for the editor: :func:`schema_line`)."""
    pack = policy.pack
    panel = values.get("panel") or policy.panel
    context = {
        "path": path,
        "today": today().isoformat(),
        "panel_name": panel["name"],
        "panel_id": panel["id"],
        "chair_roles": panel["chair_roles"],
        "several_panels": len(policy.panels) > 1,
        "roles": sorted(policy.ids("roles")),
        "teams": pack.get("teams") or [],
        "criteria": pack["criteria"],
        "recommendation_types": pack["recommendation_types"],
        "documents": pack.get("documents") or [],
        "checklists": pack.get("checklists") or [],
        "enums": {**_enums(), **_pack_enums(policy)},
        **values,
    }
    text = _environment().get_template(f"{kind}.yaml.j2").render(context)
    return (schema_line(root, path, kind) if root is not None else "") + text


def run(args: argparse.Namespace) -> int:
    root = find_repo(args.repo)
    policy = load_policy(root / "policies", root)
    rel, values = BUILDERS[args.kind](root, policy, args)
    target = root / rel
    if target.exists() or target.is_symlink():
        if args.kind == "case":
            how = "edit that file instead (a case record may change)"
        elif args.kind == "meeting":
            how = (
                "a committed meeting record is never edited: record a correction with "
                f"'casework new amendment --amends {target.name.removesuffix('.yaml')}' "
                "(or choose another date)"
            )
        else:
            how = (
                f"a committed {args.kind} is never edited: record a correction with "
                f"'casework new amendment --case {values['case_id']} --amends "
                f"{target.name.removesuffix('.yaml')}' (or choose another date)"
                if args.kind in ("referral", "decision")
                else "make a second one the same day (it is numbered -2) or choose another date"
            )
        raise CaseworkError(
            f"{rel} already exists, and 'casework new' never overwrites a file; {how}"
        )
    text = render(args.kind, rel, values, policy, root)
    target.parent.mkdir(parents=True, exist_ok=True)
    with target.open("x", encoding="utf-8") as handle:
        handle.write(text)
    print(f"wrote {rel}")
    print("next: fill in every line marked FILL IN (the comments say what goes there),")
    print(f"      check it with 'casework validate {rel}',")
    files = " ".join(not_yet_committed(root, rel))
    of_meeting = args.kind == "amendment" and values.get("case_id") is None
    message = COMMIT_MESSAGES["meeting amendment" if of_meeting else args.kind].format(**values)
    print(f"      then commit it: git add {files} && git commit -m '{message}'")
    if args.kind == "case":
        print(f"      and start a referral with 'casework new referral --case {values['case_id']}'")
    return 0

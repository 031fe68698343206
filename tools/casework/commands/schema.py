"""``casework schema export DIR``: the effective schemas, for editors and other tools."""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import Any

from casework.commands._args import add_repo_option
from casework.errors import UsageError
from casework.paths import find_repo
from casework.policy import load_policy, policy_dir_for
from casework.schemas import SCHEMA_FILES, effective_schema

NAME = "schema"
ORDER = 70
HELP = "write the schemas this repository is validated with"
DESCRIPTION = (
    "Write the effective JSON Schemas of this repository into DIR, one self-contained file "
    "per kind of record (case.json, referral.json, ...): casework's own schemas with the "
    "policy pack's vocabularies (plan and placement types, roles, criteria, panels, ...) as "
    "lists of allowed values, each with its label. Editors (the YAML language server) and "
    "other tools (check-jsonschema) then check single records exactly as 'casework "
    "validate' does; checks across files are validate's alone."
)


def add_arguments(parser: argparse.ArgumentParser) -> None:
    actions = parser.add_subparsers(dest="action", metavar="ACTION")
    export = actions.add_parser("export", help="write the effective schemas into a folder")
    export.add_argument("dir", type=Path, metavar="DIR", help="the folder to write into")
    # 'casework schema export DIR --repo PATH' as well as before 'export'
    add_repo_option(export, after_action=True)
    export.add_argument(
        "--policy",
        type=Path,
        default=None,
        metavar="DIR",
        help="the policy pack folder (default: policies/ in the repository)",
    )


def portable(schema: Any) -> Any:
    """The schema as every tool reads it: a vocabulary the pack leaves empty (``enum: []``,
    which draft-07 tools such as the YAML language server reject as a schema) becomes
    ``not: {}``, which equally allows no value."""
    if isinstance(schema, list):
        return [portable(item) for item in schema]
    if not isinstance(schema, dict):
        return schema
    out = {key: portable(value) for key, value in schema.items()}
    if out.get("enum") == []:
        del out["enum"]
        out.pop("enumDescriptions", None)
        out["not"] = {}
    return out


def export(root: Path, target: Path, policy_dir: Path | None = None) -> list[Path]:
    """Write every effective schema into ``target``; the paths written."""
    policy = load_policy(policy_dir_for(root, policy_dir), root)
    if target.exists() and not target.is_dir():
        raise UsageError(f"'{target}' is a file; give a folder to write the schemas into")
    target.mkdir(parents=True, exist_ok=True)
    written = []
    for kind, name in SCHEMA_FILES.items():
        vocab = None if kind == "pack" else policy.vocabulary
        schema = portable(effective_schema(kind, vocab))
        path = target / name
        path.write_text(json.dumps(schema, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
        written.append(path)
    return written


def run(args: argparse.Namespace) -> int:
    if args.action is None:
        raise UsageError("say what to do: 'casework schema export DIR'")
    root = find_repo(args.repo)
    target = args.dir if args.dir.is_absolute() else Path.cwd() / args.dir
    written = export(root, target, args.policy)
    print(f"wrote {len(written)} schemas for {root.name} to {target}")
    return 0

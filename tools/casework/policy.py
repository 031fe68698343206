"""Loading a policy pack: ``pack.yaml``, ``rules.yaml`` and procedure pages."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from casework.errors import Location, UsageError, relpath
from casework.packcheck import check_rule_references
from casework.problems import Severity
from casework.ruleversions import problems as version_problems
from casework.schemas import check_document
from casework.vocab import Vocabulary, from_pack, panels_of
from casework.workdays import WorkingCalendar, parse_date
from casework.yamlload import Document, LoadError, load


@dataclass(frozen=True)
class Policy:
    """An authority's policy pack, validated."""

    dir: Path
    pack: dict[str, Any]
    rules: list[dict[str, Any]]
    pack_doc: Document = field(repr=False, compare=False)
    rules_doc: Document = field(repr=False, compare=False)
    calendar: WorkingCalendar = field(repr=False, compare=False)
    vocabulary: Vocabulary = field(default=None, repr=False, compare=False)  # type: ignore[assignment]

    def __post_init__(self) -> None:
        if self.vocabulary is None:
            object.__setattr__(self, "vocabulary", from_pack(self.pack))

    @property
    def panels(self) -> list[dict[str, Any]]:
        """Every panel of the pack (``panels:``, or the single ``panel:``)."""
        return panels_of(self.pack)

    @property
    def panel(self) -> dict[str, Any]:
        """The first (or only) panel."""
        return self.panels[0]

    def panel_by_id(self, panel_id: str | None) -> dict[str, Any] | None:
        """The panel with this id; with no id, the only panel (None where there are several)."""
        if panel_id is None:
            return self.panels[0] if len(self.panels) == 1 else None
        return next((p for p in self.panels if p.get("id") == panel_id), None)

    def ids(self, section: str) -> set[str]:
        """Ids of a vocabulary section: roles, criteria, recommendation_types, ..."""
        return {item["id"] for item in self.pack.get(section, [])}

    def label(self, section: str, item_id: str) -> str:
        for item in self.pack.get(section, []):
            if item["id"] == item_id:
                return str(item.get("label") or item.get("title") or item_id)
        return item_id

    def role_rank(self, role: str | None) -> int:
        for item in self.pack["roles"]:
            if item["id"] == role:
                return int(item.get("rank", 0))
        return -1

    def endorsing_types(self) -> set[str]:
        return {t["id"] for t in self.pack["recommendation_types"] if t.get("endorses_plan")}

    def rule(self, rule_id: str) -> dict[str, Any] | None:
        return next((r for r in self.rules if r["id"] == rule_id), None)

    def procedure_path(self, procedure: dict[str, Any]) -> Path:
        file: str = procedure["file"]
        return self.dir / file


def _load_checked(
    path: Path, kind: str, root: Path | None, vocab: Vocabulary | None = None
) -> Document:
    display = relpath(path, root)
    try:
        doc = load(path, display)
    except LoadError as exc:
        raise UsageError(f"the policy pack cannot be read: {exc.message}", exc.location) from None
    problems = check_document(doc, kind, vocab)
    if problems:
        first = problems[0]
        more = (
            f" (and {len(problems) - 1} more; run 'casework validate')" if len(problems) > 1 else ""
        )
        raise UsageError(f"the policy pack is not valid: {first.message}{more}", first.location)
    return doc


def load_policy(policy_dir: Path, root: Path | None = None) -> Policy:
    """Load and check a pack; a broken pack is a configuration error (exit 2)."""
    if not (policy_dir / "pack.yaml").is_file():
        raise UsageError(
            f"no policy pack found: '{relpath(policy_dir, root)}/pack.yaml' is missing; "
            "create one with 'casework init --preset NAME' or pass --policy DIR"
        )
    pack_doc = _load_checked(policy_dir / "pack.yaml", "pack", root)
    rules_path = policy_dir / "rules.yaml"
    if not rules_path.is_file():
        raise UsageError(
            "the policy pack has no rules.yaml beside pack.yaml; add one",
            Location(relpath(rules_path, root)),
        )
    vocabulary = from_pack(pack_doc.data)
    rules_doc = _load_checked(rules_path, "rules", root, vocabulary)
    policy = policy_from_documents(policy_dir, pack_doc, rules_doc, vocabulary)
    _refuse_unsound_rules(policy)
    return policy


def _refuse_unsound_rules(policy: Policy) -> None:
    """A rule naming a value or field no record can have would find nothing to check,
    reporting every case as fine: the pack is refused as broken, as ``validate`` does."""
    errors = [p for p in check_rule_references(policy) if p.severity is Severity.ERROR]
    if errors:
        first = errors[0]
        more = f" (and {len(errors) - 1} more; run 'casework validate')" if len(errors) > 1 else ""
        raise UsageError(f"the policy pack is not valid: {first.message}{more}", first.location)


def policy_from_documents(
    policy_dir: Path, pack_doc: Document, rules_doc: Document, vocabulary: Vocabulary
) -> Policy:
    """The pack from its two files, already read and checked against their schemas (the
    rules with ``vocabulary``, the pack's own): what :func:`load_policy` does after reading.

    ``casework validate`` reads each file once, as a record, and makes the pack from them.
    """
    pack = pack_doc.data
    rules = rules_doc.data["rules"]
    for index, field_name, message in version_problems(rules):
        raise UsageError(message, rules_doc.locate(("rules", index, field_name)))
    cal = pack["calendar"]
    calendar = WorkingCalendar(
        nation=cal["nation"],
        closed_christmas_eve=bool(cal.get("closed_christmas_eve", False)),
        closure_days=[parse_date(d) for d in cal.get("closure_days", [])],
    )
    return Policy(policy_dir, pack, rules, pack_doc, rules_doc, calendar, vocabulary)


def policy_dir_for(root: Path, override: Path | None = None) -> Path:
    """``--policy DIR`` when given, else the repository's ``policies/``."""
    if override is not None:
        return override if override.is_absolute() else Path.cwd() / override
    return root / "policies"


def today() -> date:
    return date.today()

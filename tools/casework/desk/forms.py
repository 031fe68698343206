"""Form schemas for the desk, made from the effective schemas, and field mapping."""

from __future__ import annotations

from typing import Any

from casework.schemas import effective_schema
from casework.vocab import Vocabulary
from casework.yamlload import PathKey

#: the record kinds the desk writes
KINDS = ("case", "referral", "meeting", "decision", "amendment")

#: validation keywords left to the server (json-editor's own messages are not shown)
_DROPPED = (
    "$schema",
    "$id",
    "enumDescriptions",
    "x-vocabulary",
    "x-hint",
    "pattern",
    "minProperties",
)


def _null_free(options: list[Any]) -> Any | None:
    """The one branch of an ``anyOf`` that is not ``null`` (an empty, optional value)."""
    real = [o for o in options if not (isinstance(o, dict) and o.get("type") == "null")]
    return real[0] if len(real) == 1 else None


def to_form(schema: Any) -> Any:
    """A copy of an effective schema that json-editor renders as a friendly form.

    Vocabularies become pick-lists showing the pack's labels, dates get the
    browser's date picker, and each field's hint is shown under it.
    """
    if isinstance(schema, list):
        return [to_form(item) for item in schema]
    if not isinstance(schema, dict):
        return schema
    if "anyOf" in schema and (branch := _null_free(schema["anyOf"])) is not None:
        merged = {k: v for k, v in schema.items() if k != "anyOf"}
        merged.update(branch if isinstance(branch, dict) else {})
        return to_form(merged)
    out = {k: to_form(v) for k, v in schema.items() if k not in _DROPPED}
    options: dict[str, Any] = dict(out.get("options") or {})
    if "enum" in schema:
        labels = schema.get("enumDescriptions") or schema["enum"]
        pairs = zip(schema["enum"], labels, strict=False)
        options["enum_titles"] = [f"{label} ({value})" for value, label in pairs]
        if all(isinstance(v, str) for v in schema["enum"]):
            out["type"] = "string"
    if schema.get("format") == "date":
        out["format"] = "date"
    hint = schema.get("x-hint") or schema.get("description")
    if isinstance(hint, str):
        out["description"] = hint
    if out.get("type") == "object" and "properties" in out:
        options.setdefault("disable_collapse", True)
    if options:
        out["options"] = options
    return out


#: the kind of record an amendment corrects (the last word of its ``amends``) -> the
#: definition, in the amendment schema, of the fields its ``changes`` may give
CHANGES = {
    "decision": ("decision_changes", "a decision"),
    "referral": ("referral_changes", "a referral"),
    "meeting": ("meeting_changes", "a meeting record"),
}


def amended_kind(amends: str) -> str | None:
    """The kind of record ``amends`` names (``2026-03-05-referral``: referral), if any."""
    kind = amends.rsplit("-", 1)[-1]
    return kind if kind in CHANGES and "-" in amends else None


def _amendment_of(schema: dict[str, Any], kind: str) -> dict[str, Any]:
    """The amendment schema for correcting one kind of record.

    Its ``changes`` are that record's fields, each one the coordinator ticks to
    give it as it should read (the rest stay as they were); ``amends`` is fixed,
    since the fields offered depend on it. The schema's own choice between the
    three kinds (``allOf`` on the name in ``amends``) is then already made.
    """
    definition, noun = CHANGES[kind]
    properties = dict(schema["properties"])
    properties["changes"] = schema["$defs"][definition]
    properties["amends"] = {**properties["amends"], "readOnly": True}
    out = {k: v for k, v in schema.items() if k not in ("allOf", "$defs")}
    return {**out, "title": f"Amendment to {noun}", "properties": properties}


def form_schema(
    kind: str,
    vocab: Vocabulary | None,
    amends: str = "",
    current: dict[str, Any] | None = None,
) -> dict[str, Any]:
    """The form for a record of ``kind``; for an amendment, of the record ``amends`` names.

    ``current``: that record's fields as they read now. Each field of the amendment's
    ``changes`` starts at its value there, so a field the coordinator ticks shows what
    the record says and only what is wrong need be changed (a field the record does not
    have starts empty, or at the pick-list's first option).
    """
    if kind not in KINDS:
        raise KeyError(kind)
    schema = effective_schema(kind, vocab)
    target = amended_kind(amends) if kind == "amendment" else None
    if target is not None:
        schema = _amendment_of(schema, target)
    form: dict[str, Any] = to_form(schema)
    if target is not None and current:
        fields = form["properties"]["changes"]["properties"]
        for key, value in current.items():
            if key in fields:
                fields[key] = {**fields[key], "default": value}
    return form


def field_at(
    positions: dict[PathKey, tuple[int, int]], line: int, column: int = 1
) -> PathKey | None:
    """The field a message at ``line``:``column`` is about.

    Messages are placed where the field's value starts, so an exact match is
    the field (the deepest one there); otherwise the nearest field before.
    """
    exact = [path for path, at in positions.items() if path and at == (line, column)]
    if exact:
        return max(exact, key=len)
    best: PathKey | None = None
    best_key = (-1, -1)
    for path, (at_line, _col) in positions.items():
        if not path or at_line > line:
            continue
        rank = (at_line, len(path))
        if rank > best_key:
            best, best_key = path, rank
    return best

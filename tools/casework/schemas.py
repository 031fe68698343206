"""JSON Schema validation: one registry, one validator per record kind, safe messages.

jsonschema's own messages quote the failing value; CI logs are less protected
than the repository, so every message here is rebuilt from the field's path
and the schema alone, never from the instance.

jsonschema (and its ``referencing``) is imported only when a record fails the
compiled validator and needs its messages: a run over valid records, such as
the pre-commit hook on one good file, never pays for importing it.
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Iterable
from datetime import date
from functools import cache, lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import unquote, urldefrag, urljoin

import jsonschema_rs

from casework.paths import data_dir
from casework.placeholders import placeholder_problems
from casework.problems import Problem
from casework.vocab import WORDS, Vocabulary, did_you_mean
from casework.yamlload import Document, field_name

if TYPE_CHECKING:
    from jsonschema import Draft202012Validator, FormatChecker
    from jsonschema.exceptions import ValidationError
    from referencing import Registry

SCHEMA_BASE = "https://casework.invalid/schemas/"

#: record kind -> schema file
SCHEMA_FILES: dict[str, str] = {
    "case": "case.json",
    "referral": "referral.json",
    "decision": "decision.json",
    "amendment": "amendment.json",
    "meeting": "meeting.json",
    "pack": "pack.json",
    "rules": "rules.json",
    "report": "report.json",
}

KIND_NAMES: dict[str, str] = {
    "case": "case record",
    "referral": "referral",
    "decision": "decision record",
    "amendment": "amendment",
    "meeting": "meeting record",
    "pack": "policy pack",
    "rules": "rules file",
    "report": "report",
}


def schema_dir() -> Path:
    return data_dir("schemas")


@cache
def _schema_files() -> dict[str, Any]:
    """Every schema in ``schemas/``, by its ``$id``."""
    found = {}
    for path in sorted(schema_dir().glob("*.json")):
        contents = json.loads(path.read_text(encoding="utf-8"))
        found[contents["$id"]] = contents
    return found


@lru_cache(maxsize=1)
def registry() -> Registry:
    """Every schema in ``schemas/``, registered under its ``$id``."""
    from referencing import Registry, Resource
    from referencing.jsonschema import DRAFT202012

    return Registry().with_resources(
        (uri, Resource.from_contents(contents, DRAFT202012))
        for uri, contents in _schema_files().items()
    )


def _lookup(target: str) -> Any:
    """The schema an absolute reference names: a schema file's ``$id`` and a JSON pointer
    in its fragment (the only form casework's schemas use), as ``referencing`` finds it."""
    uri, fragment = urldefrag(target)
    found = _schema_files()[uri]
    for token in fragment.split("/")[1:] if fragment else ():
        key = unquote(token).replace("~1", "/").replace("~0", "~")
        found = found[int(key)] if isinstance(found, list) else found[key]
    return found


_ANNOTATIONS = frozenset(
    {"x-hint", "description", "title", "$comment", "default", "examples", "x-vocabulary"}
)


def _inline(schema: Any, base: str, seen: tuple[str, ...] = ()) -> Any:
    """A copy of ``schema`` with each ``$ref`` replaced by the schema it names.

    Resolving references through the registry on every record was most of
    validate's time; the inlined schema validates the same way. Annotations
    beside a ``$ref`` (such as ``x-hint``) override the target's; other
    keywords beside it keep their meaning through ``allOf``. A reference that
    loops back is left in place, made absolute.

    A reference named again (``common.json#/$defs/date`` is named dozens of
    times) gives the same object, not another copy, unless a loop makes its
    inlined form depend on where it is named. Nothing changes a schema once
    made, so sharing is safe, and it makes inlining the large rules schema
    cheap.
    """
    if isinstance(schema, list):
        return [_inline(item, base, seen) for item in schema]
    if not isinstance(schema, dict):
        return schema
    out = {key: _inline(value, base, seen) for key, value in schema.items() if key != "$ref"}
    ref = schema.get("$ref")
    if not isinstance(ref, str):
        return out
    target = urljoin(base, ref)
    if target in seen:
        return {**out, "$ref": target}
    inlined = _inlined_target(target, frozenset(seen) & _reaches(target))
    if set(out) <= _ANNOTATIONS:
        return {**inlined, **out}
    return {**out, "allOf": [*out.get("allOf", []), inlined]}


@cache
def _inlined_target(target: str, seen: frozenset[str]) -> Any:
    """The schema ``target`` names, inlined, where ``seen`` are the references being
    inlined around it that it reaches (only they change its inlined form)."""
    contents = {
        key: value for key, value in _lookup(target).items() if key not in ("$id", "$schema")
    }
    return _inline(contents, urldefrag(target).url, (*sorted(seen), target))


def _refs(schema: Any, base: str) -> Iterable[str]:
    """The absolute references written in ``schema`` (not those of what they name)."""
    if isinstance(schema, list):
        for item in schema:
            yield from _refs(item, base)
    elif isinstance(schema, dict):
        for key, value in schema.items():
            if key == "$ref" and isinstance(value, str):
                yield urljoin(base, value)
            else:
                yield from _refs(value, base)


@cache
def _reaches(target: str) -> frozenset[str]:
    """Every reference reachable from the schema ``target`` names, itself included when
    it loops back to itself."""
    found: set[str] = set()
    todo = [target]
    while todo:
        current = todo.pop()
        for ref in _refs(_lookup(current), urldefrag(current).url):
            if ref not in found:
                found.add(ref)
                todo.append(ref)
    return frozenset(found)


@cache
def _base_schema(kind: str) -> dict[str, Any]:
    uri = SCHEMA_BASE + SCHEMA_FILES[kind]
    schema: dict[str, Any] = _inline(_lookup(uri), uri)
    return schema


#: keywords an ``enum`` of vocabulary ids makes redundant (they would only repeat its message)
_REPLACED_BY_ENUM = ("type", "pattern", "minLength", "maxLength", "format")


def _apply(schema: Any, vocab: Vocabulary, done: dict[int, Any] | None = None) -> Any:
    """A copy of ``schema`` whose vocabulary fields list ``vocab``'s ids (and labels).

    A part shared in ``schema`` (see :func:`_inline`) is copied once and stays shared:
    ``done`` maps each part already copied, by identity, to its copy.
    """
    if done is None:
        done = {}
    if isinstance(schema, list):
        copied = done.get(id(schema))
        if copied is None:
            copied = done[id(schema)] = [_apply(item, vocab, done) for item in schema]
        return copied
    if not isinstance(schema, dict):
        return schema
    copied = done.get(id(schema))
    if copied is not None:
        return copied
    out = {key: _apply(value, vocab, done) for key, value in schema.items()}
    terms = vocab.get(out["x-vocabulary"]) if isinstance(out.get("x-vocabulary"), str) else None
    if vocab.unchecked and isinstance(out.get("x-vocabulary"), str):
        out.pop("enum", None)  # any id: the broken pack's terms are unknown
        out.pop("enumDescriptions", None)
        if "type" not in out:
            out["type"] = "string"
    elif terms is not None:
        for key in _REPLACED_BY_ENUM:
            out.pop(key, None)
        out["enum"] = [term_id for term_id, _ in terms]
        out["enumDescriptions"] = [label for _, label in terms]
    done[id(schema)] = out
    return out


@cache
def effective_schema(kind: str, vocab: Vocabulary | None = None) -> dict[str, Any]:
    """The self-contained schema a record kind is validated with: base plus the pack.

    Every ``$ref`` is inlined; each field tagged ``x-vocabulary`` lists the
    vocabulary's ids as an ``enum`` (labels in ``enumDescriptions``, which
    editors show beside each choice). Without a pack the base schema is used.
    """
    schema = _base_schema(kind)
    if vocab is not None:
        schema = _apply(schema, vocab)
    return {"$schema": "https://json-schema.org/draft/2020-12/schema", **schema}


@cache
def validator(kind: str, vocab: Vocabulary | None = None) -> Draft202012Validator:
    """The one validator instance for a record kind (and pack), built on first use."""
    from jsonschema import Draft202012Validator

    return Draft202012Validator(
        effective_schema(kind, vocab),
        registry=registry(),
        format_checker=_format_checker(),
    )


#: the only formats today's validator checks; the compiled one checks the same
_FORMATS = ("date",)
#: set to 1 to validate every record with jsonschema alone (the agreement test uses it)
NO_FAST_PATH = "CASEWORK_NO_FAST_PATH"


def _formats_and_patterns(schema: Any) -> tuple[set[str], set[str]]:
    """Every ``format`` and every regular expression (``pattern``, ``patternProperties``)
    in ``schema``; a part it shares (see :func:`_inline`) is looked at once."""
    formats: set[str] = set()
    patterns: set[str] = set()
    seen: set[int] = set()
    todo = [schema]
    while todo:
        node = todo.pop()
        if not isinstance(node, dict | list) or id(node) in seen:
            continue
        seen.add(id(node))
        if isinstance(node, list):
            todo.extend(node)
            continue
        for key, value in node.items():
            if key == "format" and isinstance(value, str):
                formats.add(value)
            if key == "pattern" and isinstance(value, str):
                patterns.add(value)
            elif key == "patternProperties" and isinstance(value, dict):
                patterns.update(value)
            todo.append(value)
    return formats, patterns


#: characters a ``pattern`` may use for the Rust and Python engines to agree:
#: literals, ``[..]`` classes of ASCII ranges, groups, alternation, ``? * + {m,n}``,
#: ``^ $`` and escaped punctuation; no ``\d \w \s \b``, lookaround or backreference
_PORTABLE = r"(?:[\^$|()?*+.\[\]{},\-#/_:A-Za-z0-9 ]|\\[.\-/\\()\[\]$^|*+?{}])*"


@cache
def _portable(pattern: str) -> bool:
    r"""Whether ``pattern`` means the same to Python's ``re`` and to Rust's regex.

    Outside the characters above the engines differ (``\d`` and ``\w`` are
    Unicode-aware in one and may not be in the other, for instance). Python's
    ``$`` also matches before a final newline and Rust's does not, which only
    makes the compiled validator stricter: such a record takes the slow path.
    """
    return re.fullmatch(_PORTABLE, pattern) is not None and "(?" not in pattern


@cache
def compiled(kind: str, vocab: Vocabulary | None = None) -> Any:
    """The compiled (jsonschema-rs) validator for a kind and pack, or None.

    Same draft, same effective schema, formats checked as today's validator
    checks them (only ``date``). None when a ``format`` other than ``date`` or
    a ``pattern`` the two regex engines could read differently is present, so
    such a kind always takes jsonschema's path.
    """
    schema = effective_schema(kind, vocab)
    formats, patterns = _formats_and_patterns(schema)
    if formats - set(_FORMATS) or not all(_portable(p) for p in patterns):
        return None
    try:
        return jsonschema_rs.Draft202012Validator(
            schema, validate_formats=True, formats=_format_functions()
        )
    except (ValueError, jsonschema_rs.ValidationError):
        return None


@cache
def _format_checker() -> FormatChecker:
    from jsonschema import FormatChecker

    return FormatChecker(formats=_FORMATS)


_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$", re.ASCII)


def is_date(value: object) -> bool:
    """jsonschema's ``date`` format check, as its ``FormatChecker`` applies it: text in the
    form YYYY-MM-DD that is a real day of Python's calendar (anything not text passes)."""
    if not isinstance(value, str):
        return True
    try:
        return bool(_DATE.fullmatch(value) and date.fromisoformat(value))
    except ValueError:
        return False


def _format_functions() -> dict[str, Any]:
    """jsonschema's own format checks, for the compiled validator to call.

    jsonschema-rs's built-in ``date`` accepts the year 0000, which Python's
    calendar (and so today's validator) rejects; the same check as jsonschema's
    keeps the two identical (a test compares them), without importing
    jsonschema for records that are valid.
    """
    return {"date": is_date}


def fast_path() -> bool:
    """Whether the fast path is on (``CASEWORK_NO_FAST_PATH=1`` turns it off: every
    record through jsonschema, and every position map built as the file is read, by
    validate and by check)."""
    return os.environ.get(NO_FAST_PATH) != "1"


def _surely_valid(data: Any, kind: str, vocab: Vocabulary | None) -> bool:
    """True when the compiled validator accepts ``data``; False means "ask jsonschema".

    The compiled validator is never more lenient than jsonschema here, so a
    record it accepts has no schema problems; anything it rejects or cannot
    take (a value it cannot convert) goes through jsonschema, which writes the
    messages.
    """
    if not fast_path():
        return False
    fast = compiled(kind, vocab)
    if fast is None:
        return False
    try:
        return bool(fast.is_valid(data))
    except (ValueError, TypeError, OverflowError):
        return False


_TYPE_WORDS = {
    "string": "text",
    "integer": "a whole number",
    "number": "a number",
    "boolean": "true or false",
    "array": "a list",
    "object": "a group of fields",
    "null": "empty",
}


def _type_words(expected: Any) -> str:
    names: list[str] = expected if isinstance(expected, list) else [expected]
    return " or ".join(_TYPE_WORDS.get(name, name) for name in names)


def _hint(error: ValidationError) -> str | None:
    schema = error.schema
    return schema.get("x-hint") if isinstance(schema, dict) else None


def _leaf(error: ValidationError) -> ValidationError:
    """For anyOf/oneOf without a hint, the most relevant inner error."""
    from jsonschema.exceptions import best_match

    while error.validator in ("anyOf", "oneOf") and error.context and not _hint(error):
        error = best_match(error.context)
    return error


def _message(error: ValidationError, kind: str) -> tuple[tuple[str | int, ...], str] | None:
    """(path of the field to point at, a message without any value); None for an
    ``unevaluatedProperties`` error that names no field of its own: every field it blames
    is defined by a branch that failed, whose own errors are reported instead."""
    error = _leaf(error)
    path = tuple(error.absolute_path)
    field = f"'{field_name(path)}'" if path else f"the {KIND_NAMES.get(kind, 'record')}"
    hint = _hint(error)
    rule = error.validator
    # An error from a keyword carries that keyword's value and the (object) schema holding it;
    # the stubs also allow the "unset" marker of a hand-built error.
    expected: Any = error.validator_value
    schema: Any = error.schema
    instance: Any = error.instance
    if rule == "required":
        missing = [name for name in expected if name not in instance]
        name = missing[0] if missing else "?"
        where = f"'{field_name(path)}'" if path else f"the {KIND_NAMES.get(kind, 'record')}"
        text = f"{where} is missing the required field '{name}'; add it"
        # a record-wide hint (the pack's 'panel' or 'panels') speaks only of its own fields
        relevant = hint is not None and (bool(path) or f"'{name}'" in hint)
        return path, text + (f" ({hint})" if relevant else "")
    if rule in ("additionalProperties", "unevaluatedProperties"):
        allowed = _defined_keys(schema, instance)
        extras = (
            [key for key in instance if key not in allowed] if isinstance(instance, dict) else []
        )
        extra = extras[0] if extras else None
        if extra is not None:
            unused = sorted(allowed - set(instance))
            return (*path, extra), (
                f"the field '{field_name((*path, extra))}' is not part of "
                f"{with_article(KIND_NAMES.get(kind, 'record'))}; check its spelling or remove it"
                + did_you_mean(extra, unused)
            )
        if rule == "unevaluatedProperties" and isinstance(instance, dict):
            return None
        return path, f"{field} has a field that is not allowed here"
    if rule == "type":
        text = f"{field} must be {_type_words(expected)}"
        required = schema.get("required")
        if expected == "object" and path and isinstance(required, list) and 0 < len(required) < 5:
            names = " and ".join(f"'{name}'" for name in required)
            text += f" with {names}"
        if isinstance(instance, str) and expected in ("integer", "number", "boolean"):
            text += " (write it without quotes"
            text += (
                "; numbers have no leading zeros or separators)"
                if expected != "boolean"
                else ": true or false)"
            )
        return path, text
    if rule == "enum" and isinstance(schema.get("x-vocabulary"), str):
        return path, _vocabulary_message(field, schema["x-vocabulary"], expected, instance)
    if rule == "enum":
        options = ", ".join(str(option) for option in expected)
        if len(expected) > 14:
            options = ", ".join(str(option) for option in expected[:14]) + ", ..."
        return path, f"{field} must be one of: {options}"
    if rule == "const":
        return path, f"{field} must be {json.dumps(expected)}"
    if rule in ("pattern", "format", "anyOf", "oneOf"):
        if hint:
            return path, f"{field} must be {hint}"
        return path, f"{field} is not in the expected form"
    if rule == "minLength":
        if expected == 1:
            return path, f"{field} must not be empty"
        return path, f"{field} is too short (at least {expected} characters)"
    if rule == "maxLength":
        return path, f"{field} is too long (at most {expected} characters)"
    if rule in ("minimum", "exclusiveMinimum"):
        return path, f"{field} must be at least {expected}"
    if rule in ("maximum", "exclusiveMaximum"):
        return path, f"{field} must be at most {expected}"
    if rule == "minItems":
        text = f"{field} must list at least {expected} item{'s' if expected != 1 else ''}"
        return path, text + (f": {hint}" if hint else "")
    if rule == "maxItems":
        return path, f"{field} must list at most {expected} items"
    if rule == "uniqueItems":
        return path, f"{field} lists the same item more than once; remove the repeat"
    if rule == "minProperties":
        return path, f"{field} must not be empty"
    if rule == "maxProperties":
        return path, f"{field} must give only one of its possible fields"
    if rule == "not":
        return path, f"{field} has a value that is not allowed here"
    return path, f"{field} is not valid here" + (f": it must be {hint}" if hint else "")


def _defined_keys(schema: Any, instance: Any) -> set[str]:
    """The fields ``schema`` defines for ``instance``: its own ``properties``, and those of
    each ``allOf`` branch that applies (an ``if`` the instance matches gives its ``then``).

    A rule's fields depend on its kind (``if kind is after, then from, within, met_by``).
    When a field of that branch is wrong, jsonschema counts none of the branch's fields as
    evaluated, so ``unevaluatedProperties`` blames them all; asking the schema which fields
    it defines names only a field that is really not allowed.
    """
    if not isinstance(schema, dict):
        return set()
    keys = set(schema.get("properties", {}))
    for branch in schema.get("allOf", ()):
        if not isinstance(branch, dict):
            continue
        keys |= _defined_keys(branch, instance)
        condition, then = branch.get("if"), branch.get("then")
        if isinstance(condition, dict) and then is not None and _matches(condition, instance):
            keys |= _defined_keys(then, instance)
    return keys


def _matches(condition: dict[str, Any], instance: Any) -> bool:
    from jsonschema import Draft202012Validator

    return bool(Draft202012Validator(condition).is_valid(instance))


def _vocabulary_message(field: str, name: str, known: list[Any], value: Any) -> str:
    """An unknown vocabulary value: what the list is, its values, the nearest one."""
    shown = ", ".join(str(v) for v in known[:14]) + (", ..." if len(known) > 14 else "")
    words = WORDS.get(name, name.replace("_", " "))
    if not known:
        return f"{field} is used, but the policy pack lists no {words}; remove it"
    if name in ("plan_types", "placement_types", "legal_statuses", "event_types"):
        where = f"casework's {words} or those the policy pack adds under 'vocabularies.{name}'"
        text = f"{field} is not one of {where}; use one of: {shown}"
    else:
        text = f"{field} is not one of the {words} in the policy pack; use one of: {shown}"
    return text + did_you_mean(value, [str(v) for v in known])


def with_article(noun: str) -> str:
    """'a referral', 'an amendment', 'an adoption review'."""
    return f"{'an' if noun[:1].lower() in 'aeiou' else 'a'} {noun}"


def check_document(doc: Document, kind: str, vocab: Vocabulary | None = None) -> list[Problem]:
    """Schema problems of one loaded document, in file order."""
    problems: list[Problem] = []
    seen: set[tuple[int, int, str]] = set()
    errors = (
        () if _surely_valid(doc.data, kind, vocab) else validator(kind, vocab).iter_errors(doc.data)
    )
    for error in errors:
        message = _message(error, kind)
        if message is None:
            continue
        path, text = message
        location = doc.locate(path)
        key = (location.line, location.column, text)
        if key in seen:
            continue
        seen.add(key)
        problems.append(Problem(location, text))
    placed = {(p.location.line, p.location.column) for p in problems}
    problems.extend(
        p for p in placeholder_problems(doc) if (p.location.line, p.location.column) not in placed
    )
    problems.sort(key=lambda p: (p.location.line, p.location.column))
    return problems


def is_valid(data: Any, kind: str, vocab: Vocabulary | None = None) -> bool:
    return _surely_valid(data, kind, vocab) or validator(kind, vocab).is_valid(data)


def check_data(data: Any, kind: str, vocab: Vocabulary | None = None) -> Iterable[str]:
    """Safe messages for data that did not come from a file (reports, tests)."""
    if _surely_valid(data, kind, vocab):
        return
    for error in validator(kind, vocab).iter_errors(data):
        message = _message(error, kind)
        if message is not None:
            yield message[1]

"""The public JSON contracts, shipped in the package: loading and validation.

Validators are built once per schema and reused. Errors come back as
:class:`~mrt_roadmap.errors.Problem` objects located by JSON path; an unknown key is reported at
its own path, with a "did you mean" hint when a known key at that place is close.
"""

from __future__ import annotations

import functools
import json
import re
from collections.abc import Iterator, Mapping
from importlib import resources
from typing import TYPE_CHECKING, Any

from mrt_roadmap.errors import Problem, safe_value
from mrt_roadmap.json_input import json_path, short

if TYPE_CHECKING:  # imported on first use: with the compiled validator, a command that only
    # reads valid input never needs jsonschema (a third of a cold start)
    from jsonschema import Draft202012Validator
    from jsonschema.exceptions import ValidationError
    from referencing import Registry

SCHEMA_NAMES = ("profile", "roadmap", "credential", "profile-v1", "comparison", "cohort-summary")
_BASE = "https://mrt-roadmap.example.org/schemas/"
MAX_MESSAGE_CHARS = 200
"""Longest schema message; a longer one quotes a piece of the offending value."""
_KEY_VALIDATORS = frozenset({"additionalProperties", "unevaluatedProperties"})
"""Keywords whose failure means "unknown key" (when they are ``false``)."""


@functools.cache
def schema_text(name: str) -> str:
    """The text of ``NAME.schema.json`` as shipped."""
    if name not in SCHEMA_NAMES:
        from mrt_roadmap.errors import UnknownIdError

        raise UnknownIdError("schema", name, SCHEMA_NAMES)
    return (resources.files("mrt_roadmap") / "schemas" / f"{name}.schema.json").read_text("utf-8")


@functools.cache
def schema(name: str) -> dict[str, Any]:
    """The parsed schema ``NAME`` (profile, roadmap or credential)."""
    loaded: dict[str, Any] = json.loads(schema_text(name))
    return loaded


@functools.cache
def _registry() -> Registry[Any]:
    from referencing import Registry, Resource

    resources_ = [(schema(n)["$id"], Resource.from_contents(schema(n))) for n in SCHEMA_NAMES]
    return Registry().with_resources(resources_)


def resolve(name: str, node: Any) -> Any:
    """``node`` of schema ``name`` with its ``$ref`` followed (through the schemas' registry,
    as validation follows it); any other node as it is."""
    resolver = _registry().resolver(base_uri=schema(name)["$id"])
    while isinstance(node, dict) and isinstance(node.get("$ref"), str):
        resolved = resolver.lookup(node["$ref"])
        node, resolver = resolved.contents, resolved.resolver
    return node


@functools.cache
def validator(name: str, definition: str | None = None) -> Draft202012Validator:
    """A validator for schema ``name``, or for one of its ``$defs`` (e.g. credential/program)."""
    from jsonschema import Draft202012Validator

    target: dict[str, Any] = schema(name)
    if definition is not None:
        target = {"$ref": f"{_BASE}{name}.schema.json#/$defs/{definition}"}
    return Draft202012Validator(
        target, registry=_registry(), format_checker=Draft202012Validator.FORMAT_CHECKER
    )


_CODES = {
    "type": "type",
    "enum": "enum",
    "const": "enum",
    "pattern": "pattern",
    "format": "format",
    "required": "required",
    "minimum": "range",
    "maximum": "range",
    "exclusiveMinimum": "range",
    "exclusiveMaximum": "range",
    "multipleOf": "range",
    "minLength": "length",
    "maxLength": "length",
    "minItems": "items-count",
    "maxItems": "items-count",
    "uniqueItems": "duplicate-item",
    "additionalProperties": "unknown-key",
    "unevaluatedProperties": "unknown-key",
}
"""The problem code of each JSON Schema keyword; any other keyword gives ``schema``."""


def _problem(error: ValidationError, root: str) -> Problem:
    """The problem ``error`` reports: located (a missing key at its own path), coded, with the
    parameters its learner message needs."""
    if error.validator in ("oneOf", "anyOf") and error.context:
        error = min(error.context, key=lambda e: len(list(e.absolute_path)))
    parts: tuple[str | int, ...] = tuple(error.absolute_path)
    keyword = str(error.validator)
    code = _CODES.get(keyword, "schema")
    params: dict[str, Any] = {}
    value = safe_value(error.instance)
    if keyword == "type":
        params["expected"] = error.validator_value
    elif keyword in ("enum", "const"):
        allowed: Any = error.validator_value
        params["allowed"] = list(allowed) if keyword == "enum" else [allowed]
    elif keyword == "format":
        params["format"] = error.validator_value
    elif keyword == "pattern":
        params["pattern"] = error.validator_value
    elif keyword == "required":
        required: Any = error.validator_value
        missing = [
            k
            for k in required
            if isinstance(error.instance, Mapping) and k not in error.instance
            if repr(k) in str(error.message)
        ]
        if missing:
            parts = (*parts, missing[0])
        value = None
    elif code in ("range", "length", "items-count"):
        bound = "minimum" if keyword.startswith(("min", "exclusiveMin")) else "maximum"
        params[bound] = error.validator_value
    return Problem(
        json_path(parts, root), _message(error), code, parts=parts, value=value, params=params
    )


def _message(error: ValidationError) -> str:
    message = str(error.message)
    if isinstance(error.instance, Mapping | list | tuple):
        # never quote an object or array: it may be (part of) a learner's profile
        return message.replace(repr(error.instance), _described(error.instance))
    if len(message) <= MAX_MESSAGE_CHARS:
        return message
    # jsonschema quotes the whole offending value: quote a short piece of it instead.
    message = message.replace(repr(error.instance), short(error.instance))
    return message if len(message) <= MAX_MESSAGE_CHARS else f"{message[:MAX_MESSAGE_CHARS]}..."


def _described(instance: Mapping[Any, Any] | list[Any] | tuple[Any, ...]) -> str:
    if isinstance(instance, Mapping):
        return f"an object of {len(instance)} key(s)"
    return f"an array of {len(instance)} item(s)"


def _declared(name: str, node: Any, *, follow: bool) -> tuple[set[str], list[str]]:
    """The property names and name patterns ``node`` declares; with ``follow``, also those of the
    schemas it always applies (``$ref``, ``allOf``), which ``unevaluatedProperties`` sees."""
    names: set[str] = set()
    patterns: list[str] = []
    pending: list[tuple[Any, Any]] = [(node, _registry().resolver(schema(name)["$id"]))]
    seen: set[int] = set()
    while pending:
        current, resolver = pending.pop()
        if not isinstance(current, Mapping) or id(current) in seen:
            continue
        seen.add(id(current))
        names.update(current.get("properties", {}))
        patterns.extend(current.get("patternProperties", {}))
        if not follow:
            continue
        if isinstance(current.get("$ref"), str):
            resolved = resolver.lookup(current["$ref"])
            pending.append((resolved.contents, resolved.resolver))
        pending.extend((sub, resolver) for sub in current.get("allOf", ()))
    return names, patterns


def _unknown_keys(name: str, error: ValidationError, root: str) -> Iterator[Problem]:
    """One problem per unknown key of the object ``error`` is about, at the key's own path."""
    if not isinstance(error.instance, Mapping) or error.validator_value is not False:
        return
    unevaluated = error.validator == "unevaluatedProperties"
    known, patterns = _declared(name, error.schema, follow=unevaluated)
    for key in sorted(error.instance):
        if not isinstance(key, str) or key in known or any(re.search(p, key) for p in patterns):
            continue
        import difflib  # only when a profile has an unknown key

        close = difflib.get_close_matches(key, sorted(known), n=1)
        if close:
            message = f"unknown key; did you mean {close[0]!r}?"
        else:
            message = f"unknown key; known keys here: {', '.join(sorted(known)) or '(none)'}"
        if len(message) > MAX_MESSAGE_CHARS:
            message = f"{message[: MAX_MESSAGE_CHARS - 3]}..."
        parts = (*error.absolute_path, key)
        params = {"key": safe_value(key), "suggestion": close[0] if close else None}
        yield Problem(json_path(parts, root), message, "unknown-key", parts=parts, params=params)


def _referenced(name: str) -> list[str]:
    """``name`` and every shipped schema it refers to, directly or not: any whose file name
    appears in its text (a ``$ref`` however written; a mere mention only costs a compile)."""
    found = [name]
    for current in found:
        for other in SCHEMA_NAMES:
            if other not in found and f"{other}.schema.json" in schema_text(current):
                found.append(other)
    return found


@functools.cache
def fast_validator(name: str, definition: str | None = None) -> Any | None:
    """A compiled validator (``jsonschema-rs``, the optional ``fast`` extra) for schema
    ``name``, or ``None`` when it is not installed. It only answers "valid?": ``jsonschema``
    stays the reference that says what is wrong, by path."""
    try:
        import jsonschema_rs
    except ImportError:
        return None
    needed = _referenced(name)  # compiling only these takes a fraction of all six
    registry = jsonschema_rs.Registry([(schema(n)["$id"], schema(n)) for n in needed])
    target: dict[str, Any] = schema(name)
    if definition is not None:
        target = {"$ref": f"{_BASE}{name}.schema.json#/$defs/{definition}"}
    return jsonschema_rs.Draft202012Validator(target, registry=registry, validate_formats=True)


def validate(
    name: str,
    data: Any,
    definition: str | None = None,
    root: str = "$",
    *,
    plain_json: bool = False,
) -> list[Problem]:
    """Every problem with ``data`` against the schema, sorted by path (empty when valid).

    ``plain_json``: ``data`` came from parsing JSON text (only dicts, lists, strings, numbers,
    booleans and null), so the compiled validator, when installed, may accept it first; it is
    much faster on large profiles, and anything it rejects is checked again by ``jsonschema``,
    whose answer always wins."""
    if plain_json:
        fast = fast_validator(name, definition)
        if fast is not None and fast.is_valid(data):
            return []
    problems = []
    for error in validator(name, definition).iter_errors(data):
        if error.validator in _KEY_VALIDATORS and error.validator_value is False:
            unknown = list(_unknown_keys(name, error, root))
            if unknown or error.validator == "unevaluatedProperties":
                # Every key reported unevaluated yet declared belongs to a failing ``allOf``
                # branch, which is reported on its own.
                problems.extend(unknown)
                continue
        problems.append(_problem(error, root))
    return sorted(set(problems), key=lambda p: (p.path, p.message))

"""The public JSON contracts, shipped in the package: loading and validation.

Validators are built once per schema and reused. Errors come back as
:class:`~mrt_roadmap.errors.Problem` objects located by JSON path.
"""

from __future__ import annotations

import functools
import json
from importlib import resources
from typing import Any

from jsonschema import Draft202012Validator
from jsonschema.exceptions import ValidationError
from referencing import Registry, Resource

from mrt_roadmap.errors import Problem
from mrt_roadmap.json_input import short

SCHEMA_NAMES = ("profile", "roadmap", "credential")
_BASE = "https://mrt-roadmap.example.org/schemas/"
MAX_MESSAGE_CHARS = 200
"""Longest schema message; a longer one quotes a piece of the offending value."""


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
    resources_ = [(schema(n)["$id"], Resource.from_contents(schema(n))) for n in SCHEMA_NAMES]
    return Registry().with_resources(resources_)


@functools.cache
def validator(name: str, definition: str | None = None) -> Draft202012Validator:
    """A validator for schema ``name``, or for one of its ``$defs`` (e.g. credential/program)."""
    target: dict[str, Any] = schema(name)
    if definition is not None:
        target = {"$ref": f"{_BASE}{name}.schema.json#/$defs/{definition}"}
    return Draft202012Validator(
        target, registry=_registry(), format_checker=Draft202012Validator.FORMAT_CHECKER
    )


def _message(error: ValidationError) -> str:
    if error.validator in ("oneOf", "anyOf") and error.context:
        error = min(error.context, key=lambda e: len(list(e.absolute_path)))
    message = str(error.message)
    if len(message) <= MAX_MESSAGE_CHARS:
        return message
    # jsonschema quotes the whole offending value: quote a short piece of it instead.
    message = message.replace(repr(error.instance), short(error.instance))
    return message if len(message) <= MAX_MESSAGE_CHARS else f"{message[:MAX_MESSAGE_CHARS]}..."


def validate(name: str, data: Any, definition: str | None = None, root: str = "$") -> list[Problem]:
    """Every problem with ``data`` against the schema, sorted by path (empty when valid)."""
    problems = []
    for error in validator(name, definition).iter_errors(data):
        path = error.json_path.replace("$", root, 1)
        problems.append(Problem(path, _message(error)))
    return sorted(set(problems), key=lambda p: (p.path, p.message))

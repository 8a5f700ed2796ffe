"""What-if edits of a profile: ``KEY=VALUE`` assignments applied to its JSON data.

``KEY`` is a dotted path into the profile (``availability.study_hours_per_week``); a number
segment (``education.1.status``, or ``education[1].status``) indexes a list. ``KEY=VALUE`` sets
the value, creating missing objects on the way; ``KEY+=VALUE`` appends to a list (created when
missing; a JSON array value appends each of its items). ``VALUE`` is parsed as JSON when it
parses (``35``, ``true``, ``["CCS"]``, ``null``) and taken as a string otherwise (``as_hit``). A
single value given for a list (the profile has a list there, or the profile schema says so)
becomes a one-item list, so ``preferences.programs=as_hit`` means ``["as_hit"]``.

Only the paths are checked here: whether the edited profile is valid is for the profile loader
to say (it names every problem by JSON path).
"""

from __future__ import annotations

import copy
import re
from collections.abc import Mapping, Sequence
from typing import Any

import attrs

from mrt_roadmap.errors import InputError, Problem
from mrt_roadmap.json_input import json_path, parse, short
from mrt_roadmap.model_base import Model

_INDEX = re.compile(r"\[(\d+)\]")
_SEGMENT = re.compile(r"^[A-Za-z_][A-Za-z0-9_-]*$|^\d+$")

PathPart = str | int


@attrs.frozen(repr=False, eq=False)
class Assignment(Model):
    """One parsed ``KEY=VALUE`` (``append``: it was ``KEY+=VALUE``)."""

    text: str
    path: tuple[PathPart, ...]
    value: Any
    append: bool = False

    @property
    def where(self) -> str:
        """The JSON path it assigns, e.g. ``$.availability.study_hours_per_week``."""
        return json_path(self.path)


def parse_assignment(text: str) -> Assignment:
    """Parse ``KEY=VALUE`` or ``KEY+=VALUE``; :class:`InputError` if it is neither."""
    key, sep, raw = text.partition("=")
    append = key.endswith("+")
    key = key.removesuffix("+").strip()
    if not sep or not key:
        raise InputError("what-if", [Problem("$", f"{short(text)} is not KEY=VALUE or KEY+=VALUE")])
    parts: list[PathPart] = []
    for segment in _INDEX.sub(r".\1", key).split("."):
        if not _SEGMENT.match(segment):
            problem = f"{short(key)}: {short(segment)} is not a key or a list index"
            raise InputError("what-if", [Problem(json_path(tuple(parts)), problem)])
        parts.append(int(segment) if segment.isdigit() else segment)
    value, problems = parse(raw)
    return Assignment(text, tuple(parts), raw if problems else value, append)


def apply_what_if(profile_data: Mapping[str, Any], assignments: Sequence[str]) -> dict[str, Any]:
    """A copy of ``profile_data`` with every assignment applied in order (``profile_data`` is not
    changed). Raises :class:`InputError` listing, by JSON path, every assignment that cannot be
    applied (malformed, or its path runs through a value of the wrong type)."""
    data: dict[str, Any] = copy.deepcopy(dict(profile_data))
    problems: list[Problem] = []
    for text in assignments:
        try:
            _apply(data, parse_assignment(text))
        except InputError as exc:
            problems.extend(exc.problems)
    if problems:
        raise InputError("what-if", problems)
    return data


def _kind(value: Any) -> str:
    if isinstance(value, Mapping):
        return "an object"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, int | float):
        return "a number"
    if isinstance(value, str):
        return "a string"
    return "null" if value is None else type(value).__name__


def _fail(parts: Sequence[PathPart], message: str) -> InputError:
    return InputError("what-if", [Problem(json_path(tuple(parts)), message)])


def _apply(data: dict[str, Any], a: Assignment) -> None:
    """Walk to the parent of ``a.path`` (creating missing objects) and set or append there."""
    node: Any = data
    for depth, part in enumerate(a.path[:-1]):
        node = _child(node, part, a.path[: depth + 1], a.path[depth + 1])
    last = a.path[-1]
    here = a.path
    if isinstance(last, int):
        if not isinstance(node, list):
            raise _fail(a.path[:-1], f"is {_kind(node)}, not a list: {last} is not a key here")
        if last >= len(node):
            raise _fail(here, f"no such item: the list has {len(node)}")
        current = node[last]
    else:
        if not isinstance(node, dict):
            raise _fail(a.path[:-1], f"is {_kind(node)}, not an object: {last!r} is not a key here")
        current = node.get(last)
    if a.append:
        if current is None:
            current = []
        elif not isinstance(current, list):
            raise _fail(here, f"is {_kind(current)}, not a list: += appends to a list")
        items = a.value if isinstance(a.value, list) else [a.value]
        value: Any = [*current, *items]
    elif not isinstance(a.value, list) and (
        isinstance(current, list) or (current is None and _schema_says_list(a.path))
    ):
        value = [a.value]
    else:
        value = a.value
    node[last] = value


def _child(node: Any, part: PathPart, parts: tuple[PathPart, ...], next_part: PathPart) -> Any:
    """``node[part]``, created as an object when missing (an error if a list index follows)."""
    if isinstance(part, int):
        if not isinstance(node, list):
            raise _fail(parts[:-1], f"is {_kind(node)}, not a list: {part} is not a key here")
        if part >= len(node):
            raise _fail(parts, f"no such item: the list has {len(node)}")
        return node[part]
    if not isinstance(node, dict):
        raise _fail(parts[:-1], f"is {_kind(node)}, not an object: {part!r} is not a key here")
    if node.get(part) is None:
        if isinstance(next_part, int):
            raise _fail(parts, "no such list: set the whole list (KEY=[...]) or use +=")
        node[part] = {}
    return node[part]


def _schema_says_list(path: Sequence[PathPart]) -> bool:
    """Whether the profile schema declares an array at ``path`` (through ``$ref``,
    ``properties`` and ``items``)."""
    from mrt_roadmap.schemas import resolve, schema

    node: Any = schema("profile")
    for part in path:
        node = resolve("profile", node)
        if isinstance(part, int):
            node = node.get("items") if isinstance(node, Mapping) else None
        else:
            props = node.get("properties") if isinstance(node, Mapping) else None
            node = props.get(part) if isinstance(props, Mapping) else None
        if node is None:
            return False
    node = resolve("profile", node)
    kind = node.get("type") if isinstance(node, Mapping) else None
    return kind == "array" or (isinstance(kind, list) and "array" in kind)

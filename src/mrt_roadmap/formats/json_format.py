"""JSON, the canonical form of a roadmap (``roadmap.schema.json``); deterministic output.

Writing walks the roadmap's attrs fields directly (their names, in declaration order, are read
once per class): the same data the shared cattrs converter produces, without generating and
compiling an unstructure function per class in every process. Reading a stored roadmap back
(:func:`from_dict`) uses the converter.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Mapping
from typing import Any

import attrs

from mrt_roadmap.roadmap import Roadmap

_FIELDS: dict[type, tuple[str, ...]] = {}
_PLAIN = frozenset({str, int, float, bool, type(None)})


def _data(value: Any) -> Any:
    kind = type(value)
    if kind in _PLAIN:
        return value
    names = _FIELDS.get(kind)
    if names is not None:
        return {name: _data(getattr(value, name)) for name in names}
    if kind is tuple or kind is list:
        return [_data(item) for item in value]
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, Mapping):
        return {str(key): _data(item) for key, item in value.items()}
    if attrs.has(kind):
        _FIELDS[kind] = tuple(a.name for a in attrs.fields(kind))
        return _data(value)
    if isinstance(value, list | tuple | set | frozenset):
        return [_data(item) for item in value]
    raise TypeError(f"{kind.__name__} is not JSON serializable")


def to_dict(roadmap: Roadmap) -> dict[str, Any]:
    """The roadmap as JSON-ready data (fresh objects: the caller may change them)."""
    data: dict[str, Any] = _data(roadmap)
    return data


def to_json(roadmap: Roadmap, *, indent: int | None = None) -> str:
    """The roadmap as JSON text (same roadmap, same bytes); compact unless ``indent`` is given."""
    data = to_dict(roadmap)
    if indent is None:
        return json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    return json.dumps(data, indent=indent, ensure_ascii=False) + "\n"


def from_dict(data: dict[str, Any]) -> Roadmap:
    """Rebuild a :class:`Roadmap` from its JSON form (e.g. to re-export a stored roadmap).

    Raises :class:`~mrt_roadmap.errors.InputError` listing every problem by JSON path when
    ``data`` does not follow ``roadmap.schema.json``."""
    from mrt_roadmap.convert import converter
    from mrt_roadmap.errors import InputError
    from mrt_roadmap.schemas import validate

    problems = validate("roadmap", data)
    if problems:
        raise InputError("roadmap", problems)
    return converter().structure(data, Roadmap)

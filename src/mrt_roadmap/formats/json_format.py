"""JSON, the canonical form of a roadmap (``roadmap.schema.json``); deterministic output.

Writing hands the roadmap to :func:`json.dumps` as it is: the encoder asks :func:`_default` for
each attrs object (its fields, in declaration order, whose names are read once per class) and
each date (ISO text). That is the same data the shared cattrs converter produces, without
generating and compiling an unstructure function per class in every process, and most of the
walk happens in the encoder's C code. Read-only mappings (``Milestone.details``, a
:class:`~mrt_roadmap.model_base.FrozenDict`) are dicts to the encoder, and frozen lists
(tuples) are arrays, so freezing changes no byte. Reading
a stored roadmap back (:func:`from_dict`) uses the converter.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Mapping
from typing import Any

import attrs

from mrt_roadmap.roadmap import Roadmap

_FIELDS: dict[type, tuple[str, ...]] = {}


def _default(value: Any) -> Any:
    """What the JSON encoder writes for a value it does not know."""
    names = _FIELDS.get(type(value))
    if names is None:
        if isinstance(value, dt.date):
            return value.isoformat()
        if attrs.has(type(value)):
            names = _FIELDS[type(value)] = tuple(a.name for a in attrs.fields(type(value)))
        elif isinstance(value, Mapping):
            return dict(value)
        elif isinstance(value, set | frozenset):
            return sorted(value)
        else:
            raise TypeError(f"{type(value).__name__} is not JSON serializable")
    out = {}
    for name in names:
        item = getattr(value, name)
        out[name] = item.isoformat() if type(item) is dt.date else item  # saves a callback
    if "provenance" in out:  # written flat, as in definitions files (the converter's form)
        prov = out.pop("provenance")
        if prov is not None:
            out.update(
                (key, item.isoformat() if type(item) is dt.date else item)
                for key in ("source", "as_of", "verified", "note")
                if (item := getattr(prov, key)) is not None
            )
    return out


def to_json(roadmap: Roadmap, *, indent: int | None = None) -> str:
    """The roadmap as JSON text (same roadmap, same bytes); compact unless ``indent`` is given."""
    if indent is None:
        return json.dumps(roadmap, ensure_ascii=False, separators=(",", ":"), default=_default)
    return json.dumps(roadmap, indent=indent, ensure_ascii=False, default=_default) + "\n"


def to_dict(roadmap: Roadmap) -> dict[str, Any]:
    """The roadmap as JSON-ready data (fresh objects: the caller may change them)."""
    data: dict[str, Any] = json.loads(to_json(roadmap))
    return data


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

"""JSON, the canonical form of a roadmap (``roadmap.schema.json``); deterministic output."""

from __future__ import annotations

import datetime as dt
import functools
import json
from collections.abc import Mapping
from typing import Any

import cattrs

from mrt_roadmap.roadmap import Reason, Roadmap


def to_dict(roadmap: Roadmap) -> dict[str, Any]:
    """The roadmap as JSON-ready data (fresh objects: the caller may change them)."""
    from mrt_roadmap.convert import converter

    data: dict[str, Any] = converter().unstructure(roadmap)
    return data


@functools.cache
def _serializing_converter() -> cattrs.Converter:
    """The shared converter plus a memo of unstructured reasons, for serialization only.

    Reasons are frozen and recur across plans (the planner memoizes them); their dicts are only
    ever read by ``json.dumps`` here, never handed out, so sharing them is safe."""
    from mrt_roadmap.convert import converter

    conv = converter().copy()
    plain = conv.get_unstructure_hook(Reason)
    conv.register_unstructure_hook(Reason, functools.lru_cache(maxsize=8192)(plain))
    # Milestone details are already JSON-like; dates in them are written by ``_json_default``.
    conv.register_unstructure_hook_func(lambda t: t == Mapping[str, Any], lambda value: value)
    return conv


def _json_default(value: object) -> str:
    if isinstance(value, dt.date):
        return value.isoformat()
    raise TypeError(f"{type(value).__name__} is not JSON serializable")


def to_json(roadmap: Roadmap, *, indent: int | None = None) -> str:
    """The roadmap as JSON text (same roadmap, same bytes); compact unless ``indent`` is given."""
    data = _serializing_converter().unstructure(roadmap)
    if indent is None:
        return json.dumps(data, ensure_ascii=False, separators=(",", ":"), default=_json_default)
    return json.dumps(data, indent=indent, ensure_ascii=False, default=_json_default) + "\n"


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

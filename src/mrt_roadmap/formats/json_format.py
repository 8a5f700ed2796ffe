"""JSON, the canonical form of a roadmap (``roadmap.schema.json``); deterministic output."""

from __future__ import annotations

import json
from typing import Any

from mrt_roadmap.roadmap import Roadmap


def to_dict(roadmap: Roadmap) -> dict[str, Any]:
    """The roadmap as JSON-ready data."""
    from mrt_roadmap.convert import converter

    data: dict[str, Any] = converter().unstructure(roadmap)
    return data


def to_json(roadmap: Roadmap, *, indent: int | None = None) -> str:
    """The roadmap as JSON text (same roadmap, same bytes); compact unless ``indent`` is given."""
    if indent is None:
        return json.dumps(to_dict(roadmap), ensure_ascii=False, separators=(",", ":"))
    return json.dumps(to_dict(roadmap), indent=indent, ensure_ascii=False) + "\n"


def from_dict(data: dict[str, Any]) -> Roadmap:
    """Rebuild a :class:`Roadmap` from its JSON form (e.g. to re-export a stored roadmap)."""
    from mrt_roadmap.convert import converter

    return converter().structure(data, Roadmap)

"""One cattrs converter for JSON <-> attrs, built once.

Definitions are flat in JSON: ``source``/``as_of``/``verified``/``note`` sit beside the other
fields and become a nested :class:`~mrt_roadmap.definitions.Provenance` here.
"""

from __future__ import annotations

import datetime as dt
import functools
from typing import Any

import attrs
import cattrs
from cattrs.gen import make_dict_structure_fn, make_dict_unstructure_fn

from mrt_roadmap.definitions import Provenance, Requirement
from mrt_roadmap.model_base import thaw

_PROVENANCE_KEYS = ("source", "as_of", "verified", "note")
_REQUIREMENT_KEYS = frozenset({"kind", "label", *_PROVENANCE_KEYS})


def _has_provenance(cls: Any) -> bool:
    return (
        attrs.has(cls)
        and cls is not Requirement
        and any(a.name == "provenance" for a in attrs.fields(cls))
    )


@functools.cache
def converter() -> cattrs.Converter:
    """The shared converter (built on first use, then reused).

    Everything it structures has passed its JSON Schema first, which reports problems by JSON
    path; cattrs' own detailed validation would only repeat that, and makes its generated code
    (compiled once per class and process) much larger, so it is off."""
    conv = cattrs.Converter(forbid_extra_keys=False, detailed_validation=False)
    conv.register_structure_hook(
        dt.date, lambda v, _: v if isinstance(v, dt.date) else dt.date.fromisoformat(v)
    )
    conv.register_unstructure_hook(dt.date, lambda d: d.isoformat())

    def lift(data: dict[str, Any]) -> dict[str, Any]:
        if "source" not in data:
            return data
        data = dict(data)
        prov = {k: data.pop(k) for k in _PROVENANCE_KEYS if k in data}
        data["provenance"] = prov
        return data

    def structure_factory(cls: Any) -> Any:
        base = make_dict_structure_fn(cls, conv)
        return lambda data, _type: base(lift(data), _type)

    def unstructure_factory(cls: Any) -> Any:
        base = make_dict_unstructure_fn(cls, conv)

        def flatten(obj: Any) -> dict[str, Any]:
            out: dict[str, Any] = base(obj)
            prov = out.pop("provenance", None)
            if prov:
                out.update({k: v for k, v in prov.items() if v is not None})
            return out

        return flatten

    conv.register_structure_hook_factory(_has_provenance, structure_factory)
    conv.register_unstructure_hook_factory(_has_provenance, unstructure_factory)

    def structure_requirement(data: dict[str, Any], _: Any) -> Requirement:
        prov = None
        if "source" in data:
            prov = conv.structure({k: data[k] for k in _PROVENANCE_KEYS if k in data}, Provenance)
        params = {k: v for k, v in data.items() if k not in _REQUIREMENT_KEYS}
        label = data.get("label") or data["kind"]
        return Requirement(kind=data["kind"], label=label, params=params, provenance=prov)

    def unstructure_requirement(req: Requirement) -> dict[str, Any]:
        # params are frozen (read-only mappings, tuples): JSON Schema wants dicts and lists
        out: dict[str, Any] = {"kind": req.kind, "label": req.label, **thaw(req.params)}
        if req.provenance is not None:
            prov = conv.unstructure(req.provenance)
            out.update({k: v for k, v in prov.items() if v is not None})
        return out

    conv.register_structure_hook(Requirement, structure_requirement)
    conv.register_unstructure_hook(Requirement, unstructure_requirement)
    return conv

"""JSON, the canonical form of a roadmap (``roadmap.schema.json``); deterministic output.

Writing hands the roadmap to :func:`json.dumps` as it is: the encoder asks :func:`_default` for
each attrs object (its fields in declaration order, read with one ``attrgetter`` per class) and
each date (ISO text). That is the same data the shared cattrs converter produces, without
generating and compiling an unstructure function per class in every process, and most of the
walk happens in the encoder's C code. Read-only mappings (``Milestone.details``, a
:class:`~mrt_roadmap.model_base.FrozenDict`) are dicts to the encoder, and frozen lists
(tuples) are arrays, so freezing changes no byte. Reading
a stored roadmap back (:func:`from_dict`) uses the converter.

With ``orjson`` installed (the optional ``fast`` extra) the same walk runs in orjson's encoder,
about twice as fast. It is used only for bytes it writes exactly as :func:`json.dumps` does:
its callback also checks every value orjson writes without asking, and a float Python writes
with an exponent or as ``NaN``/``Infinity``, an enum or a UUID (which orjson would write
differently), a non-text key, a lone surrogate or anything else orjson refuses sends the
roadmap to :func:`json.dumps` instead
(``tests/test_json_fast_path.py`` compares both on every example and on generated values).
"""

from __future__ import annotations

import datetime as dt
import enum
import json
import operator
import types
import typing
import uuid
from collections.abc import Callable, Iterable, Mapping
from typing import Any

import attrs

from mrt_roadmap.model_base import FrozenDict, FrozenList
from mrt_roadmap.roadmap import Roadmap

orjson: Any
try:
    import orjson
except ImportError:  # the optional ``fast`` extra
    orjson = None


class _Writer:
    """How an attrs class is written: its fields in declaration order read in one call, with
    ``provenance`` written flat, as in definitions files (the converter's form)."""

    def __init__(self, cls: type) -> None:
        fields = attrs.fields(cls)
        self.names = tuple(a.name for a in fields)
        read = operator.attrgetter(*self.names)
        self.read: Callable[[Any], tuple[Any, ...]] = (
            read if len(self.names) > 1 else lambda value: (read(value),)
        )
        self.flat = "provenance" in self.names
        try:
            hints = typing.get_type_hints(cls)
        except (NameError, TypeError):  # unresolvable annotations: dates go to the callback
            hints = {}
        self.dates = tuple(a.name for a in fields if _may_be_date(hints.get(a.name)))
        """Fields written as ISO text here, which saves the encoder a callback per date."""

    def __call__(self, value: Any) -> dict[str, Any]:
        return self._written(self.read(value))

    def checked(self, value: Any) -> dict[str, Any]:
        """:meth:`__call__`, raising :class:`_NotExact` for a value orjson writes differently."""
        values = self.read(value)
        _check_items(values)
        return self._written(values)

    def _written(self, values: tuple[Any, ...]) -> dict[str, Any]:
        out = dict(zip(self.names, values, strict=True))
        for name in self.dates:
            if type(day := out[name]) is dt.date:
                out[name] = day.isoformat()
        if self.flat:
            prov = out.pop("provenance")
            if prov is not None:
                out.update(
                    (key, item.isoformat() if type(item) is dt.date else item)
                    for key in ("source", "as_of", "verified", "note")
                    if (item := getattr(prov, key)) is not None
                )
        return out


def _may_be_date(hint: Any) -> bool:
    """Whether a field of type ``hint`` may hold a date (``dt.date`` or ``dt.date | None``)."""
    if typing.get_origin(hint) in (types.UnionType, typing.Union):
        return any(_may_be_date(arg) for arg in typing.get_args(hint))
    return hint is dt.date


_WRITERS: dict[type, _Writer] = {}


def _writer(cls: type) -> _Writer:
    writer = _WRITERS.get(cls)
    if writer is None:
        writer = _WRITERS[cls] = _Writer(cls)
    return writer


def _default(value: Any) -> Any:
    """What the JSON encoder writes for a value it does not know."""
    writer = _WRITERS.get(type(value))
    if writer is not None:
        return writer(value)
    if isinstance(value, dt.date):
        return value.isoformat()
    if attrs.has(type(value)):
        return _writer(type(value))(value)
    if isinstance(value, Mapping):
        return dict(value)
    if isinstance(value, set | frozenset):
        return sorted(value)
    raise TypeError(f"{type(value).__name__} is not JSON serializable")


def to_json(roadmap: Roadmap, *, indent: int | None = None) -> str:
    """The roadmap as JSON text (same roadmap, same bytes); compact unless ``indent`` is given."""
    if orjson is not None and (indent is None or (type(indent) is int and indent == 2)):
        try:
            written: bytes = orjson.dumps(
                roadmap, default=_default_checked, option=_ORJSON_OPTIONS[indent]
            )
        except (TypeError, _NotExact):  # orjson.JSONEncodeError is a TypeError
            pass
        else:
            text = written.decode()
            return text if indent is None else text + "\n"
    if indent is None:
        return json.dumps(roadmap, ensure_ascii=False, separators=(",", ":"), default=_default)
    return json.dumps(roadmap, indent=indent, ensure_ascii=False, default=_default) + "\n"


class _NotExact(Exception):
    """orjson would not write this value as :func:`json.dumps` does."""


if orjson is not None:
    _PASS_THROUGH = (
        orjson.OPT_PASSTHROUGH_DATETIME  # dates to the callback: isoformat, as json.dumps
        | orjson.OPT_PASSTHROUGH_DATACLASS
        | orjson.OPT_PASSTHROUGH_SUBCLASS  # FrozenDict, str and int subclasses to the callback
    )
    _ORJSON_OPTIONS = {None: _PASS_THROUGH, 2: _PASS_THROUGH | orjson.OPT_INDENT_2}

_PLAIN = frozenset({dict, list, tuple})
_SAFE = frozenset({str, int, bool, type(None), dt.date, FrozenDict, FrozenList})
"""Types orjson writes as json.dumps does, or hands to the callback (which checks inside)."""


def _check_items(items: Iterable[Any]) -> None:
    """Raise :class:`_NotExact` for what orjson would write, without a callback, differently
    from :func:`json.dumps`, among ``items`` and inside the plain containers in them: a float
    Python spells with an exponent (or as ``NaN``, ``Infinity``), an enum (orjson writes any
    enum's value; json.dumps refuses plain ones and spells float ones its own way) or a UUID
    (which json.dumps refuses). Attrs objects, frozen containers, dates and subclasses of str
    and int come to the callback."""
    for item in items:
        kind = type(item)
        if kind in _SAFE or kind in _WRITERS:  # (attrs objects come to the callback)
            continue
        if kind is float:
            if item and not 1e-4 <= abs(item) < 1e16:  # also true for NaN and the infinities
                raise _NotExact(item)
        elif kind in _PLAIN:
            _check_items(item.values() if kind is dict else item)
        elif isinstance(item, enum.Enum | uuid.UUID):
            raise _NotExact(item)


def _default_checked(value: Any) -> Any:
    """:func:`_default` for orjson, checking what orjson would write differently."""
    kind = type(value)
    writer = _WRITERS.get(kind)
    if writer is not None:
        return writer.checked(value)
    if kind is dt.date:
        return value.isoformat()
    if kind is FrozenDict:
        _check_items(value.values())
        return dict(value)
    if kind is FrozenList:
        _check_items(value)
        return tuple(value)
    if attrs.has(kind):
        return _writer(kind).checked(value)
    if isinstance(value, str):  # a str subclass: json.dumps writes its characters
        return str.__str__(value)
    if isinstance(value, bool):
        return bool(value)
    if isinstance(value, int):  # an int subclass: json.dumps writes int.__repr__
        return int(value)
    if isinstance(value, float):
        _check_items((float(value),))
        return float(value)
    if isinstance(value, dict | list | tuple):  # other subclasses: json.dumps writes them plain
        plain = dict(value) if isinstance(value, dict) else tuple(value)
        _check_items(plain.values() if isinstance(plain, dict) else plain)
        return plain
    out = _default(value)  # another mapping as a dict, a set as a sorted list
    _check_items(out.values() if type(out) is dict else out if type(out) is list else ())
    return out


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

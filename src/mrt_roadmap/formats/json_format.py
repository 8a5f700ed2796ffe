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
its callback also checks the numbers orjson writes without asking (fields declared to hold
floats, free-form ``details``), and a float Python writes with an exponent or as
``NaN``/``Infinity`` (which orjson would write differently), a non-text key, a lone surrogate or
anything else orjson refuses sends the roadmap to :func:`json.dumps` instead
(``tests/test_json_fast_path.py`` compares both on every example and on generated values).
"""

from __future__ import annotations

import datetime as dt
import json
import operator
import types
import typing
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
        except (NameError, TypeError):  # unresolvable annotations: check every field
            hints = {}
        self.unsure = tuple(
            i for i, a in enumerate(fields) if not _float_free(hints.get(a.name, float))
        )
        """Fields whose declared type may hold a float (checked on the orjson path)."""
        self.dates = tuple(a.name for a in fields if _may_be_date(hints.get(a.name)))
        """Fields written as ISO text here, which saves the encoder a callback per date."""

    def __call__(self, value: Any) -> dict[str, Any]:
        return self._written(self.read(value))

    def checked(self, value: Any) -> dict[str, Any]:
        """:meth:`__call__`, raising :class:`_NotExact` for a float orjson writes differently."""
        values = self.read(value)
        for i in self.unsure:
            _check_items((values[i],))
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


def _float_free(hint: Any) -> bool:
    """Whether a field of type ``hint`` holds no float where orjson writes it without a
    callback: text, booleans, integers, dates, literals, attrs objects (each written through
    the callback) and tuples or unions of those."""
    origin = typing.get_origin(hint)
    if origin is typing.Literal:
        return all(not isinstance(arg, float) for arg in typing.get_args(hint))
    if origin in (types.UnionType, typing.Union, tuple):
        return all(_float_free(arg) for arg in typing.get_args(hint) if arg is not Ellipsis)
    return hint in (str, bool, int, dt.date, type(None)) or attrs.has(hint)


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
    if orjson is not None and indent in (None, 2):
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


def _check_items(items: Iterable[Any]) -> None:
    """Raise :class:`_NotExact` for a float Python writes with an exponent, or as ``NaN`` or
    ``Infinity``, among ``items`` and the plain containers in them (which orjson writes
    without a callback; frozen containers and attrs objects come to the callback)."""
    for item in items:
        kind = type(item)
        if kind is float:
            if item and not 1e-4 <= abs(item) < 1e16:  # also true for NaN and the infinities
                raise _NotExact(item)
        elif kind in _PLAIN:
            _check_items(item.values() if kind is dict else item)


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
    out = _default(value)
    _check_items(out if type(out) is list else ())  # a set, as a sorted list
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

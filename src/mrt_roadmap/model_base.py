"""The base of the attrs classes of this package: shared ``__repr__``, ``__eq__`` and ``__hash__``.

attrs generates and compiles these methods for every class, which is most of the cost of
importing some sixty classes. Classes here are declared ``@attrs.frozen(repr=False, eq=False)``
and inherit the methods below, which follow attrs' rules: ``repr`` prints
``Name(field=value, ...)`` for fields with ``repr=True``; equality compares, in order, the fields
with ``eq=True``, and only instances of the very same class; the hash covers the fields with
``hash=True`` (or ``hash=None`` and ``eq=True``), through their ``eq`` key if they have one.
The few classes hashed in the planner's inner loops keep attrs' compiled methods
(``@attrs.frozen(repr=False)``), which override these.

Free-form fields (``Milestone.details``, ``Requirement.params``, ``Credential.extra``) go through
:func:`frozen_mapping`, so nothing reachable from a roadmap, a plan state or the catalog can be
changed: dicts become read-only mappings over a private copy and lists become
:class:`FrozenList`, all the way down.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Set
from typing import Any

import attrs


class FrozenList(tuple[Any, ...]):
    """A list made read-only: a tuple of frozen items that also equals the list it came from
    (``details["accreditation"] == ["CAHIIM"]`` holds), so code comparing to lists still works.
    JSON writes it as an array."""

    __slots__ = ()

    def __new__(cls, items: Any = ()) -> FrozenList:
        return super().__new__(cls, [i if type(i) in _ATOMS else freeze(i) for i in items])

    def __eq__(self, other: object) -> bool:
        if isinstance(other, list):
            other = tuple(other)
        return tuple.__eq__(self, other)

    def __ne__(self, other: object) -> bool:
        return not self == other

    __hash__ = tuple.__hash__


class FrozenDict(dict[Any, Any]):
    """A read-only dict: every method that would change it raises ``TypeError``.

    A dict subclass rather than :class:`~types.MappingProxyType`, so the JSON encoder writes it
    in C without a callback, and pickle and ``copy`` need no process-wide registration. It is
    hashable when its values are."""

    __slots__ = ()

    def _read_only(self, *args: Any, **kwargs: Any) -> Any:
        raise TypeError(f"{type(self).__name__} is read-only; copy it with dict(...) to change it")

    __setitem__ = __delitem__ = __ior__ = _read_only
    clear = pop = popitem = setdefault = update = _read_only

    def __hash__(self) -> int:  # type: ignore[override]
        return hash(frozenset(self.items()))

    def __reduce__(self) -> tuple[Any, ...]:
        return (FrozenDict, (dict(self),))

    def __copy__(self) -> FrozenDict:
        return self

    def __deepcopy__(self, memo: Any) -> FrozenDict:
        return self


def freeze(value: Any) -> Any:
    """A deep read-only copy of ``value``: mappings become :class:`FrozenDict`, lists
    :class:`FrozenList`, tuples tuples of frozen items, sets frozensets; other values (str,
    numbers, dates, frozen attrs objects) are returned as they are."""
    kind = type(value)
    if kind in _ATOMS:
        return value
    if kind is dict or isinstance(value, Mapping):
        return FrozenDict({k: v if type(v) in _ATOMS else freeze(v) for k, v in value.items()})
    if kind is list:
        return FrozenList(value)
    if kind is tuple:
        return tuple([i if type(i) in _ATOMS else freeze(i) for i in value])
    if isinstance(value, list):
        return FrozenList(value)
    if isinstance(value, Set):
        return frozenset(value)
    return value


_ATOMS = frozenset({str, int, float, bool, type(None), dt.date, FrozenList})
"""Types :func:`freeze` returns as they are (a :class:`FrozenList`'s items are frozen already)."""


EMPTY: Mapping[str, Any] = FrozenDict()
"""The read-only empty mapping (the default of free-form fields)."""


def frozen_mapping(value: Mapping[str, Any]) -> Mapping[str, Any]:
    """attrs converter: a deep read-only copy of a free-form mapping (see :func:`freeze`)."""
    if value is EMPTY:
        return value
    frozen: Mapping[str, Any] = freeze(value)
    return frozen


def read_only_copy(value: Mapping[Any, Any]) -> Mapping[Any, Any]:
    """attrs converter: a read-only mapping over a shallow copy, for mappings whose values are
    immutable already (the catalog's definitions)."""
    return FrozenDict(value)


def thaw(value: Any) -> Any:
    """The JSON-ready (mutable) form of a frozen value: mappings to dicts, sequences to lists."""
    if isinstance(value, Mapping):
        return {key: thaw(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [thaw(item) for item in value]
    return value


_EQ: dict[type, tuple[tuple[str, Any], ...]] = {}
_HASH: dict[type, tuple[tuple[str, Any], ...]] = {}


def _eq_fields(cls: type) -> tuple[tuple[str, Any], ...]:
    found = _EQ.get(cls)
    if found is None:
        found = _EQ[cls] = tuple((a.name, a.eq_key) for a in attrs.fields(cls) if a.eq)
    return found


def _hash_fields(cls: type) -> tuple[tuple[str, Any], ...]:
    found = _HASH.get(cls)
    if found is None:
        found = _HASH[cls] = tuple(
            (a.name, a.eq_key)
            for a in attrs.fields(cls)
            if a.hash is True or (a.hash is None and a.eq)
        )
    return found


class Model:
    """Mixin for attrs classes: ``repr``, equality and hashing computed from the fields."""

    __slots__ = ()

    def __repr__(self) -> str:
        parts = []
        for field in attrs.fields(type(self)):  # type: ignore[arg-type]
            if field.repr is False:
                continue
            value = getattr(self, field.name)
            text = field.repr(value) if callable(field.repr) else repr(value)
            parts.append(f"{field.name}={text}")
        return f"{type(self).__qualname__}({', '.join(parts)})"

    def __eq__(self, other: object) -> bool:
        if other.__class__ is not self.__class__:
            return NotImplemented
        for name, key in _eq_fields(self.__class__):
            mine, theirs = getattr(self, name), getattr(other, name)
            if key is not None:
                mine, theirs = key(mine), key(theirs)
            if not mine == theirs:
                return False
        return True

    def __ne__(self, other: object) -> bool:
        result = self.__eq__(other)
        return result if result is NotImplemented else not result

    def __hash__(self) -> int:
        cls = self.__class__
        values = [cls.__module__, cls.__qualname__]
        for name, key in _hash_fields(cls):
            value = getattr(self, name)
            values.append(value if key is None else key(value))
        return hash(tuple(values))

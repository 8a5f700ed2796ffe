"""The base of the attrs classes of this package: shared ``__repr__``, ``__eq__`` and ``__hash__``.

attrs generates and compiles these methods for every class, which is most of the cost of
importing some sixty classes. Classes here are declared ``@attrs.frozen(repr=False, eq=False)``
and inherit the methods below, which follow attrs' rules: ``repr`` prints
``Name(field=value, ...)`` for fields with ``repr=True``; equality compares, in order, the fields
with ``eq=True``, and only instances of the very same class; the hash covers the fields with
``hash=True`` (or ``hash=None`` and ``eq=True``), through their ``eq`` key if they have one.
The few classes hashed in the planner's inner loops keep attrs' compiled methods
(``@attrs.frozen(repr=False)``), which override these.
"""

from __future__ import annotations

from typing import Any

import attrs

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

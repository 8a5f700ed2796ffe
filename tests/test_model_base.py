"""The shared ``__repr__`` prints exactly what attrs would generate."""

from __future__ import annotations

import datetime as dt

import attrs

from mrt_roadmap.model_base import Model


@attrs.frozen
class Generated:
    name: str
    when: dt.date | None = None
    items: tuple[int, ...] = ()
    hidden: str = attrs.field(default="secret", repr=False)
    shown: int = attrs.field(default=7, repr=lambda v: f"<{v}>")


@attrs.frozen(repr=False)
class Shared(Model):
    name: str
    when: dt.date | None = None
    items: tuple[int, ...] = ()
    hidden: str = attrs.field(default="secret", repr=False)
    shown: int = attrs.field(default=7, repr=lambda v: f"<{v}>")


@attrs.frozen(repr=False)
class Outer(Model):
    inner: Shared
    more: tuple[Shared, ...]


def test_same_text_as_attrs():
    for args in [("a",), ("b", dt.date(2026, 1, 2), (1, 2)), ('it\'s "quoted"', None, (), "x", 3)]:
        assert repr(Shared(*args)) == repr(Generated(*args)).replace("Generated", "Shared")


def test_nested_and_slotted():
    outer = Outer(Shared("a"), (Shared("b"),))
    assert repr(outer) == "Outer(inner=Shared(name='a', when=None, items=(), shown=<7>), " + (
        "more=(Shared(name='b', when=None, items=(), shown=<7>),))"
    )
    assert not hasattr(outer, "__dict__")

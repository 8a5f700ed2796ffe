"""The shared methods behave exactly as the ones attrs would generate."""

from __future__ import annotations

import datetime as dt
from typing import Any

import attrs
import pytest

from mrt_roadmap.model_base import Model


def fields() -> dict[str, Any]:
    """The same fields for both classes (fresh ones each time)."""
    return {
        "name": attrs.field(),
        "when": attrs.field(default=None),
        "items": attrs.field(default=()),
        "hidden": attrs.field(default="secret", repr=False),
        "shown": attrs.field(default=7, repr=lambda v: f"<{v}>"),
        "extra": attrs.field(factory=dict, eq=False, hash=False),
        "unhashed": attrs.field(default="u", hash=False),
        "folded": attrs.field(default="A", eq=str.lower),
    }


Generated = attrs.make_class("Generated", fields(), frozen=True)
Shared = attrs.make_class(
    "Shared", fields(), bases=(Model,), frozen=True, repr=False, eq=False, slots=True
)


@attrs.frozen(repr=False, eq=False)
class Other(Model):
    name: str


@attrs.frozen(repr=False, eq=False)
class Outer(Model):
    inner: Shared
    more: tuple[Shared, ...]


CASES = [
    ("a",),
    ("b", dt.date(2026, 1, 2), (1, 2)),
    ('it\'s "quoted"', None, (), "x", 3),
    ("a", None, (), "secret", 7, {"k": 1}),
    ("a", None, (), "secret", 7, {}, "other"),
    ("a", None, (), "secret", 7, {}, "u", "a"),
    ("a", None, (), "hidden differs"),
]


@pytest.mark.parametrize("args", CASES)
def test_repr_is_attrs_repr(args):
    assert repr(Shared(*args)) == repr(Generated(*args)).replace("Generated", "Shared")


@pytest.mark.parametrize("left", CASES)
@pytest.mark.parametrize("right", CASES)
def test_equality_and_hash_follow_attrs_rules(left, right):
    expected = Generated(*left) == Generated(*right)
    assert (Shared(*left) == Shared(*right)) is expected
    assert (Shared(*left) != Shared(*right)) is (not expected)
    # Both hash exactly the fields attrs hashes (through eq keys), so equal hashes coincide.
    same_hash = hash(Generated(*left)) == hash(Generated(*right))
    assert (hash(Shared(*left)) == hash(Shared(*right))) is same_hash


def test_only_the_same_class_compares_equal():
    assert Shared("a") != Other("a")
    assert Shared("a").__eq__(Other("a")) is NotImplemented
    assert Shared("a") != "a"
    assert len({Shared("a"), Shared("a", extra={"x": 1}), Shared("b")}) == 2


def test_nested_and_slotted():
    outer = Outer(Shared("a"), (Shared("b"),))
    inner = "name='{}', when=None, items=(), shown=<7>, extra={{}}, unhashed='u', folded='A'"
    expected = f"Outer(inner=Shared({inner.format('a')}), more=(Shared({inner.format('b')}),))"
    assert repr(outer) == expected
    assert outer == Outer(Shared("a"), (Shared("b"),))
    assert hash(outer) == hash(Outer(Shared("a"), (Shared("b"),)))
    assert not hasattr(outer, "__dict__")

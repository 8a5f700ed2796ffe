"""orjson (the optional ``fast`` extra) writes a roadmap's JSON byte for byte as ``json.dumps``
does, or is not used for that roadmap."""

from __future__ import annotations

import collections
import datetime as dt
import enum
import json
import types
import uuid
from typing import Any

import attrs
import pytest
from example_files import ALL_PROFILES
from fuzzing import plausible_profiles
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from mrt_roadmap.formats import json_format
from mrt_roadmap.planner import Planner
from mrt_roadmap.pluginmanager import PluginHost
from mrt_roadmap.profile import profile_from_dict
from mrt_roadmap.roadmap import Cost, Roadmap

pytestmark = pytest.mark.skipif(
    json_format.orjson is None, reason="orjson (the fast extra) is not installed"
)

PLANNER = Planner(PluginHost(load_entrypoints=True))  # every installed plugin: their details too


def both_ways(roadmap: Roadmap, monkeypatch: pytest.MonkeyPatch) -> list[tuple[str, str]]:
    """(orjson path, json.dumps path) for the compact and the indented form."""
    fast = [json_format.to_json(roadmap), json_format.to_json(roadmap, indent=2)]
    with monkeypatch.context() as patch:
        patch.setattr(json_format, "orjson", None)
        plain = [json_format.to_json(roadmap), json_format.to_json(roadmap, indent=2)]
    return list(zip(fast, plain, strict=True))


def stdlib_refuses(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*args: Any, **kwargs: Any) -> str:
        raise AssertionError("json.dumps was used")

    monkeypatch.setattr(json_format.json, "dumps", refuse)


@pytest.mark.parametrize("name", ALL_PROFILES)
def test_every_example_is_written_by_orjson_with_the_same_bytes(
    name: str, example: Any, monkeypatch: pytest.MonkeyPatch
):
    roadmap = PLANNER.plan(profile_from_dict(example(name)))
    written = both_ways(roadmap, monkeypatch)
    for fast, plain in written:
        assert fast == plain
    stdlib_refuses(monkeypatch)  # the fast path wrote them: json.dumps is not called
    assert json_format.to_json(roadmap) == written[0][0]
    assert json_format.to_json(roadmap, indent=2) == written[1][0]


@settings(max_examples=60, deadline=None, suppress_health_check=list(HealthCheck))
@given(plausible_profiles())
def test_generated_profiles_give_the_same_bytes(data: Any):
    try:
        roadmap = PLANNER.plan(profile_from_dict(data))
    except Exception:  # a profile the library rejects has no roadmap to write
        return
    with pytest.MonkeyPatch.context() as monkeypatch:
        for fast, plain in both_ways(roadmap, monkeypatch):
            assert fast == plain


class Kind(str, enum.Enum):  # noqa: UP042 (its str() is "Kind.EXAM", not the value)
    EXAM = "exam"


class Level(enum.IntEnum):
    TWO = 2


JSON_VALUES = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(min_value=-(2**70), max_value=2**70)
    | st.floats(allow_nan=True, allow_infinity=True)
    | st.text()
    | st.dates()
    | st.sampled_from([Kind.EXAM, Level.TWO, 1e-5, 2.5e-300, 1e16, 123456789012345678.0, -0.0]),
    lambda inner: (
        st.lists(inner, max_size=4)
        | st.tuples(inner, inner)
        | st.dictionaries(st.text(max_size=5) | st.integers(0, 9), inner, max_size=4)
    ),
    max_leaves=12,
)


@settings(max_examples=300, deadline=None, suppress_health_check=list(HealthCheck))
@given(details=st.dictionaries(st.text(max_size=8), JSON_VALUES, max_size=5), amount=JSON_VALUES)
def test_any_details_and_amounts_give_the_same_bytes_or_the_stdlib_path(details: Any, amount: Any):
    """Details come from plugins (any JSON-like value); amounts are floats the planner computes.
    Whatever orjson would write differently (exponents, NaN, big integers, non-text keys, lone
    surrogates) must send the roadmap to json.dumps, never change a byte."""
    base = PLANNER.plan(profile_from_dict(_p5()))
    first = base.milestones[0]
    changed = attrs.evolve(
        first,
        details=details,
        cost=Cost(amount, "tested") if amount is None or type(amount) is float else first.cost,
    )
    roadmap = attrs.evolve(base, milestones=(changed, *base.milestones[1:]))
    fast, plain = [], []
    with pytest.MonkeyPatch.context() as monkeypatch:
        for f, p in _both_or_error(roadmap, monkeypatch):
            fast.append(f)
            plain.append(p)
    assert fast == plain


def _both_or_error(roadmap: Roadmap, monkeypatch: pytest.MonkeyPatch) -> list[tuple[Any, Any]]:
    """Like :func:`both_ways`, with an error's type standing for output on both sides."""
    out = []
    for indent in (None, 2):
        sides = []
        for use_orjson in (True, False):
            with monkeypatch.context() as patch:
                if not use_orjson:
                    patch.setattr(json_format, "orjson", None)
                try:
                    sides.append(json_format.to_json(roadmap, indent=indent))
                except (TypeError, ValueError) as error:
                    sides.append(type(error))
        out.append((sides[0], sides[1]))
    return out


def _p5() -> dict[str, Any]:
    from mrt_roadmap.testing import example_profile

    return example_profile("p5-working-rhit-to-rhia")


def test_tiny_and_huge_floats_fall_back_to_json_dumps(monkeypatch: pytest.MonkeyPatch):
    base = PLANNER.plan(profile_from_dict(_p5()))
    for value in (1e-5, 1e16, float("nan"), float("inf")):
        changed = attrs.evolve(base.milestones[0], details={"x": [{"y": (value,)}]})
        roadmap = attrs.evolve(base, milestones=(changed, *base.milestones[1:]))
        fast, plain = both_ways(roadmap, monkeypatch)[0]
        assert fast == plain
        assert json.dumps(value) in fast  # Python's own spelling, e.g. 1e-05


def test_milestone_dates_and_enums_are_written_as_json_dumps_writes_them(
    monkeypatch: pytest.MonkeyPatch,
):
    base = PLANNER.plan(profile_from_dict(_p5()))
    details = {"when": dt.date(99, 1, 2), "kind": Kind.EXAM, "level": Level.TWO, "n": 3}
    changed = attrs.evolve(base.milestones[0], details=details)
    roadmap = attrs.evolve(base, milestones=(changed, *base.milestones[1:]))
    written = both_ways(roadmap, monkeypatch)
    for fast, plain in written:
        assert fast == plain
    assert '"when":"0099-01-02","kind":"exam","level":2' in written[0][0]


def test_an_unknown_object_is_refused_as_json_dumps_refuses_it():
    base = PLANNER.plan(profile_from_dict(_p5()))
    changed = attrs.evolve(base.milestones[0], details={"x": object()})
    roadmap = attrs.evolve(base, milestones=(changed, *base.milestones[1:]))
    with pytest.raises(TypeError, match="object is not JSON serializable"):
        json_format.to_json(roadmap)


class Tiny(float, enum.Enum):
    A = 2.5e-5


class Color(enum.Enum):
    RED = 1


@attrs.frozen
class Box:
    """A plugin's own attrs class in details: its declared types are not trusted."""

    n: int
    m: Any = None


NamedPair = collections.namedtuple("NamedPair", "a b")


@pytest.mark.parametrize(
    "details",
    [
        {"x": Tiny.A},  # orjson would write the enum's value as 0.000025
        {"x": [Kind.EXAM, Level.TWO]},  # enums in a plain list
        {"x": Box(1e-5)},  # a float in a field declared int
        {"x": Box(1, types.MappingProxyType({"v": 1e-5}))},  # a mapping through the callback
        {"x": NamedPair(types.MappingProxyType({"v": 1e-5}), 1)},
        {"x": (1.5, [2.5, {"y": 1e-7}])},
    ],
    ids=[
        "float-enum",
        "enums-in-list",
        "lying-field",
        "mapping-in-attrs",
        "mapping-in-tuple",
        "nested-tiny",
    ],
)
def test_values_orjson_writes_its_own_way_go_to_json_dumps(details: Any, monkeypatch):
    base = PLANNER.plan(profile_from_dict(_p5()))
    roadmap = attrs.evolve(
        base, milestones=(attrs.evolve(base.milestones[0], details=details), *base.milestones[1:])
    )
    for fast, plain in both_ways(roadmap, monkeypatch):
        assert fast == plain


def test_a_float_enum_total_cost_is_written_as_json_dumps_writes_it(monkeypatch):
    roadmap = attrs.evolve(PLANNER.plan(profile_from_dict(_p5())), total_cost=Tiny.A)
    for fast, plain in both_ways(roadmap, monkeypatch):
        assert fast == plain
    assert '"total_cost":2.5e-05' in json_format.to_json(roadmap)


@pytest.mark.parametrize("value", [Color.RED, uuid.UUID(int=1)], ids=["enum", "uuid"])
def test_what_json_dumps_refuses_is_refused_with_orjson_too(value: Any, monkeypatch):
    base = PLANNER.plan(profile_from_dict(_p5()))
    roadmap = attrs.evolve(
        base,
        milestones=(attrs.evolve(base.milestones[0], details={"x": value}), *base.milestones[1:]),
    )
    for indent in (None, 2):
        with pytest.raises(TypeError, match="not JSON serializable"):
            json_format.to_json(roadmap, indent=indent)
        with monkeypatch.context() as patch:
            patch.setattr(json_format, "orjson", None)
            with pytest.raises(TypeError, match="not JSON serializable"):
                json_format.to_json(roadmap, indent=indent)


def test_only_an_int_indent_of_two_uses_orjson(monkeypatch):
    roadmap = PLANNER.plan(profile_from_dict(_p5()))
    with pytest.raises(TypeError):  # as json.dumps: a float indent is refused
        json_format.to_json(roadmap, indent=2.0)  # type: ignore[arg-type]
    assert (
        json_format.to_json(roadmap, indent=4)
        == json.dumps(json.loads(json_format.to_json(roadmap)), indent=4, ensure_ascii=False) + "\n"
    )

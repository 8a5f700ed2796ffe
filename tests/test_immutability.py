"""Nothing a caller or a plugin receives can change later plans: roadmaps, plan states, holdings,
profiles and catalog definitions are immutable all the way down."""

from __future__ import annotations

import copy
import datetime as dt
import pickle
from collections.abc import Callable, Iterator, Mapping
from typing import Any

import attrs
import pytest
from example_files import ALL_PROFILES, BUILTIN_PROFILES

from mrt_roadmap import hookimpl
from mrt_roadmap.formats.json_format import from_dict, to_dict, to_json
from mrt_roadmap.model_base import FrozenDict, FrozenList, freeze
from mrt_roadmap.planner import Planner
from mrt_roadmap.pluginmanager import PluginHost
from mrt_roadmap.profile import profile_from_dict
from mrt_roadmap.roadmap import Milestone, Reason
from mrt_roadmap.testing import example_profile, make_planner

ATOMS = (str, bytes, int, float, bool, type(None), dt.date, frozenset)


def reachable(root: object) -> Iterator[object]:
    """Every object reachable from ``root`` through attrs fields, mappings and sequences."""
    seen: set[int] = set()
    stack = [root]
    while stack:
        obj = stack.pop()
        if isinstance(obj, ATOMS) or id(obj) in seen:
            continue
        seen.add(id(obj))
        yield obj
        if attrs.has(type(obj)):
            stack.extend(getattr(obj, f.name) for f in attrs.fields(type(obj)))
        elif isinstance(obj, Mapping):
            stack.extend(obj.keys())
            stack.extend(obj.values())
        elif isinstance(obj, list | tuple | set):
            stack.extend(obj)


def _attempts(obj: Any) -> list[Callable[[], object]]:
    """Ways to change ``obj`` in place (each should raise)."""
    if attrs.has(type(obj)):
        return [
            lambda name=f.name: setattr(obj, name, getattr(obj, name))
            for f in attrs.fields(type(obj))
        ]
    if isinstance(obj, Mapping):
        key = next(iter(obj), "key")
        return [
            lambda: obj.__setitem__(key, None),
            lambda: obj.__delitem__(key),
            lambda: obj.update({}),
            lambda: obj.setdefault("new", 1),
            lambda: obj.clear(),
        ]
    return [
        lambda: obj.__setitem__(0, None),
        lambda: obj.append(None),
        lambda: obj.extend(()),
        lambda: obj.add(None),
        lambda: obj.clear(),
    ]


def mutate_everything(root: object) -> tuple[int, list[str]]:
    """Try to change every object reachable from ``root``: how many were tried, and which
    could be changed (those changes really happen: that is the point)."""
    tried, changed = 0, []
    for obj in list(reachable(root)):
        tried += 1
        for attempt in _attempts(obj):
            try:
                attempt()
            except (TypeError, AttributeError):
                continue
            changed.append(f"{type(obj).__name__}: {obj!r:.80}")
            break
    return tried, changed


@pytest.fixture(scope="module")
def planner() -> Planner:
    return Planner(PluginHost())


@pytest.mark.parametrize("name", ALL_PROFILES)
def test_nothing_reachable_from_a_roadmap_can_be_changed(planner: Planner, name: str) -> None:
    profile = profile_from_dict(example_profile(name))
    roadmap = planner.plan(profile)
    before = to_json(roadmap)
    assert sum(isinstance(o, FrozenDict) for o in reachable(roadmap)) > 0, "no details?"
    tried, changed = mutate_everything(roadmap)
    assert tried > 50
    assert changed == []
    assert to_json(roadmap) == before
    assert to_json(planner.plan(profile)) == before  # and the next plan is the same


def test_catalog_and_profiles_cannot_be_changed(planner: Planner) -> None:
    tried, changed = mutate_everything(planner.catalog)
    assert tried > 500
    assert changed == []


def test_frozen_values_still_read_compare_serialise_and_pickle_as_before() -> None:
    data = {"a": [1, {"b": [2, 3]}], "c": {"d": None}, "e": (4,)}
    frozen = freeze(data)
    assert frozen == data
    assert frozen["a"] == [1, {"b": [2, 3]}]
    assert isinstance(frozen["a"], FrozenList)
    assert isinstance(frozen["c"], FrozenDict)
    data["a"][1]["b"].append(99)  # the original is copied, not wrapped
    assert frozen["a"][1]["b"] == [2, 3]
    milestone = Milestone("x", "job", "X", dt.date(2026, 1, 1), dt.date(2026, 1, 1), details=data)
    assert pickle.loads(pickle.dumps(milestone)).details == milestone.details
    assert copy.deepcopy(milestone).details == milestone.details
    roadmap = make_planner().plan(profile_from_dict(example_profile(BUILTIN_PROFILES[0])))
    assert to_json(from_dict(to_dict(roadmap))) == to_json(roadmap)


class Vandal:
    """A plugin that tries to change everything its hooks receive, and keeps what it returned."""

    PLUGIN_NAME = "vandal"

    def __init__(self) -> None:
        self.changed: list[str] = []
        self.tried = 0
        self.returned: list[dict[str, Any]] = []

    def _vandalise(self, *roots: object) -> None:
        for root in roots:
            tried, changed = mutate_everything(root)
            self.tried += tried
            self.changed += changed

    @hookimpl
    def mrt_roadmap_maintenance(self, credentials: Any, profile: Any) -> list[Milestone]:
        self._vandalise(credentials, profile)
        for details in self.returned:  # what it handed back last time, changed afterwards
            details["note"] = "changed after returning"
            details["list"].append("changed")
        details = {"note": "as returned", "list": ["as returned"]}
        self.returned.append(details)
        day = dt.date(2030, 1, 1)
        why = (Reason("a note of the vandal plugin", verified=False),)
        return [Milestone("vandal.note", "advancement", "Note", day, day, why=why, details=details)]

    @hookimpl
    def mrt_roadmap_milestones(self, profile: Any, roadmap: Any) -> list[Milestone]:
        self._vandalise(profile, roadmap)
        return []


@pytest.mark.parametrize("name", BUILTIN_PROFILES)
def test_a_plugin_cannot_change_later_plans(name: str) -> None:
    vandal = Vandal()
    planner = make_planner(vandal, strict=False)
    profile = profile_from_dict(example_profile(name))
    first = planner.plan(profile)
    first_json = to_json(first)
    assert not first.warnings or all(w.code != "plugin-failed" for w in first.warnings)
    for _ in range(2):
        assert to_json(planner.plan(profile)) == first_json
    assert to_json(first) == first_json  # the first roadmap did not change either
    assert first.milestone("vandal.note").details == {
        "note": "as returned",
        "list": ["as returned"],
    }
    assert vandal.tried > 100
    assert vandal.changed == []
    assert profile == profile_from_dict(example_profile(name))
    assert dict(profile.plugins) == example_profile(name).get("plugins", {})

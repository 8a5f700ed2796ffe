"""A long-lived planner stays bounded in memory and is safe to share between threads."""

from __future__ import annotations

import datetime as dt
import gc
import sys
import threading
import weakref
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import attrs
import pytest
from example_files import ALL_PROFILES

from mrt_roadmap.context import SHARED_MEMO_SIZE, Context, SharedMemo
from mrt_roadmap.formats.json_format import to_json
from mrt_roadmap.planner import Planner
from mrt_roadmap.pluginmanager import PluginHost
from mrt_roadmap.profile import Profile, profile_from_dict
from mrt_roadmap.roadmap import Roadmap
from mrt_roadmap.state import PlanState
from mrt_roadmap.testing import example_profile

PROFILES = 5000
"""Distinct profiles planned on one planner (about 6 s on two slow cores)."""


def make_planner() -> Planner:
    """A planner with every installed plugin (some examples need one)."""
    return Planner(PluginHost())


def variants(count: int) -> Iterator[Profile]:
    """``count`` distinct profiles made from the bundled examples: as-of dates, names and weekly
    study hours vary (built with ``attrs.evolve``, so only planning costs time)."""
    bases = [profile_from_dict(example_profile(name)) for name in ALL_PROFILES]
    for i in range(count):
        base = bases[i % len(bases)]
        assert base.as_of is not None
        hours = 6 + (i * 7) % 25
        yield attrs.evolve(
            base,
            id=f"{base.id}-{i}",
            name=f"Variant {i}",
            as_of=base.as_of + dt.timedelta(days=(i // len(bases)) % 1500),
            availability=attrs.evolve(base.availability, study_hours_per_week=hours),
        )


def test_memo_stays_within_its_bound_over_thousands_of_profiles() -> None:
    planner = make_planner()
    sizes = []
    for i, profile in enumerate(variants(PROFILES)):
        planner.plan(profile)
        if i % 500 == 499:
            sizes.append(len(planner.shared))
    assert max(sizes) <= SHARED_MEMO_SIZE
    assert sizes[-1] == SHARED_MEMO_SIZE  # the bound was reached, so entries were evicted
    # What else the planner keeps is one entry per rule id of the catalog: it stopped growing.
    owners = len(planner._owners)
    for profile in variants(200):
        planner.plan(profile)
    assert len(planner._owners) == owners < 500


class _Recording(Planner):
    """A planner that records each plan's context (weakly) and its memo's size at the end."""

    contexts: list[weakref.ref[Context]]
    memo_sizes: list[int]

    def _finish(self, profile: Profile, ctx: Context, state: PlanState, goals: Any) -> Roadmap:
        self.contexts.append(weakref.ref(ctx))
        self.memo_sizes.append(len(ctx.memo))
        return super()._finish(profile, ctx, state, goals)


def test_the_per_plan_memo_is_freed_when_plan_returns() -> None:
    planner = _Recording(PluginHost())
    planner.contexts, planner.memo_sizes = [], []
    for name in ALL_PROFILES:
        planner.plan(profile_from_dict(example_profile(name)))
    gc.collect()
    assert max(planner.memo_sizes) > 0  # the memo was used...
    assert [ref() for ref in planner.contexts] == [None] * len(ALL_PROFILES)  # ...and is gone
    assert all(key[0] != "schedule" for key in planner.shared._entries)


def test_shared_memo_is_a_bounded_lru() -> None:
    memo = SharedMemo(maxsize=3)
    calls: list[str] = []

    def get(key: str) -> str:
        def compute() -> str:
            calls.append(key)
            return key.upper()

        return memo.get(key, compute)

    assert [get(k) for k in "abc"] == ["A", "B", "C"]
    assert get("a") == "A"  # a hit: "a" becomes the most recently used
    get("d")  # evicts "b", the least recently used
    assert len(memo) == 3
    get("a")
    get("b")
    assert calls == ["a", "b", "c", "d", "b"]


def test_shared_memo_under_contention() -> None:
    memo = SharedMemo(maxsize=50)
    errors: list[BaseException] = []

    def work(seed: int) -> None:
        try:
            for i in range(3000):
                key = (seed * 7 + i) % 200
                assert memo.get(key, lambda k=key: k * 2) == key * 2
        except BaseException as exc:  # reported by the main thread
            errors.append(exc)

    threads = [threading.Thread(target=work, args=(n,)) for n in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    assert len(memo) <= 50


@pytest.fixture
def frequent_switches() -> Iterator[None]:
    """Make threads switch far more often than usual, so races have a chance to show."""
    before = sys.getswitchinterval()
    sys.setswitchinterval(1e-5)
    try:
        yield
    finally:
        sys.setswitchinterval(before)


@pytest.mark.usefixtures("frequent_switches")
def test_one_planner_shared_by_eight_threads_plans_as_it_does_alone() -> None:
    profiles = [profile_from_dict(example_profile(name)) for name in ALL_PROFILES]
    expected = [to_json(make_planner().plan(p)) for p in profiles]
    planner = make_planner()
    planner.shared = SharedMemo(maxsize=16)  # small: threads also race on evictions
    jobs = [i for _ in range(6) for i in range(len(profiles))]
    with ThreadPoolExecutor(max_workers=8) as pool:
        results = list(pool.map(lambda i: (i, to_json(planner.plan(profiles[i]))), jobs))
    assert len(results) == len(jobs)
    for i, text in results:
        assert text == expected[i], ALL_PROFILES[i]

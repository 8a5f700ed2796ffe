from __future__ import annotations

import datetime as dt
import multiprocessing
from concurrent.futures import ProcessPoolExecutor, ThreadPoolExecutor

import pytest

from mrt_roadmap.batch import plan_many
from mrt_roadmap.formats.json_format import to_json
from mrt_roadmap.testing import example_profile


@pytest.fixture(autouse=True)
def builtins_only(monkeypatch):
    monkeypatch.setenv("MRT_ROADMAP_LOAD_PLUGINS", "")


def batch() -> list:
    good = example_profile("demo-new-learner")
    return [
        good,
        {"id": "bad", "availability": {"study_hours_per_week": -3}},
        "not a profile",
        dict(good, id="second"),
    ]


def check(results: list) -> None:
    assert [r.index for r in results] == [0, 1, 2, 3]
    assert [r.ok for r in results] == [True, False, False, True]
    assert results[0].roadmap.goals[0].reached_on == dt.date(2029, 5, 4)
    assert results[1].profile_id == "bad"
    assert [p.path for p in results[1].problems] == ["$.availability.study_hours_per_week"]
    assert results[2].problems[0].path == "$"
    assert results[3].roadmap.profile_id == "second"


def test_in_this_thread():
    check(list(plan_many(batch())))


def test_on_threads_with_a_small_window():
    with ThreadPoolExecutor(max_workers=2) as pool:
        check(list(plan_many(batch(), executor=pool, chunk=1)))


def test_on_processes_gives_the_same_roadmaps():
    with ProcessPoolExecutor(
        max_workers=2, mp_context=multiprocessing.get_context("spawn")
    ) as pool:
        remote = list(plan_many(batch(), executor=pool))
    check(remote)
    local = list(plan_many(batch()))
    assert to_json(remote[0].roadmap) == to_json(local[0].roadmap)

"""Cohorts on a local Dask ``distributed`` cluster: the chunked bag path writes its results from
the workers, and ``plan_many`` runs on the client's executor; both give what planning each
profile alone gives."""

from __future__ import annotations

import copy
import json
from pathlib import Path

import pytest

import mrt_roadmap
from mrt_roadmap.testing import example_profile

db = pytest.importorskip("dask.bag")
distributed = pytest.importorskip("distributed")

NAMES = ["demo-new-learner", "p1-career-changer-rhia", "p5-working-rhit-to-rhia", "p8-rhia-to-chps"]


def cohort(size: int) -> list[dict[str, object]]:
    out = []
    for i in range(size):
        data = copy.deepcopy(example_profile(NAMES[i % len(NAMES)]))
        data["id"] = f"{data['id']}-{i}"
        out.append(data)
    return out


@pytest.fixture(scope="module")
def client():
    cluster = distributed.LocalCluster(
        n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None
    )
    with distributed.Client(cluster) as c:
        yield c
    cluster.close()


def test_a_bag_of_profiles_is_planned_on_the_workers(client, tmp_path: Path):
    from mrt_roadmap.dask import plan_bag

    profiles = cohort(24)
    planner = mrt_roadmap.Planner()
    bag = db.from_sequence([json.dumps(p).encode() for p in profiles], npartitions=4)
    out = tmp_path / "out"
    plan_bag(bag, planner).to_textfiles(str(out / "part-*.jsonl"), compute=True)
    lines = [
        line
        for part in sorted(out.glob("part-*.jsonl"), key=lambda p: int(p.stem.split("-")[1]))
        for line in part.read_text(encoding="utf-8").splitlines()
    ]
    assert len(lines) == 24
    for line, profile in zip(lines, profiles, strict=True):
        assert line == mrt_roadmap.export(planner.plan(profile), planner=planner)


def test_plan_many_runs_on_the_clients_executor(client):
    profiles = cohort(8)
    planner = mrt_roadmap.Planner()
    results = list(planner.plan_many(profiles, executor=client.get_executor()))
    assert [r.ok for r in results] == [True] * 8
    for result, profile in zip(results, profiles, strict=True):
        assert mrt_roadmap.export(result.roadmap, planner=planner) == mrt_roadmap.export(
            planner.plan(profile), planner=planner
        )

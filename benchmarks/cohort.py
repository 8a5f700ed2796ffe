"""Cohort throughput: ``mrt-roadmap batch`` in one process vs two worker processes, and the Dask
bag path vs the process pool, on a generated cohort of distinct profiles.

    .venv/bin/python benchmarks/cohort.py [--profiles N]

Prints profiles per second for each, and the ratios (issue 13: 2 workers >= 1.8x one; Dask
>= 0.9x the process pool).
"""

from __future__ import annotations

import argparse
import copy
import json
import os
import tempfile
import time
from pathlib import Path

import mrt_roadmap
from mrt_roadmap.batch_lines import BatchSettings, plan_lines

EXAMPLES = Path(__file__).resolve().parents[1] / "examples" / "profiles"


def cohort(size: int) -> list[bytes]:
    bases = [json.loads(p.read_text()) for p in sorted(EXAMPLES.glob("*.json"))]
    out = []
    for i in range(size):
        data = copy.deepcopy(bases[i % len(bases)])
        data["id"] = f"{data['id']}-{i}"
        data["availability"]["study_hours_per_week"] = 6 + i % 30
        out.append(json.dumps(data).encode())
    return out


def rate(planner: mrt_roadmap.Planner, raw: list[bytes], workers: int) -> float:
    start = time.perf_counter()
    done = sum(1 for _ in plan_lines(iter(raw), planner, BatchSettings(), workers=workers))
    return done / (time.perf_counter() - start)


def dask_rate(planner: mrt_roadmap.Planner, raw: list[bytes]) -> float | None:
    try:
        import dask.bag as db
        import distributed
    except ImportError:
        return None
    from mrt_roadmap.dask import plan_bag

    cluster = distributed.LocalCluster(
        n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None
    )
    with distributed.Client(cluster):
        plan_bag(db.from_sequence(raw[:64], npartitions=2), planner).compute()  # warm up
        with tempfile.TemporaryDirectory() as folder:
            start = time.perf_counter()
            bag = db.from_sequence(raw, npartitions=16)
            plan_bag(bag, planner).to_textfiles(os.path.join(folder, "part-*.jsonl"))
            took = time.perf_counter() - start
    cluster.close()
    return len(raw) / took


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--profiles", type=int, default=4000)
    args = parser.parse_args()
    raw = cohort(args.profiles)
    planner = mrt_roadmap.Planner()
    one = rate(planner, raw, 1)
    two = rate(planner, raw, 2)
    print(
        f"batch  one process {one:.0f} profiles/s; two workers {two:.0f} profiles/s -> "
        f"{two / one:.2f}x (target >= 1.8x)"
    )
    dask = dask_rate(planner, raw)
    if dask is not None:
        print(
            f"dask   bag on 2 workers {dask:.0f} profiles/s vs process pool {two:.0f} -> "
            f"{dask / two:.2f}x (target >= 0.9x)"
        )


if __name__ == "__main__":
    main()

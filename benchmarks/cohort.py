"""Cohort throughput: ``mrt-roadmap batch`` in one process vs two worker processes, and the Dask
bag path vs the process pool, on a generated cohort of distinct profiles.

    .venv/bin/python benchmarks/cohort.py [--profiles N] [--rounds R] [--scale SMALL LARGE]

Rounds alternate between the sides (one process, two workers, Dask), so all see the same
machine load; prints the median profiles per second of each, and the ratios (issue 13: 2 workers >= 1.8x one; Dask
>= 0.9x the process pool). With ``--scale``, also runs the ``mrt-roadmap batch`` command (two
workers) on generated JSON Lines files of SMALL and LARGE profiles (e.g. 10000 100000) and
reports profiles per second per core and the peak resident memory of its processes (the
command and each worker), LARGE against SMALL (target <= 1.1x).
"""

from __future__ import annotations

import argparse
import contextlib
import copy
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import NamedTuple

import mrt_roadmap
from mrt_roadmap.batch_lines import BatchSettings, plan_lines

EXAMPLES = Path(__file__).resolve().parents[1] / "examples" / "profiles"


def cohort(size: int, first: int = 0) -> list[bytes]:
    """``size`` distinct profiles (the examples with other ids and study hours), as JSON."""
    bases = [json.loads(p.read_text()) for p in sorted(EXAMPLES.glob("*.json"))]
    out = []
    for i in range(first, first + size):
        data = copy.deepcopy(bases[i % len(bases)])
        data["id"] = f"{data['id']}-{i}"
        data["availability"]["study_hours_per_week"] = 6 + i % 30
        out.append(json.dumps(data).encode())
    return out


def rate(planner: mrt_roadmap.Planner, raw: list[bytes], workers: int) -> float:
    start = time.perf_counter()
    done = sum(1 for _ in plan_lines(iter(raw), planner, BatchSettings(), workers=workers))
    return done / (time.perf_counter() - start)


@contextlib.contextmanager
def dask_rater(planner: mrt_roadmap.Planner) -> Iterator[Callable[[list[bytes]], float] | None]:
    """A function timing the Dask bag path on a local two-process cluster (started once, warm),
    or ``None`` without the dask extra."""
    try:
        import dask.bag as db
        import distributed
    except ImportError:
        yield None
        return
    from mrt_roadmap.dask import plan_bag

    cluster = distributed.LocalCluster(
        n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None
    )
    with distributed.Client(cluster), tempfile.TemporaryDirectory() as folder:

        def dask_rate(raw: list[bytes]) -> float:
            start = time.perf_counter()
            bag = db.from_sequence(raw, npartitions=16)
            plan_bag(bag, planner).to_textfiles(os.path.join(folder, "part-*.jsonl"))
            return len(raw) / (time.perf_counter() - start)

        dask_rate(raw=cohort(64))  # warm up: every worker builds its planner
        yield dask_rate
    cluster.close()


_PEAK_RSS = (
    "import resource, subprocess, sys\n"
    "subprocess.run(sys.argv[1:], check=True)\n"
    "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)\n"
)
"""Runs a command and prints the peak RSS (KiB) of the largest of its processes, waited for."""


class ScaleRun(NamedTuple):
    profiles: int
    seconds: float
    peak_rss_mib: float


def batch_at_scale(size: int, folder: Path, workers: int = 2) -> ScaleRun:
    """``mrt-roadmap batch`` (``workers`` processes) on a generated file of ``size`` profiles."""
    source = folder / f"cohort-{size}.jsonl"
    with source.open("wb") as out:
        for start in range(0, size, 10_000):
            out.writelines(line + b"\n" for line in cohort(min(10_000, size - start), start))
    exe = Path(sys.executable).with_name("mrt-roadmap")
    command = [str(exe), "batch", str(source), "-o", os.devnull, "--no-progress"]
    command += ["--workers", str(workers), "--summary", str(folder / f"summary-{size}.json")]
    began = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-c", _PEAK_RSS, *command], check=True, capture_output=True, text=True
    )
    took = time.perf_counter() - began
    source.unlink()
    return ScaleRun(size, took, int(done.stdout.split()[-1]) / 1024)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--profiles", type=int, default=4000, help="profiles per round")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--scale", type=int, nargs=2, metavar=("SMALL", "LARGE"))
    args = parser.parse_args()
    if args.scale:
        with tempfile.TemporaryDirectory() as folder:
            small, large = (batch_at_scale(n, Path(folder)) for n in args.scale)
        for run in (small, large):
            print(
                f"scale  mrt-roadmap batch --workers 2, {run.profiles:,} profiles: "
                f"{run.seconds:.1f} s, {run.profiles / run.seconds / 2:.0f} profiles/s/core, "
                f"peak RSS {run.peak_rss_mib:.1f} MiB"
            )
        print(
            f"scale  peak RSS {large.profiles:,} vs {small.profiles:,} profiles -> "
            f"{large.peak_rss_mib / small.peak_rss_mib:.2f}x (target <= 1.1x)"
        )
        return
    raw = cohort(args.profiles)
    planner = mrt_roadmap.Planner()
    rate(planner, raw[:200], 2)  # warm up: worker start-up is not throughput
    ones, twos, dasks = [], [], []
    with dask_rater(planner) as dask_rate:
        for _ in range(args.rounds):  # alternating rounds: all sides see the same machine load
            ones.append(rate(planner, raw, 1))
            twos.append(rate(planner, raw, 2))
            if dask_rate is not None:
                dasks.append(dask_rate(raw))
    one, two = statistics.median(ones), statistics.median(twos)
    print(
        f"batch  one process {one:.0f} profiles/s; two workers {two:.0f} profiles/s -> "
        f"{two / one:.2f}x [rounds: {', '.join(f'{t / o:.2f}' for o, t in zip(ones, twos, strict=True))}] "
        "(target >= 1.8x)"
    )
    if dasks:
        dask = statistics.median(dasks)
        print(
            f"dask   bag on 2 workers {dask:.0f} profiles/s vs process pool {two:.0f} -> "
            f"{dask / two:.2f}x [rounds: {', '.join(f'{d / t:.2f}' for t, d in zip(twos, dasks, strict=True))}] "
            "(target >= 0.9x)"
        )


if __name__ == "__main__":
    main()

"""Load driver for the web example: many ``http.client`` threads, every answer checked.

Used by ``tests/test_webapp.py``; run it alone for figures::

    .venv/bin/python tests/webapp_load.py [requests] [clients] [port]

With ``port``, it drives a server already running on 127.0.0.1:port (a separate process, so
the clients do not compete with it for the GIL); without, it starts one in this process.
"""

from __future__ import annotations

import http.client
import json
import statistics
import sys
import threading
import time
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

HEADERS = {"Content-Type": "application/json"}


@dataclass(frozen=True)
class Job:
    """One request: the profile body, and the profile id expected back (``None``: a 400)."""

    path: str
    body: bytes
    profile_id: str | None


@dataclass
class Report:
    """What the clients saw."""

    statuses: Counter[int] = field(default_factory=Counter)
    errors: list[str] = field(default_factory=list)  # resets, time-outs, invalid answers
    latencies: list[float] = field(default_factory=list)
    seconds: float = 0.0

    def percentile(self, p: float) -> float:
        ordered = sorted(self.latencies)
        return ordered[min(len(ordered) - 1, int(p / 100 * len(ordered)))] if ordered else 0.0

    def summary(self) -> str:
        return (
            f"{len(self.latencies)} requests in {self.seconds:.2f} s; statuses {dict(self.statuses)}; "
            f"errors {len(self.errors)}; latency p50 {statistics.median(self.latencies) * 1000:.0f} ms, "
            f"p99 {self.percentile(99) * 1000:.0f} ms, max {max(self.latencies) * 1000:.0f} ms"
        )


def check(job: Job, status: int, body: bytes) -> str | None:
    """Why the answer is wrong, or ``None``."""
    try:
        data = json.loads(body)
    except ValueError as exc:
        return f"{job.path}: status {status}, body not JSON ({exc})"
    if job.profile_id is None:
        ok = status == 400 and bool(data.get("problems"))
    else:
        ok = status == 200 and data.get("profile_id") == job.profile_id
    return None if ok else f"{job.path}: unexpected {status} {body[:200]!r}"


def client(host: str, port: int, jobs: list[Job], keep_alive: bool, report: Report) -> None:
    """Send ``jobs`` in order: one connection reused (``keep_alive``) or one per request."""
    conn = http.client.HTTPConnection(host, port, timeout=30)
    for job in jobs:
        start = time.perf_counter()
        try:
            if not keep_alive:
                conn.close()
            conn.request("POST", job.path, job.body, HEADERS)
            response = conn.getresponse()
            status, body = response.status, response.read()
        except (OSError, http.client.HTTPException) as exc:
            report.errors.append(f"{job.path}: {type(exc).__name__}: {exc}")
            conn.close()
            continue
        report.latencies.append(time.perf_counter() - start)
        report.statuses[status] += 1
        if (problem := check(job, status, body)) is not None:
            report.errors.append(problem)
    conn.close()


def run(host: str, port: int, jobs: list[Job], clients: int = 32) -> Report:
    """Spread ``jobs`` over ``clients`` threads (half keep-alive, half a connection each)."""
    report = Report()  # list.append and Counter updates are atomic enough under the GIL
    threads = [
        threading.Thread(target=client, args=(host, port, jobs[i::clients], i % 2 == 0, report))
        for i in range(clients)
    ]
    start = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    report.seconds = time.perf_counter() - start
    return report


def mixed_jobs(profiles: list[dict[str, Any]], total: int, bad_every: int = 10) -> list[Job]:
    """``total`` jobs over ``profiles`` and both formats; every ``bad_every``-th is invalid."""
    jobs = []
    for i in range(total):
        profile = profiles[i % len(profiles)]
        if i % bad_every == bad_every - 1:
            bad = {**profile, "availability": {"study_hours_per_week": "lots"}}
            jobs.append(Job("/roadmap", json.dumps(bad).encode(), None))
        else:
            jobs.append(Job("/roadmap?format=json", json.dumps(profile).encode(), profile["id"]))
    return jobs


def start_server() -> Any:
    """The example app, serving in this process on a free loopback port."""
    import importlib.util
    from pathlib import Path

    from mrt_roadmap.testing import make_planner

    path = Path(__file__).resolve().parents[1] / "examples/webapp/app.py"
    spec = importlib.util.spec_from_file_location("mrt_webapp", path)
    assert spec is not None
    assert spec.loader is not None
    app = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(app)
    server = app.make_server("127.0.0.1", 0, make_planner(), quiet=True)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


def main() -> None:
    from mrt_roadmap.testing import example_profile

    total = int(sys.argv[1]) if len(sys.argv) > 1 else 500
    clients = int(sys.argv[2]) if len(sys.argv) > 2 else 32
    names = ["demo-new-learner", "p1-career-changer-rhia", "p5-working-rhit-to-rhia"]
    jobs = mixed_jobs([example_profile(n) for n in names], total)
    server = None if len(sys.argv) > 3 else start_server()
    port = int(sys.argv[3]) if server is None else server.server_port
    report = run("127.0.0.1", port, jobs, clients)
    print(report.summary())
    for error in report.errors[:10]:
        print("  ", error)
    if server is not None:
        server.shutdown()
        server.server_close()


if __name__ == "__main__":
    main()

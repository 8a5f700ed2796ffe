"""Plan many profiles on any ``concurrent.futures.Executor``; a bad profile is reported for its
item and never stops the batch.

Each worker process builds its planner once (``api.default_planner``) and reuses it, so a
``ProcessPoolExecutor`` (or a Dask ``distributed.Client.get_executor()``) scales across cores or
machines; without an executor the batch runs in this thread.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator, Mapping
from concurrent.futures import Executor
from typing import Any

import attrs

from mrt_roadmap.errors import InputError, MrtRoadmapError, Problem
from mrt_roadmap.model_base import Model
from mrt_roadmap.roadmap import Roadmap


@attrs.frozen(repr=False, eq=False)
class BatchResult(Model):
    """The outcome of one item: its roadmap, or the problems that stopped it."""

    index: int
    profile_id: str | None
    roadmap: Roadmap | None = None
    problems: tuple[Problem, ...] = ()
    error: str | None = None

    @property
    def ok(self) -> bool:
        return self.roadmap is not None


def plan_one(index: int, data: Any, as_of: dt.date | None = None) -> BatchResult:
    """Plan one profile (JSON-like data), never raising for bad input."""
    from mrt_roadmap.api import default_planner
    from mrt_roadmap.profile import profile_from_dict

    profile_id = data.get("id") if isinstance(data, Mapping) else None
    profile_id = profile_id if isinstance(profile_id, str) else None
    try:
        roadmap = default_planner().plan(profile_from_dict(data), as_of=as_of)
    except InputError as exc:
        return BatchResult(index, profile_id, problems=exc.problems, error=str(exc))
    except MrtRoadmapError as exc:
        return BatchResult(index, profile_id, error=f"{type(exc).__name__}: {exc}")
    return BatchResult(index, profile_id, roadmap)


def plan_many(
    profiles: Iterable[Any],
    *,
    executor: Executor | None = None,
    as_of: dt.date | None = None,
    chunk: int = 64,
) -> Iterator[BatchResult]:
    """Plan every profile; yield one :class:`BatchResult` per item, in input order.

    ``profiles`` are JSON-like mappings (what ``json.load`` returns). With an ``executor``, at
    most ``chunk`` items are in flight at once, so a long or endless iterable streams.
    """
    items = enumerate(profiles)
    if executor is None:
        for index, data in items:
            yield plan_one(index, data, as_of)
        return
    pending = []
    for index, data in items:
        pending.append(executor.submit(plan_one, index, data, as_of))
        if len(pending) >= chunk:
            yield pending.pop(0).result()
    for future in pending:
        yield future.result()

"""Plan many profiles on any ``concurrent.futures.Executor``; a bad profile is reported for its
item and never stops the batch.

Items are whatever :func:`mrt_roadmap.plan` takes (a path, JSON text, a mapping or a
:class:`Profile`). Without an executor, or with a ``ThreadPoolExecutor``, the batch uses the
given planner itself. With a process pool (or a Dask ``distributed.Client.get_executor()``)
each worker builds the same planner once, from the planner's :class:`HostRecipe` and its own
installed plugins, and reuses it.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Mapping
from concurrent.futures import Executor, Future, ThreadPoolExecutor
from typing import TYPE_CHECKING, Any

import attrs

from mrt_roadmap.errors import InputError, MrtRoadmapError, Problem
from mrt_roadmap.model_base import Model
from mrt_roadmap.roadmap import Roadmap

if TYPE_CHECKING:
    from mrt_roadmap.planner import Planner
    from mrt_roadmap.pluginmanager import HostRecipe


@attrs.frozen(repr=False, eq=False)
class BatchResult(Model):
    """The outcome of one item: its roadmap, or the problems that stopped it. ``error`` is a
    message naming the item by index and profile id, never quoting the profile."""

    index: int
    profile_id: str | None
    roadmap: Roadmap | None = None
    problems: tuple[Problem, ...] = ()
    error: str | None = None

    @property
    def ok(self) -> bool:
        return self.roadmap is not None


@attrs.frozen
class BatchOptions:
    """What applies to every item of a batch."""

    as_of: dt.date | None = None
    horizon_years: int | None = None


def _profile_id(item: Any) -> str | None:
    from mrt_roadmap.profile import Profile

    found = item.id if isinstance(item, Profile) else None
    if isinstance(item, Mapping):
        found = item.get("id")
    return found if isinstance(found, str) and len(found) <= 200 else None


def _label(index: int, profile_id: str | None) -> str:
    return f"item {index}" + (f" (profile {profile_id!r})" if profile_id else "")


def plan_one(planner: Planner, index: int, item: Any, options: BatchOptions) -> BatchResult:
    """Plan one item with ``planner``, never raising for bad input or a failing plugin."""
    profile_id = _profile_id(item)
    label = _label(index, profile_id)
    try:
        roadmap = planner.plan(item, as_of=options.as_of, horizon_years=options.horizon_years)
    except InputError as exc:
        count = len(exc.problems)
        error = f"{label} is invalid ({count} problem(s)); see problems"
        return BatchResult(index, profile_id, problems=exc.problems, error=error)
    except MrtRoadmapError as exc:
        return BatchResult(index, profile_id, error=f"{label}: {type(exc).__name__}: {exc}")
    except Exception as exc:  # a bug must not stop the batch; its text may quote the item
        return _failed(index, profile_id, exc)
    return BatchResult(index, profile_id, roadmap)


def _failed(index: int, profile_id: str | None, exc: BaseException) -> BatchResult:
    """The result of an item that failed unexpectedly (or could not be sent to a worker):
    named by index and id and the kind of error, never by the error's text."""
    error = f"{_label(index, profile_id)}: unexpected {type(exc).__name__}"
    return BatchResult(index, profile_id, error=error)


def _plan_in_worker(
    recipe: HostRecipe, index: int, item: Any, options: BatchOptions
) -> BatchResult:
    return plan_one(worker_planner(recipe), index, item, options)


@functools.cache
def worker_planner(recipe: HostRecipe) -> Planner:
    """The planner of ``recipe`` in a worker process: built on first use, then reused."""
    from mrt_roadmap.api import planner_for

    return planner_for(recipe.build())


def sendable_recipe(planner: Planner, argument: str) -> HostRecipe:
    """The recipe a worker process (or a Dask worker) rebuilds ``planner``'s plugin host from;
    an :class:`InputError` on ``argument`` when the host holds plugin objects given in Python,
    which another process cannot rebuild."""
    recipe = planner.host.recipe
    if recipe is None:
        message = (
            "this planner's plugin host holds plugin objects given in Python, which another "
            "process cannot rebuild; plan in this process, or install the plugins as "
            "distributions"
        )
        raise InputError(argument, [Problem(f"{argument} (argument)", message, "argument")])
    return recipe


def plan_many(
    profiles: Iterable[Any],
    *,
    planner: Planner | None = None,
    executor: Executor | None = None,
    as_of: dt.date | None = None,
    horizon_years: int | None = None,
    chunk: int = 64,
) -> Iterator[BatchResult]:
    """Plan every profile with ``planner`` (default: the default planner); yield one
    :class:`BatchResult` per item, in input order.

    With an ``executor``, at most ``chunk`` items are in flight at once, so a long or endless
    iterable streams."""
    from mrt_roadmap.api import default_planner

    planner = planner or default_planner()
    options = BatchOptions(as_of, horizon_years)
    items = enumerate(profiles)
    if executor is None:
        for index, item in items:
            yield plan_one(planner, index, item, options)
        return
    submit = _submitter(planner, executor)
    pending: deque[tuple[int, Any, Future[BatchResult]]] = deque()
    for index, item in items:
        pending.append((index, item, submit(index, item, options)))
        if len(pending) >= max(1, chunk):
            yield _outcome(*pending.popleft())
    while pending:
        yield _outcome(*pending.popleft())


def _outcome(index: int, item: Any, future: Future[BatchResult]) -> BatchResult:
    """The item's result; an item a worker could not even receive (it does not pickle) or
    that broke the worker is that item's failure, and the batch goes on."""
    try:
        return future.result()
    except Exception as exc:
        return _failed(index, _profile_id(item), exc)


def _submitter(
    planner: Planner, executor: Executor
) -> Callable[[int, Any, BatchOptions], Future[BatchResult]]:
    """How items reach ``executor``: with the planner itself in a thread pool; elsewhere with
    the recipe of its plugin host, from which each worker builds the same planner."""
    if isinstance(executor, ThreadPoolExecutor):

        def in_thread(index: int, item: Any, options: BatchOptions) -> Future[BatchResult]:
            return executor.submit(plan_one, planner, index, item, options)

        return in_thread
    recipe = sendable_recipe(planner, "executor")

    def in_worker(index: int, item: Any, options: BatchOptions) -> Future[BatchResult]:
        return executor.submit(_plan_in_worker, recipe, index, item, options)

    return in_worker

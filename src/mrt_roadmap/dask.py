"""Cohorts on a Dask cluster: plan a ``dask.bag`` of profiles (UTF-8 JSON bytes, one per item)
partition by partition on the workers, so results never pass through the client.

Each worker builds the same plugin host as the given planner once (from its
:class:`~mrt_roadmap.pluginmanager.HostRecipe`; the plugins must be installed on the workers)
and turns each profile into its output line (:mod:`mrt_roadmap.batch_lines`)::

    import dask.bag as db
    from distributed import Client
    import mrt_roadmap
    from mrt_roadmap.dask import plan_bag

    if __name__ == "__main__":                  # workers re-import the script: guard it
        client = Client("tcp://scheduler:8786")  # or Client() for a local cluster
        profiles = db.read_text("s3://bucket/cohort-*.jsonl").map(str.encode)
        lines = plan_bag(profiles, mrt_roadmap.Planner())
        lines.to_textfiles("s3://bucket/roadmaps-*.jsonl")   # written by the workers

Needs the optional ``dask`` extra (``dask[bag]`` and ``distributed``).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from mrt_roadmap.batch import sendable_recipe, worker_planner
from mrt_roadmap.batch_lines import BatchSettings, LineResult, plan_item

if TYPE_CHECKING:
    from mrt_roadmap.planner import Planner
    from mrt_roadmap.pluginmanager import HostRecipe


def plan_bag(bag: Any, planner: Planner, settings: BatchSettings | None = None) -> Any:
    """A bag of output lines (text, one per profile, in the bag's order) for ``bag``, a
    ``dask.bag.Bag`` of UTF-8 JSON profiles (bytes; text is encoded)."""
    recipe = sendable_recipe(planner, "planner")
    return bag.map_partitions(_plan_partition, recipe, settings or BatchSettings())


def plan_bag_results(bag: Any, planner: Planner, settings: BatchSettings | None = None) -> Any:
    """Like :func:`plan_bag`, but each item is the :class:`LineResult` (line, ok, summary row),
    for a cohort summary computed on the cluster."""
    recipe = sendable_recipe(planner, "planner")
    return bag.map_partitions(_results_of_partition, recipe, settings or BatchSettings())


def _plan_partition(
    items: Iterable[bytes | str], recipe: HostRecipe, settings: BatchSettings
) -> list[str]:
    return [r.line for r in _results_of_partition(items, recipe, settings)]


def _results_of_partition(
    items: Iterable[bytes | str], recipe: HostRecipe, settings: BatchSettings
) -> list[LineResult]:
    planner = worker_planner(recipe)
    out = []
    for index, item in enumerate(items):
        raw = item.encode("utf-8") if isinstance(item, str) else item
        out.append(plan_item(planner, index, raw, settings))
    return out

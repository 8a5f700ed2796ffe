"""Cohorts as JSON Lines: read profiles one per line (or a folder of ``.json`` files), plan them
in chunks on worker processes, and write one result per line, in input order.

Workers receive raw bytes and send back text (the roadmap's JSON, or a problem record) plus a
small summary row, never object trees: pickling a whole roadmap costs about half a plan. At
most ``2 x workers`` chunks are in flight, so input streams in and output streams out with a
bounded reordering buffer, and memory stays flat however long the cohort.
"""

from __future__ import annotations

import datetime as dt
import json
from collections import deque
from collections.abc import Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any

import attrs

from mrt_roadmap import json_input
from mrt_roadmap.batch import sendable_recipe, worker_planner
from mrt_roadmap.errors import InputError, MrtRoadmapError, PluginError, Problem
from mrt_roadmap.model_base import Model

if TYPE_CHECKING:
    from mrt_roadmap.planner import Planner
    from mrt_roadmap.pluginmanager import HostRecipe
    from mrt_roadmap.roadmap import Roadmap

DEFAULT_CHUNK = 32
"""Profiles per chunk sent to a worker: big enough that sending is cheap, small enough that
the output keeps flowing."""


@attrs.frozen(repr=False, eq=False)
class LineResult(Model):
    """One profile's outcome as a batch writes it: the output line (no newline), and the facts
    a cohort summary needs (:class:`~mrt_roadmap.cohort_summary.SummaryRow` as plain data)."""

    index: int
    line: str
    ok: bool
    plugin_failed: bool = False
    row: Any = None
    problem_codes: tuple[str, ...] = ()
    """The codes of a profile's problems (empty when it planned, or failed otherwise)."""


@attrs.frozen
class BatchSettings:
    """What applies to every profile of a batch."""

    as_of: dt.date | None = None
    horizon_years: int | None = None
    format: str = "json"


def read_items(source: Path | IO[bytes]) -> Iterator[bytes]:
    """Each profile of ``source`` as bytes: the lines of a JSON Lines file or stream (blank
    lines skipped), or the ``.json`` files of a folder in name order."""
    if isinstance(source, Path) and source.is_dir():
        for path in sorted(source.glob("*.json")):
            with path.open("rb") as file:  # a byte past the limit is enough to refuse it
                yield file.read(json_input.MAX_INPUT_BYTES + 1)
        return
    stream = source.open("rb") if isinstance(source, Path) else source
    try:
        for raw in stream:
            if raw.strip():
                yield raw.rstrip(b"\r\n")
    finally:
        if isinstance(source, Path):
            stream.close()


def count_items(source: Path | IO[bytes]) -> int | None:
    """How many profiles :func:`read_items` will give for a folder or a regular file (a quick
    pass counting lines, for a progress bar's total); ``None`` for a stream."""
    if not isinstance(source, Path):
        return None
    if source.is_dir():
        return sum(1 for _ in source.glob("*.json"))
    if not source.is_file():
        return None
    with source.open("rb") as stream:
        return sum(1 for raw in stream if raw.strip())


def plan_lines(
    items: Iterable[bytes],
    planner: Planner,
    settings: BatchSettings,
    *,
    workers: int = 1,
    chunk: int = DEFAULT_CHUNK,
) -> Iterator[LineResult]:
    """Plan every item (UTF-8 JSON bytes) and yield its :class:`LineResult` in input order:
    in this process with ``planner`` (``workers`` 1), else on a pool of ``workers`` processes
    that each build the same planner once (from ``planner.host.recipe``)."""
    numbered = enumerate(items)
    if workers <= 1:
        for index, raw in numbered:
            yield plan_item(planner, index, raw, settings)
        return
    recipe = sendable_recipe(planner, "workers")
    with ProcessPoolExecutor(max_workers=workers, initializer=_default_signals) as pool:
        pending: deque[Future[list[LineResult]]] = deque()
        for batch in _chunks(numbered, chunk):
            pending.append(pool.submit(_plan_chunk, recipe, batch, settings))
            while len(pending) >= 2 * workers:
                yield from pending.popleft().result()
        while pending:
            yield from pending.popleft().result()


def _default_signals() -> None:
    """A worker ends on SIGTERM like any process: it does not inherit a handler the parent had
    installed when it started the pool (the output's clean-up, :mod:`mrt_roadmap.output_file`)."""
    import signal

    signal.signal(signal.SIGTERM, signal.SIG_DFL)


def _chunks(numbered: Iterator[tuple[int, bytes]], size: int) -> Iterator[list[tuple[int, bytes]]]:
    batch: list[tuple[int, bytes]] = []
    for item in numbered:
        batch.append(item)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch


def _plan_chunk(
    recipe: HostRecipe, batch: list[tuple[int, bytes]], settings: BatchSettings
) -> list[LineResult]:
    planner = worker_planner(recipe)
    return [plan_item(planner, index, raw, settings) for index, raw in batch]


def plan_item(planner: Planner, index: int, raw: bytes, settings: BatchSettings) -> LineResult:
    """One profile's line: its roadmap in ``settings.format`` (JSON: the roadmap itself; other
    formats: a record holding the text), or a problem record with its id and problems by JSON
    path, never its content."""
    from mrt_roadmap.cohort_summary import row_of

    profile_id = _profile_id(raw)
    try:
        roadmap = planner.plan(raw, as_of=settings.as_of, horizon_years=settings.horizon_years)
        line = _roadmap_line(planner, roadmap, index, settings.format)
    except InputError as exc:
        return LineResult(index, _problem_line(index, profile_id, exc.problems), False)
    except PluginError as exc:
        line = _error_line(index, profile_id, f"PluginError: {exc}")
        return LineResult(index, line, False, plugin_failed=True)
    except MrtRoadmapError as exc:
        return LineResult(
            index, _error_line(index, profile_id, f"{type(exc).__name__}: {exc}"), False
        )
    except Exception as exc:  # a bug must not stop the batch; its text may quote the profile
        return LineResult(
            index, _error_line(index, profile_id, f"unexpected {type(exc).__name__}"), False
        )
    return LineResult(index, line, True, row=row_of(roadmap))


def _roadmap_line(planner: Planner, roadmap: Roadmap, index: int, fmt: str) -> str:
    text = planner.host.exporters.get(fmt).export(roadmap)
    if fmt == "json":
        return text.strip()
    record = {"index": index, "profile_id": roadmap.profile_id, "format": fmt, "text": text}
    return json.dumps(record, ensure_ascii=False)


def _profile_id(raw: bytes) -> str | None:
    """The profile's ``id`` if the line is a JSON object that has a short one (for naming a
    bad line; nothing else of it is ever written)."""
    try:
        data = json.loads(raw)
    except (ValueError, RecursionError):
        return None
    found = data.get("id") if isinstance(data, dict) else None
    return found if isinstance(found, str) and len(found) <= 200 else None


def _problem_line(index: int, profile_id: str | None, problems: Iterable[Problem]) -> str:
    record = {
        "index": index,
        "profile_id": profile_id,
        "problems": [
            {"path": p.path, "parts": list(p.parts), "code": p.code, "message": p.message}
            for p in problems
        ],
    }
    return json.dumps(record, ensure_ascii=False)


def _error_line(index: int, profile_id: str | None, error: str) -> str:
    return json.dumps(
        {"index": index, "profile_id": profile_id, "error": error}, ensure_ascii=False
    )

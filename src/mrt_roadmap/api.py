"""The functions most callers need: validate, plan, explain, export, and the formats there are.

Every function that takes a profile takes any :data:`ProfileSource` (a :class:`Profile`, a
mapping, JSON text or a path) and treats them the same: a :class:`Profile` built in Python is
checked exactly as its JSON would be.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import functools
from typing import Any

import attrs

from mrt_roadmap.errors import InputError, Problem
from mrt_roadmap.explanation import Explanation
from mrt_roadmap.formats.registry import ExportOption
from mrt_roadmap.model_base import Model
from mrt_roadmap.planner import Planner
from mrt_roadmap.pluginmanager import PluginHost
from mrt_roadmap.profile_validation import ProfileSource, find_problems
from mrt_roadmap.roadmap import Roadmap


def default_planner() -> Planner:
    """A planner over the default plugin host: built once per plugin settings (including the
    ``MRT_ROADMAP_*`` environment variables), then reused."""
    from mrt_roadmap.pluginmanager import get_plugin_host

    return planner_for(get_plugin_host())


@functools.cache
def planner_for(host: PluginHost) -> Planner:
    """The one planner of ``host`` in this process."""
    return Planner(host)


def _planner(planner: object) -> Planner:
    """``planner``, or the default one for ``None``; anything else is an :class:`InputError`
    (a date passed where the planner goes, say)."""
    if planner is None:
        return default_planner()
    if not isinstance(planner, Planner):
        raise _argument("planner", f"expected a Planner, got {type(planner).__name__}")
    return planner


def _argument(name: str, message: str) -> InputError:
    return InputError(f"argument {name}", [Problem(f"{name} (argument)", message, "argument")])


def validate(
    profile: ProfileSource,
    planner: Planner | None = None,
    *,
    as_of: dt.date | None = None,
    horizon_years: int | None = None,
) -> list[Problem]:
    """Every problem of ``profile`` at once, shape and meaning (against ``planner``'s catalog),
    sorted by path; an empty list when it can be planned. Never raises for bad input."""
    catalog = _planner(planner).catalog
    return find_problems(profile, catalog, as_of=as_of, horizon_years=horizon_years)


def plan(
    profile: ProfileSource,
    *,
    as_of: dt.date | None = None,
    horizon_years: int | None = None,
    planner: Planner | None = None,
    baseline: Roadmap | None = None,
) -> Roadmap:
    """Plan a roadmap for ``profile``; a :class:`ProfileError` lists every problem at once."""
    return _planner(planner).plan(
        profile, as_of=as_of, horizon_years=horizon_years, baseline=baseline
    )


async def plan_async(
    profile: ProfileSource,
    *,
    as_of: dt.date | None = None,
    horizon_years: int | None = None,
    planner: Planner | None = None,
    baseline: Roadmap | None = None,
) -> Roadmap:
    """:func:`plan` in a worker thread (``asyncio.to_thread``), so an event loop keeps serving
    while a plan is computed. Planning is CPU-bound: for many plans at once, use
    :func:`plan_many` with a process pool."""
    return await asyncio.to_thread(
        plan,
        profile,
        as_of=as_of,
        horizon_years=horizon_years,
        planner=planner,
        baseline=baseline,
    )


def explain(
    profile: ProfileSource,
    credential: str,
    *,
    as_of: dt.date | None = None,
    planner: Planner | None = None,
) -> Explanation:
    """Am I eligible for ``credential``; if not, what is missing and when could it be met?"""
    if not isinstance(credential, str):
        raise _argument("credential", f"expected text, got {type(credential).__name__}")
    return _planner(planner).explain(profile, credential, as_of=as_of)


def export(
    roadmap: Roadmap, format: str = "json", *, planner: Planner | None = None, **options: Any
) -> str:
    """``roadmap`` in a registered format (json, text, md, ics, html, html-fragment, mermaid,
    or one a plugin adds), with that format's ``options`` (see :func:`output_formats`); an option the
    format does not have is an :class:`InputError`."""
    if not isinstance(format, str):
        raise _argument("format", f"expected a format name, got {type(format).__name__}")
    if not isinstance(roadmap, Roadmap):
        raise _argument("roadmap", f"expected a Roadmap, got {type(roadmap).__name__}")
    host = _planner(planner).host
    return host.exporters.get(format).export(roadmap, **options)


@attrs.frozen(repr=False, eq=False)
class FormatInfo(Model):
    """One output format: how to save it and the options :func:`export` passes to it."""

    name: str
    media_type: str
    suffix: str
    description: str
    plugin: str
    options: tuple[ExportOption, ...]


def output_formats(planner: Planner | None = None) -> tuple[FormatInfo, ...]:
    """Every format ``planner`` (default: the default planner) can write, by name. (Not
    ``formats()``: ``mrt_roadmap.formats`` is the package of the exporters.)"""
    host = _planner(planner).host
    return tuple(
        FormatInfo(
            e.name, e.media_type, e.suffix, e.description, e.plugin, tuple(e.options.values())
        )
        for e in host.exporters.exporters.values()
    )

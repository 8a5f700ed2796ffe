"""The functions most callers need: plan, explain, export, validate."""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from mrt_roadmap.explanation import Explanation
from mrt_roadmap.planner import Planner
from mrt_roadmap.pluginmanager import PluginHost
from mrt_roadmap.profile import Profile, load_profile
from mrt_roadmap.roadmap import Roadmap

ProfileInput = Profile | Mapping[str, Any] | str | Path


def default_planner() -> Planner:
    """A planner over the default plugin host: built once per plugin settings (including the
    ``MRT_ROADMAP_*`` environment variables), then reused."""
    from mrt_roadmap.pluginmanager import get_plugin_host

    return _planner_for(get_plugin_host())


@functools.cache
def _planner_for(host: PluginHost) -> Planner:
    return Planner(host)


def _profile(profile: ProfileInput) -> Profile:
    return profile if isinstance(profile, Profile) else load_profile(profile)


def plan(
    profile: ProfileInput,
    *,
    as_of: dt.date | None = None,
    horizon_years: int | None = None,
    planner: Planner | None = None,
) -> Roadmap:
    """Plan a roadmap for a profile (a :class:`Profile`, a mapping, a JSON string or a path)."""
    return (planner or default_planner()).plan(
        _profile(profile), as_of=as_of, horizon_years=horizon_years
    )


def explain(
    profile: ProfileInput,
    credential: str,
    *,
    as_of: dt.date | None = None,
    planner: Planner | None = None,
) -> Explanation:
    """Am I eligible for ``credential``; if not, what is missing and when could it be met?"""
    return (planner or default_planner()).explain(_profile(profile), credential, as_of=as_of)


def export(roadmap: Roadmap, format: str = "json", *, planner: Planner | None = None) -> str:
    """Export ``roadmap`` in a registered format (json, text, md, ics, html, mermaid, ...)."""
    host = (planner or default_planner()).host
    return host.exporters.get(format).function(roadmap)

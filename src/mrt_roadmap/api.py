"""The functions most callers need: plan, explain, export, validate."""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from mrt_roadmap.planner import Explanation, Planner
from mrt_roadmap.profile import Profile, load_profile
from mrt_roadmap.roadmap import Roadmap

ProfileInput = Profile | Mapping[str, Any] | str | Path


@functools.cache
def default_planner() -> Planner:
    """A planner over the default plugin host (built once, reused)."""
    return Planner()


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

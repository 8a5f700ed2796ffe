"""mrt-roadmap: personal, dated career roadmaps for medical records and health information
technicians, with sourced rules and a pluggy plugin system.

Typical use::

    import mrt_roadmap
    roadmap = mrt_roadmap.plan("profile.json")
    print(mrt_roadmap.export(roadmap, "text"))

Heavy modules load on first use, so ``import mrt_roadmap`` stays cheap.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from mrt_roadmap.errors import (
    CatalogError,
    DefinitionError,
    InputError,
    MrtRoadmapError,
    PluginError,
    Problem,
    ProfileError,
    UnknownIdError,
)
from mrt_roadmap.markers import PLUGIN_API_VERSION, hookimpl

__version__ = "0.1.0"

if TYPE_CHECKING:
    from mrt_roadmap.api import explain, export, plan
    from mrt_roadmap.batch import plan_many
    from mrt_roadmap.comparison import Comparison, compare
    from mrt_roadmap.planner import Planner
    from mrt_roadmap.pluginmanager import get_plugin_host
    from mrt_roadmap.profile import Profile, load_profile, profile_from_dict
    from mrt_roadmap.roadmap import Roadmap
    from mrt_roadmap.state import RequirementStatus

_LAZY = {
    "plan": "mrt_roadmap.api",
    "explain": "mrt_roadmap.api",
    "export": "mrt_roadmap.api",
    "Planner": "mrt_roadmap.planner",
    "plan_many": "mrt_roadmap.batch",
    "compare": "mrt_roadmap.comparison",
    "Comparison": "mrt_roadmap.comparison",
    "get_plugin_host": "mrt_roadmap.pluginmanager",
    "Profile": "mrt_roadmap.profile",
    "load_profile": "mrt_roadmap.profile",
    "profile_from_dict": "mrt_roadmap.profile",
    "Roadmap": "mrt_roadmap.roadmap",
    "RequirementStatus": "mrt_roadmap.state",
}


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        return getattr(importlib.import_module(_LAZY[name]), name)
    raise AttributeError(f"module 'mrt_roadmap' has no attribute {name!r}")


__all__ = [
    "PLUGIN_API_VERSION",
    "CatalogError",
    "Comparison",
    "DefinitionError",
    "InputError",
    "MrtRoadmapError",
    "Planner",
    "PluginError",
    "Problem",
    "Profile",
    "ProfileError",
    "RequirementStatus",
    "Roadmap",
    "UnknownIdError",
    "__version__",
    "compare",
    "explain",
    "export",
    "get_plugin_host",
    "hookimpl",
    "load_profile",
    "plan",
    "plan_many",
    "profile_from_dict",
]

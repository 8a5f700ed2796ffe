"""The pluggy project name and markers: ``from mrt_roadmap import hookimpl`` in a plugin."""

from __future__ import annotations

import pluggy

PROJECT_NAME = "mrt_roadmap"
"""pluggy project name; also the entry-point group plugins are discovered in."""

ENTRY_POINT_GROUP = "mrt_roadmap"

PLUGIN_API_VERSION = 1
"""The plugin API this host implements. A plugin module may declare ``MRT_ROADMAP_API = 1``."""

hookspec = pluggy.HookspecMarker(PROJECT_NAME)
hookimpl = pluggy.HookimplMarker(PROJECT_NAME)

"""The pluggy project name and markers: ``from mrt_roadmap import hookimpl`` in a plugin."""

from __future__ import annotations

import pluggy

PROJECT_NAME = "mrt_roadmap"
"""pluggy project name; also the entry-point group plugins are discovered in."""

ENTRY_POINT_GROUP = "mrt_roadmap"

PLUGIN_API_VERSION = 2
"""The plugin API this host implements. A plugin module may declare ``MRT_ROADMAP_API = 2`` (or
a list of versions it works with); one declaring only another version is refused at load. The
changes of each version, and how to migrate, are in ``CHANGELOG.md``."""

hookspec = pluggy.HookspecMarker(PROJECT_NAME)
hookimpl = pluggy.HookimplMarker(PROJECT_NAME)

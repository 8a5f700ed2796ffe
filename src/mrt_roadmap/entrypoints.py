"""Finds the entry points of one group across installed distributions, with the distribution
that declares each (its name and version name the plugin in reports)."""

from __future__ import annotations

from typing import Any

import attrs


@attrs.frozen
class FoundEntryPoint:
    """One entry point: ``name = value`` declared by distribution ``dist_name`` ``version``."""

    name: str
    value: str
    dist_name: str
    version: str
    group: str = ""

    def load(self) -> Any:
        """Import the object the entry point names, as :mod:`importlib.metadata` does."""
        from importlib import metadata

        return metadata.EntryPoint(self.name, self.value, self.group).load()


def find(group: str) -> list[FoundEntryPoint]:
    """Every entry point of ``group``, read from the installed metadata at each call."""
    from importlib import metadata

    found = []
    for ep in metadata.entry_points(group=group):
        dist = getattr(ep, "dist", None)
        dist_name = dist.name if dist is not None else ep.name
        version = dist.version if dist is not None else "unknown"
        found.append(FoundEntryPoint(ep.name, ep.value, dist_name, version, group))
    return found

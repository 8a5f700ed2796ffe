"""Finds the entry points of one group across installed distributions, remembering the scan.

Scanning every distribution's metadata, and importing :mod:`importlib.metadata` to do it, is a
large part of a short command's start. The result is kept in the start-up cache under a key made
of the interpreter, ``sys.path`` and each path entry's modification time: installing, upgrading
or removing a distribution changes its site directory, the same signal ``importlib.metadata``
itself uses to cache directory listings. ``MRT_ROADMAP_NO_CACHE=1`` scans every time.
"""

from __future__ import annotations

import importlib
import os
import sys
import time
from typing import Any

from mrt_roadmap import startup_cache


class FoundEntryPoint:
    """One entry point: ``name = value`` declared by distribution ``dist_name`` ``version``."""

    __slots__ = ("dist_name", "name", "value", "version")

    def __init__(self, name: str, value: str, dist_name: str, version: str) -> None:
        self.name, self.value, self.dist_name, self.version = name, value, dist_name, version

    def __repr__(self) -> str:
        return (
            f"FoundEntryPoint({self.name!r}, {self.value!r}, {self.dist_name!r}, {self.version!r})"
        )

    def load(self) -> Any:
        """Import the object the entry point names (``module`` or ``module:attr.path``),
        as :meth:`importlib.metadata.EntryPoint.load` does; extras (``[x]``) are ignored."""
        module, _, attr = self.value.split("[", 1)[0].partition(":")
        obj: Any = importlib.import_module(module.strip())
        for part in filter(None, attr.strip().split(".")):
            obj = getattr(obj, part)
        return obj


def scan(group: str) -> list[FoundEntryPoint]:
    """Every entry point of ``group``, read from installed metadata (no cache)."""
    from importlib import metadata

    found = []
    for ep in metadata.entry_points(group=group):
        dist = getattr(ep, "dist", None)
        dist_name = dist.name if dist is not None else ep.name
        version = dist.version if dist is not None else "unknown"
        found.append(FoundEntryPoint(ep.name, ep.value, dist_name, version))
    return found


RACY_SECONDS = 2.0
"""A path entry changed this recently may change again within its file system's timestamp
resolution without its time moving; such a scan is not remembered (git's "racy clean" rule)."""


def _environment_key(group: str) -> tuple[bytes, bytes, bool]:
    """(entry name, key, whether to remember): one entry per group, interpreter and
    ``sys.path``, stale as soon as a path entry's modification time moves."""
    stamps = []
    newest = 0
    for entry in sys.path:
        try:
            mtime = os.stat(entry or ".").st_mtime_ns
        except OSError:
            stamps.append("-")
            continue
        stamps.append(str(mtime))
        newest = max(newest, mtime)
    name = startup_cache.join(group, sys.executable, sys.version, *sys.path)
    settled = time.time_ns() - newest > RACY_SECONDS * 1e9
    return name, startup_cache.join(*stamps), settled


def find(group: str) -> list[FoundEntryPoint]:
    """Every entry point of ``group``, from the cache when the environment has not changed."""
    name, key, settled = _environment_key(group)
    cached = startup_cache.load("entry-points", name, key)
    if isinstance(cached, list):
        return [FoundEntryPoint(*fields) for fields in cached]
    found = scan(group)
    if settled:
        rows = [(e.name, e.value, e.dist_name, e.version) for e in found]
        startup_cache.store("entry-points", name, key, rows)
    return found

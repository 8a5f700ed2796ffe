"""Built-in plugin: the advancement ladder (clerk, coder, RHIT technician, coding specialist,
supervisor, HIM manager/director), each role with its requirements and sources."""

from __future__ import annotations

from pathlib import Path

from mrt_roadmap.markers import hookimpl
from mrt_roadmap.registry import Registry

MRT_ROADMAP_API = 1


@hookimpl
def mrt_roadmap_register(registry: Registry) -> None:
    """Register the career roles."""
    registry.add_file(Path(__file__).with_name("data") / "careers.json")

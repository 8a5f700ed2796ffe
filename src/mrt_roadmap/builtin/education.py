"""Built-in plugin: education programs (certificate, AS/AAS in HIT, BS HIM, post-bacc, MS HIM),
the academic calendar and the experience areas."""

from __future__ import annotations

from pathlib import Path

from mrt_roadmap.plugin import Registry, hookimpl

MRT_ROADMAP_API = 2


@hookimpl
def mrt_roadmap_register(registry: Registry) -> None:
    """Register programs, the US semester calendar and the experience areas."""
    registry.add_file(Path(__file__).with_name("data") / "education.json")

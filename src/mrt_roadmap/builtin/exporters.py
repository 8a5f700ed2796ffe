"""Built-in plugin: output formats, registered through ``mrt_roadmap_exporters``."""

from __future__ import annotations

from mrt_roadmap.formats.registry import ExporterRegistrar
from mrt_roadmap.markers import hookimpl

MRT_ROADMAP_API = 1


@hookimpl
def mrt_roadmap_exporters(registry: ExporterRegistrar) -> None:
    """Register json and text."""
    from mrt_roadmap.formats.json_format import to_json
    from mrt_roadmap.formats.text import to_text

    registry.add(
        "json",
        to_json,
        media_type="application/json",
        suffix=".json",
        description="canonical JSON (roadmap.schema.json)",
    )
    registry.add(
        "text",
        to_text,
        media_type="text/plain",
        suffix=".txt",
        description="readable timeline for a terminal",
    )

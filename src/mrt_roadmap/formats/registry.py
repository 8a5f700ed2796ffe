"""The exporter registry passed to ``mrt_roadmap_exporters``."""

from __future__ import annotations

from collections.abc import Callable, Mapping

import attrs

from mrt_roadmap.errors import CatalogError, UnknownIdError
from mrt_roadmap.model_base import Model
from mrt_roadmap.roadmap import Roadmap

ExportFunction = Callable[[Roadmap], str]


@attrs.frozen(repr=False, eq=False)
class Exporter(Model):
    """An output format: a name, a function ``roadmap -> str`` and how to save it."""

    name: str
    function: ExportFunction
    media_type: str
    suffix: str
    description: str
    plugin: str


@attrs.frozen(repr=False, eq=False)
class ExporterRegistry(Model):
    """All formats, by name."""

    exporters: Mapping[str, Exporter]

    def get(self, name: str) -> Exporter:
        if name not in self.exporters:
            raise UnknownIdError("format", name, self.exporters)
        return self.exporters[name]

    def names(self) -> tuple[str, ...]:
        return tuple(self.exporters)


class ExporterBuilder:
    def __init__(self) -> None:
        self._items: dict[str, Exporter] = {}

    def for_plugin(self, plugin: str) -> ExporterRegistrar:
        return ExporterRegistrar(self, plugin)

    def put(self, exporter: Exporter) -> None:
        if exporter.name in self._items:
            raise CatalogError(
                f"duplicate format {exporter.name!r}: registered by plugin "
                f"{self._items[exporter.name].plugin!r} and again by plugin {exporter.plugin!r}"
            )
        self._items[exporter.name] = exporter

    def rollback(self, plugin: str) -> None:
        self._items = {k: v for k, v in self._items.items() if v.plugin != plugin}

    def build(self) -> ExporterRegistry:
        return ExporterRegistry(dict(sorted(self._items.items())))


class ExporterRegistrar:
    """Handed to ``mrt_roadmap_exporters``; bound to the plugin being called."""

    def __init__(self, builder: ExporterBuilder, plugin: str) -> None:
        self._builder = builder
        self.plugin = plugin

    def add(
        self,
        name: str,
        function: ExportFunction,
        *,
        media_type: str = "text/plain",
        suffix: str = ".txt",
        description: str = "",
    ) -> None:
        """Register format ``name``: ``function(roadmap)`` returns the exported text."""
        self._builder.put(Exporter(name, function, media_type, suffix, description, self.plugin))

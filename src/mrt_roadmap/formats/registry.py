"""The exporter registry passed to ``mrt_roadmap_exporters``."""

from __future__ import annotations

import functools
from collections.abc import Callable, Mapping
from typing import Any, Literal

import attrs

from mrt_roadmap.errors import CatalogError, InputError, PluginError, Problem, UnknownIdError
from mrt_roadmap.model_base import Model
from mrt_roadmap.roadmap import Roadmap

ExportFunction = Callable[..., str]
"""``function(roadmap, **options) -> str``: the format's declared options are passed by name."""


OptionKind = Literal["bool", "int", "int_or_none", "str", "any"]
RESERVED_OPTIONS = frozenset({"roadmap", "format", "planner"})
"""Names ``mrt_roadmap.export`` takes itself: no format may declare them."""


@attrs.frozen(repr=False, eq=False)
class ExportOption(Model):
    """One option of a format: its name, what it does, its default (as documented), and the
    values it takes (``kind``; for whole numbers, ``minimum`` and ``maximum``), which
    :meth:`Exporter.export` checks before the format runs."""

    name: str
    description: str
    default: Any = None
    kind: OptionKind = "any"
    minimum: int | None = None
    maximum: int | None = None

    def problem(self, value: object) -> Problem | None:
        """What is wrong with ``value`` for this option, if anything."""
        where = f"{self.name} (argument)"
        if self.kind == "any" or (self.kind == "int_or_none" and value is None):
            return None
        expected = {"bool": bool, "str": str}.get(self.kind, int)
        is_int = expected is int and not isinstance(value, bool)
        if not isinstance(value, expected) or (expected is int and not is_int):
            wanted = {"bool": "true or false", "str": "text"}.get(self.kind, "a whole number")
            message = f"{self.name} must be {wanted}, got {type(value).__name__}"
            return Problem(where, message, "type", params={"expected": self.kind})
        low, high = self.minimum, self.maximum
        if isinstance(value, int) and (
            (low is not None and value < low) or (high is not None and value > high)
        ):
            message = f"{self.name} must be from {low} to {high}, got {value}"
            return Problem(where, message, "range", params={"minimum": low, "maximum": high})
        return None


@attrs.frozen(repr=False, eq=False)
class Exporter(Model):
    """An output format: a name, a function ``roadmap -> str``, how to save it and its
    options. ``function`` takes the options by name and checks their names."""

    name: str
    function: ExportFunction
    media_type: str
    suffix: str
    description: str
    plugin: str
    options: Mapping[str, ExportOption] = attrs.field(factory=dict)

    def export(self, roadmap: Roadmap, **options: Any) -> str:
        """``roadmap`` in this format; an option the format does not declare is an
        :class:`~mrt_roadmap.errors.InputError` naming it and the options it has."""
        unknown = sorted(set(options) - set(self.options))
        if unknown:
            known = ", ".join(self.options) or "none"
            problems = [
                Problem(
                    name,
                    f"format {self.name!r} has no option {name!r} (options: {known})",
                    "unknown-key",
                    params={"key": name},
                )
                for name in unknown
            ]
            raise InputError(f"options of format {self.name!r}", problems)
        wrong = [
            found
            for name, value in options.items()
            if (found := self.options[name].problem(value)) is not None
        ]
        if wrong:
            raise InputError(f"options of format {self.name!r}", wrong)
        return self.function(roadmap, **options)


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
        options: Mapping[str, ExportOption | str] | None = None,
    ) -> None:
        """Register format ``name``: ``function(roadmap, **options)`` returns the exported
        text. ``options``: the keyword options ``function`` takes, each with a description
        (or an :class:`ExportOption`, to state its default); callers may pass only these."""
        declared = {
            key: value if isinstance(value, ExportOption) else ExportOption(key, str(value))
            for key, value in (options or {}).items()
        }
        reserved = sorted(RESERVED_OPTIONS & set(declared))
        if reserved:
            raise PluginError(
                f"format {name!r} of plugin {self.plugin!r} declares option(s) "
                f"{', '.join(reserved)}, which mrt_roadmap.export takes itself"
            )
        contained = _contained(function, name, self.plugin)
        self._builder.put(
            Exporter(name, contained, media_type, suffix, description, self.plugin, declared)
        )


def _contained(function: ExportFunction, name: str, plugin: str) -> ExportFunction:
    """``function`` run within the hook time budget; whatever goes wrong in it (an exception,
    ``SystemExit``, an overrun, a result that is not text) is a :class:`PluginError` naming the
    format and the plugin: an export has no partial result to fall back on."""
    from mrt_roadmap import hook_budget

    @functools.wraps(function)
    def export(roadmap: Roadmap, **options: Any) -> str:
        try:
            text: object = hook_budget.call(
                hook_budget.env_budget(), functools.partial(function, **options), roadmap
            )
        except hook_budget.PluginCallFailed as exc:
            raise PluginError(f"format {name!r} of plugin {plugin!r} failed: {exc.error}") from None
        if not isinstance(text, str):
            kind = type(text).__name__
            raise PluginError(f"format {name!r} of plugin {plugin!r} returned {kind}, not text")
        return text

    return export

"""The typed registry passed to ``mrt_roadmap_register``: validates each definition against
``credential.schema.json``, records which plugin registered it, rejects duplicate ids."""

from __future__ import annotations

import json
from collections.abc import Mapping
from pathlib import Path
from typing import Any, TypeVar

import attrs

from mrt_roadmap.catalog import Catalog, check_catalog
from mrt_roadmap.definitions import (
    AcademicCalendar,
    Credential,
    ExperienceArea,
    Program,
    Role,
)
from mrt_roadmap.errors import CatalogError, DefinitionError, Problem

T = TypeVar("T")

_KINDS: Mapping[str, tuple[str, type[Any]]] = {
    "credential": ("credentials", Credential),
    "program": ("programs", Program),
    "role": ("roles", Role),
    "calendar": ("calendars", AcademicCalendar),
    "experience_area": ("experience_areas", ExperienceArea),
}
CORE_REQUIREMENT_KINDS = ("education", "credits", "credential", "experience", "membership")


class CatalogBuilder:
    """Collects definitions from all plugins; one plugin's entries can be rolled back."""

    def __init__(self) -> None:
        self._items: dict[str, dict[str, Any]] = {kind: {} for kind in _KINDS}
        self._owners: dict[tuple[str, str], str] = {}
        self._kinds: dict[str, str] = dict.fromkeys(CORE_REQUIREMENT_KINDS, "mrt-roadmap")

    def for_plugin(self, plugin: str) -> Registry:
        return Registry(self, plugin)

    def put(self, kind: str, ident: str, obj: Any, plugin: str) -> None:
        key = (kind, ident)
        if key in self._owners:
            raise CatalogError(
                f"duplicate {kind} id {ident!r}: registered by plugin {self._owners[key]!r} "
                f"and again by plugin {plugin!r}"
            )
        self._items[kind][ident] = obj
        self._owners[key] = plugin

    def put_requirement_kind(self, kind: str, plugin: str) -> None:
        if kind in self._kinds:
            raise CatalogError(
                f"requirement kind {kind!r} is owned by {self._kinds[kind]!r}; "
                f"plugin {plugin!r} cannot register it again"
            )
        self._kinds[kind] = plugin

    def rollback(self, plugin: str) -> None:
        """Forget everything ``plugin`` registered."""
        for (kind, ident), owner in list(self._owners.items()):
            if owner == plugin:
                del self._owners[(kind, ident)]
                del self._items[kind][ident]
        self._kinds = {k: v for k, v in self._kinds.items() if v != plugin}

    def build(self) -> Catalog:
        def ordered(kind: str) -> dict[str, Any]:
            return dict(sorted(self._items[kind].items()))

        catalog = Catalog(
            credentials=ordered("credential"),
            programs=ordered("program"),
            roles=ordered("role"),
            calendars=ordered("calendar"),
            experience_areas=ordered("experience_area"),
            owners=dict(self._owners),
            requirement_kinds=dict(sorted(self._kinds.items())),
        )
        check_catalog(catalog)
        return catalog


class Registry:
    """Handed to ``mrt_roadmap_register``; bound to the plugin being called."""

    def __init__(self, builder: CatalogBuilder, plugin: str) -> None:
        self._builder = builder
        self.plugin = plugin

    def _add(self, kind: str, definition: Mapping[str, Any] | Any) -> Any:
        from mrt_roadmap.convert import converter
        from mrt_roadmap.schemas import validate

        _, cls = _KINDS[kind]
        conv = converter()
        data = conv.unstructure(definition) if attrs.has(type(definition)) else definition
        if not isinstance(data, Mapping):
            raise DefinitionError(
                f"{kind} from plugin {self.plugin!r}",
                [Problem("$", f"expected an object, got {type(data).__name__}")],
            )
        problems = validate("credential", data, definition=kind)
        if problems:
            ident = data.get("id", "?")
            raise DefinitionError(f"{kind} {ident!r} from plugin {self.plugin!r}", problems)
        obj = conv.structure(dict(data), cls)
        self._builder.put(kind, obj.id, obj, self.plugin)
        return obj

    def add_credential(self, definition: Mapping[str, Any] | Credential) -> Credential:
        """Validate and add a credential (a JSON-like mapping or a :class:`Credential`)."""
        result: Credential = self._add("credential", definition)
        return result

    def add_program(self, definition: Mapping[str, Any] | Program) -> Program:
        """Validate and add an education program."""
        result: Program = self._add("program", definition)
        return result

    def add_role(self, definition: Mapping[str, Any] | Role) -> Role:
        """Validate and add a career role."""
        result: Role = self._add("role", definition)
        return result

    def add_calendar(self, definition: Mapping[str, Any] | AcademicCalendar) -> AcademicCalendar:
        """Validate and add an academic calendar."""
        result: AcademicCalendar = self._add("calendar", definition)
        return result

    def add_experience_area(self, definition: Mapping[str, Any] | ExperienceArea) -> ExperienceArea:
        """Validate and add an experience area."""
        result: ExperienceArea = self._add("experience_area", definition)
        return result

    def add_requirement_kind(self, kind: str) -> None:
        """Declare that this plugin evaluates requirements of ``kind``."""
        self._builder.put_requirement_kind(kind, self.plugin)

    def add_file(self, path: str | Path) -> None:
        """Add every definition in a definitions file (``credential.schema.json`` format),
        validated as a whole before any of it is added."""
        from mrt_roadmap.convert import converter
        from mrt_roadmap.schemas import validate

        path = Path(path)
        data = json.loads(path.read_bytes())
        problems = validate("credential", data)
        if problems:
            raise DefinitionError(
                f"definitions file {path.name} from plugin {self.plugin!r}", problems
            )
        conv = converter()
        for kind, (key_name, cls) in _KINDS.items():
            for item in data.get(key_name, ()):
                obj = conv.structure(dict(item), cls)
                self._builder.put(kind, obj.id, obj, self.plugin)

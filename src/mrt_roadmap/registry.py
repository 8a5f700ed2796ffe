"""The typed registry passed to ``mrt_roadmap_register``: validates each definition against
``credential.schema.json``, records which plugin registered it, rejects duplicate ids, and
finds what makes the assembled catalog inconsistent (name clashes between plugins, dependency
cycles, dangling ``replaces``) and which plugins it comes from."""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from pathlib import Path
from typing import Any, TypeVar

import attrs

from mrt_roadmap.catalog import Catalog, NoticeCode, check_catalog, find_cycle
from mrt_roadmap.definitions import (
    AcademicCalendar,
    Credential,
    ExperienceArea,
    Program,
    Role,
)
from mrt_roadmap.errors import CatalogError, DefinitionError, Problem
from mrt_roadmap.model_base import Model

T = TypeVar("T")

_KINDS: Mapping[str, tuple[str, type[Any]]] = {
    "credential": ("credentials", Credential),
    "program": ("programs", Program),
    "role": ("roles", Role),
    "calendar": ("calendars", AcademicCalendar),
    "experience_area": ("experience_areas", ExperienceArea),
}
_NOTICE_CODE = re.compile(r"[a-z][a-z0-9_]*\.[a-z0-9]+(-[a-z0-9]+)*")
CORE_REQUIREMENT_KINDS = ("education", "credits", "credential", "experience", "membership")


@attrs.frozen(repr=False, eq=False)
class Claim(Model):
    """One plugin's claim on a name: the id of its definition, or an alias of its credential."""

    plugin: str
    ident: str
    alias: str | None = None

    def __str__(self) -> str:
        if self.alias is None:
            return f"id {self.ident!r} (plugin {self.plugin})"
        return f"alias {self.alias!r} of {self.ident!r} (plugin {self.plugin})"


@attrs.frozen(repr=False, eq=False)
class Clash(Model):
    """A name that two or more plugins claim (compared case-insensitively): it is left out.

    ``kind`` is ``credential`` (ids and aliases share one namespace), ``program``, ``role``,
    ``calendar`` or ``experience_area``; ``name`` is upper-cased; ``dependents`` are programs
    left out because they use a contested calendar."""

    kind: str
    name: str
    claims: tuple[Claim, ...]
    dependents: tuple[str, ...] = ()

    @property
    def plugins(self) -> tuple[str, ...]:
        """The plugins involved, sorted."""
        return tuple(sorted({c.plugin for c in self.claims}))

    def __str__(self) -> str:
        what = "credential id or alias" if self.kind == "credential" else f"{self.kind} id"
        text = (
            f"{what} {self.name!r} is claimed by {len(self.plugins)} plugins "
            f"(ids are compared case-insensitively): {'; '.join(map(str, self.claims))}. "
            "None of them gets it: the contested definitions and aliases are left out"
        )
        if self.dependents:
            text += f", with the programs that use that calendar ({', '.join(self.dependents)})"
        return (
            f"{text}. To keep one, block the other plugin (--block NAME or "
            "MRT_ROADMAP_BLOCK_PLUGINS)"
        )


@attrs.frozen(repr=False, eq=False)
class CatalogFault(Model):
    """A catalog inconsistency (a dependency cycle, a dangling ``replaces``) and the plugins
    whose definitions make it."""

    plugins: tuple[str, ...]
    message: str


@attrs.frozen(repr=False, eq=False)
class CatalogResult(Model):
    """The catalog without contested names, the clashes, and any faults still in it."""

    catalog: Catalog
    clashes: tuple[Clash, ...]
    faults: tuple[CatalogFault, ...]


def _claims(kind: str, obj: Any, plugin: str) -> dict[str, Claim]:
    """The names ``obj`` claims, upper-cased (a credential's id and aliases; others' id)."""
    claims = {obj.id.upper(): Claim(plugin, obj.id)}
    if kind == "credential":
        for alias in obj.aliases:
            claims.setdefault(alias.name.upper(), Claim(plugin, obj.id, alias.name))
    return claims


def catalog_faults(catalog: Catalog, contested: frozenset[str] = frozenset()) -> list[CatalogFault]:
    """What :func:`~mrt_roadmap.catalog.check_catalog` refuses, with the plugins it comes from.

    A ``replaces`` of a ``contested`` credential name is not a fault: the clash is reported."""
    faults: list[CatalogFault] = []
    cycle = find_cycle(catalog.credentials, catalog.aliases)
    if cycle:
        owners = sorted(
            {
                catalog.owners[("credential", c)]
                for c in cycle
                if ("credential", c) in catalog.owners
            }
        )
        faults.append(
            CatalogFault(
                tuple(owners),
                f"credential dependency cycle {' -> '.join(cycle)} "
                f"(registered by {', '.join(owners)})",
            )
        )
    for cred in catalog.credentials.values():
        for replaced in cred.replaces:
            if catalog.resolve_credential(replaced) is None and replaced.upper() not in contested:
                owner = catalog.owner("credential", cred.id)
                faults.append(
                    CatalogFault(
                        (owner,),
                        f"credential {cred.id} (plugin {owner}) replaces unknown credential "
                        f"{replaced!r}",
                    )
                )
    return faults


class CatalogBuilder:
    """Collects definitions from all plugins; one plugin's entries can be rolled back.

    Ids are owned case-insensitively; a credential's aliases share its id's namespace. One
    plugin registering the same id twice (in any case), or two of its credentials sharing a
    name, is an error. A name two plugins claim (the same id, ``rhit`` against ``RHIT``, an
    alias equal to another plugin's id or alias) is a :class:`Clash`, resolved by
    :meth:`build_tolerant`: whatever the load order, neither plugin gets it."""

    def __init__(self) -> None:
        self._items: dict[str, dict[str, Any]] = {kind: {} for kind in _KINDS}
        self._owners: dict[tuple[str, str], str] = {}
        self._names: dict[str, dict[str, list[Claim]]] = {kind: {} for kind in _KINDS}
        self._shadowed: dict[tuple[str, str, str], Any] = {}
        """Definitions whose exact id another plugin registered first (a clash)."""
        self._kinds: dict[str, str] = dict.fromkeys(CORE_REQUIREMENT_KINDS, "mrt-roadmap")
        self._hints: list[tuple[str, str, str]] = []
        self._notice_codes: dict[str, NoticeCode] = {}
        """Install hints: (credential name upper-cased, distribution, plugin); first one wins."""

    def for_plugin(self, plugin: str) -> Registry:
        return Registry(self, plugin)

    def put(self, kind: str, ident: str, obj: Any, plugin: str) -> None:
        key = (kind, ident)
        claims = _claims(kind, obj, plugin)
        names = self._names[kind]
        for name, claim in claims.items():
            mine = [c for c in names.get(name, ()) if c.plugin == plugin]
            if mine:
                raise CatalogError(
                    f"plugin {plugin!r} registers {kind} {claim} and {mine[0]}: "
                    "ids and aliases are compared case-insensitively"
                )
        for name, claim in claims.items():
            names.setdefault(name, []).append(claim)
        if key in self._owners:  # exactly another plugin's id: a clash, kept aside
            self._shadowed[(kind, ident, plugin)] = obj
            return
        self._items[kind][ident] = obj
        self._owners[key] = plugin

    def put_install_hint(self, credential: str, distribution: str, plugin: str) -> None:
        if not credential.strip() or not distribution.strip():
            raise CatalogError(f"plugin {plugin!r} registers an empty install hint")
        self._hints.append((credential.upper(), distribution, plugin))

    def put_notice_code(self, code: str, description: str, plugin: str) -> None:
        if not _NOTICE_CODE.fullmatch(code):
            raise CatalogError(
                f"plugin {plugin!r}: notice code {code!r} must be '<namespace>.<words-with-hyphens>'"
            )
        if not description.strip():
            raise CatalogError(f"plugin {plugin!r}: notice code {code!r} needs a description")
        taken = self._notice_codes.get(code)
        if taken is not None:
            raise CatalogError(
                f"notice code {code!r} is declared by plugin {taken.plugin!r} and again by "
                f"plugin {plugin!r}"
            )
        self._notice_codes[code] = NoticeCode(plugin, description)

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
        self._shadowed = {k: obj for k, obj in self._shadowed.items() if k[2] != plugin}
        for (kind, ident, other), obj in list(self._shadowed.items()):
            if (kind, ident) not in self._owners:  # the next plugin's copy takes the place
                del self._shadowed[(kind, ident, other)]
                self._items[kind][ident] = obj
                self._owners[(kind, ident)] = other
        for names in self._names.values():
            for name, claims in list(names.items()):
                kept = [c for c in claims if c.plugin != plugin]
                if kept:
                    names[name] = kept
                else:
                    del names[name]
        self._kinds = {k: v for k, v in self._kinds.items() if v != plugin}
        self._hints = [hint for hint in self._hints if hint[2] != plugin]
        self._notice_codes = {c: n for c, n in self._notice_codes.items() if n.plugin != plugin}

    def clashes(self) -> list[Clash]:
        """Names claimed by more than one plugin, in a stable order (kind, then name)."""
        found = []
        for kind, names in self._names.items():
            for name, claims in sorted(names.items()):
                if len({c.plugin for c in claims}) > 1:
                    ordered = sorted(claims, key=lambda c: (c.plugin, c.ident, c.alias or ""))
                    found.append(Clash(kind, name, tuple(ordered)))
        return found

    def build_tolerant(self) -> CatalogResult:
        """The catalog without any contested name, the clashes, and the faults left in it
        (checked as :func:`~mrt_roadmap.catalog.check_catalog` does, attributed to plugins)."""
        clashes = self.clashes()
        contested = {kind: {c.name for c in clashes if c.kind == kind} for kind in _KINDS}
        items = {
            kind: {i: obj for i, obj in objs.items() if i.upper() not in contested[kind]}
            for kind, objs in self._items.items()
        }
        gone_calendars = contested["calendar"]
        if gone_calendars:
            users: dict[str, list[str]] = {}
            for ident, program in list(items["program"].items()):
                if program.calendar.upper() in gone_calendars:
                    users.setdefault(program.calendar.upper(), []).append(ident)
                    del items["program"][ident]
            clashes = [
                attrs.evolve(c, dependents=tuple(users.get(c.name, ())))
                if c.kind == "calendar"
                else c
                for c in clashes
            ]
        credentials = items["credential"]
        for ident, cred in credentials.items():
            kept = tuple(a for a in cred.aliases if a.name.upper() not in contested["credential"])
            if len(kept) != len(cred.aliases):
                credentials[ident] = attrs.evolve(cred, aliases=kept)

        def ordered(kind: str) -> dict[str, Any]:
            return dict(sorted(items[kind].items()))

        catalog = Catalog(
            credentials=ordered("credential"),
            programs=ordered("program"),
            roles=ordered("role"),
            calendars=ordered("calendar"),
            experience_areas=ordered("experience_area"),
            owners={key: p for key, p in self._owners.items() if key[1] in items[key[0]]},
            requirement_kinds=dict(sorted(self._kinds.items())),
            contested={(c.kind, c.name): c.plugins for c in clashes},
            notice_codes=dict(sorted(self._notice_codes.items())),
            install_hints=dict(sorted({n: d for n, d, _ in reversed(self._hints)}.items())),
        )
        faults = catalog_faults(catalog, frozenset(contested["credential"]))
        return CatalogResult(catalog, tuple(clashes), tuple(faults))

    def build(self) -> Catalog:
        """The catalog; raises :class:`CatalogError` on a clash, a dependency cycle or a
        dangling reference (:meth:`build_tolerant` reports them instead)."""
        result = self.build_tolerant()
        if result.clashes:
            raise CatalogError(str(result.clashes[0]))
        check_catalog(result.catalog)
        return result.catalog


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

    def add_install_hint(self, *, credential: str, distribution: str) -> None:
        """Name the distribution to install for ``credential`` (an id or alias) when no installed
        plugin provides it: profiles naming it then get a ``pip install`` hint."""
        self._builder.put_install_hint(credential, distribution, self.plugin)

    def add_notice_code(self, code: str, description: str) -> None:
        """Declare a warning code this plugin raises from ``mrt_roadmap_notices``: your
        namespace, a dot and hyphenated words (``ctr.window-projected``), and what it means."""
        self._builder.put_notice_code(code, description, self.plugin)

    def add_requirement_kind(self, kind: str) -> None:
        """Declare that this plugin evaluates requirements of ``kind``."""
        self._builder.put_requirement_kind(kind, self.plugin)

    def add_file(self, path: str | Path) -> None:
        """Add every definition in a definitions file (``credential.schema.json`` format),
        validated as a whole before any of it is added."""
        from mrt_roadmap.convert import converter
        from mrt_roadmap.schemas import validate

        path = Path(path)
        what = f"definitions file {path.name} from plugin {self.plugin!r}"
        data = json.loads(path.read_bytes())  # parsed JSON: the compiled validator may answer
        problems = validate("credential", data, plain_json=True)
        if problems:
            raise DefinitionError(what, problems)
        conv = converter()
        try:
            found = [
                (kind, conv.structure(dict(item), cls))
                for kind, (key_name, cls) in _KINDS.items()
                for item in data.get(key_name, ())
            ]
        except (ValueError, TypeError):
            # A value only the compiled validator accepts (a year 0000 date): the reference
            # validator says what is wrong, by path.
            problems = validate("credential", data)
            if problems:
                raise DefinitionError(what, problems) from None
            raise
        for kind, obj in found:
            self._builder.put(kind, obj.id, obj, self.plugin)

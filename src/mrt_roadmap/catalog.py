"""The catalog: every credential, program, role, calendar and experience area the plugins
registered, with who registered what. Built once per plugin host and reused."""

from __future__ import annotations

from collections.abc import Mapping

import attrs

from mrt_roadmap.definitions import (
    AcademicCalendar,
    Credential,
    ExperienceArea,
    Program,
    Role,
)
from mrt_roadmap.errors import CatalogError, UnknownIdError
from mrt_roadmap.model_base import Model, read_only_copy


@attrs.frozen(repr=False, eq=False)
class NoticeCode(Model):
    """A warning code a plugin declared: who owns it and what it means."""

    plugin: str
    description: str


@attrs.frozen(repr=False, eq=False)
class Catalog(Model):
    """Read-only view of all definitions. Look credentials up by id or alias.

    Every mapping is a read-only copy of what it was built from, and every definition is
    immutable, so one catalog is safely shared by all plans and threads."""

    credentials: Mapping[str, Credential] = attrs.field(converter=read_only_copy)
    programs: Mapping[str, Program] = attrs.field(converter=read_only_copy)
    roles: Mapping[str, Role] = attrs.field(converter=read_only_copy)
    calendars: Mapping[str, AcademicCalendar] = attrs.field(converter=read_only_copy)
    experience_areas: Mapping[str, ExperienceArea] = attrs.field(converter=read_only_copy)
    owners: Mapping[tuple[str, str], str] = attrs.field(converter=read_only_copy)
    requirement_kinds: Mapping[str, str] = attrs.field(converter=read_only_copy)
    contested: Mapping[tuple[str, str], tuple[str, ...]] = attrs.field(
        factory=dict, converter=read_only_copy
    )
    """Names left out because several plugins claim them: ``(kind, NAME upper-cased)`` to the
    plugins involved, so an error about a missing id can say why it is missing."""
    notice_codes: Mapping[str, NoticeCode] = attrs.field(factory=dict, converter=read_only_copy)
    """Warning codes plugins declared (``Registry.add_notice_code``): code to owner and meaning."""
    install_hints: Mapping[str, str] = attrs.field(factory=dict, converter=read_only_copy)
    """Credential name (upper-cased) to the distribution that provides it, for "install X"
    hints when it is not installed (registered with ``Registry.add_install_hint``)."""
    aliases: Mapping[str, str] = attrs.field(init=False)

    @aliases.default
    def _aliases(self) -> Mapping[str, str]:
        index: dict[str, str] = {}
        for cred in self.credentials.values():
            index[cred.id.upper()] = cred.id
            for alias in cred.aliases:
                index.setdefault(alias.name.upper(), cred.id)
        return read_only_copy(index)

    def install_hint(self, name: str) -> str | None:
        """The distribution to install for credential ``name`` (any case), if a plugin said."""
        return self.install_hints.get(name.upper())

    def owner(self, kind: str, ident: str) -> str:
        """Name of the plugin that registered ``kind`` ``ident``."""
        return self.owners[(kind, ident)]

    def resolve_credential(self, name: str) -> str | None:
        """Canonical id for a credential id or alias (case-insensitive), or ``None``."""
        return self.aliases.get(name.upper())

    def credential(self, name: str) -> Credential:
        ident = self.resolve_credential(name)
        if ident is None:
            raise UnknownIdError(
                "credential",
                name,
                self.credentials,
                hint="Is the plugin that provides it installed? See `mrt-roadmap plugins`.",
            )
        return self.credentials[ident]

    def program(self, ident: str) -> Program:
        if ident not in self.programs:
            raise UnknownIdError("program", ident, self.programs)
        return self.programs[ident]

    def role(self, ident: str) -> Role:
        if ident not in self.roles:
            raise UnknownIdError("role", ident, self.roles)
        return self.roles[ident]

    def calendar(self, ident: str) -> AcademicCalendar:
        if ident not in self.calendars:
            raise UnknownIdError("calendar", ident, self.calendars)
        return self.calendars[ident]


def mandatory_credential_deps(credential: Credential) -> set[str]:
    """Credentials every route of every rule of ``credential`` requires (single-choice only)."""
    per_route: list[set[str]] = []
    for rule in credential.eligibility:
        for route in rule.routes:
            deps = {
                req.get("any_of")[0]
                for req in route.requirements
                if req.kind == "credential" and len(req.get("any_of", ())) == 1
            }
            per_route.append(deps)
    if not per_route:
        return set()
    return set.intersection(*per_route)


def find_cycle(
    credentials: Mapping[str, Credential], resolve: Mapping[str, str]
) -> list[str] | None:
    """A cycle of unconditional credential dependencies (A needs B needs A), if any."""
    graph = {
        cid: sorted(resolve.get(d.upper(), d) for d in mandatory_credential_deps(c))
        for cid, c in credentials.items()
    }
    state: dict[str, int] = {}
    stack: list[str] = []

    def visit(node: str) -> list[str] | None:
        state[node] = 1
        stack.append(node)
        for nxt in graph.get(node, ()):
            if state.get(nxt) == 1:
                return [*stack[stack.index(nxt) :], nxt]
            if nxt in graph and state.get(nxt) is None:
                found = visit(nxt)
                if found:
                    return found
        stack.pop()
        state[node] = 2
        return None

    for node in sorted(graph):
        if state.get(node) is None:
            cycle = visit(node)
            if cycle:
                return cycle
    return None


def check_catalog(catalog: Catalog) -> None:
    """Raise :class:`CatalogError` on a dependency cycle or a dangling reference."""
    cycle = find_cycle(catalog.credentials, catalog.aliases)
    if cycle:
        owners = sorted(
            {catalog.owner("credential", c) for c in cycle if ("credential", c) in catalog.owners}
        )
        raise CatalogError(
            f"credential dependency cycle {' -> '.join(cycle)} (registered by {', '.join(owners)})"
        )
    for cred in catalog.credentials.values():
        for replaced in cred.replaces:
            if catalog.resolve_credential(replaced) is None:
                raise CatalogError(
                    f"credential {cred.id} (plugin {catalog.owner('credential', cred.id)}) "
                    f"replaces unknown credential {replaced!r}"
                )

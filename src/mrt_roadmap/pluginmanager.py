"""Builds the plugin host: built-in plugins, entry points, explicit plugins; tolerant loading
with rollback and attribution; block/allow lists; a typed facade over the hooks.

Every call into plugin code goes through :func:`mrt_roadmap.hook_budget.call`: whatever it
raises (``SystemExit`` and a plugin's own ``KeyboardInterrupt`` included; a real Ctrl-C still
stops the program) and any call over the time budget is a :class:`PluginFailure`, and the rest
goes on. A plugin whose definitions make the catalog inconsistent is left out alone; a name two
plugins claim is given to neither (see ``docs/hooks.md``, "Failures").

Nothing is loaded at import time: call :func:`get_plugin_host`.
"""

from __future__ import annotations

import datetime as dt
import functools
import importlib
import os
import re
from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import TYPE_CHECKING, Any

import attrs
import pluggy

from mrt_roadmap import hook_budget, hook_calls, hook_results
from mrt_roadmap.catalog import Catalog
from mrt_roadmap.errors import CatalogError, InputError, PluginError, Problem
from mrt_roadmap.hook_budget import ENV_HOOK_TIMEOUT, HOOK_TIME_BUDGET, PluginCallFailed
from mrt_roadmap.hookspecs import RoadmapSpecs
from mrt_roadmap.markers import ENTRY_POINT_GROUP, PLUGIN_API_VERSION, PROJECT_NAME
from mrt_roadmap.model_base import Model
from mrt_roadmap.registry import CatalogBuilder, CatalogResult

if TYPE_CHECKING:
    from mrt_roadmap.definitions import Credential, Requirement, Route
    from mrt_roadmap.formats.registry import ExporterRegistry
    from mrt_roadmap.profile import Profile
    from mrt_roadmap.roadmap import Milestone, Notice, Reason, Roadmap
    from mrt_roadmap.state import Holding, PlanState, RequirementStatus

ENV_BLOCK = "MRT_ROADMAP_BLOCK_PLUGINS"
ENV_ALLOW = "MRT_ROADMAP_LOAD_PLUGINS"
ENV_STRICT = "MRT_ROADMAP_STRICT_PLUGINS"

BUILTIN_PLUGINS = ("education", "ahima", "cycles", "careers", "exporters")
"""Built-in plugin modules under ``mrt_roadmap.builtin``, registered like any other plugin."""


def normalize(name: str) -> str:
    """PEP 503 normalized distribution name."""
    return re.sub(r"[-_.]+", "-", name).lower()


@attrs.frozen(repr=False, eq=False)
class PluginFailure(Model):
    """A plugin that failed to load, register or run: who, which version, where, and why."""

    name: str
    version: str
    entry_point: str | None
    stage: str
    error: str

    def __str__(self) -> str:
        ep = f" (entry point {self.entry_point})" if self.entry_point else ""
        return f"{self.name}=={self.version}{ep} failed at {self.stage}: {self.error}"


@attrs.frozen(repr=False, eq=False)
class ExamChoice(Model):
    """The exam date the plugins chose (``plugin`` ``None``: nobody moved it), and why."""

    plugin: str | None
    day: dt.date
    reason: Reason | None = None


@attrs.frozen(repr=False, eq=False)
class PluginRecord(Model):
    """A loaded plugin: distribution name and version, what it provides, hooks it implements."""

    name: str
    version: str
    builtin: bool
    entry_point: str | None
    hooks: tuple[str, ...]
    provides: Mapping[str, tuple[str, ...]]


class _Candidate:
    """A plugin to load: its distribution, version, entry point and how to import it."""

    __slots__ = ("builtin", "entry_point", "load", "name", "version")

    def __init__(
        self,
        name: str,
        version: str,
        entry_point: str | None,
        builtin: bool,
        load: Callable[[], Any],
    ) -> None:
        self.name, self.version, self.entry_point = name, version, entry_point
        self.builtin, self.load = builtin, load


def _builtin_candidates() -> list[_Candidate]:
    from mrt_roadmap import __version__

    return [
        _Candidate(
            name=f"mrt-roadmap.{mod}",
            version=__version__,
            entry_point=None,
            builtin=True,
            load=functools.partial(importlib.import_module, f"mrt_roadmap.builtin.{mod}"),
        )
        for mod in BUILTIN_PLUGINS
    ]


def _entry_point_candidates(warnings: list[str]) -> list[_Candidate]:
    seen: dict[str, str] = {}
    ep_names: dict[str, str] = {}
    found: list[_Candidate] = []
    from mrt_roadmap import entrypoints

    for ep in sorted(entrypoints.find(ENTRY_POINT_GROUP), key=lambda e: e.name):
        dist_name, version = normalize(ep.dist_name), ep.version
        key = f"{dist_name}:{ep.name}"
        if key in seen:
            continue  # the same distribution listed twice on sys.path: first wins
        seen[key] = version
        if ep.name in ep_names and ep_names[ep.name] != dist_name:
            warnings.append(
                f"entry point name {ep.name!r} is used by both {ep_names[ep.name]} and {dist_name}"
            )
        ep_names.setdefault(ep.name, dist_name)
        found.append(_Candidate(dist_name, version, f"{ep.name} = {ep.value}", False, ep.load))
    return found


def _names_of(candidate: _Candidate) -> set[str]:
    names = {normalize(candidate.name)}
    if candidate.entry_point:
        names.add(normalize(candidate.entry_point.split("=")[0].strip()))
    if candidate.builtin:
        names.add(candidate.name.split(".", 1)[1])
    return names


def _split_env(value: str | None) -> tuple[str, ...] | None:
    if value is None:
        return None
    return tuple(normalize(v.strip()) for v in value.split(",") if v.strip())


@attrs.frozen
class HostRecipe:
    """The settings a :class:`PluginHost` was built with, small enough to send to a worker
    process, which builds (once) the same host from its own installed plugins."""

    load_entrypoints: bool
    block: tuple[str, ...]
    allow: tuple[str, ...] | None
    strict: bool | None
    hook_timeout: float | None

    def build(self) -> PluginHost:
        return get_plugin_host(
            load_entrypoints=self.load_entrypoints,
            block=self.block,
            allow=self.allow,
            strict=self.strict,
            hook_timeout=self.hook_timeout,
        )


class PluginHost:
    """The loaded plugins, the catalog they registered, and typed calls into their hooks."""

    def __init__(
        self,
        *,
        load_builtins: bool = True,
        load_entrypoints: bool = True,
        plugins: Sequence[Any] = (),
        block: Iterable[str] = (),
        allow: Iterable[str] | None = None,
        strict: bool | None = None,
        hook_timeout: float | None = None,
    ) -> None:
        """``hook_timeout``: seconds one call into a plugin may take (default
        ``MRT_ROADMAP_HOOK_TIMEOUT``, else :data:`~mrt_roadmap.hook_budget.HOOK_TIME_BUDGET`;
        ``0``: no budget)."""
        env_block = _split_env(os.environ.get(ENV_BLOCK)) or ()
        env_allow = _split_env(os.environ.get(ENV_ALLOW))
        self.blocked = frozenset(normalize(b) for b in (*block, *env_block))
        allowed = allow if allow is not None else env_allow
        self.allowed = None if allowed is None else frozenset(normalize(a) for a in allowed)
        self.strict = (
            strict if strict is not None else os.environ.get(ENV_STRICT, "") not in ("", "0")
        )
        self.hook_timeout = _timeout(hook_timeout)
        self._budget = self.hook_timeout or None
        self._disabled: set[str] = set()
        self.failures: list[PluginFailure] = []
        self.load_warnings: list[str] = []
        self.recipe: HostRecipe | None = (
            None
            if plugins or not load_builtins
            else HostRecipe(
                load_entrypoints,
                tuple(block),
                None if allow is None else tuple(allow),
                strict,
                hook_timeout,
            )
        )
        """How to build this host again in another process (``None``: it holds plugin objects
        given in Python, which cannot be sent)."""
        self.pm = pluggy.PluginManager(PROJECT_NAME)
        self.pm.add_hookspecs(RoadmapSpecs)
        self._meta: dict[str, _Candidate] = {}

        candidates = _builtin_candidates() if load_builtins else []
        if load_entrypoints:
            candidates += _entry_point_candidates(self.load_warnings)
        candidates += [self._explicit(p) for p in plugins]
        for candidate in candidates:
            self._load(candidate)
        self._check_pending()
        self.namespaces = self._namespaces()
        self._contain_runtime_hooks()
        self.catalog = self._register_all()
        self._undeclared_kinds()
        self.plugins = self._records()

    # -- loading --------------------------------------------------------------------------
    def _explicit(self, plugin: Any) -> _Candidate:
        def attr(name: str) -> Any:
            try:
                return hook_budget.call(self._budget, getattr, plugin, name, None)
            except PluginCallFailed:
                return None  # the plugin fails again, and is reported, when it is loaded

        name = attr("PLUGIN_NAME") or attr("__name__") or type(plugin).__name__
        version = str(attr("__version__") or "0")
        return _Candidate(str(name), version, None, False, lambda: plugin)

    def _fail(self, candidate: _Candidate, stage: str, exc: BaseException | str) -> None:
        cause: BaseException | None = None
        if isinstance(exc, str):
            error = exc
        elif isinstance(exc, PluginCallFailed):
            error, cause = exc.error, exc.cause
        else:
            error, cause = f"{type(exc).__name__}: {exc}", exc
        failure = PluginFailure(
            candidate.name, candidate.version, candidate.entry_point, stage, error
        )
        if self.strict:
            raise PluginError(str(failure)) from cause
        self.failures.append(failure)

    def _call(self, fn: Callable[..., Any], *args: Any) -> Any:
        """``fn(*args)`` as plugin code: contained, within the time budget."""
        return hook_budget.call(self._budget, fn, *args)

    def _wanted(self, candidate: _Candidate) -> bool:
        names = _names_of(candidate)
        if names & self.blocked:
            return False
        if self.allowed is None or candidate.builtin:
            return True
        return bool(names & self.allowed)

    def _load(self, candidate: _Candidate) -> None:
        if not self._wanted(candidate):
            return
        if self.pm.has_plugin(candidate.name):
            self.load_warnings.append(f"plugin {candidate.name} listed twice; the first was kept")
            return
        try:
            obj = self._call(candidate.load)
        except PluginCallFailed as exc:
            self._fail(candidate, "import", exc)
            return
        try:
            api = self._call(getattr, obj, "MRT_ROADMAP_API", PLUGIN_API_VERSION)
        except PluginCallFailed as exc:
            self._fail(candidate, "api", exc)
            return
        supported = api if isinstance(api, list | tuple | set | frozenset) else (api,)
        if PLUGIN_API_VERSION not in supported:
            self._fail(
                candidate,
                "api",
                f"written for plugin API {api}, this mrt-roadmap implements API "
                f"{PLUGIN_API_VERSION} (the migration is in mrt-roadmap's CHANGELOG.md)",
            )
            return
        try:
            self._call(self.pm.register, obj, candidate.name)
        except PluginCallFailed as exc:
            if self.pm.has_plugin(candidate.name):
                self.pm.unregister(name=candidate.name)
            self._fail(candidate, "validate", exc)
            return
        refused = _unsupported_impls(self.pm, candidate.name)
        if refused:
            self.pm.unregister(name=candidate.name)
            self._fail(candidate, "validate", refused)
            return
        self._meta[candidate.name] = candidate

    def _check_pending(self) -> None:
        while True:
            try:
                self.pm.check_pending()
                return
            except pluggy.PluginValidationError as exc:
                name = self.pm.get_name(exc.plugin) or "?"
                self.pm.unregister(exc.plugin)
                self._fail(self._meta.pop(name), "validate", exc)

    def _namespaces(self) -> dict[str, str]:
        """Each plugin's milestone-id namespace: ``MRT_ROADMAP_NAMESPACE`` if it declares one,
        else its name without the ``mrt-roadmap-`` prefix. A namespace two plugins would share,
        or one the planner uses itself (``exam``...), becomes each plugin's full name."""
        wanted: dict[str, str] = {}
        for name in self._meta:
            try:
                declared = self._call(
                    getattr, self.pm.get_plugin(name), "MRT_ROADMAP_NAMESPACE", None
                )
            except PluginCallFailed:
                declared = None
            ok = isinstance(declared, str) and _NAMESPACE.fullmatch(declared)
            wanted[name] = declared if ok else hook_results.namespace_of(name)
        counts = Counter(wanted.values())
        spaces = {}
        for name, space in wanted.items():
            if counts[space] > 1 or space in hook_results.CORE_PREFIXES:
                full = normalize(name)
                self.load_warnings.append(
                    f"plugin {name}: milestone-id namespace {space!r} is taken; using {full!r}"
                )
                space = full
            spaces[name] = space
        return spaces

    def _contain_runtime_hooks(self) -> None:
        """Contain every implementation of a runtime hook (see :mod:`mrt_roadmap.hook_calls`)."""
        for hook in sorted(hook_calls.RUNTIME_HOOKS):
            for impl in getattr(self.pm.hook, hook).get_hookimpls():
                hook_calls.contain(
                    impl, hook, self.namespaces, self._budget_now, self._disabled, self._owner
                )

    def _budget_now(self) -> float | None:
        return self._budget

    def _owner(self, what: str, name: str) -> str | None:
        """The plugin that declared ``name``, a ``requirement_kind`` or a ``notice_code``
        (``None``: no plugin did)."""
        if what == "notice_code":
            code = self.catalog.notice_codes.get(name)
            return None if code is None else code.plugin
        owner = self.catalog.requirement_kinds.get(name)
        return None if owner == PROJECT_NAME_CORE else owner

    def _undeclared_kinds(self) -> None:
        """Warn about requirement kinds a definition uses that no plugin declared: the routes
        needing them cannot be planned."""
        declared = self.catalog.requirement_kinds
        for cred in self.catalog.credentials.values():
            owner = self.catalog.owners.get(("credential", cred.id), "?")
            kinds = {
                req.kind
                for rule in cred.eligibility
                for route in rule.routes
                for req in route.requirements
            }
            for kind in sorted(kinds - set(declared)):
                self.load_warnings.append(
                    f"credential {cred.id} (plugin {owner}) needs requirement kind {kind!r}, "
                    "which no loaded plugin declares (registry.add_requirement_kind): the routes "
                    "needing it cannot be planned"
                )

    def _register_all(self) -> Catalog:
        builder = CatalogBuilder()
        impls = {i.plugin_name: i for i in self.pm.hook.mrt_roadmap_register.get_hookimpls()}
        for name in list(self._meta):
            impl = impls.get(name)
            if impl is None:
                continue
            args = {"registry": builder.for_plugin(name)}
            try:
                self._call(impl.function, *[args[a] for a in impl.argnames])
            except PluginCallFailed as exc:
                self._drop(builder, name, "register", exc)
        result = self._consistent(builder)
        for clash in result.clashes:
            for name in clash.plugins:
                self._fail(self._meta[name], "clash", str(clash))
        return result.catalog

    def _drop(self, builder: CatalogBuilder, name: str, stage: str, exc: Any) -> None:
        """Leave plugin ``name`` out: what it registered, its hooks; report why."""
        builder.rollback(name)
        self.pm.unregister(name=name)
        self._fail(self._meta.pop(name), stage, exc)

    def _consistent(self, builder: CatalogBuilder) -> CatalogResult:
        """Build the catalog, leaving out the plugins behind each dependency cycle or dangling
        ``replaces`` (built-ins only when no third-party plugin is involved) until none is left."""
        while True:
            result = builder.build_tolerant()
            if not result.faults:
                return result
            dropped = False
            for fault in result.faults:
                involved = [p for p in fault.plugins if p in self._meta]
                third_party = [p for p in involved if not self._meta[p].builtin]
                for name in third_party or involved:
                    self._drop(builder, name, "catalog", f"{fault.message}; plugin left out")
                    dropped = True
            if not dropped:  # pragma: no cover - every fault names a loaded plugin
                raise CatalogError(result.faults[0].message)

    def _implements(self, name: str, hook: str) -> bool:
        plugin = self.pm.get_plugin(name)
        return any(h.name == hook for h in self.pm.get_hookcallers(plugin) or ())

    def _records(self) -> tuple[PluginRecord, ...]:
        records = []
        for name, cand in self._meta.items():
            plugin = self.pm.get_plugin(name)
            hooks = tuple(sorted(h.name for h in self.pm.get_hookcallers(plugin) or ()))
            provides: dict[str, list[str]] = {}
            for (kind, ident), owner in sorted(self.catalog.owners.items()):
                if owner == name:
                    provides.setdefault(kind, []).append(ident)
            kinds = [k for k, owner in self.catalog.requirement_kinds.items() if owner == name]
            if kinds:
                provides["requirement_kind"] = kinds
            codes = [c for c, n in self.catalog.notice_codes.items() if n.plugin == name]
            if codes:
                provides["notice_code"] = codes
            records.append(
                PluginRecord(
                    name,
                    cand.version,
                    cand.builtin,
                    cand.entry_point,
                    hooks,
                    {k: tuple(v) for k, v in provides.items()},
                )
            )
        return tuple(records)

    # -- typed facade -----------------------------------------------------------------------
    def _runtime_failure(
        self, name: str, hook: str, exc: PluginCallFailed, runtime: list[PluginFailure]
    ) -> None:
        """Report a failed hook call: in this plan's ``runtime``, or, for an overrun (the plugin
        is disabled from now on), in :attr:`failures`, which every later roadmap shows."""
        cand = self._meta.get(name)
        error = exc.error
        if exc.timed_out:
            self._disabled.add(name)
            error += "; the plugin is disabled for the rest of this run"
        failure = PluginFailure(
            name,
            cand.version if cand else "?",
            cand.entry_point if cand else None,
            f"runtime ({hook})",
            error,
        )
        if self.strict:
            raise PluginError(str(failure)) from exc.cause
        (self.failures if exc.timed_out else runtime).append(failure)

    def _call_hook(self, hook: str, runtime: list[PluginFailure], **kwargs: Any) -> Any:
        """``hook`` called through pluggy (implementations contained); failures reported."""
        result, record = hook_calls.call(self.pm, hook, kwargs)
        for plugin, failure in record.failures:
            self._runtime_failure(plugin, hook, failure, runtime)
        return result, record

    @functools.cache  # noqa: B019 - one host per settings, kept for the process anyway
    def implemented(self, hook: str) -> bool:
        """Whether any loaded plugin implements ``hook``."""
        return bool(getattr(self.pm.hook, hook).get_hookimpls())

    def requirement_status(
        self,
        requirement: Requirement,
        profile: Profile,
        state: PlanState,
        runtime: list[PluginFailure],
        route: Route | None = None,
    ) -> tuple[str, RequirementStatus] | None:
        result, record = self._call_hook(
            "mrt_roadmap_requirement_status",
            runtime,
            requirement=requirement,
            profile=profile,
            state=state,
            route=route,
        )
        if result is None:
            return None
        return record.origin(result) or "?", result

    def exam_date(
        self,
        credential: Credential,
        earliest: dt.date,
        profile: Profile,
        runtime: list[PluginFailure],
    ) -> ExamChoice:
        result, record = self._call_hook(
            "mrt_roadmap_exam_date",
            runtime,
            credential=credential,
            earliest=earliest,
            profile=profile,
        )
        if result is None:
            return ExamChoice(None, earliest)
        return ExamChoice(record.origin(result), result.day, result.reason)

    def maintenance(
        self,
        holdings: Sequence[Holding],
        profile: Profile,
        as_of: dt.date,
        horizon: dt.date,
        runtime: list[PluginFailure],
    ) -> list[tuple[str, Milestone]]:
        results, record = self._call_hook(
            "mrt_roadmap_maintenance",
            runtime,
            credentials=holdings,
            profile=profile,
            as_of=as_of,
            horizon=horizon,
        )
        return _attributed(results, record)

    def extra_milestones(
        self, profile: Profile, roadmap: Roadmap, runtime: list[PluginFailure]
    ) -> list[tuple[str, Milestone]]:
        results, record = self._call_hook(
            "mrt_roadmap_milestones", runtime, profile=profile, roadmap=roadmap
        )
        return _attributed(results, record)

    def notices(
        self, profile: Profile, roadmap: Roadmap, runtime: list[PluginFailure]
    ) -> list[Notice]:
        """The warnings plugins add to a draft roadmap (``mrt_roadmap_notices``)."""
        results, _record = self._call_hook(
            "mrt_roadmap_notices", runtime, profile=profile, roadmap=roadmap
        )
        return [notice for result in results for notice in result]

    @functools.cached_property
    def exporters(self) -> ExporterRegistry:
        from mrt_roadmap.formats.registry import ExporterBuilder

        builder = ExporterBuilder()
        impls = {i.plugin_name: i for i in self.pm.hook.mrt_roadmap_exporters.get_hookimpls()}
        for name in list(self._meta):
            impl = impls.get(name)
            if impl is None or name in self._disabled:
                continue
            args = {"registry": builder.for_plugin(name)}
            try:
                self._call(impl.function, *[args[a] for a in impl.argnames])
            except PluginCallFailed as exc:
                builder.rollback(name)
                if exc.timed_out:
                    self._disabled.add(name)
                self._fail(self._meta[name], "exporters", exc)
        return builder.build()


_NAMESPACE = re.compile(r"[a-z][a-z0-9_]*")
PROJECT_NAME_CORE = "mrt-roadmap"
"""The owner recorded for the core requirement kinds (the planner evaluates them itself)."""
_SETUP_HOOKS = ("mrt_roadmap_register", "mrt_roadmap_exporters")


def _unsupported_impls(pm: pluggy.PluginManager, name: str) -> str | None:
    """Why plugin ``name``'s hook implementations cannot be contained, if one cannot:
    old-style ``hookwrapper=True`` anywhere, ``wrapper=True`` on a set-up hook."""
    for caller in pm.get_hookcallers(pm.get_plugin(name)) or ():
        for impl in caller.get_hookimpls():
            if impl.plugin_name != name:
                continue
            if impl.hookwrapper:
                return (
                    f"{caller.name}: hookwrapper=True is not supported (its result object "
                    "cannot be checked); use wrapper=True, pluggy's new-style wrapper"
                )
            if impl.wrapper and caller.name in _SETUP_HOOKS:
                return f"{caller.name}: wrapper=True is supported on the planning hooks only"
    return None


def _attributed(
    results: Sequence[Any], record: hook_calls.CallRecord
) -> list[tuple[str, Milestone]]:
    """The milestones of a collecting hook's results, each with the plugin it came from."""
    return [(record.origin(result) or "?", m) for result in results for m in result]


def _timeout(value: float | None) -> float:
    """The time budget: ``value``, else ``MRT_ROADMAP_HOOK_TIMEOUT``, else the default."""
    if value is not None:
        if not value >= 0:
            raise ValueError(f"hook_timeout must be a number of seconds >= 0, not {value!r}")
        return float(value)
    try:
        return hook_budget.env_budget()
    except ValueError as exc:
        raise InputError(
            f"environment variable {ENV_HOOK_TIMEOUT}", [Problem("$", str(exc))]
        ) from None


def _env_key() -> tuple[str | None, ...]:
    return tuple(os.environ.get(k) for k in (ENV_BLOCK, ENV_ALLOW, ENV_STRICT, ENV_HOOK_TIMEOUT))


@functools.cache
def _cached_host(
    load_entrypoints: bool,
    block: tuple[str, ...],
    allow: tuple[str, ...] | None,
    strict: bool | None,
    hook_timeout: float | None,
    env: tuple[str | None, ...],
) -> PluginHost:
    return PluginHost(
        load_entrypoints=load_entrypoints,
        block=block,
        allow=allow,
        strict=strict,
        hook_timeout=hook_timeout,
    )


def get_plugin_host(
    *,
    load_entrypoints: bool = True,
    block: Iterable[str] = (),
    allow: Iterable[str] | None = None,
    strict: bool | None = None,
    hook_timeout: float | None = None,
) -> PluginHost:
    """The plugin host for these settings: built on first use, then reused.

    ``block`` and ``allow`` take distribution names or entry-point names (built-ins:
    ``education``, ``ahima``, ``careers``, ``exporters``); the environment variables
    ``MRT_ROADMAP_BLOCK_PLUGINS`` and ``MRT_ROADMAP_LOAD_PLUGINS`` (comma-separated; an empty
    allow-list loads no third-party plugin) add to them. ``strict`` (or
    ``MRT_ROADMAP_STRICT_PLUGINS=1``) raises :class:`~mrt_roadmap.errors.PluginError` on the
    first failing plugin instead of reporting it. ``hook_timeout`` (or
    ``MRT_ROADMAP_HOOK_TIMEOUT``) is the time budget of one call into a plugin, in seconds
    (default :data:`~mrt_roadmap.hook_budget.HOOK_TIME_BUDGET`, ``0`` for none).
    """
    return _cached_host(
        load_entrypoints,
        tuple(block),
        None if allow is None else tuple(allow),
        strict,
        hook_timeout,
        _env_key(),
    )


__all__ = [
    "HOOK_TIME_BUDGET",
    "HostRecipe",
    "PluginFailure",
    "PluginHost",
    "PluginRecord",
    "get_plugin_host",
]

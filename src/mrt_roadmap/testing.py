"""Helpers for plugin authors' test suites (also offered as a pytest plugin via ``pytest11``).

Fixtures:

* ``mrt_planner_factory`` — ``factory(*plugins, builtins=True)`` returns a :class:`Planner` whose
  host has the built-ins plus exactly the given plugin objects (no entry points), so installed
  plugins never leak into a test. Nothing global is changed, so there is nothing to undo.
* ``mrt_planner`` — a planner with the built-ins only.

Functions:

* :func:`make_planner` — the same as the factory, for use outside fixtures.
* :func:`assert_plugin_contract` — definitions validate against ``credential.schema.json``,
  every rule has a source and ``as_of``, hook implementations match their specifications,
  and the plugin declares a supported plugin API.
* :func:`check_plugin` — the contract, then every bundled example profile and the author's own
  planned in strict mode, each roadmap valid against ``roadmap.schema.json`` with unique
  milestone ids, and no clash with the plugins installed alongside.
* :func:`run_cli` — run the ``mrt-roadmap`` command in-process, e.g. ``run_cli("plugins")``.
* :func:`example_profile` — a bundled example profile (``mrt-roadmap demo --list``) as a dict.
* :func:`ce_cycles` — a roadmap's CE cycles of one issuer, in date order.
"""

from __future__ import annotations

import collections
import datetime as dt
import inspect
import json
import sys
from collections.abc import Callable, Iterable, Mapping
from importlib import resources
from typing import TYPE_CHECKING, Any

import pytest

from mrt_roadmap import entrypoints, schemas
from mrt_roadmap.errors import ProfileError
from mrt_roadmap.hookspecs import RoadmapSpecs
from mrt_roadmap.markers import ENTRY_POINT_GROUP, PLUGIN_API_VERSION, PROJECT_NAME
from mrt_roadmap.planner import Planner
from mrt_roadmap.pluginmanager import PluginHost, normalize
from mrt_roadmap.profile import Profile, profile_from_dict
from mrt_roadmap.roadmap import Milestone, Roadmap

if TYPE_CHECKING:
    from click.testing import Result


def make_planner(*plugins: Any, builtins: bool = True, strict: bool = True) -> Planner:
    """A planner with the built-ins (unless ``builtins=False``) and exactly ``plugins``.

    Strict by default, so a broken plugin fails the test loudly instead of being reported.
    """
    host = PluginHost(
        load_builtins=builtins, load_entrypoints=False, plugins=plugins, strict=strict
    )
    return Planner(host)


def example_profile(name: str) -> dict[str, Any]:
    """The bundled example profile ``name`` (e.g. ``p7-nurse-to-ods``) as JSON-like data."""
    text = (resources.files("mrt_roadmap") / "examples" / f"{name}.json").read_text("utf-8")
    data: dict[str, Any] = json.loads(text)
    return data


def ce_cycles(roadmap: Roadmap, issuer: str) -> list[Milestone]:
    """The roadmap's ``ce_cycle`` milestones of ``issuer`` (AHIMA, NCRA, AAPC...), by date."""
    found = [m for m in roadmap.by_kind("ce_cycle") if m.details.get("issuer") == issuer]
    return sorted(found, key=lambda m: m.start)


def ce_cycle(roadmap: Roadmap, issuer: str, start: dt.date | str) -> Milestone:
    """The ``issuer`` CE cycle that starts on ``start`` (a date or an ISO string)."""
    day = dt.date.fromisoformat(start) if isinstance(start, str) else start
    for m in ce_cycles(roadmap, issuer):
        if m.start == day:
            return m
    raise LookupError(f"no {issuer} CE cycle starts on {day}")


def _hook_specs() -> dict[str, inspect.Signature]:
    return {
        name: inspect.signature(getattr(RoadmapSpecs, name))
        for name in dir(RoadmapSpecs)
        if name.startswith("mrt_roadmap_")
    }


def assert_plugin_contract(plugin: Any) -> None:
    """Fail (``AssertionError``) unless ``plugin`` honours the plugin contract.

    Checks: hook implementations are named after known hooks and take only arguments the hook
    offers; the declared ``MRT_ROADMAP_API`` (if any) includes this host's API; registration
    succeeds alone with the built-ins; everything the plugin registers has a source URL and an
    ``as_of`` date (schema-validated at registration); every credential's eligibility rules are
    non-empty.
    """
    specs = _hook_specs()
    marker = f"{PROJECT_NAME}_impl"
    impls = {
        name: getattr(plugin, name)
        for name in dir(plugin)
        if name.startswith("mrt_roadmap_") and callable(getattr(plugin, name))
    }
    assert impls, f"{plugin!r} implements no mrt_roadmap_ hook"
    for name, func in impls.items():
        assert name in specs, (
            f"{name} is not a hook of mrt-roadmap (known: {', '.join(sorted(specs))})"
        )
        assert hasattr(func, marker), f"{name} is not decorated with @mrt_roadmap.hookimpl"
        offered = set(specs[name].parameters) - {"self"}
        taken = set(inspect.signature(func).parameters) - {"self"}
        extra = taken - offered
        assert not extra, (
            f"{name} takes {sorted(extra)}, which the hook does not offer ({sorted(offered)})"
        )
    api = getattr(plugin, "MRT_ROADMAP_API", PLUGIN_API_VERSION)
    supported = api if isinstance(api, list | tuple | set | frozenset) else (api,)
    assert PLUGIN_API_VERSION in supported, f"plugin API {api} is not {PLUGIN_API_VERSION}"
    planner = make_planner(plugin)
    catalog = planner.catalog
    name = planner.host.plugins[-1].name
    owned = [key for key, owner in catalog.owners.items() if owner == name]
    for kind, ident in owned:
        obj: Any = {
            "credential": catalog.credentials,
            "program": catalog.programs,
            "role": catalog.roles,
            "calendar": catalog.calendars,
        }.get(kind, {}).get(ident)
        if obj is None:
            continue
        prov = obj.provenance
        assert prov.source.startswith(("http://", "https://")), (
            f"{kind} {ident}: source is not a URL"
        )
        assert prov.as_of is not None, f"{kind} {ident}: as_of missing"
        if kind == "credential":
            assert obj.eligibility, f"credential {ident} has no eligibility rule"
            for rule in obj.eligibility:
                assert rule.routes or rule.historical_note, (
                    f"credential {ident}: a rule has no route"
                )


def example_profile_names() -> list[str]:
    """Names of the bundled example profiles, sorted (``mrt-roadmap demo --list``)."""
    folder = resources.files("mrt_roadmap") / "examples"
    return sorted(f.name[:-5] for f in folder.iterdir() if f.name.endswith(".json"))


def run_cli(*args: str, input: str | None = None, env: Mapping[str, str] | None = None) -> Result:
    """Run ``mrt-roadmap *args`` in-process (click's test runner) and return its result:
    ``exit_code``, ``output``, ``stdout``, ``stderr``. Installed entry points load as usual."""
    from click.testing import CliRunner

    from mrt_roadmap.cli import cli

    return CliRunner().invoke(cli, list(args), input=input, env=env, catch_exceptions=False)


def plugin_name(plugin: Any) -> str:
    """The name a host gives ``plugin`` passed as an object: its ``PLUGIN_NAME``, else its
    ``__name__`` (a module), else its class name."""
    name = getattr(plugin, "PLUGIN_NAME", None) or getattr(plugin, "__name__", None)
    return str(name or type(plugin).__name__)


def _installed_as(plugin: Any) -> list[str]:
    """Distributions whose ``mrt_roadmap`` entry point names ``plugin`` itself (so the clash
    check does not load it twice)."""
    out = []
    for ep in entrypoints.find(ENTRY_POINT_GROUP):
        module, _, attr = ep.value.partition(":")
        module, attr = module.strip(), attr.split("[")[0].strip()
        target: Any = sys.modules.get(module)
        for part in attr.split(".") if attr else ():
            target = getattr(target, part, None)
        if target is not None and target is plugin:
            out.append(normalize(ep.dist_name))
    return out


def assert_roadmap_valid(roadmap: Roadmap, label: str = "roadmap") -> None:
    """Fail unless ``roadmap`` written as JSON validates against ``roadmap.schema.json`` and
    its milestone ids are unique."""
    from mrt_roadmap.formats.json_format import to_dict

    problems = schemas.validate("roadmap", to_dict(roadmap))
    assert not problems, f"{label}: the roadmap does not match roadmap.schema.json:\n" + "\n".join(
        f"  - {p}" for p in problems
    )
    counts = collections.Counter(m.id for m in roadmap.milestones)
    dupes = {ident: n for ident, n in counts.items() if n > 1}
    assert not dupes, (
        f"{label}: duplicate milestone ids {dupes} (plugins: "
        + ", ".join(sorted({m.plugin or "core" for m in roadmap.milestones if m.id in dupes}))
        + ")"
    )


def _only_unknown_ids(exc: ProfileError) -> bool:
    """True if ``exc`` only says the profile names something no loaded plugin provides."""
    return bool(exc.problems) and all(p.message.startswith("unknown ") for p in exc.problems)


def check_plugin(
    plugin: Any,
    profiles: Iterable[Mapping[str, Any] | Profile] = (),
    *,
    bundled: bool = True,
) -> dict[str, Roadmap]:
    """Fail unless ``plugin`` passes every check of the author kit; return the roadmaps.

    1. :func:`assert_plugin_contract`.
    2. With the built-ins and ``plugin`` in strict mode (a bad hook return raises
       :class:`~mrt_roadmap.errors.PluginError` naming plugin and hook), plan every bundled
       example profile (``bundled=False``: none; one that names a credential only other plugins
       provide is skipped) and each of ``profiles`` (dicts or :class:`Profile`).
    3. Each roadmap: :func:`assert_roadmap_valid` (schema, unique milestone ids).
    4. A host with the built-ins, every installed entry point and ``plugin`` reports no
       ``clash`` or ``catalog`` failure involving ``plugin``.

    Returns the roadmaps by profile id.
    """
    assert_plugin_contract(plugin)
    planner = make_planner(plugin, strict=True)
    todo: list[tuple[str, Profile, bool]] = []
    if bundled:
        for name in example_profile_names():
            todo.append(
                (f"example profile {name!r}", profile_from_dict(example_profile(name)), True)
            )
    for item in profiles:
        prof = item if isinstance(item, Profile) else profile_from_dict(dict(item))
        todo.append((f"profile {prof.id!r}", prof, False))
    roadmaps: dict[str, Roadmap] = {}
    for label, prof, optional in todo:
        try:
            roadmap = planner.plan(prof)
        except ProfileError as exc:
            if optional and _only_unknown_ids(exc):
                continue
            exc.add_note(f"while planning {label} with {plugin_name(plugin)}")
            raise
        except Exception as exc:
            exc.add_note(f"while planning {label} with {plugin_name(plugin)}")
            raise
        assert_roadmap_valid(roadmap, label)
        roadmaps[prof.id] = roadmap
    assert_no_clash(plugin)
    return roadmaps


def assert_no_clash(plugin: Any) -> None:
    """Fail if ``plugin``, loaded with the built-ins and every installed plugin, claims an id
    another plugin claims (stage ``clash``) or makes the catalog inconsistent (``catalog``)."""
    name = plugin_name(plugin)
    host = PluginHost(
        load_builtins=True,
        load_entrypoints=True,
        plugins=[plugin],
        block=_installed_as(plugin),
        strict=False,
    )
    found = [
        str(f)
        for f in host.failures
        if f.stage in ("clash", "catalog") and (f.name == name or name in f.error)
    ]
    assert not found, f"{name} does not fit with the installed plugins:\n" + "\n".join(
        f"  - {f}" for f in found
    )


@pytest.fixture
def mrt_planner_factory() -> Callable[..., Planner]:
    """Factory: ``mrt_planner_factory(plugin, ...)`` -> Planner with built-ins + those plugins."""
    return make_planner


@pytest.fixture
def mrt_planner() -> Planner:
    """A planner with the built-in plugins only (no installed entry points)."""
    return make_planner()

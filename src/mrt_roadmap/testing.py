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
* :func:`example_profile` — a bundled example profile (``mrt-roadmap demo --list``) as a dict.
* :func:`ce_cycles` — a roadmap's CE cycles of one issuer, in date order.
"""

from __future__ import annotations

import datetime as dt
import inspect
import json
from collections.abc import Callable
from importlib import resources
from typing import Any

import pytest

from mrt_roadmap.hookspecs import RoadmapSpecs
from mrt_roadmap.markers import PLUGIN_API_VERSION, PROJECT_NAME
from mrt_roadmap.planner import Planner
from mrt_roadmap.pluginmanager import PluginHost
from mrt_roadmap.roadmap import Milestone, Roadmap


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


@pytest.fixture
def mrt_planner_factory() -> Callable[..., Planner]:
    """Factory: ``mrt_planner_factory(plugin, ...)`` -> Planner with built-ins + those plugins."""
    return make_planner


@pytest.fixture
def mrt_planner() -> Planner:
    """A planner with the built-in plugins only (no installed entry points)."""
    return make_planner()

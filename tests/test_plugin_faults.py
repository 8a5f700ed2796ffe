"""Plugin faults are contained: BaseExceptions from plugin code, the time budget per hook call,
catalog errors of one plugin, and id/alias clashes between plugins."""

from __future__ import annotations

import contextlib
import json
import os
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import attrs
import plugin_fixtures as fx
import pytest

from mrt_roadmap import hookimpl
from mrt_roadmap.errors import InputError, PluginError, ProfileError
from mrt_roadmap.planner import Planner
from mrt_roadmap.pluginmanager import PluginHost
from mrt_roadmap.profile import profile_from_dict

PROFILE = {
    "id": "t",
    "as_of": "2026-11-26",
    "education": [{"level": "high_school", "end": "2010-06-01"}],
    "availability": {"study_hours_per_week": 10},
}
EXAM = {"source": fx.SOURCE, "as_of": "2025-01-01", "processing_business_days": 0}


def host(*plugins: Any, **kw: Any) -> PluginHost:
    return PluginHost(load_entrypoints=False, plugins=plugins, **kw)


def plan(h: PluginHost, goals: tuple[str, ...] = ("ONE",)) -> Any:
    data = {**PROFILE, "goals": {"credentials": list(goals)}}
    return Planner(h).plan(profile_from_dict(data))


def failed(roadmap: Any, *words: str) -> bool:
    return any(
        w.code == "plugin-failed" and all(word in w.message for word in words)
        for w in roadmap.warnings
    )


class FakeEntryPoint:
    def __init__(self, name: str, loader: Any) -> None:
        self.name, self.value = name, f"mrt_roadmap_{name}"
        self.dist_name, self.version = f"mrt-roadmap-{name}", "1.0"
        self._loader = loader

    def load(self) -> Any:
        return self._loader()


class Raises:
    """Raises ``exc`` from ``hook`` (every hook implemented, so each can be chosen)."""

    def __init__(self, hook: str, exc: BaseException) -> None:
        self.PLUGIN_NAME = f"raises-in-{hook}"
        self.hook, self.exc = hook, exc

    def _maybe(self, hook: str) -> None:
        if hook == self.hook:
            raise self.exc

    @hookimpl
    def mrt_roadmap_register(self, registry: Any) -> None:
        registry.add_credential(fx.credential("MINE"))
        self._maybe("register")

    @hookimpl
    def mrt_roadmap_requirement_status(self) -> None:
        self._maybe("requirement_status")

    @hookimpl
    def mrt_roadmap_exam_date(self) -> None:
        self._maybe("exam_date")

    @hookimpl
    def mrt_roadmap_maintenance(self) -> None:
        self._maybe("maintenance")

    @hookimpl
    def mrt_roadmap_milestones(self) -> None:
        self._maybe("milestones")

    @hookimpl
    def mrt_roadmap_exporters(self, registry: Any) -> None:
        self._maybe("exporters")


class Sleeps:
    """Its exam-date hook sleeps (or spins) far longer than any budget; counts its calls."""

    PLUGIN_NAME = "sleeps"

    def __init__(self, how: str = "sleep") -> None:
        self.how, self.calls = how, 0

    @hookimpl
    def mrt_roadmap_exam_date(self) -> None:
        self.calls += 1
        if self.how == "swallow":
            with contextlib.suppress(BaseException):  # swallows the first alarm
                time.sleep(30)
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            if self.how != "spin":
                time.sleep(30)


# -- BaseExceptions from plugin code ---------------------------------------------------------------
@pytest.mark.parametrize("exc", [SystemExit(0), KeyboardInterrupt(), GeneratorExit()])
def test_a_base_exception_at_import_is_a_failure(monkeypatch, exc):
    def load() -> Any:
        raise exc

    good = fx.Registers("good", fx.credential("GOOD"))
    monkeypatch.setattr(
        "mrt_roadmap.entrypoints.find",
        lambda group: [FakeEntryPoint("broken", load), FakeEntryPoint("good", lambda: good)],
    )
    h = PluginHost()
    (failure,) = [f for f in h.failures if f.name == "mrt-roadmap-broken"]
    assert (failure.stage, failure.error.split(":")[0]) == ("import", type(exc).__name__)
    assert {"GOOD", "RHIT"} <= set(h.catalog.credentials)
    assert failed(plan(h, ("GOOD",)), "mrt-roadmap-broken", type(exc).__name__)


def test_an_attribute_that_raises_system_exit_is_a_failure():
    class Trap:
        PLUGIN_NAME = "trap"

        def __getattr__(self, name: str) -> Any:
            sys.exit(0)

    h = host(Trap(), fx.Registers("one", fx.credential("ONE")))
    (failure,) = h.failures
    assert (failure.name, failure.stage, failure.error) == ("trap", "api", "SystemExit: 0")
    assert plan(h).goals[0].reached_on is not None


def test_system_exit_in_register_rolls_the_plugin_back():
    h = host(Raises("register", SystemExit(0)), fx.Registers("one", fx.credential("ONE")))
    (failure,) = h.failures
    assert (failure.stage, failure.error) == ("register", "SystemExit: 0")
    assert "MINE" not in h.catalog.credentials
    assert plan(h).goals[0].reached_on is not None


def test_system_exit_in_exporters_drops_its_formats_only():
    h = host(Raises("exporters", SystemExit(3)))
    assert "json" in h.exporters.exporters
    (failure,) = h.failures
    assert (failure.stage, failure.error) == ("exporters", "SystemExit: 3")


@pytest.mark.parametrize("hook", ["requirement_status", "exam_date", "maintenance", "milestones"])
@pytest.mark.parametrize("exc", [SystemExit(0), KeyboardInterrupt(), GeneratorExit()])
def test_a_base_exception_in_a_hook_is_a_runtime_failure(hook, exc):
    lab = fx.PracticumKind()  # makes mrt_roadmap_requirement_status be called
    one = fx.Registers("one", fx.credential("ONE", exam=EXAM))
    fx_maint = fx.Maintains()
    roadmap = plan(host(lab, one, fx_maint, Raises(hook, exc)), ("ONE", "LAB"))  # called first
    assert all(g.reached_on is not None for g in roadmap.goals)
    assert failed(roadmap, f"raises-in-{hook}", f"mrt_roadmap_{hook}", type(exc).__name__)


def test_strict_mode_turns_a_plugin_system_exit_into_a_plugin_error():
    h = host(Raises("exam_date", SystemExit(0)), strict=True)
    with pytest.raises(PluginError, match="SystemExit"):
        plan(h, ("RHIT",))


def _handler_settles_on(handler: Any) -> bool:
    """Whether SIGINT's handler becomes ``handler`` within two seconds (the budget's timer puts
    the default back on its first tick after the last plugin call)."""
    deadline = time.monotonic() + 2
    while signal.getsignal(signal.SIGINT) is not handler and time.monotonic() < deadline:
        time.sleep(0.05)
    return signal.getsignal(signal.SIGINT) is handler


@pytest.fixture
def default_sigint() -> Iterator[None]:
    """Python's default SIGINT handler for the test (an in-process CLI test may have left the
    command's marker installed), the previous one afterwards."""
    previous = signal.signal(signal.SIGINT, signal.default_int_handler)
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, previous)


@pytest.mark.usefixtures("default_sigint")
def test_a_real_sigint_during_a_hook_still_stops_the_plan():

    class Interrupted:
        PLUGIN_NAME = "interrupted"

        @hookimpl
        def mrt_roadmap_exam_date(self) -> None:
            signal.raise_signal(signal.SIGINT)  # as if the user pressed Ctrl-C now
            time.sleep(5)

    with pytest.raises(KeyboardInterrupt):
        plan(host(Interrupted()), ("RHIT",))
    assert _handler_settles_on(signal.default_int_handler)


# -- the time budget ---------------------------------------------------------------------------------
@pytest.mark.parametrize("how", ["sleep", "spin", "swallow"])
def test_a_hook_over_its_budget_is_stopped_reported_and_disabled(how):
    slow = Sleeps(how)
    h = host(fx.Registers("one", fx.credential("ONE", exam=EXAM)), slow, hook_timeout=0.2)
    started = time.monotonic()
    first = plan(h)
    assert time.monotonic() - started < 5
    assert first.goals[0].reached_on is not None
    assert failed(first, "sleeps", "mrt_roadmap_exam_date", "exceeded its 0.2 s time budget")
    assert failed(plan(h), "sleeps", "disabled")
    assert slow.calls == 1


def test_the_budget_in_strict_mode_is_a_plugin_error():
    with pytest.raises(PluginError, match=r"exceeded its 0\.2 s time budget"):
        plan(host(Sleeps(), hook_timeout=0.2, strict=True), ("RHIT",))


def test_the_budget_comes_from_the_environment(monkeypatch):
    assert host().hook_timeout == 10.0
    monkeypatch.setenv("MRT_ROADMAP_HOOK_TIMEOUT", "2.5")
    assert host().hook_timeout == 2.5
    assert host(hook_timeout=1).hook_timeout == 1.0
    monkeypatch.setenv("MRT_ROADMAP_HOOK_TIMEOUT", "soon")
    with pytest.raises(InputError, match="MRT_ROADMAP_HOOK_TIMEOUT"):
        host()


def test_in_a_worker_thread_an_overrun_is_reported_when_the_call_returns():
    class Slowish:
        PLUGIN_NAME = "slowish"
        calls = 0

        @hookimpl
        def mrt_roadmap_exam_date(self) -> None:
            Slowish.calls += 1
            time.sleep(0.4)

    h = host(Slowish(), hook_timeout=0.1)
    out: list[Any] = []
    for _ in range(2):
        worker = threading.Thread(target=lambda: out.append(plan(h, ("RHIT",))))
        worker.start()
        worker.join(10)
    assert failed(out[0], "slowish", "exceeded its 0.1 s time budget")
    assert Slowish.calls == 1


# -- catalog errors ------------------------------------------------------------------------------
def needs(ident: str, other: str) -> dict[str, Any]:
    return fx.credential(ident, [{"kind": "credential", "any_of": [other], "label": f"{other}"}])


def test_a_cycle_disables_its_plugin_alone():
    loop = fx.Registers("loop", needs("AAA", "BBB"), needs("BBB", "AAA"))
    h = host(loop, fx.Registers("one", fx.credential("ONE")))
    (failure,) = h.failures
    assert (failure.name, failure.stage) == ("loop", "catalog")
    assert "AAA -> BBB -> AAA" in failure.error
    assert not {"AAA", "BBB"} & set(h.catalog.credentials)
    assert {"ONE", "RHIT"} <= set(h.catalog.credentials)
    assert "loop" not in [p.name for p in h.plugins]
    assert plan(h).goals[0].reached_on is not None


def test_a_cycle_across_two_plugins_disables_both_and_no_built_in():
    h = host(fx.Registers("one", needs("AAA", "BBB")), fx.Registers("two", needs("BBB", "RHIT")))
    assert not h.failures  # RHIT does not need BBB: no cycle
    h = host(fx.Registers("one", needs("AAA", "BBB")), fx.Registers("two", needs("BBB", "AAA")))
    assert sorted(f.name for f in h.failures) == ["one", "two"]
    assert "RHIA" in h.catalog.credentials


def test_a_dangling_replaces_disables_its_plugin_alone():
    ghost = fx.Registers("ghost", fx.credential("NEW", replaces=["GHOST"]))
    h = host(ghost, fx.Registers("one", fx.credential("ONE")))
    (failure,) = h.failures
    assert (failure.name, failure.stage) == ("ghost", "catalog")
    assert "replaces unknown credential 'GHOST'" in failure.error
    assert failed(plan(h), "ghost")
    with pytest.raises(PluginError, match="GHOST"):
        host(ghost, strict=True)


# -- clashes ---------------------------------------------------------------------------------------
def test_a_case_variant_of_a_builtin_id_is_a_clash_naming_both():
    h = host(fx.Registers("rogue", fx.credential("rhit")))
    assert sorted(f.name for f in h.failures) == ["mrt-roadmap.ahima", "rogue"]
    for f in h.failures:
        assert f.stage == "clash"
        assert "'RHIT'" in f.error
        assert "mrt-roadmap.ahima" in f.error
        assert "rogue" in f.error
        assert "--block" in f.error
    assert h.catalog.resolve_credential("rhit") is None
    assert "RHIA" in h.catalog.credentials  # its `replaces: RHIT` is not held against it
    with pytest.raises(ProfileError, match="RHIT"):
        plan(h, ("RHIT",))  # planned by neither
    with pytest.raises(PluginError, match="rogue"):
        host(fx.Registers("rogue", fx.credential("rhit")), strict=True)


def test_an_alias_equal_to_another_plugins_alias_is_taken_from_both():
    a = fx.Registers("a", fx.credential("AAA", aliases=[{"name": "Shared"}]))
    b = fx.Registers("b", fx.credential("BBB", aliases=[{"name": "SHARED"}, {"name": "Bee"}]))
    h = host(a, b)
    assert sorted(f.name for f in h.failures) == ["a", "b"]
    assert all("'SHARED'" in f.error and "'a'" not in f.error for f in h.failures)
    assert h.catalog.resolve_credential("shared") is None
    assert h.catalog.resolve_credential("bee") == "BBB"
    assert {"AAA", "BBB"} <= set(h.catalog.credentials)
    assert failed(plan(h, ("AAA",)), "'SHARED'", "a", "b")


def test_an_alias_equal_to_another_plugins_id_drops_that_id_and_the_alias():
    a = fx.Registers("a", fx.credential("AAA"))
    b = fx.Registers("b", fx.credential("BBB", aliases=[{"name": "aaa"}]))
    for order in ((a, b), (b, a)):  # the same outcome whatever the load order
        h = host(*order)
        assert sorted(f.name for f in h.failures) == ["a", "b"]
        assert "AAA" not in h.catalog.credentials
        assert h.catalog.credentials["BBB"].aliases == ()
        assert h.catalog.resolve_credential("aaa") is None


def test_a_calendar_clash_takes_the_programs_that_use_it_along():
    cal = host().catalog.calendars["us_semester"]

    class Calendar:
        PLUGIN_NAME = "calendar"

        @hookimpl
        def mrt_roadmap_register(self, registry: Any) -> None:
            registry.add_calendar(attrs.evolve(cal, id="US_SEMESTER"))

    h = host(Calendar())
    assert not {"us_semester", "US_SEMESTER"} & set(h.catalog.calendars)
    assert all(p.calendar.upper() != "US_SEMESTER" for p in h.catalog.programs.values())
    assert all("calendar id 'US_SEMESTER'" in f.error for f in h.failures)
    plan(h, ("RHIT",))  # plans (without those programs) instead of failing


def test_one_plugin_naming_one_thing_twice_fails_its_registration():
    twice = fx.Registers("twice", fx.credential("DUO"), fx.credential("duo"))
    (failure,) = host(twice).failures
    assert (failure.name, failure.stage) == ("twice", "register")


# -- the command line, in a separate process -------------------------------------------------------
PLUGINS = {
    "exit_import": "import sys\nsys.exit(0)\n",
    "exit_hook": (
        "import sys\nfrom mrt_roadmap import hookimpl\n\n@hookimpl\n"
        "def mrt_roadmap_milestones(profile, roadmap):\n    sys.exit(0)\n"
    ),
    "slow": (
        "import os, pathlib, time\nfrom mrt_roadmap import hookimpl\n\n@hookimpl\n"
        "def mrt_roadmap_milestones(profile, roadmap):\n"
        "    if os.environ.get('SLOW_FLAG'):\n"
        "        pathlib.Path(os.environ['SLOW_FLAG']).write_text('in')\n"
        "    time.sleep(60)\n"
    ),
    **{
        name: (
            "from pathlib import Path\nfrom mrt_roadmap import hookimpl\n\n@hookimpl\n"
            "def mrt_roadmap_register(registry):\n"
            f"    registry.add_file(Path(__file__).with_name('{name}.json'))\n"
        )
        for name in ("cycle", "dangling", "clash")
    },
}
DATA = {
    "cycle": [needs("AAA", "BBB"), needs("BBB", "AAA")],
    "dangling": [fx.credential("NEW", replaces=["GHOST"])],
    "clash": [fx.credential("rhia")],
}
EXPECTED = {
    "exit_import": "SystemExit",
    "exit_hook": "SystemExit",
    "slow": "exceeded its 1 s time budget",
    "cycle": "AAA -> BBB -> AAA",
    "dangling": "GHOST",
    "clash": "mrt-roadmap.ahima",
}


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("site")
    for name, source in PLUGINS.items():
        info = root / f"mrt_roadmap_{name}-1.0.dist-info"
        info.mkdir()
        dist = f"mrt-roadmap-{name.replace('_', '-')}"
        (info / "METADATA").write_text(f"Metadata-Version: 2.1\nName: {dist}\nVersion: 1.0\n")
        (info / "entry_points.txt").write_text(f"[mrt_roadmap]\n{name} = mrt_roadmap_{name}\n")
        (root / f"mrt_roadmap_{name}.py").write_text(source)
        if name in DATA:
            (root / f"{name}.json").write_text(json.dumps({"credentials": DATA[name]}))
    return root


def cli(site: Path, plugin: str, *args: str, **popen: Any) -> Any:
    env = {
        **os.environ,
        "PYTHONPATH": os.pathsep.join([str(site), os.environ.get("PYTHONPATH", "")]),
        "MRT_ROADMAP_LOAD_PLUGINS": plugin,
        "MRT_ROADMAP_HOOK_TIMEOUT": "1",
        **popen.pop("env", {}),
    }
    env.pop("MRT_ROADMAP_STRICT_PLUGINS", None)
    cmd = [sys.executable, "-c", "from mrt_roadmap.cli import main; main()", *args]
    if popen.pop("background", False):
        return subprocess.Popen(cmd, env=env, text=True, stderr=subprocess.PIPE, **popen)
    return subprocess.run(cmd, capture_output=True, text=True, env=env, timeout=60, check=False)


@pytest.mark.parametrize("plugin", sorted(PLUGINS))
def test_cli_reports_each_fault_and_strict_exits_3(site, plugin):
    started = time.monotonic()
    listing = cli(site, plugin, "plugins", "--json")
    assert listing.returncode == 0, listing.stderr
    failures = json.loads(listing.stdout)["failed"]
    if plugin not in ("exit_hook", "slow"):  # those fail while planning, not while loading
        assert any(EXPECTED[plugin] in f["error"] for f in failures), failures
    demo = cli(site, plugin, "demo", "-f", "json")
    assert demo.returncode == 0, demo.stderr
    messages = [w["message"] for w in json.loads(demo.stdout)["warnings"]]
    assert any(EXPECTED[plugin] in m for m in messages), messages
    strict = cli(site, plugin, "--strict", "demo")
    assert strict.returncode == 3, strict.stderr
    assert EXPECTED[plugin] in strict.stderr
    for result in (listing, demo, strict):
        assert "Traceback" not in result.stdout + result.stderr
    assert time.monotonic() - started < 40  # the slow plugin costs ~1 s per command


def test_cli_a_real_ctrl_c_stops_a_slow_plugin(site, tmp_path):
    flag = tmp_path / "flag"
    proc = cli(
        site,
        "slow",
        "demo",
        background=True,
        stdout=subprocess.DEVNULL,
        env={"MRT_ROADMAP_HOOK_TIMEOUT": "60", "SLOW_FLAG": str(flag)},
    )
    try:
        deadline = time.monotonic() + 30
        while not flag.exists() and time.monotonic() < deadline and proc.poll() is None:
            time.sleep(0.05)
        assert flag.exists(), "the slow hook never started"
        proc.send_signal(signal.SIGINT)
        _, stderr = proc.communicate(timeout=10)
    finally:
        proc.kill()
    assert proc.returncode in (1, 130, -signal.SIGINT)
    assert "Aborted!" in stderr or proc.returncode != 1
    assert "Traceback" not in stderr


class _BadExporters:
    """Formats that fail in every way an export can."""

    PLUGIN_NAME = "bad-exporters"

    @hookimpl
    def mrt_roadmap_exporters(self, registry):
        def raises(roadmap):
            raise RuntimeError("boom")

        def exits(roadmap):
            raise SystemExit(0)

        def not_text(roadmap):
            return b"bytes"

        def sleeps(roadmap):
            time.sleep(60)
            return ""

        for name, function in [
            ("raises", raises),
            ("exits", exits),
            ("not-text", not_text),
            ("sleeps", sleeps),
        ]:
            registry.add(name, function)


@pytest.mark.parametrize(
    ("fmt", "message"),
    [
        ("raises", "RuntimeError: boom"),
        ("exits", "SystemExit: 0"),
        ("not-text", "returned bytes, not text"),
        ("sleeps", "time budget"),
    ],
)
def test_a_failing_format_is_a_plugin_error_naming_format_and_plugin(
    fmt, message, monkeypatch, example
):
    from mrt_roadmap.errors import PluginError
    from mrt_roadmap.testing import make_planner

    monkeypatch.setenv("MRT_ROADMAP_HOOK_TIMEOUT", "0.5")
    planner = make_planner(_BadExporters())
    roadmap = planner.plan(example("p5-working-rhit-to-rhia"))
    with pytest.raises(PluginError, match=f"format '{fmt}' of plugin 'bad-exporters'.*{message}"):
        planner.host.exporters.get(fmt).function(roadmap)

"""Plugin loading (tolerant, strict, block/allow, API version, rollback) and every hook."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import plugin_fixtures as fx
import pytest

from mrt_roadmap.errors import PluginError, ProfileError
from mrt_roadmap.planner import Planner
from mrt_roadmap.pluginmanager import PluginHost
from mrt_roadmap.profile import profile_from_dict
from mrt_roadmap.testing import example_profile

PROFILE = {
    "id": "t",
    "as_of": "2026-11-26",
    "education": [{"level": "high_school", "end": "2010-06-01"}],
    "availability": {"study_hours_per_week": 10},
}


def host(*plugins: Any, **kw: Any) -> PluginHost:
    return PluginHost(load_entrypoints=False, plugins=plugins, **kw)


def plan_with(*plugins: Any, goals: list[str] | None = None) -> Any:
    planner = Planner(host(*plugins))
    data = {**PROFILE, "goals": {"credentials": goals or []}}
    return planner.plan(profile_from_dict(data))


class FakeEntryPoint:
    def __init__(self, name: str, dist: str, version: str, loader: Any) -> None:
        self.name, self.value, self.dist_name, self.version = name, f"{dist}_mod", dist, version
        self._loader = loader

    def load(self) -> Any:
        return self._loader()


@pytest.fixture
def entry_points(monkeypatch):
    """Replace installed entry points with fakes for one test."""

    def install(*eps: FakeEntryPoint) -> None:
        monkeypatch.setattr("mrt_roadmap.entrypoints.find", lambda group: list(eps))

    return install


def boom() -> Any:
    raise ImportError("No module named 'numpy'")


# -- loading ----------------------------------------------------------------------------------
def test_a_plugin_that_fails_on_import_is_reported_and_the_rest_go_on(entry_points):
    good = fx.Registers("good", fx.credential("GOOD"))
    entry_points(
        FakeEntryPoint("broken", "mrt-roadmap-broken", "1.2.3", boom),
        FakeEntryPoint("good", "mrt-roadmap-good", "0.4", lambda: good),
    )
    h = PluginHost()
    (failure,) = h.failures
    assert (failure.name, failure.version, failure.stage) == (
        "mrt-roadmap-broken",
        "1.2.3",
        "import",
    )
    assert "numpy" in failure.error
    assert "broken = mrt-roadmap-broken_mod" in str(failure)
    assert {"GOOD", "RHIT", "RHIA"} <= set(h.catalog.credentials)
    roadmap = Planner(h).plan(profile_from_dict(PROFILE))
    assert any(
        w.code == "plugin-failed" and "mrt-roadmap-broken==1.2.3" in w.message
        for w in roadmap.warnings
    )


def test_strict_mode_raises_on_the_first_failure(entry_points):
    entry_points(FakeEntryPoint("broken", "mrt-roadmap-broken", "1.2.3", boom))
    with pytest.raises(PluginError, match=re.escape("mrt-roadmap-broken==1.2.3")):
        PluginHost(strict=True)


def test_strict_mode_from_the_environment(entry_points, monkeypatch):
    entry_points(FakeEntryPoint("broken", "mrt-roadmap-broken", "1.2.3", boom))
    monkeypatch.setenv("MRT_ROADMAP_STRICT_PLUGINS", "1")
    with pytest.raises(PluginError):
        PluginHost()


def test_the_same_distribution_listed_twice_loads_once(entry_points):
    plugin = fx.Registers("dup", fx.credential("DUP"))
    ep = FakeEntryPoint("dup", "mrt-roadmap-dup", "1.0", lambda: plugin)
    entry_points(ep, ep)
    h = PluginHost()
    assert [p.name for p in h.plugins].count("mrt-roadmap-dup") == 1
    assert not h.failures


def test_block_and_allow_lists(entry_points, monkeypatch):
    a = fx.Registers("a", fx.credential("AAA"))
    b = fx.Registers("b", fx.credential("BBB"))
    entry_points(
        FakeEntryPoint("a", "mrt-roadmap-a", "1", lambda: a),
        FakeEntryPoint("b", "mrt-roadmap-b", "1", lambda: b),
    )
    assert "AAA" not in PluginHost(block=["mrt-roadmap-a"]).catalog.credentials
    assert "BBB" not in PluginHost(block=["b"]).catalog.credentials  # entry-point name
    only_a = PluginHost(allow=["a"]).catalog.credentials
    assert "AAA" in only_a
    assert "BBB" not in only_a
    assert "RHIT" in only_a
    monkeypatch.setenv("MRT_ROADMAP_LOAD_PLUGINS", "")
    none = PluginHost().catalog.credentials
    assert "AAA" not in none
    assert "BBB" not in none
    assert "RHIT" in none
    monkeypatch.delenv("MRT_ROADMAP_LOAD_PLUGINS")
    monkeypatch.setenv("MRT_ROADMAP_BLOCK_PLUGINS", "mrt_roadmap_a , ahima")
    blocked = PluginHost().catalog.credentials
    assert "AAA" not in blocked
    assert "RHIT" not in blocked
    assert "BBB" in blocked


def test_register_failure_rolls_back_everything_the_plugin_added():
    h = host(fx.FailsAfterRegistering())
    assert "HALF" not in h.catalog.credentials
    (failure,) = h.failures
    assert failure.stage == "register"
    assert "data file missing" in failure.error
    assert not h.pm.has_plugin("half-done")


@pytest.mark.parametrize("order", [("first", "second"), ("second", "first")])
def test_duplicate_ids_name_both_plugins_and_neither_gets_the_id(order):
    h = host(*(fx.Registers(name, fx.credential("SAME")) for name in order))
    assert sorted(f.name for f in h.failures) == ["first", "second"]
    for failure in h.failures:
        assert failure.stage == "clash"
        assert "first" in failure.error
        assert "second" in failure.error
    assert "SAME" not in h.catalog.credentials


def test_a_plugin_registering_a_builtin_id_takes_it_from_no_one_silently():
    h = host(fx.Registers("usurper", fx.credential("RHIT")))
    assert {f.name for f in h.failures} == {"usurper", "mrt-roadmap.ahima"}
    assert all("usurper" in f.error and "mrt-roadmap.ahima" in f.error for f in h.failures)
    assert "RHIT" not in h.catalog.credentials
    assert "--block" in h.failures[0].error
    with pytest.raises(ProfileError, match=r"left out because plugins mrt-roadmap\.ahima, usurper"):
        Planner(h).plan(example_profile("p5-working-rhit-to-rhia"))


def test_invalid_definition_is_reported_with_its_path():
    bad = fx.credential("BAD")
    bad["eligibility"][0]["routes"][0]["requirements"] = [{"kind": "experience", "area": "coding"}]
    h = host(fx.Registers("bad-data", bad))
    (failure,) = h.failures
    assert "credential 'BAD' from plugin 'bad-data'" in failure.error
    assert "$.eligibility[0].routes[0].requirements[0]" in failure.error


def test_api_version_mismatch_is_refused():
    h = host(fx.FutureApi())
    assert h.failures[0].stage == "api"
    assert "API 99" in h.failures[0].error
    assert "FUTURE" not in h.catalog.credentials


def test_unknown_hook_is_caught_by_check_pending():
    h = host(fx.UnknownHook())
    assert h.failures[0].stage == "validate"
    assert "mrt_roadmap_registr" in h.failures[0].error


def test_hookimpl_with_an_argument_the_hook_lacks_is_refused():
    h = host(fx.WrongArgument())
    assert h.failures[0].stage == "validate"
    assert "when" in h.failures[0].error


def test_plugin_records_say_what_each_provides():
    h = host(fx.PracticumKind())
    record = next(p for p in h.plugins if p.name == "practicum")
    assert record.provides["credential"] == ("LAB",)
    assert record.provides["requirement_kind"] == ("lab_hours",)
    assert "mrt_roadmap_requirement_status" in record.hooks
    ahima = next(p for p in h.plugins if p.name == "mrt-roadmap.ahima")
    assert ahima.builtin
    assert ahima.provides["credential"] == ("RHIA", "RHIT")


# -- hooks --------------------------------------------------------------------------------------
def test_mrt_roadmap_register_adds_credentials():
    r = plan_with(fx.Registers("one", fx.credential("ONE")), goals=["ONE"])
    assert r.goals[0].reached_on == dt.date(2026, 11, 26)


def test_mrt_roadmap_requirement_status_evaluates_a_new_kind():
    r = plan_with(fx.PracticumKind(), goals=["LAB"])
    lab = r.milestone("practicum.lab")
    assert lab.plugin == "practicum"
    assert r.goals[0].reached_on == dt.date(2027, 2, 4)  # 70 days after 2026-11-26
    assert "practicum.lab" in r.milestone("credential.LAB").depends_on


def test_unknown_requirement_kind_without_its_plugin_blocks_the_route():
    cred = fx.credential("ORPHAN", [{"kind": "moon_walk", "label": "walk on the moon"}])
    r = plan_with(fx.Registers("orphan", cred), goals=["ORPHAN"])
    g = r.goals[0]
    assert g.reached_on is None
    assert "moon_walk" in (g.why_not or "")


def test_mrt_roadmap_exam_date_moves_the_exam_into_a_window():
    exam = {"source": fx.SOURCE, "as_of": "2025-01-01", "processing_business_days": 0}
    r = plan_with(fx.Registers("w", fx.credential("WIN", exam=exam)), fx.Windows(), goals=["WIN"])
    assert r.milestone("exam.WIN").end == dt.date(2027, 1, 1)
    assert any("windows" in w.text for w in r.milestone("exam.WIN").why)


def test_a_hook_that_raises_at_run_time_is_isolated():
    exam = {"source": fx.SOURCE, "as_of": "2025-01-01", "processing_business_days": 0}
    r = plan_with(
        fx.Registers("w", fx.credential("WIN", exam=exam)), fx.BrokenExamDate(), goals=["WIN"]
    )
    assert r.milestone("exam.WIN").end == dt.date(2026, 11, 26)
    assert any(w.code == "plugin-failed" and "broken-exam-date" in w.message for w in r.warnings)
    with pytest.raises(PluginError, match="ZeroDivisionError"):
        Planner(
            host(
                fx.Registers("w", fx.credential("WIN", exam=exam)), fx.BrokenExamDate(), strict=True
            )
        ).plan(profile_from_dict({**PROFILE, "goals": {"credentials": ["WIN"]}}))


def test_mrt_roadmap_maintenance_adds_renewals():
    r = plan_with(fx.Registers("m", fx.credential("MNT")), fx.Maintains(), goals=["MNT"])
    renewals = [m for m in r.by_kind("renewal") if m.credential == "MNT"]
    assert [m.start.year for m in renewals] == [2027, 2028, 2029, 2030, 2031]
    assert all(m.plugin == "maintains" for m in renewals)


def test_mrt_roadmap_milestones_adds_to_the_draft():
    r = plan_with(fx.AddsMilestone(), goals=["RHIT"])
    extra = r.milestone("adds.celebrate")
    assert extra.plugin == "adds"
    assert extra.start == max(m.end for m in r.milestones if m.id != "adds.celebrate")


def test_mrt_roadmap_exporters_adds_a_format():
    planner = Planner(host(fx.AddsFormat()))
    roadmap = planner.plan(profile_from_dict(PROFILE))
    exporter = planner.host.exporters.get("count")
    assert exporter.plugin == "adds-format"
    assert exporter.function(roadmap) == f"{len(roadmap.milestones)} milestones\n"


def test_duplicate_format_names_both_plugins():
    h = host(fx.AddsFormat("one", "dup"), fx.AddsFormat("two", "dup"))
    assert h.exporters.get("dup").plugin == "one"
    assert any("'one'" in f.error and "'two'" in f.error for f in h.failures)

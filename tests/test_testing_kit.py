"""The author kit itself: helpers and the contract check fail when they should."""

from __future__ import annotations

import datetime as dt
import json
import sys
from pathlib import Path
from typing import Any

import attrs
import plugin_fixtures as fx
import pytest

from mrt_roadmap import hookimpl
from mrt_roadmap.errors import PluginError
from mrt_roadmap.plugin import Milestone, Reason
from mrt_roadmap.profile import profile_from_dict
from mrt_roadmap.testing import (
    assert_plugin_contract,
    assert_roadmap_valid,
    ce_cycle,
    ce_cycles,
    check_plugin,
    example_profile,
    example_profile_names,
    make_planner,
    run_cli,
)


def test_example_profile_and_cycle_lookups():
    data = example_profile("p5-working-rhit-to-rhia")
    assert data["id"] == "p5-working-rhit-to-rhia"
    roadmap = make_planner().plan(profile_from_dict(data))
    cycles = ce_cycles(roadmap, "AHIMA")
    assert [c.start for c in cycles] == sorted(c.start for c in cycles)
    assert ce_cycle(roadmap, "AHIMA", "2025-06-20") is ce_cycle(
        roadmap, "AHIMA", dt.date(2025, 6, 20)
    )
    with pytest.raises(LookupError, match="no NCRA CE cycle"):
        ce_cycle(roadmap, "NCRA", "2025-06-20")


def test_contract_accepts_a_good_plugin():
    assert_plugin_contract(fx.PracticumKind())


class NotMarked:
    def mrt_roadmap_register(self, registry: Any) -> None:
        """Forgot @hookimpl."""


class ExtraArgument:
    @hookimpl
    def mrt_roadmap_exam_date(self, credential: Any, tomorrow: Any) -> None:
        """``tomorrow`` is not offered by the hook."""


class Nothing:
    pass


@pytest.mark.parametrize(
    ("plugin", "message"),
    [
        (Nothing(), "implements no mrt_roadmap_ hook"),
        (NotMarked(), "not decorated with @mrt_roadmap.hookimpl"),
        (ExtraArgument(), "takes ['tomorrow']"),
        (fx.FutureApi(), "plugin API 99"),
    ],
)
def test_contract_rejects(plugin, message):
    with pytest.raises(AssertionError, match=message.replace("[", r"\[").replace("]", r"\]")):
        assert_plugin_contract(plugin)


def test_make_planner_is_strict_by_default():
    with pytest.raises(PluginError, match="data file missing"):
        make_planner(fx.FailsAfterRegistering())
    tolerant = make_planner(fx.FailsAfterRegistering(), strict=False)
    assert tolerant.host.failures[0].stage == "register"


def test_pytest_fixtures_are_offered(mrt_planner_factory, mrt_planner):
    assert (
        "ONE" in mrt_planner_factory(fx.Registers("one", fx.credential("ONE"))).catalog.credentials
    )
    assert set(mrt_planner.catalog.credentials) == {"RHIA", "RHIT"}


# -- check_plugin: the one call of the author kit ----
def learner(goal: str) -> dict[str, Any]:
    return {
        "id": f"kit-{goal.lower()}",
        "as_of": "2026-11-26",
        "education": [{"level": "high_school", "status": "completed", "end": "2015-06-12"}],
        "availability": {"study_hours_per_week": 10},
        "goals": {"credentials": [goal], "horizon_years": 2},
    }


def test_check_plugin_accepts_a_good_plugin_and_returns_the_roadmaps():
    roadmaps = check_plugin(fx.PracticumKind(), profiles=[learner("LAB")])
    assert "kit-lab" in roadmaps
    assert roadmaps["kit-lab"].milestone("practicum.lab").plugin == "practicum"
    # bundled examples that need credentials of other plugins are skipped, the others planned
    assert {"p5-working-rhit-to-rhia", "demo-new-learner"} <= set(roadmaps)
    assert "p7-nurse-to-ods" not in roadmaps
    assert set(roadmaps) <= {"kit-lab", *example_profile_names()}


def test_check_plugin_plans_the_authors_profiles_strictly():
    """A profile of the author's that cannot be planned is an error, not a skip."""
    with pytest.raises(Exception, match="unknown credential 'NOPE'") as info:
        check_plugin(fx.PracticumKind(), profiles=[learner("NOPE")], bundled=False)
    assert any("profile 'kit-nope'" in note for note in getattr(info.value, "__notes__", []))


class WrongVerified:
    """Its milestone's reason says ``verified="sometimes"``: the roadmap breaks the schema."""

    PLUGIN_NAME = "wrongverified"

    @hookimpl
    def mrt_roadmap_register(self, registry: Any) -> None:
        registry.add_credential(fx.credential("WV"))

    @hookimpl
    def mrt_roadmap_milestones(self, roadmap: Any) -> list[Milestone]:
        day = dt.date(2027, 1, 4)
        why = Reason("a reason", "WV.x", fx.SOURCE, dt.date(2025, 1, 1), verified="sometimes")  # type: ignore[arg-type]
        return [Milestone("wrongverified.x", "advancement", "x", day, day, why=(why,))]


@pytest.mark.allows_invalid_roadmaps
def test_check_plugin_rejects_a_roadmap_that_breaks_the_schema():
    with pytest.raises(AssertionError, match=r"roadmap\.schema\.json") as info:
        check_plugin(WrongVerified(), profiles=[learner("WV")], bundled=False)
    assert "why[0].verified: 'sometimes' is not of type 'boolean'" in str(info.value)
    assert "profile 'kit-wv'" in str(info.value)


class SameIdTwice:
    """Returns two milestones with one id."""

    PLUGIN_NAME = "sameid"

    @hookimpl
    def mrt_roadmap_register(self, registry: Any) -> None:
        registry.add_credential(fx.credential("SID"))

    @hookimpl
    def mrt_roadmap_milestones(self, roadmap: Any) -> list[Milestone]:
        day = dt.date(2027, 1, 4)
        why = (Reason("a reason", "SID.x", fx.SOURCE, dt.date(2025, 1, 1)),)
        return [Milestone("sameid.x", "advancement", t, day, day, why=why) for t in "ab"]


def test_check_plugin_rejects_duplicate_milestone_ids():
    # the host refuses the hook's result in strict mode, naming plugin and hook ...
    with pytest.raises(
        (AssertionError, PluginError), match=r"sameid.*(sameid\.x|mrt_roadmap_milestones)"
    ):
        check_plugin(SameIdTwice(), profiles=[learner("SID")], bundled=False)
    # ... and a roadmap with an id twice, however it came about, fails the kit's own check
    roadmap = make_planner().plan(profile_from_dict(example_profile("p5-working-rhit-to-rhia")))
    twice = attrs.evolve(roadmap, milestones=(*roadmap.milestones, roadmap.milestones[0]))
    first = roadmap.milestones[0].id
    with pytest.raises(AssertionError, match=f"duplicate milestone ids {{'{first}': 2}}"):
        assert_roadmap_valid(twice, "p5")
    assert_roadmap_valid(roadmap, "p5")


@pytest.fixture
def installed_plugin(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    """An installed distribution ``mrt-roadmap-kitclash`` whose plugin registers ``CLASHY``."""
    site = tmp_path / "site"
    info = site / "mrt_roadmap_kitclash-1.0.dist-info"
    info.mkdir(parents=True)
    (info / "METADATA").write_text(
        "Metadata-Version: 2.1\nName: mrt-roadmap-kitclash\nVersion: 1.0\n"
    )
    (info / "entry_points.txt").write_text("[mrt_roadmap]\nkitclash = kitclash_mod\n")
    data = json.dumps(fx.credential("CLASHY"))
    (site / "kitclash_mod.py").write_text(
        "import json\n"
        "from mrt_roadmap.plugin import hookimpl\n\n"
        "@hookimpl\n"
        "def mrt_roadmap_register(registry):\n"
        f"    registry.add_credential(json.loads({data!r}))\n"
    )
    monkeypatch.syspath_prepend(str(site))
    yield "kitclash_mod"
    sys.modules.pop("kitclash_mod", None)


def test_check_plugin_rejects_a_clash_with_an_installed_plugin(installed_plugin: str):
    mine = fx.Registers("mine", fx.credential("MINE"), fx.credential("clashy"))
    with pytest.raises(
        AssertionError, match="mine does not fit with the installed plugins"
    ) as info:
        check_plugin(mine, profiles=[learner("MINE")])
    assert "clash" in str(info.value)
    assert "mrt-roadmap-kitclash" in str(info.value)
    check_plugin(fx.Registers("other", fx.credential("OTHER")), bundled=False)


def test_check_plugin_does_not_clash_with_its_own_installed_copy(installed_plugin: str):
    module = __import__(installed_plugin)
    check_plugin(module, bundled=False)


def test_run_cli_runs_the_command_in_process():
    result = run_cli("plugins", "--json")
    assert result.exit_code == 0, result.output
    names = {row["name"] for row in json.loads(result.stdout)["plugins"]}
    assert "mrt-roadmap.ahima" in names
    assert run_cli("no-such-command").exit_code == 2

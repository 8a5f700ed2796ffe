"""The author kit itself: helpers and the contract check fail when they should."""

from __future__ import annotations

import datetime as dt
from typing import Any

import plugin_fixtures as fx
import pytest

from mrt_roadmap import hookimpl
from mrt_roadmap.errors import PluginError
from mrt_roadmap.profile import profile_from_dict
from mrt_roadmap.testing import (
    assert_plugin_contract,
    ce_cycle,
    ce_cycles,
    example_profile,
    make_planner,
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

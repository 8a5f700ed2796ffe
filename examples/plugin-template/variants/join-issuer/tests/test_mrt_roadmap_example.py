"""Tests of mrt-roadmap-example, run against the installed mrt-roadmap.

The credential joins AHIMA's maintenance scheme, so the plugin has no maintenance hook: these
tests check that the built-in AHIMA plugin counts it in the combined CE totals.
``mrt_planner_factory`` comes from mrt-roadmap's pytest plugin (the ``pytest11`` entry point):
``mrt_planner_factory(plugin)`` is a planner with the built-ins plus exactly this plugin, so
other installed plugins never change these dates.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

import pytest

import mrt_roadmap_example as plugin
from mrt_roadmap import profile_from_dict
from mrt_roadmap.testing import assert_plugin_contract, ce_cycle, check_plugin, run_cli

if TYPE_CHECKING:
    from mrt_roadmap import Planner

D = dt.date
DISTRIBUTION = "mrt-roadmap-example"
CID = plugin.CREDENTIAL_ID


@pytest.fixture
def planner(mrt_planner_factory: Callable[..., Planner]) -> Planner:
    return mrt_planner_factory(plugin)


def profile(**changes: Any) -> Any:
    """A learner on 2026-11-26 who passed RHIT on 2020-07-01 (8 CEUs earned this cycle) and
    has 6 full-time months of health data work, ongoing."""
    data: dict[str, Any] = {
        "id": "plugin-test",
        "as_of": "2026-11-26",
        "education": [{"level": "associate", "status": "completed", "end": "2020-05-15"}],
        "credentials": [{"id": "RHIT", "earned": "2020-07-01", "ce_earned_current_cycle": 8}],
        "experience": [{"area": "health_data", "months": 6, "hours_per_week": 40, "current": True}],
        "availability": {"study_hours_per_week": 10},
        "goals": {"credentials": [CID], "horizon_years": 5},
    }
    data.update(changes)
    return profile_from_dict(data)


def test_plugin_contract() -> None:
    assert_plugin_contract(plugin)
    assert plugin.MRT_ROADMAP_API == 2


def test_mrt_roadmap_register_adds_an_ahima_credential(planner: Planner) -> None:
    cred = planner.catalog.credential(CID)
    assert cred.issuer == plugin.ISSUER == "AHIMA"
    assert cred.provenance.source.startswith("https://")
    assert cred.provenance.verified is False  # illustrative data: not stated by the source
    assert planner.catalog.owners[("credential", CID)] == plugin.__name__
    maint = cred.maintenance
    assert maint is not None
    assert (maint.scheme, maint.ce_per_cycle, maint.unit) == ("AHIMA", 20, "CEU")
    rule = cred.rule_on(D(2026, 11, 26))
    assert rule is not None
    assert [r.id for r in rule.routes] == ["rhit_1y", "bachelor_3y"]


def test_plan_dates_the_exam_from_full_time_equivalent_experience(planner: Planner) -> None:
    roadmap = planner.plan(profile())
    (goal,) = roadmap.goals
    assert (goal.target, goal.route, goal.reached_on) == (CID, "rhit_1y", D(2027, 6, 3))
    # 6 of the 12 months are banked; 6 more full-time months of the current job end 2027-05-27;
    # authorization to test takes 5 business days; AHIMA tests on any day: 2027-06-03
    assert roadmap.milestone("experience.health_data.12m").end == D(2027, 5, 27)
    assert roadmap.milestone(f"exam.{CID}").end == D(2027, 6, 3)


def test_part_time_experience_counts_pro_rata(planner: Planner) -> None:
    half = profile(
        experience=[{"area": "health_data", "months": 6, "hours_per_week": 20, "current": True}]
    )
    roadmap = planner.plan(half)
    # 20 of 37.5 hours a week: the remaining months take 37.5 / 20 times as long
    assert roadmap.goals[0].reached_on > D(2027, 12, 1)


def test_ahima_combines_the_credential_with_rhit_from_the_next_cycle(planner: Planner) -> None:
    roadmap = planner.plan(profile())
    # earned during the cycle 2026-07-01..2028-06-30: AHIMA counts it from the next cycle
    current = ce_cycle(roadmap, "AHIMA", "2026-07-01")
    assert list(current.details["credentials"]) == ["RHIT"]
    assert (current.details["ce_required"], current.details["ce_remaining"]) == (20, 12)
    # RHIT 20 and this credential 20: the larger plus 10 per additional credential = 30
    joined = ce_cycle(roadmap, "AHIMA", "2028-07-01")
    assert list(joined.details["credentials"]) == [CID, "RHIT"]
    assert joined.details["ce_required"] == 30
    assert joined.plugin == "mrt-roadmap.ahima"  # planned by the built-in, not by this plugin
    renewal = roadmap.milestone(joined.id.replace(".ce.", ".renewal."))
    assert renewal.cost is not None
    assert renewal.cost.amount == 218 + 50  # one more credential: $50 more (non-member)


def test_author_kit_check_plugin() -> None:
    """Every bundled example profile and this one planned strictly with the plugin: roadmaps
    valid against the roadmap schema, unique milestone ids, no clash with installed plugins."""
    roadmaps = check_plugin(plugin, profiles=[profile()])
    assert roadmaps["plugin-test"].milestone(f"credential.{CID}").end == D(2027, 6, 3)


def test_installed_entry_point_is_listed_by_the_cli() -> None:
    """Fails if the distribution is not installed or its entry point is missing or broken."""
    result = run_cli("plugins", "--json")
    assert result.exit_code == 0, result.output
    listing = json.loads(result.stdout)
    failed = [f for f in listing["failed"] if f["name"] == DISTRIBUTION]
    assert not failed, failed
    rows = {row["name"]: row for row in listing["plugins"]}
    assert DISTRIBUTION in rows, f"{DISTRIBUTION} is not installed with its mrt_roadmap entry point"
    row = rows[DISTRIBUTION]
    assert row["entry_point"] == f"{plugin.PLUGIN} = {plugin.__name__}"
    assert row["version"] == plugin.__version__
    assert row["provides"]["credential"] == [CID]
    assert set(row["hooks"]) == {"mrt_roadmap_register"}

"""Tests of mrt-roadmap-example, run against the installed mrt-roadmap.

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
from mrt_roadmap.testing import assert_plugin_contract, check_plugin, run_cli

if TYPE_CHECKING:
    from mrt_roadmap import Planner

D = dt.date
DISTRIBUTION = "mrt-roadmap-example"
CID = plugin.CREDENTIAL_ID


@pytest.fixture
def planner(mrt_planner_factory: Callable[..., Planner]) -> Planner:
    return mrt_planner_factory(plugin)


def profile(**changes: Any) -> Any:
    """A learner on 2026-11-26 (a Thursday) with a high-school diploma and 2 years in HIM."""
    data: dict[str, Any] = {
        "id": "plugin-test",
        "as_of": "2026-11-26",
        "education": [{"level": "high_school", "status": "completed", "end": "2015-06-12"}],
        "experience": [{"area": "him", "months": 24, "hours_per_week": 40, "current": True}],
        "availability": {"study_hours_per_week": 10},
        "goals": {"credentials": [CID], "horizon_years": 3},
    }
    data.update(changes)
    return profile_from_dict(data)


def test_plugin_contract() -> None:
    assert_plugin_contract(plugin)
    assert plugin.MRT_ROADMAP_API == 2


def test_mrt_roadmap_register_adds_the_sourced_credential(planner: Planner) -> None:
    catalog = planner.catalog
    cred = catalog.credential(CID)
    assert cred.issuer == plugin.ISSUER
    assert cred.provenance.source.startswith("https://")
    assert cred.provenance.verified is False  # illustrative data: not stated by the source
    assert catalog.resolve_credential(f"{CID}-T") == CID  # former name
    assert catalog.owners[("credential", CID)] == plugin.__name__
    old = cred.rule_on(D(2019, 6, 1))
    new = cred.rule_on(D(2026, 11, 26))
    assert old is not None
    assert new is not None
    assert [r.id for r in old.routes] == ["ahima_credential"]
    assert [r.id for r in new.routes] == ["him_experience", "ahima_credential"]


@pytest.mark.parametrize(
    ("earliest", "expected"),
    [
        (D(2026, 12, 3), D(2027, 1, 4)),  # Jan 1 2027 is a holiday (and a Friday)
        (D(2027, 1, 4), D(2027, 1, 4)),  # on the testing day itself
        (D(2027, 1, 5), D(2027, 4, 1)),
        (D(2027, 4, 2), D(2027, 7, 1)),
        (D(2027, 7, 2), D(2027, 10, 1)),
        (D(2027, 12, 31), D(2028, 1, 3)),  # Jan 1 2028 is a Saturday
    ],
)
def test_mrt_roadmap_exam_date_is_the_next_quarterly_testing_day(
    planner: Planner, earliest: dt.date, expected: dt.date
) -> None:
    cred = planner.catalog.credential(CID)
    assert plugin.mrt_roadmap_exam_date(cred, earliest) == expected


def test_mrt_roadmap_exam_date_leaves_other_issuers_alone(planner: Planner) -> None:
    rhit = planner.catalog.credential("RHIT")
    assert plugin.mrt_roadmap_exam_date(rhit, D(2026, 12, 3)) is None


def test_plan_dates_the_exam_credential_and_renewals(planner: Planner) -> None:
    roadmap = planner.plan(profile())
    (goal,) = roadmap.goals
    assert (goal.target, goal.route, goal.reached_on) == (CID, "him_experience", D(2027, 1, 4))
    # eligible on 2026-11-26; authorization to test: 5 business days -> 2026-12-03;
    # next testing day: Monday 2027-01-04 (January 1 is skipped)
    exam = roadmap.milestone(f"exam.{CID}")
    assert exam.end == D(2027, 1, 4)
    assert exam.details["eligible_from"] == "2026-12-03"
    assert roadmap.milestone(f"credential.{CID}").end == D(2027, 1, 4)
    renewals = [m for m in roadmap.by_kind("renewal") if m.details.get("issuer") == plugin.ISSUER]
    assert [m.end for m in renewals] == [D(2028, 1, 3), D(2029, 1, 3), D(2030, 1, 3)]
    assert {m.plugin for m in renewals} == {plugin.__name__}
    assert all(m.cost is not None and m.cost.amount == 60 for m in renewals)


def test_mrt_roadmap_maintenance_counts_ce_already_earned_by_a_holder(planner: Planner) -> None:
    held = profile(
        credentials=[{"id": f"{CID}-T", "earned": "2019-03-15", "ce_earned_current_cycle": 4}],
        goals={"credentials": [CID], "horizon_years": 1},
    )
    roadmap = planner.plan(held)
    assert roadmap.goals[0].route == "held"  # the former name resolves to the credential
    cycles = [m for m in roadmap.by_kind("ce_cycle") if m.details.get("issuer") == plugin.ISSUER]
    assert [(m.start, m.end) for m in cycles] == [
        (D(2026, 3, 15), D(2027, 3, 14)),
        (D(2027, 3, 15), D(2028, 3, 14)),
    ]
    assert (cycles[0].details["ce_earned"], cycles[0].details["ce_remaining"]) == (4, 6)
    assert cycles[1].details["ce_remaining"] == 10


def test_author_kit_check_plugin() -> None:
    """Every bundled example profile and this one planned strictly with the plugin: roadmaps
    valid against the roadmap schema, unique milestone ids, no clash with installed plugins."""
    roadmaps = check_plugin(plugin, profiles=[profile()])
    assert roadmaps["plugin-test"].milestone(f"exam.{CID}").end == D(2027, 1, 4)


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
    assert set(row["hooks"]) == {
        "mrt_roadmap_exam_date",
        "mrt_roadmap_maintenance",
        "mrt_roadmap_register",
    }

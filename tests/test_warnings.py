"""Each warning code the core emits, triggered on purpose."""

from __future__ import annotations

import datetime as dt
from typing import Any

import plugin_fixtures as fx

from mrt_roadmap import hookimpl
from mrt_roadmap.planner import Planner
from mrt_roadmap.pluginmanager import PluginHost
from mrt_roadmap.profile import profile_from_dict
from mrt_roadmap.roadmap import Milestone, Reason

BASE: dict[str, Any] = {
    "id": "w",
    "as_of": "2026-11-26",
    "availability": {"study_hours_per_week": 30},
}


def codes(roadmap) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for w in roadmap.warnings:
        out.setdefault(w.code, []).append(w.message)
    return out


def test_non_accredited_program(core_planner):
    data = {
        **BASE,
        "education": [
            {
                "level": "associate",
                "field": "him",
                "degree": "AAS",
                "credits": 64,
                "end": "2024-05-10",
            }
        ],
        "goals": {"credentials": ["RHIT"]},
    }
    roadmap = core_planner.plan(profile_from_dict(data))
    (message,) = codes(roadmap)["non-accredited-program"]
    assert "AAS in him is not CAHIIM-accredited" in message
    # ...so the plan schedules an accredited program instead.
    assert roadmap.by_kind("education")[-1].details["accreditation"] == ["CAHIIM"]


def test_over_budget(core_planner):
    data = {**BASE, "goals": {"credentials": ["RHIT"]}, "preferences": {"budget": 1000}}
    (message,) = codes(core_planner.plan(profile_from_dict(data)))["over-budget"]
    assert "exceed your budget ($1,000)" in message


def test_goal_beyond_horizon_and_unreachable(core_planner):
    slow = {
        **BASE,
        "availability": {"study_hours_per_week": 3},
        "goals": {"credentials": ["RHIA"], "horizon_years": 2},
    }
    assert "goal-beyond-horizon" in codes(core_planner.plan(profile_from_dict(slow)))
    # Less than one credit a week of study: no program can be scheduled at all.
    stuck = {
        **BASE,
        "availability": {"study_hours_per_week": 2},
        "goals": {"credentials": ["RHIT"]},
    }
    roadmap = core_planner.plan(profile_from_dict(stuck))
    assert "goal-unreachable" in codes(roadmap)
    assert "less than one credit" in (roadmap.goals[0].why_not or "")


def test_no_maintenance_rules_when_the_issuer_plugin_is_absent():
    planner = Planner(
        PluginHost(
            load_entrypoints=False,
            plugins=[
                fx.Registers(
                    "x",
                    fx.credential(
                        "MNT",
                        maintenance={
                            "scheme": "NOBODY",
                            "cycle_months": 24,
                            "ce_per_cycle": 10,
                            "source": fx.SOURCE,
                            "as_of": "2025-01-01",
                        },
                    ),
                )
            ],
        )
    )
    roadmap = planner.plan(profile_from_dict({**BASE, "goals": {"credentials": ["MNT"]}}))
    (message,) = codes(roadmap)["no-maintenance-rules"]
    assert "NOBODY" in message


def _milestone(ident: str, day: dt.date, title: str) -> Milestone:
    return Milestone(
        id=ident,
        kind="advancement",
        title=title,
        start=day,
        end=day,
        why=(Reason("x", verified=False),),
    )


class Reuses:
    """Returns, from its milestones hook, an id its maintenance hook returned already."""

    PLUGIN_NAME = "reuser"

    @hookimpl
    def mrt_roadmap_maintenance(self, as_of: dt.date) -> list[Milestone]:
        return [_milestone("reuser.step", as_of, "first")]

    @hookimpl
    def mrt_roadmap_milestones(self, roadmap: Any) -> list[Milestone]:
        return [_milestone("reuser.step", roadmap.as_of, "dup")]


def test_plugin_duplicate_milestone_is_dropped_with_a_warning():
    planner = Planner(PluginHost(load_entrypoints=False, plugins=[Reuses()]))
    roadmap = planner.plan(
        profile_from_dict({**BASE, "education": [{"level": "high_school", "end": "2010-06-01"}]})
    )
    assert "plugin-duplicate-milestone" in codes(roadmap)
    assert [m.title for m in roadmap.milestones].count("dup") == 0
    assert [m.title for m in roadmap.milestones].count("first") == 1


class TakesACoreId:
    PLUGIN_NAME = "taker"

    @hookimpl
    def mrt_roadmap_milestones(self, roadmap: Any) -> list[Milestone]:
        first = roadmap.milestones[0]
        return [_milestone(first.id, first.start, "dup")]


def test_a_plugin_milestone_outside_its_namespace_is_a_plugin_failure():
    planner = Planner(PluginHost(load_entrypoints=False, plugins=[TakesACoreId()]))
    roadmap = planner.plan(
        profile_from_dict({**BASE, "education": [{"level": "high_school", "end": "2010-06-01"}]})
    )
    (message,) = codes(roadmap)["plugin-failed"]
    assert "taker" in message
    assert "must start with 'taker.', the plugin's namespace" in message
    assert [m.title for m in roadmap.milestones].count("dup") == 0

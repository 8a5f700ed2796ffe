from __future__ import annotations

from mrt_roadmap.profile import profile_from_dict


def test_demo_profile_plans_rhit(core_planner, example):
    roadmap = core_planner.plan(profile_from_dict(example("demo-new-learner")))
    goal = roadmap.goals[0]
    assert goal.target == "RHIT"
    assert goal.reached_on is not None

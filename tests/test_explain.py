from __future__ import annotations

import datetime as dt

import pytest

from mrt_roadmap.errors import UnknownIdError
from mrt_roadmap.profile import profile_from_dict


def test_explain_route_by_route(core_planner, example):
    result = core_planner.explain(profile_from_dict(example("p5-working-rhit-to-rhia")), "RHIA")
    assert not result.held
    assert not result.eligible_now
    routes = {r.id: r for r in result.routes}
    assert set(routes) == {"cahiim_bachelor", "cahiim_post_bacc", "cahiim_master"}
    bachelor = routes["cahiim_bachelor"]
    assert bachelor.eligible_on == dt.date(2031, 12, 12)
    (req,) = bachelor.requirements
    assert req.met_on is None
    assert req.could_meet_on == dt.date(2031, 12, 12)
    assert any("completion track" in step for step in req.how)
    assert req.source.startswith("https://")
    assert "Proviso" in (result.historical_note or "")


def test_explain_held_and_met(core_planner, example):
    profile = profile_from_dict(example("p5-working-rhit-to-rhia"))
    rhit = core_planner.explain(profile, "rhit")
    assert rhit.held
    assert rhit.eligible_now
    assert rhit.routes[0].requirements[0].met_on == dt.date(2019, 5, 10)


def test_explain_unknown_credential(core_planner, example):
    with pytest.raises(
        UnknownIdError, match=r"unknown credential 'CPC'.*Is the plugin that provides it installed"
    ):
        core_planner.explain(profile_from_dict(example("p5-working-rhit-to-rhia")), "CPC")

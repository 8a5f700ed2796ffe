"""JSON stays the canonical form: it validates against roadmap.schema.json and round-trips."""

from __future__ import annotations

import json

import pytest
from example_files import BUILTIN_PROFILES

import mrt_roadmap
from mrt_roadmap.errors import InputError
from mrt_roadmap.formats.json_format import from_dict, to_dict, to_json
from mrt_roadmap.profile import profile_from_dict
from mrt_roadmap.schemas import validate


@pytest.mark.parametrize("name", BUILTIN_PROFILES)
def test_json_validates_against_the_roadmap_schema(core_planner, example, name):
    roadmap = core_planner.plan(profile_from_dict(example(name)))
    text = mrt_roadmap.export(roadmap, "json", planner=core_planner)
    data = json.loads(text)
    assert validate("roadmap", data) == []
    assert data["profile_id"] == name
    assert len(data["milestones"]) == len(roadmap.milestones)
    assert text == to_json(roadmap)


def test_schema_problems_are_reported(core_planner, example):
    roadmap = core_planner.plan(profile_from_dict(example("p5-working-rhit-to-rhia")))
    data = json.loads(to_json(roadmap))
    data["milestones"][0]["kind"] = "party"
    del data["as_of"]
    problems = validate("roadmap", data)
    assert problems
    assert {p.path for p in problems} >= {"$.milestones[0].kind"}


def test_json_round_trips(core_planner, example):
    roadmap = core_planner.plan(profile_from_dict(example("p5-working-rhit-to-rhia")))
    again = from_dict(json.loads(to_json(roadmap)))
    assert again == roadmap
    assert to_json(again) == to_json(roadmap)


def test_a_stored_roadmap_that_breaks_the_schema_is_refused_by_path(core_planner, example):
    data = json.loads(to_json(core_planner.plan(profile_from_dict(example("demo-new-learner")))))
    data["milestones"][1]["start"] = "next spring"
    with pytest.raises(InputError) as info:
        from_dict(data)
    assert {p.path for p in info.value.problems} == {"$.milestones[1].start"}


def test_to_dict_gives_fresh_json_data(core_planner, example):
    roadmap = core_planner.plan(profile_from_dict(example("p5-working-rhit-to-rhia")))
    first = to_dict(roadmap)
    assert json.loads(json.dumps(first)) == first  # plain JSON types only (dates as ISO text)
    first["milestones"][0]["why"][0]["text"] = "changed"
    first["milestones"][0]["details"]["added"] = True
    assert to_dict(roadmap) != first
    assert roadmap.milestones[0].why[0].text != "changed"
    assert "added" not in roadmap.milestones[0].details

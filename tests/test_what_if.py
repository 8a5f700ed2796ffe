"""apply_what_if (KEY=VALUE edits of a profile) and `mrt-roadmap plan --what-if`."""

from __future__ import annotations

import json
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import mrt_roadmap
from mrt_roadmap.comparison import compare
from mrt_roadmap.errors import InputError
from mrt_roadmap.schemas import validate
from mrt_roadmap.testing import example_profile, make_planner
from mrt_roadmap.what_if import apply_what_if, parse_assignment

P5 = "p5-working-rhit-to-rhia"
BASE: dict[str, Any] = {
    "id": "x",
    "availability": {"study_hours_per_week": 10},
    "goals": {"credentials": ["RHIT"]},
    "education": [{"level": "high_school", "status": "completed"}],
}


def problems(data: dict[str, Any], *assignments: str) -> list[tuple[str, str]]:
    with pytest.raises(InputError) as caught:
        apply_what_if(data, assignments)
    return [(p.path, p.message) for p in caught.value.problems]


# -- apply_what_if --------------------------------------------------------------------------------
def test_values_are_json_when_they_parse_else_strings():
    out = apply_what_if(
        BASE,
        [
            "availability.study_hours_per_week=35",
            "preferences.plans_bachelor=true",
            "preferences.delivery=online",
            "name=null",
            'goals.roles=["him_supervisor"]',
            "id= spaced out ",
        ],
    )
    assert out["availability"]["study_hours_per_week"] == 35
    assert out["preferences"]["plans_bachelor"] is True
    assert out["preferences"]["delivery"] == "online"
    assert out["name"] is None
    assert out["goals"]["roles"] == ["him_supervisor"]
    assert out["id"] == " spaced out "


def test_the_input_is_not_changed():
    before = json.dumps(BASE, sort_keys=True)
    out = apply_what_if(BASE, ["goals.credentials+=RHIA", "education.0.status=in_progress"])
    assert json.dumps(BASE, sort_keys=True) == before
    assert out["goals"]["credentials"] == ["RHIT", "RHIA"]


def test_append_with_plus_equals():
    out = apply_what_if(
        BASE, ["goals.credentials+=RHIA", 'goals.credentials+=["CCS", "CPC"]', "goals.roles+=sup"]
    )
    assert out["goals"]["credentials"] == ["RHIT", "RHIA", "CCS", "CPC"]
    assert out["goals"]["roles"] == ["sup"]  # a missing list is created


def test_list_items_by_index_in_both_spellings():
    out = apply_what_if(BASE, ["education.0.status=in_progress", "education[0].level=associate"])
    assert out["education"][0] == {"level": "associate", "status": "in_progress"}


def test_a_single_value_for_a_list_becomes_a_one_item_list():
    # preferences.programs is an array in the profile schema; the profile has none yet.
    out = apply_what_if(BASE, ["preferences.programs=as_hit", "goals.credentials=RHIA"])
    assert out["preferences"]["programs"] == ["as_hit"]
    assert out["goals"]["credentials"] == ["RHIA"]
    assert apply_what_if(BASE, ["id=7"])["id"] == 7  # not a list: left as given


def test_bad_paths_are_named_and_all_reported():
    found = problems(
        BASE,
        "availability.study_hours_per_week.x=1",
        "education.5.status=done",
        "id+=more",
        "no equals sign",
        "goals..credentials=1",
        "goals.credentials.first=RHIA",
        "missing.0=1",
    )
    assert found == [
        (
            "$.availability.study_hours_per_week",
            "is a number, not an object: 'x' is not a key here",
        ),
        ("$.education[5]", "no such item: the list has 1"),
        ("$.id", "is a string, not a list: += appends to a list"),
        ("$", "'no equals sign' is not KEY=VALUE or KEY+=VALUE"),
        ("$.goals", "'goals..credentials': '' is not a key or a list index"),
        ("$.goals.credentials", "is a list, not an object: 'first' is not a key here"),
        ("$.missing", "no such list: set the whole list (KEY=[...]) or use +="),
    ]


@settings(max_examples=60, deadline=None)
@given(
    st.recursive(
        st.none() | st.booleans() | st.integers(-(10**12), 10**12) | st.text(max_size=8),
        lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=4), inner),
        max_leaves=6,
    )
)
def test_a_json_value_round_trips(value):
    out = apply_what_if({"id": "x"}, [f"preferences.other={json.dumps(value)}"])
    assert out["preferences"]["other"] == value


@settings(max_examples=60, deadline=None)
@given(st.text(min_size=1, max_size=20).filter(lambda s: _not_json(s)))
def test_text_that_is_not_json_is_taken_as_it_is(text):
    assert parse_assignment(f"name={text}").value == text


def _not_json(text: str) -> bool:
    try:
        json.loads(text)
    except ValueError:
        return True
    return False


# -- planning a what-if ---------------------------------------------------------------------------
def test_what_if_plans_compare_as_expected():
    planner = make_planner()
    data = example_profile(P5)
    variant = apply_what_if(data, ["availability.study_hours_per_week=35"])
    c = compare(mrt_roadmap.plan(data, planner=planner), mrt_roadmap.plan(variant, planner=planner))
    assert [g.target for g in c.goals.earlier] == ["RHIA"]


# -- the command ----------------------------------------------------------------------------------


@pytest.fixture
def p5_file(tmp_path):
    path = tmp_path / "p5.json"
    path.write_text(json.dumps(example_profile(P5)))
    return path


def test_plan_what_if_prints_the_comparison(run, p5_file):
    planner = make_planner()
    data = example_profile(P5)
    expected = compare(
        mrt_roadmap.plan(data, planner=planner),
        mrt_roadmap.plan(
            apply_what_if(data, ["availability.study_hours_per_week=35"]), planner=planner
        ),
    )
    change = expected.goals.earlier[0]

    result = run("plan", str(p5_file), "--what-if", "availability.study_hours_per_week=35")

    assert result.exit_code == 0, result.output
    assert f"RHIA: {-(change.days or 0):,} days earlier ({change.before} -> {change.after})" in (
        result.output
    )
    assert "with availability.study_hours_per_week=35" in result.output

    as_json = run(
        "plan", str(p5_file), "-f", "json", "--what-if", "availability.study_hours_per_week=35"
    )
    assert as_json.exit_code == 0
    data_out = json.loads(as_json.output)
    assert validate("comparison", data_out) == []
    assert data_out == expected.to_dict()


def test_plan_what_if_with_several_changes_and_markdown(run, p5_file):
    result = run(
        "plan",
        str(p5_file),
        "-f",
        "md",
        "--what-if",
        "availability.study_hours_per_week=35",
        "--what-if",
        "goals.credentials+=RHIT",
    )
    assert result.exit_code == 0
    assert result.output.startswith("# Comparison of two roadmaps")


def test_plan_what_if_bad_key_exits_2_naming_the_path(run, p5_file):
    result = run("plan", str(p5_file), "--what-if", "availability.study_hours_per_week.max=3")
    assert result.exit_code == 2
    assert "$.availability.study_hours_per_week" in result.output
    assert "Traceback" not in result.output

    typo = run("plan", str(p5_file), "--what-if", "availabilty.study_hours_per_week=35")
    assert typo.exit_code == 2
    assert "$.availabilty: unknown key; did you mean 'availability'?" in typo.output


def test_plan_what_if_invalid_value_exits_2_naming_the_path(run, p5_file):
    result = run("plan", str(p5_file), "--what-if", "availability.study_hours_per_week=-4")
    assert result.exit_code == 2
    assert "with --what-if is invalid" in result.output
    assert "$.availability.study_hours_per_week" in result.output
    assert "Traceback" not in result.output


def test_plan_what_if_needs_a_comparison_format(run, p5_file):
    result = run("plan", str(p5_file), "-f", "ics", "--what-if", "goals.credentials+=RHIT")
    assert result.exit_code == 2
    assert "json, md, text" in result.output

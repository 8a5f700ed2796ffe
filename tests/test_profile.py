"""Loading and validating profiles: every problem named by JSON path."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from mrt_roadmap.errors import ProfileError
from mrt_roadmap.profile import load_profile, profile_from_dict
from mrt_roadmap.profile_checks import check_profile

BASE = {"id": "x", "as_of": "2026-11-26", "availability": {"study_hours_per_week": 10}}


def paths(exc: ProfileError) -> list[str]:
    return [p.path for p in exc.problems]


def test_loads_from_path_string_and_mapping(tmp_path):
    f = tmp_path / "p.json"
    f.write_text(json.dumps(BASE))
    for source in (f, str(f), json.dumps(BASE), BASE):
        profile = load_profile(source)
        assert profile.id == "x"
        assert profile.as_of == dt.date(2026, 11, 26)
        assert profile.goals.horizon_years == 5


def test_every_schema_problem_is_listed_by_path():
    bad = {
        **BASE,
        "availability": {"study_hours_per_week": -1},
        "education": [{"level": "phd"}],
        "credentials": [{"id": "RHIT"}],
        "goals": {"credentials": "RHIT"},
        "surprise": 1,
    }
    with pytest.raises(ProfileError) as info:
        profile_from_dict(bad)
    found = paths(info.value)
    assert "$.availability.study_hours_per_week" in found
    assert "$.education[0].level" in found
    assert "$.credentials[0].earned" in found  # required: reported where it belongs
    assert "$.goals.credentials" in found
    assert "$.surprise" in found  # an unknown key, at its own path
    text = str(info.value)
    assert "surprise" in text
    assert "-1" in text


def test_bad_dates_are_rejected_by_format():
    with pytest.raises(ProfileError) as info:
        profile_from_dict({**BASE, "as_of": "2026-02-30"})
    assert paths(info.value) == ["$.as_of"]


def test_invalid_json_and_missing_file(tmp_path):
    f = tmp_path / "broken.json"
    f.write_text("{ not json")
    with pytest.raises(ProfileError) as info:
        load_profile(f)
    assert "not valid JSON" in str(info.value)
    assert "line 1" in str(info.value)
    with pytest.raises(ProfileError) as info:
        load_profile(tmp_path / "missing.json")
    assert "cannot read" in str(info.value)


def test_meaning_checks_name_fields_and_suggest_the_plugin(core_planner):
    profile = profile_from_dict(
        {
            **BASE,
            "credentials": [{"id": "NOPE", "earned": "2027-01-01"}],
            "goals": {"credentials": ["CCS"], "roles": ["astronaut"]},
            "experience": [{"area": "basket_weaving", "months": 3}],
            "education": [
                {"level": "associate", "status": "in_progress"},
                {"level": "bachelor", "status": "completed", "end": "2030-01-01", "program": "zzz"},
            ],
        }
    )
    problems = {
        p.path: p.message for p in check_profile(profile, core_planner.catalog, profile.as_of)
    }
    assert "unknown credential 'NOPE'" in problems["$.credentials[0].id"]
    assert "after as_of" in problems["$.credentials[0].earned"]
    assert "pip install mrt-roadmap-ccs" in problems["$.goals.credentials[0]"]
    assert "unknown role 'astronaut'" in problems["$.goals.roles[0]"]
    assert "basket_weaving" in problems["$.experience[0].area"]
    assert "required for education in progress" in problems["$.education[0].end"]
    assert "use status in_progress" in problems["$.education[1].end"]
    assert "unknown program 'zzz'" in problems["$.education[1].program"]


def test_planner_refuses_an_invalid_profile_before_planning(core_planner):
    profile = profile_from_dict({**BASE, "goals": {"credentials": ["XYZ"]}})
    with pytest.raises(ProfileError) as info:
        core_planner.plan(profile)
    assert paths(info.value) == ["$.goals.credentials[0]"]


def test_as_of_is_required_somewhere(core_planner):
    profile = profile_from_dict({"id": "x", "availability": {"study_hours_per_week": 10}})
    with pytest.raises(ProfileError) as info:
        core_planner.plan(profile)
    assert paths(info.value) == ["$.as_of"]
    roadmap = core_planner.plan(profile, as_of=dt.date(2026, 1, 5))
    assert roadmap.as_of == dt.date(2026, 1, 5)


def test_aliases_resolve_case_insensitively(core_planner):
    profile = profile_from_dict({**BASE, "goals": {"credentials": ["rhit"]}})
    assert core_planner.plan(profile).goals[0].target == "RHIT"
    assert core_planner.catalog.resolve_credential("rra") == "RHIA"

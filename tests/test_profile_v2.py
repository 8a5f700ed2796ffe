"""Profile format 2: dated facts, the version 1 upgrade, and plans that do not drift."""

from __future__ import annotations

import datetime as dt
import json
import random
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from example_files import ALL_PROFILES, EXAMPLES
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from mrt_roadmap.cli import cli
from mrt_roadmap.errors import ProfileError
from mrt_roadmap.formats.json_format import to_json
from mrt_roadmap.profile import months_between, profile_from_dict
from mrt_roadmap.profile_upgrade import months_before, upgrade_profile

V1 = Path(__file__).resolve().parent / "data" / "profiles-v1"


@pytest.mark.parametrize("name", ALL_PROFILES)
def test_each_version_1_copy_upgrades_exactly_to_the_bundled_profile(name: str):
    v1 = json.loads((V1 / f"{name}.json").read_text("utf-8"))
    v2 = json.loads((EXAMPLES / f"{name}.json").read_text("utf-8"))
    assert "profile_version" not in v1
    assert v2["profile_version"] == 2
    assert upgrade_profile(v1) == v2
    assert upgrade_profile(v2) == v2


@pytest.mark.parametrize("name", ALL_PROFILES)
def test_a_version_1_file_plans_exactly_as_its_upgrade(name: str, planner: Any):
    v1 = profile_from_dict(json.loads((V1 / f"{name}.json").read_text("utf-8")))
    v2 = profile_from_dict(json.loads((EXAMPLES / f"{name}.json").read_text("utf-8")))
    assert to_json(planner.plan(v1)) == to_json(planner.plan(v2))


@pytest.fixture(scope="module")
def planner() -> Any:
    from mrt_roadmap.planner import Planner
    from mrt_roadmap.pluginmanager import PluginHost

    return Planner(PluginHost(load_entrypoints=True))


@pytest.mark.parametrize(
    ("start", "end", "months"),
    [
        ("2025-01-15", "2027-01-13", 24.0),  # 728 days: 24 months of 30 1/3 days
        ("2026-11-26", "2026-11-26", 0.0),
        ("2026-11-26", "2026-10-01", 0.0),
        ("2025-11-26", "2025-12-26", 30 / (7 * 52 / 12)),
    ],
)
def test_months_between_counts_months_as_the_planner_does(start: str, end: str, months: float):
    assert months_between(
        dt.date.fromisoformat(start), dt.date.fromisoformat(end)
    ) == pytest.approx(months)


@given(st.dates(dt.date(1950, 1, 1), dt.date(2200, 12, 31)), st.integers(0, 240))
def test_months_before_a_day_count_back_to_the_same_months(day: dt.date, months: int):
    assert months_between(months_before(day, months), day) == pytest.approx(months, abs=0.02)


def test_version_1_problems_are_reported_at_version_1_paths():
    with pytest.raises(ProfileError) as info:
        profile_from_dict(
            {
                "id": "v1",
                "as_of": "2026-11-26",
                "availability": {"study_hours_per_week": 10},
                "experience": [{"area": "coding", "months": -3}],
            }
        )
    assert [p.path for p in info.value.problems] == ["$.experience[0].months"]


def test_a_version_1_job_needs_a_date_to_be_dated():
    data = {
        "id": "no-date",
        "availability": {"study_hours_per_week": 10},
        "experience": [{"area": "coding", "months": 12, "current": True}],
    }
    with pytest.raises(ProfileError, match="needs as_of to date its experience"):
        profile_from_dict(data)
    profile = profile_from_dict(data, as_of=dt.date(2026, 11, 26))
    assert profile.experience[0].start == dt.date(2025, 11, 27)  # 12 x 30 1/3 days before


# -- dated facts do not drift ------------------------------------------------------------------
CODER = {
    "profile_version": 2,
    "id": "dated-coder",
    "as_of": "2026-11-26",
    "education": [{"level": "high_school", "end": "2015-06-01"}],
    "experience": [{"area": "coding", "start": "2026-01-05", "hours_per_week": 40}],
    "availability": {"study_hours_per_week": 10},
    "goals": {"credentials": ["CCS"]},
    "preferences": {"memberships": ["AHIMA"]},
}


def test_a_dated_job_replanned_a_year_later_keeps_its_dates(planner: Any):
    """Version 1 counted "months so far" from as_of, so a year later every experience date
    moved by a year; dated jobs reach the same day whenever the plan is made."""
    profile = profile_from_dict(CODER)
    first = planner.plan(profile)
    later = planner.plan(profile, as_of=dt.date(2027, 11, 26))
    experience = [m for m in first.milestones if m.kind == "experience"]
    assert experience
    for m in experience:
        assert later.milestone(m.id).end == m.end


def test_a_job_that_ended_counts_only_until_it_ended(planner: Any):
    ended = {
        **CODER,
        "experience": [
            {"area": "coding", "start": "2020-01-06", "end": "2021-01-06", "hours_per_week": 40}
        ],
    }
    profile = profile_from_dict(ended)
    first = planner.plan(profile)
    later = planner.plan(profile, as_of=dt.date(2028, 1, 3))
    assert first.goals[0].reached_on is not None
    assert later.goals[0].route == first.goals[0].route


# -- checks of dated facts ----------------------------------------------------------------------
@pytest.mark.parametrize(
    ("change", "path", "message"),
    [
        (
            {"experience": [{"area": "coding", "start": "2025-01-01", "end": "2024-01-01"}]},
            "$.experience[0].end",
            "is before start",
        ),
        (
            {"experience": [{"area": "coding", "start": "2027-01-01"}]},
            "$.experience[0].start",
            "not a fact yet",
        ),
        (
            {"progress": {"ce": [{"date": "2027-01-01", "amount": 2, "issuer": "AHIMA"}]}},
            "$.progress.ce[0].date",
            "not a fact yet",
        ),
        (
            {"progress": {"ce": [{"date": "2026-01-01", "amount": 2, "credentials": ["NOPE"]}]}},
            "$.progress.ce[0].credentials[0]",
            "unknown credential 'NOPE'",
        ),
        (
            {
                "progress": {
                    "exam_attempts": [
                        {"credential": "NOPE", "date": "2026-01-01", "result": "failed"}
                    ]
                }
            },
            "$.progress.exam_attempts[0].credential",
            "unknown credential 'NOPE'",
        ),
        (
            {"preferences": {"programs": ["aas_hitt"]}},
            "$.preferences.programs[0]",
            "unknown program 'aas_hitt'",
        ),
    ],
)
def test_dated_facts_are_checked_by_path(
    planner: Any, change: dict[str, Any], path: str, message: str
):
    with pytest.raises(ProfileError) as info:
        planner.plan(profile_from_dict({**CODER, **change}))
    (problem,) = [p for p in info.value.problems if p.path == path]
    assert message in problem.message


# -- property: the order of progress entries never matters ---------------------------------------
CE_PROFILE = json.loads((EXAMPLES / "p5-working-rhit-to-rhia.json").read_text("utf-8"))


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.randoms(use_true_random=False))
def test_the_order_of_progress_entries_never_changes_the_roadmap(rnd: random.Random):
    entries = [{"date": f"2026-0{m}-15", "amount": m, "credentials": ["RHIT"]} for m in range(1, 9)]
    entries.append(
        {"date": "2026-03-15", "amount": 1, "issuer": "AHIMA", "categories": ["ahima_sourced"]}
    )
    attempts = [
        {"credential": "RHIA", "date": "2026-02-10", "result": "failed"},
        {"credential": "RHIA", "date": "2026-06-10", "result": "failed"},
    ]
    data = {**CE_PROFILE, "progress": {"ce": entries, "exam_attempts": attempts}}
    shuffled = {
        **CE_PROFILE,
        "progress": {
            "ce": rnd.sample(entries, len(entries)),
            "exam_attempts": rnd.sample(attempts, len(attempts)),
        },
    }
    assert to_json(PLANNER.plan(profile_from_dict(data))) == to_json(
        PLANNER.plan(profile_from_dict(shuffled))
    )


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.sampled_from(ALL_PROFILES), st.integers(1, 400))
def test_replanning_later_with_no_new_facts_never_moves_a_done_milestone(name: str, days: int):
    profile = profile_from_dict(json.loads((EXAMPLES / f"{name}.json").read_text("utf-8")))
    assert profile.as_of is not None
    first = PLANNER.plan(profile)
    later = PLANNER.plan(profile, as_of=profile.as_of + dt.timedelta(days=days))
    for m in first.milestones:
        if m.status == "done":
            again = later.milestone(m.id)
            assert (again.start, again.end, again.status) == (m.start, m.end, "done")


# -- mrt-roadmap upgrade --------------------------------------------------------------------------
def test_the_upgrade_command_prints_and_writes_version_2(tmp_path: Path):
    source = V1 / "p5-working-rhit-to-rhia.json"
    result = CliRunner().invoke(cli, ["upgrade", str(source)])
    assert result.exit_code == 0, result.output
    assert json.loads(result.output) == json.loads(
        (EXAMPLES / "p5-working-rhit-to-rhia.json").read_text("utf-8")
    )
    copy = tmp_path / "p.json"
    copy.write_bytes(source.read_bytes())
    result = CliRunner().invoke(cli, ["upgrade", str(copy), "-o", str(copy)])
    assert result.exit_code == 0, result.output
    assert json.loads(copy.read_text("utf-8"))["profile_version"] == 2
    again = CliRunner().invoke(cli, ["upgrade", str(copy)])
    assert json.loads(again.output) == json.loads(copy.read_text("utf-8"))


def test_the_upgrade_command_reports_bad_input_by_path(tmp_path: Path):
    bad = tmp_path / "bad.json"
    bad.write_text(
        '{"id": "x", "availability": {"study_hours_per_week": 10}, "experience": [{"area": "coding"}]}'
    )
    result = CliRunner().invoke(cli, ["upgrade", str(bad)])
    assert result.exit_code == 2
    assert "$.as_of" in result.output
    assert "Traceback" not in result.output


def _planner() -> Any:
    from mrt_roadmap.planner import Planner
    from mrt_roadmap.pluginmanager import PluginHost

    return Planner(PluginHost(load_entrypoints=True))


PLANNER = _planner()

"""On-track status of every milestone: against the learner's dated facts, or a baseline."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from mrt_roadmap.cli import cli
from mrt_roadmap.errors import InputError
from mrt_roadmap.formats.json_format import to_json
from mrt_roadmap.profile import profile_from_dict
from mrt_roadmap.schemas import validate
from mrt_roadmap.testing import example_profile, make_planner

PLANNER = make_planner()
P5 = "p5-working-rhit-to-rhia"


def plan(data: dict[str, Any], **kw: Any) -> Any:
    return PLANNER.plan(profile_from_dict(data), **kw)


def status(roadmap: Any, ident: str) -> tuple[str, str]:
    tracking = roadmap.milestone(ident).tracking
    return tracking.status, tracking.reason


def current_ce_cycle(roadmap: Any) -> Any:
    (cycle,) = [m for m in roadmap.by_kind("ce_cycle") if m.start <= roadmap.as_of <= m.end]
    return cycle


def test_every_milestone_is_tracked_and_the_json_keeps_its_schema():
    roadmap = plan(example_profile(P5))
    assert all(m.tracking is not None for m in roadmap.milestones)
    assert validate("roadmap", json.loads(to_json(roadmap))) == []
    assert status(roadmap, "credential.RHIT") == ("done", "done by 2019-06-20")
    assert status(roadmap, "exam.RHIA")[0] == "on_track"


def test_no_ce_nine_days_before_the_cycle_ends_is_at_risk():
    data = example_profile(P5)
    data["progress"] = {"ce": []}
    cycle = current_ce_cycle(plan(data))
    late = cycle.end - dt.timedelta(days=9)
    roadmap = plan(data, as_of=late)
    assert status(roadmap, cycle.id) == ("at_risk", "0 of 20 CEUs with 9 days left: at risk")


def test_ce_logged_at_a_good_pace_is_on_track_and_a_met_requirement_says_so():
    data = example_profile(P5)
    cycle = current_ce_cycle(plan(data))
    data["progress"] = {
        "ce": [{"date": cycle.start.isoformat(), "amount": 15, "credentials": ["RHIT"]}]
    }
    state, reason = status(plan(data), cycle.id)
    assert state == "on_track"
    assert reason.startswith("15 of 20 CEUs with ")
    data["progress"]["ce"][0]["amount"] = 20
    state, reason = status(plan(data), cycle.id)
    assert (state, reason.endswith("days left: met")) == ("on_track", True)


def test_a_passed_expected_end_is_overdue():
    data = example_profile("demo-new-learner")
    data["education"].append(
        {
            "level": "associate",
            "field": "him",
            "degree": "AAS",
            "status": "in_progress",
            "start": "2024-08-26",
            "end": "2026-10-01",
            "credits_completed": 50,
        }
    )
    roadmap = plan(data)
    index = len(data["education"]) - 1
    assert status(roadmap, f"education.profile.{index}") == (
        "overdue",
        "expected end 2026-10-01 passed, program not recorded as completed",
    )


# -- against a baseline --------------------------------------------------------------------------
def hours(data: dict[str, Any], weekly: float) -> dict[str, Any]:
    return {**data, "availability": {**data["availability"], "study_hours_per_week": weekly}}


def test_a_step_planned_later_than_the_baseline_is_at_risk_and_an_earlier_one_on_track():
    data = example_profile(P5)
    baseline = plan(data)
    was = baseline.milestone("exam.RHIA").end
    slower = plan(hours(data, 8), baseline=baseline)
    now = slower.milestone("exam.RHIA").end
    assert now > was
    state, reason = status(slower, "exam.RHIA")
    assert state == "at_risk"
    assert reason.endswith(
        f"later than the baseline (was {was.isoformat()}, now {now.isoformat()})"
    )
    faster = plan(hours(data, 35), baseline=baseline)
    state, reason = status(faster, "exam.RHIA")
    assert state == "on_track"
    assert reason.endswith("earlier than the baseline")


def test_a_step_the_baseline_expected_before_as_of_that_is_not_done_is_overdue():
    data = example_profile("demo-new-learner")
    baseline = plan(data)
    exam = baseline.milestone("exam.RHIT")
    later = plan(data, as_of=exam.end + dt.timedelta(days=30), baseline=baseline)
    state, reason = status(later, "exam.RHIT")
    assert state == "overdue"
    assert reason.startswith(f"the baseline expected it by {exam.end.isoformat()}")


def test_without_new_facts_the_same_plan_is_on_track_against_itself():
    data = example_profile(P5)
    baseline = plan(data)
    again = plan(data, baseline=baseline)
    for m in again.milestones:
        assert m.tracking.status != "overdue"
        assert "later than the baseline" not in m.tracking.reason


def test_a_baseline_of_another_learner_is_refused():
    other = plan(example_profile("demo-new-learner"))
    with pytest.raises(InputError, match="a roadmap of profile 'demo-new-learner'"):
        plan(example_profile(P5), baseline=other)


def test_the_cli_takes_a_baseline_file(tmp_path: Path):
    profile = Path(__file__).resolve().parents[1] / "examples" / "profiles" / f"{P5}.json"
    baseline = tmp_path / "baseline.json"
    result = CliRunner().invoke(cli, ["plan", str(profile), "-f", "json", "-o", str(baseline)])
    assert result.exit_code == 0, result.output
    result = CliRunner().invoke(
        cli, ["plan", str(profile), "-f", "json", "--baseline", str(baseline)]
    )
    assert result.exit_code == 0, result.output
    statuses = {m["tracking"]["status"] for m in json.loads(result.output)["milestones"]}
    assert statuses <= {"done", "on_track", "at_risk"}
    bad = tmp_path / "bad.json"
    bad.write_text('{"milestones": 3}')
    result = CliRunner().invoke(cli, ["plan", str(profile), "--baseline", str(bad)])
    assert result.exit_code == 2
    assert "Traceback" not in result.output


def test_a_missed_past_cycle_is_called_out_in_every_format():
    from mrt_roadmap.api import export

    data = example_profile(P5)
    data["progress"] = {
        "ce": [
            {
                "date": "2024-01-10",
                "amount": 2,
                "credentials": ["RHIT"],
                "categories": ["hiim_domain"],
            }
        ]
    }
    roadmap = plan(data)
    (cycle,) = [m for m in roadmap.by_kind("ce_cycle") if m.end < roadmap.as_of]
    assert cycle.details["outcome"] == "missed"
    state, reason = status(roadmap, cycle.id)
    assert state == "missed"
    assert reason.startswith("2 of 20 CEUs logged")
    assert f"MISSED: {reason}" in export(roadmap, "text", planner=PLANNER)
    assert "❌ missed" in export(roadmap, "md", planner=PLANNER)
    import icalendar

    calendar = icalendar.Calendar.from_ical(export(roadmap, "ics", planner=PLANNER, todos=True))
    todos = [t for t in calendar.walk("VTODO") if t.decoded("due") == cycle.end]
    assert todos
    for todo in todos:
        assert str(todo["status"]) == "NEEDS-ACTION"
        assert "percent-complete" not in todo

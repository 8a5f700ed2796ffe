"""Progress numbers per requirement, as a degree audit shows them, in the roadmap and explain."""

from __future__ import annotations

import json
from typing import Any

from click.testing import CliRunner

from mrt_roadmap.cli import cli
from mrt_roadmap.formats.json_format import to_json
from mrt_roadmap.profile import profile_from_dict
from mrt_roadmap.schemas import validate
from mrt_roadmap.testing import example_profile, make_planner

PLANNER = make_planner()


def goal(roadmap: Any, target: str) -> Any:
    (found,) = [g for g in roadmap.goals if g.target == target]
    return found


def test_each_goal_shows_how_much_of_its_route_is_met():
    roadmap = PLANNER.plan(profile_from_dict(example_profile("p5-working-rhit-to-rhia")))
    supervisor = {p.label: p for p in goal(roadmap, "him_supervisor").progress}
    experience = supervisor["3 years of HIM or coding experience (typically 3-5 years)"]
    assert (experience.done, experience.required, experience.unit, experience.met) == (
        72,
        36,
        "months",
        True,
    )
    assert experience.text == "72/36 months"
    (rhia,) = goal(roadmap, "RHIA").progress
    assert (rhia.unit, rhia.met, rhia.text) == ("award", False, "award: not yet")
    assert validate("roadmap", json.loads(to_json(roadmap))) == []


def in_progress(credits: float) -> dict[str, Any]:
    data = example_profile("demo-new-learner")
    data["education"].append(
        {
            "status": "in_progress",
            "program": "aas_hit",
            "start": "2025-08-25",
            "end": "2027-05-14",
            "credits_completed": credits,
        }
    )
    return data


def test_a_program_in_progress_counts_its_credits_towards_the_award():
    roadmap = PLANNER.plan(profile_from_dict(in_progress(24)))
    (education,) = [p for p in goal(roadmap, "RHIT").progress if p.kind == "education"]
    assert (education.done, education.required, education.unit) == (24, 64, "credits")
    assert education.text == "24/64 credits"


def test_explain_gives_the_numbers_and_accepts_roles():
    profile = profile_from_dict(example_profile("p5-working-rhit-to-rhia"))
    role = PLANNER.explain(profile, "him_supervisor")
    assert (role.kind, role.credential, role.eligible_now) == ("role", "him_supervisor", True)
    texts = [r.progress.text for r in role.routes[0].requirements if r.progress]
    assert texts == ["award: met", "72/36 months"]
    credential = PLANNER.explain(profile_from_dict(in_progress(24)), "RHIT")
    assert credential.kind == "credential"
    first = credential.routes[0].requirements[0]
    assert first.progress is not None
    assert first.progress.text == "24/64 credits"


def test_the_cli_explains_a_role_with_its_numbers(tmp_path):
    path = tmp_path / "p.json"
    path.write_text(json.dumps(example_profile("p5-working-rhit-to-rhia")))
    result = CliRunner().invoke(cli, ["explain", str(path), "him_supervisor"])
    assert result.exit_code == 0, result.output
    assert "meets every requirement now" in result.output
    assert "72/36 months" in result.output
    result = CliRunner().invoke(cli, ["explain", str(path), "him_supervisor", "--json"])
    data = json.loads(result.output)
    assert data["kind"] == "role"
    assert data["routes"][0]["requirements"][1]["progress"]["done"] == 72
    result = CliRunner().invoke(cli, ["explain", str(path), "no_such_thing"])
    assert result.exit_code == 2


def test_a_credits_requirement_counts_only_the_credits_done_so_far():
    from mrt_roadmap.definitions import Requirement
    from mrt_roadmap.requirement_progress import progress_of

    start = PLANNER.start(profile_from_dict(in_progress(24)))
    college = Requirement("credits", "60 college credits", {"min_credits": 60})
    (credits,) = progress_of([college], start.state, start.context)
    # The demo learner's high-school diploma has no college credits; the AAS in progress has 24
    # done (its 64 count only once it ends).
    assert (credits.done, credits.required, credits.met) == (24, 60, False)

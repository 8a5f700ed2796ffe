"""compare(): goals, milestone pairing, costs and warnings; mirror symmetry; JSON, text, Markdown
and the `compare` command."""

from __future__ import annotations

import datetime as dt
import functools
import json
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import mrt_roadmap
from mrt_roadmap.comparison import (
    Comparison,
    GoalChange,
    MilestoneRef,
    compare,
    render,
    to_markdown,
    to_text,
)
from mrt_roadmap.errors import InputError, UnknownIdError
from mrt_roadmap.formats.json_format import to_json
from mrt_roadmap.roadmap import Cost, GoalResult, Milestone, Notice, Roadmap
from mrt_roadmap.schemas import validate
from mrt_roadmap.testing import example_profile, make_planner
from mrt_roadmap.what_if import apply_what_if

D = dt.date
P5 = "p5-working-rhit-to-rhia"
DEMO = "demo-new-learner"


@functools.cache
def _planner() -> Any:
    return make_planner()


@functools.cache
def planned(name: str, *changes: str) -> Roadmap:
    """The bundled profile ``name`` with what-if ``changes``, planned by one shared planner."""
    data = apply_what_if(example_profile(name), changes)
    return mrt_roadmap.plan(data, planner=_planner())


def goal(roadmap: Roadmap, ident: str) -> GoalResult:
    return next(g for g in roadmap.goals if g.id == ident)


# -- personas -----------------------------------------------------------------------------------
def test_more_study_hours_reach_the_goal_earlier_by_the_exact_days():
    slow = planned(P5, "availability.study_hours_per_week=15")
    fast = planned(P5, "availability.study_hours_per_week=35")
    before = goal(slow, "goal.credential.RHIA").reached_on
    after = goal(fast, "goal.credential.RHIA").reached_on
    assert before is not None
    assert after is not None
    assert after < before

    c = compare(slow, fast)

    assert c.goals.earlier == (
        GoalChange(
            "goal.credential.RHIA",
            "credential",
            "RHIA",
            before,
            after,
            (after - before).days,
            goal(slow, "goal.credential.RHIA").route,
            goal(fast, "goal.credential.RHIA").route,
        ),
    )
    assert not c.goals.later
    assert not c.goals.newly_reached
    assert not c.goals.no_longer_reached
    # The supervisor role is reached on the same day in both plans: not reported.
    assert all(g.target != "him_supervisor" for g in c.goals.earlier)
    credential = next(x for x in c.milestones.changed if x.before.id == "credential.RHIA")
    assert credential.paired_by == "id"
    assert credential.start_days == (after - before).days
    assert {"start", "end"} <= set(credential.changed)
    # The same program, finishing sooner: one changed milestone, not a removal and an addition.
    education = [x for x in c.milestones.changed if x.before.kind == "education"]
    assert len(education) == 1
    assert education[0].before.id == education[0].after.id
    assert education[0].end_days < 0
    assert not c.milestones.added
    # Only AHIMA's maintenance differs in shape: in the slow plan RHIA's exam falls after a
    # cycle starts, so RHIT's cycle ends early and RHIA's own cycle runs from its exam day; in
    # the fast plan RHIA joins a cycle and RHIT drops out of it when RHIA is granted.
    assert [m.id for m in c.milestones.removed] == ["ahima.rhia.ce.1"]
    days = (before - after).days
    assert f"RHIA: {days:,} days earlier ({before} -> {after})" in to_text(c)
    mirrored = compare(fast, slow)
    assert mirrored.goals.later[0].days == days


def test_adding_a_credential_goal_reaches_it_newly_and_adds_its_milestones():
    base = planned(DEMO)
    more = planned(DEMO, "goals.credentials+=RHIA")
    reached = goal(more, "goal.credential.RHIA").reached_on
    assert reached is not None

    c = compare(base, more)

    assert [(g.id, g.before, g.after, g.days) for g in c.goals.newly_reached] == [
        ("goal.credential.RHIA", None, reached, None)
    ]
    added = {(m.kind, m.credential) for m in c.milestones.added}
    assert {("exam", "RHIA"), ("credential", "RHIA")} <= added
    new_ids = {m.id for m in more.milestones} - {m.id for m in base.milestones}
    assert {m.id for m in c.milestones.added} <= new_ids
    # RHIA replaces RHIT once granted: RHIT's maintenance after that day is no longer due
    rhia_granted = more.milestone("credential.RHIA").end
    assert c.milestones.removed
    assert all(
        m.kind in ("ce_cycle", "renewal") and m.credential == "RHIT" and m.end > rhia_granted
        for m in c.milestones.removed
    )
    assert base.total_cost is not None
    assert more.total_cost is not None
    assert c.cost.difference == more.total_cost - base.total_cost
    assert c.cost.difference > 0
    assert compare(more, base).goals.no_longer_reached[0].before == reached


def test_another_associate_program_is_one_changed_education_milestone():
    applied = planned(DEMO, "preferences.plans_bachelor=false")
    science = planned(DEMO, "preferences.plans_bachelor=true")
    planned_a = [m for m in applied.by_kind("education") if m.status == "planned"]
    planned_b = [m for m in science.by_kind("education") if m.status == "planned"]
    assert len(planned_a) == len(planned_b) == 1
    assert planned_a[0].id != planned_b[0].id  # e.g. education.aas_hit vs education.as_hit

    c = compare(applied, science)

    education = [x for x in c.milestones.changed if x.before.kind == "education"]
    assert len(education) == 1
    change = education[0]
    assert change.paired_by == "serves"
    assert change.before == MilestoneRef.of(planned_a[0])
    assert change.after == MilestoneRef.of(planned_b[0])
    assert change.changed[:2] == ("id", "title")
    assert all(m.kind != "education" for m in (*c.milestones.added, *c.milestones.removed))
    text = to_text(c)
    assert f"{planned_a[0].title} -> {planned_b[0].title}" in text


# -- pairing, costs, warnings on small hand-made roadmaps ---------------------------------------
def ms(ident: str, kind: str = "education", start: int = 0, **kw: Any) -> Milestone:
    day = D(2030, 1, 1) + dt.timedelta(days=start)
    end = day + dt.timedelta(days=kw.pop("length", 0))
    return Milestone(ident, kind, kw.pop("title", ident), day, end, **kw)


def rm(*milestones: Milestone, **kw: Any) -> Roadmap:
    return Roadmap(
        profile_id=kw.pop("profile_id", "x"),
        as_of=D(2029, 1, 1),
        horizon=D(2040, 1, 1),
        milestones=milestones,
        goals=kw.pop("goals", ()),
        **kw,
    )


def test_exact_ids_pair_before_anything_else():
    cred = ms("credential.RHIT", "credential", 900, credential="RHIT", depends_on=("edu.a",))
    a = rm(ms("edu.a", length=500), cred)
    b = rm(
        ms("edu.b", length=400),
        ms("edu.a", start=10, length=500),
        ms("credential.RHIT", "credential", 900, credential="RHIT", depends_on=("edu.a", "edu.b")),
    )
    c = compare(a, b)
    # edu.b serves RHIT too, but edu.a keeps its partner of the same id.
    assert [(x.before.id, x.after.id, x.paired_by) for x in c.milestones.changed] == [
        ("edu.a", "edu.a", "id")
    ]
    assert [m.id for m in c.milestones.added] == ["edu.b"]


def test_education_serving_another_goal_is_not_paired():
    a = rm(
        ms("edu.a", length=100),
        ms("credential.RHIT", "credential", 200, credential="RHIT", depends_on=("edu.a",)),
    )
    b = rm(
        ms("edu.b", length=100),
        ms("credential.RHIT", "credential", 200, credential="RHIT"),
        ms("role.x", "advancement", 300, details={"role": "x"}, depends_on=("edu.b",)),
    )
    c = compare(a, b)
    assert [m.id for m in c.milestones.removed] == ["edu.a"]
    assert [m.id for m in c.milestones.added] == ["edu.b", "role.x"]


def test_jobs_pair_through_what_their_experience_serves():
    def plan(job: str, months: int) -> Roadmap:
        return rm(
            ms(job, "job", 0),
            ms(f"exp.{months}", "experience", 0, length=months * 30, depends_on=(job,)),
            ms(
                "role.sup",
                "advancement",
                1200,
                details={"role": "sup"},
                depends_on=(f"exp.{months}",),
            ),
        )

    c = compare(plan("job.clerk", 36), plan("job.coder", 24))
    pairs = {(x.before.id, x.after.id, x.paired_by) for x in c.milestones.changed}
    assert pairs == {("job.clerk", "job.coder", "serves"), ("exp.36", "exp.24", "serves")}
    assert not c.milestones.added
    assert not c.milestones.removed


def test_series_with_other_ids_pair_by_credential_in_date_order():
    a = rm(*(ms(f"ce.{i}", "ce_cycle", 730 * i, credential="RHIT") for i in range(3)))
    b = rm(*(ms(f"cycle.{i}", "ce_cycle", 730 * i + 30, credential="RHIT") for i in range(2)))
    c = compare(a, b)
    assert [(x.before.id, x.after.id, x.paired_by, x.start_days) for x in c.milestones.changed] == [
        ("ce.0", "cycle.0", "credential", 30),
        ("ce.1", "cycle.1", "credential", 30),
    ]
    assert [m.id for m in c.milestones.removed] == ["ce.2"]


def test_unknown_amounts_stay_unknown():
    known = Cost(100.0, "fee")
    unknown = Cost(None, "fee (not published)")
    a = rm(
        ms("exam.X", "exam", credential="X", cost=unknown), ms("e", cost=known), total_cost=100.0
    )
    b = rm(ms("exam.X", "exam", credential="X", cost=known), ms("e", cost=Cost(250.0, "fee")),
           total_cost=350.0)  # fmt: skip
    c = compare(a, b)
    by_id = {x.before.id: x for x in c.milestones.changed}
    assert by_id["exam.X"].changed == ("cost",)
    assert by_id["exam.X"].cost_difference is None
    assert by_id["exam.X"].before.cost_unknown
    assert not by_id["exam.X"].after.cost_unknown
    assert by_id["e"].cost_difference == 150.0
    assert (c.cost.before, c.cost.after, c.cost.difference) == (100.0, 350.0, 250.0)
    assert (c.cost.unknown_before, c.cost.unknown_after) == (1, 0)
    no_total = compare(rm(total_cost=None), rm(total_cost=20.0))
    assert no_total.cost.difference is None
    assert not no_total.is_empty
    assert "cost unknown -> $100" in to_text(c)


def test_warnings_are_gained_and_lost_by_code_and_message():
    w1, w2, w3 = Notice("a", "one"), Notice("a", "two"), Notice("b", "one")
    c = compare(rm(warnings=(w1, w2, w2)), rm(warnings=(w2, w3, Notice("a", "one", rule="r"))))
    assert c.warnings.lost == (w2,)
    assert c.warnings.gained == (w3,)
    assert not c.milestones.changed
    assert not c.goals.earlier
    assert not c.is_empty
    assert "+ gained [b] one" in to_text(c)
    assert compare(rm(warnings=(w1,)), rm(warnings=(w1,))).is_empty


def test_goals_no_longer_reached_and_later():
    def g(ident: str, day: dt.date | None) -> GoalResult:
        return GoalResult(ident, "credential", ident.upper(), day)

    a = rm(goals=(g("x", D(2030, 1, 1)), g("y", D(2031, 1, 1)), g("z", None)))
    b = rm(goals=(g("x", D(2030, 1, 11)), g("y", None), g("z", None)))
    c = compare(a, b)
    assert [(x.id, x.days) for x in c.goals.later] == [("x", 10)]
    assert [(x.id, x.before, x.after) for x in c.goals.no_longer_reached] == [
        ("y", D(2031, 1, 1), None)
    ]
    assert "X: 10 days later (2030-01-01 -> 2030-01-11)" in to_text(c)
    assert "Y: no longer reached" in to_text(c)


def test_text_and_markdown_show_control_characters_escaped():
    a = rm(ms("e", title="plain"))
    b = rm(ms("e", title="evil\x1b[2J <b>*x*</b>"), warnings=(Notice("c`o", "m\x9b"),))
    c = compare(a, b)
    for text in (to_text(c), to_markdown(c)):
        assert "\x1b" not in text
        assert "\x9b" not in text
        assert "\\x1b" in text
    md = to_markdown(c)
    assert "<b>" not in md
    assert "&lt;b&gt;" in md
    assert "`c'o`" in md


def test_render_formats_and_unknown_format():
    c = compare(planned(DEMO), planned(DEMO, "goals.credentials+=RHIA"))
    assert json.loads(render(c, "json")) == c.to_dict()
    assert render(c, "text") == to_text(c)
    assert render(c, "md").startswith("# Comparison of two roadmaps")
    with pytest.raises(UnknownIdError):
        render(c, "ics")


def test_json_round_trips_and_bad_json_is_an_input_error():
    c = compare(planned(P5), planned(P5, "availability.study_hours_per_week=35"))
    data = c.to_dict()
    assert Comparison.from_dict(data) == c
    assert c.to_json() == Comparison.from_dict(json.loads(c.to_json())).to_json()
    data["goals"]["earlier"][0]["days"] = "soon"
    with pytest.raises(InputError) as caught:
        Comparison.from_dict(data)
    assert caught.value.problems[0].path == "$.goals.earlier[0].days"


def test_public_api_exports_compare():
    assert mrt_roadmap.compare is compare
    assert mrt_roadmap.Comparison is Comparison
    assert {"compare", "Comparison"} <= set(mrt_roadmap.__all__)


# -- properties ---------------------------------------------------------------------------------
variants = st.tuples(
    st.sampled_from([DEMO, P5]),
    st.sampled_from([8, 15, 30, 40]),
    st.booleans(),
    st.sampled_from(["", "RHIA", "RHIT"]),
)


def planned_variant(variant: tuple[str, int, bool, str]) -> Roadmap:
    name, hours, bachelor, extra = variant
    changes = [
        f"availability.study_hours_per_week={hours}",
        f"preferences.plans_bachelor={json.dumps(bachelor)}",
    ]
    if extra and extra not in example_profile(name)["goals"].get("credentials", []):
        changes.append(f"goals.credentials+={extra}")
    return planned(name, *changes)


FEW = settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@FEW
@given(variants)
def test_a_plan_compared_with_itself_is_empty(variant):
    roadmap = planned_variant(variant)
    c = compare(roadmap, roadmap)
    assert c.is_empty
    assert "No differences." in to_text(c)


@FEW
@given(variants, variants)
def test_compare_b_a_is_the_mirror_of_compare_a_b(first, second):
    a, b = planned_variant(first), planned_variant(second)
    forward, backward = compare(a, b), compare(b, a)
    assert backward == forward.mirror()
    assert backward.to_json() == forward.mirror().to_json()
    assert forward.mirror().mirror() == forward
    assert forward.is_empty == backward.is_empty


@FEW
@given(variants, variants)
def test_every_comparison_validates_against_its_schema(first, second):
    c = compare(planned_variant(first), planned_variant(second))
    data = c.to_dict()
    assert validate("comparison", data) == []
    assert c.to_json() == compare(planned_variant(first), planned_variant(second)).to_json()


# Random small roadmaps stress the pairing rules (ties, repeated ids, overlapping services).
IDS = ["e.1", "e.2", "job.1", "exp.1", "exam.R", "cred.R", "ce.1", "ce.2", "role.s"]
milestones_st = st.builds(
    lambda ident, kind, start, length, credential, role, deps, cost: ms(
        ident,
        kind,
        start,
        length=length,
        credential=credential,
        details={"role": role} if role else {},
        depends_on=tuple(sorted(set(deps) - {ident})),
        cost=cost,
    ),
    st.sampled_from(IDS),
    st.sampled_from(["education", "job", "experience", "exam", "credential", "ce_cycle"]),
    st.integers(0, 60),
    st.integers(0, 30),
    st.sampled_from([None, None, "R", "S"]),
    st.sampled_from([None, None, None, "s"]),
    st.lists(st.sampled_from(IDS), max_size=3),
    st.sampled_from([None, Cost(None, "?"), Cost(10.0, "a"), Cost(12.5, "b")]),
)
roadmaps_st = st.builds(
    lambda milestones, goals, warnings, total: rm(
        *milestones, goals=tuple(goals), warnings=tuple(warnings), total_cost=total
    ),
    st.lists(milestones_st, max_size=7),
    st.lists(
        st.builds(
            GoalResult,
            st.sampled_from(["g.1", "g.2", "g.3"]),
            st.just("credential"),
            st.just("R"),
            st.one_of(st.none(), st.dates(D(2030, 1, 1), D(2031, 1, 1))),
        ),
        max_size=3,
    ),
    st.lists(st.builds(Notice, st.sampled_from("ab"), st.sampled_from("xy")), max_size=3),
    st.sampled_from([None, 0.0, 10.0, 22.5]),
)


@settings(max_examples=200, deadline=None)
@given(roadmaps_st, roadmaps_st)
def test_pairing_is_symmetric_on_random_roadmaps(a, b):
    forward = compare(a, b)
    assert compare(b, a) == forward.mirror()
    assert compare(a, a).is_empty
    assert validate("comparison", forward.to_dict()) == []
    paired = len(forward.milestones.changed) + len(forward.milestones.added)
    assert paired <= len(b.milestones)
    assert len(forward.milestones.removed) <= len(a.milestones)


# -- the command ----------------------------------------------------------------------------------


def write(folder, name: str, data: dict[str, Any]):
    path = folder / name
    path.write_text(json.dumps(data))
    return path


@pytest.fixture
def two_profiles(tmp_path):
    slow = write(tmp_path, "slow.json", apply_what_if(example_profile(P5), []))
    fast = write(
        tmp_path,
        "fast.json",
        apply_what_if(example_profile(P5), ["availability.study_hours_per_week=35"]),
    )
    return slow, fast


def test_compare_two_profiles_as_text(run, two_profiles):
    slow, fast = two_profiles
    result = run("compare", str(slow), str(fast))
    assert result.exit_code == 0, result.output
    expected = compare(planned(P5), planned(P5, "availability.study_hours_per_week=35"))
    change = expected.goals.earlier[0]
    assert f"RHIA: {-(change.days or 0):,} days earlier ({change.before} -> {change.after})" in (
        result.output
    )
    assert f"A: {slow}" in result.output


def test_compare_two_profiles_as_json_and_markdown(run, two_profiles, tmp_path):
    slow, fast = two_profiles
    result = run("compare", str(slow), str(fast), "-f", "json")
    assert result.exit_code == 0
    data = json.loads(result.output)
    assert validate("comparison", data) == []
    assert (
        data == compare(planned(P5), planned(P5, "availability.study_hours_per_week=35")).to_dict()
    )
    out = tmp_path / "c.md"
    result = run("compare", str(slow), str(fast), "-f", "md", "-o", str(out))
    assert result.exit_code == 0
    text = out.read_text()
    assert text.startswith("# Comparison of two roadmaps")
    assert "## Goals" in text
    assert "RHIA:" in text


def test_compare_a_stored_roadmap_with_a_profile(run, tmp_path):
    profile = write(tmp_path, "demo.json", example_profile(DEMO))
    stored = tmp_path / "roadmap.json"
    stored.write_text(to_json(planned(DEMO), indent=2))
    same = run("compare", str(stored), str(profile))
    assert same.exit_code == 0
    assert "No differences." in same.output
    variant = write(
        tmp_path, "more.json", apply_what_if(example_profile(DEMO), ["goals.credentials+=RHIA"])
    )
    result = run("compare", str(stored), str(variant), "-f", "json")
    assert result.exit_code == 0
    assert json.loads(result.output)["goals"]["newly_reached"][0]["target"] == "RHIA"
    piped = run("compare", "-", str(variant), input=stored.read_text())
    assert piped.exit_code == 0
    assert "A: standard input" in piped.output


def test_compare_bad_inputs_exit_2_without_traceback(run, tmp_path):
    profile = write(tmp_path, "demo.json", example_profile(DEMO))
    broken = tmp_path / "broken.json"
    data = json.loads(to_json(planned(DEMO)))
    data["milestones"][0]["start"] = "soon"
    broken.write_text(json.dumps(data))
    result = run("compare", str(broken), str(profile))
    assert result.exit_code == 2
    assert f"roadmap {broken}" in result.output
    assert "$.milestones[0].start" in result.output
    assert "Traceback" not in result.output
    missing = run("compare", str(tmp_path / "nope.json"), str(profile))
    assert missing.exit_code == 2
    assert "cannot read the file" in missing.output
    both = run("compare", "-", "-", input="{}")
    assert both.exit_code == 2


def test_schema_command_prints_the_comparison_schema(run):
    result = run("schema", "comparison")
    assert result.exit_code == 0
    assert json.loads(result.output)["$id"].endswith("/comparison.schema.json")


# Education only, few dates and two credentials: ties between candidate pairs are common here.
def _education_plan(prefix: str, items: list[tuple[int, int, bool, bool]]) -> Roadmap:
    milestones = [
        ms(f"{prefix}{i}", start=start, length=length)
        for i, (start, length, _, _) in enumerate(items)
    ]
    for credential, flag in (("R", 2), ("S", 3)):
        deps = tuple(f"{prefix}{i}" for i, item in enumerate(items) if item[flag])
        milestones.append(
            ms(f"c.{credential}", "credential", 100, credential=credential, depends_on=deps)
        )
    return rm(*milestones)


education_st = st.lists(
    st.tuples(st.sampled_from([0, 10, 20]), st.sampled_from([0, 10]), st.booleans(), st.booleans()),
    min_size=1,
    max_size=3,
)


@settings(max_examples=300, deadline=None)
@given(education_st, education_st)
def test_pairing_by_service_is_symmetric_under_ties(first, second):
    a, b = _education_plan("a", first), _education_plan("b", second)
    assert compare(b, a) == compare(a, b).mirror()

"""Persona tests: example profiles planned with the built-ins, with hand-checked dates.

The arithmetic behind each date is in the comments (3 study hours per credit per week; terms of
the us_semester calendar: spring Jan 14 - May 4, summer May 18 - Aug 13, fall Aug 25 - Dec 12;
summer loads scale by 12.7/15 weeks; exams 5 business days after eligibility).
"""

from __future__ import annotations

import datetime as dt

import pytest

from mrt_roadmap.profile import profile_from_dict
from mrt_roadmap.roadmap import Roadmap

D = dt.date


def plan(core_planner, example, name: str) -> Roadmap:
    return core_planner.plan(profile_from_dict(example(name)))


def goal(roadmap: Roadmap, target: str):
    return next(g for g in roadmap.goals if g.target == target)


def test_demo_new_learner(core_planner, example):
    r = plan(core_planner, example, "demo-new-learner")
    # 30 h/week -> 10 credits a semester, 8 in summer: 10+8+10+10+8+10+8 = 64 by spring 2029.
    edu = r.milestone("education.aas_hit")
    assert (edu.start, edu.end) == (D(2027, 1, 14), D(2029, 5, 4))
    assert edu.details["credits_to_take"] == 64
    assert [t["credits"] for t in edu.details["schedule"]] == [10, 8, 10, 10, 8, 10, 8]
    # AS and AAS end the same day; no bachelor's planned -> the AAS (built for employment).
    assert any(
        "Associate of Science (AS)" in w.text and "also considered" in w.text for w in edu.why
    )
    assert edu.cost is not None
    assert edu.cost.amount == 64 * 135
    # Early testing: last term starts Sun 2029-01-14, + 5 business days = Fri 2029-01-19.
    exam = r.milestone("exam.RHIT")
    assert exam.end == D(2029, 1, 19)
    assert exam.cost is not None
    assert exam.cost.amount == 229
    assert any("Early testing" in w.text for w in exam.why)
    # Letters only after graduation.
    assert r.milestone("credential.RHIT").start == D(2029, 5, 4)
    g = goal(r, "RHIT")
    assert g.reached_on == D(2029, 5, 4)
    assert g.route == "cahiim_associate"
    # RHIT's only route is the associate one: the bachelor's-level route of a 2020 copy of
    # AHIMA's page is no longer offered (current AHIMA text lists the associate level only)
    assert [a.route for a in g.alternatives] == []
    # Supervisor: 36 FTE months of HIM work from a clerk job starting now: 1,092 days.
    assert r.milestone("job.him_clerk").start == D(2026, 11, 26)
    assert goal(r, "him_supervisor").reached_on == D(2029, 11, 22)
    # AHIMA cycles run from the day the exam is passed (2029-01-19, an early tester), 20 CEUs
    # each, to the horizon; numbered ids keep calendar entries stable when dates move.
    cycles = r.by_kind("ce_cycle")
    assert [(c.id, c.start, c.end) for c in cycles] == [
        ("ahima.ce.1", D(2029, 1, 19), D(2031, 1, 18)),
        ("ahima.ce.2", D(2031, 1, 19), D(2033, 1, 18)),
        ("ahima.ce.3", D(2033, 1, 19), D(2035, 1, 18)),
    ]
    assert cycles[0].depends_on == ("exam.RHIT",)
    assert any("tested early" in w.text for w in cycles[0].why)
    assert {c.details["ce_required"] for c in cycles} == {20}
    codes = {w.code for w in r.warnings}
    assert {"job-search-time", "cost-unknown", "unverified-rule"} <= codes


def test_p1_career_changer_picks_the_masters(core_planner, example):
    r = plan(core_planner, example, "p1-career-changer-rhia")
    g = goal(r, "RHIA")
    # 10 h/week -> 3 credits a semester, 2 in summer (8 a year): MS 36 credits from spring 2027
    # ends summer 2031; the post-bacc certificate (34, fall start) ends fall 2031.
    assert g.route == "cahiim_master"
    assert g.reached_on == D(2031, 8, 13)
    lost = {a.route: a for a in g.alternatives}
    assert lost["cahiim_post_bacc"].finish == D(2031, 12, 12)
    assert "finishes later" in lost["cahiim_post_bacc"].lost_because
    assert lost["cahiim_bachelor"].finish is not None
    assert lost["cahiim_bachelor"].finish > D(2033, 1, 1)
    # The BA in business meets the master's admission; it does not count for RHIA itself.
    edu = r.milestone("education.ms_him")
    assert any("met by your completed BA" in w.text for w in edu.why)
    assert edu.cost is not None
    assert edu.cost.amount is None
    assert "cost-unknown" in {w.code for w in r.warnings}
    assert goal(r, "him_manager").reached_on == D(2031, 8, 13)


def test_p2_core_only_goes_through_rhit(core_planner, example):
    r = plan(core_planner, example, "p2-retail-coder")
    # Without AAPC/AHIMA coding plugins the only coding credential in reach is RHIT:
    # 12 h/week -> 4 credits a semester, 3 in summer: 64 credits end fall 2032.
    assert r.milestone("education.aas_hit").end == D(2032, 12, 12)
    g = goal(r, "entry_coder")
    assert g.reached_on is None
    assert "2032-12-12" in (g.why_not or "")
    assert "goal-beyond-horizon" in {w.code for w in r.warnings}


def test_p3_single_parent_transfers_credits_into_the_as(core_planner, example):
    r = plan(core_planner, example, "p3-single-parent-rhit")
    edu = r.milestone("education.as_hit")
    # 24 earlier credits: the AS takes up to 35 toward general education, the AAS only 15.
    assert edu.details["credits_transferred"] == 24
    assert edu.details["credits_to_take"] == 40
    # 8 h/week -> 2 credits a term, 20 terms from spring 2027 -> summer 2033.
    assert (edu.start, edu.end) == (D(2027, 1, 14), D(2033, 8, 13))
    assert r.milestone("exam.RHIT").end == D(2033, 5, 25)
    g = goal(r, "RHIT")
    assert g.reached_on is None  # after the 6-year horizon (2032-11-26)
    assert g.why_not is not None
    assert "2033-08-13" in g.why_not
    assert r.total_cost == 40 * 135 + 299


def test_p5_working_rhit_takes_the_completion_track(core_planner, example):
    r = plan(core_planner, example, "p5-working-rhit-to-rhia")
    g = goal(r, "RHIA")
    assert g.route == "cahiim_bachelor"
    # AAS in HIM -> 60 credits into the 2+2 completion track (fall cohort); 15 h/week ->
    # 5 credits a semester, 4 in summer: 60 credits from fall 2027 to fall 2031.
    edu = r.milestone("education.bs_him_completion")
    assert (edu.start, edu.end) == (D(2027, 8, 25), D(2031, 12, 12))
    assert edu.details["credits_transferred"] == 60
    assert g.reached_on == D(2031, 12, 12)
    assert r.milestone("exam.RHIA").end == D(2031, 9, 1)  # Mon Aug 25 + 5 business days
    # The supervisor role is already within reach: AAS in HIM + 72 months of coding/HIM work.
    assert goal(r, "him_supervisor").reached_on == D(2026, 11, 26)
    # Current AHIMA cycle from the 2019-06-20 pass date; 12 of 20 CEUs already earned.
    current = next(
        c
        for c in r.by_kind("ce_cycle")
        if c.details["issuer"] == "AHIMA" and c.start.isoformat() == "2025-06-20"
    )
    assert current.end == D(2027, 6, 19)
    assert current.status == "in_progress"
    assert current.details["ce_earned"] == 12
    assert current.details["ce_remaining"] == 8
    assert "min_ahima_sourced" in current.details  # the 2025 40 % rule


@pytest.mark.parametrize(
    "name",
    [
        "demo-new-learner",
        "p1-career-changer-rhia",
        "p2-retail-coder",
        "p3-single-parent-rhit",
        "p5-working-rhit-to-rhia",
    ],
)
def test_every_milestone_has_a_reason(core_planner, example, name):
    r = plan(core_planner, example, name)
    for m in r.milestones:
        assert m.why, m.id
    for rule in r.rules:
        assert rule.source.startswith("http")


def test_student_in_the_last_year_tests_early(core_planner):
    data = {
        "id": "student",
        "as_of": "2026-11-26",
        "education": [
            {
                "level": "associate",
                "field": "him",
                "degree": "AS",
                "accreditation": ["CAHIIM"],
                "credits": 45,
                "status": "in_progress",
                "start": "2025-08-25",
                "end": "2027-05-04",
            }
        ],
        "availability": {"study_hours_per_week": 12},
    }
    r = core_planner.plan(profile_from_dict(data))
    # No goals: the plan leads to RHIT. Last term starts Thu 2027-01-14; + 5 business days.
    assert r.goals[0].target == "RHIT"
    assert r.milestone("exam.RHIT").end == D(2027, 1, 21)
    assert r.milestone("credential.RHIT").start == D(2027, 5, 4)
    assert r.milestone("education.profile.0").status == "in_progress"
    assert not [m for m in r.by_kind("education") if m.id != "education.profile.0"]  # nothing new
    # The AHIMA cycle starts on the exam day (early tester).
    assert r.by_kind("ce_cycle")[0].start == D(2027, 1, 21)

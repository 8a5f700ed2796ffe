"""Progress facts of profile format 2 in the plan: credits done in a program in progress, an
expected end that passed, catalog programs filling education entries, withdrawn credits that
transfer, preferred programs, and exam attempts.

Arithmetic as in ``test_personas``: 3 study hours per credit per week; us_semester terms spring
Jan 14 - May 4, summer May 18 - Aug 13, fall Aug 25 - Dec 12; at 30 hours a week 10 credits a
semester, 8 in summer; RHIT exams 5 business days after eligibility.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from mrt_roadmap.errors import ProfileError
from mrt_roadmap.planner import Planner
from mrt_roadmap.plugin import Registry, hookimpl
from mrt_roadmap.profile import profile_from_dict
from mrt_roadmap.roadmap import Roadmap
from mrt_roadmap.testing import example_profile, make_planner

D = dt.date
AAS = "Associate of Applied Science (AAS) in Health Information Technology"
AS = "Associate of Science (AS) in Health Information Technology"
RHIT_EDUCATION = (
    "academic requirements, at associate-degree level, of a CAHIIM-accredited HIM program "
    "(students in their last term may test early)"
)


@pytest.fixture(scope="module")
def planner() -> Planner:
    return make_planner()


def demo(**changes: Any) -> dict[str, Any]:
    """The demo learner (as_of 2026-11-26, 30 study hours a week, goals RHIT and supervisor)."""
    data = example_profile("demo-new-learner")
    assert data["profile_version"] == 2
    return {**data, **changes}


def studying(**entry: Any) -> dict[str, Any]:
    """The demo learner with a second education entry."""
    return demo(education=[*example_profile("demo-new-learner")["education"], entry])


def plan(planner: Planner, data: dict[str, Any]) -> Roadmap:
    return planner.plan(profile_from_dict(data))


def warnings(roadmap: Roadmap, code: str) -> list[str]:
    return [w.message for w in roadmap.warnings if w.code == code]


# -- 1. credits_completed drives the remaining terms ----------------------------------------------
def in_aas(done: float, end: str = "2027-12-12") -> dict[str, Any]:
    return studying(
        program="aas_hit",
        status="in_progress",
        start="2025-08-25",
        end=end,
        credits_completed=done,
    )


def test_fifty_credits_done_finish_in_summer(planner: Planner) -> None:
    r = plan(planner, in_aas(50))
    # 14 left from the first term after as_of: spring 2027 10, summer 2027 4.
    edu = r.milestone("education.profile.1")
    assert (edu.start, edu.end, edu.status) == (D(2025, 8, 25), D(2027, 8, 13), "in_progress")
    assert edu.title == "Associate of Applied Science (AAS) in Health Information Technology"
    assert [t["credits"] for t in edu.details["schedule"]] == [10, 4]
    assert edu.details["credits_to_take"] == 14
    first = edu.why[1]
    assert first.text == (
        f"50 of the 64 credits of {AAS} done: 14 to take from 2027-01-14, ending 2027-08-13 "
        "(your expected end: 2027-12-12)"
    )
    assert first.rule == "program.aas_hit"
    assert first.source == "https://catalog.otc.edu/content.php?catoid=19&navoid=1972"
    # One term from the expected end (fall 2027): no warning.
    assert not warnings(r, "expected-end-differs")
    # Nothing new to study; early testing in the last term (2027-05-18 + 5 business days).
    assert [m.id for m in r.by_kind("education")] == ["education.profile.0", "education.profile.1"]
    assert r.milestone("exam.RHIT").end == D(2027, 5, 25)
    assert r.milestone("credential.RHIT").start == D(2027, 8, 13)


def test_twelve_credits_done_finish_a_year_later_and_warn(planner: Planner) -> None:
    r = plan(planner, in_aas(12))
    # 52 left: 10 + 8 + 10 + 10 + 8 + 6, fall 2028.
    edu = r.milestone("education.profile.1")
    assert edu.end == D(2028, 12, 12)
    assert [t["credits"] for t in edu.details["schedule"]] == [10, 8, 10, 10, 8, 6]
    assert warnings(r, "expected-end-differs") == [
        f"{AAS}: your expected end 2027-12-12 and the end the remaining credits give "
        "(52 of 64 at 30 study hours a week: 2028-12-12) are more than a term apart; the plan "
        "uses 2028-12-12"
    ]
    assert r.milestone("credential.RHIT").start == D(2028, 12, 12)


def test_without_a_catalog_program_the_expected_end_is_kept(planner: Planner) -> None:
    r = plan(
        planner,
        studying(
            level="associate",
            field="him",
            degree="AAS",
            accreditation=["CAHIIM"],
            status="in_progress",
            end="2027-12-12",
            credits_completed=12,
        ),
    )
    assert r.milestone("education.profile.1").end == D(2027, 12, 12)
    assert not warnings(r, "expected-end-differs")


# -- 2. an expected end that passed ----------------------------------------------------------------
def test_a_passed_expected_end_is_overdue_until_the_next_term_end(planner: Planner) -> None:
    r = plan(
        planner,
        studying(
            level="associate",
            field="him",
            degree="AAS",
            accreditation=["CAHIIM"],
            status="in_progress",
            start="2024-08-26",
            end="2026-10-01",
        ),
    )
    # as_of 2026-11-26 falls in fall 2026, which ends 2026-12-12.
    edu = r.milestone("education.profile.1")
    assert (edu.end, edu.status) == (D(2026, 12, 12), "in_progress")
    # no catalog program named: the title is the degree in its field, readable
    assert edu.title == "AAS degree in health information management"
    assert warnings(r, "education-overdue") == [
        f"{edu.title}: expected end 2026-10-01 passed, program not recorded as completed; "
        "the plan assumes it ends with the term ending 2026-12-12"
    ]
    assumed = edu.why[1]
    assert assumed.rule == "education.in_progress.overdue"
    assert not assumed.verified
    # Early testing from the start of its last term, fall 2026: from as_of + 5 business days.
    assert r.milestone("exam.RHIT").end == D(2026, 12, 3)
    assert r.milestone("credential.RHIT").start == D(2026, 12, 12)


def test_a_passed_expected_end_with_credits_left_finishes_by_them(planner: Planner) -> None:
    r = plan(planner, in_aas(60, end="2026-10-01"))
    # 4 credits left: spring 2027.
    assert r.milestone("education.profile.1").end == D(2027, 5, 4)
    assert warnings(r, "education-overdue") == [
        f"{AAS}: expected end 2026-10-01 passed, program not recorded as completed; "
        "the plan finishes its 4 remaining credits on 2027-05-04"
    ]
    assert not warnings(r, "expected-end-differs")


# -- 3. a catalog program fills the entry --------------------------------------------------------
def test_a_program_id_fills_level_field_degree_and_accreditation(planner: Planner) -> None:
    r = plan(planner, studying(program="as_hit", status="completed", end="2025-05-04"))
    edu = r.milestone("education.profile.1")
    assert edu.title == "Associate of Science (AS) in Health Information Technology"
    assert edu.details["accreditation"] == ["CAHIIM"]
    # The filled CAHIIM AS meets RHIT's associate route at once: exam as_of + 5 business days.
    assert r.milestone("exam.RHIT").end == D(2026, 12, 3)
    assert f"{RHIT_EDUCATION}: met by your completed AS in him (CAHIIM)" in {
        w.text for w in r.milestone("exam.RHIT").why
    }


@pytest.mark.parametrize(
    ("entry", "path", "message"),
    [
        (
            {"level": "bachelor", "program": "aas_hit"},
            "$.education[1].level",
            "bachelor contradicts program aas_hit (associate)",
        ),
        (
            {"program": "aas_hit", "accreditation": ["NCRA"]},
            "$.education[1].accreditation",
            "missing CAHIIM: contradicts program aas_hit (CAHIIM); list it or leave "
            "accreditation out",
        ),
        (
            {"program": "aas_hit", "field": "coding"},
            "$.education[1].field",
            "coding contradicts program aas_hit (him)",
        ),
        (
            {"program": "aas_hit", "degree": "AS"},
            "$.education[1].degree",
            "AS contradicts program aas_hit (AAS)",
        ),
        ({"field": "him"}, "$.education[1].level", "'level' is a required property"),
    ],
)
def test_an_entry_that_contradicts_its_program_is_an_error(
    planner: Planner, entry: dict[str, Any], path: str, message: str
) -> None:
    with pytest.raises(ProfileError) as info:
        plan(planner, studying(end="2025-05-04", **entry))
    assert [(p.path, p.message) for p in info.value.problems] == [(path, message)]


# -- 4. a withdrawn program's credits transfer -----------------------------------------------------
def test_credits_of_a_withdrawn_associate_transfer_to_a_new_one(planner: Planner) -> None:
    before = plan(planner, demo())
    fresh = before.milestone("education.aas_hit")
    assert (fresh.end, fresh.details["credits_transferred"]) == (D(2029, 5, 4), 0)
    r = plan(
        planner,
        studying(program="as_hit", status="withdrawn", end="2025-05-04", credits_completed=30),
    )
    # The AS takes the 30 (its general-education rule, up to 35), the AAS only 15: the AS
    # ends first. 34 left: 10 + 8 + 10 + 6, spring 2028.
    edu = r.milestone("education.as_hit")
    assert (edu.start, edu.end) == (D(2027, 1, 14), D(2028, 5, 4))
    assert edu.details["credits_transferred"] == 30
    transfer = [w for w in edu.why if w.rule == "program.as_hit.transfer"]
    assert [w.text for w in transfer] == [
        "Transfer: 30 credits from your AS in him (CAHIIM) (withdrawn): prior college credits "
        "toward the AS general education (35 SC at UAMS)"
    ]
    assert r.goals[0].reached_on == D(2028, 5, 4)
    assert before.goals[0].reached_on == D(2029, 5, 4)
    # Withdrawn: the award itself meets no education requirement.
    assert r.milestone("education.profile.1").end == D(2025, 5, 4)


# -- 5. preferred programs -----------------------------------------------------------------------
def test_a_preferred_program_is_chosen_before_the_usual_order(planner: Planner) -> None:
    default = plan(planner, demo())
    assert default.milestone("education.aas_hit")
    r = plan(planner, demo(preferences={**demo()["preferences"], "programs": ["as_hit"]}))
    edu = r.milestone("education.as_hit")
    assert (edu.start, edu.end) == (D(2027, 1, 14), D(2029, 5, 4))
    assert [w.text for w in edu.why if "chosen" in w.text] == [
        f"{AS} chosen: your preferred program (preferences.programs), tried before the usual "
        "order of end date, fit with your plans and cost (also considered: "
        f"{AAS} (would end 2029-05-04))"
    ]
    assert "education.aas_hit" not in {m.id for m in r.milestones}
    assert not warnings(r, "preferred-program-not-used")


def test_a_preferred_program_that_cannot_meet_the_requirement_is_skipped(planner: Planner) -> None:
    prefs = {**demo()["preferences"], "programs": ["coding_certificate", "as_hit"]}
    r = plan(planner, demo(preferences=prefs))
    assert r.milestone("education.as_hit").end == D(2029, 5, 4)
    assert warnings(r, "preferred-program-not-used") == [
        "Your preferred program Medical coding certificate (coding_certificate) is not used for "
        f"'{RHIT_EDUCATION}': it does not meet it (certificate in coding); the plan uses {AS}"
    ]


# -- 6. exam attempts ----------------------------------------------------------------------------
def graduate(**changes: Any) -> dict[str, Any]:
    """The demo learner with a CAHIIM AAS finished before as_of: RHIT is in reach at once."""
    return {
        **studying(program="aas_hit", status="completed", end="2026-05-04"),
        "goals": {"credentials": ["RHIT"]},
        **changes,
    }


def test_a_failed_attempt_waits_for_the_retake(planner: Planner) -> None:
    plain = plan(planner, graduate())
    assert plain.milestone("exam.RHIT").end == D(2026, 12, 3)  # as_of + 5 business days
    r = plan(
        planner,
        graduate(
            progress={
                "exam_attempts": [{"credential": "RHIT", "date": "2026-09-12", "result": "failed"}]
            }
        ),
    )
    exam = r.milestone("exam.RHIT")
    assert exam.end == D(2026, 12, 11)  # 2026-09-12 + 90 days
    (why,) = [w for w in exam.why if w.text.startswith("You failed")]
    assert why.text == (
        "You failed the exam on 2026-09-12; AHIMA's retake wait is 90 days: next attempt from "
        "2026-12-11"
    )
    assert (why.rule, why.source, why.verified) == (
        "RHIT.exam.retake",
        "https://ahima.org/certification-careers/apply/contact-us-faqs/",
        False,
    )
    assert r.goals[0].reached_on == D(2026, 12, 11)


def test_a_failed_attempt_long_ago_does_not_delay_the_exam(planner: Planner) -> None:
    attempts = [{"credential": "RHIT", "date": "2026-05-20", "result": "failed"}]
    r = plan(planner, graduate(progress={"exam_attempts": attempts}))
    assert r.milestone("exam.RHIT").end == D(2026, 12, 3)  # the wait ended 2026-08-18


def test_a_passed_attempt_not_held_counts_as_earned_and_warns(planner: Planner) -> None:
    attempts = [
        {"credential": "RHIT", "date": "2026-06-01", "result": "failed"},
        {"credential": "RHIT", "date": "2026-10-01", "result": "passed"},
    ]
    r = plan(planner, graduate(progress={"exam_attempts": attempts}))
    held = r.milestone("credential.RHIT")
    assert (held.start, held.status) == (D(2026, 10, 1), "done")  # results on the exam day
    assert held.why[0].text == "You passed the exam on 2026-10-01 (from your profile)"
    assert not [m for m in r.milestones if m.kind == "exam"]
    assert r.goals[0].route == "held"
    assert r.goals[0].reached_on == D(2026, 10, 1)
    assert warnings(r, "passed-not-held") == [
        "RHIT: you passed its exam on 2026-10-01 but your profile does not list it under "
        "credentials; the plan counts it as earned on 2026-10-01: add it to credentials with "
        "the date it was granted"
    ]
    # AHIMA CE cycles run from the day it counts as earned.
    assert r.by_kind("ce_cycle")[0].start == D(2026, 10, 1)


SOURCE = "https://example.org/testorg"


class RetakeUnknown:
    """A test issuer whose exam has no published retake wait."""

    PLUGIN_NAME = "retake_unknown"

    @hookimpl
    def mrt_roadmap_register(self, registry: Registry) -> None:
        prov = {"source": SOURCE, "as_of": "2026-01-01", "verified": True}
        need = {"kind": "education", "level": "high_school", "label": "a diploma"}
        route = {"id": "only", "label": "the only route", "requirements": [need]}
        registry.add_credential(
            {
                **prov,
                "id": "TESTX",
                "name": "Test X",
                "issuer": "TESTORG",
                "eligibility": [{**prov, "routes": [route]}],
                "exam": {
                    **prov,
                    "processing_business_days": 0,
                    "result_delay_days": 3,
                    "retake_wait_days": None,
                },
            }
        )


def test_an_unknown_retake_wait_allows_the_next_day_and_warns() -> None:
    planner = make_planner(RetakeUnknown())
    data = {
        "profile_version": 2,
        "id": "t",
        "as_of": "2026-11-26",
        "education": [{"level": "high_school", "end": "2010-06-15"}],
        "availability": {"study_hours_per_week": 10},
        "goals": {"credentials": ["TESTX"]},
        "progress": {
            "exam_attempts": [{"credential": "TESTX", "date": "2026-11-26", "result": "failed"}]
        },
    }
    r = plan(planner, data)
    exam = r.milestone("exam.TESTX")
    assert exam.end == D(2026, 11, 27)
    (why,) = [w for w in exam.why if w.rule == "TESTX.exam.retake"]
    assert why.text == (
        "You failed the exam on 2026-11-26; TESTORG's retake wait is not in our sources: next "
        "attempt from 2026-11-27"
    )
    assert not why.verified
    assert warnings(r, "retake-wait-unknown") == [
        "TESTX: you failed the exam on 2026-11-26 and no source gives TESTORG's wait before a "
        "retake; the plan allows the next attempt from 2026-11-27, so check the wait with TESTORG"
    ]
    # Passed, not listed as held: earned after the 3-day result delay.
    passed = {"credential": "TESTX", "date": "2026-11-20", "result": "passed"}
    r = plan(planner, {**data, "progress": {"exam_attempts": [passed]}})
    assert r.milestone("credential.TESTX").start == D(2026, 11, 23)
    assert r.milestone("credential.TESTX").why[1].text == "Results 3 days after the exam"

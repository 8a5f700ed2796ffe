"""Tests of the mrt-roadmap-ccs plugin: contract, CLI listing, current and historical CCS rules,
CCS-P, and AHIMA combined CEU totals computed by the built-in AHIMA plugin."""

from __future__ import annotations

import datetime as dt
from typing import Any

import mrt_roadmap_ccs as ccs
import pytest

from mrt_roadmap import Planner, profile_from_dict
from mrt_roadmap.plugin import Roadmap
from mrt_roadmap.testing import (
    assert_plugin_contract,
    ce_cycle,
    check_plugin,
    make_planner,
    run_cli,
)

AS_OF = "2026-11-26"  # a Thursday: + 5 business days (authorization to test) = 2026-12-03
CCS_PAGE = "https://ahima.org/certification-careers/certifications-overview/ccs"
CCS_OLD_PAGE = "http://www.ahima.org/certification/CCS"


@pytest.fixture(scope="module")
def planner() -> Planner:
    return make_planner(ccs)


def profile(**fields: Any) -> Any:
    data: dict[str, Any] = {
        "id": "ccs-test",
        "as_of": AS_OF,
        "education": [{"level": "high_school", "status": "completed", "end": "2015-06-12"}],
        "availability": {"study_hours_per_week": 10},
        "preferences": {"memberships": ["AHIMA"]},
    }
    data.update(fields)
    return profile_from_dict(data)


def ce_required(roadmap: Roadmap, start: str) -> tuple[float, list[str]]:
    cycle = ce_cycle(roadmap, "AHIMA", start)
    return cycle.details["ce_required"], cycle.details["credentials"]


def why_texts(roadmap: Roadmap, milestone_id: str) -> list[str]:
    return [r.text for r in roadmap.milestone(milestone_id).why]


def test_ccs_plugin_contract() -> None:
    assert_plugin_contract(ccs)
    assert ccs.MRT_ROADMAP_API == 2
    assert ccs.__version__ == "0.1.0"


def test_ccs_cli_lists_credentials_with_issuer_and_source() -> None:
    # The CLI loads installed entry points: `pip install -e plugins/mrt-roadmap-ccs` first.
    result = run_cli("credentials")
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    ccs_line = next(i for i, line in enumerate(lines) if line.startswith("CCS "))
    assert "Certified Coding Specialist - AHIMA" in lines[ccs_line]
    assert f"plugin mrt-roadmap-ccs; source {CCS_PAGE} as of 2026-01-01" in lines[ccs_line + 1]
    ccsp_line = next(i for i, line in enumerate(lines) if line.startswith("CCS-P "))
    assert "Certified Coding Specialist\u2013Physician-based - AHIMA" in lines[ccsp_line]
    assert (
        "plugin mrt-roadmap-ccs; source http://www.ahima.org/certification/ccs.aspx"
        in lines[ccsp_line + 1]
    )

    listed = run_cli("plugins")
    assert listed.exit_code == 0, listed.output
    assert "mrt-roadmap-ccs 0.1.0 (ccs = mrt_roadmap_ccs)" in listed.output
    assert "credential: CCA, CCS, CCS-P" in listed.output


def test_rule_in_force_switches_on_2020_07_01(planner: Planner) -> None:
    cred = planner.catalog.credential("CCS")
    old = cred.rule_on(dt.date(2020, 6, 30))
    new = cred.rule_on(dt.date(2020, 7, 1))
    assert old is not None
    assert new is not None
    assert old.effective_until == dt.date(2020, 6, 30)
    assert not old.provenance.verified
    assert [r.id for r in old.routes] == [
        "ahima_credential",
        "coding_training",
        "coding_experience_2y",
        "cca_1y",
        "other_credential_1y",
    ]
    assert [r.id for r in new.routes] == ["high_school"]
    assert new.provenance.verified
    assert len(new.recommendations) == 6
    ccsp = planner.catalog.credential("CCS-P")
    assert ccsp.rule_on(dt.date(2020, 6, 30)) is None
    assert ccsp.rule_on(dt.date(2026, 11, 26)) is not None


def test_high_school_learner_plans_directly_to_the_ccs_exam(planner: Planner) -> None:
    roadmap = planner.plan(profile(goals={"credentials": ["CCS"]}))
    goal = roadmap.goals[0]
    assert (goal.target, goal.route, goal.reached_on) == (
        "CCS",
        "high_school",
        dt.date(2026, 12, 3),
    )
    assert goal.alternatives == ()
    exam = roadmap.milestone("exam.CCS")
    assert (exam.start, exam.end) == (dt.date(2026, 12, 3), dt.date(2026, 12, 3))
    # no program, job or experience step precedes the exam
    assert not [
        m
        for m in roadmap.milestones
        if m.kind in ("education", "experience") and m.status == "planned"
    ]
    exam_why = why_texts(roadmap, "exam.CCS")
    assert any("retake is 30 days" in t for t in exam_why)
    assert any(
        t.startswith("CCS exam fee: member $299") and "non-member $399" in t for t in exam_why
    )
    assert exam.cost is not None
    assert exam.cost.amount == 299  # AHIMA member
    assert any("No source gives a typical preparation time" in t for t in exam_why)
    cred_why = why_texts(roadmap, "credential.CCS")
    assert (
        "Recommended, not required: at least 2 years of coding experience directly applying codes"
        in cred_why
    )
    assert (
        "Recommended, not required: the CCA credential plus 1 year of coding experience" in cred_why
    )
    assert "Recommended, not required: holding the CCS-P, RHIT or RHIA credential" in cred_why
    assert any("self-reviews (5 CEUs each) on 1 Jan 2021" in t for t in cred_why)
    assert not [w for w in roadmap.warnings if w.code == "unverified-rule"]
    assert ce_required(roadmap, "2026-12-03") == (20, ["CCS"])


def test_historical_rule_requires_a_route_before_july_2020(planner: Planner) -> None:
    coder = profile(  # a dated job (profile format 2): three years of coding by mid-2019
        profile_version=2,
        goals={"credentials": ["CCS"]},
        experience=[{"area": "coding", "start": "2016-06-01", "hours_per_week": 40}],
    )
    roadmap = planner.plan(coder, as_of=dt.date(2019, 6, 1))  # Saturday -> exam Fri 2019-06-07
    goal = roadmap.goals[0]
    assert (goal.route, goal.reached_on) == ("coding_experience_2y", dt.date(2019, 6, 7))
    # The current rule competes too, but only from its first day (2020-07-01): later.
    later = next(a for a in goal.alternatives if a.route == "high_school")
    assert later.finish == dt.date(2020, 7, 8)
    assert "finishes later" in later.lost_because
    met = "at least 2 years of related coding experience directly applying codes: met by your experience"
    assert any(met in t for t in why_texts(roadmap, "exam.CCS"))
    warning = next(w for w in roadmap.warnings if w.code == "unverified-rule")
    assert warning.rule == "CCS.eligibility.coding_experience_2y"
    assert warning.source == CCS_OLD_PAGE
    assert "confirm it with AHIMA" in warning.message

    # The same learner today: only the diploma is required.
    today = planner.plan(coder)
    assert (today.goals[0].route, today.goals[0].reached_on) == (
        "high_school",
        dt.date(2026, 12, 3),
    )


def test_rules_compete_by_exam_date_for_a_diploma_only_learner_in_2019(
    planner: Planner,
) -> None:
    roadmap = planner.plan(profile(goals={"credentials": ["CCS"]}), as_of=dt.date(2019, 6, 1))
    goal = roadmap.goals[0]
    # With CCA in the catalog (this plugin), the old rule's "CCA + 1 year of coding" route is
    # plannable: CCA at once (a diploma is enough), a year as an entry coder, then the CCS exam
    # on 2020-06-05, before the old rule ended; waiting for the diploma-only rule (from
    # 2020-07-01, exam 5 business days later) finishes later.
    assert (goal.route, goal.reached_on) == ("cca_1y", dt.date(2020, 6, 5))
    assert roadmap.milestone("exam.CCA").end == dt.date(2019, 6, 1)
    alternatives = {a.route: a for a in goal.alternatives}
    assert alternatives["high_school"].finish == dt.date(2020, 7, 8)
    assert alternatives["high_school"].lost_because.startswith("finishes later")
    # Under the old rule, the coding program (10 study hours/week) would end after the rule did.
    training = alternatives["coding_training"]
    assert training.label == "Complete a coding training program"
    assert training.lost_because.startswith("not available: this rule ended on 2020-06-30")
    # Holding RHIT first would take until after the old rule ended.
    assert alternatives["ahima_credential"].lost_because.startswith(
        "not available: this rule ended"
    )
    # The chosen (old) rule is unverified: the roadmap warns.
    assert "CCS.eligibility.cca_1y" in {w.rule for w in roadmap.warnings}


def test_explain_shows_the_rule_in_force(planner: Planner) -> None:
    learner = profile()
    then = planner.explain(learner, "CCS", as_of=dt.date(2019, 6, 1))
    assert not then.eligible_now
    assert not then.rule_verified
    assert then.rule_source == CCS_OLD_PAGE
    assert len(then.routes) == 5
    now = planner.explain(learner, "CCS")
    assert now.eligible_now
    assert now.rule_source == CCS_PAGE
    assert "recommended, not required" in (now.historical_note or "")
    assert "at least 2 years of coding experience directly applying codes" in now.recommendations


def test_ccs_p_plan_warns_and_waits_90_days_for_retakes(planner: Planner) -> None:
    roadmap = planner.plan(profile(goals={"credentials": ["CCS-P"]}))
    goal = roadmap.goals[0]
    assert (goal.route, goal.reached_on) == ("high_school", dt.date(2026, 12, 3))
    assert any("retake is 90 days" in t for t in why_texts(roadmap, "exam.CCS-P"))
    assert "Recommended, not required: holding the CCS, RHIT or RHIA credential" in why_texts(
        roadmap, "credential.CCS-P"
    )
    warning = next(w for w in roadmap.warnings if w.code == "unverified-rule")
    assert warning.rule == "CCS-P.eligibility.high_school"
    assert warning.source == "https://ilovemedicalcoding.com/?p=25131"


def test_rhit_plus_ccs_is_30_ceus(planner: Planner) -> None:
    rhit = profile(
        credentials=[{"id": "RHIT", "earned": "2018-05-01"}],
        goals={"credentials": ["CCS"]},
    )
    roadmap = planner.plan(rhit)
    assert roadmap.goals[0].reached_on == dt.date(2026, 12, 3)
    # CCS is earned inside the 2026-05-01 cycle, so it counts from the next one.
    assert ce_required(roadmap, "2026-05-01") == (20, ["RHIT"])
    assert ce_required(roadmap, "2028-05-01") == (30, ["CCS", "RHIT"])
    assert ce_required(roadmap, "2030-05-01") == (30, ["CCS", "RHIT"])


def test_ccs_plus_ccs_p_is_30_ceus(planner: Planner) -> None:
    coder = profile(
        credentials=[{"id": "CCS", "earned": "2021-03-15"}],
        goals={"credentials": ["CCS-P"]},
    )
    roadmap = planner.plan(coder)
    assert roadmap.goals[0].reached_on == dt.date(2026, 12, 3)
    assert ce_required(roadmap, "2025-03-15") == (20, ["CCS"])
    assert ce_required(roadmap, "2027-03-15") == (30, ["CCS", "CCS-P"])


def test_rhia_plus_ccs_plus_ccs_p_is_capped_at_50_ceus(planner: Planner) -> None:
    rhia = profile(
        credentials=[{"id": "RHIA", "earned": "2019-07-15"}],
        goals={"credentials": ["CCS", "CCS-P"]},
    )
    roadmap = planner.plan(rhia)
    assert [g.reached_on for g in roadmap.goals] == [dt.date(2026, 12, 3)] * 2
    assert ce_required(roadmap, "2025-07-15") == (30, ["RHIA"])
    assert ce_required(roadmap, "2027-07-15") == (50, ["CCS", "CCS-P", "RHIA"])
    assert ce_required(roadmap, "2029-07-15") == (50, ["CCS", "CCS-P", "RHIA"])


def test_author_kit_check_plugin() -> None:
    """Every bundled example planned strictly with the plugin: schema-valid roadmaps, unique
    milestone ids, no clash with the other installed plugins."""
    roadmaps = check_plugin(ccs)
    assert "p5-working-rhit-to-rhia" in roadmaps


# -- CCA ----
def test_cca_is_registered_with_its_sourced_rules(planner: Planner) -> None:
    cca = planner.catalog.credential("CCA")
    assert (cca.issuer, cca.name) == ("AHIMA", "Certified Coding Associate")
    assert cca.provenance.source == "https://www.ahima.org/certification/cca.aspx"
    assert cca.provenance.verified
    (rule,) = cca.eligibility
    (route,) = rule.routes
    assert [(r.kind, r.params["level"]) for r in route.requirements] == [
        ("education", "high_school")
    ]
    assert len(rule.recommendations) == 3
    assert cca.exam is not None
    assert cca.exam.retake_wait_days == 30
    assert cca.exam.processing_business_days is None  # unknown, never 0
    assert cca.maintenance is not None
    assert (cca.maintenance.scheme, cca.maintenance.ce_per_cycle) == ("AHIMA", 20)


def test_a_high_school_graduate_can_plan_cca_and_an_entry_coder_job(planner: Planner) -> None:
    """Before, CCA was missing: the entry-coder role named it, yet the planner could never plan
    it, and a goal of CCA was an unknown credential."""
    roadmap = planner.plan(
        profile(goals={"credentials": ["CCA"], "roles": ["entry_coder"], "horizon_years": 5})
    )
    goals = {g.target: g for g in roadmap.goals}
    assert goals["CCA"].reached_on == dt.date(2026, 11, 26)
    assert goals["CCA"].route == "high_school"
    assert goals["entry_coder"].reached_on == dt.date(2026, 11, 26)
    codes = {w.code for w in roadmap.warnings}
    assert {"unknown-processing-time", "unknown-result-time"} <= codes
    cycles = [m for m in roadmap.milestones if m.kind == "ce_cycle"]
    assert cycles[0].details["credentials"] == ["CCA"]
    assert cycles[0].details["ce_required"] == 20

"""Tests of the mrt-roadmap-aapc plugin: CPC, COC, CRC (AAPC)."""

from __future__ import annotations

import datetime as dt
import itertools
from importlib import metadata
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest

import mrt_roadmap_aapc
from mrt_roadmap import profile_from_dict
from mrt_roadmap.testing import (
    assert_plugin_contract,
    ce_cycles,
    check_plugin,
    example_profile,
    make_planner,
    run_cli,
)
from mrt_roadmap_aapc.maintenance import ceus_required

if TYPE_CHECKING:
    from mrt_roadmap import Planner
    from mrt_roadmap.plugin import Milestone, Roadmap

EXAMPLES = Path(mrt_roadmap_aapc.__file__).resolve().parents[4] / "src" / "mrt_roadmap" / "examples"
D = dt.date
AS_OF = D(2026, 11, 26)


@pytest.fixture(scope="module")
def planner() -> Planner:
    return make_planner(mrt_roadmap_aapc)


def load_example(name: str) -> dict[str, Any]:
    return example_profile(name)


def profile(**changes: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "id": "aapc-test",
        "as_of": AS_OF.isoformat(),
        "education": [{"level": "high_school", "status": "completed", "end": "2010-06-01"}],
        "availability": {"study_hours_per_week": 10},
        "goals": {"credentials": [], "roles": [], "horizon_years": 5},
    }
    data.update(changes)
    return data


def cycles(roadmap: Roadmap, issuer: str) -> list[Milestone]:
    return ce_cycles(roadmap, issuer)


def removal(roadmap: Roadmap, cid: str = "CPC") -> Milestone:
    return roadmap.milestone(f"aapc.remove_apprentice.{cid}")


# -- contract and data ----
def test_plugin_contract() -> None:
    assert_plugin_contract(mrt_roadmap_aapc)


def test_catalog_credentials_aliases_and_membership(planner: Planner) -> None:
    catalog = planner.catalog
    for cid in ("CPC", "COC", "CRC"):
        cred = catalog.credential(cid)
        assert (cred.issuer, cred.membership) == ("AAPC", "AAPC")
        (route,) = cred.eligibility[0].routes
        assert [(r.kind, r.get("organization")) for r in route.requirements] == [
            ("membership", "AAPC")
        ]
        assert cred.maintenance is not None
        assert (cred.maintenance.scheme, cred.maintenance.ce_per_cycle) == ("AAPC", 36)
        assert cred.exam is not None
        assert cred.exam.retake_wait_days is None
    assert catalog.resolve_credential("CPC-A") == "CPC"
    assert catalog.resolve_credential("coc-a") == "COC"
    assert catalog.resolve_credential("CPC-H") == "COC"
    kinds = {a.name: a.kind for a in catalog.credential("COC").aliases}
    assert kinds == {"COC-A": "variant", "CPC-H": "former_name"}


def test_cpc_exam_facts_fees_and_unverified_prep(planner: Planner) -> None:
    cpc = planner.catalog.credential("CPC")
    exam = cpc.exam
    assert exam is not None
    assert exam.prep_hours == 120
    assert exam.provenance.verified is False
    assert exam.provenance.note is not None
    assert "60-180 hours" in exam.provenance.note
    assert cpc.extra["exam_facts"] == {
        "questions": 100,
        "hours": 4,
        "pass_percent": 70,
        "open_book": True,
        "source": "https://www.medicalcodingwithconfidence.com/cpc-exam-info",
        "verified": False,
    }
    fees = {f.provenance.as_of: (f.member, f.label) for f in exam.fees}
    assert fees[D(2026, 2, 1)][0] == 425
    assert "two attempts" in fees[D(2026, 2, 1)][1]
    assert fees[D(2026, 1, 1)][0] == 499
    assert fees[D(2014, 3, 1)][0] == 300


def test_ceu_table() -> None:
    assert [ceus_required(n) for n in range(7)] == [0, 36, 40, 44, 48, 52, 52]


# -- P2: entry coder via CPC ----
@pytest.fixture(scope="module")
def p2(planner: Planner) -> Roadmap:
    return planner.plan(profile_from_dict(load_example("p2-retail-coder")))


def test_p2_reaches_entry_coder_via_cpc_well_before_rhit(p2: Roadmap) -> None:
    (goal,) = p2.goals
    assert (goal.target, goal.reached_on) == ("entry_coder", D(2027, 2, 4))
    assert "credential.CPC" in p2.milestone("role.entry_coder").depends_on
    assert not [m for m in p2.by_kind("credential") if m.credential in ("RHIT", "COC")]
    exam = p2.milestone("exam.CPC")
    # 120 prep hours (derived, unverified) at 12 hours a week = 10 weeks
    assert (exam.start, exam.end) == (AS_OF, AS_OF + dt.timedelta(weeks=10))
    assert exam.cost is not None
    assert exam.cost.amount == 425
    rhit_only = make_planner().plan(profile_from_dict(load_example("p2-retail-coder")))
    rhit = rhit_only.milestone("credential.RHIT").end
    assert rhit == D(2032, 12, 12)
    assert rhit_only.goals[0].reached_on is None  # beyond the 4-year horizon without AAPC
    assert (rhit - goal.reached_on).days > 5 * 365


def test_p2_future_cpc_gets_the_remove_a_milestone(p2: Roadmap) -> None:
    m = removal(p2)
    # assumed: the goal role is taken on the day CPC is earned; 24 FTE months = 104 weeks
    assert m.end == D(2027, 2, 4) + dt.timedelta(weeks=104) == D(2029, 2, 1)
    assert m.kind == "advancement"
    assert m.details["held"] is False
    assert "credential.CPC" in m.depends_on
    assert any(r.rule == "AAPC.apprentice.assumed_job" for r in m.why)


# -- P4 (AAPC parts only): holds CPC-A -----------------------------------------------------------
def p4_without_ccs(course: bool = False) -> dict[str, Any]:
    data = load_example("p4-biller-cpc-a")
    data["goals"]["credentials"] = []
    data["plugins"]["aapc"]["completed_80_hour_course"] = course
    return data


def test_p4_cpc_a_removal_after_two_years_of_planned_coding_work(planner: Planner) -> None:
    roadmap = planner.plan(profile_from_dict(p4_without_ccs()))
    held = roadmap.milestone("credential.CPC")
    assert held.status == "done"
    m = removal(roadmap)
    assert m.title == "Remove the -A (CPC-A to CPC)"
    assert m.end == AS_OF + dt.timedelta(weeks=104) == D(2028, 11, 23)
    assert m.depends_on == ("credential.CPC", "job.entry_coder")
    assert m.details["held"] is True
    ways = {w["way"]: w for w in m.details["ways"]}
    assert ways["1 year of experience + 80-hour course"]["date"] is None
    assert ways["1 year of experience + 80-hour course"]["one_year_experience"] == "2027-11-25"
    rules = {r.rule: r for r in m.why}
    assert "letterhead" in rules["AAPC.apprentice.letters"].text
    assert "PDF" in rules["AAPC.apprentice.letters"].text
    assert "2-4 weeks" in rules["AAPC.apprentice.processing"].text
    assert rules["AAPC.apprentice.processing"].verified is False
    assert "No time-based expiry" in rules["AAPC.apprentice.no_expiry"].text
    # ways 2 and 3 are on AAPC's own apprentice page (older version): verified
    assert rules["AAPC.apprentice.practicode"].verified is True
    assert rules["AAPC.apprentice.course"].verified is True


def test_p4_with_80_hour_course_needs_one_year(planner: Planner) -> None:
    roadmap = planner.plan(profile_from_dict(p4_without_ccs(course=True)))
    assert removal(roadmap).end == AS_OF + dt.timedelta(weeks=52) == D(2027, 11, 25)


def test_cpc_a_holder_date_comes_from_current_coding_experience(planner: Planner) -> None:
    data = profile(
        credentials=[{"id": "CPC-A", "earned": "2025-06-01"}],
        experience=[{"area": "coding", "months": 10, "hours_per_week": 40, "current": True}],
    )
    roadmap = planner.plan(profile_from_dict(data))
    # 14 more full-time months = 14 x 52/12 weeks = 424.7 days, rounded up
    assert removal(roadmap).end == AS_OF + dt.timedelta(days=425) == D(2028, 1, 25)
    data["plugins"] = {"aapc": {"completed_80_hour_course": True}}
    roadmap = planner.plan(profile_from_dict(data))
    # 2 more months to one year = 60.7 days, rounded up
    assert removal(roadmap).end == AS_OF + dt.timedelta(days=61)


def test_cpc_a_holder_with_two_years_can_apply_now(planner: Planner) -> None:
    data = profile(
        credentials=[{"id": "CPC-A", "earned": "2025-06-01"}],
        experience=[{"area": "coding", "months": 30, "hours_per_week": 40, "current": False}],
    )
    assert removal(planner.plan(profile_from_dict(data))).end == AS_OF


def test_part_time_coding_accrues_slower(planner: Planner) -> None:
    data = profile(
        credentials=[{"id": "COC-A", "earned": "2025-06-01"}],
        experience=[{"area": "coding", "months": 0, "hours_per_week": 18.75, "current": True}],
    )
    roadmap = planner.plan(profile_from_dict(data))
    assert removal(roadmap, "COC").end == AS_OF + dt.timedelta(weeks=208)
    assert roadmap.milestone("credential.COC").credential == "COC"


def test_no_removal_milestone_without_the_a(planner: Planner) -> None:
    data = profile(credentials=[{"id": "CPC", "earned": "2025-06-01"}])
    roadmap = planner.plan(profile_from_dict(data))
    assert not [m for m in roadmap.milestones if m.id.startswith("aapc.remove_apprentice")]


def test_no_removal_milestone_when_earned_with_two_years(planner: Planner) -> None:
    data = profile(
        experience=[{"area": "coding", "months": 30, "hours_per_week": 40, "current": True}],
        goals={"credentials": ["CPC"], "horizon_years": 5},
    )
    roadmap = planner.plan(profile_from_dict(data))
    assert roadmap.milestone("credential.CPC").end == AS_OF + dt.timedelta(weeks=12)
    assert not [m for m in roadmap.milestones if m.id.startswith("aapc.remove_apprentice")]


def test_crc_has_no_apprentice_status(planner: Planner) -> None:
    data = profile(goals={"credentials": ["CRC"], "horizon_years": 5})
    roadmap = planner.plan(profile_from_dict(data))
    # No source gives CRC preparation time: the exam is on the first eligible day, and says so.
    assert roadmap.goals[0].reached_on == AS_OF
    assert any(
        "No source gives a typical preparation time" in r.text
        for r in roadmap.milestone("exam.CRC").why
    )
    assert not [m for m in roadmap.milestones if m.id.startswith("aapc.remove_apprentice")]


# -- maintenance ----
def test_ce_total_36_for_one_credential(planner: Planner) -> None:
    data = profile(
        credentials=[{"id": "CPC", "earned": "2025-06-01", "ce_earned_current_cycle": 10}]
    )
    found = cycles(planner.plan(profile_from_dict(data)), "AAPC")
    assert {c.details["ce_required"] for c in found} == {36}
    assert (found[0].start, found[0].end) == (D(2025, 6, 1), D(2027, 5, 31))
    assert (found[0].details["ce_earned"], found[0].details["ce_remaining"]) == (10, 26)
    assert found[0].details["first_submission_prorated"] is True
    assert any(r.rule == "AAPC.maintenance.prorated" for r in found[0].why)
    assert any(r.rule == "AAPC.maintenance.anchor" and not r.verified for r in found[0].why)
    assert "36 / 48 / 60 / 72 / 80" in found[0].why[0].text
    for before, after in itertools.pairwise(found):
        assert after.start == before.end + dt.timedelta(days=1)


def test_ce_total_40_for_cpc_and_coc(planner: Planner) -> None:
    data = profile(
        credentials=[{"id": "CPC", "earned": "2025-06-01"}, {"id": "COC", "earned": "2025-06-01"}]
    )
    found = cycles(planner.plan(profile_from_dict(data)), "AAPC")
    assert {c.details["ce_required"] for c in found} == {40}
    assert found[0].details["credentials"] == ["COC", "CPC"]
    data["credentials"].append({"id": "CRC", "earned": "2025-06-01"})
    found = cycles(planner.plan(profile_from_dict(data)), "AAPC")
    assert {c.details["ce_required"] for c in found} == {44}


def test_credential_added_mid_cycle_counts_from_next_cycle(planner: Planner) -> None:
    data = profile(
        credentials=[{"id": "CPC", "earned": "2025-06-01"}],
        goals={"credentials": ["COC"], "horizon_years": 5},
    )
    found = cycles(planner.plan(profile_from_dict(data)), "AAPC")
    assert [c.details["ce_required"] for c in found] == [36, 40, 40, 40]
    assert any(r.rule == "AAPC.maintenance.added_credential" for r in found[0].why)


def test_membership_renewed_yearly_and_ceus_due_every_second_renewal(planner: Planner) -> None:
    data = profile(credentials=[{"id": "CPC", "earned": "2025-06-01"}])
    roadmap = planner.plan(profile_from_dict(data))
    renewals = sorted(
        (m for m in roadmap.by_kind("renewal") if m.id.startswith("aapc.")), key=lambda m: m.end
    )
    assert [m.end for m in renewals] == [D(y, 6, 1) for y in range(2027, 2032)]
    assert {m.cost.amount for m in renewals if m.cost} == {190}
    due = [m.end for m in renewals if "ce_due" in m.details]
    assert due == [D(2027, 6, 1), D(2029, 6, 1), D(2031, 6, 1)]
    ends = [c.end + dt.timedelta(days=1) for c in cycles(roadmap, "AAPC")]
    assert ends == [*due, D(2033, 6, 1)]  # the last cycle starts before the horizon


def test_aapc_and_ahima_cycles_side_by_side(planner: Planner) -> None:
    data = profile(
        credentials=[{"id": "RHIT", "earned": "2025-05-01"}, {"id": "CPC", "earned": "2025-09-15"}]
    )
    roadmap = planner.plan(profile_from_dict(data))
    ahima, aapc = cycles(roadmap, "AHIMA"), cycles(roadmap, "AAPC")
    assert ahima
    assert aapc
    assert {c.details["credentials"][0] for c in ahima} == {"RHIT"}
    assert {c.details["ce_required"] for c in ahima} == {20}
    assert {tuple(c.details["credentials"]) for c in aapc} == {("CPC",)}
    assert {c.details["ce_required"] for c in aapc} == {36}
    assert (ahima[0].start, ahima[0].end) == (D(2025, 5, 1), D(2027, 4, 30))
    assert (aapc[0].start, aapc[0].end) == (D(2025, 9, 15), D(2027, 9, 14))
    assert ahima[0].start <= aapc[0].end
    assert aapc[0].start <= ahima[0].end  # the two ledgers overlap in time
    separate = next(r for r in aapc[0].why if r.rule == "AAPC.maintenance.separate_from_ahima")
    assert separate.verified is False
    assert "no-maintenance-rules" not in {w.code for w in roadmap.warnings}


def test_explain_cpc_needs_only_membership(planner: Planner) -> None:
    explanation = planner.explain(profile_from_dict(profile()), "CPC-A")
    assert explanation.credential == "CPC"
    (route,) = explanation.routes
    assert route.eligible_now
    assert "AAPC membership" in route.requirements[0].label


# -- CLI ----
def test_cli_lists_cpc_coc_crc_and_ods() -> None:
    try:
        metadata.distribution("mrt-roadmap-aapc")
    except metadata.PackageNotFoundError:
        pytest.skip("mrt-roadmap-aapc is not installed: pip install -e plugins/mrt-roadmap-aapc")
    result = run_cli("credentials")
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    expected = {
        "CPC": (
            "Certified Professional Coder - AAPC (aliases: CPC-A)",
            "https://aapc.com/certifications/cpc/complete-your-cpc-apprenticeship",
        ),
        "COC": (
            "Certified Outpatient Coder - AAPC (aliases: COC-A, CPC-H)",
            "https://aapc.com/certifications/cpc/complete-your-cpc-apprenticeship",
        ),
        "CRC": (
            "Certified Risk Adjustment Coder - AAPC",
            "https://www.aapc.com/certifications/crc/taking-the-crc-exam",
        ),
    }
    try:
        metadata.distribution("mrt-roadmap-ctr")
        expected["ODS"] = (
            "Oncology Data Specialist - NCRA (aliases: CTR",
            "https://www.ncra-usa.org/About/What-is-NCRA",
        )
    except metadata.PackageNotFoundError:
        pass
    for cid, (title, source) in expected.items():
        index = next(i for i, line in enumerate(lines) if line.startswith(f"{cid} "))
        assert title in lines[index]
        assert source in lines[index + 1]
        assert "plugin mrt-roadmap-" in lines[index + 1]
    assert "ODS" in expected


def test_author_kit_check_plugin() -> None:
    """Every bundled example planned strictly with the plugin: schema-valid roadmaps, unique
    milestone ids, no clash with the other installed plugins."""
    roadmaps = check_plugin(mrt_roadmap_aapc)
    assert "p5-working-rhit-to-rhia" in roadmaps


def test_the_apprentice_status_shows_even_when_no_job_dates_its_removal(planner: Planner) -> None:
    """AAPC's rule applies whenever CPC is passed without 2 years of coding: the "-A" shows
    with the ways to remove it although nothing in the plan dates the removal (before, it
    appeared only when a coding role goal or job was in the plan)."""
    data = {
        "profile_version": 2,
        "id": "cpc-only",
        "as_of": "2026-11-26",
        "education": [{"level": "high_school", "status": "completed", "end": "2015-06-12"}],
        "availability": {"study_hours_per_week": 10},
        "goals": {"credentials": ["CPC"], "roles": [], "horizon_years": 5},
    }
    roadmap = planner.plan(profile_from_dict(data))
    credential = roadmap.milestone("credential.CPC")
    status = roadmap.milestone("aapc.apprentice.CPC")
    assert status.title == "CPC-A: apprentice status until you prove 2 years' equivalency"
    assert (status.start, status.end) == (credential.end, credential.end)
    assert status.details["removal_dated"] is False
    assert [w["date"] for w in status.details["ways"]] == [None, None, None]
    rules = {r.rule: r for r in status.why}
    assert "cannot date the removal" in rules["AAPC.apprentice.undated"].text
    assert not [m for m in roadmap.milestones if m.id == "aapc.remove_apprentice.CPC"]

"""Tests of the mrt-roadmap-chda plugin: contract, CLI listing, persona P6 (CCS coder moving to
data analytics), the unverified-rule warning, and AHIMA combined CEU totals with CHDA."""

from __future__ import annotations

import datetime as dt
from typing import Any

import mrt_roadmap_chda as chda
import pytest

from mrt_roadmap import Planner, profile_from_dict
from mrt_roadmap.plugin import Roadmap
from mrt_roadmap.testing import (
    assert_plugin_contract,
    ce_cycle,
    check_plugin,
    example_profile,
    make_planner,
    run_cli,
)

PREP_SITE = "https://chdaexam.com/blog/chda-exam-prerequisites-education-and-experience-guide-2026"


@pytest.fixture(scope="module")
def planner() -> Planner:
    """Built-ins + CHDA + CCS (persona P6 holds CCS); no installed entry points."""
    ccs = pytest.importorskip("mrt_roadmap_ccs", reason="install plugins/mrt-roadmap-ccs")
    return make_planner(chda, ccs)


def example(name: str) -> dict[str, Any]:
    return example_profile(name)


def ce_required(roadmap: Roadmap, start: str) -> tuple[float, list[str]]:
    cycle = ce_cycle(roadmap, "AHIMA", start)
    return cycle.details["ce_required"], cycle.details["credentials"]


def test_chda_plugin_contract() -> None:
    assert_plugin_contract(chda)
    assert chda.MRT_ROADMAP_API == 2
    assert chda.__version__ == "0.1.0"


def test_chda_cli_lists_credential_with_issuer_and_source() -> None:
    # The CLI loads installed entry points: `pip install -e plugins/mrt-roadmap-chda` first.
    result = run_cli("credentials")
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    at = next(i for i, line in enumerate(lines) if line.startswith("CHDA "))
    assert "Certified Health Data Analyst - AHIMA" in lines[at]
    assert (
        "plugin mrt-roadmap-chda; source https://www.ahima.org/certification/Recertification "
        "as of 2019-01-01" in lines[at + 1]
    )
    listed = run_cli("plugins")
    assert "mrt-roadmap-chda 0.1.0 (chda = mrt_roadmap_chda)" in listed.output


def test_every_chda_route_is_unverified(planner: Planner) -> None:
    cred = planner.catalog.credential("CHDA")
    rule = cred.rule_on(dt.date(2026, 11, 26))
    assert rule is not None
    assert not rule.provenance.verified
    for route in rule.routes:
        assert all(r.provenance and not r.provenance.verified for r in route.requirements)
    assert cred.maintenance is not None
    assert (cred.maintenance.scheme, cred.maintenance.ce_per_cycle) == ("AHIMA", 30)
    assert cred.exam is not None
    assert cred.exam.retake_wait_days == 90
    assert cred.exam.prep_hours is None
    assert [(f.member, f.non_member) for f in cred.exam.fees] == [(None, None)]


def test_persona_p6_ccs_coder_to_chda(planner: Planner) -> None:
    roadmap = planner.plan(profile_from_dict(example("p6-ccs-to-chda")))
    goal = roadmap.goals[0]
    assert goal.target == "CHDA"
    assert goal.route == "degree_and_data_experience"
    # The amount of health data experience is not published: any documented experience counts,
    # and P6 has 24 months of it, so she is eligible now; exam after 5 business days (Thu).
    exam = roadmap.milestone("exam.CHDA")
    assert exam.end == dt.date(2026, 12, 3)
    assert goal.reached_on == dt.date(2026, 12, 3)
    assert roadmap.milestone("credential.CHDA").end == dt.date(2026, 12, 3)
    exam_why = [r.text for r in exam.why]
    assert any("met by your completed AS" in t for t in exam_why)
    assert any("retake is 90 days" in t for t in exam_why)
    assert exam.cost is not None
    assert exam.cost.amount is None  # fee not found in any source

    warning = next(w for w in roadmap.warnings if w.code == "unverified-rule")
    assert warning.rule == "CHDA.eligibility.degree_and_data_experience"
    assert warning.source == PREP_SITE
    assert "confirm it with AHIMA" in warning.message
    assert "placeholder" not in warning.message.lower()

    # CCS (earned 2016-04-11) anchors the 2-year AHIMA cycles. CHDA is earned inside the
    # 2026-04-11 cycle, so CCS + CHDA = 20 + 10 = 40 from the next one; CCS alone is 20.
    assert ce_required(roadmap, "2026-04-11") == (20, ["CCS"])
    assert (
        next(
            c
            for c in roadmap.by_kind("ce_cycle")
            if c.details["issuer"] == "AHIMA" and c.start.isoformat() == "2026-04-11"
        ).details["ce_earned"]
        == 6
    )
    assert ce_required(roadmap, "2028-04-11") == (40, ["CCS", "CHDA"])


def test_rhia_plus_chda_is_40_ceus(planner: Planner) -> None:
    rhia = profile_from_dict(
        {
            "id": "rhia-analyst",
            "as_of": "2026-11-26",
            "education": [
                {
                    "level": "bachelor",
                    "field": "him",
                    "accreditation": ["CAHIIM"],
                    "credits": 120,
                    "status": "completed",
                    "end": "2019-05-10",
                },
            ],
            "credentials": [{"id": "RHIA", "earned": "2019-07-15"}],
            "experience": [{"area": "health_data", "months": 30, "hours_per_week": 40}],
            "availability": {"study_hours_per_week": 5},
            "goals": {"credentials": ["CHDA"]},
        }
    )
    roadmap = planner.plan(rhia)
    # Eligible today (bachelor's >= associate; some data experience): exam after 5 business days.
    assert roadmap.goals[0].reached_on == dt.date(2026, 12, 3)
    assert ce_required(roadmap, "2025-07-15") == (30, ["RHIA"])
    assert ce_required(roadmap, "2027-07-15") == (40, ["CHDA", "RHIA"])


def test_chda_without_data_experience_is_not_planned_silently(planner: Planner) -> None:
    data = example("p6-ccs-to-chda")
    data["experience"] = [e for e in data["experience"] if e["area"] != "health_data"]
    roadmap = planner.plan(profile_from_dict(data))
    goal = roadmap.goals[0]
    assert goal.reached_on is None
    assert goal.why_not is not None
    assert "health data analysis experience" in goal.why_not
    assert any(w.code == "goal-unreachable" for w in roadmap.warnings)


def test_author_kit_check_plugin() -> None:
    """Every bundled example planned strictly with the plugin: schema-valid roadmaps, unique
    milestone ids, no clash with the other installed plugins."""
    roadmaps = check_plugin(chda)
    assert "p5-working-rhit-to-rhia" in roadmaps

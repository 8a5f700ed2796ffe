"""Tests of the mrt-roadmap-chps plugin: contract, CLI listing, persona P8 (RHIA moving to the
privacy officer track), route choice, and AHIMA combined CEU totals with CHPS."""

from __future__ import annotations

import datetime as dt
from typing import Any

import mrt_roadmap_chps as chps
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

CHPS_PAGE = "https://www.ahima.org/certification-careers/certification-exams/chps/"


@pytest.fixture(scope="module")
def planner() -> Planner:
    return make_planner(chps)


def example(name: str) -> dict[str, Any]:
    return example_profile(name)


def ce_required(roadmap: Roadmap, start: str) -> tuple[float, list[str]]:
    cycle = ce_cycle(roadmap, "AHIMA", start)
    return cycle.details["ce_required"], cycle.details["credentials"]


def test_chps_plugin_contract() -> None:
    assert_plugin_contract(chps)
    assert chps.MRT_ROADMAP_API == 2
    assert chps.__version__ == "0.1.0"


def test_chps_cli_lists_credential_with_issuer_and_source() -> None:
    # The CLI loads installed entry points: `pip install -e plugins/mrt-roadmap-chps` first.
    result = run_cli("credentials")
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    at = next(i for i, line in enumerate(lines) if line.startswith("CHPS "))
    assert "Certified in Healthcare Privacy and Security - AHIMA" in lines[at]
    assert f"plugin mrt-roadmap-chps; source {CHPS_PAGE} as of 2019-12-31" in lines[at + 1]
    listed = run_cli("plugins")
    assert "mrt-roadmap-chps 0.1.0 (chps = mrt_roadmap_chps)" in listed.output


def test_chps_rule_has_the_six_ahima_routes(planner: Planner) -> None:
    cred = planner.catalog.credential("CHPS")
    rule = cred.rule_on(dt.date(2026, 11, 26))
    assert rule is not None
    # read on AHIMA's staging copy (cms-test.ahima.org) of this page, not on the public page
    assert not rule.provenance.verified
    assert rule.provenance.as_of == dt.date(2019, 12, 31)
    needs = {
        route.id: tuple(
            (r.kind, r.get("level") or tuple(r.get("any_of", ())) or r.get("area"), r.get("months"))
            for r in route.requirements
        )
        for route in rule.routes
    }
    assert needs == {
        "high_school_6y": (
            ("education", "high_school", None),
            ("experience", "privacy_security", 72),
        ),
        "credential_4y": (
            ("credential", ("CCA", "CCS", "CCS-P", "RHIT"), None),
            ("experience", "privacy_security", 48),
        ),
        "associate_4y": (("education", "associate", None), ("experience", "privacy_security", 48)),
        "rhia_2y": (("credential", ("RHIA",), None), ("experience", "privacy_security", 24)),
        "bachelor_2y": (("education", "bachelor", None), ("experience", "privacy_security", 24)),
        "master_1y": (("education", "master", None), ("experience", "privacy_security", 12)),
    }
    assert cred.exam is not None
    assert (cred.exam.retake_wait_days, cred.exam.prep_hours) == (90, None)
    assert [(f.member, f.non_member) for f in cred.exam.fees] == [(None, None)]
    assert cred.extra["exam_format"]["hours"] == 3.5
    assert (cred.extra["exam_format"]["items_min"], cred.extra["exam_format"]["items_max"]) == (
        140,
        160,
    )


def test_persona_p8_rhia_to_chps(planner: Planner) -> None:
    roadmap = planner.plan(profile_from_dict(example("p8-rhia-to-chps")))
    goal = roadmap.goals[0]
    assert goal.target == "CHPS"
    assert goal.route == "rhia_2y"
    # 12 months of privacy management at 40 h/week (>= 37.5, so 1 FTE) are banked; 12 more
    # months = 52 weeks = 364 days from 2026-11-26 -> Thu 2027-11-25.
    assert roadmap.milestone("experience.privacy_security.24m").end == dt.date(2027, 11, 25)
    # + 5 business days to the authorization to test -> Thu 2027-12-02.
    assert roadmap.milestone("exam.CHPS").end == dt.date(2027, 12, 2)
    assert goal.reached_on == dt.date(2027, 12, 2)
    alternatives = {a.route: a for a in goal.alternatives}
    # The bachelor's route ties; the RHIA route is listed first, so the plan cites the RHIA.
    assert alternatives["bachelor_2y"].finish == dt.date(2027, 12, 2)
    assert alternatives["bachelor_2y"].lost_because.startswith("listed after the chosen route")
    assert alternatives["associate_4y"].finish == dt.date(2029, 11, 29)
    assert alternatives["high_school_6y"].finish == dt.date(2031, 11, 27)
    exam_why = [r.text for r in roadmap.milestone("exam.CHPS").why]
    assert "the RHIA credential: met by RHIA (held)" in exam_why
    assert any("retake is 90 days" in t for t in exam_why)
    assert any(w.code == "cost-unknown" and "CHPS exam fee" in w.message for w in roadmap.warnings)
    # The CHPS rule is on AHIMA's own site but was read on a staging copy: the warning says
    # it is not confirmed on AHIMA's current public page (not "a secondary source").
    (unverified,) = [w for w in roadmap.warnings if w.rule and w.rule.startswith("CHPS.")]
    assert "not confirmed on AHIMA's current public page" in unverified.message

    # RHIA (2019-07-15) anchors the cycles; CHPS is earned inside the 2027-07-15 cycle, so
    # RHIA + CHPS = 30 + 10 = 40 from the next one.
    assert ce_required(roadmap, "2025-07-15") == (30, ["RHIA"])
    assert ce_required(roadmap, "2027-07-15") == (30, ["RHIA"])
    assert ce_required(roadmap, "2029-07-15") == (40, ["CHPS", "RHIA"])


def test_chps_plus_rhit_is_40_ceus(planner: Planner) -> None:
    rhit = profile_from_dict(
        {
            "id": "rhit-privacy",
            "as_of": "2026-11-26",
            "education": [
                {
                    "level": "associate",
                    "field": "him",
                    "accreditation": ["CAHIIM"],
                    "credits": 64,
                    "status": "completed",
                    "end": "2018-05-11",
                }
            ],
            "credentials": [{"id": "RHIT", "earned": "2018-06-01"}],
            "experience": [
                {"area": "privacy_security", "months": 60, "hours_per_week": 40, "current": True}
            ],
            "availability": {"study_hours_per_week": 6},
            "goals": {"credentials": ["CHPS"]},
        }
    )
    roadmap = planner.plan(rhit)
    goal = roadmap.goals[0]
    # Eligible today by two routes; the credential route is listed first.
    assert (goal.route, goal.reached_on) == ("credential_4y", dt.date(2026, 12, 3))
    assert {a.route: a.finish for a in goal.alternatives}["associate_4y"] == dt.date(2026, 12, 3)
    assert ce_required(roadmap, "2026-06-01") == (20, ["RHIT"])
    assert ce_required(roadmap, "2028-06-01") == (40, ["CHPS", "RHIT"])


def test_ccs_counts_for_the_credential_route_when_installed() -> None:
    ccs = pytest.importorskip("mrt_roadmap_ccs", reason="install plugins/mrt-roadmap-ccs")
    coder = profile_from_dict(
        {
            "id": "ccs-privacy",
            "as_of": "2026-11-26",
            "education": [{"level": "high_school", "status": "completed", "end": "2010-06-11"}],
            "credentials": [{"id": "CCS", "earned": "2015-03-02"}],
            "experience": [
                {"area": "privacy_security", "months": 42, "hours_per_week": 40, "current": True}
            ],
            "availability": {"study_hours_per_week": 6},
            "goals": {"credentials": ["CHPS"]},
        }
    )
    roadmap = make_planner(chps, ccs).plan(coder)
    goal = roadmap.goals[0]
    # 6 more FTE months = 26 weeks = 182 days: 2026-11-26 -> Thu 2027-05-27; + 5 business days.
    assert roadmap.milestone("experience.privacy_security.48m").end == dt.date(2027, 5, 27)
    assert (goal.route, goal.reached_on) == ("credential_4y", dt.date(2027, 6, 3))
    assert {a.route: a.finish for a in goal.alternatives}["high_school_6y"] > goal.reached_on


def test_author_kit_check_plugin() -> None:
    """Every bundled example planned strictly with the plugin: schema-valid roadmaps, unique
    milestone ids, no clash with the other installed plugins."""
    roadmaps = check_plugin(chps)
    assert "p5-working-rhit-to-rhia" in roadmaps

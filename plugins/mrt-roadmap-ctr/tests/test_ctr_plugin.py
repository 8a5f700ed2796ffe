"""Tests of the mrt-roadmap-ctr plugin: ODS (formerly CTR), NCRA."""

from __future__ import annotations

import datetime as dt
import itertools
from importlib import metadata
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest

import mrt_roadmap_ctr
from mrt_roadmap import profile_from_dict
from mrt_roadmap.plugin import PlanState, Requirement
from mrt_roadmap.testing import (
    assert_plugin_contract,
    ce_cycles,
    check_plugin,
    example_profile,
    make_planner,
    run_cli,
)
from mrt_roadmap_ctr.maintenance import ceip_window, cycles
from mrt_roadmap_ctr.windows import next_window, projected_windows, windows_for

if TYPE_CHECKING:
    from mrt_roadmap import Planner
    from mrt_roadmap.plugin import Milestone, Roadmap

EXAMPLES = Path(mrt_roadmap_ctr.__file__).resolve().parents[4] / "src" / "mrt_roadmap" / "examples"
D = dt.date


@pytest.fixture(scope="module")
def planner() -> Planner:
    return make_planner(mrt_roadmap_ctr)


def load_example(name: str) -> dict[str, Any]:
    return example_profile(name)


def base_profile(**changes: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "id": "ctr-test",
        "as_of": "2026-11-26",
        "education": [
            {"level": "high_school", "status": "completed", "end": "2000-06-01"},
            {
                "level": "associate",
                "field": "other",
                "degree": "AA",
                "credits": 62,
                "status": "completed",
                "end": "2004-05-15",
                "courses": [
                    {"name": "anatomy_physiology", "semesters": 2},
                    {"name": "medical_terminology", "semesters": 1},
                ],
            },
        ],
        "availability": {"study_hours_per_week": 10},
        "goals": {"credentials": ["ODS"], "horizon_years": 5},
    }
    data.update(changes)
    return data


def ncra_cycles(roadmap: Roadmap) -> list[Milestone]:
    return ce_cycles(roadmap, "NCRA")


def fees(roadmap: Roadmap) -> list[Milestone]:
    return sorted(
        (m for m in roadmap.by_kind("renewal") if m.id.startswith("ctr.fee.")), key=lambda m: m.end
    )


# -- contract and data ----
def test_plugin_contract() -> None:
    assert_plugin_contract(mrt_roadmap_ctr)


def test_catalog_registers_ods_with_ctr_alias_programs_role_and_practicum(planner: Planner) -> None:
    catalog = planner.catalog
    assert catalog.resolve_credential("CTR") == "ODS"
    assert catalog.resolve_credential("ctr") == "ODS"
    ods = catalog.credential("CTR")
    assert (ods.name, ods.issuer) == ("Oncology Data Specialist", "NCRA")
    ctr = next(a for a in ods.aliases if a.name == "CTR")
    assert (ctr.kind, ctr.until) == ("former_name", D(2023, 12, 31))
    rule = ods.rule_on(D(2026, 11, 26))
    assert rule is not None
    assert [r.id for r in rule.routes] == ["A1", "A2", "B"]
    assert ods.rule_on(D(2009, 6, 1)) is not None
    assert ods.rule_on(D(2009, 6, 1)).routes == ()  # type: ignore[union-attr]
    assert catalog.requirement_kinds["practicum"] == "mrt_roadmap_ctr"
    cert = catalog.program("ncra_cancer_registry_certificate")
    aas = catalog.program("ncra_cancer_registry_aas")
    assert (cert.credits, cert.practicum_hours, cert.accreditation) == (25, 160, ("NCRA",))
    assert (aas.credits, aas.level, aas.degree) == (60, "associate", "AAS")
    assert cert.admission[0].get("min_credits") == 60
    role = catalog.role("cancer_registrar")
    assert (role.rank, role.experience_area) == (1, "cancer_registry")
    assert ods.exam is not None
    assert ods.exam.testing == "windows"
    assert ods.exam.result_delay_days == 22 + 42
    assert ods.exam.retake_wait_days is None
    assert ods.exam.prep_hours is None
    assert ods.maintenance is not None
    assert (ods.maintenance.scheme, ods.maintenance.ce_per_cycle) == ("NCRA", 20)


# -- testing windows ----
@pytest.mark.parametrize("year", [2019, 2022])
def test_projection_reproduces_the_known_windows(year: int) -> None:
    known, is_known = windows_for(year, mrt_roadmap_ctr._KNOWN_WINDOWS)
    assert is_known
    assert projected_windows(year) == known


def test_known_windows_are_the_sourced_dates() -> None:
    assert windows_for(2019, mrt_roadmap_ctr._KNOWN_WINDOWS)[0] == [
        (D(2019, 3, 1), D(2019, 3, 23)),
        (D(2019, 6, 21), D(2019, 7, 13)),
        (D(2019, 10, 11), D(2019, 11, 2)),
    ]
    assert windows_for(2022, mrt_roadmap_ctr._KNOWN_WINDOWS)[0] == [
        (D(2022, 3, 4), D(2022, 3, 26)),
        (D(2022, 6, 17), D(2022, 7, 9)),
        (D(2022, 10, 14), D(2022, 11, 5)),
    ]


@pytest.mark.parametrize(
    ("earliest", "expected"),
    [
        (D(2030, 5, 4), (D(2030, 6, 21), D(2030, 7, 13))),
        (D(2030, 6, 21), (D(2030, 6, 21), D(2030, 7, 13))),
        (D(2030, 6, 22), (D(2030, 10, 11), D(2030, 11, 2))),
        (D(2030, 11, 1), (D(2031, 3, 7), D(2031, 3, 29))),
        (D(2022, 3, 5), (D(2022, 6, 17), D(2022, 7, 9))),
    ],
)
def test_next_window_opens_on_or_after_earliest(
    earliest: dt.date, expected: tuple[dt.date, dt.date]
) -> None:
    assert next_window(earliest, mrt_roadmap_ctr._KNOWN_WINDOWS) == expected


def test_exam_date_hook_only_answers_for_ods(planner: Planner) -> None:
    ods = planner.catalog.credential("ODS")
    rhit = planner.catalog.credential("RHIT")
    chosen = mrt_roadmap_ctr.mrt_roadmap_exam_date(ods, D(2027, 1, 2))
    assert chosen is not None
    assert chosen.day == D(2027, 3, 5)
    assert chosen.reason is not None
    assert "first one you can take opens on 2027-03-05" in chosen.reason.text
    assert mrt_roadmap_ctr.mrt_roadmap_exam_date(rhit, D(2027, 1, 2)) is None


# -- practicum requirement kind ----
def test_practicum_without_an_ncra_program_is_not_met() -> None:
    req = Requirement("practicum", "160-hour practicum", {"hours": 160})
    state = PlanState(as_of=D(2026, 11, 26), start=D(2026, 11, 26))
    status = mrt_roadmap_ctr.mrt_roadmap_requirement_status(req, state)
    assert status is not None
    assert status.met_on is None
    assert "NCRA-accredited program" in status.reason
    other = Requirement("membership", "x", {"organization": "AAPC"})
    assert mrt_roadmap_ctr.mrt_roadmap_requirement_status(other, state) is None


def test_completed_ncra_certificate_meets_practicum_and_route_a2(planner: Planner) -> None:
    data = base_profile()
    data["education"].append(
        {
            "level": "certificate",
            "field": "cancer_registry",
            "accreditation": ["NCRA"],
            "credits": 25,
            "status": "completed",
            "end": "2026-08-13",
        }
    )
    roadmap = planner.plan(profile_from_dict(data))
    goal = roadmap.goals[0]
    assert goal.route == "A2"
    # eligible since 2026-08-13; first window on or after the planning date: March 2027
    assert roadmap.milestone("exam.ODS").end == D(2027, 3, 5)
    assert roadmap.milestone("credential.ODS").end == D(2027, 3, 27) + dt.timedelta(days=42)
    assert not [m for m in roadmap.milestones if m.id.startswith("ctr.practicum.")]


# -- P7: nurse to ODS ----
@pytest.fixture(scope="module")
def p7(planner: Planner) -> Roadmap:
    return planner.plan(profile_from_dict(load_example("p7-nurse-to-ods")))


def test_p7_goal_named_ctr_plans_as_ods_via_route_a2(p7: Roadmap) -> None:
    assert load_example("p7-nurse-to-ods")["goals"]["credentials"] == ["CTR"]
    (goal,) = p7.goals
    assert (goal.kind, goal.target, goal.route) == ("credential", "ODS", "A2")
    assert goal.reached_on == D(2030, 8, 24)
    lost = {a.route: a for a in goal.alternatives}
    assert set(lost) == {"A1", "B"}
    assert lost["A1"].finish is not None
    assert lost["A1"].finish > D(2030, 8, 24)
    assert lost["B"].finish is not None
    assert lost["B"].finish > D(2030, 8, 24)


def test_p7_program_practicum_exam_and_credential_dates(p7: Roadmap) -> None:
    program = p7.milestone("education.ncra_cancer_registry_certificate")
    assert (program.start, program.end) == (D(2027, 1, 14), D(2030, 5, 4))
    practicum = p7.milestone("ctr.practicum.ncra_cancer_registry_certificate")
    assert (practicum.start, practicum.end) == (D(2030, 1, 14), D(2030, 5, 4))
    assert practicum.depends_on == ("education.ncra_cancer_registry_certificate",)
    assert practicum.plugin == "mrt_roadmap_ctr"
    exam = p7.milestone("exam.ODS")
    assert exam.end == D(2030, 6, 21)
    windows, known = windows_for(2030, mrt_roadmap_ctr._KNOWN_WINDOWS)
    assert not known
    inside = [w for w in windows if w[0] <= exam.end <= w[1]]
    assert inside == [(D(2030, 6, 21), D(2030, 7, 13))]
    credential = p7.milestone("credential.ODS")
    assert credential.end == D(2030, 7, 13) + dt.timedelta(weeks=6) == D(2030, 8, 24)
    assert "ctr.practicum.ncra_cancer_registry_certificate" in credential.depends_on
    assert "exam.ODS" in credential.depends_on


def test_p7_testing_window_milestone_says_projected(p7: Roadmap) -> None:
    window = p7.milestone("ctr.window.2030-06-21")
    assert (window.start, window.end) == (D(2030, 6, 21), D(2030, 7, 13))
    assert window.details["projected"] is True
    assert window.details["results_by"] == "2030-08-24"
    rules = {r.rule: r for r in window.why}
    assert rules["ODS.exam.window_projection"].verified is False
    assert rules["ODS.exam.deadline"].verified is False


def test_p7_maintenance_is_ncras_not_ahimas(p7: Roadmap) -> None:
    assert not [m for m in p7.milestones if m.id.startswith("ahima.")]
    assert "no-maintenance-rules" not in {w.code for w in p7.warnings}
    first = ncra_cycles(p7)[0]
    assert (first.start, first.end) == (D(2030, 8, 24), D(2031, 12, 31))
    assert first.details["first_cycle_rule_verified"] is False
    assert any(r.rule == "ODS.maintenance.first_cycle" and not r.verified for r in first.why)
    assert [f.end for f in fees(p7)] == [D(2031, 1, 31)]
    assert fees(p7)[0].cost is not None
    assert fees(p7)[0].cost.amount == 145


def test_p7_ce_cycles_end_december_31_and_are_contiguous(planner: Planner) -> None:
    roadmap = planner.plan(profile_from_dict(load_example("p7-nurse-to-ods")), horizon_years=12)
    found = ncra_cycles(roadmap)
    assert len(found) >= 4
    assert found[0].start == roadmap.milestone("credential.ODS").end
    for number, cycle in enumerate(found, start=1):
        assert cycle.id == f"ctr.ce.{number}"  # numbered: stable when a changed plan moves dates
        assert (cycle.end.month, cycle.end.day) == (12, 31)
        assert cycle.details["ce_required"] == 20
        assert cycle.details["carry_over"] is False
        report = roadmap.milestone(f"ctr.ce_report.{number}")
        assert (report.start, report.end) == (cycle.end, D(cycle.end.year + 1, 1, 31))
    for before, after in itertools.pairwise(found):
        assert after.start == before.end + dt.timedelta(days=1)
        assert (after.end.year - after.start.year, after.start.month, after.start.day) == (1, 1, 1)
    ceip = [c.details["ceip"]["window"] for c in found]
    assert ceip[:3] == ["2030-2033", "2030-2033", "2034-2037"]


def test_p7_annual_fee_due_every_january_31(planner: Planner) -> None:
    roadmap = planner.plan(profile_from_dict(load_example("p7-nurse-to-ods")), horizon_years=12)
    due = [m.end for m in fees(roadmap)]
    assert due == [D(year, 1, 31) for year in range(2031, 2039)]
    assert all(m.start == m.end and m.kind == "renewal" for m in fees(roadmap))
    data = load_example("p7-nurse-to-ods")
    data["preferences"]["memberships"] = ["NCRA"]
    member = planner.plan(profile_from_dict(data))
    assert {m.cost.amount for m in fees(member) if m.cost} == {35}


# -- held CTR, CEIP ----
def test_held_ctr_keeps_ncra_cycles_with_ceip_from_2025(planner: Planner) -> None:
    data = base_profile(
        credentials=[{"id": "CTR", "earned": "2015-06-01", "ce_earned_current_cycle": 12}],
        goals={"credentials": [], "roles": ["cancer_registrar"], "horizon_years": 6},
    )
    roadmap = planner.plan(profile_from_dict(data))
    assert roadmap.milestone("credential.ODS").credential == "ODS"
    found = ncra_cycles(roadmap)
    assert [(c.start, c.end) for c in found] == [
        (D(2025, 1, 1), D(2026, 12, 31)),
        (D(2027, 1, 1), D(2028, 12, 31)),
        (D(2029, 1, 1), D(2030, 12, 31)),
        (D(2031, 1, 1), D(2032, 12, 31)),
    ]
    assert (found[0].details["ce_earned"], found[0].details["ce_remaining"]) == (12, 8)
    assert [c.details["ceip"]["window"] for c in found] == [
        "2025-2028",
        "2025-2028",
        "2029-2032",
        "2029-2032",
    ]
    assert any(r.rule == "ODS.maintenance.ceip" for r in found[0].why)
    assert any(r.rule == "ODS.maintenance.ceip_window" and not r.verified for r in found[2].why)
    assert roadmap.goals[0].reached_on == D(2026, 11, 26)


def test_cycle_helpers() -> None:
    assert cycles(D(2030, 8, 24), D(2034, 1, 1)) == [
        (D(2030, 8, 24), D(2031, 12, 31)),
        (D(2032, 1, 1), D(2033, 12, 31)),
        (D(2034, 1, 1), D(2035, 12, 31)),
    ]
    assert ceip_window(D(2024, 12, 31)) is None
    assert ceip_window(D(2025, 12, 31)) is None
    assert ceip_window(D(2026, 12, 31)) == (2025, 2028)
    assert ceip_window(D(2027, 12, 31)) == (2026, 2029)
    assert ceip_window(D(2030, 12, 31)) == (2029, 2032)


# -- Route B ----
def test_route_b_with_registry_experience(planner: Planner) -> None:
    data = base_profile(
        experience=[
            {"area": "cancer_registry", "months": 6, "hours_per_week": 40, "current": True},
        ]
    )
    roadmap = planner.plan(profile_from_dict(data))
    goal = roadmap.goals[0]
    assert goal.route == "B"
    # 6 of 12 full-time months done; the rest accrues from 2026-11-26 (26 weeks = 182 days)
    assert roadmap.milestone("experience.cancer_registry.12m").end == D(2027, 5, 27)
    assert roadmap.milestone("exam.ODS").end == D(2027, 6, 18)
    assert goal.reached_on == D(2027, 7, 10) + dt.timedelta(days=42)


def test_route_b_needs_two_semesters_of_anatomy_and_physiology(planner: Planner) -> None:
    data = base_profile(
        experience=[
            {"area": "cancer_registry", "months": 24, "hours_per_week": 40, "current": False},
        ]
    )
    data["education"][1]["courses"] = []
    explanation = planner.explain(profile_from_dict(data), "CTR")
    routes = {r.id: r for r in explanation.routes}
    assert not routes["B"].eligible_now
    missing = [r.label for r in routes["B"].requirements if r.met_on is None]
    assert len(missing) == 1
    assert "anatomy" in missing[0]


def test_route_b_without_experience_needs_a_credentialed_registry_job(planner: Planner) -> None:
    roadmap = planner.plan(profile_from_dict(load_example("p7-nurse-to-ods")))
    lost = {a.route: a for a in roadmap.goals[0].alternatives}
    assert "finishes later" in lost["B"].lost_because


# -- CLI ----
def test_cli_lists_ods_with_alias_issuer_and_source() -> None:
    try:
        metadata.distribution("mrt-roadmap-ctr")
    except metadata.PackageNotFoundError:
        pytest.skip("mrt-roadmap-ctr is not installed: pip install -e plugins/mrt-roadmap-ctr")
    result = run_cli("credentials")
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    index = next(i for i, line in enumerate(lines) if line.startswith("ODS "))
    assert "Oncology Data Specialist - NCRA" in lines[index]
    assert "aliases: CTR" in lines[index]
    assert "plugin mrt-roadmap-ctr" in lines[index + 1]
    assert "https://www.ncra-usa.org/About/What-is-NCRA" in lines[index + 1]
    plugins = run_cli("plugins")
    assert "mrt-roadmap-ctr 0.1.0" in plugins.output
    assert "requirement_kind: practicum" in plugins.output


def test_author_kit_check_plugin() -> None:
    """Every bundled example planned strictly with the plugin: schema-valid roadmaps, unique
    milestone ids, no clash with the other installed plugins."""
    roadmaps = check_plugin(mrt_roadmap_ctr)
    assert "p5-working-rhit-to-rhia" in roadmaps

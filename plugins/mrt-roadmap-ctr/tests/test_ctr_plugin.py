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
from mrt_roadmap_ctr.windows import (
    Window,
    latest_published,
    next_window,
    projected_windows,
    windows_for,
)

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
    # results within six weeks of the close; windows last 22 or 23 days: the credential is
    # dated no earlier than the results of any window
    assert ods.exam.result_delay_days == 23 + 42
    assert ods.exam.retake_wait_days is None
    assert ods.exam.prep_hours is None
    assert ods.maintenance is not None
    assert (ods.maintenance.scheme, ods.maintenance.ce_per_cycle) == ("NCRA", 20)


# -- testing windows ----
def spans(windows: list[Window]) -> list[tuple[dt.date, dt.date, dt.date | None]]:
    return [(w.opens, w.closes, w.apply_by) for w in windows]


def test_published_windows_are_the_sourced_dates() -> None:
    data = mrt_roadmap_ctr._KNOWN_WINDOWS
    assert spans(windows_for(2019, data)[0]) == [
        (D(2019, 3, 1), D(2019, 3, 23), None),
        (D(2019, 6, 21), D(2019, 7, 13), None),
        (D(2019, 10, 11), D(2019, 11, 2), None),
    ]
    # NCRA 2024: Apr 5-27, Jul 19-Aug 10, Oct 18-Nov 9, deadlines Mar 29, Jul 12, Oct 11. The
    # old projection (1st Friday of March...) gave Mar 1, Jun 21 and Oct 11 for 2024.
    assert windows_for(2024, data) == (
        [
            Window(D(2024, 4, 5), D(2024, 4, 27), D(2024, 3, 29)),
            Window(D(2024, 7, 19), D(2024, 8, 10), D(2024, 7, 12)),
            Window(D(2024, 10, 18), D(2024, 11, 9), D(2024, 10, 11)),
        ],
        True,
    )
    assert spans(windows_for(2025, data)[0]) == [
        (D(2025, 3, 21), D(2025, 4, 12), D(2025, 3, 7)),
        (D(2025, 7, 3), D(2025, 7, 26), D(2025, 6, 20)),
        (D(2025, 10, 24), D(2025, 11, 15), D(2025, 10, 8)),
    ]
    assert latest_published(data) == 2025


def test_later_years_are_projected_from_the_latest_published_year() -> None:
    data = mrt_roadmap_ctr._KNOWN_WINDOWS
    pattern, _ = windows_for(2025, data)
    assert projected_windows(2025, pattern) == pattern  # the rule reproduces its own year
    # 3rd Friday of March, 1st Thursday of July, 4th Friday of October; same lengths and
    # deadlines 14, 13 and 16 days before
    assert windows_for(2026, data) == (
        [
            Window(D(2026, 3, 20), D(2026, 4, 11), D(2026, 3, 6)),
            Window(D(2026, 7, 2), D(2026, 7, 25), D(2026, 6, 19)),
            Window(D(2026, 10, 23), D(2026, 11, 14), D(2026, 10, 7)),
        ],
        False,
    )


@pytest.mark.parametrize(
    ("earliest", "expected"),
    [
        # 2030, projected from 2025: Mar 15-Apr 6 (apply by Mar 1), Jul 4-27 (Jun 21),
        # Oct 25-Nov 16 (Oct 9)
        (D(2030, 5, 4), (D(2030, 7, 4), D(2030, 7, 27))),
        (D(2030, 6, 21), (D(2030, 7, 4), D(2030, 7, 27))),
        (D(2030, 6, 22), (D(2030, 10, 25), D(2030, 11, 16))),
        (D(2030, 11, 1), (D(2031, 3, 21), D(2031, 4, 12))),
        # published 2024: the deadline, not the opening, decides
        (D(2024, 3, 29), (D(2024, 4, 5), D(2024, 4, 27))),
        (D(2024, 3, 30), (D(2024, 7, 19), D(2024, 8, 10))),
        # published 2022 without deadlines: the opening decides
        (D(2022, 3, 5), (D(2022, 6, 17), D(2022, 7, 9))),
    ],
)
def test_next_window_is_the_first_one_can_still_apply_for(
    earliest: dt.date, expected: tuple[dt.date, dt.date]
) -> None:
    window = next_window(earliest, mrt_roadmap_ctr._KNOWN_WINDOWS)
    assert (window.opens, window.closes) == expected


def test_exam_date_hook_only_answers_for_ods(planner: Planner) -> None:
    ods = planner.catalog.credential("ODS")
    rhit = planner.catalog.credential("RHIT")
    chosen = mrt_roadmap_ctr.mrt_roadmap_exam_date(ods, D(2027, 1, 2))
    assert chosen is not None
    assert chosen.day == D(2027, 3, 19)
    assert chosen.reason is not None
    assert "first one you can still apply for opens on 2027-03-19" in chosen.reason.text
    assert "apply by 2027-03-05" in chosen.reason.text
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
    assert roadmap.milestone("exam.ODS").end == D(2027, 3, 19)
    assert roadmap.milestone("credential.ODS").end == D(2027, 3, 19) + dt.timedelta(
        days=65
    )  # no earlier than results (Apr 10 + 42)
    assert not [m for m in roadmap.milestones if m.id.startswith("ctr.practicum.")]


# -- P7: nurse to ODS ----
@pytest.fixture(scope="module")
def p7(planner: Planner) -> Roadmap:
    return planner.plan(profile_from_dict(load_example("p7-nurse-to-ods")))


def test_p7_goal_named_ctr_plans_as_ods_via_route_b_on_the_job(p7: Roadmap) -> None:
    """NCRA: registrars may be hired without the credential. The nurse (60+ credits with two
    semesters of anatomy & physiology) starts as a registrar, builds Route B's 1,950 hours in
    a year and sits the first window she can still apply for. Before, the role needed ODS or
    RHIT first, so Route B was out of reach and the plan took the certificate (A2) to 2030."""
    assert load_example("p7-nurse-to-ods")["goals"]["credentials"] == ["CTR"]
    (goal,) = p7.goals
    assert (goal.kind, goal.target, goal.route) == ("credential", "ODS", "B")
    assert goal.reached_on == D(2028, 5, 21)
    job = p7.milestone("job.cancer_registrar")
    assert job.start == D(2026, 11, 26)
    experience = p7.milestone("experience.cancer_registry.12m")
    assert (experience.start, experience.end) == (D(2026, 11, 26), D(2027, 11, 25))
    # 2028 is projected from 2025: 3rd Friday of March, apply by Mar 3
    assert p7.milestone("exam.ODS").end == D(2028, 3, 17)
    lost = {a.route: a for a in goal.alternatives}
    assert set(lost) == {"A1", "A2"}
    # A2 (the certificate with its practicum, ending 2030-05-04) would sit the July 2030
    # window (apply by Jun 21): results six weeks after it closes on Jul 27
    assert lost["A2"].finish == D(2030, 9, 7)
    assert lost["A1"].finish is not None
    assert lost["A1"].finish > D(2030, 9, 7)


def test_p7_testing_window_milestone_says_projected(p7: Roadmap) -> None:
    window = p7.milestone("ctr.window.2028-03-17")
    assert (window.start, window.end) == (D(2028, 3, 17), D(2028, 4, 8))
    assert window.details["projected"] is True
    assert window.details["results_by"] == "2028-05-20"
    assert window.details["apply_by"] == "2028-03-03"
    assert "projected" in window.title
    texts = " ".join(r.text for r in window.why)
    assert "projected from NCRA's 2025 calendar" in texts
    assert "online remote testing with a live proctor" in texts
    rules = {r.rule: r for r in window.why}
    assert rules["ODS.exam.window_projection"].verified is False
    assert rules["ODS.exam.deadline"].verified is False
    credential = p7.milestone("credential.ODS")
    assert credential.end == D(2028, 5, 21)  # no earlier than the results
    assert "ctr.projected-window" in {w.code for w in p7.warnings}


def test_p7_maintenance_is_ncras_not_ahimas(p7: Roadmap) -> None:
    assert not [m for m in p7.milestones if m.id.startswith("ahima.")]
    assert "no-maintenance-rules" not in {w.code for w in p7.warnings}
    first = ncra_cycles(p7)[0]
    assert (first.start, first.end) == (D(2028, 5, 21), D(2029, 12, 31))
    assert first.details["first_cycle_rule_verified"] is False
    assert any(r.rule == "ODS.maintenance.first_cycle" and not r.verified for r in first.why)
    assert [f.end for f in fees(p7)] == [D(2029, 1, 31), D(2030, 1, 31), D(2031, 1, 31)]
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
    assert ceip[:3] == ["2026-2029", "2030-2033", "2030-2033"]


def test_p7_annual_fee_due_every_january_31(planner: Planner) -> None:
    roadmap = planner.plan(profile_from_dict(load_example("p7-nurse-to-ods")), horizon_years=12)
    due = [m.end for m in fees(roadmap)]
    assert due == [D(year, 1, 31) for year in range(2029, 2039)]
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
    assert roadmap.milestone("exam.ODS").end == D(2027, 7, 1)
    # the Jul 1-24 window (projected): results by Sep 4, six weeks after it closes
    assert goal.reached_on == D(2027, 7, 24) + dt.timedelta(days=42) == D(2027, 9, 4)


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


def test_route_b_without_experience_starts_with_a_registrar_job_no_credential_first(
    planner: Planner,
) -> None:
    roadmap = planner.plan(profile_from_dict(load_example("p7-nurse-to-ods")))
    assert roadmap.goals[0].route == "B"
    assert planner.catalog.role("cancer_registrar").requirements == ()
    assert not [m for m in roadmap.milestones if m.credential in ("RHIT", "RHIA")]
    lost = {a.route: a for a in roadmap.goals[0].alternatives}
    assert "finishes later" in lost["A2"].lost_because


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


def test_a_route_missing_only_prerequisite_courses_schedules_them(planner: Planner) -> None:
    """A learner with 60 credits (a business associate) but no anatomy & physiology: Route B
    needs A&P and the certificate (A2) needs A&P and medical terminology for admission. Before,
    both were "not available"; now the prerequisite courses are scheduled (12 credits, RCBC's
    prerequisites) and the shorter route is weighed."""
    data = base_profile(
        education=[
            {
                "level": "associate",
                "field": "business",
                "status": "completed",
                "end": "2015-05-01",
                "credits": 60,
            }
        ],
    )
    roadmap = planner.plan(profile_from_dict(data))
    goal = roadmap.goals[0]
    assert goal.route == "B"
    courses = roadmap.milestone("education.health_prerequisites")
    assert courses.start == D(2027, 1, 14)  # the first spring term after as_of
    assert courses.end <= roadmap.milestone("exam.ODS").end
    lost = {a.route: a for a in goal.alternatives}
    assert lost["A2"].finish is not None  # the certificate is reachable after the courses
    assert "finishes later" in lost["A2"].lost_because

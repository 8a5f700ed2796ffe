"""The example personas with every plugin under plugins/ installed (as `./dev test` sets up).

These need the plugin distributions; where one is missing the test is skipped and says which.
"""

from __future__ import annotations

import datetime as dt
import json
from importlib import metadata

import pytest
from example_files import EXAMPLES

from mrt_roadmap.convert import converter
from mrt_roadmap.formats.json_format import to_dict, to_json
from mrt_roadmap.planner import Planner
from mrt_roadmap.pluginmanager import PluginHost
from mrt_roadmap.profile import profile_from_dict
from mrt_roadmap.schemas import validate

D = dt.date
NEEDED = [
    "mrt-roadmap-ccs",
    "mrt-roadmap-chda",
    "mrt-roadmap-chps",
    "mrt-roadmap-ctr",
    "mrt-roadmap-aapc",
]


def _missing() -> list[str]:
    missing = []
    for dist in NEEDED:
        try:
            metadata.distribution(dist)
        except metadata.PackageNotFoundError:
            missing.append(dist)
    return missing


pytestmark = pytest.mark.skipif(
    bool(_missing()), reason=f"plugin distributions not installed: {_missing()} (run ./dev setup)"
)


@pytest.fixture(scope="module")
def planner() -> Planner:
    host = PluginHost(strict=True)
    return Planner(host)


def plan(planner: Planner, name: str):
    return planner.plan(profile_from_dict(json.loads((EXAMPLES / f"{name}.json").read_text())))


def goal(roadmap, target):
    return next(g for g in roadmap.goals if g.target == target)


def ce(roadmap, issuer):
    return [m for m in roadmap.by_kind("ce_cycle") if m.details["issuer"] == issuer]


def test_every_plugin_is_loaded(planner):
    names = {p.name for p in planner.host.plugins}
    assert set(NEEDED) <= names
    assert {"CCS", "CCS-P", "CHDA", "CHPS", "ODS", "CPC", "COC", "CRC"} <= set(
        planner.catalog.credentials
    )
    assert planner.catalog.resolve_credential("CTR") == "ODS"


@pytest.mark.parametrize("path", sorted(EXAMPLES.glob("*.json")), ids=lambda p: p.stem)
def test_every_example_plans_validates_and_is_deterministic(planner, path):
    data = json.loads(path.read_text())
    first = planner.plan(profile_from_dict(data))
    assert validate("roadmap", to_dict(first)) == []
    assert to_dict(first) == converter().unstructure(first)  # plugin milestones and details too
    assert to_json(planner.plan(profile_from_dict(data))) == to_json(first)


def test_p4_biller_gets_ccs_removes_the_a_and_keeps_two_ledgers(planner):
    r = plan(planner, "p4-biller-cpc-a")
    # CCS needs only a diploma today; no source gives preparation time, and the plan says so.
    assert goal(r, "CCS").route == "high_school"
    assert goal(r, "CCS").reached_on == D(2026, 12, 3)
    assert any(
        "No source gives a typical preparation time" in w.text for w in r.milestone("exam.CCS").why
    )
    assert any(
        w.text.startswith("Recommended, not required") for w in r.milestone("credential.CCS").why
    )
    # No coding job yet: one starts now (she holds CPC-A); 24 FTE months = 728 days.
    assert r.milestone("job.entry_coder").start == D(2026, 11, 26)
    assert goal(r, "coding_specialist").reached_on == D(2028, 11, 23)
    removal = next(m for m in r.milestones if m.id.startswith("aapc.remove_apprentice"))
    assert removal.start == D(2028, 11, 23)
    # AHIMA (CCS, 20) and AAPC (CPC, 36) are separate obligations.
    assert {c.details["ce_required"] for c in ce(r, "AHIMA")} == {20}
    assert {c.details["ce_required"] for c in ce(r, "AAPC")} == {36}


def test_p6_coder_to_chda_warns_about_unverified_routes_and_combines_ceus(planner):
    r = plan(planner, "p6-ccs-to-chda")
    assert goal(r, "CHDA").reached_on == D(2026, 12, 3)
    assert any(w.code == "unverified-rule" and "CHDA" in w.message for w in r.warnings)
    totals = {c.start: c.details["ce_required"] for c in ce(r, "AHIMA")}
    assert totals[D(2026, 4, 11)] == 20  # CCS alone
    assert totals[D(2028, 4, 11)] == 40  # CCS + CHDA


def test_p7_ctr_plans_as_ods_inside_a_testing_window(planner):
    r = plan(planner, "p7-nurse-to-ods")
    g = goal(r, "ODS")
    # hired as a registrar without the credential (NCRA), a year of experience (Route B),
    # then the March 2028 window (projected from NCRA's 2025 calendar; apply by Mar 3)
    assert g.reached_on == D(2028, 5, 21)
    assert g.route_label is not None
    assert g.route_label.startswith("Route B")
    assert r.milestone("exam.ODS").end == D(2028, 3, 17)
    cycles = ce(r, "NCRA")
    assert cycles
    assert all(c.end.month == 12 and c.end.day == 31 for c in cycles)


def test_p8_rhia_to_chps_combined_forty(planner):
    r = plan(planner, "p8-rhia-to-chps")
    g = goal(r, "CHPS")
    assert g.reached_on == D(2027, 12, 2)
    totals = {c.start: c.details["ce_required"] for c in ce(r, "AHIMA")}
    assert totals[D(2029, 7, 15)] == 40  # RHIA + CHPS


def test_p2_prefers_a_credential_with_sourced_preparation_time(planner):
    r = plan(planner, "p2-retail-coder")
    assert goal(r, "entry_coder").reached_on == D(2027, 2, 4)
    assert r.milestone("credential.CPC").start == D(2027, 2, 4)
    why = [w.text for w in r.milestone("role.entry_coder").why]
    assert any(
        "CPC chosen over" in t and "no source gives how long it takes to prepare" in t for t in why
    )


def test_blocking_a_plugin_removes_its_goals(monkeypatch):
    monkeypatch.setenv("MRT_ROADMAP_BLOCK_PLUGINS", "mrt-roadmap-ctr")
    host = PluginHost()
    assert "ODS" not in host.catalog.credentials
    from mrt_roadmap.errors import ProfileError

    with pytest.raises(ProfileError, match="mrt-roadmap-ctr"):
        Planner(host).plan(
            profile_from_dict(json.loads((EXAMPLES / "p7-nurse-to-ods.json").read_text()))
        )

"""Maintenance from data alone: the core's cycle dates (``Maintenance.cycles``), the built-in
``cycles`` plugin for ``scheme: "generic"``, and AHIMA honouring ``cycle_months`` from data."""

from __future__ import annotations

import datetime as dt
from typing import Any

import attrs
import pytest

from mrt_roadmap.builtin import ahima
from mrt_roadmap.maintenance_cycles import Cycle, cycles
from mrt_roadmap.planner import Planner
from mrt_roadmap.plugin import Holding, Maintenance, Provenance, Registry, Roadmap, hookimpl
from mrt_roadmap.pluginmanager import PluginHost
from mrt_roadmap.profile import profile_from_dict
from mrt_roadmap.schemas import validate
from mrt_roadmap.testing import make_planner

D = dt.date
RULES = "https://example.org/certification/renew"
FEES = "https://example.org/certification/fees"
AS_OF = "2026-11-26"


def _credential(ident: str, maintenance: dict[str, Any]) -> dict[str, Any]:
    route = {
        "id": "only",
        "label": "an exam",
        "requirements": [{"kind": "membership", "organization": "TESTORG", "label": "a member"}],
    }
    prov = {"source": RULES, "as_of": "2025-01-01", "verified": True}
    return {
        "id": ident,
        "name": f"Test {ident}",
        "issuer": "TESTORG",
        "eligibility": [{"routes": [route], **prov}],
        "maintenance": {**maintenance, **prov},
        **prov,
    }


def _fee(member: float | None, non_member: float | None) -> dict[str, Any]:
    return {
        "label": "renewal fee",
        "member": member,
        "non_member": non_member,
        "source": FEES,
        "as_of": "2025-06-01",
        "verified": True,
    }


THREE_YEARS = {
    "scheme": "generic",
    "cycle_months": 36,
    "anchor": "earned",
    "ce_per_cycle": 45,
    "unit": "CE hour",
    "fees": [_fee(100, 175)],
}
"""A CPHIMS-like credential (invented figures): 3-year cycles from the day earned, 45 CE
hours, a renewal fee."""

CALENDAR = {
    "scheme": "generic",
    "cycle_months": 12,
    "anchor": "calendar",
    "cycle_ends_on": "12-31",
    "first_cycle": "to_next_end",
    "ce_per_cycle": 12,
    "unit": "CE hour",
    "due_days_after_end": 31,
    "grace_days": 60,
    "fees": [_fee(None, 80)],
}


class DataOnly:
    """A plugin that only registers definitions: no maintenance code."""

    def __init__(self, name: str, *credentials: dict[str, Any]) -> None:
        self.PLUGIN_NAME = name
        self.credentials = credentials

    @hookimpl
    def mrt_roadmap_register(self, registry: Registry) -> None:
        for credential in self.credentials:
            registry.add_credential(credential)


def _plan(planner: Planner, held: dict[str, Any], **extra: Any) -> Roadmap:
    profile = profile_from_dict(
        {
            "id": "g",
            "as_of": AS_OF,
            "education": [{"level": "high_school", "status": "completed", "end": "2010-06-15"}],
            "availability": {"study_hours_per_week": 10},
            "credentials": [held],
            "goals": {"credentials": [held["id"]]},
            **extra,
        }
    )
    return planner.plan(profile, horizon_years=8)


def _mine(roadmap: Roadmap, kind: str, ident: str) -> list[Any]:
    return sorted(
        (m for m in roadmap.by_kind(kind) if m.id.startswith(f"cycles.{ident}.")),
        key=lambda m: m.start,
    )


# -- the core's dates ----------------------------------------------------------------------
def _rules(**fields: Any) -> Maintenance:
    base: dict[str, Any] = {"scheme": "generic", "cycle_months": 24, "ce_per_cycle": 20}
    return Maintenance(provenance=Provenance(RULES, D(2025, 1, 1)), **{**base, **fields})


def test_earned_anchor_counts_every_cycle_from_the_day_earned() -> None:
    found = _rules().cycles(D(2024, 2, 29), D(2028, 3, 1))
    assert [(c.number, c.start, c.end) for c in found] == [
        (1, D(2024, 2, 29), D(2026, 2, 27)),  # real calendar: 2026 has no Feb 29
        (2, D(2026, 2, 28), D(2028, 2, 28)),
        (3, D(2028, 2, 29), D(2030, 2, 27)),
    ]
    assert all(c.due == c.end and c.due_stated and c.grace_end is None for c in found)
    assert found[0].first
    assert not found[1].first


def test_calendar_anchor_first_cycle_to_the_next_end_or_joining_the_current_one() -> None:
    to_next = _rules(anchor="calendar", cycle_ends_on="12-31")
    joins = attrs.evolve(to_next, first_cycle="joins_current")
    assert [(c.start, c.end) for c in to_next.cycles(D(2025, 3, 1), D(2028, 1, 1))] == [
        (D(2025, 3, 1), D(2025, 12, 31)),
        (D(2026, 1, 1), D(2027, 12, 31)),
        (D(2028, 1, 1), D(2029, 12, 31)),
    ]
    # the year earned counts as the cycle's first: 12 to 24 months
    assert [(c.start, c.end) for c in joins.cycles(D(2025, 3, 1), D(2027, 1, 1))] == [
        (D(2025, 3, 1), D(2026, 12, 31)),
        (D(2027, 1, 1), D(2028, 12, 31)),
    ]
    assert joins.cycles(D(2025, 12, 31), D(2026, 1, 1))[0].end == D(2026, 12, 31)
    assert joins.cycles(D(2026, 1, 1), D(2026, 1, 1))[0].end == D(2027, 12, 31)


def test_due_day_and_grace_period_follow_the_data_and_unknown_stays_unknown() -> None:
    rules = _rules(due_days_after_end=31, grace_days=60)
    first = rules.cycles(D(2025, 1, 1), D(2025, 1, 1))[0]
    assert first == Cycle(1, D(2025, 1, 1), D(2026, 12, 31), D(2027, 1, 31), D(2027, 4, 1))
    unknown = _rules(due_days_after_end=None).cycles(D(2025, 1, 1), D(2025, 1, 1))[0]
    assert (unknown.due, unknown.due_stated) == (unknown.end, False)
    assert cycles(rules, D(2030, 1, 1), D(2029, 1, 1)) == ()


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"anchor": "calendar"}, "needs cycle_ends_on"),
        ({"anchor": "calendar", "cycle_ends_on": "12-31", "cycle_months": 18}, "multiple of 12"),
        ({"anchor": "calendar", "cycle_ends_on": "02-29"}, "day is out of range"),
    ],
)
def test_the_core_refuses_dates_it_cannot_compute(fields: dict[str, Any], message: str) -> None:
    with pytest.raises(ValueError, match=message):
        _rules(**fields).cycles(D(2025, 1, 1), D(2026, 1, 1))


@pytest.mark.parametrize(
    ("fields", "path"),
    [
        ({"anchor": "calendar"}, "maintenance"),  # cycle_ends_on is required
        ({"cycle_ends_on": "12-31"}, "maintenance"),  # only with a calendar anchor
        ({"first_cycle": "joins_current"}, "maintenance"),
        ({"anchor": "calendar", "cycle_ends_on": "12-31", "cycle_months": 18}, "cycle_months"),
        ({"anchor": "calendar", "cycle_ends_on": "02-30"}, "cycle_ends_on"),
        ({"anchor": "fiscal"}, "anchor"),
        ({"grace_days": -1}, "grace_days"),
        ({"grace": 30}, "maintenance"),
    ],
)
def test_the_schema_refuses_inconsistent_maintenance(fields: dict[str, Any], path: str) -> None:
    data = _credential("BAD", {**THREE_YEARS, **fields})
    problems = validate("credential", data, definition="credential")
    assert problems
    assert any(path in p.path or path in p.message for p in problems), problems


def test_the_new_fields_have_defaults_that_keep_old_data_valid() -> None:
    old = {k: v for k, v in THREE_YEARS.items() if k != "anchor"}
    assert validate("credential", _credential("OLD", old), definition="credential") == []
    catalog = make_planner(DataOnly("old", _credential("OLD", old))).catalog
    rules = catalog.credentials["OLD"].maintenance
    assert rules is not None
    assert (rules.anchor, rules.due_days_after_end, rules.grace_days) == ("earned", 0, None)


# -- the generic plugin: a credential planned from data alone -----------------------------
def test_three_year_cycles_from_data_alone() -> None:
    plugin = DataOnly("himx", _credential("CPHX", THREE_YEARS))
    assert [n for n in dir(plugin) if n.startswith("mrt_roadmap_")] == ["mrt_roadmap_register"]
    held = {"id": "CPHX", "earned": "2024-05-15", "ce_earned_current_cycle": 12}
    roadmap = _plan(make_planner(plugin), held)
    found = _mine(roadmap, "ce_cycle", "CPHX")
    assert [(c.id, c.start, c.end) for c in found] == [
        ("cycles.CPHX.ce.1", D(2024, 5, 15), D(2027, 5, 14)),
        ("cycles.CPHX.ce.2", D(2027, 5, 15), D(2030, 5, 14)),
        ("cycles.CPHX.ce.3", D(2030, 5, 15), D(2033, 5, 14)),
        ("cycles.CPHX.ce.4", D(2033, 5, 15), D(2036, 5, 14)),
    ]
    first = found[0].details
    assert (first["ce_required"], first["unit"], first["ce_earned"], first["ce_remaining"]) == (
        45,
        "CE hour",
        12,
        33,
    )
    assert (first["issuer"], first["credentials"], first["due"]) == (
        "TESTORG",
        ["CPHX"],
        "2027-05-14",
    )
    assert found[1].details["ce_earned"] == 0
    assert {c.plugin for c in found} == {"mrt-roadmap.cycles"}
    assert all(r.source == RULES for c in found for r in c.why)
    assert "3-year cycle" in found[0].why[0].text

    renewals = _mine(roadmap, "renewal", "CPHX")
    assert [(r.id, r.end, r.depends_on) for r in renewals] == [
        (f"cycles.CPHX.renewal.{n}", c.end, (c.id,)) for n, c in enumerate(found, start=1)
    ]
    cost = renewals[0].cost
    assert cost is not None
    assert (cost.amount, cost.source) == (175, FEES)
    assert "non-member" in cost.basis
    fee_why = [r for r in renewals[0].why if r.rule == "CPHX.maintenance.fee"]
    assert [(r.source, r.verified) for r in fee_why] == [(FEES, True)]
    # no grace period in the data: the roadmap says so (unverified), it does not invent one
    grace = [r for r in renewals[0].why if r.rule == "CPHX.maintenance.grace"]
    assert [(r.source, r.verified) for r in grace] == [(RULES, False)]
    assert "grace_end" not in renewals[0].details


def test_generic_maintenance_is_not_reported_missing() -> None:
    plugin = DataOnly("himx", _credential("CPHX", THREE_YEARS))
    roadmap = _plan(make_planner(plugin), {"id": "CPHX", "earned": "2024-05-15"})
    assert _mine(roadmap, "ce_cycle", "CPHX")
    assert "no-maintenance-rules" not in {w.code for w in roadmap.warnings}


def test_members_pay_the_member_fee() -> None:
    plugin = DataOnly("himx", _credential("CPHX", THREE_YEARS))
    held = {"id": "CPHX", "earned": "2024-05-15"}
    roadmap = _plan(make_planner(plugin), held, preferences={"memberships": ["testorg"]})
    cost = _mine(roadmap, "renewal", "CPHX")[0].cost
    assert cost is not None
    assert cost.amount == 100


def test_calendar_cycles_end_december_31_with_due_day_grace_and_unknown_fee() -> None:
    plugin = DataOnly("cal", _credential("CALX", CALENDAR))
    held = {"id": "CALX", "earned": "2026-03-01", "ce_earned_current_cycle": 5}
    roadmap = _plan(make_planner(plugin), held, preferences={"memberships": ["TESTORG"]})
    found = _mine(roadmap, "ce_cycle", "CALX")
    assert [(c.start, c.end) for c in found[:3]] == [
        (D(2026, 3, 1), D(2026, 12, 31)),
        (D(2027, 1, 1), D(2027, 12, 31)),
        (D(2028, 1, 1), D(2028, 12, 31)),
    ]
    assert found[-1].start <= D(2034, 11, 26) < found[-1].end
    assert all((c.end.month, c.end.day) == (12, 31) for c in found)
    assert found[0].details["ce_remaining"] == 7
    assert any(r.rule == "CALX.maintenance.first_cycle" for r in found[0].why)
    assert not any(r.rule == "CALX.maintenance.first_cycle" for r in found[1].why)
    renewal = _mine(roadmap, "renewal", "CALX")[0]
    assert (renewal.start, renewal.end) == (D(2026, 12, 31), D(2027, 1, 31))
    assert (renewal.details["due"], renewal.details["grace_end"]) == ("2027-01-31", "2027-04-01")
    grace = next(r for r in renewal.why if r.rule == "CALX.maintenance.grace")
    assert grace.verified
    assert "2027-04-01" in grace.text
    # the member price is null in the data: unknown, and the roadmap says so
    assert renewal.cost is not None
    assert renewal.cost.amount is None
    assert any(w.code == "cost-unknown" and "CALX" in w.message for w in roadmap.warnings)


def test_a_planned_credential_starts_its_cycles_when_earned_and_nothing_is_credited() -> None:
    plugin = DataOnly("himx", _credential("CPHX", THREE_YEARS))
    planner = make_planner(plugin)
    profile = profile_from_dict(
        {
            "id": "g",
            "as_of": AS_OF,
            "education": [{"level": "high_school", "status": "completed", "end": "2010-06-15"}],
            "availability": {"study_hours_per_week": 10},
            "preferences": {"memberships": ["TESTORG"]},
            "goals": {"credentials": ["CPHX"]},
        }
    )
    roadmap = planner.plan(profile, horizon_years=8)
    earned = roadmap.milestone("credential.CPHX")
    first = _mine(roadmap, "ce_cycle", "CPHX")[0]
    assert first.start == earned.end
    assert first.depends_on == (earned.id,)
    assert first.details["ce_earned"] == 0


def test_without_the_builtin_nothing_plans_generic_maintenance() -> None:
    plugin = DataOnly("himx", _credential("CPHX", THREE_YEARS))
    host = PluginHost(load_entrypoints=False, plugins=[plugin], block=["cycles"], strict=True)
    roadmap = _plan(Planner(host), {"id": "CPHX", "earned": "2024-05-15"})
    assert not _mine(roadmap, "ce_cycle", "CPHX")
    assert "no-maintenance-rules" in {w.code for w in roadmap.warnings}


# -- AHIMA honours cycle_months from the data ---------------------------------------------
def test_ahima_cycles_follow_cycle_months_in_the_data() -> None:
    joiner = {
        "scheme": "AHIMA",
        "cycle_months": 36,
        "ce_per_cycle": 20,
        "unit": "CEU",
    }
    roadmap = _plan(
        make_planner(DataOnly("joinx", _credential("JOINX", joiner))),
        {"id": "JOINX", "earned": "2022-06-01"},
    )
    found = sorted(roadmap.by_kind("ce_cycle"), key=lambda m: m.start)
    assert [(c.id, c.start, c.end) for c in found] == [
        ("ahima.ce.2", D(2025, 6, 1), D(2028, 5, 31)),
        ("ahima.ce.3", D(2028, 6, 1), D(2031, 5, 31)),
        ("ahima.ce.4", D(2031, 6, 1), D(2034, 5, 31)),
        ("ahima.ce.5", D(2034, 6, 1), D(2037, 5, 31)),
    ]
    assert "3-year cycles" in found[0].why[0].text
    assert [r.end for r in roadmap.by_kind("renewal")] == [c.end for c in found]


def test_ahima_hook_reads_cycle_months_not_a_constant(core_planner: Planner) -> None:
    rhit = core_planner.catalog.credentials["RHIT"]
    assert rhit.maintenance is not None
    assert rhit.maintenance.cycle_months == 24  # builtin/data/ahima.json
    yearly = attrs.evolve(rhit, maintenance=attrs.evolve(rhit.maintenance, cycle_months=12))
    profile = profile_from_dict(
        {"id": "a", "as_of": AS_OF, "availability": {"study_hours_per_week": 5}}
    )
    out = ahima.mrt_roadmap_maintenance(
        [Holding(yearly, D(2021, 3, 31), False)], profile, D(2026, 11, 26), D(2028, 11, 26)
    )
    assert out is not None
    assert [(m.start, m.end) for m in out if m.kind == "ce_cycle"] == [
        (D(2026, 3, 31), D(2027, 3, 30)),
        (D(2027, 3, 31), D(2028, 3, 30)),
        (D(2028, 3, 31), D(2029, 3, 30)),
    ]
    assert "1-year cycles" in out[0].why[0].text

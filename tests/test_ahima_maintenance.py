"""AHIMA recertification, as the built-in plugin computes it."""

from __future__ import annotations

import datetime as dt

from mrt_roadmap.builtin.ahima import combined_ceus, mrt_roadmap_maintenance
from mrt_roadmap.profile import CeActivity, profile_from_dict
from mrt_roadmap.state import Holding

D = dt.date


def holding(catalog, cid, earned, **kw):
    return Holding(catalog.credentials[cid], earned, kw.pop("planned", False), **kw)


def profile(**kw):
    return profile_from_dict(
        {"id": "m", "as_of": "2026-11-26", "availability": {"study_hours_per_week": 5}, **kw}
    )


def test_single_and_combined_totals(core_planner):
    cat = core_planner.catalog
    rhit = holding(cat, "RHIT", D(2020, 1, 1))
    rhia = holding(cat, "RHIA", D(2020, 1, 1))
    assert combined_ceus([rhit]) == 20
    assert combined_ceus([rhia]) == 30
    assert (
        combined_ceus([rhit, rhia]) == 40
    )  # only when both are active (RHIA normally replaces RHIT)


def test_cycles_roll_from_the_pass_date_and_count_the_ce_logged_in_each(core_planner):
    cat = core_planner.catalog
    # The log starts inside the current cycle: no past cycle is shown; the number the planner
    # keeps for older plugins (ce_earned_current_cycle) is not what the rules count.
    log = (CeActivity(D(2026, 2, 1), 7, issuer="AHIMA"),)
    held = [
        holding(
            cat,
            "RHIT",
            D(2021, 3, 31),
            ce_earned_current_cycle=99,
            ce_log=log,
            ce_log_from=log[0].date,
        )
    ]
    out = mrt_roadmap_maintenance(held, profile(), D(2026, 11, 26), D(2029, 11, 26))
    cycles = [m for m in out if m.kind == "ce_cycle"]
    # 2021-03-31 + 24 months = 2023-03-31; the cycle containing as_of starts 2025-03-31.
    assert [(c.start, c.end) for c in cycles] == [
        (D(2025, 3, 31), D(2027, 3, 30)),
        (D(2027, 3, 31), D(2029, 3, 30)),
        (D(2029, 3, 31), D(2031, 3, 30)),
    ]
    assert cycles[0].details["ce_earned"] == 7
    assert cycles[0].details["ce_remaining"] == 13
    assert cycles[1].details["ce_earned"] == 0
    renewals = [m for m in out if m.kind == "renewal"]
    assert [r.start for r in renewals] == [c.end for c in cycles]
    assert renewals[0].cost is not None
    assert renewals[0].cost.amount == 218


def test_leap_day_pass_date_uses_real_calendar_arithmetic(core_planner):
    cat = core_planner.catalog
    out = mrt_roadmap_maintenance(
        [holding(cat, "RHIT", D(2024, 2, 29))], profile(), D(2024, 3, 1), D(2027, 1, 1)
    )
    cycles = [m for m in out if m.kind == "ce_cycle"]
    assert [(c.start, c.end) for c in cycles] == [
        (D(2024, 2, 29), D(2026, 2, 27)),
        (D(2026, 2, 28), D(2028, 2, 28)),
    ]


def test_rhia_granted_ends_rhits_obligations_that_day(core_planner):
    """AHIMA: once RHIA is granted, only RHIA's CEUs are kept. RHIT's cycle ends the day
    before RHIA is granted, with no CEUs and no renewal due for it (before: RHIT's cycle and
    renewal ran on to 2026-05-31); RHIA's cycles run from its own pass day."""
    cat = core_planner.catalog
    held = [
        Holding(cat.credentials["RHIT"], D(2022, 6, 1), False, replaced_on=D(2025, 1, 15)),
        holding(cat, "RHIA", D(2025, 1, 15), planned=True),
    ]
    out = mrt_roadmap_maintenance(held, profile(), D(2024, 6, 1), D(2028, 1, 1))
    cycles = [m for m in out if m.kind == "ce_cycle"]
    assert [(c.id, c.start, c.end, c.details["credentials"]) for c in cycles] == [
        ("ahima.ce.2", D(2024, 6, 1), D(2025, 1, 14), ["RHIT"]),
        ("ahima.rhia.ce.1", D(2025, 1, 15), D(2027, 1, 14), ["RHIA"]),
        ("ahima.rhia.ce.2", D(2027, 1, 15), D(2029, 1, 14), ["RHIA"]),
    ]
    ended = cycles[0]
    assert ended.details["ce_required"] == 0
    assert ended.details["ended_by_replacement"] == "2025-01-15"
    assert "RHIA granted on 2025-01-15 replaces RHIT" in ended.why[0].text
    assert cycles[1].details["ce_required"] == 30
    renewals = [m for m in out if m.kind == "renewal"]
    assert [r.details["credentials"] for r in renewals] == [["RHIA"], ["RHIA"]]
    assert all(r.end > D(2025, 1, 15) for r in renewals), "no RHIT renewal after RHIA"


def test_a_late_credential_counts_from_the_next_cycle(core_planner):
    cat = core_planner.catalog
    # both kept (no replaced_on): a second credential earned mid-cycle
    held = [holding(cat, "RHIT", D(2022, 6, 1)), holding(cat, "RHIA", D(2025, 1, 15))]
    out = mrt_roadmap_maintenance(held, profile(), D(2024, 6, 1), D(2028, 1, 1))
    cycles = {m.start: m for m in out if m.kind == "ce_cycle"}
    first = cycles[D(2024, 6, 1)]
    assert first.details["credentials"] == ["RHIT"]
    assert first.details["ce_required"] == 20
    assert any("counts it from the next cycle" in w.text for w in first.why)
    second = cycles[D(2026, 6, 1)]
    assert second.details["ce_required"] == 40  # both kept: 30 + 10


def test_the_2025_forty_percent_rule_is_dated(core_planner):
    cat = core_planner.catalog
    out = mrt_roadmap_maintenance(
        [holding(cat, "RHIA", D(2020, 6, 1))], profile(), D(2022, 6, 1), D(2026, 1, 1)
    )
    cycles = [m for m in out if m.kind == "ce_cycle"]
    before, after = cycles[0], cycles[1]
    assert before.end == D(2024, 5, 31)
    assert "min_ahima_sourced" not in before.details
    assert not any("40%" in w.text for w in before.why)
    assert after.details["min_ahima_sourced"] == 12.0
    assert after.details["min_hiim_domain"] == 24.0
    assert any("40%" in w.text and w.source and "Recertification" in w.source for w in after.why)


def test_members_pay_an_unpublished_fee(core_planner):
    cat = core_planner.catalog
    out = mrt_roadmap_maintenance(
        [holding(cat, "RHIT", D(2025, 1, 1))],
        profile(preferences={"memberships": ["AHIMA"]}),
        D(2025, 1, 1),
        D(2026, 1, 1),
    )
    renewal = next(m for m in out if m.kind == "renewal")
    assert renewal.cost is not None
    assert renewal.cost.amount is None
    assert "not published" in renewal.cost.basis


def test_nothing_for_other_issuers(core_planner):
    assert mrt_roadmap_maintenance([], profile(), D(2025, 1, 1), D(2026, 1, 1)) is None


def test_cycle_ids_survive_a_change_that_moves_dates(core_planner, example):
    # More study time moves the RHIT exam, so every cycle moves; calendar entries keyed by the
    # milestone id must update in place rather than duplicate.
    data = example("demo-new-learner")
    slow = core_planner.plan(profile_from_dict(data))
    fast = core_planner.plan(
        profile_from_dict({**data, "availability": {"study_hours_per_week": 45}})
    )
    slow_cycles = {m.id: m.start for m in slow.by_kind("ce_cycle")}
    fast_cycles = {m.id: m.start for m in fast.by_kind("ce_cycle")}
    assert slow_cycles["ahima.ce.1"] != fast_cycles["ahima.ce.1"]
    assert set(slow_cycles) <= set(fast_cycles)
    assert {m.id for m in slow.by_kind("renewal")} <= {m.id for m in fast.by_kind("renewal")}

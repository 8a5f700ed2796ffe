"""The CE log (profile format 2, ``progress.ce``) counted by the maintenance plugins: each cycle
counts the entries dated inside it, nothing carries over, category minimums count the entries in
their category, and cycles that ended stay in the roadmap with their outcome."""

from __future__ import annotations

import datetime as dt
from importlib import util
from typing import Any

import pytest

from mrt_roadmap.builtin.ahima import RECERT_2024, RECERT_2025
from mrt_roadmap.formats.json_format import to_json
from mrt_roadmap.planner import Planner
from mrt_roadmap.plugin import Milestone, Registry, Roadmap, hookimpl
from mrt_roadmap.profile import profile_from_dict
from mrt_roadmap.testing import make_planner

D = dt.date
AS_OF = "2026-11-26"


def _profile(credentials: list[dict[str, Any]], ce: list[dict[str, Any]], **extra: Any) -> Any:
    return profile_from_dict(
        {
            "profile_version": 2,
            "id": "ce-log",
            "as_of": AS_OF,
            "education": [{"level": "high_school", "status": "completed", "end": "2010-06-15"}],
            "availability": {"study_hours_per_week": 10},
            "credentials": credentials,
            "goals": {"credentials": [c["id"] for c in credentials], "horizon_years": 2},
            "progress": {"ce": ce},
            **extra,
        }
    )


def _cycles(roadmap: Roadmap, prefix: str) -> dict[str, Milestone]:
    return {m.id: m for m in roadmap.by_kind("ce_cycle") if m.id.startswith(prefix)}


# -- AHIMA: RHIT passed 2021-03-31; cycles 2021-03-31..2023-03-30, 2023-03-31..2025-03-30 (the
# 40 % AHIMA-sourced rule applies: it ends after 2025-01-01) and 2025-03-31..2027-03-30 (current).
RHIT = [{"id": "RHIT", "earned": "2021-03-31"}]


def _ahima(ce: list[dict[str, Any]], planner: Planner) -> dict[str, Milestone]:
    return _cycles(planner.plan(_profile(RHIT, ce)), "ahima.ce.")


def test_a_log_meeting_the_80_and_40_percent_minimums_is_met(core_planner: Planner) -> None:
    found = _ahima(
        [
            {
                "date": "2023-06-01",
                "amount": 12,
                "issuer": "AHIMA",
                "categories": ["hiim_domain", "ahima_sourced"],
            },
            {
                "date": "2024-02-01",
                "amount": 6,
                "credentials": ["RHIT"],
                "categories": ["hiim_domain"],
            },
            {"date": "2024-09-01", "amount": 2, "issuer": "AHIMA"},
        ],
        core_planner,
    )
    # The log starts 2023-06-01: the cycle that ended before it is not shown.
    assert list(found) == ["ahima.ce.2", "ahima.ce.3", "ahima.ce.4"]
    past = found["ahima.ce.2"]
    assert (past.start, past.end, past.status) == (D(2023, 3, 31), D(2025, 3, 30), "done")
    d = past.details
    assert (d["outcome"], d["ce_earned"], d["ce_remaining"]) == ("met", 20, 0)
    assert d["ce_minimums"] == [
        {"amount": 16.0, "label": "in HIIM domains", "category": "hiim_domain", "earned": 18},
        {"amount": 8.0, "label": "from AHIMA sources", "category": "ahima_sourced", "earned": 12},
    ]
    said = past.why[0]
    assert said.text == (
        "CE logged in this cycle: 20 of 20 CEUs; 18 in HIIM domains (at least 16); "
        "12 from AHIMA sources (at least 8): met"
    )
    assert (said.source, said.verified) == (RECERT_2024, True)
    # Nothing logged in the current cycle yet, and no outcome for a cycle still running.
    current = found["ahima.ce.3"].details
    assert (current["ce_earned"], current["ce_remaining"]) == (0, 20)
    assert "outcome" not in current


def test_a_log_short_of_the_40_percent_ahima_sourced_minimum_is_missed(
    core_planner: Planner,
) -> None:
    found = _ahima(
        [
            {"date": "2023-06-01", "amount": 16, "issuer": "AHIMA", "categories": ["hiim_domain"]},
            {
                "date": "2024-09-01",
                "amount": 4,
                "issuer": "AHIMA",
                "categories": ["hiim_domain", "ahima_sourced"],
            },
        ],
        core_planner,
    )
    d = found["ahima.ce.2"].details
    assert (d["outcome"], d["ce_earned"], d["ce_remaining"]) == ("missed", 20, 0)
    assert [(m["category"], m["amount"], m["earned"]) for m in d["ce_minimums"]] == [
        ("hiim_domain", 16.0, 20),
        ("ahima_sourced", 8.0, 4),
    ]
    said = found["ahima.ce.2"].why[0]
    assert said.text == (
        "CE logged in this cycle: 20 of 20 CEUs; 20 in HIIM domains (at least 16); "
        "4 from AHIMA sources (at least 8, 4 short): missed"
    )
    assert (said.source, said.as_of) == (RECERT_2025, D(2025, 1, 1))


def test_each_cycle_counts_only_the_entries_dated_inside_it(core_planner: Planner) -> None:
    roadmap = core_planner.plan(
        _profile(
            RHIT,
            [
                # 30 on the last day but one of cycle 1: the extra 10 do not carry over.
                {
                    "date": "2023-03-29",
                    "amount": 30,
                    "issuer": "AHIMA",
                    "categories": ["hiim_domain"],
                },
                {"date": "2025-03-30", "amount": 3, "issuer": "AHIMA"},  # last day of cycle 2
                {"date": "2025-03-31", "amount": 5, "issuer": "AHIMA"},  # first day of cycle 3
            ],
        )
    )
    found = _cycles(roadmap, "ahima.ce.")
    summary = {
        k: (m.details["ce_earned"], m.details["ce_remaining"], m.details.get("outcome"))
        for k, m in found.items()
    }
    assert summary == {
        "ahima.ce.1": (30, 0, "met"),  # ended before 2025: no 40 % minimum
        "ahima.ce.2": (3, 17, "missed"),
        "ahima.ce.3": (5, 15, None),
        "ahima.ce.4": (0, 20, None),
    }
    assert [m["category"] for m in found["ahima.ce.1"].details["ce_minimums"]] == ["hiim_domain"]
    assert (
        found["ahima.ce.2"]
        .why[0]
        .text.startswith(
            "CE logged in this cycle: 3 of 20 CEUs (17 short); 0 in HIIM domains (at least 16, 16 short)"
        )
    )
    # Renewals of past cycles are not shown (the profile does not say whether they were paid).
    assert [m.id for m in roadmap.by_kind("renewal")] == ["ahima.renewal.3", "ahima.renewal.4"]
    assert roadmap.milestone("ahima.ce.1").status == "done"


def test_the_order_of_entries_changes_nothing(core_planner: Planner) -> None:
    entries = [
        {"date": "2023-06-01", "amount": 0.1, "issuer": "AHIMA", "categories": ["hiim_domain"]},
        {"date": "2023-06-01", "amount": 0.2, "credentials": ["RHIT"]},
        {"date": "2024-02-01", "amount": 0.3, "issuer": "AHIMA", "categories": ["ahima_sourced"]},
        {"date": "2026-01-05", "amount": 7.7, "issuer": "AHIMA"},
        {"date": "2026-03-05", "amount": 1.4, "credentials": ["RHIT"]},
    ]
    plans = {
        to_json(core_planner.plan(_profile(RHIT, order)))
        for order in (entries, entries[::-1], entries[2:] + entries[:2])
    }
    assert len(plans) == 1


# -- a CE log for one issuer, none for another --------------------------------------------------
@pytest.fixture(scope="module")
def all_plugins() -> Planner:
    if util.find_spec("mrt_roadmap_ctr") is None or util.find_spec("mrt_roadmap_aapc") is None:
        pytest.skip("mrt-roadmap-ctr and mrt-roadmap-aapc are not installed (run ./dev setup)")
    import mrt_roadmap_aapc
    import mrt_roadmap_ctr

    return make_planner(mrt_roadmap_ctr, mrt_roadmap_aapc)


NCRA_ONLY = [{"date": "2023-01-15", "amount": 20, "issuer": "NCRA"}]


@pytest.mark.parametrize(
    ("rhit_entries", "outcome"),
    [
        ([], "unknown"),  # the profile logs no AHIMA CE at all: it does not say
        ([{"date": "2026-02-01", "amount": 4, "credentials": ["RHIT"]}], "missed"),
    ],
)
def test_a_past_cycle_without_ce_logged_for_it(
    all_plugins: Planner, rhit_entries: list[dict[str, Any]], outcome: str
) -> None:
    held = [*RHIT, {"id": "CTR", "earned": "2015-06-01"}]
    roadmap = all_plugins.plan(_profile(held, NCRA_ONLY + rhit_entries))
    # The log starts 2023-01-15: AHIMA cycles ending from then on are shown.
    found = _cycles(roadmap, "ahima.ce.")
    assert {k: m.details.get("outcome") for k, m in found.items()} == {
        "ahima.ce.1": outcome,
        "ahima.ce.2": outcome,
        "ahima.ce.3": None,
        "ahima.ce.4": None,
    }
    said = found["ahima.ce.1"].why[0]
    if outcome == "unknown":
        assert said.text == (
            "No CE is logged for your AHIMA credentials in or after this cycle: whether it was "
            "met is not known (the profile does not say)"
        )
        assert (said.source, said.verified) == (None, False)
    else:
        assert said.text.startswith("CE logged in this cycle: 0 of 20 CEUs (20 short)")
    # NCRA's cycle 2023-2024 counts the entry reported to NCRA.
    ncra = _cycles(roadmap, "ctr.ce.")["ctr.ce.5"]
    assert (ncra.start, ncra.end) == (D(2023, 1, 1), D(2024, 12, 31))
    assert (ncra.details["ce_earned"], ncra.details["outcome"]) == (20, "met")


def test_an_entry_naming_ctr_counts_for_ods(all_plugins: Planner) -> None:
    entry = {"date": "2025-05-01", "amount": 6, "credentials": ["CTR"], "categories": ["in_person"]}
    roadmap = all_plugins.plan(_profile([{"id": "CTR", "earned": "2015-06-01"}], [entry]))
    found = _cycles(roadmap, "ctr.ce.")
    current = found["ctr.ce.6"]
    assert (current.start, current.end) == (D(2025, 1, 1), D(2026, 12, 31))
    assert (current.details["ce_earned"], current.details["ce_remaining"]) == (6, 14)
    assert current.details["ceip"]["in_person_earned"] == 6
    assert min(found) == "ctr.ce.6"  # the log starts in the current cycle: no past cycle


def test_ncra_in_person_credits_are_checked_over_the_ceip_window(all_plugins: Planner) -> None:
    entries = [
        {"date": "2025-03-01", "amount": 5, "issuer": "NCRA", "categories": ["in_person"]},
        {"date": "2026-05-01", "amount": 15, "issuer": "NCRA"},
        {"date": "2027-04-01", "amount": 20, "credentials": ["ODS"]},
    ]
    profile = _profile([{"id": "ODS", "earned": "2015-06-01"}], entries, as_of="2029-01-15")
    roadmap = all_plugins.plan(profile)
    found = _cycles(roadmap, "ctr.ce.")
    assert list(found) == ["ctr.ce.6", "ctr.ce.7", "ctr.ce.8", "ctr.ce.9"]
    first, second = found["ctr.ce.6"].details, found["ctr.ce.7"].details
    # 2025-2026 opens the 2025-2028 window: only its total is checked.
    assert (first["ce_earned"], first["outcome"], first["ceip"]["closes_window"]) == (
        20,
        "met",
        False,
    )
    assert "ce_minimums" not in first
    # 2027-2028 closes it: 20 hours, but 5 in person over the window, not 8.
    assert (second["ce_earned"], second["outcome"]) == (20, "missed")
    assert second["ce_minimums"] == [
        {
            "amount": 8,
            "label": "in person over 2025-2028 (CEIP)",
            "category": "in_person",
            "earned": 5,
        },
    ]
    said = found["ctr.ce.7"].why[0]
    assert said.text == (
        "CE logged in this cycle: 20 of 20 CE hours; 5 in person over the CEIP window "
        "(at least 8, 3 short): missed"
    )
    assert said.source == "https://www.ncra-usa.org/ODS-Credential/CEIP"
    # The report of the cycle that just ended is still due (January 31); the earlier one is not shown.
    reports = [m.id for m in roadmap.by_kind("renewal") if m.id.startswith("ctr.ce_report.")]
    assert reports[:2] == ["ctr.ce_report.7", "ctr.ce_report.8"]
    assert roadmap.milestone("ctr.ce_report.7").end == D(2029, 1, 31)


def test_aapc_counts_the_log_and_a_short_prorated_first_cycle_is_unknown(
    all_plugins: Planner,
) -> None:
    entries = [
        {"date": "2023-01-10", "amount": 20, "issuer": "AAPC"},
        {"date": "2025-02-10", "amount": 30, "credentials": ["CPC"]},
        {"date": "2026-07-01", "amount": 9, "issuer": "AAPC"},
    ]
    roadmap = all_plugins.plan(_profile([{"id": "CPC", "earned": "2022-06-01"}], entries))
    found = _cycles(roadmap, "aapc.ce.")
    summary = {
        k: (m.details["ce_earned"], m.details["ce_remaining"], m.details.get("outcome"))
        for k, m in found.items()
    }
    assert summary == {
        "aapc.ce.1": (20, 16, "unknown"),  # pro-rated, no formula published
        "aapc.ce.2": (30, 6, "missed"),
        "aapc.ce.3": (9, 27, None),
        "aapc.ce.4": (0, 36, None),
    }
    assert found["aapc.ce.1"].why[0].verified is False
    assert found["aapc.ce.2"].why[0].text == "CEUs logged in this cycle: 30 of 36 (6 short): missed"


# -- a CPHIMS-like credential maintained from data alone ----------------------------------------
RULES = "https://example.org/certification/renew"


class CphimsLike:
    """Registers a credential with generic maintenance: 3-year cycles, 45 CE hours (invented)."""

    PLUGIN_NAME = "himx"

    @hookimpl
    def mrt_roadmap_register(self, registry: Registry) -> None:
        prov = {"source": RULES, "as_of": "2025-01-01", "verified": True}
        route = {
            "id": "only",
            "label": "an exam",
            "requirements": [{"kind": "membership", "organization": "TESTORG", "label": "member"}],
        }
        maintenance = {
            "scheme": "generic",
            "cycle_months": 36,
            "anchor": "earned",
            "ce_per_cycle": 45,
            "unit": "CE hour",
            **prov,
        }
        registry.add_credential(
            {
                "id": "CPHX",
                "name": "Test CPHX",
                "issuer": "TESTORG",
                "eligibility": [{"routes": [route], **prov}],
                "maintenance": maintenance,
                **prov,
            }
        )


def test_a_generic_credential_counts_its_log() -> None:
    entries = [
        {"date": "2022-01-10", "amount": 45, "issuer": "TESTORG"},
        {"date": "2024-03-01", "amount": 30, "credentials": ["CPHX"]},
        {"date": "2026-06-01", "amount": 10, "issuer": "testorg"},
        {"date": "2026-06-02", "amount": 50, "issuer": "AHIMA"},  # another issuer's
    ]
    roadmap = make_planner(CphimsLike()).plan(
        _profile([{"id": "CPHX", "earned": "2020-05-15"}], entries)
    )
    found = _cycles(roadmap, "cycles.CPHX.ce.")
    summary = {
        k: (m.start, m.details["ce_earned"], m.details["ce_remaining"], m.details.get("outcome"))
        for k, m in found.items()
    }
    assert summary == {
        "cycles.CPHX.ce.1": (D(2020, 5, 15), 45, 0, "met"),
        "cycles.CPHX.ce.2": (D(2023, 5, 15), 30, 15, "missed"),
        "cycles.CPHX.ce.3": (D(2026, 5, 15), 10, 35, None),
    }
    said = found["cycles.CPHX.ce.2"].why[0]
    assert said.text == "CE logged for CPHX in this cycle: 30 of 45 CE hour (15 short): missed"
    assert said.source == RULES

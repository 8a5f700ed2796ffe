"""NCRA maintenance of the ODS credential, as milestones.

* CE: at least 20 CE hours per 2-year cycle; every cycle ends December 31; no carry-over; the
  CE report is due January 31 after the cycle ends.
* Annual fee ($35 member / $145 non-member) due January 31 every year.
* First cycle: NCRA's rule was not found. Assumed (``verified: false``): it runs from the day the
  credential is granted to December 31 of the following year (12-24 months), so that every later
  cycle covers two calendar years; the full 20 hours are assumed for it.
* CEIP from 2025: 8 in-person CE credits over four years (two cycles), included in the 20.

Each cycle counts the CE logged for the credential dated inside it (nothing carries over); CEIP
counts the entries in the category ``in_person`` from the start of the four-year window, and its
minimum is checked with the cycle that closes the window. Past cycles are shown back to the start
of the profile's CE log, with their ``outcome``; a first cycle that falls short is ``unknown``
(its requirement is assumed).

The cycle dates are the core's (``Maintenance.cycles``) from ODS's maintenance data
(``anchor: calendar``, ``cycle_ends_on: 12-31``, ``first_cycle: joins_current``,
``due_days_after_end: 31``); this module adds what is NCRA's own: the first-cycle assumption,
CEIP's in-person requirement and the annual fee.
"""

from __future__ import annotations

import datetime as dt
import functools
import json
import math
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from mrt_roadmap.plugin import Cost, Holding, Maintenance, Milestone, Provenance, Reason

if TYPE_CHECKING:
    from mrt_roadmap.plugin import CeActivity, Cycle, Fee

ISSUER = "NCRA"
MAINT = "https://www.ncra-usa.org/ODS-Credential/Current-ODS"
MAINT_AS_OF = dt.date(2024, 1, 1)
CEIP = "https://www.ncra-usa.org/ODS-Credential/CEIP"
CEIP_AS_OF = dt.date(2025, 1, 1)
CEIP_FROM_YEAR = 2025
CEIP_IN_PERSON = 8
CEIP_YEARS = 4
IN_PERSON = "in_person"
OPTIONS = "http://www.ncra-usa.org/Certification/CTR-Maintenance/CTR-Maintenance-Options"
OLD_FAQ = "http://www.ncra-usa.org/Membership/Frequently-Asked-Questions/Membership-Certification"
CTR_ERA = dt.date(2019, 1, 1)
DUE_MONTH, DUE_DAY = 1, 31
DATA = Path(__file__).with_name("data.json")
DATE_FIELDS = ("anchor", "cycle_ends_on", "first_cycle", "due_days_after_end", "grace_days")


@functools.cache
def ods_rules() -> Maintenance:
    """The dates part of ODS's maintenance as ``data.json`` gives it (what the catalog holds)."""
    data: dict[str, Any] = json.loads(DATA.read_bytes())
    raw = next(c["maintenance"] for c in data["credentials"] if c["id"] == "ODS")
    return Maintenance(
        scheme=raw["scheme"],
        cycle_months=raw["cycle_months"],
        ce_per_cycle=raw["ce_per_cycle"],
        provenance=Provenance(raw["source"], dt.date.fromisoformat(raw["as_of"])),
        **{k: raw[k] for k in DATE_FIELDS if k in raw},
    )


def cycles(
    earned: dt.date, until: dt.date, rules: Maintenance | None = None
) -> list[tuple[dt.date, dt.date]]:
    """(start, end) of the cycles from ``earned`` starting by ``until``, as the core computes
    them from ``rules`` (default: ODS's data): the first ends Dec 31 of the following year
    (assumed), each later one covers two calendar years."""
    return [(c.start, c.end) for c in (rules or ods_rules()).cycles(earned, until)]


def ceip_window(cycle_end: dt.date) -> tuple[int, int] | None:
    """The four-year CEIP window a cycle belongs to, or ``None`` before 2025.

    NCRA names the windows 2025-2028 and 2026-2029 (by the year a person's cycle starts);
    later windows are assumed to follow every four years.
    """
    start_year = cycle_end.year - 1
    if start_year < CEIP_FROM_YEAR:
        return None
    base = CEIP_FROM_YEAR if start_year % 2 == CEIP_FROM_YEAR % 2 else CEIP_FROM_YEAR + 1
    first = start_year - (start_year - base) % CEIP_YEARS
    return first, first + CEIP_YEARS - 1


def in_person_in_window(
    log: Sequence[CeActivity], window: tuple[int, int], through: dt.date
) -> float:
    """In-person CE credits logged from the first day of the CEIP ``window`` to ``through``."""
    first = dt.date(window[0], 1, 1)
    return math.fsum(
        e.amount for e in log if first <= e.date <= through and IN_PERSON in e.categories
    )


def _outcome(
    cycle: Cycle,
    log: Sequence[CeActivity],
    earned: float,
    required: float,
    in_person: float | None,
) -> tuple[str, Reason]:
    """A past cycle's outcome and why; ``in_person`` is the CEIP count when the cycle closes a
    CEIP window."""
    missing = max(0.0, round(required - earned, 2))
    in_person_short = max(0.0, CEIP_IN_PERSON - in_person) if in_person is not None else 0.0
    outcome = cycle.outcome(log, met=not missing and not in_person_short)
    if outcome == "unknown":
        text = (
            "No CE is logged for ODS in or after this cycle: whether it was met is not known "
            "(the profile does not say)"
        )
        return outcome, Reason(text, verified=False)
    parts = [f"{earned:g} of {required:g} CE hours" + (f" ({missing:g} short)" if missing else "")]
    if in_person is not None:
        gap = f", {in_person_short:g} short" if in_person_short else ""
        parts.append(
            f"{in_person:g} in person over the CEIP window (at least {CEIP_IN_PERSON}{gap})"
        )
    said = f"CE logged in this cycle: {'; '.join(parts)}"
    if outcome == "missed" and cycle.first:
        text = (
            f"{said}: short of the full amount, but the first cycle's requirement is assumed "
            "(NCRA's rule for it was not found), so whether it was met is not known"
        )
        return "unknown", Reason(text, None, MAINT, MAINT_AS_OF, verified=False)
    if in_person_short and not missing:
        return outcome, Reason(f"{said}: {outcome}", None, CEIP, CEIP_AS_OF)
    return outcome, Reason(f"{said}: {outcome}", None, MAINT, MAINT_AS_OF)


def _latest_fee(fees: Sequence[Fee]) -> Fee | None:
    return max(fees, key=lambda f: f.provenance.as_of) if fees else None


def _cycle_reasons(required: float, first: bool, window: tuple[int, int] | None) -> list[Reason]:
    why = [
        Reason(
            f"NCRA: at least {required:g} CE hours every 2 years; the 2-year cycle ends "
            "December 31; no carry-over of extra hours; CE is reported by January 31",
            "ODS.maintenance.cycle",
            MAINT,
            MAINT_AS_OF,
        ),
    ]
    if first:
        why.append(
            Reason(
                "First cycle: NCRA's rule for when it starts was not found. Assumed: from the day "
                "the credential is granted to December 31 of the following year (12 to 24 "
                "months), so that later cycles cover two calendar years; the full 20 hours are "
                "assumed for it "
                "(no pro-rating rule found)",
                "ODS.maintenance.first_cycle",
                MAINT,
                MAINT_AS_OF,
                verified=False,
            )
        )
    if window is not None:
        why.append(
            Reason(
                f"CEIP (from 2025): at least {CEIP_IN_PERSON} CE credits of in-person education "
                f"(NCRA Program-Recognition-approved) over {CEIP_YEARS} years, included in the "
                f"{required:g} per cycle and earned across two cycles; applies in the 50 states, "
                "DC and Canada; medical and caregiver exemptions exist",
                "ODS.maintenance.ceip",
                CEIP,
                CEIP_AS_OF,
            )
        )
        if window[0] > CEIP_FROM_YEAR + 1:
            why.append(
                Reason(
                    f"Your CEIP window is taken as {window[0]}-{window[1]}: NCRA names the windows "
                    "2025-2028 and 2026-2029; later windows are assumed to repeat every four years",
                    "ODS.maintenance.ceip_window",
                    CEIP,
                    CEIP_AS_OF,
                    verified=False,
                )
            )
    why.append(
        Reason(
            "10% of CE reports are audited at random: keep your certificates",
            "ODS.maintenance.audit",
            MAINT,
            MAINT_AS_OF,
        )
    )
    why.append(
        Reason(
            "Missed CE or fees: an extension carries the deficit into the next cycle; medical-"
            "disability release and retirement exist; delinquent fees may lead to revocation, and "
            "after 3 or more years without fees or CE the exam must be retaken",
            "ODS.maintenance.missed",
            OPTIONS,
            CTR_ERA,
        )
    )
    return why


def ncra_maintenance(
    holdings: Sequence[Holding], *, member: bool, as_of: dt.date, horizon: dt.date
) -> list[Milestone]:
    """CE cycles, CE reports and annual fees for the NCRA credentials in ``holdings``."""
    holding = min(holdings, key=lambda h: (h.earned, h.credential.id))
    maint = holding.credential.maintenance
    assert maint is not None
    required = maint.ce_per_cycle
    cid = holding.credential.id
    depends = (holding.milestone,) if holding.milestone else ()
    log = Holding.combined_log(holdings)
    out: list[Milestone] = []
    for cycle in maint.cycles(holding.earned, horizon):
        index, start, end, due = cycle.number - 1, cycle.start, cycle.end, cycle.due
        if not holding.shows_cycle(end, as_of):
            continue
        window = ceip_window(end)
        earned = cycle.ce_earned(log)
        # Numbered from the credential so ids stay when a changed plan moves the dates.
        cycle_id = f"ctr.ce.{index + 1}"
        details: dict[str, object] = {
            "issuer": ISSUER,
            "credentials": [cid],
            "ce_required": required,
            "unit": maint.unit,
            "ce_earned": earned,
            "ce_remaining": max(0.0, round(required - earned, 2)),
            "carry_over": False,
            "due": due.isoformat(),
            "first_cycle": index == 0,
        }
        if index == 0:
            details["first_cycle_rule_verified"] = False
        in_person: float | None = None
        if window is not None:
            so_far = in_person_in_window(log, window, end)
            closes = end.year == window[1]
            details["ceip"] = {
                "in_person_min": CEIP_IN_PERSON,
                "window": f"{window[0]}-{window[1]}",
                "included_in_total": True,
                "in_person_earned": so_far,
                "closes_window": closes,
            }
            if closes:
                in_person = so_far
                details["ce_minimums"] = [
                    {
                        "amount": CEIP_IN_PERSON,
                        "label": f"in person over {window[0]}-{window[1]} (CEIP)",
                        "category": IN_PERSON,
                        "earned": so_far,
                    }
                ]
        why = _cycle_reasons(required, index == 0, window)
        if end < as_of:
            details["outcome"], said = _outcome(cycle, log, earned, required, in_person)
            why.insert(0, said)
        out.append(
            Milestone(
                id=cycle_id,
                kind="ce_cycle",
                title=f"NCRA CE cycle: {required:g} {maint.unit} ({cid})",
                start=start,
                end=end,
                credential=cid,
                depends_on=depends,
                why=tuple(why),
                details=details,
            )
        )
        if due < as_of:
            continue  # a past CE report: the profile does not say whether it was sent
        out.append(
            Milestone(
                id=f"ctr.ce_report.{index + 1}",
                kind="renewal",
                title=f"Report {required:g} {maint.unit} to NCRA by {due.isoformat()} "
                f"(cycle ended {end.isoformat()})",
                start=end,
                end=due,
                credential=cid,
                depends_on=(cycle_id,),
                why=(
                    Reason(
                        "CE and the annual fee are due January 31 after the cycle ends; a "
                        "credential holder who has not met them by then is out of compliance",
                        "ODS.maintenance.due",
                        MAINT,
                        MAINT_AS_OF,
                    ),
                ),
                details={
                    "issuer": ISSUER,
                    "credentials": [cid],
                    "due": due.isoformat(),
                    "ce_required": required,
                },
            )
        )
    out.extend(_fees(holding, member=member, as_of=as_of, horizon=horizon))
    return out


def _fees(holding: Holding, *, member: bool, as_of: dt.date, horizon: dt.date) -> list[Milestone]:
    maint = holding.credential.maintenance
    assert maint is not None
    fee = _latest_fee(maint.fees)
    cid = holding.credential.id
    amount = None if fee is None else (fee.member if member else fee.non_member)
    who = "member" if member else "non-member"
    out = []
    year = holding.earned.year + 1
    first_due = dt.date(year, DUE_MONTH, DUE_DAY)
    while True:
        due = dt.date(year, DUE_MONTH, DUE_DAY)
        fee_number = year - first_due.year + 1
        year += 1
        if due > horizon:
            break
        if due < as_of:
            continue
        why = []
        if fee is not None:
            why.append(
                Reason(
                    "Annual recertification fee due January 31 every year: "
                    f"${fee.member:g} NCRA member, ${fee.non_member:g} non-member "
                    "(an older NCRA page gave $25 / $105)",
                    "ODS.maintenance.fee",
                    fee.provenance.source,
                    fee.provenance.as_of,
                    fee.provenance.verified,
                )
            )
        if due == first_due:
            why.append(
                Reason(
                    "First fee assumed due on the first January 31 after the credential is granted "
                    "(NCRA's rule for new credential holders was not found)",
                    "ODS.maintenance.first_fee",
                    MAINT,
                    MAINT_AS_OF,
                    verified=False,
                )
            )
        out.append(
            Milestone(
                id=f"ctr.fee.{fee_number}",
                kind="renewal",
                title=f"Pay the NCRA annual {cid} fee by {due.isoformat()}",
                start=due,
                end=due,
                credential=cid,
                depends_on=(holding.milestone,) if holding.milestone else (),
                why=tuple(why),
                cost=Cost(
                    amount,
                    f"{cid} annual recertification fee ({who})",
                    source=fee.provenance.source if fee else None,
                    as_of=fee.provenance.as_of if fee else None,
                ),
                details={
                    "issuer": ISSUER,
                    "credentials": [cid],
                    "due": due.isoformat(),
                    "fee": "annual",
                },
            )
        )
    return out

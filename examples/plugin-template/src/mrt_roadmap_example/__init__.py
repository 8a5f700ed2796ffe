"""The mrt-roadmap-example plugin for mrt-roadmap.

Adds the EXMPL credential of the Example Credentialing Body. Generated from the
mrt-roadmap plugin template: the credential and its issuer are ILLUSTRATIVE (they do not
exist). Replace ``data.json`` and the rules below with a real issuer's, read from pages you
cite in ``source``.

Hooks:

* ``mrt_roadmap_register`` registers the definitions in ``data.json``.
* ``mrt_roadmap_exam_date`` tests on the first business day of each quarter.
* ``mrt_roadmap_maintenance`` plans yearly CE cycles and renewals.
"""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from mrt_roadmap.plugin import Cost, Milestone, Reason, hookimpl

if TYPE_CHECKING:
    from mrt_roadmap.plugin import Credential, Fee, Holding, Profile, Registry

MRT_ROADMAP_API = 2
"""The mrt-roadmap plugin API this plugin is written for."""
__version__ = "0.1.0"

PLUGIN = "example"
"""The plugin's short name (the entry-point name)."""
NAMESPACE = PLUGIN.replace("-", "_")
"""Prefix of every milestone id this plugin adds: the host accepts only ids in the plugin's
namespace, its short name with ``-`` as ``_``."""
CREDENTIAL_ID = "EXMPL"
ISSUER = "Example Credentialing Body"
"""The issuer whose credentials' exam dates and maintenance this plugin governs."""
DATA = Path(__file__).with_name("data.json")
QUARTER_MONTHS = (1, 4, 7, 10)


@hookimpl
def mrt_roadmap_register(registry: Registry) -> None:
    """Register the definitions in ``data.json`` (validated against the schema)."""
    registry.add_file(DATA)


# -- exam dates -------------------------------------------------------------------------------
def first_business_day(year: int, month: int) -> dt.date:
    """The first Monday-to-Friday of ``year``-``month`` that is not New Year's Day."""
    day = dt.date(year, month, 1)
    while day.weekday() >= 5 or (day.month, day.day) == (1, 1):
        day += dt.timedelta(days=1)
    return day


def next_testing_day(earliest: dt.date) -> dt.date:
    """The first quarterly testing day (first business day of Jan, Apr, Jul, Oct) on or after
    ``earliest``."""
    for year in itertools.count(earliest.year):
        for month in QUARTER_MONTHS:
            day = first_business_day(year, month)
            if day >= earliest:
                return day
    raise AssertionError("unreachable")  # pragma: no cover


@hookimpl
def mrt_roadmap_exam_date(credential: Credential, earliest: dt.date) -> dt.date | None:
    """Exams of this issuer are held on the first business day of each quarter: the first
    such day on or after ``earliest``. ``None`` for other issuers' credentials."""
    if credential.issuer != ISSUER:
        return None
    return next_testing_day(earliest)


# -- maintenance ------------------------------------------------------------------------------
def add_years(day: dt.date, years: int) -> dt.date:
    """``day`` moved by whole years (February 29 becomes February 28)."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return day.replace(year=day.year + years, day=28)


def _latest_fee(fees: Sequence[Fee]) -> Fee | None:
    return max(fees, key=lambda f: f.provenance.as_of) if fees else None


def yearly_renewals(
    holding: Holding, *, member: bool, as_of: dt.date, horizon: dt.date
) -> list[Milestone]:
    """One ``ce_cycle`` and one ``renewal`` milestone per year, each cycle running from an
    anniversary of the credential date to the day before the next; from the cycle containing
    ``as_of`` to the last cycle starting by ``horizon`` (or until another credential replaces
    this one)."""
    maint = holding.credential.maintenance
    assert maint is not None
    cid = holding.credential.id
    prov = maint.provenance
    fee = _latest_fee(maint.fees)
    amount = None if fee is None else (fee.member if member else fee.non_member)
    rule = f"{cid}.maintenance"
    out: list[Milestone] = []
    for k in itertools.count():
        start = add_years(holding.earned, k)
        end = add_years(holding.earned, k + 1) - dt.timedelta(days=1)
        if start > horizon or (holding.replaced_on and start >= holding.replaced_on):
            break
        if end < as_of:
            continue
        current = start <= as_of and not holding.planned
        earned = holding.ce_earned_current_cycle if current else 0.0
        cycle_id = f"{NAMESPACE}.ce.{cid}.{start.isoformat()}"
        details: dict[str, object] = {
            "issuer": ISSUER,
            "credentials": [cid],
            "ce_required": maint.ce_per_cycle,
            "unit": maint.unit,
            "ce_earned": earned,
            "ce_remaining": max(0.0, maint.ce_per_cycle - earned),
            "due": end.isoformat(),
        }
        out.append(
            Milestone(
                id=cycle_id,
                kind="ce_cycle",
                title=f"{ISSUER} CE year: {maint.ce_per_cycle:g} {maint.unit} ({cid})",
                start=start,
                end=end,
                credential=cid,
                depends_on=(holding.milestone,) if holding.milestone else (),
                why=(
                    Reason(
                        f"{cid} is renewed every year on the anniversary of the exam, with "
                        f"{maint.ce_per_cycle:g} {maint.unit} earned during the year",
                        rule,
                        prov.source,
                        prov.as_of,
                        prov.verified,
                    ),
                ),
                details=details,
            )
        )
        out.append(
            Milestone(
                id=f"{NAMESPACE}.renewal.{cid}.{end.isoformat()}",
                kind="renewal",
                title=f"Renew {cid} with the {ISSUER} by {end.isoformat()}",
                start=end,
                end=end,
                credential=cid,
                depends_on=(cycle_id,),
                why=(
                    Reason(
                        f"Report the year's CE and pay the renewal fee by the end of the year "
                        f"({end.isoformat()})",
                        f"{rule}.renewal",
                        prov.source,
                        prov.as_of,
                        prov.verified,
                    ),
                ),
                cost=None
                if fee is None
                else Cost(
                    amount,
                    f"{fee.label} ({'member' if member else 'non-member'})",
                    fee.currency,
                    fee.provenance.source,
                    fee.provenance.as_of,
                ),
                details={"issuer": ISSUER, "credentials": [cid], "due": end.isoformat()},
            )
        )
    return out


@hookimpl
def mrt_roadmap_maintenance(
    credentials: Sequence[Holding], profile: Profile, as_of: dt.date, horizon: dt.date
) -> list[Milestone] | None:
    """Yearly CE cycles and renewals for every credential whose maintenance scheme is this
    issuer's, whoever registered it; ``None`` when the plan has none."""
    mine = sorted(
        (
            h
            for h in credentials
            if h.credential.maintenance is not None and h.credential.maintenance.scheme == ISSUER
        ),
        key=lambda h: (h.earned, h.credential.id),
    )
    if not mine:
        return None
    member = ISSUER.upper() in {m.upper() for m in profile.preferences.memberships}
    return [
        m for h in mine for m in yearly_renewals(h, member=member, as_of=as_of, horizon=horizon)
    ]


__all__ = [
    "CREDENTIAL_ID",
    "ISSUER",
    "MRT_ROADMAP_API",
    "__version__",
    "mrt_roadmap_exam_date",
    "mrt_roadmap_maintenance",
    "mrt_roadmap_register",
]

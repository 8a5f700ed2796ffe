"""AAPC maintenance: annual membership renewal and CEUs every two years on the renewal date.

* CEUs per 2 years by the number of AAPC credentials held: 36 / 40 / 44 / 48 / 52 (5+).
  An older AAPC page required 36 / 48 / 60 / 72 / 80 (history only).
* Membership dues every year ($190 renewal, one data point); CEUs due every second renewal.
* The first CEU submission is pro-rated to the renewal month; AAPC publishes no formula, so the
  plan shows the full amount as an upper bound.
* Assumed (``verified: false``): the membership year starts on the day the first AAPC credential
  is earned (you join shortly before the exam), and AAPC and AHIMA CEUs are separate obligations.

Each cycle counts the CEUs logged for any AAPC credential dated inside it (an entry naming
several counts once; no carry-over). Past cycles are shown back to the start of the profile's CE
log, with their ``outcome``; a first cycle that falls short of the full amount is ``unknown``
(its pro-rated amount is not published).

The CE cycle dates are the core's (``Maintenance.cycles``) from the credential data
(``cycle_months: 24``, ``anchor: earned``, ``due_days_after_end: 1``: due on the membership
anniversary); this module adds what is AAPC's own: the CEU tiers and the yearly membership.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Sequence
from typing import TYPE_CHECKING

from dateutil.relativedelta import relativedelta

from mrt_roadmap.plugin import Cost, Holding, Milestone, Reason

if TYPE_CHECKING:
    from mrt_roadmap.plugin import CeActivity, Cycle, Fee

ISSUER = "AAPC"
CEU_BY_COUNT: dict[int, int] = {1: 36, 2: 40, 3: 44, 4: 48, 5: 52}
OLD_CEU_BY_COUNT: dict[int, int] = {1: 36, 2: 48, 3: 60, 4: 72, 5: 80}
CEU_HELP = "https://www.aapc.com/medical-coding-education/help/"
CEU_HELP_AS_OF = dt.date(2015, 8, 31)
MAINTAIN = "https://www.aapc.com/certifications/maintain-your-certification"
POLICIES = "https://www.aapc.com/about-us/ceu-policies"
HELP = (
    "https://intercom.help/aapc-cf9f479c5207/en/articles/"
    "8156687-when-will-my-credential-s-be-revoked"
)
CANCEL = "https://www.aapc.com/about-us/certification-cancellation"
MEMBERSHIP_FAQ = "https://www.aapc.com/membership/faq.aspx"
CURRENT = dt.date(2026, 1, 1)
RENEWAL_LABEL = "AAPC membership renewal"


def ceus_required(count: int) -> int:
    """CEUs per two years for ``count`` AAPC credentials (AAPC table, 2015 and later)."""
    if count <= 0:
        return 0
    return CEU_BY_COUNT[min(count, 5)]


def renewal_fee(holdings: Sequence[Holding]) -> Fee | None:
    """The annual membership renewal fee from the credential data (latest dated)."""
    fees = [
        f
        for h in holdings
        if h.credential.maintenance
        for f in h.credential.maintenance.fees
        if f.label.startswith(RENEWAL_LABEL)
    ]
    return max(fees, key=lambda f: f.provenance.as_of) if fees else None


@functools.lru_cache(maxsize=4096)
def _years_after(anchor: dt.date, years: int) -> dt.date:
    """``anchor`` plus whole years on the real calendar (Feb 29 becomes Feb 28); memoized, since
    every plan walks the same anniversaries."""
    result: dt.date = anchor + relativedelta(years=years)
    return result


def _active(holdings: Sequence[Holding], on: dt.date) -> list[Holding]:
    return sorted(
        (h for h in holdings if h.earned <= on and not (h.replaced_on and h.replaced_on <= on)),
        key=lambda h: h.credential.id,
    )


def _cycle_reasons(
    ids: Sequence[str], required: int, first: bool, late: Sequence[str]
) -> list[Reason]:
    table = " / ".join(f"{v}" for v in CEU_BY_COUNT.values())
    old = " / ".join(f"{v}" for v in OLD_CEU_BY_COUNT.values())
    why = [
        Reason(
            f"{' + '.join(ids)}: {required} CEUs every 2 years ({len(ids)} AAPC credential"
            f"{'s' if len(ids) != 1 else ''}; AAPC requires {table} CEUs for 1 / 2 / 3 / 4 / 5+ "
            f"credentials; an older version of the page required {old})",
            "AAPC.maintenance.ceus",
            CEU_HELP,
            CEU_HELP_AS_OF,
        ),
        Reason(
            "Membership dues are paid every year; CEUs are reported every 2 years on or before "
            "the membership renewal date; CEUs earned before certification are not accepted",
            "AAPC.maintenance.cycle",
            MAINTAIN,
            CURRENT,
        ),
        Reason(
            "CEUs must come from AAPC-approved sources; no carry-over; a CEU extension costs $50; "
            "25% of submissions are verified at random",
            "AAPC.maintenance.policies",
            POLICIES,
            CURRENT,
        ),
        Reason(
            "Assumed: AAPC CEUs and AHIMA CEUs are separate obligations - no source read "
            "describes cross-recognition, so keep two ledgers if you also hold AHIMA credentials",
            "AAPC.maintenance.separate_from_ahima",
            MAINTAIN,
            CURRENT,
            verified=False,
        ),
        Reason(
            "Late renewal: a 30-day grace period, then a $50 late fee and 60 more days; after "
            "that membership is deactivated and credentials may be cancelled (missing CEUs can "
            "cancel a credential even with dues paid); reinstatement within 3 years costs the "
            "missed dues and CEUs plus $200, after 3 years the exam must be retaken",
            "AAPC.maintenance.lapse",
            HELP,
            CURRENT,
        ),
    ]
    if first:
        why.insert(
            2,
            Reason(
                "First submission: new certificants' CEUs are pro-rated to the renewal month; AAPC "
                "publishes no formula, so the full amount is shown as an upper bound",
                "AAPC.maintenance.prorated",
                MAINTAIN,
                CURRENT,
            ),
        )
        why.insert(
            3,
            Reason(
                "Assumed: your membership year starts on the day you earn your first AAPC "
                "credential (membership is needed to sit, so you join shortly before the exam); "
                "your real renewal date sets the dates",
                "AAPC.maintenance.anchor",
                MAINTAIN,
                CURRENT,
                verified=False,
            ),
        )
    if late:
        why.append(
            Reason(
                f"{', '.join(late)} earned during this cycle: counted from the next cycle (AAPC "
                "pro-rates new credentials; no formula published)",
                "AAPC.maintenance.added_credential",
                MAINTAIN,
                CURRENT,
                verified=False,
            )
        )
    return why


def _outcome(
    cycle: Cycle, log: Sequence[CeActivity], earned: float, required: int
) -> tuple[str, Reason]:
    """A past cycle's outcome and why, with the CEUs counted in it."""
    missing = max(0.0, round(required - earned, 2))
    outcome = cycle.outcome(log, met=not missing)
    if outcome == "unknown":
        text = (
            "No CEUs are logged for your AAPC credentials in or after this cycle: whether it "
            "was met is not known (the profile does not say)"
        )
        return outcome, Reason(text, verified=False)
    said = f"CEUs logged in this cycle: {earned:g} of {required}" + (
        f" ({missing:g} short)" if missing else ""
    )
    if outcome == "missed" and cycle.first:
        text = (
            f"{said}: short of the full amount, but the first submission is pro-rated and AAPC "
            "publishes no formula, so whether it was met is not known"
        )
        return "unknown", Reason(text, None, MAINTAIN, CURRENT, verified=False)
    return outcome, Reason(f"{said}: {outcome}", None, CEU_HELP, CEU_HELP_AS_OF)


def aapc_maintenance(
    holdings: Sequence[Holding], *, as_of: dt.date, horizon: dt.date
) -> list[Milestone]:
    """CE cycles and yearly membership renewals for the AAPC credentials in ``holdings``."""
    first = min(holdings, key=lambda h: (h.earned, h.credential.id))
    rules = first.credential.maintenance
    assert rules is not None
    anchor = first.earned
    fee = renewal_fee(holdings)
    out: list[Milestone] = []
    cycle_ids: dict[dt.date, tuple[str, int, list[str]]] = {}
    log = Holding.combined_log(holdings)
    for cycle in rules.cycles(anchor, horizon):
        start, end, due, k = cycle.start, cycle.end, cycle.due, cycle.number
        if not first.shows_cycle(end, as_of):
            continue
        active = _active(holdings, start)
        if not active:
            continue
        ids = [h.credential.id for h in active]
        required = ceus_required(len(active))
        late = sorted(h.credential.id for h in holdings if start < h.earned <= end)
        earned = cycle.ce_earned(log)
        why = _cycle_reasons(ids, required, k == 1, late)
        cycle_details: dict[str, object] = {
            "issuer": ISSUER,
            "credentials": ids,
            "ce_required": required,
            "unit": "CEU",
            "ce_earned": earned,
            "ce_remaining": max(0.0, round(required - earned, 2)),
            "due": due.isoformat(),
            "first_submission_prorated": k == 1,
            "carry_over": False,
        }
        if end < as_of:
            cycle_details["outcome"], said = _outcome(cycle, log, earned, required)
            why.insert(0, said)
        # Numbered from the membership anniversary so the id (and a calendar entry keyed on it)
        # stays when a changed plan moves the dates.
        cycle_id = f"aapc.ce.{k}"
        cycle_ids[due] = (cycle_id, required, ids)
        out.append(
            Milestone(
                id=cycle_id,
                kind="ce_cycle",
                title=f"AAPC CE cycle: {required} CEUs ({' + '.join(ids)})",
                start=start,
                end=end,
                credential=ids[0],
                depends_on=tuple(sorted({h.milestone for h in active if h.milestone})),
                why=tuple(why),
                details=cycle_details,
            )
        )
    year = 1
    while True:
        on = _years_after(anchor, year)
        renewal_number = year
        year += 1
        if on > horizon:
            break
        if on < as_of:
            continue
        active = _active(holdings, on)
        ids = [h.credential.id for h in active]
        amount = fee.member if fee else None
        title = f"Renew AAPC membership (${amount:g})" if amount else "Renew AAPC membership"
        depends: tuple[str, ...] = tuple(sorted({h.milestone for h in active if h.milestone}))
        why = [
            Reason(
                "Certified AAPC members must keep their membership dues up to date to keep their "
                "credentials; dues are paid every year",
                "AAPC.maintenance.membership",
                MAINTAIN,
                CURRENT,
            )
        ]
        if fee is not None:
            why.append(
                Reason(
                    f"Individual renewal ${fee.member:g} (one data point on AAPC's membership "
                    "FAQ; a payment plan adds $20)",
                    "AAPC.maintenance.renewal_fee",
                    fee.provenance.source,
                    fee.provenance.as_of,
                    fee.provenance.verified,
                )
            )
        details: dict[str, object] = {"issuer": ISSUER, "credentials": ids, "due": on.isoformat()}
        if on in cycle_ids:
            cycle_id, required, cycle_cred = cycle_ids[on]
            title += f" and submit {required} CEUs ({' + '.join(cycle_cred)})"
            depends = (*depends, cycle_id)
            details["ce_due"] = required
        out.append(
            Milestone(
                id=f"aapc.renewal.{renewal_number}",
                kind="renewal",
                title=title,
                start=on,
                end=on,
                credential=ids[0] if ids else None,
                depends_on=depends,
                why=tuple(why),
                cost=Cost(
                    amount,
                    "AAPC membership renewal (individual)",
                    source=fee.provenance.source if fee else MEMBERSHIP_FAQ,
                    as_of=fee.provenance.as_of if fee else None,
                ),
                details=details,
            )
        )
    return out

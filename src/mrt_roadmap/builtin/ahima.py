"""Built-in plugin: AHIMA's RHIT and RHIA, and AHIMA recertification for every AHIMA credential
in the plan, whichever plugin registered it: one combined CEU total per cycle, with category
minimums. The cycle dates come from the data (``Maintenance.cycles``: ``cycle_months``, 24 in
``data/ahima.json``, counted from the day the first AHIMA exam was passed).

Each cycle counts the CE logged for any AHIMA credential dated inside it (an entry naming several
counts once; nothing carries over), in total and in the categories ``hiim_domain`` and
``ahima_sourced``; a cycle that has ended gets its ``outcome``."""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Sequence
from pathlib import Path
from typing import NamedTuple

import attrs

from mrt_roadmap.plugin import (
    CeActivity,
    Cost,
    Cycle,
    Holding,
    Milestone,
    Profile,
    Reason,
    Registry,
    cycle_length,
    hookimpl,
)

MRT_ROADMAP_API = 2
SCHEME = "AHIMA"
CAP = 50
EXTRA_PER_CREDENTIAL = 10
EXTRA_CREDENTIAL_FEE = 50

RECERT_2019 = "https://www.ahima.org/certification/Recertification"
RECERT_2024 = "https://ahima.org/certification/recertification.aspx"
RECERT_2025 = "https://www.ahima.org/certification/Recertification"
RECERT_FAQ = "https://www.ahima.org/contact-us-faqs/faqs-recertification/"
UPDATES = (
    "https://ahima.org/certification-careers/certifications-overview-old/updates-announcements/"
)
FORTY_PERCENT_FROM = dt.date(2025, 1, 1)
HIIM_DOMAIN = "hiim_domain"
AHIMA_SOURCED = "ahima_sourced"


class Minimum(NamedTuple):
    """A category minimum of one cycle: the CE category counted, the amount required, the amount
    logged in the cycle, and the page stating the rule."""

    category: str
    label: str
    amount: float
    earned: float
    source: str
    as_of: dt.date

    @property
    def short(self) -> float:
        return max(0.0, round(self.amount - self.earned, 2))


@hookimpl
def mrt_roadmap_register(registry: Registry) -> None:
    """Register RHIT and RHIA."""
    registry.add_file(Path(__file__).with_name("data") / "ahima.json")


def combined_ceus(holdings: Sequence[Holding]) -> float:
    """AHIMA's total for several credentials: the largest single requirement plus 10 per
    additional credential, at most 50 (inferred from AHIMA's published examples)."""
    amounts = [h.credential.maintenance.ce_per_cycle for h in holdings if h.credential.maintenance]
    if not amounts:
        return 0
    return min(CAP, max(amounts) + EXTRA_PER_CREDENTIAL * (len(amounts) - 1))


def _active(holdings: Sequence[Holding], on: dt.date) -> list[Holding]:
    return sorted(
        (h for h in holdings if h.passed <= on and not (h.replaced_on and h.replaced_on <= on)),
        key=lambda h: h.credential.id,
    )


def _reasons(
    active: Sequence[Holding],
    start: dt.date,
    end: dt.date,
    late: Sequence[Holding],
    cycle_months: int,
) -> tuple[Reason, ...]:
    """The reasons of one cycle; memoized on what they depend on (cycles repeat)."""
    return _reasons_for(
        cycle_months,
        tuple(
            (h.credential.id, h.credential.maintenance.ce_per_cycle, bool(h.credential.replaces))
            for h in active
            if h.credential.maintenance
        ),
        end >= FORTY_PERCENT_FROM,
        tuple(h.credential.id for h in late),
        tuple(h.credential.id for h in active if h.exam and h.exam < h.earned and h.exam >= start),
    )


@functools.lru_cache(maxsize=1024)
def _reasons_for(
    cycle_months: int,
    active: tuple[tuple[str, float, bool], ...],
    forty: bool,
    late: tuple[str, ...],
    early: tuple[str, ...],
) -> tuple[Reason, ...]:
    names = " + ".join(ident for ident, _, _ in active)
    single = ", ".join(f"{ident} {ce:g}" for ident, ce, _ in active)
    total = min(CAP, max(ce for _, ce, _ in active) + EXTRA_PER_CREDENTIAL * (len(active) - 1))
    why = [
        Reason(
            f"AHIMA recertification runs in {cycle_length(cycle_months)} cycles beginning on the "
            "day the exam was passed",
            "AHIMA.maintenance.cycle",
            RECERT_2024,
            dt.date(2024, 1, 1),
        ),
        Reason(
            f"{names}: {total:g} CEUs this cycle (single credential: {single}; "
            f"+{EXTRA_PER_CREDENTIAL} per additional AHIMA credential, at most {CAP}; formula inferred "
            "from AHIMA's published examples, e.g. CCS + CCS-P = 30, RHIA + CCS + CCS-P = 50)",
            "AHIMA.maintenance.combined",
            RECERT_2019,
            dt.date(2019, 1, 1),
        ),
        Reason(
            "At least 80% of CEUs must be in AHIMA's HIIM domains (at most 20% other relevant topics)",
            "AHIMA.maintenance.domains",
            RECERT_2024,
            dt.date(2024, 1, 1),
        ),
    ]
    if forty:
        why.append(
            Reason(
                "Since 1 Jan 2025, 40% of CEUs must come from AHIMA resources (incl. HCPro) "
                "and/or component state associations; member complimentary CEUs count",
                "AHIMA.maintenance.ahima_sourced_40",
                RECERT_2025,
                dt.date(2025, 1, 1),
            )
        )
    why.append(
        Reason(
            "If the cycle ends without the CEUs and fee, the credential becomes inactive "
            "(extension $50 per credential); after 180 days inactive it is revoked",
            "AHIMA.maintenance.missed",
            UPDATES,
            dt.date(2021, 1, 1),
        )
    )
    if early:
        why.append(
            Reason(
                f"{', '.join(early)}: you tested early, so the cycle starts on the day you passed the "
                "exam; AHIMA says early testers' cycles 'will be impacted' (check your CEU Center)",
                "AHIMA.maintenance.early_testers",
                RECERT_2024,
                dt.date(2024, 1, 1),
                verified=False,
            )
        )
    if any(replaces for _, _, replaces in active):
        why.append(
            Reason(
                "RHIA replaces RHIT once granted: only RHIA CEUs are kept",
                "AHIMA.maintenance.rhia_replaces_rhit",
                RECERT_FAQ,
                dt.date(2021, 1, 1),
            )
        )
    if late:
        ids = ", ".join(late)
        why.append(
            Reason(
                f"{ids} earned during this cycle: AHIMA adjusts cycles for multiple credentials "
                "in the CEU Center (no formula published); this plan counts it from the next cycle",
                "AHIMA.maintenance.multiple",
                RECERT_2024,
                dt.date(2024, 1, 1),
                verified=False,
            )
        )
    return tuple(why)


def _category_minimums(
    required: float, cycle: Cycle, log: Sequence[CeActivity], *, forty: bool
) -> list[Minimum]:
    """80% in HIIM domains; from cycles ending in 2025, 40% AHIMA-sourced (of ``required``)."""
    out = [
        Minimum(
            HIIM_DOMAIN,
            "in HIIM domains",
            round(required * 0.8, 1),
            cycle.ce_earned(log, HIIM_DOMAIN),
            RECERT_2024,
            dt.date(2024, 1, 1),
        )
    ]
    if forty:
        out.append(
            Minimum(
                AHIMA_SOURCED,
                "from AHIMA sources",
                round(required * 0.4, 1),
                cycle.ce_earned(log, AHIMA_SOURCED),
                RECERT_2025,
                FORTY_PERCENT_FROM,
            )
        )
    return out


def _minimums(minimums: Sequence[Minimum]) -> dict[str, object]:
    """The cycle's category minimums: ``ce_minimums`` (the generic shape every format renders:
    "at least <amount> <unit>s <label>", with the category counted and the CE logged in it), and
    the same figures under their older keys."""
    out: dict[str, object] = {f"min_{m.category}": m.amount for m in minimums}
    out["ce_minimums"] = [
        {"amount": m.amount, "label": m.label, "category": m.category, "earned": m.earned}
        for m in minimums
    ]
    return out


def _outcome_reason(
    outcome: str, earned: float, required: float, minimums: Sequence[Minimum]
) -> Reason:
    """Why a cycle that has ended is met, missed or unknown, with the CEUs counted."""
    if outcome == "unknown":
        return Reason(
            "No CE is logged for your AHIMA credentials in or after this cycle: whether it was "
            "met is not known (the profile does not say)",
            verified=False,
        )
    missing = max(0.0, round(required - earned, 2))
    parts = [f"{earned:g} of {required:g} CEUs" + (f" ({missing:g} short)" if missing else "")]
    for m in minimums:
        gap = f", {m.short:g} short" if m.short else ""
        parts.append(f"{m.earned:g} {m.label} (at least {m.amount:g}{gap})")
    failed = next((m for m in minimums if m.short), None)
    source, as_of = (failed.source, failed.as_of) if failed else (RECERT_2024, dt.date(2024, 1, 1))
    return Reason(f"CE logged in this cycle: {'; '.join(parts)}: {outcome}", None, source, as_of)


def _cycle_dependency(h: Holding) -> str | None:
    """The milestone a cycle waits for: the exam for early testers (their cycle starts on the
    exam day, before graduation), else the credential."""
    if h.exam and h.exam < h.earned and h.exam_milestone:
        return h.exam_milestone
    return h.milestone


@hookimpl
def mrt_roadmap_maintenance(
    credentials: Sequence[Holding], profile: Profile, as_of: dt.date, horizon: dt.date
) -> list[Milestone] | None:
    """One CE cycle and one renewal milestone per AHIMA cycle, to the horizon (past cycles back
    to the start of the profile's CE log, their renewals only while still due). The dates are
    the core's (``Maintenance.cycles``) for the first AHIMA credential passed: one cycle for
    all. When every credential of a cycle is replaced during it (RHIA granted replaces RHIT),
    that cycle ends the day before and needs no renewal; cycles then run from the day the
    replacing credential's exam was passed."""
    mine = [
        h
        for h in credentials
        if h.credential.maintenance and h.credential.maintenance.scheme == SCHEME
    ]
    if not mine:
        return None
    member = SCHEME in {m.upper() for m in profile.preferences.memberships}
    out: list[Milestone] = []
    era = 0
    while mine:
        anchor = min(mine, key=lambda h: (h.passed, h.credential.id))
        era_out, replaced = _era(anchor, era, mine, member, as_of, horizon)
        out.extend(era_out)
        if replaced is None:
            break
        # the next era: the credentials still kept, from the first one's pass day
        mine = [h for h in mine if not _replaced_by(h, replaced.on)]
        era += 1
    return out


class _Replaced(NamedTuple):
    """Every credential of a cycle is replaced during it: on ``on``, by ``by``."""

    on: dt.date
    by: tuple[str, ...]


def _replaced_by(h: Holding, day: dt.date) -> bool:
    return h.replaced_on is not None and h.replaced_on <= day


def _replacement(active: Sequence[Holding], start: dt.date, end: dt.date) -> dt.date | None:
    """The day the last of ``active`` is replaced, when all are replaced within the cycle."""
    days = [h.replaced_on for h in active]
    if not days or any(d is None or not start < d <= end for d in days):
        return None
    return max(d for d in days if d is not None)


def _era(
    anchor: Holding,
    era: int,
    mine: Sequence[Holding],
    member: bool,
    as_of: dt.date,
    horizon: dt.date,
) -> tuple[list[Milestone], _Replaced | None]:
    """The cycles anchored on ``anchor``'s pass day, until one ends because every credential
    in it is replaced (then also what replaced them)."""
    rules = anchor.credential.maintenance
    assert rules is not None
    log = Holding.combined_log(mine)
    prefix = "ahima" if era == 0 else f"ahima.{anchor.credential.id.lower()}"
    out: list[Milestone] = []
    for cycle in rules.cycles(anchor.passed, horizon):
        start, k = cycle.start, cycle.number
        active = _active(mine, start)
        if not active:
            continue
        replaced_on = _replacement(active, start, cycle.end)
        if replaced_on is not None:  # it ends early: everything below counts to the new end
            cycle = attrs.evolve(cycle, end=_last_day(mine, replaced_on))
        end = cycle.end
        # replaced during the cycle by a credential kept in it: only the kept ones count
        dropped = [h for h in active if replaced_on is None and _replaced_by(h, end)]
        active = [h for h in active if h not in dropped]
        if not anchor.shows_cycle(end, as_of):
            if replaced_on is not None:
                return out, _Replaced(replaced_on, _replacing(mine, replaced_on))
            continue
        late = [h for h in mine if start < h.passed <= end]
        required = combined_ceus(active)
        earned = cycle.ce_earned(log)
        minimums = _category_minimums(required, cycle, log, forty=end >= FORTY_PERCENT_FROM)
        ids = [h.credential.id for h in active]
        # Early testers' cycles start on the exam day, before the credential milestone.
        depends = tuple(sorted({d for h in active if (d := _cycle_dependency(h))}))
        primary = max(
            active,
            key=lambda h: (
                h.credential.maintenance.ce_per_cycle if h.credential.maintenance else 0,
                h.credential.id,
            ),
        )
        why = _reasons(active, start, end, late, rules.cycle_months)
        details: dict[str, object] = {
            "issuer": SCHEME,
            "credentials": ids,
            "ce_required": required,
            "unit": "CEU",
            "ce_earned": earned,
            "ce_remaining": max(0.0, round(required - earned, 2)),
            **_minimums(minimums),
        }
        if dropped:
            why = (*why, _dropped_reason(dropped, mine))
        if replaced_on is not None:
            by = _replacing(mine, replaced_on)
            details["ce_required"] = 0
            details["ce_remaining"] = 0.0
            details["ended_by_replacement"] = replaced_on.isoformat()
            why = (_ended_reason(ids, by, replaced_on), *why)
        elif end < as_of:
            met = earned >= required and not any(m.short for m in minimums)
            details["outcome"] = outcome = cycle.outcome(log, met=met)
            why = (_outcome_reason(outcome, earned, required, minimums), *why)
        # Numbered from the era's first credential, so a cycle keeps its id (and its calendar
        # entry) when a changed plan moves its dates.
        cycle_id = f"{prefix}.ce.{k}"
        title = (
            f"AHIMA CE cycle: {required:g} CEUs ({' + '.join(ids)})"
            if replaced_on is None
            else f"AHIMA CE cycle of {' + '.join(ids)}: ends as {' + '.join(by)} replaces it"
        )
        out.append(
            Milestone(
                id=cycle_id,
                kind="ce_cycle",
                title=title,
                start=start,
                end=end,
                credential=primary.credential.id,
                depends_on=depends,
                why=why,
                details=details,
            )
        )
        if replaced_on is not None:
            return out, _Replaced(replaced_on, by)
        if cycle.due < as_of:
            continue  # a past renewal: the profile does not say whether it was paid
        out.append(_renewal(prefix, k, cycle.due, end, required, ids, primary, member))
    return out, None


def _last_day(mine: Sequence[Holding], replaced_on: dt.date) -> dt.date:
    """The last day of a cycle whose credentials are all replaced on ``replaced_on``: the day
    before, or before the next cycle starts if the replacing credential's exam was passed
    earlier (an early tester's cycle starts on the exam day), so cycles never overlap."""
    kept = [h.passed for h in mine if not _replaced_by(h, replaced_on)]
    return min([replaced_on, *kept]) - dt.timedelta(days=1)


def _replacing(mine: Sequence[Holding], day: dt.date) -> tuple[str, ...]:
    """The credentials that replace others on ``day`` (earned that day, with ``replaces``)."""
    found = [h.credential.id for h in mine if h.earned == day and h.credential.replaces]
    return tuple(sorted(found)) or ("a replacing credential",)


def _dropped_reason(dropped: Sequence[Holding], mine: Sequence[Holding]) -> Reason:
    parts = []
    for h in dropped:
        assert h.replaced_on is not None
        by = " + ".join(_replacing(mine, h.replaced_on))
        parts.append(f"{by} granted on {h.replaced_on.isoformat()} replaces {h.credential.id}")
    return Reason(
        f"{'; '.join(parts)}: only the CEUs of the credentials kept count for this cycle",
        "AHIMA.maintenance.rhia_replaces_rhit",
        RECERT_FAQ,
        dt.date(2021, 1, 1),
    )


def _ended_reason(ids: Sequence[str], by: Sequence[str], day: dt.date) -> Reason:
    return Reason(
        f"{' + '.join(by)} granted on {day.isoformat()} replaces {' + '.join(ids)}: from that "
        f"day only {' + '.join(by)} CEUs are kept, so this cycle ends (where {' + '.join(by)}'s "
        f"own cycle starts earlier, on its exam day, there) and {' + '.join(ids)} needs no CEUs "
        "or recertification fee for it",
        "AHIMA.maintenance.rhia_replaces_rhit",
        RECERT_FAQ,
        dt.date(2021, 1, 1),
    )


def _renewal(
    prefix: str,
    k: int,
    due: dt.date,
    end: dt.date,
    required: float,
    ids: Sequence[str],
    primary: Holding,
    member: bool,
) -> Milestone:
    fee = None if member else 218 + EXTRA_CREDENTIAL_FEE * (len(ids) - 1)
    return Milestone(
        id=f"{prefix}.renewal.{k}",
        kind="renewal",
        title=f"Report {required:g} CEUs and pay AHIMA recertification "
        f"({' + '.join(ids)}) by {due.isoformat()}",
        start=end,
        end=due,
        credential=primary.credential.id,
        depends_on=(f"{prefix}.ce.{k}",),
        why=(
            Reason(
                "Recertification fee is invoiced in the CEU Center and due by the end of the cycle: "
                "$218 for one credential, $50 for each additional (non-member); members pay a reduced fee",
                "AHIMA.maintenance.fee",
                RECERT_FAQ,
                dt.date(2021, 1, 1),
            ),
        ),
        cost=Cost(
            fee,
            "AHIMA recertification fee (non-member)"
            if fee is not None
            else "AHIMA member recertification fee (amount not published)",
            source=RECERT_FAQ,
            as_of=dt.date(2021, 1, 1),
        ),
        details={"issuer": SCHEME, "credentials": list(ids), "due": due.isoformat()},
    )

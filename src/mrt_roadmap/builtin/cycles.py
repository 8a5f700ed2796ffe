"""Built-in plugin: maintenance from data alone.

Every credential in the plan whose ``maintenance.scheme`` is ``"generic"`` gets, for each cycle
to the horizon (dated by ``Maintenance.cycles`` from ``cycle_months``, ``anchor``,
``cycle_ends_on``, ``first_cycle``, ``due_days_after_end`` and ``grace_days``):

* a ``ce_cycle`` milestone ``cycles.<credential>.ce.<n>``: ``ce_per_cycle`` in ``unit``, less
  the CE logged for the credential inside the cycle (nothing carries over); a cycle that has
  ended is shown back to the start of the profile's CE log, with its ``outcome``;
* a ``renewal`` milestone ``cycles.<credential>.renewal.<n>`` from the cycle's end to its due
  day (while it is still due), with the latest-dated fee of ``fees`` as its cost (member price
  if the profile names the credential's membership or issuer; ``None`` where the data has no
  amount).

Each credential has its own cycles (no combined totals: an issuer that combines them needs its
own plugin). Every reason cites the maintenance rule's or the fee's provenance; a due day or a
grace period missing from the data is said to be unknown.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import TYPE_CHECKING

import attrs

from mrt_roadmap.plugin import Cost, Holding, Milestone, Profile, Reason, cycle_length, hookimpl

if TYPE_CHECKING:
    from mrt_roadmap.plugin import Credential, Cycle, Fee, Maintenance

MRT_ROADMAP_API = 2
SCHEME = "generic"
NAMESPACE = "cycles"


def _rule(
    cred: Credential, rules: Maintenance, name: str, text: str, *, verified: bool = True
) -> Reason:
    """A reason citing the maintenance rule's provenance (``verified=False`` for what the
    data leaves unknown)."""
    prov = rules.provenance
    rule = f"{cred.id}.maintenance.{name}"
    return Reason(text, rule, prov.source, prov.as_of, verified and prov.verified)


def _anchor_text(rules: Maintenance) -> str:
    if rules.anchor == "calendar":
        return f"every cycle ends on {rules.cycle_ends_on} (month-day)"
    return "cycles start on the day the credential is earned"


def _cycle_reasons(cred: Credential, rules: Maintenance, first: bool) -> tuple[Reason, ...]:
    why = [
        _rule(
            cred,
            rules,
            "cycle",
            f"{cred.issuer}: {rules.ce_per_cycle:g} {rules.unit} per {cycle_length(rules.cycle_months)} "
            f"cycle for {cred.id}; {_anchor_text(rules)}",
        )
    ]
    if first and rules.anchor == "calendar":
        rest = (
            "to the next"
            if rules.first_cycle == "to_next_end"
            else f"to the end of the {cycle_length(rules.cycle_months)} period that began after the last"
        )
        why.append(
            _rule(
                cred,
                rules,
                "first_cycle",
                f"First cycle: from the day {cred.id} is earned {rest} {rules.cycle_ends_on}; "
                f"the full {rules.ce_per_cycle:g} {rules.unit} are shown for it",
            )
        )
    return tuple(why)


def _due_reasons(
    cred: Credential, rules: Maintenance, grace_end: dt.date | None
) -> tuple[Reason, Reason]:
    """Why the renewal is due when it is, and what happens after (or that no source says)."""
    if rules.due_days_after_end is None:
        when = _rule(
            cred,
            rules,
            "due",
            "No source gives when the CE report and renewal are due: the plan uses the "
            "cycle's last day",
            verified=False,
        )
    else:
        after = rules.due_days_after_end
        when = _rule(
            cred,
            rules,
            "due",
            f"CE report and renewal due {after} days after the cycle ends"
            if after
            else "CE report and renewal due by the cycle's last day",
        )
    if grace_end is None:
        grace = _rule(
            cred,
            rules,
            "grace",
            "No grace period is in our sources: renew by the due day",
            verified=False,
        )
    else:
        grace = _rule(
            cred,
            rules,
            "grace",
            f"Grace period of {rules.grace_days} days after the due day: a late renewal is "
            f"accepted until {grace_end.isoformat()}",
        )
    return when, grace


def _outcome_reason(h: Holding, cycle: Cycle, *, met: bool) -> tuple[str, Reason]:
    """A past cycle's outcome and why, with the CE counted in it."""
    cred, rules = h.credential, h.credential.maintenance
    assert rules is not None
    outcome = cycle.outcome(h.ce_log, met=met)
    if outcome == "unknown":
        text = (
            f"No CE is logged for {cred.id} in or after this cycle: whether it was met is not "
            "known (the profile does not say)"
        )
        return outcome, Reason(text, verified=False)
    earned = cycle.ce_earned(h.ce_log)
    missing = max(0.0, round(rules.ce_per_cycle - earned, 2))
    short = f" ({missing:g} short)" if missing else ""
    text = (
        f"CE logged for {cred.id} in this cycle: {earned:g} of {rules.ce_per_cycle:g} "
        f"{rules.unit}{short}: {outcome}"
    )
    prov = rules.provenance
    return outcome, Reason(text, None, prov.source, prov.as_of, prov.verified)


def _latest_fee(rules: Maintenance) -> Fee | None:
    return max(rules.fees, key=lambda f: f.provenance.as_of) if rules.fees else None


def _fee(cred: Credential, rules: Maintenance, *, member: bool) -> tuple[Cost, tuple[Reason, ...]]:
    """The renewal's cost (amount ``None`` where the data has none) and the reasons for it."""
    fee = _latest_fee(rules)
    who = "member" if member else "non-member"
    if fee is None:
        cost = Cost(None, f"{cred.id} renewal fee (not in the credential data)")
        return cost, ()
    amount = fee.member if member else fee.non_member
    prov = fee.provenance
    said = f"${amount:g}" if amount is not None else "amount not in our sources"
    why = Reason(
        f"{cred.id} {fee.label} ({who}): {said}",
        f"{cred.id}.maintenance.fee",
        prov.source,
        prov.as_of,
        prov.verified,
    )
    cost = Cost(amount, f"{cred.id} {fee.label} ({who})", fee.currency, prov.source, prov.as_of)
    return cost, (why,)


def _is_member(cred: Credential, profile: Profile) -> bool:
    held = {m.upper() for m in profile.preferences.memberships}
    return bool(held & {n.upper() for n in (cred.membership, cred.issuer) if n})


def holding_milestones(
    h: Holding, *, member: bool, as_of: dt.date, horizon: dt.date
) -> list[Milestone]:
    """The CE cycles and renewals of one holding to ``horizon``, from the cycle containing
    ``as_of`` (or, for past cycles, back to the start of the profile's CE log; their renewals
    only while still due), none from the day another credential replaces it."""
    cred, rules = h.credential, h.credential.maintenance
    assert rules is not None
    cost, fee_why = _fee(cred, rules, member=member)
    out: list[Milestone] = []
    for cycle in rules.cycles(h.earned, horizon):
        if h.replaced_on is not None and cycle.start >= h.replaced_on:
            break
        ends_replaced = h.replaced_on is not None and cycle.start < h.replaced_on <= cycle.end
        if ends_replaced:
            assert h.replaced_on is not None
            cycle = attrs.evolve(cycle, end=h.replaced_on - dt.timedelta(days=1))
        if not h.shows_cycle(cycle.end, as_of):
            continue
        earned = cycle.ce_earned(h.ce_log)
        required = 0 if ends_replaced else rules.ce_per_cycle
        base = {"issuer": cred.issuer, "scheme": SCHEME, "credentials": [cred.id]}
        due = {"due": cycle.due.isoformat()}
        if cycle.grace_end is not None:
            due["grace_end"] = cycle.grace_end.isoformat()
        why = _cycle_reasons(cred, rules, cycle.first)
        details: dict[str, object] = {
            **base,
            "ce_required": required,
            "unit": rules.unit,
            "ce_earned": earned,
            "ce_remaining": max(0.0, round(required - earned, 2)),
            **due,
            "first_cycle": cycle.first,
        }
        if ends_replaced:
            assert h.replaced_on is not None
            details["ended_by_replacement"] = h.replaced_on.isoformat()
            why = (
                Reason(
                    f"A credential that replaces {cred.id} is granted on "
                    f"{h.replaced_on.isoformat()}: {cred.id}'s obligations end that day, so this "
                    "cycle ends and needs no renewal",
                    f"{cred.id}.replaced",
                    cred.provenance.source,
                    cred.provenance.as_of,
                    cred.provenance.verified,
                ),
                *why,
            )
        elif cycle.end < as_of:
            outcome, said = _outcome_reason(h, cycle, met=earned >= required)
            details["outcome"] = outcome
            why = (said, *why)
        cycle_id = f"{NAMESPACE}.{cred.id}.ce.{cycle.number}"
        out.append(
            Milestone(
                id=cycle_id,
                kind="ce_cycle",
                title=f"{cred.issuer} CE cycle: {required:g} {rules.unit} ({cred.id})",
                start=cycle.start,
                end=cycle.end,
                credential=cred.id,
                depends_on=(h.milestone,) if h.milestone else (),
                why=why,
                details=details,
            )
        )
        if cycle.due < as_of or ends_replaced:
            continue  # past (the profile does not say whether it was done), or not due at all
        out.append(
            Milestone(
                id=f"{NAMESPACE}.{cred.id}.renewal.{cycle.number}",
                kind="renewal",
                title=f"Report {required:g} {rules.unit} and renew {cred.id} ({cred.issuer}) "
                f"by {cycle.due.isoformat()}",
                start=cycle.end,
                end=cycle.due,
                credential=cred.id,
                depends_on=(cycle_id,),
                why=(*_due_reasons(cred, rules, cycle.grace_end), *fee_why),
                cost=cost,
                details={**base, **due, "ce_required": required},
            )
        )
    return out


@hookimpl
def mrt_roadmap_maintenance(
    credentials: Sequence[Holding], profile: Profile, as_of: dt.date, horizon: dt.date
) -> list[Milestone] | None:
    """CE cycles and renewals for every credential whose maintenance scheme is ``generic``."""
    mine = sorted(
        (
            h
            for h in credentials
            if h.credential.maintenance is not None and h.credential.maintenance.scheme == SCHEME
        ),
        key=lambda h: (h.earned, h.credential.id),
    )
    if not mine:
        return None
    out: list[Milestone] = []
    for h in mine:
        member = _is_member(h.credential, profile)
        out.extend(holding_milestones(h, member=member, as_of=as_of, horizon=horizon))
    return out

"""Keeping up: the credentials the plan holds, their maintenance, and whether each step is on
track.

Every credential the plan holds or earns becomes a :class:`Holding` (with the CE the profile
logs for it) handed to the issuers' plugins through ``mrt_roadmap_maintenance``, whose CE cycles
and renewals join the plan. :func:`tracking_for` gives each milestone its on-track status
(:mod:`mrt_roadmap.tracking`). Dated cycles themselves come from :mod:`maintenance_cycles`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

import attrs

from mrt_roadmap.catalog import Catalog
from mrt_roadmap.context import Context
from mrt_roadmap.profile import CeActivity, CeLog, Profile
from mrt_roadmap.roadmap import Milestone, Tracking
from mrt_roadmap.state import Holding, PlanState, ce_sort_key
from mrt_roadmap.tracking import baseline_pairs, tracker


def add_maintenance(profile: Profile, ctx: Context, state: PlanState) -> PlanState:
    """``state`` with the milestones the maintenance plugins give for its holdings; a warning
    for each maintenance scheme no installed plugin computes."""
    holdings = plan_holdings(state, ctx)
    maintained = ctx.host.maintenance(holdings, profile, ctx.as_of, ctx.horizon, ctx.runtime)
    state = state.add(*(m.attributed(name) for name, m in maintained))
    schemes = {
        h.credential.maintenance.scheme
        for h in holdings
        if h.credential.maintenance and h.earned <= ctx.horizon
    }
    covered = {m.details.get("scheme", m.details.get("issuer")) for _, m in maintained}
    for scheme in sorted(s for s in schemes if s not in covered):
        ctx.warn(
            "no-maintenance-rules",
            f"No installed plugin computes {scheme} maintenance: CE cycles "
            f"for {scheme} credentials are missing from this roadmap.",
        )
    return state


def plan_holdings(state: PlanState, ctx: Context) -> tuple[Holding, ...]:
    """Every credential of ``state`` by the day it is earned, with when a later one replaces
    it and, if the learner holds it, the CE logged for it."""
    catalog = ctx.catalog
    records = sorted(state.credentials, key=lambda r: (r.earned, r.id))
    replaced: dict[str, dt.date] = {}
    for rec in records:
        for old in catalog.credentials[rec.id].replaces:
            old_id = catalog.resolve_credential(old) or old
            replaced[old_id] = min(replaced.get(old_id, dt.date.max), rec.earned)
    log = ce_log(ctx.profile, catalog)
    log_from = log[0].date if log else None
    out = []
    for rec in records:
        held = ctx.profile.holds(rec.id)
        cred = catalog.credentials[rec.id]
        # One shared object per entry: a combined total counts it once (Holding.combined_log).
        mine = CeLog.of_sorted(e for e in log if e.counts_for(rec.id, cred.issuer) and held)
        out.append(
            Holding(
                cred,
                rec.earned,
                rec.planned,
                ce_in_current_cycle(rec.id, held.earned, mine, ctx) if held else 0,
                replaced.get(rec.id),
                rec.milestone,
                exam=rec.exam if rec.planned else None,
                exam_milestone=f"exam.{rec.id}" if rec.planned and rec.exam else None,
                ce_log=mine,
                ce_log_from=log_from,
            )
        )
    return tuple(out)  # handed to every plugin in turn: none may change it for the next


def ce_log(profile: Profile, catalog: Catalog) -> CeLog:
    """The profile's CE entries by date, each naming canonical credential ids (an entry
    naming an alias, e.g. ``CTR``, names ``ODS``)."""
    resolve = catalog.resolve_credential
    out = []
    for entry in profile.progress.ce:
        if not entry.credentials:
            out.append(entry)
            continue
        names = tuple(dict.fromkeys(resolve(n) or n for n in entry.credentials))
        out.append(entry if names == entry.credentials else attrs.evolve(entry, credentials=names))
    return CeLog.of_sorted(sorted(out, key=ce_sort_key))


def ce_in_current_cycle(
    cid: str, earned: dt.date, log: Sequence[CeActivity], ctx: Context
) -> float:
    """CE in ``log`` (held credential ``cid``'s) dated in its cycle that contains ``as_of``
    (nothing carries over); kept as ``Holding.ce_earned_current_cycle``."""
    rules = ctx.catalog.credentials[cid].maintenance
    if rules is None or not log:
        return 0
    for cycle in rules.cycles(earned, ctx.as_of):
        if cycle.contains(ctx.as_of):
            return cycle.ce_earned(log)
    return 0


def tracking_for(milestones: Sequence[Milestone], profile: Profile, ctx: Context) -> list[Tracking]:
    """The on-track status of each of ``milestones``: against the plan's baseline roadmap if
    it has one, else against the learner's dated facts."""
    baseline = baseline_pairs(milestones, ctx.baseline) if ctx.baseline is not None else None
    status_of = tracker(profile, ctx.as_of, baseline)
    return [status_of(m) for m in milestones]

"""Answers "am I eligible for X, and if not, what is missing and when could it be met?"."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

import attrs

from mrt_roadmap.eligibility import satisfy
from mrt_roadmap.model_base import Model
from mrt_roadmap.profile import Profile

if TYPE_CHECKING:
    from mrt_roadmap.planner import Planner


@attrs.frozen(repr=False, eq=False)
class RequirementExplanation(Model):
    """One requirement of a route: met (and since when), or missing and when it could be met."""

    label: str
    met_on: dt.date | None
    could_meet_on: dt.date | None
    how: tuple[str, ...]
    source: str | None
    verified: bool


@attrs.frozen(repr=False, eq=False)
class RouteExplanation(Model):
    """One route: eligible now, or from when (``None``: it cannot be planned), requirement by
    requirement."""

    id: str
    label: str
    eligible_now: bool
    eligible_on: dt.date | None
    requirements: tuple[RequirementExplanation, ...]
    blocked: str | None = None


@attrs.frozen(repr=False, eq=False)
class Explanation(Model):
    """Answer to "am I eligible for X, and if not, what is missing and when could it be met?"."""

    credential: str
    name: str
    as_of: dt.date
    held: bool
    eligible_now: bool
    routes: tuple[RouteExplanation, ...]
    rule_source: str
    rule_as_of: dt.date
    rule_verified: bool
    recommendations: tuple[str, ...] = ()
    historical_note: str | None = None


def explain_credential(
    planner: Planner, profile: Profile, credential: str, as_of: dt.date | None = None
) -> Explanation:
    """Route by route: is the learner eligible for ``credential`` on ``as_of``, what is
    missing, and when could each missing requirement be met (simulated, not scheduled)."""
    cred = planner.catalog.credential(credential)
    profile, ctx, state = planner._start(profile, as_of, None)
    rule = cred.rule_on(ctx.as_of) or max(
        cred.eligibility, key=lambda r: r.effective_from or dt.date.min
    )
    routes = []
    for route in rule.routes:
        reqs = []
        now_ok = True
        sim = state
        for req in route.requirements:
            rid = f"{cred.id}.eligibility.{route.id}"
            now = satisfy(
                req,
                state,
                ctx,
                rule_id=rid,
                fallback=rule.provenance,
                allow_steps=False,
                route=route,
            )
            met_now = now.met_on is not None and now.met_on <= ctx.as_of
            later = satisfy(req, sim, ctx, rule_id=rid, fallback=rule.provenance, route=route)
            if later.met_on is not None and not later.blocked:
                sim = later.state
            how = tuple(m.title for m in later.state.milestones if not state.has_milestone(m.id))
            prov = req.provenance or rule.provenance
            reqs.append(
                RequirementExplanation(
                    req.label,
                    now.met_on if met_now else None,
                    later.met_on if not later.blocked else None,
                    how if not met_now else (),
                    prov.source,
                    prov.verified,
                )
            )
            now_ok = now_ok and met_now
        dates = [d for r in reqs if (d := r.met_on or r.could_meet_on) is not None]
        eligible_on = max(dates) if reqs and len(dates) == len(reqs) else None
        blocked = (
            None
            if eligible_on
            else "; ".join(r.label for r in reqs if not (r.met_on or r.could_meet_on))
        )
        routes.append(
            RouteExplanation(
                route.id, route.label, now_ok, eligible_on, tuple(reqs), blocked or None
            )
        )
    return Explanation(
        cred.id,
        cred.name,
        ctx.as_of,
        profile.holds(cred.id) is not None,
        any(r.eligible_now for r in routes),
        tuple(routes),
        rule.provenance.source,
        rule.provenance.as_of,
        rule.provenance.verified,
        tuple(r.text for r in rule.recommendations),
        rule.historical_note,
    )

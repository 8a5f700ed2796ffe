"""Answers "am I eligible for X, and if not, what is missing and when could it be met?"."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Literal

import attrs

from mrt_roadmap.definitions import Provenance, Route
from mrt_roadmap.eligibility import satisfy
from mrt_roadmap.model_base import Model
from mrt_roadmap.profile_validation import ProfileSource
from mrt_roadmap.requirement_progress import progress_of
from mrt_roadmap.roadmap import RequirementProgress

if TYPE_CHECKING:
    from mrt_roadmap.context import Context
    from mrt_roadmap.planner import Planner
    from mrt_roadmap.state import PlanState


@attrs.frozen(repr=False, eq=False)
class RequirementExplanation(Model):
    """One requirement of a route: met (and since when), or missing and when it could be met."""

    label: str
    met_on: dt.date | None
    could_meet_on: dt.date | None
    how: tuple[str, ...]
    source: str | None
    verified: bool
    progress: RequirementProgress | None = None
    """How much of it is met on ``as_of`` (credits 24/64, months 14/36)."""


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
    kind: Literal["credential", "role"] = "credential"
    """What was explained: a credential (``credential`` is its id) or a career role."""


def explain(
    planner: Planner, profile: ProfileSource, target: str, as_of: dt.date | None = None
) -> Explanation:
    """Explain ``target``: a credential (id or alias) or, when no credential has that name, a
    career role (id)."""
    if planner.catalog.resolve_credential(target) is None and target in planner.catalog.roles:
        return explain_role(planner, profile, target, as_of)
    return explain_credential(planner, profile, target, as_of)


def explain_credential(
    planner: Planner, profile: ProfileSource, credential: str, as_of: dt.date | None = None
) -> Explanation:
    """Route by route: is the learner eligible for ``credential`` on ``as_of``, what is
    missing, and when could each missing requirement be met (simulated, not scheduled)."""
    cred = planner.catalog.credential(credential)
    start = planner.start(profile, as_of=as_of)
    checked, ctx, state = start.profile, start.context, start.state
    rule = cred.rule_on(ctx.as_of) or max(
        cred.eligibility, key=lambda r: r.effective_from or dt.date.min
    )
    routes = tuple(
        _route(route, f"{cred.id}.eligibility.{route.id}", rule.provenance, state, ctx)
        for route in rule.routes
    )
    return Explanation(
        cred.id,
        cred.name,
        ctx.as_of,
        checked.holds(cred.id) is not None,
        any(r.eligible_now for r in routes),
        routes,
        rule.provenance.source,
        rule.provenance.as_of,
        rule.provenance.verified,
        tuple(r.text for r in rule.recommendations),
        rule.historical_note,
    )


def explain_role(
    planner: Planner, profile: ProfileSource, role_id: str, as_of: dt.date | None = None
) -> Explanation:
    """A career role's requirements, as one route: what is met, what is missing, and when it
    could be met."""
    role = planner.catalog.role(role_id)
    start = planner.start(profile, as_of=as_of)
    ctx, state = start.context, start.state
    route = Route(role.id, role.title, role.requirements)
    explained = _route(route, f"role.{role.id}", role.provenance, state, ctx)
    return Explanation(
        role.id,
        role.title,
        ctx.as_of,
        False,
        explained.eligible_now,
        (explained,),
        role.provenance.source,
        role.provenance.as_of,
        role.provenance.verified,
        kind="role",
    )


def _route(
    route: Route, rule_id: str, fallback: Provenance, state: PlanState, ctx: Context
) -> RouteExplanation:
    """One route, requirement by requirement, met now or when it could be met."""
    reqs = []
    now_ok = True
    sim = state
    numbers = progress_of(route.requirements, state, ctx)
    for req, progress in zip(route.requirements, numbers, strict=True):
        now = satisfy(
            req, state, ctx, rule_id=rule_id, fallback=fallback, allow_steps=False, route=route
        )
        met_now = now.met_on is not None and now.met_on <= ctx.as_of
        later = satisfy(req, sim, ctx, rule_id=rule_id, fallback=fallback, route=route)
        if later.met_on is not None and not later.blocked:
            sim = later.state
        how = tuple(m.title for m in later.state.milestones if not state.has_milestone(m.id))
        prov = req.provenance or fallback
        reqs.append(
            RequirementExplanation(
                req.label,
                now.met_on if met_now else None,
                later.met_on if not later.blocked else None,
                how if not met_now else (),
                prov.source,
                prov.verified,
                progress,
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
    return RouteExplanation(
        route.id, route.label, now_ok, eligible_on, tuple(reqs), blocked or None
    )

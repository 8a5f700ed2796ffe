"""Route search: the way to each goal from the plan built so far.

For a credential, every route of every eligibility rule still in force is simulated against the
plan so far; the route whose credential comes earliest wins (ties: lower known cost, fewer
steps, listed order) and the others are kept, with why they lost. A route counts only if its
rule is in force on the exam date it leads to. For a role, its requirements are met in turn;
advancement adds the roles the finished plan makes the learner eligible for.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Sequence
from typing import NamedTuple

from mrt_roadmap.context import Context, CredentialPlan
from mrt_roadmap.definitions import Credential, EligibilityRule, Role, Route
from mrt_roadmap.eligibility import Outcome, satisfy
from mrt_roadmap.exams import schedule_exam
from mrt_roadmap.goals import GoalSpec
from mrt_roadmap.roadmap import Alternative, GoalResult, Milestone, MilestoneKind, Notice, Reason
from mrt_roadmap.state import CredentialRecord, PlanState


class PlannedGoal(NamedTuple):
    """The plan with a goal pursued (unchanged if the goal cannot be planned), and its result."""

    state: PlanState
    result: GoalResult


class RouteSimulation(NamedTuple):
    """A route taken from a plan state: the state after it and the day the credential is
    earned, or why it cannot be taken (``blocked``; the state before, ``dt.date.max``)."""

    state: PlanState
    earned: dt.date
    blocked: str | None
    cost: float
    """Known cost of the milestones the route adds (``math.inf`` when blocked)."""


class RouteTrial(NamedTuple):
    """One route of a credential as simulated, with the warnings raised while simulating it
    (kept only if the route is chosen)."""

    rule: EligibilityRule
    route: Route
    simulation: RouteSimulation
    notices: dict[tuple[str, str], Notice]


class RankedRoute(NamedTuple):
    """A route that can be taken, by what decides the choice: the day the credential is
    earned, the known cost, the number of milestones, the listed order."""

    earned: dt.date
    cost: float
    steps: int
    order: int
    trial: RouteTrial


class ValidityWindow(NamedTuple):
    """The last day a met requirement still counts."""

    until: dt.date
    label: str


class RoleReach(NamedTuple):
    """The plan with a role reached and the day it is, or why it cannot be reached."""

    state: PlanState
    reached: dt.date | None
    blocked: str | None


def plan_goal(goal: GoalSpec, state: PlanState, ctx: Context) -> PlannedGoal:
    """Pursue ``goal`` from ``state``: a credential by its best route, a role by its
    requirements."""
    if goal.kind == "credential":
        return _credential_goal(goal.target, goal.id, state, ctx)
    return _role_goal(ctx.catalog.role(goal.target), goal.id, state, ctx)


# -- credentials --------------------------------------------------------------------------------
def _credential_goal(cid: str, goal_id: str, state: PlanState, ctx: Context) -> PlannedGoal:
    cred = ctx.catalog.credentials[cid]
    rec = state.credential_record(cid)
    if rec is not None and not rec.planned:
        return PlannedGoal(
            state,
            GoalResult(
                goal_id, "credential", cid, rec.earned, route="held", route_label="already held"
            ),
        )
    plan = plan_credential(cid, state, ctx)
    if plan.blocked or plan.earned is None:
        ctx.warn("goal-unreachable", f"{cred.id} cannot be planned: {plan.blocked}")
        return PlannedGoal(
            state,
            GoalResult(
                goal_id,
                "credential",
                cid,
                None,
                why_not=plan.blocked,
                alternatives=plan.alternatives,
            ),
        )
    reached = plan.earned if plan.earned <= ctx.horizon else None
    why_not = None
    if reached is None:
        why_not = (
            f"reachable on {plan.earned.isoformat()}, after the horizon "
            f"({ctx.horizon.isoformat()}); more study hours or a longer horizon would help"
        )
        ctx.warn("goal-beyond-horizon", f"{cred.id}: {why_not}")
    return PlannedGoal(
        plan.state,
        GoalResult(
            goal_id,
            "credential",
            cid,
            reached,
            plan.route,
            plan.route_label,
            why_not,
            plan.alternatives,
        ),
    )


def plan_credential(cid: str, state: PlanState, ctx: Context) -> CredentialPlan:
    """Choose the route to ``cid`` that finishes earliest; schedule exam and credential."""
    rec = state.credential_record(cid)
    if rec is not None:
        return CredentialPlan(
            state, rec.earned, "held", "already held or planned", None, (), rec.milestone
        )
    cred = ctx.catalog.credentials[cid]
    # Every rule still in force on or after the start date competes: a route counts only if
    # its rule is in force on the exam date it leads to (rules change over time).
    rules = [
        r for r in cred.eligibility if r.effective_until is None or r.effective_until >= state.start
    ]
    if not rules:
        return CredentialPlan(
            state, None, None, None, f"no eligibility rule of {cid} is in force", ()
        )
    trials = _try_routes(cred, rules, state, ctx)
    unavailable = tuple(
        Alternative(t.route.id, t.route.label, None, f"not available: {t.simulation.blocked}")
        for t in trials
        if t.simulation.blocked is not None
    )
    ok = [
        RankedRoute(
            t.simulation.earned, t.simulation.cost, len(t.simulation.state.milestones), order, t
        )
        for order, t in enumerate(trials)
        if t.simulation.blocked is None
    ]
    if not ok:
        why = "; ".join(f"{t.route.label}: {t.simulation.blocked}" for t in trials)
        return CredentialPlan(state, None, None, None, why, unavailable)
    ok.sort(key=lambda o: (o.earned, o.cost, o.steps, o.order))
    best = ok[0]
    alternatives = [
        Alternative(o.trial.route.id, o.trial.route.label, o.earned, _lost_because(o, best, state))
        for o in ok[1:]
    ]
    rule, route = best.trial.rule, best.trial.route
    ctx.notices = best.trial.notices
    _warn_unverified(cred, rule, route, ctx)
    return CredentialPlan(
        best.trial.simulation.state,
        best.earned,
        route.id,
        route.label,
        None,
        (*alternatives, *unavailable),
        f"credential.{cid}",
    )


def _try_routes(
    cred: Credential, rules: Sequence[EligibilityRule], state: PlanState, ctx: Context
) -> list[RouteTrial]:
    """Every route of ``rules`` simulated from ``state``, in the listed order. Warnings raised
    while simulating a route belong to that route: ``ctx.notices`` is left as it was."""
    before = ctx.notices
    trials = []
    ctx.chain = (*ctx.chain, cred.id)
    try:
        for rule in rules:
            for route in rule.routes:
                ctx.notices = dict(before)
                sim = _simulate_route(cred, rule, route, state, ctx)
                sim = _check_rule_in_force(cred, rule, sim)
                trials.append(RouteTrial(rule, route, sim, ctx.notices))
    finally:
        ctx.chain = ctx.chain[:-1]
        ctx.notices = before
    return trials


def _lost_because(loser: RankedRoute, best: RankedRoute, state: PlanState) -> str:
    """Why a route that can be taken lost to ``best`` (``state``: the plan before either)."""
    if loser.earned > best.earned:
        return f"finishes later ({loser.earned.isoformat()} vs {best.earned.isoformat()})"
    if loser.cost > best.cost:
        return f"costs more (${loser.cost:,.0f} vs ${best.cost:,.0f})"
    if loser.steps > best.steps:
        before = len(state.milestones)
        return f"more steps ({loser.steps - before} vs {best.steps - before})"
    return "listed after the chosen route (same date, cost and steps)"


def _check_rule_in_force(
    cred: Credential, rule: EligibilityRule, sim: RouteSimulation
) -> RouteSimulation:
    """Refuse a simulated route whose rule is not in force on the exam date it leads to."""
    if sim.blocked is not None:
        return sim
    record = sim.state.credential_record(cred.id)
    day = (record.exam if record else None) or sim.earned
    if rule.in_force(day):
        return sim
    if rule.effective_until is not None and day > rule.effective_until:
        why = f"this rule ended on {rule.effective_until.isoformat()}, before the exam ({day.isoformat()})"
    else:
        start = rule.effective_from.isoformat() if rule.effective_from else "?"
        why = f"this rule applies from {start}, after the exam ({day.isoformat()})"
    return RouteSimulation(sim.state, dt.date.max, why, math.inf)


def _simulate_route(
    cred: Credential, rule: EligibilityRule, route: Route, state: PlanState, ctx: Context
) -> RouteSimulation:
    """Take ``route`` to ``cred`` from ``state``: its requirements, exam and credential."""
    rule_id = f"{cred.id}.eligibility.{route.id}"
    # A rule that takes effect later can be used from its first day.
    eligible = max(state.start, rule.effective_from or state.start)
    exam_from = eligible
    reasons: list[Reason] = []
    deps: list[str] = []
    windows: list[ValidityWindow] = []
    sim = state
    for req in route.requirements:
        out: Outcome = satisfy(
            req, sim, ctx, rule_id=rule_id, fallback=rule.provenance, route=route
        )
        if out.blocked or out.met_on is None:
            blocked = out.blocked or f"{req.label} cannot be met"
            return RouteSimulation(state, dt.date.max, blocked, math.inf)
        if out.valid_until is not None:
            windows.append(ValidityWindow(out.valid_until, req.label))
        sim = out.state
        eligible = max(eligible, out.met_on)
        early = cred.exam is not None and cred.exam.early_testing
        exam_from = max(exam_from, (out.exam_from if early else None) or out.met_on)
        reasons.extend(out.reasons)
        deps.extend(d for d in out.deps if d)
    goal_reason = Reason(
        f"{cred.name} ({cred.id}), issued by {cred.issuer}: route '{route.label}'",
        rule_id,
        rule.provenance.source,
        rule.provenance.as_of,
        rule.provenance.verified,
    )
    new: list[Milestone] = []
    credential_deps = list(dict.fromkeys(deps))
    earned = eligible
    exam_day: dt.date | None = None
    prep_known = True
    if cred.exam is not None:
        booked = schedule_exam(
            cred,
            cred.exam,
            sim,
            ctx,
            eligible=eligible,
            exam_from=exam_from,
            deps=credential_deps,
            reasons=[goal_reason, *reasons],
        )
        sim, earned, exam_day, prep_known = (
            booked.state,
            booked.earned,
            booked.day,
            booked.prep_known,
        )
        new.append(booked.milestone)
        credential_deps.append(booked.milestone.id)
    lapsed = _lapsed_requirement(windows, exam_day or eligible)
    if lapsed is not None:
        return RouteSimulation(state, dt.date.max, lapsed, math.inf)
    cred_why = [goal_reason]
    if exam_day is not None and earned > exam_day:
        cred_why.append(_granted_reason(cred, tested_early=exam_day < eligible))
    for rec in rule.recommendations:
        prov = rec.provenance or rule.provenance
        cred_why.append(
            Reason(
                f"Recommended, not required: {rec.text}",
                f"{cred.id}.recommendation",
                prov.source,
                prov.as_of,
                prov.verified,
            )
        )
    for replaced in cred.replaces:
        if sim.credential_record(replaced):
            cred_why.append(
                Reason(
                    f"{cred.id} replaces {replaced} once granted",
                    f"{cred.id}.replaces",
                    cred.provenance.source,
                    cred.provenance.as_of,
                    cred.provenance.verified,
                )
            )
    credential_id = f"credential.{cred.id}"
    new.append(
        Milestone(
            id=credential_id,
            kind="credential",
            title=f"Earn {cred.name} ({cred.id})",
            start=earned,
            end=earned,
            credential=cred.id,
            depends_on=tuple(dict.fromkeys(credential_deps)),
            why=tuple(cred_why),
        )
    )
    sim = sim.add(*new)
    sim = sim.replace(
        credentials=(
            *sim.credentials,
            CredentialRecord(cred.id, earned, exam_day, True, credential_id, prep_known=prep_known),
        ),
    )
    total = sum(
        m.cost.amount
        for m in sim.milestones
        if m.cost and m.cost.amount is not None and not state.has_milestone(m.id)
    )
    return RouteSimulation(sim, earned, None, float(total))


def _lapsed_requirement(windows: Sequence[ValidityWindow], day: dt.date) -> str | None:
    """Why a route is not available when its exam (or, without an exam, the day it is met)
    falls after the last day one of its requirements still counts, else ``None``."""
    for until, label in sorted(windows):
        if day > until:
            return (
                f"{label} counts only until {until.isoformat()}, and the earliest exam this "
                f"route allows is {day.isoformat()}"
            )
    return None


def _granted_reason(cred: Credential, *, tested_early: bool) -> Reason:
    """Why the credential comes after the exam day: the exam's ``early_testing_rule`` for an
    early tester, where the data gives one; otherwise every requirement must be met first."""
    rule = cred.exam.early_testing_rule if cred.exam is not None else None
    if tested_early and rule is not None:
        prov = rule.provenance
        return Reason(
            rule.text, f"{cred.id}.early_testing.use", prov.source, prov.as_of, prov.verified
        )
    return Reason("Credential granted once every requirement is met", f"{cred.id}.granted")


def _warn_unverified(cred: Credential, rule: EligibilityRule, route: Route, ctx: Context) -> None:
    provs = [rule.provenance] + [r.provenance for r in route.requirements if r.provenance]
    for prov in provs:
        if not prov.verified:
            own = site(prov.source) is not None and site(prov.source) == site(
                cred.provenance.source
            )
            found = (
                f"is not confirmed on {cred.issuer}'s current public page ({prov.source})"
                if own
                else f"was found only in a secondary source ({prov.source})"
            )
            ctx.warn(
                "unverified-rule",
                f"{cred.id}: the route '{route.label}' rests on a rule that {found}; confirm it "
                f"with {cred.issuer} before relying on it.",
                rule=f"{cred.id}.eligibility.{route.id}",
                source=prov.source,
            )


def site(url: str | None) -> str | None:
    """The registrable part of a URL's host (``ahima.org`` for ``https://www.ahima.org/x``),
    to tell an issuer's own page from another site's."""
    from urllib.parse import urlsplit

    host = urlsplit(url).hostname if url else None
    return ".".join(host.split(".")[-2:]) if host else None


# -- roles ----------------------------------------------------------------------------------------
def _role_goal(role: Role, goal_id: str, state: PlanState, ctx: Context) -> PlannedGoal:
    reach = _reach_role(role, state, ctx, allow_steps=True)
    reached = reach.reached
    if reach.blocked or reached is None:
        ctx.warn("goal-unreachable", f"{role.title} cannot be planned: {reach.blocked}")
        return PlannedGoal(state, GoalResult(goal_id, "role", role.id, None, why_not=reach.blocked))
    for prov in [role.provenance, *(r.provenance for r in role.requirements if r.provenance)]:
        if not prov.verified:
            ctx.warn(
                "unverified-rule",
                f"{role.title}: its requirements rest on a secondary source ({prov.source}); "
                "treat the date as indicative and check local job postings.",
                rule=f"role.{role.id}",
                source=prov.source,
            )
    on_time = reached if reached <= ctx.horizon else None
    why_not = None
    if on_time is None:
        why_not = (
            f"reachable on {reached.isoformat()}, after the horizon ({ctx.horizon.isoformat()})"
        )
        ctx.warn("goal-beyond-horizon", f"{role.title}: {why_not}")
    return PlannedGoal(
        reach.state,
        GoalResult(
            goal_id,
            "role",
            role.id,
            on_time,
            route="requirements",
            route_label="; ".join(r.label for r in role.requirements),
            why_not=why_not,
        ),
    )


def _reach_role(role: Role, state: PlanState, ctx: Context, *, allow_steps: bool) -> RoleReach:
    """Meet ``role``'s requirements in turn (scheduling steps only if ``allow_steps``)."""
    sim = state
    reached = state.as_of
    reasons: list[Reason] = []
    deps: list[str] = []
    for req in role.requirements:
        out = satisfy(
            req,
            sim,
            ctx,
            rule_id=f"role.{role.id}",
            fallback=role.provenance,
            allow_steps=allow_steps,
        )
        if out.blocked or out.met_on is None:
            return RoleReach(state, None, out.blocked or f"{req.label} cannot be met")
        sim, reached = out.state, max(reached, out.met_on)
        reasons.extend(out.reasons)
        deps.extend(d for d in out.deps if d)
    kind: MilestoneKind = "advancement" if role.rank >= 2 else "job"
    head = Reason(
        f"{role.title}: {role.notes}" if role.notes else role.title,
        f"role.{role.id}",
        role.provenance.source,
        role.provenance.as_of,
        role.provenance.verified,
    )
    milestone = Milestone(
        id=f"role.{role.id}",
        kind=kind,
        title=f"Eligible for {role.title}",
        start=reached,
        end=reached,
        depends_on=tuple(dict.fromkeys(deps)),
        why=(head, *reasons),
        details={"role": role.id, "rank": role.rank, "ladder": role.ladder},
    )
    return RoleReach(sim.add(milestone), reached, None)


def add_advancement(state: PlanState, ctx: Context) -> PlanState:
    """Roles the plan makes the learner eligible for within the horizon, without adding steps."""
    for role in sorted(ctx.catalog.roles.values(), key=lambda r: (r.rank, r.id)):
        if role.rank < 1:
            continue
        reach = _reach_role(role, state, ctx, allow_steps=False)
        if reach.blocked is None and reach.reached is not None and reach.reached <= ctx.horizon:
            state = reach.state
    return state

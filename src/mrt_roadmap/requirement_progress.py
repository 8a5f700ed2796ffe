"""Progress numbers per requirement, as a degree audit shows them: credits 24/64, months 14/36.

For each requirement of a route, how much of it the learner's dated facts meet on ``as_of``:
credits earned towards a credits requirement or towards the program that leads to an award,
full-time-equivalent months towards an experience requirement, and whether a credential,
membership or award is already held. A requirement kind a plugin introduced has no numbers the
core can read: it is met or not.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import TYPE_CHECKING

import attrs

from mrt_roadmap.eligibility import education_matches, full_time_basis, required_months
from mrt_roadmap.roadmap import GoalResult, RequirementProgress

if TYPE_CHECKING:
    from mrt_roadmap.context import Context
    from mrt_roadmap.definitions import Requirement
    from mrt_roadmap.state import EducationRecord, PlanState


def progress_of(
    requirements: Iterable[Requirement], state: PlanState, ctx: Context
) -> tuple[RequirementProgress, ...]:
    """The progress of each of ``requirements`` on ``state.as_of`` (``state``: the learner's
    facts, before anything is planned)."""
    return tuple(_one(req, state, ctx) for req in requirements)


def _one(req: Requirement, state: PlanState, ctx: Context) -> RequirementProgress:
    on = state.as_of
    if req.kind == "credits":
        need = float(req.get("min_credits", 0))
        done = sum(_credits_so_far(r, ctx, on) for r in state.education)
        return RequirementProgress(req.label, req.kind, done, need, "credits", done >= need)
    if req.kind == "experience":
        basis = full_time_basis(req, ctx)
        need = required_months(req, basis.hours_per_week)
        areas = tuple(req.get("areas") or ((req.get("area"),) if req.get("area") else ()))
        done = round(state.experience_months(areas, on, basis.hours_per_week), 1)
        required = need or None
        met = done >= need if need else done > 0
        return RequirementProgress(req.label, req.kind, done, required, "months", met)
    if req.kind == "education":
        return _education(req, state, ctx, on)
    if req.kind == "credential":
        names = req.get("any_of", ())
        held = any(
            rec.earned <= on and rec.id in {ctx.catalog.resolve_credential(n) or n for n in names}
            for rec in state.credentials
        )
        return RequirementProgress(req.label, req.kind, float(held), 1, "credential", held)
    if req.kind == "membership":
        held = str(req.get("organization") or "").upper() in ctx.members_of
        return RequirementProgress(req.label, req.kind, float(held), 1, "membership", held)
    return RequirementProgress(req.label, req.kind, 0, 1, "requirement", False)


def _education(
    req: Requirement, state: PlanState, ctx: Context, on: dt.date
) -> RequirementProgress:
    """An award: held, or the credits of a matching program in progress towards its total."""
    matching = [
        r
        for r in state.education
        if not r.withdrawn and education_matches(req, r.level, r.field, r.accreditation)
    ]
    if any(r.completed and r.end is not None and r.end <= on for r in matching):
        return RequirementProgress(req.label, req.kind, 1, 1, "award", True)
    for record in matching:
        program = ctx.catalog.programs.get(record.program or "")
        if program is not None and not record.completed:
            done = min(_credits_done(record.milestone, ctx) or record.credits, program.credits)
            return RequirementProgress(req.label, req.kind, done, program.credits, "credits", False)
    return RequirementProgress(req.label, req.kind, 0, 1, "award", False)


def with_progress(goal: GoalResult, state: PlanState, ctx: Context) -> GoalResult:
    """``goal`` with the progress of its chosen route's requirements on ``as_of``."""
    requirements = _route_requirements(goal, ctx, state.as_of)
    if not requirements:
        return goal
    return attrs.evolve(goal, progress=progress_of(requirements, state, ctx))


def _route_requirements(goal: GoalResult, ctx: Context, on: dt.date) -> tuple[Requirement, ...]:
    if goal.kind == "role":
        role = ctx.catalog.roles.get(goal.target)
        return role.requirements if role is not None else ()
    cred = ctx.catalog.credentials.get(goal.target)
    if cred is None or goal.route is None:
        return ()
    rules = sorted(cred.eligibility, key=lambda r: r.in_force(goal.reached_on or on), reverse=True)
    for rule in rules:
        for route in rule.routes:
            if route.id == goal.route:
                return route.requirements
    return ()


def _credits_so_far(record: EducationRecord, ctx: Context, on: dt.date) -> float:
    """The credits of ``record`` earned by ``on``: all of them once it ended, else the credits
    its profile entry states as completed so far."""
    if record.end is not None and record.end <= on:
        return record.credits
    done = _credits_done(record.milestone, ctx)
    return record.credits if done is None else done


def _credits_done(milestone: str | None, ctx: Context) -> float | None:
    """The credits a profile entry in progress states as completed so far (the planner's
    record of it counts the award's full credits at its end)."""
    prefix = "education.profile."
    if milestone is None or not milestone.startswith(prefix):
        return None
    index = int(milestone.removeprefix(prefix))
    return ctx.profile.education[index].credits_completed

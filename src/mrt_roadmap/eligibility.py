"""Is a requirement met on a date, and if not, which steps would meet it and from when.

Each evaluator takes a :class:`PlanState` and returns an :class:`Outcome` with the state
evolved by the steps it scheduled (a program, a job, a prerequisite credential). With
``allow_steps=False`` nothing is scheduled: the answer is about the plan as it stands.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from typing import Literal, NamedTuple

import attrs

from mrt_roadmap.context import Context
from mrt_roadmap.definitions import FullTime, Program, Provenance, Requirement, Role, Route
from mrt_roadmap.model_base import Model, thaw
from mrt_roadmap.profile import LEVEL_RANK
from mrt_roadmap.programs import describe, schedule_program
from mrt_roadmap.roadmap import Milestone, Reason
from mrt_roadmap.state import (
    AVERAGE_WEEKS_PER_MONTH,
    FTE_HOURS_PER_WEEK,
    EducationRecord,
    JobRecord,
    PlanState,
)

FAR = dt.timedelta(days=366 * 40)
ANY_EXPERIENCE = 1e-6
"""Stands for "some experience" where a rule publishes no amount (``months: 0``)."""


@attrs.frozen(repr=False, eq=False)
class Outcome(Model):
    """Result of evaluating one requirement."""

    state: PlanState
    met_on: dt.date | None
    reasons: tuple[Reason, ...] = ()
    exam_on: dt.date | None = None
    blocked: str | None = None
    deps: tuple[str, ...] = ()
    valid_until: dt.date | None = None
    """The last day the requirement still counts (a plugin's ``RequirementStatus``)."""

    @property
    def exam_from(self) -> dt.date | None:
        return self.exam_on or self.met_on


def reason_for(req: Requirement, text: str, fallback: Provenance | None, rule: str) -> Reason:
    prov = req.provenance or fallback
    if prov is None:
        return Reason(text, rule)
    return Reason(text, rule, prov.source, prov.as_of, prov.verified)


def satisfy(
    req: Requirement,
    state: PlanState,
    ctx: Context,
    *,
    rule_id: str,
    fallback: Provenance | None,
    allow_steps: bool = True,
    route: Route | None = None,
) -> Outcome:
    """Evaluate ``req`` against ``state``; schedule steps to meet it when ``allow_steps``.
    ``route`` is the eligibility route ``req`` belongs to (plugins may read its other
    requirements)."""
    if req.kind == "education":
        return _education(req, state, ctx, rule_id, fallback, allow_steps)
    if req.kind == "credits":
        return _credits(req, state, ctx, rule_id, fallback, allow_steps)
    if req.kind == "credential":
        return _credential(req, state, ctx, rule_id, fallback, allow_steps)
    if req.kind == "experience":
        return _experience(req, state, ctx, rule_id, fallback, allow_steps)
    if req.kind == "membership":
        return _membership(req, state, ctx, rule_id, fallback)
    return _plugin_kind(req, state, ctx, rule_id, fallback, route)


# -- education ---------------------------------------------------------------------------------
def education_matches(
    req: Requirement,
    level: str,
    field: str,
    accreditation: Sequence[str],
    *,
    check_accreditation: bool = True,
) -> bool:
    levels = req.get("levels")
    if levels:
        if level not in levels:
            return False
    elif LEVEL_RANK.get(level, -1) < LEVEL_RANK.get(req.get("level", "high_school"), 0):
        return False
    wanted_field = req.get("field")
    if wanted_field and field != wanted_field:
        return False
    wanted_acc = req.get("accreditation")
    return not (check_accreditation and wanted_acc and wanted_acc not in accreditation)


class ProgramOption(NamedTuple):
    """A catalog program scheduled to meet an education requirement, with what ranks it after
    the learner's preferred programs: end date, fit with the learner's plans, cost, order."""

    end: dt.date
    mismatch: int
    cost: float
    order: int
    state: PlanState
    record: EducationRecord
    program: Program


class JobOption(NamedTuple):
    """An entry role through which the plan can start accruing an experience area: the day the
    learner qualifies for it, the role's order among the area's entry roles, and the plan state
    (with the milestones it depends on) after qualifying."""

    start: dt.date
    order: int
    area: str
    role: Role
    state: PlanState
    deps: tuple[str, ...]


def _programs_meeting(req: Requirement, ctx: Context) -> tuple[Program, ...]:
    """The catalog's programs that meet an education requirement, in the learner's delivery."""
    return tuple(
        p
        for p in ctx.catalog.programs.values()
        if education_matches(req, p.level, p.field, p.accreditation) and _delivery_ok(p, ctx)
    )


def _education(
    req: Requirement,
    state: PlanState,
    ctx: Context,
    rule_id: str,
    fallback: Provenance | None,
    allow_steps: bool,
) -> Outcome:
    early = req.get("early_testing") == "last_term"
    held = [
        r
        for r in state.education
        if r.end is not None
        and not r.withdrawn
        and education_matches(req, r.level, r.field, r.accreditation)
    ]
    if held:
        best = min(held, key=lambda r: (r.end or dt.date.max, r.program or ""))
        assert best.end is not None
        exam_on = (
            best.last_term_start if early and best.last_term_start and not best.completed else None
        )
        if exam_on is not None:
            exam_on = max(exam_on, state.start)
        what = "planned" if best.planned else ("in progress" if not best.completed else "completed")
        text = f"{req.label}: met by your {what} {describe(best)}"
        return Outcome(
            state,
            best.end,
            (reason_for(req, text, fallback, rule_id),),
            exam_on,
            deps=(best.milestone,) if best.milestone else (),
        )
    _warn_unaccredited(req, state, ctx)
    if not allow_steps:
        return Outcome(state, None, blocked=f"missing: {req.label}")
    # Requirements belong to the planner's catalog, so their identity is a stable key of the
    # planner's shared memo; the entry names its requirement, in case one from elsewhere
    # (since collected) had the same id.
    key = ("candidates", id(req), ctx.profile.preferences.delivery)
    owner, matching = ctx.shared.get(key, lambda: (req, _programs_meeting(req, ctx)))
    if owner is not req:
        matching = _programs_meeting(req, ctx)
    candidates = [p for p in matching if p.id not in ctx.program_chain]
    if not candidates:
        return Outcome(state, None, blocked=f"no program in the catalog meets: {req.label}")
    options: list[ProgramOption] = []
    failures: dict[str, None] = {}
    failed: dict[str, str] = {}
    for order, program in enumerate(candidates):
        scheduled = schedule_program(program, state, ctx)
        if isinstance(scheduled, str):
            failures[scheduled] = None
            failed[program.id] = scheduled
            continue
        new_state, record = scheduled
        assert record.end is not None
        cost = _program_cost(new_state, record)
        options.append(
            ProgramOption(
                record.end, _mismatch(program, ctx), cost, order, new_state, record, program
            )
        )
    if not options:
        why = "; ".join(failures)
        return Outcome(
            state, None, blocked=f"no program meeting '{req.label}' can be scheduled: {why}"
        )
    preferred = ctx.profile.preferences.programs
    rank = {pid: i for i, pid in enumerate(preferred)}
    options.sort(
        key=lambda o: (rank.get(o.program.id, len(rank)), o.end, o.mismatch, o.cost, o.order)
    )
    chosen = options[0]
    end, new_state, record, program = chosen.end, chosen.state, chosen.record, chosen.program
    losers = [f"{o.program.name} (would end {o.end.isoformat()})" for o in options[1:]]
    text = f"{req.label}: enrol in {program.name}"
    reasons = [reason_for(req, text, fallback, rule_id)]
    _warn_preferred_not_used(req, program, new_state, candidates, failed, ctx)
    if program.id in rank:
        also = f" (also considered: {'; '.join(losers)})" if losers else ""
        choice: Reason | None = Reason(
            f"{program.name} chosen: your preferred program (preferences.programs), tried "
            f"before the usual order of end date, fit with your plans and cost{also}",
            rule=f"program.{program.id}",
            source=program.provenance.source,
            as_of=program.provenance.as_of,
            verified=program.provenance.verified,
        )
    elif losers:
        choice = Reason(
            f"{program.name} chosen: it ends first, then fits your plans (a program built to "
            "transfer to a bachelor's if you plan one, else one built for employment), then "
            f"costs least (also considered: {'; '.join(losers)})",
            rule=f"program.{program.id}",
            source=program.provenance.source,
            as_of=program.provenance.as_of,
            verified=program.provenance.verified,
        )
    else:
        choice = None
    if choice is not None:
        reasons.append(choice)
        new_state = new_state.replace(
            milestones=tuple(
                attrs.evolve(m, why=(*m.why, choice)) if m.id == record.milestone else m
                for m in new_state.milestones
            )
        )
    exam_on = max(record.last_term_start, state.start) if early and record.last_term_start else None
    return Outcome(new_state, end, tuple(reasons), exam_on, deps=(record.milestone or "",))


def _warn_preferred_not_used(
    req: Requirement,
    chosen: Program,
    new_state: PlanState,
    candidates: Sequence[Program],
    failed: Mapping[str, str],
    ctx: Context,
) -> None:
    """Warn (``preferred-program-not-used``) about each preferred program listed before the one
    chosen for ``req`` (all of them when the choice is not a preferred one) that the plan does
    not use, saying why; a preferred program the plan uses elsewhere is not warned about."""
    preferred = ctx.profile.preferences.programs
    if not preferred:
        return
    listed = preferred[: preferred.index(chosen.id)] if chosen.id in preferred else preferred
    code = "preferred-program-not-used"
    for key in [
        k for k, n in ctx.notices.items() if k[0] == code and n.rule == f"program.{chosen.id}"
    ]:
        del ctx.notices[key]  # warned about for an earlier requirement; used now
    offered = {p.id for p in candidates}
    for pid in listed:
        program = ctx.catalog.programs.get(pid)
        if program is None or pid in ctx.program_chain:
            continue
        if any(r.program == pid for r in new_state.education):
            continue
        if pid in failed:
            why = failed[pid]
        elif pid in offered:
            continue  # it could be scheduled, and a program listed before it was chosen
        elif not education_matches(req, program.level, program.field, program.accreditation):
            accredited = f", {', '.join(program.accreditation)}" if program.accreditation else ""
            award = f"{program.degree or program.level} in {program.field}{accredited}"
            why = f"it does not meet it ({award})"
        else:
            why = f"it is not offered {ctx.profile.preferences.delivery}"
        ctx.warn(
            code,
            f"Your preferred program {program.name} ({pid}) is not used for '{req.label}': "
            f"{why}; the plan uses {chosen.name}",
            rule=f"program.{pid}",
            source=program.provenance.source,
        )


def _warn_unaccredited(req: Requirement, state: PlanState, ctx: Context) -> None:
    wanted = req.get("accreditation")
    if not wanted:
        return
    for rec in state.education:
        if education_matches(
            req, rec.level, rec.field, rec.accreditation, check_accreditation=False
        ):
            ctx.warn(
                "non-accredited-program",
                f"Your {describe(rec)} is not {wanted}-accredited, so it does not meet "
                f"'{req.label}'. Check a program's accreditation now and at your graduation date.",
                source=req.provenance.source if req.provenance else None,
            )


def _delivery_ok(program: Program, ctx: Context) -> bool:
    wanted = ctx.profile.preferences.delivery
    return wanted == "any" or wanted in program.delivery


def _mismatch(program: Program, ctx: Context) -> int:
    """1 when the program does not fit the learner's plans: built to transfer to a bachelor's
    (``transfers_to_bachelor``) when none is planned, or built for employment when one is."""
    if program.transfers_to_bachelor is None:
        return 0
    return int(program.transfers_to_bachelor != ctx.wants_bachelor)


def _program_cost(state: PlanState, record: EducationRecord) -> float:
    for m in state.milestones:
        if m.id == record.milestone and m.cost and m.cost.amount is not None:
            return m.cost.amount
    return 0.0


# -- credits -----------------------------------------------------------------------------------
def _credits_met_on(req: Requirement, state: PlanState) -> dt.date | None:
    need = float(req.get("min_credits", 0))
    courses = req.get("courses", ())
    records = sorted(
        (r for r in state.education if r.end is not None), key=lambda r: r.end or dt.date.max
    )
    total = 0.0
    for i, rec in enumerate(records):
        total += rec.credits
        seen = records[: i + 1]
        ok_courses = all(
            sum(r.course_semesters(c["name"]) for r in seen) >= c.get("semesters", 1)
            for c in courses
        )
        if total >= need and ok_courses:
            return rec.end
    return None


def _credits(
    req: Requirement,
    state: PlanState,
    ctx: Context,
    rule_id: str,
    fallback: Provenance | None,
    allow_steps: bool,
) -> Outcome:
    met = _credits_met_on(req, state)
    if met is not None:
        return Outcome(
            state,
            max(met, state.as_of) if met > state.as_of else met,
            (reason_for(req, f"{req.label}: met by your education", fallback, rule_id),),
        )
    if not allow_steps:
        return Outcome(state, None, blocked=f"missing: {req.label}")
    options = []
    for order, program in enumerate(ctx.catalog.programs.values()):
        if not _delivery_ok(program, ctx) or program.id in ctx.program_chain:
            continue
        scheduled = schedule_program(program, state, ctx)
        if isinstance(scheduled, str):
            continue
        new_state, record = scheduled
        when = _credits_met_on(req, new_state)
        if when is not None:
            options.append(
                (when, _program_cost(new_state, record), order, new_state, record, program)
            )
    if not options:
        return Outcome(state, None, blocked=f"no program in the catalog completes: {req.label}")
    options.sort(key=lambda o: o[:3])
    when, _, _, new_state, record, program = options[0]
    text = f"{req.label}: {program.name} completes it"
    return Outcome(
        new_state, when, (reason_for(req, text, fallback, rule_id),), deps=(record.milestone or "",)
    )


# -- credential --------------------------------------------------------------------------------
def _credential(
    req: Requirement,
    state: PlanState,
    ctx: Context,
    rule_id: str,
    fallback: Provenance | None,
    allow_steps: bool,
) -> Outcome:
    ids = [ctx.catalog.resolve_credential(i) for i in req.get("any_of", ())]
    known = [i for i in ids if i is not None]
    held = [(rec.earned, rec.id, rec) for rec in state.credentials if rec.id in known]
    if held:
        earned, cid, rec = min(held)
        text = f"{req.label}: met by {cid} ({'planned' if rec.planned else 'held'})"
        return Outcome(
            state,
            earned,
            (reason_for(req, text, fallback, rule_id),),
            deps=(rec.milestone,) if rec.milestone else (),
        )
    if not allow_steps:
        return Outcome(state, None, blocked=f"missing: {req.label}")
    if not known:
        return Outcome(
            state,
            None,
            blocked=f"{req.label}: none of {', '.join(req.get('any_of', ()))} "
            "is provided by an installed plugin",
        )
    options = []
    for order, cid in enumerate(known):
        if cid in ctx.chain:
            continue
        plan = ctx.plan_credential(cid, state, ctx)
        if plan.earned is None or plan.blocked:
            continue
        record = plan.state.credential_record(cid)
        prep_unknown = record is not None and record.planned and not record.prep_known
        options.append((prep_unknown, plan.earned, order, cid, plan))
    if not options:
        return Outcome(state, None, blocked=f"{req.label}: cannot be planned")
    # Prefer credentials whose timing rests on sourced durations: an exam with no known
    # preparation time would otherwise always look fastest.
    options.sort(key=lambda o: o[:3])
    _, earned, _, cid, plan = options[0]
    text = f"{req.label}: plan {cid} first"
    reasons = [reason_for(req, text, fallback, rule_id)]
    unknown = [o[3] for o in options[1:] if o[0]]
    if unknown:
        reasons.append(
            Reason(
                f"{cid} chosen over {', '.join(unknown)}: no source gives how long it takes to prepare "
                f"for {'that exam' if len(unknown) == 1 else 'those exams'}, so their dates would be guesses",
                rule=f"{rule_id}.choice",
            )
        )
    return Outcome(
        plan.state, earned, tuple(reasons), deps=(plan.milestone,) if plan.milestone else ()
    )


# -- experience --------------------------------------------------------------------------------
def _areas(req: Requirement) -> tuple[str, ...]:
    return tuple(req.get("areas") or (req.get("area"),))


@attrs.frozen(repr=False, eq=False)
class FullTimeBasis(Model):
    """The definition of full time an experience requirement is counted with: the rule's own
    (``defined_by="requirement"``), its area's (``"area"``), else the planner's default."""

    hours_per_week: float
    defined_by: Literal["requirement", "area", "default"]
    provenance: Provenance | None = None

    @property
    def summary(self) -> str:
        """E.g. "37.5 hours a week = 1,950 hours a year, full time as the rule defines it"."""
        who = {
            "requirement": "full time as the rule defines it",
            "area": "full time as defined for this area",
        }.get(self.defined_by, "the planner's default full-time week")
        week = self.hours_per_week
        return f"{week:g} hours a week = {week * 52:,.0f} hours a year, {who}"

    def details(self) -> dict[str, object]:
        """The basis as milestone details (read back for the roadmap's assumptions)."""
        return {
            "hours_per_week": self.hours_per_week,
            "defined_by": self.defined_by,
            "source": self.provenance.source if self.provenance else None,
        }


DEFAULT_FULL_TIME = FullTimeBasis(FTE_HOURS_PER_WEEK, "default")


def _own_full_time(req: Requirement) -> FullTime | None:
    """The requirement's own ``full_time`` definition, if it gives one."""
    from mrt_roadmap.convert import converter

    raw = req.get("full_time")
    if not isinstance(raw, Mapping):
        return None
    result: FullTime = converter().structure(thaw(raw), FullTime)
    return result


def full_time_basis(req: Requirement, ctx: Context) -> FullTimeBasis:
    """The full time ``req`` is counted with: its own definition, else that of the first of its
    areas that defines one, else :data:`DEFAULT_FULL_TIME`."""
    own = _own_full_time(req)
    if own is not None:
        return FullTimeBasis(own.hours_per_week, "requirement", own.provenance)
    for area in _areas(req):
        spec = ctx.catalog.experience_areas.get(area)
        if spec is not None and spec.full_time is not None:
            return FullTimeBasis(spec.full_time.hours_per_week, "area", spec.full_time.provenance)
    return DEFAULT_FULL_TIME


def required_months(req: Requirement, full_time_hours: float = FTE_HOURS_PER_WEEK) -> float:
    """Full-time months ``req`` needs (hours are converted with ``full_time_hours`` a week)."""
    if req.get("months") is not None:
        return float(req.get("months"))
    return float(req.get("hours", 0)) / (full_time_hours * AVERAGE_WEEKS_PER_MONTH)


def _first_day_reaching(
    state: PlanState, areas: Sequence[str], months: float, full_time_hours: float
) -> dt.date | None:
    lo, hi = state.as_of, state.as_of + FAR
    if state.experience_months(areas, lo, full_time_hours) >= months:
        return lo
    if state.experience_months(areas, hi, full_time_hours) < months:
        return None
    while (hi - lo).days > 1:
        mid = lo + (hi - lo) / 2
        if state.experience_months(areas, mid, full_time_hours) >= months:
            hi = mid
        else:
            lo = mid
    return hi


def _experience(
    req: Requirement,
    state: PlanState,
    ctx: Context,
    rule_id: str,
    fallback: Provenance | None,
    allow_steps: bool,
) -> Outcome:
    areas = _areas(req)
    basis = full_time_basis(req, ctx)
    # ``months: 0`` means "some documented experience, amount not published": any will do.
    months = required_months(req, basis.hours_per_week) or ANY_EXPERIENCE
    labels = " or ".join(
        ctx.catalog.experience_areas[a].label if a in ctx.catalog.experience_areas else a
        for a in areas
    )
    if months == ANY_EXPERIENCE:
        amount = "some (amount not published)"
    elif req.get("hours") is not None:
        amount = f"{req.get('hours'):g} hours"
    else:
        amount = f"{months:g} months"
    day = _first_day_reaching(state, areas, months, basis.hours_per_week)
    deps = tuple(j.milestone for j in state.jobs if j.area in areas and j.milestone)
    if day is not None:
        return _experience_outcome(
            req, state, day, areas, months, amount, labels, deps, rule_id, fallback, basis
        )
    if not allow_steps:
        return Outcome(state, None, blocked=f"missing: {req.label}")
    options: list[JobOption] = []
    for area in areas:
        for order, role in enumerate(entry_roles(ctx, area)):
            sim = state
            start = state.start
            role_deps: list[str] = []
            ok = True
            for rr in role.requirements:
                out = satisfy(rr, sim, ctx, rule_id=f"role.{role.id}", fallback=role.provenance)
                if out.blocked or out.met_on is None:
                    ok = False
                    break
                sim, start = out.state, max(start, out.met_on)
                role_deps.extend(d for d in out.deps if d)
            if ok:
                options.append(JobOption(start, order, area, role, sim, tuple(role_deps)))
    if not options:
        return Outcome(
            state,
            None,
            blocked=(
                f"{req.label}: needs {amount} of {labels} experience and the plan cannot schedule such a "
                "job; add the experience to your profile if you have or expect it"
            ),
        )
    best = min(options, key=lambda o: (o.start, o.order, o.area))
    start, area, role, sim = best.start, best.area, best.role, best.state
    job_hours = ctx.job_hours or basis.hours_per_week  # full time unless the profile says
    job_id = f"job.{role.id}"
    job = Milestone(
        id=job_id,
        kind="job",
        title=f"Start work as {role.title}",
        start=start,
        end=start,
        depends_on=best.deps,
        why=(
            Reason(
                f"{req.label} needs {amount} of {labels} experience: a first job as {role.title} "
                "from the day you qualify for it",
                f"role.{role.id}",
                role.provenance.source,
                role.provenance.as_of,
                role.provenance.verified,
            ),
        ),
        details={"area": area, "hours_per_week": job_hours},
    )
    if not sim.has_milestone(job_id):
        record = JobRecord(area, start, job_hours, 0, planned=True, milestone=job_id, role=role.id)
        sim = sim.add(job).replace(jobs=(*sim.jobs, record))
    day = _first_day_reaching(sim, areas, months, basis.hours_per_week)
    if day is None:
        return Outcome(state, None, blocked=f"{req.label}: cannot be reached")
    return _experience_outcome(
        req, sim, day, areas, months, amount, labels, (job_id,), rule_id, fallback, basis
    )


def entry_roles(ctx: Context, area: str) -> list[Role]:
    """Roles through which a learner starts accruing ``area`` experience: the area's declared
    entry roles, then any entry-level role (rank 0 or 1) that accrues that area."""
    spec = ctx.catalog.experience_areas.get(area)
    named = [
        ctx.catalog.roles[r] for r in (spec.entry_roles if spec else ()) if r in ctx.catalog.roles
    ]
    others = [
        r
        for r in ctx.catalog.roles.values()
        if r.experience_area == area and r.rank <= 1 and r not in named
    ]
    return named + sorted(others, key=lambda r: (r.rank, r.id))


def _experience_outcome(
    req: Requirement,
    state: PlanState,
    day: dt.date,
    areas: Sequence[str],
    months: float,
    amount: str,
    labels: str,
    deps: tuple[str, ...],
    rule_id: str,
    fallback: Provenance | None,
    basis: FullTimeBasis = DEFAULT_FULL_TIME,
) -> Outcome:
    if day <= state.as_of:
        return Outcome(
            state,
            day,
            (reason_for(req, f"{req.label}: met by your experience", fallback, rule_id),),
        )
    starts = [j.start for j in state.jobs if j.area in areas and (j.end is None or j.end > j.start)]
    start = max(state.as_of, min(starts)) if starts else state.as_of
    # Jobs that start later add to the total but are not prerequisites of the milestone.
    job_starts = {j.milestone: j.start for j in state.jobs if j.milestone}
    suffix = "any" if months == ANY_EXPERIENCE else f"{months:g}m"
    milestone_id = f"experience.{'+'.join(areas)}.{suffix}"
    why = reason_for(
        req,
        f"{req.label}: {amount} of {labels} experience (full-time equivalent: {basis.summary})",
        None,
        rule_id,
    )
    reasons = [why]
    if basis.provenance is not None:
        prov = basis.provenance
        reasons.append(
            Reason(
                f"Full time for this requirement: {basis.hours_per_week * 52:,.0f} hours a year "
                f"({basis.hours_per_week:g} hours a week)",
                f"{rule_id}.full_time",
                prov.source,
                prov.as_of,
                prov.verified,
            )
        )
    milestone = Milestone(
        id=milestone_id,
        kind="experience",
        title=f"Build {amount} of {labels} experience",
        start=min(start, day),
        end=day,
        depends_on=tuple(d for d in deps if d and job_starts.get(d, start) <= min(start, day)),
        why=tuple(reasons),
        details={
            "areas": list(areas),
            "months_fte": round(months, 2),
            "full_time": basis.details(),
        },
    )
    return Outcome(state.add(milestone), day, (why,), deps=(milestone_id,))


# -- membership and plugin kinds ---------------------------------------------------------------
def _membership(
    req: Requirement, state: PlanState, ctx: Context, rule_id: str, fallback: Provenance | None
) -> Outcome:
    org = str(req.get("organization"))
    status = "you are a member" if org.upper() in ctx.members_of else f"join {org} before applying"
    return Outcome(
        state, state.start, (reason_for(req, f"{req.label}: {status}", fallback, rule_id),)
    )


def _plugin_kind(
    req: Requirement,
    state: PlanState,
    ctx: Context,
    rule_id: str,
    fallback: Provenance | None,
    route: Route | None,
) -> Outcome:
    answer = ctx.host.requirement_status(req, ctx.profile, state, ctx.runtime, route)
    if answer is None:
        owner = ctx.catalog.requirement_kinds.get(req.kind)
        hint = (
            f" (plugin {owner} did not answer)"
            if owner
            else " (is the plugin that defines it installed?)"
        )
        return Outcome(
            state,
            None,
            blocked=f"no installed plugin evaluates requirement kind {req.kind!r}{hint}",
        )
    plugin, status = answer
    if status.met_on is None:
        return Outcome(state, None, blocked=f"{req.label}: {status.reason}")
    new_state = state.add(*(m.attributed(plugin) for m in status.milestones))
    deps = tuple(m.id for m in status.milestones)
    return Outcome(
        new_state,
        status.met_on,
        (reason_for(req, f"{req.label}: {status.reason}", fallback, rule_id),),
        deps=deps,
        valid_until=status.valid_until,
    )

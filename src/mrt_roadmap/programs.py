"""Education programs on the learner's single education track: cohort starts, terms, the
course load a learner's weekly hours allow, transfer of earlier credits, tuition."""

from __future__ import annotations

import datetime as dt
import math
from typing import NamedTuple, cast

from mrt_roadmap.context import Context
from mrt_roadmap.definitions import Program
from mrt_roadmap.roadmap import Cost, Milestone, Reason
from mrt_roadmap.state import EducationRecord, PlanState
from mrt_roadmap.terms import term_weeks, terms_from

MAX_TERMS = 90
"""A program that would take more than 30 years of terms is reported as out of reach."""


def describe(rec: EducationRecord) -> str:
    """How an award reads in a sentence: "AS in him (CAHIIM)"."""
    parts = [rec.degree or rec.level.replace("_", " "), "in", rec.field]
    if rec.accreditation:
        parts.append(f"({', '.join(rec.accreditation)})")
    return " ".join(parts)


def transfer_credits(program: Program, state: PlanState, on: dt.date) -> tuple[float, str | None]:
    """Most credits ``program`` accepts from one earlier award finished by ``on``."""
    best: tuple[float, str | None] = (0.0, None)
    for rec in state.education:
        if rec.end is None or rec.end > on or rec.credits <= 0:
            continue
        for rule in program.transfer:
            if rule.from_level and rule.from_level != rec.level:
                continue
            if rule.from_degrees and (rec.degree or "") not in rule.from_degrees:
                continue
            if rule.from_field and rule.from_field != rec.field:
                continue
            accepted = min(rule.max_credits, rec.credits)
            if accepted > best[0]:
                best = (accepted, f"{accepted:g} credits from your {describe(rec)}: {rule.label}")
    return best[0], best[1]


def credits_per_term(ctx: Context, program: Program, weeks: float) -> int:
    calendar = ctx.catalog.calendar(program.calendar)
    base = ctx.study_hours / calendar.study_hours_per_credit
    return int(min(program.max_credits_per_term, math.floor(base * min(1.0, weeks / 15))))


class ScheduledTerm(NamedTuple):
    """One term of a program plan and the credits taken in it."""

    name: str
    start: dt.date
    end: dt.date
    credits: int


TermPlan = tuple[ScheduledTerm, ...]


def term_plan(
    ctx: Context, program: Program, earliest: dt.date, remaining: float
) -> TermPlan | str:
    """The terms to take ``remaining`` credits of ``program`` from the first cohort start on or
    after ``earliest``; or why it cannot be done. Kept in the planner's shared memo: it depends
    on the catalog and these values only."""
    key = ("terms", program.id, earliest, remaining, ctx.study_hours)
    return ctx.shared.get(key, lambda: _term_plan(ctx, program, earliest, remaining))


def _term_plan(
    ctx: Context, program: Program, earliest: dt.date, remaining: float
) -> TermPlan | str:
    calendar = ctx.catalog.calendar(program.calendar)
    terms: list[ScheduledTerm] = []
    started = False
    left = remaining
    for name, start, end in terms_from(calendar, earliest):
        if not started:
            if name not in program.starts:
                continue
            started = True
        if name not in program.terms:
            continue
        weeks = term_weeks(start, end)
        load = credits_per_term(ctx, program, weeks)
        if load <= 0 and weeks >= 15:
            return (
                f"{ctx.study_hours:g} study hours a week is less than one credit "
                f"({calendar.study_hours_per_credit:g} hours per credit per week)"
            )
        if load <= 0:
            continue
        take = min(load, math.ceil(left)) if left > 0 else 0
        terms.append(ScheduledTerm(name, start, end, take))
        left -= take
        if left <= 0 or len(terms) > MAX_TERMS:
            break
    if left > 0:
        return f"{program.name} would take more than {MAX_TERMS} terms at your pace"
    if not terms:  # everything transferred: one enrolment term to graduate
        first = next(t for t in terms_from(calendar, earliest) if t[0] in program.starts)
        terms.append(ScheduledTerm(*first, 0))
    return tuple(terms)


def schedule_program(
    program: Program, state: PlanState, ctx: Context
) -> tuple[PlanState, EducationRecord] | str:
    """Put ``program`` on the education track; the new state and the award, or why not.

    Routes often schedule the same program from the same state (an associate degree is both a
    credential's route and the admission of a bachelor's completion track): the answer is memoized
    for this plan (:attr:`Context.memo`) by the state's identity."""
    # The chain of programs being scheduled only matters for a program with admission rules.
    key = ("schedule", program.id, id(state), ctx.program_chain if program.admission else ())
    hit = cast(
        "tuple[PlanState, tuple[PlanState, EducationRecord] | str] | None", ctx.memo.get(key)
    )
    if hit is not None and hit[0] is state:
        return hit[1]
    result = _schedule_program(program, state, ctx)
    ctx.memo[key] = (state, result)  # keeps the state alive, so its id cannot be reused
    return result


def _schedule_program(
    program: Program, state: PlanState, ctx: Context
) -> tuple[PlanState, EducationRecord] | str:
    earliest = state.education_track_free()
    deps: list[str] = []
    reasons: list[Reason] = []
    from mrt_roadmap.eligibility import satisfy  # admission is a requirement like any other

    for adm in program.admission:
        ctx.program_chain = (*ctx.program_chain, program.id)
        try:
            out = satisfy(
                adm,
                state,
                ctx,
                rule_id=f"program.{program.id}.admission",
                fallback=program.provenance,
            )
        finally:
            ctx.program_chain = ctx.program_chain[:-1]
        if out.blocked or out.met_on is None:
            return out.blocked or f"admission to {program.name} cannot be met"
        state = out.state
        earliest = max(earliest, out.met_on, state.education_track_free())
        deps.extend(d for d in out.deps if d)
        reasons.extend(out.reasons)
    accepted, transfer_note = transfer_credits(program, state, earliest)
    remaining = max(0.0, program.credits - accepted)
    planned = term_plan(ctx, program, earliest, remaining)
    if isinstance(planned, str):
        return planned
    key = (
        "step",
        program.id,
        ctx.study_hours,
        planned,
        accepted,
        transfer_note,
        tuple(deps),
        tuple(reasons),
    )
    # A pure function of the key (immutable results), so shared: learners with the same pace,
    # start and prior award get the same step.
    milestone, record = ctx.shared.get(
        key,
        lambda: _education_step(
            ctx, program, planned, accepted, remaining, transfer_note, deps, reasons
        ),
    )
    assert record.end is not None
    new_state = state.add(milestone).replace(
        education=(*state.education, record),
        track_free=record.end + dt.timedelta(days=1),
    )
    return new_state, record


def _education_step(
    ctx: Context,
    program: Program,
    planned: TermPlan,
    accepted: float,
    remaining: float,
    transfer_note: str | None,
    deps: list[str],
    reasons: list[Reason],
) -> tuple[Milestone, EducationRecord]:
    """The education milestone and award for a term plan (pure; memoized by the caller)."""
    calendar = ctx.catalog.calendar(program.calendar)
    terms = planned
    start_day, end_day, last_start = terms[0].start, terms[-1].end, terms[-1].start
    milestone_id = f"education.{program.id}"
    tuition = program.tuition_per_credit
    cost = None
    if tuition is not None:
        cost = Cost(
            round(remaining * tuition.amount, 2),
            f"{remaining:g} credits x ${tuition.amount:g}/credit ({tuition.basis})",
            tuition.currency,
            tuition.provenance.source,
            tuition.provenance.as_of,
        )
    else:
        cost = Cost(None, "tuition not sourced for this program; ask the school")
    load_text = ", ".join(f"{t.name} {t.start.year}: {t.credits}" for t in terms)
    schedule = [
        {
            "term": t.name,
            "start": t.start.isoformat(),
            "end": t.end.isoformat(),
            "credits": t.credits,
        }
        for t in terms
    ]
    why = [
        Reason(
            f"{program.credits:g} credits ({program.catalog_year or 'catalog year not stated'}); "
            f"{accepted:g} transferred, {remaining:g} to take",
            f"program.{program.id}",
            program.provenance.source,
            program.provenance.as_of,
            program.provenance.verified,
        ),
        Reason(
            f"At {ctx.study_hours:g} study hours a week and about "
            f"{calendar.study_hours_per_credit:g} hours per credit per week: up to "
            f"{credits_per_term(ctx, program, 16):g} credits a semester (credits by term: {load_text})",
            f"calendar.{calendar.id}.study_load",
            calendar.study_hours_source,
            calendar.study_hours_as_of,
        ),
        Reason(
            f"Cohorts start in {', '.join(program.starts)}; terms follow the {calendar.id} calendar",
            f"calendar.{calendar.id}",
            calendar.provenance.source,
            calendar.provenance.as_of,
            calendar.provenance.verified,
        ),
    ]
    if transfer_note:
        why.append(Reason(f"Transfer: {transfer_note}", f"program.{program.id}.transfer"))
    if program.practicum_hours:
        why.append(
            Reason(
                f"Includes about {program.practicum_hours:g} hours of professional practice "
                "(practicum), usually on site in daytime in the last term",
                f"program.{program.id}.practicum",
                program.provenance.source,
                program.provenance.as_of,
                program.provenance.verified,
            )
        )
    milestone = Milestone(
        id=milestone_id,
        kind="education",
        title=program.name,
        start=start_day,
        end=end_day,
        depends_on=tuple(dict.fromkeys(deps)),
        why=tuple(reasons + why),
        cost=cost,
        details={
            "program": program.id,
            "credits_total": program.credits,
            "credits_transferred": accepted,
            "credits_to_take": remaining,
            "terms": len(terms),
            "last_term_start": last_start.isoformat(),
            "accreditation": list(program.accreditation),
            "practicum_hours": program.practicum_hours,
            "schedule": schedule,
        },
    )
    record = EducationRecord(
        level=program.level,
        field=program.field,
        credits=remaining,
        end=end_day,
        degree=program.degree,
        accreditation=program.accreditation,
        courses=tuple((c.name, c.semesters) for c in program.courses),
        start=start_day,
        last_term_start=last_start,
        program=program.id,
        completed=False,
        planned=True,
        milestone=milestone_id,
    )
    return milestone, record

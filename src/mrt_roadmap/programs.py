"""Education programs on the learner's single education track: cohort starts, terms, the
course load a learner's weekly hours allow, transfer of earlier credits, tuition."""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Mapping
from typing import NamedTuple, cast

import attrs

from mrt_roadmap.context import Context
from mrt_roadmap.definitions import AcademicCalendar, Program
from mrt_roadmap.model_base import Model
from mrt_roadmap.profile import Education, EducationLevel, Profile
from mrt_roadmap.roadmap import Cost, Milestone, Reason
from mrt_roadmap.state import EducationRecord, PlanState
from mrt_roadmap.terms import last_term_start, term_weeks, terms_from

MAX_TERMS = 90
"""A program that would take more than 30 years of terms is reported as out of reach."""


def describe(rec: EducationRecord) -> str:
    """How an award reads in a sentence: "AS in him (CAHIIM)"."""
    parts = [rec.degree or rec.level.replace("_", " "), "in", rec.field]
    if rec.accreditation:
        parts.append(f"({', '.join(rec.accreditation)})")
    return " ".join(parts)


def with_program_facts(profile: Profile, programs: Mapping[str, Program]) -> Profile:
    """``profile`` with each education entry that names a catalog ``program`` completed from
    it: the level, degree and accreditation it leaves out, and its field when left at
    ``other`` (:func:`~mrt_roadmap.profile_checks.check_profile` has refused contradictions)."""
    filled = tuple(
        _filled(edu, programs[edu.program])
        if edu.program is not None and edu.program in programs
        else edu
        for edu in profile.education
    )
    if all(a is b for a, b in zip(filled, profile.education, strict=True)):
        return profile
    return attrs.evolve(profile, education=filled)


def _filled(edu: Education, program: Program) -> Education:
    if (
        edu.level is not None
        and edu.field != "other"
        and edu.degree is not None
        and edu.accreditation
    ):
        return edu
    # The credential schema gives a program's level the profile's levels.
    level = edu.level or cast("EducationLevel", program.level)
    return attrs.evolve(
        edu,
        level=level,
        field=program.field if edu.field == "other" else edu.field,
        degree=edu.degree or program.degree,
        accreditation=edu.accreditation or program.accreditation,
    )


@attrs.frozen(repr=False, eq=False)
class InProgressEnd(Model):
    """How an education entry in progress ends in the plan: the end used, the start of its last
    term, the credits of the award by then, and why (reasons and milestone details)."""

    end: dt.date
    last_term_start: dt.date | None
    credits: float
    why: tuple[Reason, ...] = ()
    details: Mapping[str, object] = attrs.field(factory=dict)


def in_progress_end(edu: Education, title: str, ctx: Context, start: dt.date) -> InProgressEnd:
    """The end of ``edu`` (in progress, with its expected ``end``) the plan uses.

    With a catalog ``program`` and ``credits_completed``, the credits left are planned term by
    term at the learner's pace from the first of the program's terms starting after ``as_of``
    (and on or after ``start``): that end is used, with an ``expected-end-differs`` warning when
    it is more than a term from the expected end. Otherwise the expected end is used; one that
    passed (``education-overdue``) becomes the end of the next term ending after ``as_of``."""
    assert edu.end is not None
    stated = edu.end
    program = ctx.catalog.programs.get(edu.program or "")
    done = edu.credits_completed
    if program is not None and done is not None and program.credits > done:
        remaining = program.credits - done
        earliest = max(ctx.as_of + dt.timedelta(days=1), start)
        planned = term_plan(ctx, program, earliest, remaining, enrolled=True)
        if not isinstance(planned, str):
            return _by_remaining_credits(edu, title, ctx, program, planned, done, remaining)
    calendar = (
        ctx.catalog.calendar(program.calendar)
        if program is not None
        else ctx.catalog.calendars.get("us_semester")
    )
    credits = done or 0
    if stated >= ctx.as_of:
        last = last_term_start(calendar, stated) if calendar is not None else None
        return InProgressEnd(stated, last, credits)
    term = _next_term_end(calendar, ctx.as_of, program.terms if program else None)
    end, last = (term[1], term[0]) if term else (ctx.as_of, None)
    ctx.warn(
        "education-overdue",
        f"{title}: expected end {stated.isoformat()} passed, program not recorded as "
        f"completed; the plan assumes it ends with the term ending {end.isoformat()}",
    )
    why = Reason(
        f"Expected end {stated.isoformat()} passed without the program being recorded as "
        f"completed: assumed to end with the term ending {end.isoformat()} (mark it completed, "
        "or give a new expected end)",
        "education.in_progress.overdue",
        verified=False,
    )
    return InProgressEnd(end, last, credits, (why,), {"expected_end": stated.isoformat()})


def _by_remaining_credits(
    edu: Education,
    title: str,
    ctx: Context,
    program: Program,
    planned: TermPlan,
    done: float,
    remaining: float,
) -> InProgressEnd:
    """The end of a catalog program in progress from the credits it has left."""
    assert edu.end is not None
    stated, end = edu.end, planned[-1].end
    calendar = ctx.catalog.calendar(program.calendar)
    prov = program.provenance
    load = ", ".join(f"{t.name} {t.start.year}: {t.credits}" for t in planned)
    why = [
        Reason(
            f"{done:g} of the {program.credits:g} credits of {program.name} done: {remaining:g} to "
            f"take from {planned[0].start.isoformat()}, ending {end.isoformat()} (your "
            f"expected end: {stated.isoformat()})",
            f"program.{program.id}",
            prov.source,
            prov.as_of,
            prov.verified,
        ),
        Reason(
            f"At {ctx.study_hours:g} study hours a week and about "
            f"{calendar.study_hours_per_credit:g} hours per credit per week: up to "
            f"{credits_per_term(ctx, program, 16):g} credits a semester (credits by term: {load})",
            f"calendar.{calendar.id}.study_load",
            calendar.study_hours_source,
            calendar.study_hours_as_of,
        ),
    ]
    if stated < ctx.as_of:
        ctx.warn(
            "education-overdue",
            f"{title}: expected end {stated.isoformat()} passed, program not recorded as "
            f"completed; the plan finishes its {remaining:g} remaining credits on "
            f"{end.isoformat()}",
            rule=f"program.{program.id}",
            source=prov.source,
        )
    elif _terms_apart(calendar, program.terms, stated, end) > 1:
        ctx.warn(
            "expected-end-differs",
            f"{title}: your expected end {stated.isoformat()} and the end the remaining credits "
            f"give ({remaining:g} of {program.credits:g} at {ctx.study_hours:g} study hours a "
            f"week: {end.isoformat()}) are more than a term apart; the plan uses "
            f"{end.isoformat()}",
            rule=f"program.{program.id}",
            source=prov.source,
        )
    details = {
        "program": program.id,
        "credits_completed": done,
        "credits_to_take": remaining,
        "expected_end": stated.isoformat(),
        "schedule": [
            {
                "term": t.name,
                "start": t.start.isoformat(),
                "end": t.end.isoformat(),
                "credits": t.credits,
            }
            for t in planned
        ],
    }
    return InProgressEnd(end, planned[-1].start, program.credits, tuple(why), details)


def _next_term_end(
    calendar: AcademicCalendar | None, day: dt.date, names: tuple[str, ...] | None
) -> tuple[dt.date, dt.date] | None:
    """(start, end) of the first term (of ``names``, if given) ending after ``day``."""
    if calendar is None:
        return None
    for name, start, end in terms_from(calendar, day - dt.timedelta(days=366)):
        if end > day and (names is None or name in names):
            return start, end
    return None  # pragma: no cover - a calendar always has a next term


def _terms_apart(calendar: AcademicCalendar, names: tuple[str, ...], a: dt.date, b: dt.date) -> int:
    """How many terms (of ``names``) separate the terms ``a`` and ``b`` fall in: the number of
    term starts after the earlier day, up to the later one."""
    lo, hi = sorted((a, b))
    count = 0
    for name, start, _ in terms_from(calendar, lo + dt.timedelta(days=1)):
        if start > hi:
            return count
        count += name in names
    return count  # pragma: no cover - terms_from never ends


def transfer_credits(program: Program, state: PlanState, on: dt.date) -> tuple[float, str | None]:
    """Most credits ``program`` accepts from one earlier award (or withdrawn program) finished
    by ``on``."""
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
                left = " (withdrawn)" if rec.withdrawn else ""
                note = f"{accepted:g} credits from your {describe(rec)}{left}: {rule.label}"
                best = (accepted, note)
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
    ctx: Context,
    program: Program,
    earliest: dt.date,
    remaining: float,
    *,
    enrolled: bool = False,
) -> TermPlan | str:
    """The terms to take ``remaining`` credits of ``program`` from the first cohort start on or
    after ``earliest`` (``enrolled``: from the first of its terms, the learner is in the program
    already); or why it cannot be done. Kept in the planner's shared memo: it depends on the
    catalog and these values only."""
    key = ("terms", program.id, earliest, remaining, ctx.study_hours, enrolled)
    return ctx.shared.get(key, lambda: _term_plan(ctx, program, earliest, remaining, enrolled))


def _term_plan(
    ctx: Context, program: Program, earliest: dt.date, remaining: float, enrolled: bool = False
) -> TermPlan | str:
    calendar = ctx.catalog.calendar(program.calendar)
    terms: list[ScheduledTerm] = []
    started = enrolled
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

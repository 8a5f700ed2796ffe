"""Where a plan starts: the learner's dated facts as the first :class:`PlanState`.

The profile is checked against the catalog, made canonical (credential aliases resolved, a
catalog program's facts filled in) and turned into the plan's :class:`Context` and its first
state: the education, credentials and jobs recorded so far, each with its milestone.
"""

from __future__ import annotations

import datetime as dt

import attrs
from dateutil.relativedelta import relativedelta

from mrt_roadmap.catalog import Catalog
from mrt_roadmap.context import Context, PlanCredential, SharedMemo
from mrt_roadmap.errors import ProfileError
from mrt_roadmap.exams import passed_not_held
from mrt_roadmap.goals import wants_bachelor
from mrt_roadmap.model_base import FrozenDict, Model, freeze
from mrt_roadmap.pluginmanager import PluginHost
from mrt_roadmap.profile import Education, Profile, is_checked, load_profile
from mrt_roadmap.profile_checks import check_profile
from mrt_roadmap.profile_validation import ProfileSource, find_problems
from mrt_roadmap.programs import in_progress_end, with_program_facts
from mrt_roadmap.roadmap import Milestone, Reason
from mrt_roadmap.state import CredentialRecord, EducationRecord, JobRecord, PlanState


@attrs.frozen(repr=False, eq=False)
class PlanStart(Model):
    """A plan ready to search: the checked, canonical profile, its context and first state."""

    profile: Profile
    context: Context
    state: PlanState


def start_plan(
    profile: ProfileSource,
    *,
    host: PluginHost,
    catalog: Catalog,
    shared: SharedMemo,
    plan_credential: PlanCredential,
    as_of: dt.date | None = None,
    horizon_years: int | None = None,
) -> PlanStart:
    """Check ``profile`` (a :class:`ProfileError` names every problem) and start its plan on
    ``as_of`` (default: the profile's), ``horizon_years`` ahead (default: the profile's)."""
    profile = checked_profile(profile, catalog, as_of=as_of, horizon_years=horizon_years)
    as_of = as_of or profile.as_of
    problems = check_profile(profile, catalog, as_of, horizon_years)
    if problems:  # in the order validate() gives them
        raise ProfileError(sorted(problems, key=lambda p: (p.path, p.code, p.message)))
    assert as_of is not None
    profile = with_program_facts(canonical_profile(profile, catalog), catalog.programs)
    years = horizon_years or profile.goals.horizon_years
    horizon = as_of + relativedelta(years=years)
    start = max(as_of, profile.availability.start or as_of)
    ctx = Context(
        profile=profile,
        catalog=catalog,
        host=host,
        as_of=as_of,
        horizon=horizon,
        study_hours=profile.availability.study_hours_per_week,
        job_hours=profile.preferences.job_hours_per_week,
        wants_bachelor=wants_bachelor(profile, catalog),
        plan_credential=plan_credential,
        shared=shared,
    )
    return PlanStart(profile, ctx, initial_state(profile, ctx, start))


def checked_profile(
    source: ProfileSource,
    catalog: Catalog,
    *,
    as_of: dt.date | None = None,
    horizon_years: int | None = None,
) -> Profile:
    """The :class:`Profile` of ``source`` (see :data:`ProfileSource`), checked against the
    schema; when it fails, the :class:`ProfileError` lists every problem, meaning included."""
    if isinstance(source, Profile) and is_checked(source):
        return source
    try:
        return load_profile(source, as_of=as_of)
    except ProfileError as exc:
        found = find_problems(source, catalog, as_of=as_of, horizon_years=horizon_years)
        raise ProfileError(found or exc.problems, what=exc.what) from None


def canonical_profile(profile: Profile, catalog: Catalog) -> Profile:
    """Aliases resolved to canonical credential ids (a former name to the current id), and
    the plugins' settings read-only (plugins receive this profile: none may change the
    caller's)."""
    if type(profile.plugins) is not FrozenDict:
        profile = attrs.evolve(profile, plugins=freeze(profile.plugins))
    resolve = catalog.resolve_credential
    ids = [*(h.id for h in profile.credentials), *profile.goals.credentials]
    goal_ids = profile.goals.credentials
    if all(resolve(i) in (None, i) for i in ids) and len(set(goal_ids)) == len(goal_ids):
        return profile  # already canonical (the usual case): no copies
    held = tuple(
        attrs.evolve(
            h,
            id=resolve(h.id) or h.id,
            alias=h.alias or (h.id if (resolve(h.id) or h.id) != h.id else None),
        )
        for h in profile.credentials
    )
    goals = attrs.evolve(
        profile.goals,
        credentials=tuple(dict.fromkeys(resolve(c) or c for c in profile.goals.credentials)),
    )
    return attrs.evolve(profile, credentials=held, goals=goals)


def initial_state(profile: Profile, ctx: Context, start: dt.date) -> PlanState:
    """The plan state of the learner's dated facts: education, credentials held or passed, and
    jobs started by ``as_of``; the education track is free after any program in progress."""
    as_of = ctx.as_of
    education = []
    milestones = []
    track_free = start
    for index, edu in enumerate(profile.education):
        record, milestone = _profile_education(index, edu, ctx, start)
        education.append(record)
        if milestone is not None:
            milestones.append(milestone)
        if edu.status == "in_progress" and record.end is not None:
            track_free = max(track_free, record.end + dt.timedelta(days=1))
    credentials = []
    for held in profile.credentials:
        mid = f"credential.{held.id}"
        credentials.append(CredentialRecord(held.id, held.earned, held.earned, False, mid))
        cred = ctx.catalog.credentials[held.id]
        milestones.append(
            Milestone(
                id=mid,
                kind="credential",
                title=f"{cred.name} ({cred.id}) held",
                start=held.earned,
                end=held.earned,
                credential=cred.id,
                why=(Reason("From your profile"),),
            )
        )
    for passed in passed_not_held(profile, ctx):
        credentials.append(passed.record)
        milestones.append(passed.milestone)
    jobs = []
    for exp in profile.experience:
        if exp.start > as_of:
            continue  # a job that has not started is not a fact yet
        # Accrued from the job's own start, whatever as_of is: replanning later never
        # moves the day a requirement is reached.
        jobs.append(
            JobRecord(
                area=exp.area,
                start=exp.start,
                hours_per_week=exp.hours_per_week,
                end=exp.end,
            )
        )
    return PlanState(
        as_of=as_of,
        start=start,
        education=tuple(education),
        credentials=tuple(credentials),
        jobs=tuple(jobs),
        milestones=tuple(milestones),
        track_free=track_free,
    )


def _profile_education(
    index: int, edu: Education, ctx: Context, start: dt.date
) -> tuple[EducationRecord, Milestone | None]:
    """The award record and milestone of profile entry ``index`` (its level, field, degree
    and accreditation already filled from its catalog program: ``with_program_facts``)."""
    completed = edu.status == "completed"
    withdrawn = edu.status == "withdrawn"
    level = edu.level
    assert level is not None  # check_profile: a level, or a catalog program that gives it
    program = ctx.catalog.programs.get(edu.program) if edu.program else None
    title = _education_title(
        level, edu.degree, edu.field, edu.institution, program.name if program else None
    )
    end = edu.end if edu.end is not None else (ctx.as_of if completed or withdrawn else None)
    credits = edu.credits if completed else (edu.credits_completed or 0)
    last_term = None
    why: tuple[Reason, ...] = ()
    details: dict[str, object] = {}
    if edu.status == "in_progress" and edu.end is not None:
        finish = in_progress_end(edu, title, ctx, start)
        end, last_term, credits = finish.end, finish.last_term_start, finish.credits
        why, details = finish.why, dict(finish.details)
    mid = f"education.profile.{index}"
    record = EducationRecord(
        level=level,
        field=edu.field,
        credits=credits,
        end=end,
        degree=edu.degree,
        accreditation=edu.accreditation,
        courses=tuple((c.name, c.semesters) for c in edu.courses),
        start=edu.start,
        last_term_start=last_term,
        program=edu.program,
        completed=completed,
        milestone=mid if (edu.end or edu.start) else None,
        withdrawn=withdrawn,
    )
    if not (edu.end or edu.start):
        return record, None
    last = end if edu.status == "in_progress" else (edu.end or edu.start)
    first = edu.start or last
    assert first is not None
    assert last is not None
    milestone = Milestone(
        id=mid,
        kind="education",
        title=title,
        start=first,
        end=last,
        why=(Reason("From your profile" + _EDUCATION_STATUS[edu.status]), *why),
        details={"credits": credits, "accreditation": list(edu.accreditation), **details},
    )
    return record, milestone


_EDUCATION_STATUS = {
    "completed": "",
    "in_progress": " (in progress)",
    "withdrawn": " (withdrawn: its credits count, the award does not)",
}

_LEVEL_NAMES = {
    "high_school": "High-school diploma",
    "certificate": "Certificate",
    "associate": "Associate degree",
    "bachelor": "Bachelor's degree",
    "post_bacc_certificate": "Post-baccalaureate certificate",
    "master": "Master's degree",
    "doctorate": "Doctorate",
}


_FIELD_NAMES = {
    "him": "health information management",
    "hit": "health information technology",
    "cancer_registry": "cancer registry management",
}
"""Readable names of the field codes a profile uses (others: the code with spaces)."""


def _education_title(
    level: str,
    degree: str | None,
    field: str,
    institution: str | None,
    program_name: str | None = None,
) -> str:
    """The catalog program's name when the entry names one; else the degree (or level) in the
    field, readable (``AAS degree in health information management``)."""
    if program_name:
        title = program_name
    else:
        title = (
            f"{degree} degree" if degree and degree.isupper() else _LEVEL_NAMES.get(level, level)
        )
        if field and field != "other" and level != "high_school":
            title += f" in {_FIELD_NAMES.get(field, field.replace('_', ' '))}"
    if institution:
        title += f" ({institution})"
    return title

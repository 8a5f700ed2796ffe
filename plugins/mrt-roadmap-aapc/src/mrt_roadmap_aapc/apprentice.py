"""Apprentice status: CPC/COC passed with under two years of coding experience is CPC-A/COC-A,
until the learner proves two years' equivalency. This module dates that proof.

Ways (AAPC apprenticeship pages, current and older):

1. 2 years of coding experience verified by employers (externships count; experience before
   certification counts);
2. 1 year of experience + an 80-contact-hour coding course (the course counts as 1 year);
3. Practicode counts as 1 year, so 1 year + Practicode, or the course + Practicode, also work;
   Practicode's completion time is not in our sources, so those ways are not dated.

Coding experience = the profile's coding experience + planned coding jobs in the roadmap (the
core's ``job`` milestones for the ``coding`` area; a coding-ladder role that is one of the
learner's goals is assumed to be taken, full time, from the day the learner qualifies).
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

import attrs

from mrt_roadmap.plugin import FTE_HOURS_PER_WEEK, JobRecord, Milestone, Reason

if TYPE_CHECKING:
    from mrt_roadmap.plugin import Profile, Roadmap

AREA = "coding"
APPRENTICE_CREDENTIALS = ("CPC", "COC")
FULL_MONTHS = 24
WITH_COURSE_MONTHS = 12
APPR = "https://aapc.com/certifications/cpc/complete-your-cpc-apprenticeship"
APPR_OLD = "https://www.aapc.com/certification/apprentice_status.aspx"
FORUM = "https://aapc.com"
PRACTICODE = (
    "https://aapc.helpjuice.com/en_US/learners/practicode-faq-what-learners-actually-want-to-know"
)
CURRENT = dt.date(2026, 1, 1)
OLDER = dt.date(2015, 1, 1)
FORUM_AS_OF = dt.date(2019, 9, 1)


@attrs.frozen
class CodingWork:
    """Coding experience as one accrual: months banked, plus an ongoing job from ``start``."""

    prior_months: float
    start: dt.date | None
    hours_per_week: float
    milestones: tuple[str, ...] = ()
    assumed: tuple[str, ...] = ()

    def _job(self) -> JobRecord | None:
        if self.start is None:
            return None
        return JobRecord(AREA, self.start, self.hours_per_week, self.prior_months)

    def months_on(self, on: dt.date) -> float:
        job = self._job()
        return self.prior_months if job is None else job.fte_months_on(on)

    def date_reaching(self, months: float, as_of: dt.date) -> dt.date | None:
        if self.prior_months >= months:
            return as_of
        job = self._job()
        return None if job is None else job.date_reaching(months)


def coding_work(profile: Profile, roadmap: Roadmap) -> CodingWork:
    """The learner's coding experience: profile entries plus planned coding jobs."""
    as_of = roadmap.as_of
    prior = 0.0
    starts: list[tuple[dt.date, float, str | None, str | None]] = []
    for exp in profile.experience:
        if exp.area != AREA:
            continue
        prior += exp.months_on(as_of) * min(1.0, exp.hours_per_week / FTE_HOURS_PER_WEEK)
        if exp.ongoing_on(as_of):
            starts.append((as_of, exp.hours_per_week, None, None))
    job_hours = profile.preferences.job_hours_per_week or FTE_HOURS_PER_WEEK
    goal_roles = {g.target for g in roadmap.goals if g.kind == "role"}
    for m in roadmap.by_kind("job"):
        if m.details.get("area") == AREA:
            starts.append(
                (m.start, float(m.details.get("hours_per_week") or job_hours), m.id, None)
            )
        elif m.details.get("ladder") == AREA and m.details.get("role") in goal_roles:
            starts.append((m.start, job_hours, m.id, m.title.removeprefix("Eligible for ")))
    if not starts:
        return CodingWork(prior, None, 0)
    start, hours, mid, assumed = min(starts, key=lambda s: (s[0], s[2] or ""))
    return CodingWork(prior, start, hours, (mid,) if mid else (), (assumed,) if assumed else ())


def _fmt(day: dt.date | None) -> str:
    return day.isoformat() if day else "not reached in this plan"


def removal_milestone(
    cid: str,
    earned: dt.date,
    work: CodingWork,
    *,
    held: bool,
    course: bool,
    as_of: dt.date,
    depends: tuple[str, ...],
) -> Milestone:
    """The "Remove the -A" advancement on the first day a way is met; when no way can be dated
    in this plan (no coding work planned or logged), the apprentice status itself, from the day
    the credential is earned, with the ways to remove it."""
    two_years = work.date_reaching(FULL_MONTHS, as_of)
    one_year = work.date_reaching(WITH_COURSE_MONTHS, as_of)
    dated = [d for d in (two_years, one_year if course else None) if d is not None]
    day = max(min(dated), earned, as_of) if dated else max(earned, as_of)
    months = work.months_on(earned)
    status = (
        f"you hold {cid}-A"
        if held
        else f"you will pass {cid} with about {months:.0f} months of coding experience"
    )
    why = [
        Reason(
            f"{cid}: {status}; passing {cid} without 2 years of coding experience gives the "
            f"apprentice designation {cid}-A until you prove 2 years' equivalency",
            "AAPC.apprentice",
            APPR,
            CURRENT,
        ),
        Reason(
            f"Way 1 - 2 years of coding experience verified by employers (externships count; "
            f"experience before certification counts): reached {_fmt(two_years)}",
            "AAPC.apprentice.two_years",
            APPR,
            CURRENT,
        ),
        Reason(
            "Way 2 - 1 year of experience + an 80-contact-hour coding course (the course counts "
            f"as 1 year): 1 year reached {_fmt(one_year)}; "
            + (
                "you completed the course"
                if course
                else "you have not reported completing the course (profile plugins.aapc."
                "completed_80_hour_course)"
            ),
            "AAPC.apprentice.course",
            APPR_OLD,
            OLDER,
        ),
        Reason(
            "Way 3 - Practicode counts as 1 year: 1 year of experience + Practicode, or the "
            "80-hour course + Practicode together (no job needed); not dated here because no "
            "source gives Practicode's completion time (its access clock starts at purchase)",
            "AAPC.apprentice.practicode",
            APPR_OLD,
            OLDER,
        ),
        Reason(
            "Proof: letters on company letterhead, hand-signed and dated, giving start and end "
            "dates, sent as a PDF; only employers, supervisors or HR may verify the experience",
            "AAPC.apprentice.letters",
            APPR,
            CURRENT,
        ),
        Reason(
            "Allow 2-4 weeks for AAPC to process the removal (reply on AAPC's forum, Sep 2019)",
            "AAPC.apprentice.processing",
            FORUM,
            FORUM_AS_OF,
            verified=False,
        ),
        Reason(
            "No time-based expiry of the -A was found: it does not drop by itself after a "
            "year; you must apply. Meanwhile keep the credential like any AAPC credential "
            "(dues + CEUs)",
            "AAPC.apprentice.no_expiry",
            APPR,
            CURRENT,
            verified=False,
        ),
    ]
    if not dated:
        why.append(
            Reason(
                "No coding work is logged or planned in this roadmap, so it cannot date the "
                "removal: the designation stays until you meet a way above. Log your coding "
                "jobs in the profile (experience), or aim at a coding role, to have it dated",
                "AAPC.apprentice.undated",
                APPR,
                CURRENT,
            )
        )
    for role in work.assumed:
        why.append(
            Reason(
                f"Assumed: you start work as {role} on {work.start} (your goal role), "
                f"{work.hours_per_week:g} hours a week",
                "AAPC.apprentice.assumed_job",
                verified=False,  # an assumption of the plan, not a sourced rule
            )
        )
    ways: list[dict[str, Any]] = [
        {
            "way": "2 years of coding experience",
            "date": two_years.isoformat() if two_years else None,
        },
        {
            "way": "1 year of experience + 80-hour course",
            "completed_course": course,
            "date": one_year.isoformat() if (course and one_year) else None,
            "one_year_experience": one_year.isoformat() if one_year else None,
        },
        {"way": "80-hour course + Practicode, or 1 year + Practicode", "date": None},
    ]
    title = (
        f"Remove the -A ({cid}-A to {cid})"
        if dated
        else f"{cid}-A: apprentice status until you prove 2 years' equivalency"
    )
    return Milestone(
        id=f"aapc.remove_apprentice.{cid}" if dated else f"aapc.apprentice.{cid}",
        kind="advancement",
        title=title,
        start=day,
        end=day,
        credential=cid,
        depends_on=tuple(dict.fromkeys((*depends, *work.milestones))),
        why=tuple(why),
        details={
            "from": f"{cid}-A",
            "to": cid,
            "earned": earned.isoformat(),
            "held": held,
            "coding_months_at_credential": round(months, 1),
            "ways": ways,
            "processing_weeks": [2, 4],
            "processing_verified": False,
            "removal_dated": bool(dated),
        },
    )


def apprentice_milestones(profile: Profile, roadmap: Roadmap) -> list[Milestone]:
    """An advancement milestone per CPC/COC held as "-A" or planned with < 24 months of coding."""
    work = coding_work(profile, roadmap)
    settings = profile.plugins.get("aapc") or {}
    course = bool(settings.get("completed_80_hour_course", False))
    out = []
    for cid in APPRENTICE_CREDENTIALS:
        held = profile.holds(cid)
        if held is not None:
            if (held.alias or "").upper() != f"{cid}-A":
                continue
            earned, depends = held.earned, (f"credential.{cid}",)
        else:
            planned = [
                m
                for m in roadmap.by_kind("credential")
                if m.credential == cid and m.status != "done"
            ]
            if not planned:
                continue
            earned, depends = planned[0].end, (planned[0].id,)
            if work.months_on(earned) >= FULL_MONTHS:
                continue
        milestone = removal_milestone(
            cid,
            earned,
            work,
            held=held is not None,
            course=course,
            as_of=roadmap.as_of,
            depends=depends,
        )
        out.append(milestone)
    return out

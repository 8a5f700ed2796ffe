"""Booking an exam: eligibility, authorization, preparation, the issuer's dates, the fee."""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Sequence

import attrs

from mrt_roadmap.context import Context
from mrt_roadmap.definitions import Credential, Exam, Fee
from mrt_roadmap.model_base import Model
from mrt_roadmap.roadmap import Cost, Milestone, Reason
from mrt_roadmap.state import PlanState
from mrt_roadmap.terms import add_business_days


@attrs.frozen(repr=False, eq=False)
class BookedExam(Model):
    """The exam milestone, its day, when the credential can be used, and the evolved state."""

    state: PlanState
    milestone: Milestone
    day: dt.date
    earned: dt.date
    prep_known: bool


def fee_amount(fees: Sequence[Fee], member: bool) -> tuple[float | None, Fee | None]:
    """The latest fee and its member or non-member amount (``None`` where no source gives it)."""
    if not fees:
        return None, None
    fee = max(fees, key=lambda f: f.provenance.as_of)
    return (fee.member if member else fee.non_member), fee


def schedule_exam(
    cred: Credential,
    exam: Exam,
    state: PlanState,
    ctx: Context,
    *,
    eligible: dt.date,
    exam_from: dt.date,
    deps: Sequence[str],
    reasons: Sequence[Reason],
) -> BookedExam:
    """Book ``cred``'s exam once the learner may sit it (``exam_from``; earlier than
    ``eligible`` for early testers), is authorized and, where a source gives preparation time,
    prepared; a plugin may move the day (testing windows)."""
    ends = {m.id: m.end for m in state.milestones}
    _warn_unknown_timing(cred, exam, ctx)
    earliest = add_business_days(max(exam_from, state.start), exam.processing_business_days or 0)
    prep_note = None
    prep_known = True
    programs = ctx.catalog.programs
    covered = any(
        cred.id in programs[r.program].awards_credentials_prep
        for r in state.education
        if r.milestone in deps and r.program is not None and r.program in programs
    )
    prep_start = None
    if exam.prep_hours and not covered:
        prep_start = max(state.education_track_free(), state.start)
        weeks = exam.prep_hours / ctx.study_hours
        prep_end = prep_start + dt.timedelta(days=math.ceil(weeks * 7))
        earliest = max(earliest, prep_end)
        state = state.replace(track_free=prep_end + dt.timedelta(days=1))
        prep_note = (
            f"Prepare for about {exam.prep_hours:g} hours: {weeks:.1f} weeks at "
            f"{ctx.study_hours:g} hours a week"
        )
    elif not exam.prep_hours and not covered:
        prep_known = False
        prep_note = (
            "No source gives a typical preparation time for this exam: the plan puts the "
            "exam on the first day you are eligible; allow time to prepare"
        )
    choice = ctx.host.exam_date(cred, earliest, ctx.profile, ctx.runtime)
    plugin, day = choice.plugin, choice.day
    result_day = day + dt.timedelta(days=exam.result_delay_days or 0)
    member = bool({cred.issuer.upper(), (cred.membership or "").upper()} & ctx.members_of)
    amount, fee = fee_amount(exam.fees, member)
    cost = Cost(None, f"{cred.id} exam fee not in our sources")
    if fee is not None:
        cost = Cost(
            amount,
            f"{fee.label} ({'member' if member else 'non-member'})",
            fee.currency,
            fee.provenance.source,
            fee.provenance.as_of,
        )
    why = [
        *reasons,
        *_exam_reasons(
            cred,
            exam,
            fee,
            plugin,
            prep_note,
            early=exam_from < eligible,
            date_reason=choice.reason,
        ),
    ]
    start = prep_start or day
    milestone = Milestone(
        id=f"exam.{cred.id}",
        kind="exam",
        title=f"Sit the {cred.id} exam",
        start=start,
        end=day,
        credential=cred.id,
        depends_on=tuple(d for d in deps if ends.get(d, dt.date.min) <= start),
        why=tuple(why),
        cost=cost,
        details={
            "exam_date": day.isoformat(),
            "result_date": result_day.isoformat(),
            "eligible_from": earliest.isoformat(),
            "retake_wait_days": exam.retake_wait_days,
            "testing": exam.testing,
        },
    )
    return BookedExam(state, milestone, day, max(result_day, eligible), prep_known)


def _warn_unknown_timing(cred: Credential, exam: Exam, ctx: Context) -> None:
    """Warn about each exam delay no source gives (the plan assumes none). The message names
    the credential and the source of its exam facts."""
    source = exam.provenance.source
    if exam.processing_business_days is None:
        ctx.warn(
            "unknown-processing-time",
            f"{cred.id}: no source gives the time from application to authorization to test "
            f"(exam facts from {source}); the plan assumes none, so allow extra time",
            source=source,
        )
    if exam.result_delay_days is None:
        ctx.warn(
            "unknown-result-time",
            f"{cred.id}: no source gives how long exam results take (exam facts from {source}); "
            "the plan assumes results on the exam day, so allow extra time",
            source=source,
        )


def _exam_reasons(
    cred: Credential,
    exam: Exam,
    fee: Fee | None,
    plugin: str | None,
    prep_note: str | None,
    *,
    early: bool,
    date_reason: Reason | None = None,
) -> list[Reason]:
    window = (
        f" (within {exam.scheduling_window_days} days of approval)"
        if exam.scheduling_window_days
        else ""
    )
    prov = exam.provenance
    processing = (
        f"{exam.processing_business_days} business days"
        if exam.processing_business_days is not None
        else "time not in our sources"
    )
    why = [
        Reason(
            f"Apply, receive authorization to test ({processing}) and sit the exam{window}",
            f"{cred.id}.exam",
            prov.source,
            prov.as_of,
            prov.verified,
        )
    ]
    if early:
        why.append(
            Reason(
                "Early testing: students in their last term of an accredited program may sit the "
                "exam before graduating",
                f"{cred.id}.exam.early_testing",
                prov.source,
                prov.as_of,
                prov.verified,
            )
        )
    if date_reason is not None:
        why.append(date_reason)
    elif plugin is not None:
        why.append(
            Reason(
                f"Exam date set by plugin {plugin} (it gave no reason)",
                f"{cred.id}.exam.date",
                verified=False,
            )
        )
    if prep_note:
        why.append(Reason(prep_note, f"{cred.id}.exam.prep"))
    if exam.retake_wait_days is not None:
        why.append(
            Reason(
                f"If you do not pass, the wait before a retake is {exam.retake_wait_days} days "
                "(new application and fee)",
                f"{cred.id}.exam.retake",
                exam.retake_source,
                exam.retake_as_of,
                exam.retake_verified,
            )
        )
    if fee is not None:
        member = f"${fee.member:g}" if fee.member is not None else "not published"
        other = f"${fee.non_member:g}" if fee.non_member is not None else "not published"
        why.append(
            Reason(
                f"{fee.label}: member {member}, non-member {other}",
                f"{cred.id}.exam.fee",
                fee.provenance.source,
                fee.provenance.as_of,
                fee.provenance.verified,
            )
        )
    return why

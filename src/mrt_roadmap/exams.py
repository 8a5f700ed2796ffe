"""Booking an exam: eligibility, authorization, preparation, the issuer's dates, the fee."""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Sequence

import attrs

from mrt_roadmap.context import Context
from mrt_roadmap.definitions import Credential, Exam, Fee
from mrt_roadmap.model_base import Model
from mrt_roadmap.profile import ExamAttempt, Profile
from mrt_roadmap.roadmap import Cost, Milestone, Reason
from mrt_roadmap.state import CredentialRecord, PlanState
from mrt_roadmap.terms import add_business_days


@attrs.frozen(repr=False, eq=False)
class BookedExam(Model):
    """The exam milestone, its day, when the credential can be used, and the evolved state."""

    state: PlanState
    milestone: Milestone
    day: dt.date
    earned: dt.date
    prep_known: bool


@attrs.frozen(repr=False, eq=False)
class Retake(Model):
    """The next attempt after a failed one: the first day it may be sat, and why."""

    day: dt.date
    why: Reason


@attrs.frozen(repr=False, eq=False)
class PassedExam(Model):
    """A credential whose exam the profile records as passed but which it does not list as
    held: the record and milestone the plan counts it with."""

    record: CredentialRecord
    milestone: Milestone


def _attempts(ctx: Context, credential: str) -> list[ExamAttempt]:
    """The profile's attempts at ``credential``'s exam (aliases resolved), by date."""
    resolve = ctx.catalog.resolve_credential
    found = [
        a
        for a in ctx.profile.progress.exam_attempts
        if (resolve(a.credential) or a.credential) == credential
    ]
    return sorted(found, key=lambda a: (a.date, a.result))


def retake(cred: Credential, exam: Exam, ctx: Context) -> Retake | None:
    """When the latest attempt at ``cred``'s exam failed: the next attempt waits the issuer's
    retake wait from it (an unknown wait: the next day, with a ``retake-wait-unknown``
    warning)."""
    attempts = _attempts(ctx, cred.id)
    if not attempts or attempts[-1].result != "failed":
        return None
    failed = attempts[-1].date
    rule = f"{cred.id}.exam.retake"
    if exam.retake_wait_days is None:
        day = failed + dt.timedelta(days=1)
        ctx.warn(
            "retake-wait-unknown",
            f"{cred.id}: you failed the exam on {failed.isoformat()} and no source gives "
            f"{cred.issuer}'s wait before a retake; the plan allows the next attempt from "
            f"{day.isoformat()}, so check the wait with {cred.issuer}",
            rule=rule,
            source=exam.provenance.source,
        )
        text = (
            f"You failed the exam on {failed.isoformat()}; {cred.issuer}'s retake wait is not in "
            f"our sources: next attempt from {day.isoformat()}"
        )
        return Retake(day, Reason(text, rule, verified=False))
    day = failed + dt.timedelta(days=exam.retake_wait_days)
    text = (
        f"You failed the exam on {failed.isoformat()}; {cred.issuer}'s retake wait is "
        f"{exam.retake_wait_days} days: next attempt from {day.isoformat()}"
    )
    source = exam.retake_source or exam.provenance.source
    as_of = exam.retake_as_of or exam.provenance.as_of
    verified = exam.retake_verified if exam.retake_source else False
    return Retake(day, Reason(text, rule, source, as_of, verified))


def passed_not_held(profile: Profile, ctx: Context) -> list[PassedExam]:
    """Credentials whose exam ``profile`` records as passed (``progress.exam_attempts``) but
    does not list under ``credentials``: earned on the exam day plus the exam's result delay
    (the exam day when no source gives it), each with a ``passed-not-held`` warning."""
    resolve = ctx.catalog.resolve_credential
    held = {resolve(h.id) or h.id for h in profile.credentials}
    found: list[PassedExam] = []
    for attempt in sorted(profile.progress.exam_attempts, key=lambda a: (a.date, a.credential)):
        cid = resolve(attempt.credential) or attempt.credential
        if attempt.result != "passed" or cid in held or cid not in ctx.catalog.credentials:
            continue
        held.add(cid)
        cred = ctx.catalog.credentials[cid]
        delay = cred.exam.result_delay_days if cred.exam is not None else None
        earned = attempt.date + dt.timedelta(days=delay or 0)
        ctx.warn(
            "passed-not-held",
            f"{cid}: you passed its exam on {attempt.date.isoformat()} but your profile does "
            f"not list it under credentials; the plan counts it as earned on "
            f"{earned.isoformat()}: add it to credentials with the date it was granted",
        )
        why = [Reason(f"You passed the exam on {attempt.date.isoformat()} (from your profile)")]
        if cred.exam is not None and delay is not None:
            prov = cred.exam.provenance
            why.append(
                Reason(
                    f"Results {delay} days after the exam",
                    f"{cid}.exam",
                    prov.source,
                    prov.as_of,
                    prov.verified,
                )
            )
        else:
            why.append(
                Reason(
                    "No source gives how long results take: counted as earned on the exam day",
                    f"{cid}.exam.results",
                    verified=False,
                )
            )
        mid = f"credential.{cid}"
        milestone = Milestone(
            id=mid,
            kind="credential",
            title=f"{cred.name} ({cred.id}) exam passed",
            start=earned,
            end=earned,
            credential=cid,
            why=tuple(why),
        )
        found.append(PassedExam(CredentialRecord(cid, earned, attempt.date, False, mid), milestone))
    return found


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
    after_failure = retake(cred, exam, ctx)
    if after_failure is not None:
        earliest = max(earliest, after_failure.day)
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
    if after_failure is not None:
        why.append(after_failure.why)
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

"""The plan being built, as immutable values the planner evolves step by step.

Plugins read a :class:`PlanState` in ``mrt_roadmap_requirement_status`` and return a
:class:`RequirementStatus`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

import attrs

from mrt_roadmap.definitions import Credential
from mrt_roadmap.model_base import Model
from mrt_roadmap.profile import CeActivity, CeLog
from mrt_roadmap.roadmap import Cost, Milestone, Reason

FTE_HOURS_PER_WEEK = 37.5
"""The planner's default full-time week (1,950 hours a year), used only where neither an
experience requirement nor its area defines full time (:class:`~mrt_roadmap.definitions.FullTime`),
and for planned jobs where the profile gives no ``job_hours_per_week``."""
AVERAGE_WEEKS_PER_MONTH = 52 / 12


@attrs.frozen(repr=False, eq=False)
class EducationRecord(Model):
    """An award: held (from the profile) or planned (a scheduled program)."""

    level: str
    field: str
    credits: float
    end: dt.date | None
    degree: str | None = None
    accreditation: tuple[str, ...] = ()
    courses: tuple[tuple[str, int], ...] = ()
    start: dt.date | None = None
    last_term_start: dt.date | None = None
    program: str | None = None
    completed: bool = True
    planned: bool = False
    milestone: str | None = None
    withdrawn: bool = False
    """Left before finishing: its credits count (and may transfer), the award does not."""

    def course_semesters(self, name: str) -> int:
        return sum(n for c, n in self.courses if c == name)


@attrs.frozen(repr=False, eq=False)
class CredentialRecord(Model):
    """A credential held or planned: exam date and the date its letters may be used."""

    id: str
    earned: dt.date
    exam: dt.date | None = None
    planned: bool = False
    milestone: str | None = None
    prep_known: bool = True
    """False when the exam's preparation time is in no source (the date is then optimistic)."""


@attrs.frozen(repr=False, eq=False)
class JobRecord(Model):
    """Work in one area from ``start`` (``end`` None = ongoing), with FTE months already banked.

    ``prior_months`` are full-time-equivalent months under the default full-time week, worked
    at ``hours_per_week``: under another definition (``full_time_hours``) they are rescaled."""

    area: str
    start: dt.date
    hours_per_week: float
    prior_months: float = 0
    end: dt.date | None = None
    planned: bool = False
    milestone: str | None = None
    role: str | None = None

    def fte(self, full_time_hours: float = FTE_HOURS_PER_WEEK) -> float:
        """The share of full time this job's weekly hours make (at most 1)."""
        return min(1.0, self.hours_per_week / full_time_hours)

    def prior_fte_months(self, full_time_hours: float = FTE_HOURS_PER_WEEK) -> float:
        """``prior_months`` under a ``full_time_hours`` week."""
        if full_time_hours == FTE_HOURS_PER_WEEK:
            return self.prior_months
        base = self.fte()
        return self.prior_months * self.fte(full_time_hours) / base if base > 0 else 0.0

    def fte_months_on(self, on: dt.date, full_time_hours: float = FTE_HOURS_PER_WEEK) -> float:
        """Full-time-equivalent months accrued by ``on`` (full time: ``full_time_hours`` a week)."""
        months = self.prior_fte_months(full_time_hours)
        stop = on if self.end is None else min(on, self.end)
        if stop > self.start:
            weeks = (stop - self.start).days / 7
            months += weeks / AVERAGE_WEEKS_PER_MONTH * self.fte(full_time_hours)
        return months

    def date_reaching(
        self, fte_months: float, full_time_hours: float = FTE_HOURS_PER_WEEK
    ) -> dt.date | None:
        """First day on which the FTE months reach ``fte_months`` (``None`` if never)."""
        prior = self.prior_fte_months(full_time_hours)
        if prior >= fte_months:
            return self.start
        fte = self.fte(full_time_hours)
        if fte <= 0:
            return None
        weeks = (fte_months - prior) * AVERAGE_WEEKS_PER_MONTH / fte
        day = self.start + dt.timedelta(days=int(-(-weeks * 7 // 1)))
        if self.end is not None and day > self.end:
            return None
        return day


@attrs.frozen(repr=False, eq=False)
class Holding(Model):
    """A credential held or planned, handed to ``mrt_roadmap_maintenance``.

    ``ce_log`` holds the profile's CE entries that count for a held credential: those naming it
    (aliases resolved to its canonical id) and those naming no credential but reported to its
    issuer, by date. The same entry object is in the log of every credential it counts for, so
    a total combined across credentials counts it once (:meth:`combined_log`).
    ``ce_earned_current_cycle`` (the log's sum for the cycle containing ``as_of``) is kept for
    plugins written before the log. ``replaced_on`` is set when another credential replaces
    this one (its ``replaces``).
    """

    credential: Credential
    earned: dt.date
    planned: bool
    ce_earned_current_cycle: float = 0
    replaced_on: dt.date | None = None
    milestone: str | None = None
    exam: dt.date | None = None
    """Day the exam is (or was) passed, where known; before ``earned`` for early testers."""
    exam_milestone: str | None = None
    ce_log: CeLog = attrs.field(default=CeLog(), converter=CeLog)
    """The CE entries counting for it, in date order (a :class:`~mrt_roadmap.profile.CeLog`)."""
    ce_log_from: dt.date | None = None
    """The day of the first entry of the profile's whole CE log (any issuer); ``None``: the
    profile logs no CE. Past cycles are shown back to it (:meth:`shows_cycle`)."""

    @property
    def passed(self) -> dt.date:
        """The day the exam was passed (the credential date where the exam date is unknown)."""
        return self.exam or self.earned

    def shows_cycle(self, end: dt.date, as_of: dt.date) -> bool:
        """Whether a cycle ending on ``end`` belongs in the roadmap: it has not ended before
        ``as_of``, or it ended on or after the day the profile's CE log begins (so a past cycle
        stays once shown, and the profile's facts bound how far back the roadmap goes)."""
        return end >= as_of or (self.ce_log_from is not None and end >= self.ce_log_from)

    @staticmethod
    def combined_log(holdings: Iterable[Holding]) -> CeLog:
        """The entries counting for any of ``holdings``, each once, by date."""
        logs = [h.ce_log for h in holdings if h.ce_log]
        if len(logs) == 1:
            return logs[0]  # one credential's log: in order already
        seen: dict[int, CeActivity] = {}
        for log in logs:
            for entry in log:
                seen.setdefault(id(entry), entry)
        return CeLog.of_sorted(sorted(seen.values(), key=ce_sort_key))


def ce_sort_key(
    entry: CeActivity,
) -> tuple[dt.date, float, str, str, tuple[str, ...], tuple[str, ...], str]:
    """A total order of CE entries by their values, so the order a profile lists them in never
    changes a sum or a report."""
    return (
        entry.date,
        entry.amount,
        entry.unit or "",
        entry.issuer or "",
        entry.credentials,
        entry.categories,
        entry.title or "",
    )


@attrs.frozen(repr=False, eq=False)
class RequirementStatus(Model):
    """A plugin's answer for a requirement: when it is met (``None``: cannot be), why, and any
    milestones the plan needs to meet it."""

    met_on: dt.date | None
    reason: str
    milestones: tuple[Milestone, ...] = ()
    valid_until: dt.date | None = None
    """The last day the requirement still counts (e.g. the exam must be taken within 12 months
    of finishing the course); the route's exam must fall on or before it."""


@attrs.frozen(repr=False, eq=False)
class ExamDate(Model):
    """An exam date a plugin chose in ``mrt_roadmap_exam_date``, with the reason the roadmap
    shows for it (e.g. the issuer's testing windows, with their source)."""

    day: dt.date
    reason: Reason | None = None


@attrs.frozen(repr=False, eq=False)
class PlanState(Model):
    """The learner simulated over time: education, credentials and jobs, held and planned."""

    as_of: dt.date
    start: dt.date
    education: tuple[EducationRecord, ...] = ()
    credentials: tuple[CredentialRecord, ...] = ()
    jobs: tuple[JobRecord, ...] = ()
    milestones: tuple[Milestone, ...] = ()
    track_free: dt.date | None = None

    def education_track_free(self) -> dt.date:
        """First day the (single) education track is free."""
        return max(self.start, self.track_free or self.start)

    def credential_record(self, credential_id: str) -> CredentialRecord | None:
        for rec in self.credentials:
            if rec.id == credential_id:
                return rec
        return None

    def credential_date(self, credential_id: str) -> dt.date | None:
        """When the credential is (or will be) held, or ``None``."""
        rec = self.credential_record(credential_id)
        return rec.earned if rec else None

    def experience_months(
        self, areas: Iterable[str], on: dt.date, full_time_hours: float = FTE_HOURS_PER_WEEK
    ) -> float:
        """FTE months of experience in any of ``areas`` by ``on`` (full time:
        ``full_time_hours`` a week)."""
        wanted = set(areas)
        return sum(j.fte_months_on(on, full_time_hours) for j in self.jobs if j.area in wanted)

    def has_milestone(self, milestone_id: str) -> bool:
        return any(m.id == milestone_id for m in self.milestones)

    def replace(
        self,
        *,
        education: tuple[EducationRecord, ...] | None = None,
        credentials: tuple[CredentialRecord, ...] | None = None,
        jobs: tuple[JobRecord, ...] | None = None,
        milestones: tuple[Milestone, ...] | None = None,
        track_free: dt.date | None = None,
    ) -> PlanState:
        """A copy with the given parts replaced (a fast ``attrs.evolve`` for the hot path)."""
        return PlanState(
            self.as_of,
            self.start,
            self.education if education is None else education,
            self.credentials if credentials is None else credentials,
            self.jobs if jobs is None else jobs,
            self.milestones if milestones is None else milestones,
            self.track_free if track_free is None else track_free,
        )

    def add(self, *milestones: Milestone) -> PlanState:
        """A copy with ``milestones`` added (ids already present are kept as they were)."""
        known = {m.id for m in self.milestones}
        new = tuple(m for m in milestones if m.id not in known)
        return self.replace(milestones=self.milestones + new) if new else self


__all__ = [
    "CeActivity",
    "Cost",
    "CredentialRecord",
    "EducationRecord",
    "Holding",
    "JobRecord",
    "PlanState",
    "Reason",
    "RequirementStatus",
]

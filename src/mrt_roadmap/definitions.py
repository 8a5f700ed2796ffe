"""What plugins register: credentials, programs, roles, calendars. Immutable attrs objects,
all the way down: free-form fields (``params``, ``extra``) are deep read-only copies.

Every rule carries :class:`Provenance` (``source`` URL, ``as_of`` date, ``verified`` flag). The
JSON form of each class is defined by ``credential.schema.json``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Literal

import attrs

from mrt_roadmap.model_base import EMPTY, Model, frozen_mapping

if TYPE_CHECKING:
    from mrt_roadmap.maintenance_cycles import Cycle


@attrs.frozen(repr=False)
class Provenance(Model):
    """Where a rule comes from: a URL, the date the source states, and whether it was verified
    on a page of the issuing body (or a government page); ``verified=False``: found only in a
    secondary source, or on the issuer's site but not confirmed on its current public page."""

    source: str
    as_of: dt.date
    verified: bool = True
    note: str | None = None


@attrs.frozen(repr=False, eq=False)
class Requirement(Model):
    """One requirement of an eligibility route. ``kind`` selects who evaluates it; core kinds are
    ``education``, ``credits``, ``credential``, ``experience`` and ``membership``; a plugin may
    introduce others and evaluate them in ``mrt_roadmap_requirement_status``. ``params`` holds the
    kind's own fields (e.g. ``{"level": "associate", "accreditation": "CAHIIM"}``)."""

    kind: str
    label: str
    params: Mapping[str, Any] = attrs.field(
        default=EMPTY, converter=frozen_mapping, eq=False, hash=False
    )
    provenance: Provenance | None = None

    def get(self, key: str, default: Any = None) -> Any:
        return self.params.get(key, default)


@attrs.frozen(repr=False, eq=False)
class Route(Model):
    """One eligibility route: all of its requirements are needed."""

    id: str
    label: str
    requirements: tuple[Requirement, ...]


@attrs.frozen(repr=False, eq=False)
class Recommendation(Model):
    """Advice that is not a requirement (e.g. CCS: two years of coding experience)."""

    text: str
    provenance: Provenance | None = None


@attrs.frozen(repr=False, eq=False)
class EligibilityRule(Model):
    """The routes in force between two dates (``None`` = open-ended). Any one route suffices."""

    routes: tuple[Route, ...]
    provenance: Provenance
    effective_from: dt.date | None = None
    effective_until: dt.date | None = None
    recommendations: tuple[Recommendation, ...] = ()
    historical_note: str | None = None

    def in_force(self, on: dt.date) -> bool:
        if self.effective_from is not None and on < self.effective_from:
            return False
        return not (self.effective_until is not None and on > self.effective_until)


@attrs.frozen(repr=False, eq=False)
class Fee(Model):
    """A dated fee. ``member``/``non_member`` may be ``None`` where no source gives the number."""

    provenance: Provenance
    member: float | None = None
    non_member: float | None = None
    currency: str = "USD"
    label: str = "exam fee"


@attrs.frozen(repr=False, eq=False)
class EarlyTestingRule(Model):
    """What the issuer says about candidates who test early (before every requirement is met,
    e.g. in their last term), shown when the plan has the learner test early."""

    text: str
    provenance: Provenance


@attrs.frozen(repr=False, eq=False)
class Exam(Model):
    """Facts about a credential's exam that drive scheduling. ``None`` (or an omitted key) means
    no source gives the fact: the planner then assumes none and the roadmap warns."""

    provenance: Provenance
    prep_hours: float | None = None
    processing_business_days: int | None = None
    result_delay_days: int | None = None
    retake_wait_days: int | None = None
    retake_source: str | None = None
    retake_as_of: dt.date | None = None
    retake_verified: bool = True
    early_testing: bool = False
    """Candidates may test before every requirement is met, as an education requirement's
    ``early_testing`` says (e.g. in the last term); without it the planner never tests early."""
    early_testing_rule: EarlyTestingRule | None = None
    testing: Literal["continuous", "windows"] = "continuous"
    scheduling_window_days: int | None = None
    fees: tuple[Fee, ...] = ()


@attrs.frozen(repr=False, eq=False)
class Maintenance(Model):
    """How a credential is kept: ``scheme`` names the issuer's rules (handled by that issuer's
    ``mrt_roadmap_maintenance`` implementation; ``"generic"``: the built-in ``cycles`` plugin
    plans it from these fields alone); ``ce_per_cycle`` is the single-credential amount.

    The cycle dates follow ``cycle_months``, ``anchor`` (``"earned"``: from the day earned;
    ``"calendar"``: every cycle ends on ``cycle_ends_on``, ``MM-DD``), ``first_cycle`` (a
    calendar scheme's first cycle), ``due_days_after_end`` and ``grace_days`` (``None``: no
    source gives them); :meth:`cycles` computes them."""

    scheme: str
    cycle_months: int
    ce_per_cycle: float
    provenance: Provenance
    unit: str = "CEU"
    fees: tuple[Fee, ...] = ()
    anchor: Literal["earned", "calendar"] = "earned"
    cycle_ends_on: str | None = None
    first_cycle: Literal["to_next_end", "joins_current"] = "to_next_end"
    due_days_after_end: int | None = 0
    grace_days: int | None = None

    def cycles(self, earned: dt.date, until: dt.date) -> tuple[Cycle, ...]:
        """The dated cycles (start, end, due, grace end) of a credential earned on ``earned``,
        from the first to the one containing ``until``."""
        from mrt_roadmap.maintenance_cycles import cycles

        return cycles(self, earned, until)


@attrs.frozen(repr=False, eq=False)
class Alias(Model):
    """Another name for a credential: a former name (with the date it stopped) or a variant."""

    name: str
    kind: Literal["former_name", "variant"] = "variant"
    until: dt.date | None = None
    provenance: Provenance | None = None


@attrs.frozen(repr=False, eq=False)
class Credential(Model):
    """A credential a learner can earn."""

    id: str
    name: str
    issuer: str
    provenance: Provenance
    eligibility: tuple[EligibilityRule, ...]
    aliases: tuple[Alias, ...] = ()
    exam: Exam | None = None
    maintenance: Maintenance | None = None
    replaces: tuple[str, ...] = ()
    membership: str | None = None
    default_goal: bool = False
    """Planned when a profile names no goal and holds neither it nor a credential replacing it."""
    extra: Mapping[str, Any] = attrs.field(
        default=EMPTY, converter=frozen_mapping, eq=False, hash=False
    )

    def rule_on(self, on: dt.date) -> EligibilityRule | None:
        """The eligibility rule in force on ``on`` (the latest that starts on or before it)."""
        current = [r for r in self.eligibility if r.in_force(on)]
        if not current:
            return None
        return max(current, key=lambda r: r.effective_from or dt.date.min)


@attrs.frozen(repr=False, eq=False)
class Money(Model):
    amount: float
    provenance: Provenance
    currency: str = "USD"
    basis: str = ""


@attrs.frozen(repr=False, eq=False)
class TransferRule(Model):
    """Prior education a program accepts: up to ``max_credits`` from a matching earlier award."""

    max_credits: float
    provenance: Provenance
    from_level: str | None = None
    from_degrees: tuple[str, ...] = ()
    from_field: str | None = None
    label: str = ""


@attrs.frozen(repr=False, eq=False)
class Course(Model):
    name: str
    semesters: int = 1


@attrs.frozen(repr=False, eq=False)
class Program(Model):
    """An education program the planner can enrol a learner in."""

    id: str
    name: str
    level: str
    field: str
    credits: float
    provenance: Provenance
    degree: str | None = None
    accreditation: tuple[str, ...] = ()
    catalog_year: str | None = None
    calendar: str = "us_semester"
    starts: tuple[str, ...] = ("fall",)
    terms: tuple[str, ...] = ("fall", "spring")
    max_credits_per_term: float = 15
    practicum_hours: float | None = None
    delivery: tuple[str, ...] = ("online", "campus")
    admission: tuple[Requirement, ...] = ()
    transfer: tuple[TransferRule, ...] = ()
    courses: tuple[Course, ...] = ()
    tuition_per_credit: Money | None = None
    awards_credentials_prep: tuple[str, ...] = ()
    transfers_to_bachelor: bool | None = None
    """True: built to transfer to a bachelor's; False: built for employment; None: not stated.
    Breaks ties between programs by whether the learner plans a bachelor's."""


@attrs.frozen(repr=False)
class Term(Model):
    """A named term of an academic calendar: month/day of start and end; ``wraps`` if it ends in
    the next calendar year."""

    name: str
    start_month: int
    start_day: int
    end_month: int
    end_day: int


@attrs.frozen(repr=False)
class AcademicCalendar(Model):
    id: str
    terms: tuple[Term, ...]
    provenance: Provenance
    study_hours_per_credit: float = 3
    study_hours_source: str | None = None
    study_hours_as_of: dt.date | None = None


@attrs.frozen(repr=False, eq=False)
class Role(Model):
    """A job on the career ladder, with what it takes to get it, what it pays and its outlook."""

    id: str
    title: str
    rank: int
    provenance: Provenance
    requirements: tuple[Requirement, ...] = ()
    experience_area: str | None = None
    ladder: str = "general"
    notes: str | None = None
    earnings: tuple[Earnings, ...] = ()
    """Wage figures, newest period first; older ones are shown as history with their period."""
    outlook: tuple[Outlook, ...] = ()
    """Employment and projected growth, newest projection first."""

    @property
    def current_earnings(self) -> Earnings | None:
        return self.earnings[0] if self.earnings else None

    @property
    def current_outlook(self) -> Outlook | None:
        return self.outlook[0] if self.outlook else None


@attrs.frozen(repr=False, eq=False)
class Earnings(Model):
    """What an occupation pays, as a survey reports it (BLS OEWS style): percentiles for one
    period, occupation and area. Any figure no source gives is ``None``."""

    period: str
    """The reference period, e.g. ``May 2021``."""
    occupation_code: str
    """SOC code, e.g. ``29-9021``."""
    provenance: Provenance
    p10: float | None = None
    median: float | None = None
    p90: float | None = None
    currency: str = "USD"
    basis: Literal["annual", "hourly"] = "annual"
    area: str = "US"
    """``US`` for national figures; a state or metro area code where a source gives one."""


@attrs.frozen(repr=False, eq=False)
class Outlook(Model):
    """Employment and projected growth of an occupation over a projection period."""

    period: str
    """The projection period, e.g. ``2022-32``."""
    occupation_code: str
    provenance: Provenance
    growth_percent: float | None = None
    employment: int | None = None
    """Jobs in the base year of the projection."""
    openings_per_year: int | None = None
    area: str = "US"


@attrs.frozen(repr=False, eq=False)
class FullTime(Model):
    """A definition of full-time work: ``hours_per_year`` hours are one year (12 full-time
    months) of experience, and weekly hours beyond ``hours_per_year / 52`` count as full time."""

    hours_per_year: float
    provenance: Provenance

    @property
    def hours_per_week(self) -> float:
        return self.hours_per_year / 52


@attrs.frozen(repr=False, eq=False)
class ExperienceArea(Model):
    """An area of work experience. ``full_time`` is the area's own definition of full time, for
    experience requirements that give none (the planner's default applies where neither does)."""

    id: str
    label: str
    entry_roles: tuple[str, ...] = ()
    full_time: FullTime | None = None

"""The ``details`` of each milestone kind, as ``TypedDict`` types for type checkers.

``Milestone.details`` is a read-only mapping at run time; a caller who knows the kind reads it
through the matching type, e.g. ``cast(mrt_roadmap.ExamDetails, m.details)["exam_date"]``.
Every key is optional (a plugin's milestones may carry only some of them, and keys of their
own). Dates are ISO text (``YYYY-MM-DD``), as in the roadmap JSON. The roadmap format
(``docs/roadmap-format.md``) documents each key; a test checks that the bundled examples
use no other.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any, Final, TypedDict


class EducationDetails(TypedDict, total=False):
    """A program, course or practicum: credits, terms and their schedule."""

    program: str
    credits: float
    credits_completed: float
    expected_end: str
    """The end the profile gave for a program in progress, when the plan's end differs."""
    credits_total: float
    credits_transferred: float
    credits_to_take: float
    accreditation: Sequence[str]
    terms: int
    last_term_start: str
    schedule: Sequence[Mapping[str, Any]]
    """One entry per term: ``term``, ``start``, ``end``, ``credits``."""
    practicum_hours: float | None
    hours: float
    on_site: bool


class ExamDetails(TypedDict, total=False):
    """An exam: the day to sit it and what frames that day."""

    exam_date: str
    result_date: str
    results_by: str
    eligible_from: str
    retake_wait_days: int | None
    testing: str
    window_start: str
    window_close: str
    apply_by: str
    """The application deadline of a testing window (ODS), where known."""
    projected: bool


class CeCycleDetails(TypedDict, total=False):
    """A continuing-education cycle: what to earn by its end, and what is logged."""

    issuer: str
    credentials: Sequence[str]
    ce_required: float
    unit: str
    ce_earned: float
    ce_remaining: float
    ce_minimums: Sequence[Mapping[str, Any]]
    """Category minimums: ``category``, ``label``, ``amount`` (and what is logged)."""
    min_hiim_domain: float
    min_ahima_sourced: float
    due: str
    first_submission_prorated: bool
    carry_over: bool
    first_cycle: bool
    first_cycle_rule_verified: bool
    ceip: Mapping[str, Any]
    outcome: str
    ended_by_replacement: str
    """The day a credential that replaces this cycle's credentials is granted: the cycle ends
    the day before, with nothing required and no renewal."""


class RenewalDetails(TypedDict, total=False):
    """A renewal: when it is due, its fee and the CE it needs."""

    issuer: str
    credentials: Sequence[str]
    due: str
    ce_due: int
    ce_required: float
    fee: str


class JobDetails(TypedDict, total=False):
    """A job: the work area and, for a career role, its rung on a ladder."""

    area: str
    hours_per_week: float
    role: str
    rank: int
    ladder: str


class ExperienceDetails(TypedDict, total=False):
    """Experience accrued: the areas and full-time-equivalent months."""

    areas: Sequence[str]
    months_fte: float
    full_time: Mapping[str, Any]


AdvancementDetails = TypedDict(
    "AdvancementDetails",
    {
        "role": str,
        "rank": int,
        "ladder": str,
        "from": str,
        "to": str,
        "held": bool,
        "earned": str,
        "ways": Sequence[Mapping[str, Any]],
        "coding_months_at_credential": float,
        "processing_weeks": Sequence[int],
        "processing_verified": bool,
        "removal_dated": bool,
    },
    total=False,
)
"""An advancement step: a role reached, or a designation removed (AAPC's "-A": ``from``,
``to``, ``ways``)."""


class CredentialDetails(TypedDict, total=False):
    """A credential earned; the core sets no keys (plugins may)."""


DETAILS_BY_KIND: Final[Mapping[str, type]] = {
    "education": EducationDetails,
    "exam": ExamDetails,
    "ce_cycle": CeCycleDetails,
    "renewal": RenewalDetails,
    "job": JobDetails,
    "experience": ExperienceDetails,
    "advancement": AdvancementDetails,
    "credential": CredentialDetails,
}
"""The details type of each milestone kind."""

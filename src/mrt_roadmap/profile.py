"""The learner profile: immutable attrs objects, loaded from JSON and validated at the edge."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from pathlib import Path
from typing import Any, Literal

import attrs

from mrt_roadmap import json_input
from mrt_roadmap.errors import Problem, ProfileError
from mrt_roadmap.model_base import EMPTY, Model, frozen_mapping

EducationLevel = Literal[
    "high_school",
    "certificate",
    "associate",
    "bachelor",
    "post_bacc_certificate",
    "master",
    "doctorate",
]

LEVEL_RANK: Mapping[str, int] = {
    "high_school": 0,
    "certificate": 1,
    "associate": 2,
    "bachelor": 3,
    "post_bacc_certificate": 3,
    "master": 4,
    "doctorate": 5,
}
"""Order of education levels; a post-baccalaureate certificate ranks with a bachelor's."""


@attrs.frozen(repr=False, eq=False)
class Course(Model):
    """A notable course taken, e.g. ``anatomy_physiology`` for two semesters."""

    name: str
    semesters: int = 1


@attrs.frozen(repr=False, eq=False)
class Education(Model):
    """One entry of the learner's education history (completed or in progress)."""

    level: EducationLevel
    field: str = "other"
    degree: str | None = None
    accreditation: tuple[str, ...] = ()
    credits: float = 0
    courses: tuple[Course, ...] = ()
    status: Literal["completed", "in_progress"] = "completed"
    start: dt.date | None = None
    end: dt.date | None = None
    program: str | None = None
    institution: str | None = None

    def course_semesters(self, name: str) -> int:
        return sum(c.semesters for c in self.courses if c.name == name)


@attrs.frozen(repr=False, eq=False)
class HeldCredential(Model):
    """A credential the learner already holds."""

    id: str
    earned: dt.date
    ce_earned_current_cycle: float = 0
    alias: str | None = None
    """The name the profile used when it differs from the canonical id (e.g. ``CPC-A``, ``CTR``);
    set by the planner when it resolves aliases."""


@attrs.frozen(repr=False, eq=False)
class Experience(Model):
    """Work experience in one area: months so far, weekly hours, and whether it goes on."""

    area: str
    months: float = 0
    hours_per_week: float = 40
    current: bool = False
    title: str | None = None


@attrs.frozen(repr=False, eq=False)
class Availability(Model):
    """How much the learner can study, and from when."""

    study_hours_per_week: float
    start: dt.date | None = None


@attrs.frozen(repr=False, eq=False)
class Goals(Model):
    """What the learner wants: credentials and/or roles, within a horizon."""

    credentials: tuple[str, ...] = ()
    roles: tuple[str, ...] = ()
    horizon_years: int = 5


@attrs.frozen(repr=False, eq=False)
class Preferences(Model):
    """Choices that steer the plan without being requirements."""

    plans_bachelor: bool | None = None
    delivery: Literal["online", "campus", "any"] = "any"
    budget: float | None = None
    memberships: tuple[str, ...] = ()
    job_hours_per_week: float | None = None


@attrs.frozen(repr=False, eq=False)
class Profile(Model):
    """A learner's profile. Build it with :func:`load_profile` or :func:`profile_from_dict`."""

    id: str
    availability: Availability
    as_of: dt.date | None = None
    name: str | None = None
    education: tuple[Education, ...] = ()
    credentials: tuple[HeldCredential, ...] = ()
    experience: tuple[Experience, ...] = ()
    goals: Goals = attrs.field(factory=Goals)
    preferences: Preferences = attrs.field(factory=Preferences)
    plugins: Mapping[str, Any] = attrs.field(
        default=EMPTY, converter=frozen_mapping, eq=False, hash=False
    )
    """Plugin-specific inputs, a deep read-only copy (plugins receive the profile)."""

    def holds(self, credential_id: str) -> HeldCredential | None:
        for held in self.credentials:
            if held.id == credential_id:
                return held
        return None


def profile_from_dict(data: Any, *, what: str = "profile") -> Profile:
    """Validate ``data`` against ``profile.schema.json`` and the input limits, and build a
    :class:`Profile`.

    Raises :class:`ProfileError` listing every problem by JSON path.
    """
    limits = list(json_input.check(data))
    if limits:
        raise ProfileError(limits, what=what)
    return _from_checked(data, what)


def _from_checked(data: Any, what: str) -> Profile:
    from mrt_roadmap.convert import converter
    from mrt_roadmap.schemas import validate

    problems = validate("profile", data)
    if problems:
        raise ProfileError(problems, what=what)
    return converter().structure(data, Profile)


def load_profile(source: Profile | str | Path | Mapping[str, Any]) -> Profile:
    """Load a profile from a path to a JSON file, a JSON string, or an already-parsed mapping.

    Raises :class:`ProfileError` for anything else, naming the problem (a file that cannot be
    read, is larger than the limit, is not UTF-8 or not JSON, or breaks the profile schema)."""
    if isinstance(source, Profile):
        return source
    if isinstance(source, Mapping):
        return profile_from_dict(source)
    untyped: object = source  # callers without a type checker may pass anything
    if not isinstance(untyped, str | Path):
        expected = "a path, JSON text, a mapping or a Profile"
        raise ProfileError([Problem("$", f"expected {expected}, got {type(untyped).__name__}")])
    if isinstance(source, str) and source.lstrip().startswith("{"):
        return profile_from_json(source)
    path = Path(source)
    what = f"profile {json_input.cut(str(path))}"
    try:
        with path.open("rb") as fh:
            data = json_input.read_limited(fh)
    except (OSError, ValueError) as exc:
        reason = getattr(exc, "strerror", None) or str(exc)
        raise ProfileError([Problem("$", f"cannot read the file: {reason}")], what) from None
    return profile_from_bytes(data, what=what)


def profile_from_bytes(data: bytes | None, *, what: str = "profile") -> Profile:
    """Decode UTF-8 bytes (``None``: more than the input limit) and build a :class:`Profile`."""
    if data is None:
        raise ProfileError([json_input.too_large()], what)
    text, problems = json_input.decode(data)
    if text is None:
        raise ProfileError(problems, what)
    return profile_from_json(text, what=what)


def profile_from_json(text: str, *, what: str = "profile") -> Profile:
    """Parse JSON text and build a :class:`Profile`; errors name line and column or JSON paths."""
    if len(text) > json_input.MAX_INPUT_BYTES:
        raise ProfileError([json_input.too_large()], what)
    data, problems = json_input.parse(text.removeprefix("\ufeff"))
    if problems:
        raise ProfileError(problems, what)
    return _from_checked(data, what)

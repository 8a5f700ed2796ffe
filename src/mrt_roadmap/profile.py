"""The learner profile: immutable attrs objects, loaded from JSON and validated at the edge."""

from __future__ import annotations

import bisect
import datetime as dt
import weakref
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any, Literal, NamedTuple

import attrs

from mrt_roadmap import json_input
from mrt_roadmap.errors import Problem, ProfileError
from mrt_roadmap.model_base import EMPTY, Model, frozen_mapping, thaw

EducationLevel = Literal[
    "high_school",
    "certificate",
    "associate",
    "bachelor",
    "post_bacc_certificate",
    "master",
    "doctorate",
]

EducationStatus = Literal["completed", "in_progress", "withdrawn"]
Delivery = Literal["online", "campus", "any"]
CeUnit = Literal["CEU", "CE hour"]
ExamResult = Literal["passed", "failed"]

PROFILE_VERSION = 2
"""The profile format this version reads natively; version 1 files are upgraded on load
(:mod:`mrt_roadmap.profile_upgrade`)."""

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
    """One entry of the learner's education history (completed, in progress or withdrawn)."""

    level: EducationLevel | None = None
    """``None`` only with a catalog ``program``: the planner takes the program's level."""
    field: str = "other"
    degree: str | None = None
    accreditation: tuple[str, ...] = ()
    credits: float = 0.0
    """Credits of the award (a completed program)."""
    courses: tuple[Course, ...] = ()
    status: EducationStatus = "completed"
    credits_completed: float | None = None
    """Credits completed so far in a program in progress, or before withdrawing."""
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
    alias: str | None = attrs.field(default=None, eq=False)
    """The name the profile used when it differs from the canonical id (e.g. ``CPC-A``, ``CTR``);
    set by the planner when it resolves aliases."""


@attrs.frozen(repr=False, eq=False)
class Experience(Model):
    """A job in one area, as dated facts: from ``start`` to ``end`` (``None``: it goes on), at
    ``hours_per_week``. Months are derived from the dates, so planning the same profile later
    never moves what already happened."""

    area: str
    start: dt.date
    end: dt.date | None = None
    hours_per_week: float = 40.0
    title: str | None = None

    def months_on(self, day: dt.date) -> float:
        """Calendar months worked from ``start`` up to ``day`` (or the end, if earlier)."""
        last = day if self.end is None else min(self.end, day)
        return months_between(self.start, last)

    def ongoing_on(self, day: dt.date) -> bool:
        """Whether the job still goes on after ``day``."""
        return self.end is None or self.end > day


DAYS_PER_MONTH = 7 * 52 / 12
"""Days in a month of experience: a twelfth of a 52-week year (30 1/3 days), the month the
planner accrues experience in."""


def months_between(start: dt.date, end: dt.date) -> float:
    """Months of experience from ``start`` to ``end`` (0 when ``end`` is not after ``start``),
    in months of :data:`DAYS_PER_MONTH` days, as the planner counts them."""
    return max(0, (end - start).days) / DAYS_PER_MONTH


@attrs.frozen(repr=False, eq=False)
class CeActivity(Model):
    """One continuing-education activity: when, how much, for whom it counts, and the issuer's
    categories it meets (e.g. AHIMA's HIIM domains, AHIMA-sourced; NCRA in-person)."""

    date: dt.date
    amount: float
    unit: CeUnit | None = None
    """``None``: the issuer's own unit."""
    issuer: str | None = None
    credentials: tuple[str, ...] = ()
    categories: tuple[str, ...] = ()
    title: str | None = None

    def counts_for(self, credential: str, issuer: str) -> bool:
        """Whether the activity counts for ``credential`` of ``issuer``: it names the credential
        (by its canonical id: the planner resolves aliases), or names none and is reported to
        that issuer."""
        if self.credentials:
            return credential in self.credentials
        return self.issuer is not None and self.issuer.upper() == issuer.upper()


class CeLog(tuple[CeActivity, ...]):
    """CE activities in date order (equal dates in the order given): what a maintenance rule
    reads, so a cycle finds its entries by bisection instead of scanning the whole log."""

    __slots__ = ()

    def __new__(cls, entries: Iterable[CeActivity] = ()) -> CeLog:
        if type(entries) is CeLog:
            return entries
        return super().__new__(cls, sorted(entries, key=_activity_date))

    @classmethod
    def of_sorted(cls, entries: Iterable[CeActivity]) -> CeLog:
        """``entries`` known to be in date order already (a subsequence of a ``CeLog``)."""
        return super().__new__(cls, entries)

    def between(self, start: dt.date, end: dt.date) -> tuple[CeActivity, ...]:
        """The entries dated from ``start`` to ``end``, both included."""
        low = bisect.bisect_left(self, start, key=_activity_date)
        high = bisect.bisect_right(self, end, key=_activity_date)
        return self[low:high]


def _activity_date(entry: CeActivity) -> dt.date:
    return entry.date


@attrs.frozen(repr=False, eq=False)
class ExamAttempt(Model):
    """One exam sat: which credential, when, and the result."""

    credential: str
    date: dt.date
    result: ExamResult


@attrs.frozen(repr=False, eq=False)
class Progress(Model):
    """What actually happened, as dated facts: CE activities and exam attempts."""

    ce: tuple[CeActivity, ...] = ()
    exam_attempts: tuple[ExamAttempt, ...] = ()


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
    delivery: Delivery = "any"
    budget: float | None = None
    memberships: tuple[str, ...] = ()
    job_hours_per_week: float | None = None
    programs: tuple[str, ...] = ()
    """Catalog program ids tried first, in this order, when they qualify."""


def _frozen_plugins(value: Mapping[str, Any]) -> Mapping[str, Any]:
    """The read-only copy of ``plugins``; data nested past Python's limit (or holding itself)
    is a :class:`ProfileError`, as the same data read from JSON would be."""
    try:
        return frozen_mapping(value)
    except RecursionError:
        problem = Problem("$.plugins", "nested too deeply (or holds itself)", "depth")
        raise ProfileError([problem]) from None


@attrs.frozen(repr=False, eq=False)
class Profile(Model):
    """A learner's profile. Read one with :func:`load_profile` or :func:`profile_from_dict`,
    or build it in Python: every door of the library (``validate``, ``plan``, ``explain``,
    ``plan_many``) checks a profile built in Python exactly as its JSON
    (:func:`profile_to_dict`) would be."""

    id: str
    availability: Availability
    as_of: dt.date | None = None
    name: str | None = None
    education: tuple[Education, ...] = ()
    credentials: tuple[HeldCredential, ...] = ()
    experience: tuple[Experience, ...] = ()
    goals: Goals = attrs.field(factory=Goals)
    preferences: Preferences = attrs.field(factory=Preferences)
    progress: Progress = attrs.field(factory=Progress)
    profile_version: int = PROFILE_VERSION
    plugins: Mapping[str, Any] = attrs.field(
        default=EMPTY, converter=_frozen_plugins, eq=False, hash=False
    )
    """Plugin-specific inputs, a deep read-only copy (plugins receive the profile)."""

    def holds(self, credential_id: str) -> HeldCredential | None:
        for held in self.credentials:
            if held.id == credential_id:
                return held
        return None


_CHECKED: weakref.WeakValueDictionary[int, Profile] = weakref.WeakValueDictionary()
"""Profiles built by this module from checked data: the one door a :class:`Profile` built in
Python does not pass (see :func:`load_profile`)."""


def _checked(profile: Profile) -> Profile:
    _CHECKED[id(profile)] = profile
    return profile


def is_checked(profile: Profile) -> bool:
    """Whether ``profile`` was built from data that passed the schema (by this module)."""
    return _CHECKED.get(id(profile)) is profile


def profile_to_dict(profile: Profile) -> dict[str, Any]:
    """``profile`` as JSON-ready data (dates as ISO text, no ``null`` for what is unset), the
    data :func:`profile_from_dict` reads back into an equal profile.

    It never fails on a profile built in Python with wrong values: they are written as they are,
    and validating the result names them by path."""
    data = _plain(profile)
    assert isinstance(data, dict)
    return data


def _plain(value: Any) -> Any:
    if attrs.has(type(value)):
        out = {}
        for field in attrs.fields(type(value)):
            item = getattr(value, field.name)
            if item is not None and not (type(value) is HeldCredential and field.name == "alias"):
                out[field.name] = _plain(item)
        return out
    if isinstance(value, dt.date):  # a datetime is written with its time: not a date, then
        return value.isoformat()
    if isinstance(value, Mapping):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    return value


class SourceData(NamedTuple):
    """What a profile source holds before the schema: JSON data (``None`` when it could not be
    read), the problems that stopped reading it or break the input limits, the source's name
    for errors, and whether the data is plain JSON (parsed from text: the compiled validator may
    check it first)."""

    data: Any
    problems: list[Problem]
    what: str = "profile"
    plain: bool = True


def read_source(source: object) -> SourceData:
    """The JSON data of any profile source (see ``ProfileSource``): a :class:`Profile` (its
    :func:`profile_to_dict`), a mapping, UTF-8 JSON bytes, JSON text, or a path to a file."""
    if isinstance(source, Profile):
        return _mapping_data(profile_to_dict(source))
    if isinstance(source, Mapping):
        return _mapping_data(source)
    if isinstance(source, bytes | bytearray):
        too_large = len(source) > json_input.MAX_INPUT_BYTES
        return _bytes_data(None if too_large else bytes(source))
    if isinstance(source, str) and looks_like_json(source):
        return _text_data(source)
    if not isinstance(source, str | Path):
        expected = "a path, JSON text or bytes, a mapping or a Profile"
        message = f"expected {expected}, got {type(source).__name__}"
        return SourceData(None, [Problem("$", message, "type", params={"expected": "object"})])
    what = f"profile {_shown_path(str(source))}"
    try:
        with Path(source).open("rb") as fh:
            raw = json_input.read_limited(fh)
    except (OSError, ValueError) as exc:
        reason = getattr(exc, "strerror", None) or str(exc)
        return SourceData(
            None, [Problem("$", f"cannot read the file: {reason}", "unreadable")], what
        )
    return _bytes_data(raw)._replace(what=what)


def _mapping_data(data: Mapping[str, Any]) -> SourceData:
    found = json_input.scan(data)
    # other mappings and sequences: the JSON data they hold
    return SourceData(data if found.plain else thaw(data), found.problems, plain=found.plain)


def _bytes_data(raw: bytes | None) -> SourceData:
    """UTF-8 JSON bytes (``None``: more than the input limit)."""
    if raw is None:
        return SourceData(None, [json_input.too_large()])
    text, problems = json_input.decode(raw)
    return SourceData(None, problems) if text is None else _text_data(text)


def _text_data(text: str) -> SourceData:
    if len(text) > json_input.MAX_INPUT_BYTES:
        return SourceData(None, [json_input.too_large()])
    data, problems = json_input.parse(text.lstrip(_JSON_START))
    return SourceData(None if problems else data, problems)


def _checked_profile(found: SourceData, as_of: dt.date | None, what: str | None = None) -> Profile:
    if found.problems:
        raise ProfileError(found.problems, what or found.what)
    return _from_checked(found.data, what or found.what, as_of, plain_json=found.plain)


def profile_from_dict(data: Any, *, what: str = "profile", as_of: dt.date | None = None) -> Profile:
    """Validate ``data`` against ``profile.schema.json`` and the input limits, and build a
    :class:`Profile`.

    Raises :class:`ProfileError` listing every problem by JSON path.
    """
    return _checked_profile(_mapping_data(data), as_of, what)


def _from_checked(
    data: Any, what: str, as_of: dt.date | None = None, *, plain_json: bool = False
) -> Profile:
    """Validate (a version 1 profile against its own schema, then upgrade it) and structure.
    ``plain_json``: ``data`` was parsed from JSON text (see :func:`~mrt_roadmap.schemas.validate`)."""
    from mrt_roadmap.convert import converter
    from mrt_roadmap.profile_upgrade import upgrade_profile, version_of
    from mrt_roadmap.schemas import validate

    if isinstance(data, Mapping) and version_of(data) == 1:
        problems = validate("profile-v1", data, plain_json=plain_json)
        if problems:
            raise ProfileError(problems, what=what)
        data = upgrade_profile(data, as_of=as_of, what=what)
    problems = validate("profile", data, plain_json=plain_json)
    if problems:
        raise ProfileError(problems, what=what)
    try:
        return _checked(converter().structure(data, Profile))
    except (ValueError, TypeError):
        if not plain_json:
            raise
        # The compiled validator accepts a few values the reference does not (a year 0000
        # date): the reference says what is wrong, by path.
        problems = validate("profile", data)
        if problems:
            raise ProfileError(problems, what=what) from None
        raise


def load_profile(
    source: Profile | str | Path | Mapping[str, Any] | bytes, *, as_of: dt.date | None = None
) -> Profile:
    """Load a profile from a path to a JSON file, a JSON string (text starting with ``{``),
    UTF-8 JSON bytes (never taken for a path: use them for untrusted input), an already-parsed
    mapping or a :class:`Profile` built in Python (checked as its JSON would be:
    :func:`profile_to_dict`).

    Raises :class:`ProfileError` for anything else, naming the problem (a file that cannot be
    read, is larger than the limit, is not UTF-8 or not JSON, or breaks the profile schema)."""
    if isinstance(source, Profile) and is_checked(source):
        return source
    return _checked_profile(read_source(source), as_of)


_JSON_START = " \t\r\n\ufeff"


def looks_like_json(text: str) -> bool:
    """Whether a ``str`` source is JSON text (it starts, after blanks and a byte-order mark,
    with ``{`` or ``[``) rather than a path."""
    return text.lstrip(_JSON_START)[:1] in ("{", "[")


def _shown_path(path: str) -> str:
    """A path as errors show it: never a long text or one with line breaks (it may be a
    profile passed by mistake), only a name of reasonable length."""
    if len(path) > 200 or any(c in path for c in "\n\r{}"):
        return "(a string that is not a path to a file)"
    return path


def profile_from_bytes(
    data: bytes | None, *, what: str = "profile", as_of: dt.date | None = None
) -> Profile:
    """Decode UTF-8 bytes (``None``: more than the input limit) and build a :class:`Profile`."""
    return _checked_profile(_bytes_data(data), as_of, what)


def profile_from_json(text: str, *, what: str = "profile", as_of: dt.date | None = None) -> Profile:
    """Parse JSON text and build a :class:`Profile`; errors name line and column or JSON paths."""
    return _checked_profile(_text_data(text), as_of, what)

"""Profile format 1 to 2: months so far become dated jobs, and the one CE number becomes a dated
CE entry, so that a profile planned later never moves what already happened.

The upgrade is exact and documented (``docs/profile-format.md``, "Version 1"):

* ``experience[]``: ``months`` of a job become its ``start``, that many months before ``as_of``
  (months of 30 1/3 days, as the planner counts them); a ``current`` job has no ``end``,
  another ends on ``as_of`` (version 1 did not say when it ended: correct the dates if you
  know them).
* ``education[]``: the ``credits`` of an entry in progress become ``credits_completed``.
* ``credentials[].ce_earned_current_cycle`` becomes one ``progress.ce`` entry dated ``as_of``
  for that credential, in the issuer's own unit.
* ``profile_version: 2`` is added; everything else is kept as it is.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from mrt_roadmap.errors import Problem, ProfileError

CE_TITLE = "CE earned in the current cycle (from a version 1 profile)"


def version_of(data: Mapping[str, Any]) -> Any:
    """The profile format ``data`` claims: ``profile_version``, 1 when absent."""
    return data.get("profile_version", 1)


def months_before(day: dt.date, months: float) -> dt.date:
    """The day ``months`` months of experience before ``day`` (months of
    :data:`~mrt_roadmap.profile.DAYS_PER_MONTH` days, rounded to whole days), so the dated job
    counts the same months the version 1 profile stated."""
    from mrt_roadmap.profile import DAYS_PER_MONTH

    return day - dt.timedelta(days=round(months * DAYS_PER_MONTH))


def upgrade_profile(
    data: Mapping[str, Any], *, as_of: dt.date | None = None, what: str = "profile"
) -> dict[str, Any]:
    """``data`` (a version 1 profile, already valid against ``profile-v1.schema.json``) as a
    version 2 profile. A version 2 profile comes back as a copy. ``as_of`` dates the facts when
    the profile has none. Raises :class:`ProfileError` when the profile's facts cannot be dated."""
    if version_of(data) == 2:
        return dict(data)
    needs_date = bool(data.get("experience")) or any(
        _ce_amount(entry) > 0 for entry in data.get("credentials", ())
    )
    day = _as_of(data, as_of, what) if needs_date else dt.date.min
    out: dict[str, Any] = {"profile_version": 2}
    for key, value in data.items():
        if key == "profile_version":
            continue
        if key == "experience":
            out[key] = [_job(entry, day) for entry in value]
        elif key == "education":
            out[key] = [_education(entry) for entry in value]
        elif key == "credentials":
            out[key] = [_held(entry) for entry in value]
        else:
            out[key] = value
    ce = [_ce(entry, day) for entry in data.get("credentials", ()) if _ce_amount(entry) > 0]
    if ce:
        out["progress"] = {"ce": ce}
    return out


def _as_of(data: Mapping[str, Any], as_of: dt.date | None, what: str) -> dt.date:
    from mrt_roadmap.profile_checks import EARLIEST_DATE, LATEST_DATE, argument_problems

    problems = argument_problems(as_of)
    if problems:
        raise ProfileError(problems, what)
    text = data.get("as_of")
    day = as_of or (dt.date.fromisoformat(text) if isinstance(text, str) else None)
    if day is not None:
        if not EARLIEST_DATE <= day <= LATEST_DATE:
            where = "$.as_of" if as_of is None else "as_of (argument)"
            message = f"{day} is outside the supported dates {EARLIEST_DATE}..{LATEST_DATE}"
            params = {"earliest": EARLIEST_DATE.isoformat(), "latest": LATEST_DATE.isoformat()}
            problem = Problem(where, message, "date-out-of-range", params=params)
            raise ProfileError([problem], what)
        return day
    problem = Problem(
        "$.as_of",
        "a version 1 profile needs as_of to date its experience and CE: give as_of in the "
        "profile or --as-of (or upgrade it with `mrt-roadmap upgrade --as-of DATE`)",
        "as-of-required",
    )
    raise ProfileError([problem], what)


def _job(entry: Mapping[str, Any], as_of: dt.date) -> dict[str, Any]:
    months = float(entry.get("months", 0))
    job: dict[str, Any] = {
        "area": entry["area"],
        "start": months_before(as_of, months).isoformat(),
    }
    if not entry.get("current", False):
        job["end"] = as_of.isoformat()
    for key in ("hours_per_week", "title"):
        if key in entry:
            job[key] = entry[key]
    return job


def _education(entry: Mapping[str, Any]) -> dict[str, Any]:
    if entry.get("status") != "in_progress" or "credits" not in entry:
        return dict(entry)
    out = {k: v for k, v in entry.items() if k != "credits"}
    out["credits_completed"] = entry["credits"]
    return out


def _held(entry: Mapping[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in entry.items() if k != "ce_earned_current_cycle"}


def _ce_amount(entry: Mapping[str, Any]) -> float:
    return float(entry.get("ce_earned_current_cycle", 0) or 0)


def _ce(entry: Mapping[str, Any], as_of: dt.date) -> dict[str, Any]:
    return {
        "date": as_of.isoformat(),
        "amount": entry["ce_earned_current_cycle"],
        "credentials": [entry["id"]],
        "title": CE_TITLE,
    }

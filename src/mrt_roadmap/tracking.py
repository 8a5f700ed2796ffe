"""On-track status: is each step of the roadmap done, on track, at risk, overdue or missed?

Without a baseline the status comes from the learner's own dated facts: a milestone that ended
before ``as_of`` is done (a past CE cycle whose logged CE fell short is missed); an education
entry whose expected end passed without being recorded as completed is overdue; the current CE
cycle is at risk when the CE logged so far, kept at the same pace, would not reach the
requirement by the cycle's end. With a baseline (an earlier roadmap of the same learner) a step
planned later than in the baseline is at risk, and one the baseline expected before ``as_of``
that is not done is overdue. Steps are paired with the baseline by id, then as
:func:`mrt_roadmap.comparison.compare` pairs them (the same subject, the goals they serve).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Mapping
from typing import Any

from mrt_roadmap.profile import DAYS_PER_MONTH, Profile
from mrt_roadmap.roadmap import Milestone, Roadmap, Tracking


def tracker(
    profile: Profile, as_of: dt.date, baseline: Mapping[str, Milestone] | None = None
) -> Callable[[Milestone], Tracking]:
    """The function giving a milestone its :class:`~mrt_roadmap.roadmap.Tracking`."""
    overdue = _overdue_education(profile, as_of)
    paired = baseline or {}

    def status_of(m: Milestone) -> Tracking:
        return _status(m, as_of, overdue.get(m.id), paired.get(m.id))

    return status_of


def baseline_pairs(
    roadmap_milestones: Iterable[Milestone], baseline: Roadmap
) -> dict[str, Milestone]:
    """Each milestone id of the new roadmap with its baseline milestone: the same id first,
    then the pairs :func:`~mrt_roadmap.comparison.compare` finds."""
    from mrt_roadmap.comparison import pair_milestones

    return {
        new.id: old for old, new in pair_milestones(baseline.milestones, list(roadmap_milestones))
    }


def _overdue_education(profile: Profile, as_of: dt.date) -> dict[str, str]:
    """Education entries in progress whose expected end passed, by milestone id, with why."""
    out = {}
    for index, edu in enumerate(profile.education):
        if edu.status == "in_progress" and edu.end is not None and edu.end < as_of:
            out[f"education.profile.{index}"] = (
                f"expected end {edu.end.isoformat()} passed, program not recorded as completed"
            )
    return out


def _status(
    m: Milestone, as_of: dt.date, overdue: str | None, before: Milestone | None
) -> Tracking:
    if overdue is not None:
        return Tracking("overdue", overdue)
    details: Mapping[str, Any] = m.details
    if m.kind == "ce_cycle" and details.get("outcome") == "missed":
        return Tracking("missed", _ce_summary(details, "logged: the cycle ended short"))
    if m.end < as_of:
        return Tracking("done", f"done by {m.end.isoformat()}")
    if before is not None and before.end < as_of:
        return Tracking(
            "overdue",
            f"the baseline expected it by {before.end.isoformat()}; now planned for "
            f"{m.end.isoformat()}",
        )
    if m.kind == "ce_cycle" and m.start <= as_of:
        pace = _ce_pace(m, as_of)
        if pace is not None:
            return pace
    if before is not None and m.end > before.end:
        days = (m.end - before.end).days
        return Tracking(
            "at_risk",
            f"moved {_span(days)} later than the baseline (was {before.end.isoformat()}, now "
            f"{m.end.isoformat()})",
        )
    if before is not None and m.end < before.end:
        days = (before.end - m.end).days
        return Tracking("on_track", f"{_span(days)} earlier than the baseline")
    return Tracking("on_track", f"planned for {m.end.isoformat()}")


def _ce_pace(m: Milestone, as_of: dt.date) -> Tracking | None:
    """The current CE cycle: at risk when the pace so far would not reach the requirement."""
    required = _number(m.details.get("ce_required"))
    earned = _number(m.details.get("ce_earned")) or 0.0
    if required is None or required <= 0:
        return None
    left = (m.end - as_of).days
    if earned >= required:
        return Tracking("on_track", _ce_summary(m.details, f"with {left} days left: met"))
    elapsed = (as_of - m.start).days
    total = max(1, (m.end - m.start).days)
    projected = earned / elapsed * total if elapsed > 0 else 0.0
    if projected < required:
        return Tracking("at_risk", _ce_summary(m.details, f"with {left} days left: at risk"))
    return Tracking("on_track", _ce_summary(m.details, f"with {left} days left: on track"))


def _ce_summary(details: Mapping[str, Any], tail: str) -> str:
    """``6 of 20 CEUs`` and ``tail``."""
    earned = _number(details.get("ce_earned")) or 0.0
    required = _number(details.get("ce_required"))
    unit = str(details.get("unit") or "CE unit")
    plural = unit if unit.endswith("s") else f"{unit}s"
    of = f" of {required:g}" if required is not None else ""
    return f"{earned:g}{of} {plural} {tail}"


def _number(value: Any) -> float | None:
    return float(value) if isinstance(value, int | float) and not isinstance(value, bool) else None


def _span(days: int) -> str:
    if days >= 60:
        months = round(days / DAYS_PER_MONTH)
        return f"{months} month{'s' if months != 1 else ''}"
    return f"{days} day{'s' if days != 1 else ''}"

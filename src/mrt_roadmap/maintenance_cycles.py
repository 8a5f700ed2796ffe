"""Dated maintenance cycles computed from a credential's ``maintenance`` data alone.

A cycle is ``cycle_months`` long and anchored either on the day the credential is earned
(``anchor="earned"``: cycle n runs from earned + (n-1) x cycle_months to the day before
earned + n x cycle_months, on the real calendar) or on a calendar day (``anchor="calendar"``:
every cycle ends on ``cycle_ends_on``, ``MM-DD``, and ``cycle_months`` is a multiple of 12).
A calendar scheme's first cycle starts on the day earned and ends either on the next
``cycle_ends_on`` (``first_cycle="to_next_end"``) or at the end of the cycle-length period that
began after the last ``cycle_ends_on`` before that day (``first_cycle="joins_current"``: the
partial year counts as the cycle's first year).

Each cycle is due ``due_days_after_end`` days after its last day (``None``: no source gives the
day; the cycle's last day is used and :attr:`Cycle.due_stated` is false) and may be completed
late until ``grace_days`` after the due day (``None``: no grace period is known).

:meth:`Cycle.ce_earned` counts a CE log inside a cycle (entries dated from its first day to its
last, nothing carried over) and :meth:`Cycle.outcome` says how a cycle that has ended went.

No issuer is named here: the rules are the data's.
"""

from __future__ import annotations

import datetime as dt
import functools
import math
from collections.abc import Iterable
from typing import TYPE_CHECKING, Literal

import attrs
from dateutil.relativedelta import relativedelta

from mrt_roadmap.model_base import Model
from mrt_roadmap.profile import CeLog

if TYPE_CHECKING:
    from mrt_roadmap.definitions import Maintenance
    from mrt_roadmap.profile import CeActivity

Anchor = Literal["earned", "calendar"]
FirstCycle = Literal["to_next_end", "joins_current"]
Outcome = Literal["met", "missed", "unknown"]
ONE_DAY = dt.timedelta(days=1)


@attrs.frozen(repr=False, eq=False)
class Cycle(Model):
    """One maintenance cycle: ``number`` counts from 1 (the first cycle after the credential is
    earned), so it stays the same when a changed plan moves the dates."""

    number: int
    start: dt.date
    end: dt.date
    due: dt.date
    """The day the CE report or renewal is due (``end`` where the data gives no due day)."""
    grace_end: dt.date | None = None
    """Last day of the grace period after ``due``; ``None`` where no grace period is known."""
    due_stated: bool = True
    """False when the data gives no due day (``due_days_after_end`` is null)."""

    @property
    def first(self) -> bool:
        return self.number == 1

    def contains(self, day: dt.date) -> bool:
        return self.start <= day <= self.end

    def ce_earned(self, log: Iterable[CeActivity], category: str | None = None) -> float:
        """The amount of the entries of ``log`` dated inside the cycle (only those in
        ``category`` when given), summed exactly, so their order never matters."""
        inside = (
            log.between(self.start, self.end)
            if type(log) is CeLog
            else [e for e in log if self.start <= e.date <= self.end]
        )
        return math.fsum(e.amount for e in inside if category is None or category in e.categories)

    def outcome(self, log: Iterable[CeActivity], *, met: bool) -> Outcome:
        """How the cycle went, given whether the CE counted in it met every requirement:
        ``met``; ``missed`` when ``log`` has entries dated in or after the cycle (CE was being
        logged, not enough in it); else ``unknown`` (the profile does not say)."""
        if met:
            return "met"
        return "missed" if any(e.date >= self.start for e in log) else "unknown"


def cycle_length(months: int) -> str:
    """A cycle's length for people: ``24`` -> ``"2-year"``, ``18`` -> ``"18-month"``."""
    return f"{months // 12}-year" if months % 12 == 0 else f"{months}-month"


def month_day(text: str) -> tuple[int, int]:
    """``"12-31"`` as ``(12, 31)``; ``ValueError`` unless it is a day of every year."""
    month_text, sep, day_text = text.partition("-")
    if not sep or not month_text.isdigit() or not day_text.isdigit():
        raise ValueError(f"cycle_ends_on must be MM-DD, not {text!r}")
    month, day = int(month_text), int(day_text)
    dt.date(2023, month, day)  # a non-leap year: 02-29 is refused
    return month, day


def cycles(maintenance: Maintenance, earned: dt.date, until: dt.date) -> tuple[Cycle, ...]:
    """Every cycle of a credential earned on ``earned`` that starts on or before ``until``,
    from the first (callers skip those that ended before their planning date)."""
    return _cycles(
        maintenance.cycle_months,
        maintenance.anchor,
        maintenance.cycle_ends_on,
        maintenance.first_cycle,
        maintenance.due_days_after_end,
        maintenance.grace_days,
        earned,
        until,
    )


@functools.lru_cache(maxsize=4096)
def _cycles(
    months: int,
    anchor: Anchor,
    ends_on: str | None,
    first_cycle: FirstCycle,
    due_days: int | None,
    grace_days: int | None,
    earned: dt.date,
    until: dt.date,
) -> tuple[Cycle, ...]:
    """Memoized on plain values: every plan of a profile walks the same cycles."""
    if months < 1:
        raise ValueError(f"cycle_months must be at least 1, not {months}")
    bounds = (
        _calendar_bounds(months, ends_on, first_cycle, earned, until)
        if anchor == "calendar"
        else _earned_bounds(months, earned, until)
    )
    return tuple(
        _cycle(number, start, end, due_days, grace_days)
        for number, (start, end) in enumerate(bounds, start=1)
    )


def _cycle(
    number: int, start: dt.date, end: dt.date, due_days: int | None, grace_days: int | None
) -> Cycle:
    due = end + dt.timedelta(days=due_days or 0)
    grace_end = None if grace_days is None else due + dt.timedelta(days=grace_days)
    return Cycle(number, start, end, due, grace_end, due_stated=due_days is not None)


def _earned_bounds(months: int, earned: dt.date, until: dt.date) -> list[tuple[dt.date, dt.date]]:
    """Cycles counted from ``earned``, each computed from it (not from the previous cycle), so
    a Feb 29 anchor keeps its day where the calendar has one."""
    out = []
    k = 0
    while (start := earned + relativedelta(months=months * k)) <= until:
        k += 1
        out.append((start, earned + relativedelta(months=months * k) - ONE_DAY))
    return out


def _calendar_bounds(
    months: int, ends_on: str | None, first_cycle: FirstCycle, earned: dt.date, until: dt.date
) -> list[tuple[dt.date, dt.date]]:
    """Cycles ending on ``ends_on`` every ``months // 12`` years; the first starts on
    ``earned``."""
    if ends_on is None:
        raise ValueError("a calendar-anchored cycle needs cycle_ends_on (MM-DD)")
    if months % 12:
        raise ValueError(f"a calendar-anchored cycle_months must be a multiple of 12: {months}")
    month, day = month_day(ends_on)
    years = months // 12
    next_end = dt.date(earned.year, month, day)
    if next_end < earned:
        next_end = dt.date(earned.year + 1, month, day)
    if first_cycle == "joins_current":
        # the period began after the last end before ``earned``: one year before ``next_end``
        next_end = dt.date(next_end.year - 1 + years, month, day)
    out = []
    start, end = earned, next_end
    while start <= until:
        out.append((start, end))
        start, end = end + ONE_DAY, dt.date(end.year + years, month, day)
    return out

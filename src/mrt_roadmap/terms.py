"""Calendar arithmetic: academic terms and business days (real dates, via python-dateutil)."""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Iterator

from dateutil.rrule import DAILY, FR, MO, TH, TU, WE, rrule

from mrt_roadmap.definitions import AcademicCalendar, Term


def term_dates(term: Term, year: int) -> tuple[dt.date, dt.date]:
    """Start and end of ``term`` in the academic occurrence that starts in ``year``."""
    start = dt.date(year, term.start_month, term.start_day)
    end_year = (
        year + 1 if (term.end_month, term.end_day) < (term.start_month, term.start_day) else year
    )
    return start, dt.date(end_year, term.end_month, term.end_day)


@functools.lru_cache(maxsize=4096)
def _year_terms(calendar: AcademicCalendar, year: int) -> tuple[tuple[str, dt.date, dt.date], ...]:
    ordered = sorted(calendar.terms, key=lambda t: (t.start_month, t.start_day))
    return tuple((t.name, *term_dates(t, year)) for t in ordered)


def terms_from(calendar: AcademicCalendar, on: dt.date) -> Iterator[tuple[str, dt.date, dt.date]]:
    """Every term of ``calendar`` starting on or after ``on``, in date order, forever."""
    year = on.year
    while True:
        for term in _year_terms(calendar, year):
            if term[1] >= on:
                yield term
        year += 1


def last_term_start(calendar: AcademicCalendar, end: dt.date) -> dt.date | None:
    """Start of the last term that begins on or before ``end`` (the term a program ending on
    ``end`` finishes in); ``None`` if no term starts in the 130 days before it."""
    starts = []
    for _, start, _ in terms_from(calendar, end - dt.timedelta(days=130)):
        if start > end:
            break
        starts.append(start)
    return max(starts, default=None)


def term_weeks(start: dt.date, end: dt.date) -> float:
    return ((end - start).days + 1) / 7


@functools.lru_cache(maxsize=4096)
def add_business_days(day: dt.date, count: int) -> dt.date:
    """``day`` plus ``count`` business days (Monday to Friday)."""
    if count <= 0:
        return day
    rule = rrule(DAILY, byweekday=(MO, TU, WE, TH, FR), dtstart=day + dt.timedelta(days=1))
    result: dt.datetime = rule[count - 1]
    return result.date()

"""ODS testing windows: the ones NCRA published, and a projection for later years from the most
recent published year.

Published (NCRA's exam page, stored copies): 2019 Mar 1-23, Jun 21-Jul 13, Oct 11-Nov 2; 2022
Mar 4-26, Jun 17-Jul 9, Oct 14-Nov 5; 2024 Apr 5-27, Jul 19-Aug 10, Oct 18-Nov 9 (apply by Mar
29, Jul 12, Oct 11); 2025 Mar 21-Apr 12, Jul 3-26, Oct 24-Nov 15 (apply by Mar 7, Jun 20,
Oct 8). The pattern changed from year to year, so a year NCRA has not published is projected
from the latest published one: each window opens on the same weekday and week of its month
(2025: the 3rd Friday of March, the 1st Thursday of July, the 4th Friday of October), lasts as
long, and its application deadline falls as many days before it. That is an assumption
(``verified: false``), said in the roadmap, until NCRA publishes that year's calendar.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any, NamedTuple

RESULT_WITHIN_DAYS = 42
"""Results within six weeks after the window closes (NCRA ODS exam FAQ)."""


class Window(NamedTuple):
    """One testing window: the days it opens and closes, and the application deadline
    (``None`` where NCRA's page did not give it)."""

    opens: dt.date
    closes: dt.date
    apply_by: dt.date | None = None


def _known(data: Mapping[str, Any]) -> dict[int, list[Window]]:
    known = data.get("known", {}) if isinstance(data, Mapping) else {}
    out: dict[int, list[Window]] = {}
    for year, windows in known.items():
        out[int(year)] = sorted(_window(dates) for dates in windows)
    return out


def _window(dates: list[str | None]) -> Window:
    """``[opens, closes]`` or ``[opens, closes, apply_by]`` (ISO dates) as a :class:`Window`."""
    opens, closes, *rest = dates
    assert opens is not None
    assert closes is not None
    apply_by = rest[0] if rest else None
    return Window(
        dt.date.fromisoformat(opens),
        dt.date.fromisoformat(closes),
        dt.date.fromisoformat(apply_by) if apply_by else None,
    )


def _week_of_month(day: dt.date) -> int:
    return (day.day - 1) // 7 + 1


def _same_weekday(year: int, like: dt.date) -> dt.date:
    """The day of ``year`` that is ``like``'s weekday in the same week of the same month."""
    first = dt.date(year, like.month, 1)
    offset = (like.weekday() - first.weekday()) % 7
    return first + dt.timedelta(days=offset + 7 * (_week_of_month(like) - 1))


def projected_windows(year: int, pattern: list[Window]) -> list[Window]:
    """The windows of ``year`` projected from ``pattern`` (the latest published year)."""
    out = []
    for window in pattern:
        opens = _same_weekday(year, window.opens)
        closes = opens + (window.closes - window.opens)
        apply_by = None if window.apply_by is None else opens - (window.opens - window.apply_by)
        out.append(Window(opens, closes, apply_by))
    return out


def windows_for(year: int, data: Mapping[str, Any] | None = None) -> tuple[list[Window], bool]:
    """The windows of ``year`` and whether NCRA published them (``True``) or they are
    projected from the latest published year."""
    known = _known(data or {})
    if year in known:
        return known[year], True
    latest = max((y for y in known if y < year), default=None) or min(known, default=None)
    if latest is None:
        return [], False
    return projected_windows(year, known[latest]), False


def latest_published(data: Mapping[str, Any] | None = None) -> int | None:
    """The most recent year whose windows NCRA published (in the data)."""
    return max(_known(data or {}), default=None)


def next_window(earliest: dt.date, data: Mapping[str, Any] | None = None) -> Window:
    """The first window a candidate eligible on ``earliest`` can still apply for: its
    application deadline (or, where none is known, its opening) is on or after ``earliest``."""
    year = earliest.year
    while True:
        for window in windows_for(year, data)[0]:
            if (window.apply_by or window.opens) >= earliest:
                return window
        year += 1


def credential_date(window: Window) -> dt.date:
    """When the result (and so the credential) is expected: six weeks after the window closes."""
    return window.closes + dt.timedelta(days=RESULT_WITHIN_DAYS)

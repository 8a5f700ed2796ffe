"""ODS testing windows: the known ones (2019, 2022 NCRA snapshots) and a projection for other
years from the pattern both known years share.

Known: 2019 Mar 1-23, Jun 21-Jul 13, Oct 11-Nov 2; 2022 Mar 4-26, Jun 17-Jul 9, Oct 14-Nov 5.
Every one opens on a Friday and closes 22 days later (a Saturday): the 1st Friday of March, the
3rd Friday of June and the 2nd Friday of October. Future windows are projected with that rule,
an assumption (``verified: false``) until NCRA publishes its calendar.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

FRIDAY = 4
WINDOW_LENGTH_DAYS = 22
"""Days from opening to closing (Friday to the Saturday three weeks later), in 2019 and 2022."""
PATTERN: tuple[tuple[int, int], ...] = ((3, 1), (6, 3), (10, 2))
"""(month, n-th Friday) on which each of the three yearly windows opens."""
RESULT_WITHIN_DAYS = 42
"""Results within six weeks after the window closes (NCRA ODS exam FAQ)."""

Window = tuple[dt.date, dt.date]


def nth_weekday(year: int, month: int, weekday: int, n: int) -> dt.date:
    """The ``n``-th ``weekday`` (Monday = 0) of ``month``."""
    first = dt.date(year, month, 1)
    return first + dt.timedelta(days=(weekday - first.weekday()) % 7 + 7 * (n - 1))


def projected_windows(year: int) -> list[Window]:
    """The three windows of ``year`` by the 2019/2022 pattern."""
    out = []
    for month, n in PATTERN:
        start = nth_weekday(year, month, FRIDAY, n)
        out.append((start, start + dt.timedelta(days=WINDOW_LENGTH_DAYS)))
    return out


def _known(data: Mapping[str, Any]) -> dict[int, list[Window]]:
    known = data.get("known", {}) if isinstance(data, Mapping) else {}
    return {
        int(year): [(dt.date.fromisoformat(s), dt.date.fromisoformat(e)) for s, e in windows]
        for year, windows in known.items()
    }


def windows_for(year: int, data: Mapping[str, Any] | None = None) -> tuple[list[Window], bool]:
    """The windows of ``year`` and whether they are known (``True``) or projected."""
    known = _known(data or {})
    if year in known:
        return sorted(known[year]), True
    return projected_windows(year), False


def next_window(earliest: dt.date, data: Mapping[str, Any] | None = None) -> Window:
    """The first window that opens on or after ``earliest``."""
    year = earliest.year
    while True:
        for start, close in windows_for(year, data)[0]:
            if start >= earliest:
                return start, close
        year += 1


def credential_date(window: Window) -> dt.date:
    """When the result (and so the credential) is expected: six weeks after the window closes."""
    return window[1] + dt.timedelta(days=RESULT_WITHIN_DAYS)

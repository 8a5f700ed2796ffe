"""The cohort summary as a self-contained HTML page: per goal, a chart of how many reach it by
each year (bars) and the share reached so far (a line), with a table as its text equivalent.

No external assets and no scripts, like the roadmap page: inline CSS and SVG, rendered by the
same Jinja2 environment (autoescape on, unsafe characters made visible).
"""

from __future__ import annotations

from typing import Any

import attrs

from mrt_roadmap.cohort_summary import CohortSummary, GoalSummary
from mrt_roadmap.formats.html import coordinate

# Chart geometry (user units; the SVG scales to its container's width).
WIDTH = 640
HEIGHT = 190
BAR_MAX = 56
LEFT = 48
RIGHT = 48
TOP = 16
BOTTOM = 32


@attrs.frozen
class Bar:
    """One year of a goal's chart: its bar, the share reached by the end of it, its label."""

    year: str
    count: int
    cumulative_share: float
    x: float
    width: float
    y: float
    height: float
    share_y: float


def _chart(goal: GoalSummary) -> dict[str, Any] | None:
    """The bars and the cumulative-share line of ``goal``, or ``None`` when nobody reaches it."""
    peak = max(goal.by_year.values(), default=0)
    if peak <= 0 or not goal.profiles:
        return None
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM
    years = sorted(goal.by_year)
    if all(len(y) == 4 and y.isdigit() for y in years):  # years nobody reaches it in show as 0
        years = [f"{y:04d}" for y in range(int(years[0]), int(years[-1]) + 1)]
    slot = plot_w / len(years)
    width = min(slot * 0.7, BAR_MAX)
    bars, so_far = [], 0
    for i, year in enumerate(years):
        count = goal.by_year.get(year, 0)
        so_far += count
        share = so_far / goal.profiles
        height = plot_h * count / peak
        bars.append(
            Bar(
                year,
                count,
                share,
                LEFT + i * slot + (slot - width) / 2,
                width,
                TOP + plot_h - height,
                height,
                TOP + plot_h * (1 - share),
            )
        )
    line = " ".join(f"{coordinate(b.x + b.width / 2)},{coordinate(b.share_y)}" for b in bars)
    return {
        "width": WIDTH,
        "height": HEIGHT,
        "left": LEFT,
        "right": WIDTH - RIGHT,
        "top": TOP,
        "bottom": TOP + plot_h,
        "peak": peak,
        "bars": bars,
        "line": line,
        "f": coordinate,
    }


def context(summary: CohortSummary) -> dict[str, Any]:
    """Everything the template needs, as plain data."""
    return {
        "summary": summary,
        "goals": [
            {
                "goal": g,
                "share": f"{g.reached / g.profiles:.0%}" if g.profiles else "-",
                "chart": _chart(g),
                "anchor": f"goal-{i}",
            }
            for i, g in enumerate(summary.goals)
        ],
    }


def to_html(summary: CohortSummary) -> str:
    """The summary as a self-contained HTML page."""
    from mrt_roadmap.formats.html import environment

    return environment().get_template("cohort.html.j2").render(context(summary))

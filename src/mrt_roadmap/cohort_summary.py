"""What a cohort's roadmaps add up to: per goal, how many reach it and when; what it costs;
where people get stuck; the warnings and problems most often met.

Each planned profile contributes a small row (:func:`row_of`), so a summary of 100,000
roadmaps never holds them: rows are added one at a time to a :class:`CohortTally`, which keeps
counts (of each date a goal is reached on, of each known cost), not one entry per learner, so
its memory stays flat however large the cohort.
"""

from __future__ import annotations

import bisect
import itertools
import math
from collections import Counter
from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, Any

import attrs

from mrt_roadmap.model_base import Model, thaw

if TYPE_CHECKING:
    from mrt_roadmap.batch import BatchResult
    from mrt_roadmap.roadmap import Roadmap

TOP = 10
"""How many blocking reasons, warnings and problem codes a summary lists."""


def row_of(roadmap: Roadmap) -> dict[str, Any]:
    """The facts of one roadmap a summary needs, as plain data (cheap to send between
    processes): goals with when they are reached or why not, known cost, warning codes."""
    return {
        "goals": [
            [g.kind, g.target, g.reached_on.isoformat() if g.reached_on else None, g.why_not]
            for g in roadmap.goals
        ],
        "cost": roadmap.total_cost,
        "warnings": sorted({w.code for w in roadmap.warnings}),
    }


@attrs.frozen(repr=False, eq=False)
class GoalSummary(Model):
    """One goal across the cohort: who aims at it, who reaches it within their horizon and
    when (quartiles of the dates, counts by year), and the commonest reasons it is not."""

    kind: str
    target: str
    profiles: int
    reached: int
    first: str | None
    quartile_1: str | None
    median: str | None
    quartile_3: str | None
    last: str | None
    by_year: Mapping[str, int]
    blocking: tuple[tuple[str, int], ...]


@attrs.frozen(repr=False, eq=False)
class CohortSummary(Model):
    """The cohort summary (``cohort-summary.schema.json``)."""

    profiles: int
    planned: int
    with_problems: int
    goals: tuple[GoalSummary, ...]
    cost_median: float | None
    cost_total: float | None
    cost_known: int
    warnings: tuple[tuple[str, int], ...]
    problem_codes: tuple[tuple[str, int], ...]
    schema_version: str = "1.0"

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready data (lists, not tuples)."""
        from mrt_roadmap.convert import converter

        data: dict[str, Any] = thaw(converter().unstructure(self))
        return data

    def to_markdown(self) -> str:
        """A Markdown report, with a text bar chart of reach-by-year per goal."""
        return to_markdown(self)

    def to_html(self) -> str:
        """A self-contained HTML report (no external assets), with an SVG chart of
        reach-by-year per goal and tables as its text equivalent."""
        from mrt_roadmap.cohort_report import to_html

        return to_html(self)


class CohortTally:
    """Adds up rows one at a time; :meth:`summary` gives the :class:`CohortSummary`."""

    def __init__(self) -> None:
        self.profiles = 0
        self.planned = 0
        self.dates: dict[tuple[str, str], Counter[str]] = {}
        """Per goal, how many reach it on each day."""
        self.aiming: Counter[tuple[str, str]] = Counter()
        self.blocking: dict[tuple[str, str], Counter[str]] = {}
        self.costs: Counter[float] = Counter()
        """How many learners have each known cost."""
        self.warnings: Counter[str] = Counter()
        self.problems: Counter[str] = Counter()

    def add(self, row: Mapping[str, Any] | None, problem_codes: Iterable[str] = ()) -> None:
        """One profile: its row when it was planned, else the codes of its problems."""
        self.profiles += 1
        if row is None:
            self.problems.update(set(problem_codes) or {"error"})
            return
        self.planned += 1
        for kind, target, reached, why_not in row["goals"]:
            key = (kind, target)
            self.aiming[key] += 1
            if reached is not None:
                self.dates.setdefault(key, Counter())[reached] += 1
            else:
                self.blocking.setdefault(key, Counter())[_reason(why_not)] += 1
        if row.get("cost") is not None:
            self.costs[float(row["cost"])] += 1
        self.warnings.update(row.get("warnings", ()))

    def summary(self) -> CohortSummary:
        goals = []
        for key in sorted(self.aiming):
            dates = _Counted(self.dates.get(key, Counter()))
            goals.append(
                GoalSummary(
                    key[0],
                    key[1],
                    self.aiming[key],
                    dates.size,
                    dates.nth(0),
                    dates.at(0.25),
                    dates.at(0.5),
                    dates.at(0.75),
                    dates.nth(dates.size - 1),
                    dates.by_year(),
                    tuple(self.blocking.get(key, Counter()).most_common(TOP)),
                )
            )
        costs = _Counted(self.costs)
        return CohortSummary(
            self.profiles,
            self.planned,
            self.profiles - self.planned,
            tuple(goals),
            round(costs.median(), 2) if costs.size else None,
            round(math.fsum(cost * n for cost, n in self.costs.items()), 2) if costs.size else None,
            costs.size,
            tuple(self.warnings.most_common(TOP)),
            tuple(self.problems.most_common(TOP)),
        )


class _Counted:
    """Sorted values with how many times each occurs: ranks without one entry per learner."""

    def __init__(self, counts: Counter[Any]) -> None:
        self.values = sorted(counts)
        self.ends = list(itertools.accumulate(counts[v] for v in self.values))
        """``ends[i]``: how many values are at or before ``values[i]``."""
        self.size = self.ends[-1] if self.ends else 0
        self.counts = counts

    def nth(self, rank: int) -> Any:
        """The value at 0-based ``rank`` in sorted order (``None`` when there is none)."""
        if not 0 <= rank < self.size:
            return None
        return self.values[bisect.bisect_right(self.ends, rank)]

    def at(self, q: float) -> Any:
        """The ``q`` quantile by nearest rank (as the dates' quartiles always were)."""
        return self.nth(min(self.size - 1, max(0, round(q * (self.size - 1)))))

    def median(self) -> float:
        """The median, as :func:`statistics.median` gives it over every value."""
        middle = self.size // 2
        if self.size % 2:
            return float(self.nth(middle))
        return float(self.nth(middle - 1) + self.nth(middle)) / 2

    def by_year(self) -> dict[str, int]:
        """How many ISO dates fall in each year, in order."""
        years: Counter[str] = Counter()
        for day, n in self.counts.items():
            years[day[:4]] += n
        return dict(sorted(years.items()))


def summarize(results: Iterable[BatchResult | Roadmap]) -> CohortSummary:
    """The summary of a batch's results (:func:`mrt_roadmap.plan_many`) or of roadmaps."""
    from mrt_roadmap.roadmap import Roadmap

    tally = CohortTally()
    for result in results:
        if isinstance(result, Roadmap):
            tally.add(row_of(result))
        elif result.roadmap is not None:
            tally.add(row_of(result.roadmap))
        else:
            tally.add(None, (p.code for p in result.problems))
    return tally.summary()


def _reason(why_not: str | None) -> str:
    """A blocking reason without the learner's own dates, so the same cause counts once."""
    if not why_not:
        return "not within the horizon"
    if why_not.startswith("reachable on "):
        return "reachable only after the horizon"
    return why_not[:120]


def _quartiles(dates: list[str]) -> tuple[str | None, str | None, str | None]:
    """First quartile, median and third quartile of sorted ISO dates (nearest rank)."""
    if not dates:
        return None, None, None
    n = len(dates)

    def at(q: float) -> str:
        return dates[min(n - 1, max(0, round(q * (n - 1))))]

    return at(0.25), at(0.5), at(0.75)


def to_markdown(summary: CohortSummary) -> str:
    """The summary as a Markdown report, with a bar chart of reach-by-year per goal."""
    out = [
        "# Cohort summary",
        "",
        f"{summary.profiles:,} profiles: {summary.planned:,} planned, "
        f"{summary.with_problems:,} with problems.",
        "",
    ]
    if summary.cost_known and summary.cost_median is not None and summary.cost_total is not None:
        out += [
            f"Known cost: median ${summary.cost_median:,.0f} per learner, total "
            f"${summary.cost_total:,.0f} over {summary.cost_known:,} learners (costs without a "
            "source are left out).",
            "",
        ]
    for g in summary.goals:
        share = f"{g.reached / g.profiles:.0%}" if g.profiles else "-"
        out += [
            f"## {g.target} ({g.kind})",
            "",
            f"{g.reached:,} of {g.profiles:,} reach it within their horizon ({share}); "
            + (
                f"median {g.median}, middle half {g.quartile_1} to {g.quartile_3}."
                if g.median
                else "none within the horizon."
            ),
            "",
        ]
        peak = max(g.by_year.values(), default=0)
        if peak > 0:
            out += ["```text", "reached by year"]
            for year, count in g.by_year.items():
                bar = "#" * max(1, round(40 * count / peak))
                out.append(f"{year}  {bar} {count:,}")
            out += ["```", ""]
        if g.blocking:
            out += ["Most common reasons it is not reached:", ""]
            out += [f"- {reason} ({count:,})" for reason, count in g.blocking]
            out.append("")
    if summary.warnings:
        out += ["## Most common warnings", ""]
        out += [f"- `{code}`: {count:,} roadmaps" for code, count in summary.warnings]
        out.append("")
    if summary.problem_codes:
        out += ["## Most common problems", ""]
        out += [f"- `{code}`: {count:,} profiles" for code, count in summary.problem_codes]
        out.append("")
    return "\n".join(out)

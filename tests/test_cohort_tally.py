"""The cohort tally keeps counts, not one entry per learner, and gives the same summary as
computing over every learner's values."""

from __future__ import annotations

import math
import statistics
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from mrt_roadmap.cohort_summary import CohortTally

GOALS = [("credential", "RHIT"), ("credential", "RHIA"), ("role", "entry_coder")]
DAYS = [f"{y}-{m:02d}-01" for y in (2027, 2028, 2030) for m in (1, 6, 11)]


@st.composite
def rows(draw: st.DrawFn) -> dict[str, Any] | None:
    if draw(st.integers(0, 9)) == 0:
        return None  # a profile with problems
    goals = [
        [kind, target, draw(st.none() | st.sampled_from(DAYS)), draw(st.sampled_from(["x", None]))]
        for kind, target in draw(st.lists(st.sampled_from(GOALS), unique=True, max_size=3))
    ]
    cost = draw(st.none() | st.integers(0, 5_000_000).map(lambda cents: cents / 100))
    return {"goals": goals, "cost": cost, "warnings": draw(st.lists(st.sampled_from("ab")))}


def nearest_rank(values: list[str], q: float) -> str | None:
    if not values:
        return None
    return values[min(len(values) - 1, max(0, round(q * (len(values) - 1))))]


@settings(max_examples=200, deadline=None)
@given(st.lists(rows(), max_size=60))
def test_counts_give_the_quantiles_median_and_total_of_every_value(cohort: list[Any]):
    tally = CohortTally()
    for row in cohort:
        tally.add(row, ["range"])
    summary = tally.summary()
    planned = [r for r in cohort if r is not None]
    costs = [r["cost"] for r in planned if r["cost"] is not None]
    assert (summary.profiles, summary.planned) == (len(cohort), len(planned))
    assert summary.cost_known == len(costs)
    assert summary.cost_median == (round(statistics.median(costs), 2) if costs else None)
    assert summary.cost_total == (round(math.fsum(costs), 2) if costs else None)
    for goal in summary.goals:
        days = sorted(
            g[2]
            for r in planned
            for g in r["goals"]
            if (g[0], g[1]) == (goal.kind, goal.target) and g[2] is not None
        )
        assert goal.reached == len(days)
        assert [goal.first, goal.quartile_1, goal.median, goal.quartile_3, goal.last] == [
            nearest_rank(days, q) for q in (0, 0.25, 0.5, 0.75, 1)
        ]
        assert sum(goal.by_year.values()) == len(days)
        assert list(goal.by_year) == sorted({d[:4] for d in days})


def test_the_tally_holds_one_entry_per_distinct_value_not_per_learner():
    tally = CohortTally()
    for i in range(10_000):
        tally.add({"goals": [["credential", "RHIT", DAYS[i % 3], None]], "cost": 100.0 + i % 2})
    assert len(tally.dates[("credential", "RHIT")]) == 3
    assert len(tally.costs) == 2
    assert tally.summary().goals[0].reached == 10_000

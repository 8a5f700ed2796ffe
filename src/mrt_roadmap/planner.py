"""The planner: starting state -> route search per goal -> maintenance -> roadmap.

:class:`Planner` holds what plans share (the plugin host, its catalog, a bounded memo) and runs
the stages in order: :mod:`starting_state` (the learner's dated facts), :mod:`goals` and
:mod:`route_search` (the earliest way to each goal, then advancement), :mod:`maintenance` (CE
cycles and renewals) and :mod:`assembly` (warnings, plugins' milestones and notices, the
roadmap).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING

from mrt_roadmap.assembly import RuleOwners, assemble_roadmap
from mrt_roadmap.context import Context, SharedMemo
from mrt_roadmap.goals import goals_in_order
from mrt_roadmap.maintenance import add_maintenance
from mrt_roadmap.pluginmanager import PluginHost, get_plugin_host
from mrt_roadmap.profile import Profile
from mrt_roadmap.profile_validation import ProfileSource
from mrt_roadmap.requirement_progress import with_progress
from mrt_roadmap.roadmap import GoalResult, Roadmap
from mrt_roadmap.route_search import add_advancement, plan_credential, plan_goal
from mrt_roadmap.starting_state import PlanStart, start_plan
from mrt_roadmap.state import PlanState

if TYPE_CHECKING:
    from concurrent.futures import Executor  # (imported by the batch, when one runs)

    from mrt_roadmap.batch import BatchResult
    from mrt_roadmap.explanation import Explanation


class Planner:
    """Plans roadmaps. Build it once and reuse it: it holds the plugin host and catalog.

    One planner may serve any number of profiles, and threads, at once: what it keeps between
    plans is the immutable catalog, a bounded shared memo (:class:`SharedMemo`) and the owner
    of each rule id (one entry per catalog rule). Everything else lives in the plan's
    :class:`Context` and is freed when ``plan`` returns."""

    def __init__(self, host: PluginHost | None = None) -> None:
        self.host = host or get_plugin_host()
        self.catalog = self.host.catalog
        self.shared = SharedMemo()
        self._owners = RuleOwners(self.catalog)

    def plan(
        self,
        profile: ProfileSource,
        *,
        as_of: dt.date | None = None,
        horizon_years: int | None = None,
        baseline: Roadmap | None = None,
    ) -> Roadmap:
        """Plan a roadmap for ``profile`` (a :class:`Profile`, a mapping, JSON text or a path;
        all checked the same way, a :class:`ProfileError` listing every problem at once).
        ``as_of`` overrides ``profile.as_of``; ``baseline``, an earlier roadmap of the same
        learner, is what each milestone's ``tracking`` is measured against (without one,
        against the learner's dated facts)."""
        start = self.start(profile, as_of=as_of, horizon_years=horizon_years)
        checked, ctx, state = start.profile, start.context, start.state
        if baseline is not None:
            ctx.baseline = _checked_baseline(baseline, checked)
        facts = state  # the learner's own facts, before anything is planned
        results: list[GoalResult] = []
        for goal in goals_in_order(checked, ctx.catalog):
            planned = plan_goal(goal, state, ctx)
            state = planned.state
            results.append(with_progress(planned.result, facts, ctx))
        if not checked.goals.roles:
            state = add_advancement(state, ctx)
        return self._finish(checked, ctx, state, results)

    def start(
        self,
        profile: ProfileSource,
        *,
        as_of: dt.date | None = None,
        horizon_years: int | None = None,
    ) -> PlanStart:
        """Check ``profile`` and start a plan of it: the canonical profile, the plan's context
        and its first state (the learner's dated facts), before any goal is planned."""
        return start_plan(
            profile,
            host=self.host,
            catalog=self.catalog,
            shared=self.shared,
            plan_credential=plan_credential,
            as_of=as_of,
            horizon_years=horizon_years,
        )

    def explain(
        self, profile: ProfileSource, target: str, *, as_of: dt.date | None = None
    ) -> Explanation:
        """Route by route: is the learner eligible for ``target`` (a credential id or alias,
        or a career role id), what is missing, when could it be met, and how much of each
        requirement is met already."""
        from mrt_roadmap.errors import InputError, Problem
        from mrt_roadmap.explanation import explain

        untyped: object = target  # callers without a type checker may pass anything
        if not isinstance(untyped, str):
            kind = type(untyped).__name__
            problem = Problem("target (argument)", f"expected text, got {kind}", "argument")
            raise InputError("argument target", [problem])
        return explain(self, profile, target, as_of)

    def plan_many(
        self,
        profiles: Iterable[ProfileSource],
        *,
        executor: Executor | None = None,
        as_of: dt.date | None = None,
        horizon_years: int | None = None,
        chunk: int = 64,
    ) -> Iterator[BatchResult]:
        """Plan every profile with this planner (:func:`mrt_roadmap.plan_many`)."""
        from mrt_roadmap.batch import plan_many

        return plan_many(
            profiles,
            planner=self,
            executor=executor,
            as_of=as_of,
            horizon_years=horizon_years,
            chunk=chunk,
        )

    def _finish(
        self, profile: Profile, ctx: Context, state: PlanState, goals: list[GoalResult]
    ) -> Roadmap:
        """The roadmap of the planned ``state``: maintenance added, then assembled."""
        state = add_maintenance(profile, ctx, state)
        return assemble_roadmap(profile, ctx, state, goals, self._owners)


def _checked_baseline(baseline: object, profile: Profile) -> Roadmap:
    """``baseline`` if it is a roadmap of this profile; else an :class:`InputError`."""
    from mrt_roadmap.errors import InputError, Problem

    if not isinstance(baseline, Roadmap):
        kind = type(baseline).__name__
        raise InputError("baseline", [Problem("$", f"expected a Roadmap, got {kind}", "type")])
    if baseline.profile_id != profile.id:
        message = f"a roadmap of profile {baseline.profile_id!r}, not of {profile.id!r}"
        raise InputError("baseline", [Problem("$.profile_id", message, "argument")])
    return baseline


__all__ = ["Planner"]

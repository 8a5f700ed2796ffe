"""The roadmap the planner produces: milestones with reasons, goals with routes, warnings."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any, Literal

import attrs

from mrt_roadmap.definitions import Earnings, Outlook
from mrt_roadmap.model_base import EMPTY, Model, frozen_mapping

MilestoneKind = Literal[
    "education", "exam", "credential", "experience", "ce_cycle", "renewal", "advancement", "job"
]
MILESTONE_KINDS: tuple[str, ...] = (
    "education",
    "exam",
    "credential",
    "experience",
    "ce_cycle",
    "renewal",
    "advancement",
    "job",
)
Status = Literal["done", "in_progress", "planned"]


@attrs.frozen(repr=False)
class Reason(Model):
    """Why a milestone is in the plan: a sentence, the rule it rests on and that rule's source."""

    text: str
    rule: str | None = None
    source: str | None = None
    as_of: dt.date | None = None
    verified: bool = True


@attrs.frozen(repr=False, eq=False)
class Cost(Model):
    """A sourced cost; ``amount`` is ``None`` where no source gives the number."""

    amount: float | None
    basis: str
    currency: str = "USD"
    source: str | None = None
    as_of: dt.date | None = None


TrackingStatus = Literal["done", "on_track", "at_risk", "overdue", "missed"]


@attrs.frozen(repr=False, eq=False)
class Tracking(Model):
    """Whether a step is done, on track, at risk, overdue or missed, and why."""

    status: TrackingStatus
    reason: str


@attrs.frozen(repr=False, eq=False)
class Milestone(Model):
    """One dated step of the roadmap. ``details`` is read-only (a deep copy is kept: see
    :func:`~mrt_roadmap.model_base.frozen_mapping`), so a milestone can be shared safely."""

    id: str
    kind: MilestoneKind
    title: str
    start: dt.date
    end: dt.date
    status: Status = "planned"
    credential: str | None = None
    depends_on: tuple[str, ...] = ()
    why: tuple[Reason, ...] = ()
    cost: Cost | None = None
    details: Mapping[str, Any] = attrs.field(
        default=EMPTY, converter=frozen_mapping, eq=False, hash=False
    )
    plugin: str | None = None
    tracking: Tracking | None = None
    """Set when the roadmap is assembled (:mod:`mrt_roadmap.tracking`)."""

    def attributed(self, plugin: str) -> Milestone:
        """This milestone, credited to ``plugin`` unless it already names one."""
        if self.plugin is not None:
            return self
        return self._copy(self.status, self.depends_on, plugin)

    def with_status(
        self, status: Status, depends_on: tuple[str, ...], tracking: Tracking | None = None
    ) -> Milestone:
        """A copy with ``status`` and ``depends_on`` (and ``tracking``, if given) replaced
        (fast path of the planner)."""
        return self._copy(status, depends_on, self.plugin, tracking)

    def tracked(self, tracking: Tracking) -> Milestone:
        """A copy with ``tracking`` set."""
        return self._copy(self.status, self.depends_on, self.plugin, tracking)

    def _copy(
        self,
        status: Status,
        depends_on: tuple[str, ...],
        plugin: str | None,
        tracking: Tracking | None = None,
    ) -> Milestone:
        """A copy with the fields the planner changes replaced; positional, so much faster than
        ``attrs.evolve`` in the planner's loops. ``details`` is frozen already: it is shared,
        not copied again."""
        new = Milestone(
            self.id,
            self.kind,
            self.title,
            self.start,
            self.end,
            status,
            self.credential,
            depends_on,
            self.why,
            self.cost,
            EMPTY,
            plugin,
            tracking if tracking is not None else self.tracking,
        )
        object.__setattr__(new, "details", self.details)
        return new


@attrs.frozen(repr=False, eq=False)
class Alternative(Model):
    """A route that was considered for a goal and lost."""

    route: str
    label: str
    finish: dt.date | None
    lost_because: str


ProgressUnit = Literal["credits", "months", "award", "credential", "membership", "requirement"]


@attrs.frozen(repr=False, eq=False)
class RequirementProgress(Model):
    """How much of one requirement the learner's facts meet on ``as_of``, as a degree audit
    shows it: ``done`` of ``required`` ``unit`` (``required`` ``None`` where the rule gives no
    amount, e.g. "some experience")."""

    label: str
    kind: str
    done: float = attrs.field(converter=float)
    required: float | None = attrs.field(converter=attrs.converters.optional(float))
    unit: ProgressUnit = attrs.field()
    met: bool = attrs.field()

    @property
    def text(self) -> str:
        """``24/64 credits``, ``14.2/36 months``, ``award: not yet``."""
        if self.unit in ("credits", "months"):
            of = f"/{self.required:g}" if self.required is not None else ""
            return f"{self.done:g}{of} {self.unit}"
        return f"{self.unit}: {'met' if self.met else 'not yet'}"


@attrs.frozen(repr=False, eq=False)
class GoalResult(Model):
    """What became of one goal; ``progress``: the chosen route's requirements, met so far."""

    id: str
    kind: Literal["credential", "role"]
    target: str
    reached_on: dt.date | None
    route: str | None = None
    route_label: str | None = None
    why_not: str | None = None
    alternatives: tuple[Alternative, ...] = ()
    progress: tuple[RequirementProgress, ...] = ()


@attrs.frozen(repr=False, eq=False)
class Notice(Model):
    """A warning: ``code`` is stable and machine-readable, ``message`` is for people."""

    code: str
    message: str
    rule: str | None = None
    source: str | None = None


@attrs.frozen(repr=False, eq=False)
class RuleUsed(Model):
    id: str
    text: str
    source: str
    as_of: dt.date
    verified: bool
    plugin: str | None = None


@attrs.frozen(repr=False, eq=False)
class PluginInfo(Model):
    name: str
    version: str


@attrs.frozen(repr=False, eq=False)
class RoleFacts(Model):
    """A role the roadmap reaches (a goal, a job, an advancement step) with what its occupation
    pays and its outlook, dated and attributed; ``None`` where no source gives them. Older
    periods are kept as history and never shown as current."""

    role: str
    title: str
    reached_on: dt.date | None
    milestone: str | None = None
    earnings: Earnings | None = None
    earnings_history: tuple[Earnings, ...] = ()
    outlook: Outlook | None = None
    outlook_history: tuple[Outlook, ...] = ()


@attrs.frozen(repr=False, eq=False)
class Roadmap(Model):
    """A learner's dated roadmap. Export it with :func:`mrt_roadmap.export`."""

    profile_id: str
    as_of: dt.date
    horizon: dt.date
    milestones: tuple[Milestone, ...]
    goals: tuple[GoalResult, ...]
    warnings: tuple[Notice, ...] = ()
    plugins: tuple[PluginInfo, ...] = ()
    rules: tuple[RuleUsed, ...] = ()
    assumptions: tuple[str, ...] = ()
    total_cost: float | None = None
    profile_name: str | None = None
    roles: tuple[RoleFacts, ...] = ()
    """Every role reached, with pay and outlook (:class:`RoleFacts`)."""
    schema_version: str = "1.0"

    def milestone(self, milestone_id: str) -> Milestone:
        for m in self.milestones:
            if m.id == milestone_id:
                return m
        raise KeyError(milestone_id)

    def by_kind(self, kind: str) -> tuple[Milestone, ...]:
        return tuple(m for m in self.milestones if m.kind == kind)

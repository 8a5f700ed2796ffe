"""Per-plan working context: the inputs, the catalog, the plugin host, and what the planner
collects along the way (warnings, plugin failures). Created for one plan and then discarded."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import TYPE_CHECKING

import attrs

from mrt_roadmap.catalog import Catalog
from mrt_roadmap.model_base import Model
from mrt_roadmap.profile import Profile
from mrt_roadmap.roadmap import Notice

if TYPE_CHECKING:
    from mrt_roadmap.pluginmanager import PluginFailure, PluginHost
    from mrt_roadmap.state import PlanState


@attrs.define(repr=False)
class CredentialPlan(Model):
    """The best way found to a credential from a given state, and the routes that lost."""

    state: PlanState
    earned: dt.date | None
    route: str | None
    route_label: str | None
    blocked: str | None
    alternatives: list[tuple[str, str, dt.date | None, str]]
    milestone: str | None = None


@attrs.define(repr=False)
class Context(Model):
    profile: Profile
    catalog: Catalog
    host: PluginHost
    as_of: dt.date
    horizon: dt.date
    study_hours: float
    job_hours: float
    wants_bachelor: bool
    plan_credential: Callable[[str, PlanState, Context], CredentialPlan]
    notices: dict[tuple[str, str], Notice] = attrs.field(factory=dict)
    runtime: list[PluginFailure] = attrs.field(factory=list)
    chain: tuple[str, ...] = ()
    program_chain: tuple[str, ...] = ()
    cache: dict[tuple[object, ...], object] = attrs.field(factory=dict)
    """Memo shared by every plan of one planner (pure functions of their key only)."""
    scratch: dict[tuple[object, ...], tuple[object, object]] = attrs.field(factory=dict)
    """Memo for this plan only, keyed by the identity of the (immutable) state it started from;
    each entry keeps that state alive so the identity cannot be reused."""

    def warn(
        self, code: str, message: str, rule: str | None = None, source: str | None = None
    ) -> None:
        self.notices.setdefault((code, message), Notice(code, message, rule, source))

    @property
    def members_of(self) -> frozenset[str]:
        return frozenset(m.upper() for m in self.profile.preferences.memberships)

"""Per-plan working context: the inputs, the catalog, the plugin host, and what the planner
collects along the way (warnings, plugin failures). Created for one plan and then discarded.

Two memos serve the planner. :attr:`Context.memo` belongs to one plan (entries keyed by that
plan's states and inputs, which no other profile could reuse) and goes with the context.
:class:`SharedMemo` is the planner's, shared by every plan and thread: a small LRU for facts that
are pure functions of the catalog and a few values (which programs meet a requirement, the terms
a program takes at a given pace from a given day), bounded at :data:`SHARED_MEMO_SIZE` entries.
"""

from __future__ import annotations

import datetime as dt
import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import TYPE_CHECKING, TypeVar, cast

import attrs

from mrt_roadmap.catalog import Catalog
from mrt_roadmap.model_base import Model
from mrt_roadmap.profile import Profile
from mrt_roadmap.roadmap import Alternative, Notice, Roadmap

if TYPE_CHECKING:
    from mrt_roadmap.pluginmanager import PluginFailure, PluginHost
    from mrt_roadmap.state import PlanState

T = TypeVar("T")

SHARED_MEMO_SIZE = 2048
"""Most entries a planner's shared memo keeps. An entry is a term plan (a few terms) or a tuple
of programs, well under 1 KB: about 1-2 MB at most, however many profiles a planner serves."""


_MISSING = object()


class SharedMemo:
    """A bounded, thread-safe least-recently-used memo shared by the plans of one planner.

    Only for values that are immutable and a pure function of their key (and the planner's
    catalog): two threads missing the same key both compute it, and either answer will do."""

    def __init__(self, maxsize: int = SHARED_MEMO_SIZE) -> None:
        self.maxsize = maxsize
        self._entries: OrderedDict[Hashable, object] = OrderedDict()
        self._lock = threading.Lock()

    def __len__(self) -> int:
        return len(self._entries)

    def get(self, key: Hashable, compute: Callable[[], T]) -> T:
        """The value for ``key``, computed (outside the lock) and kept if missing."""
        with self._lock:
            found = self._entries.get(key, _MISSING)
            if found is not _MISSING:
                self._entries.move_to_end(key)
                return cast("T", found)
        value = compute()
        with self._lock:
            self._entries[key] = value
            self._entries.move_to_end(key)
            if len(self._entries) > self.maxsize:
                self._entries.popitem(last=False)
        return value


@attrs.define(repr=False)
class CredentialPlan(Model):
    """The best way found to a credential from a given state, and the routes that lost."""

    state: PlanState
    earned: dt.date | None
    route: str | None
    route_label: str | None
    blocked: str | None
    alternatives: tuple[Alternative, ...]
    milestone: str | None = None


PlanCredential = Callable[[str, "PlanState", "Context"], CredentialPlan]
"""Plans the way to a credential id from a state (the route search's ``plan_credential``):
how eligibility plans a prerequisite credential without importing the route search."""


@attrs.define(repr=False)
class Context(Model):
    profile: Profile
    catalog: Catalog
    host: PluginHost
    as_of: dt.date
    horizon: dt.date
    study_hours: float
    job_hours: float | None
    """Weekly hours of planned jobs; ``None``: full time, as each requirement defines it."""
    wants_bachelor: bool
    plan_credential: PlanCredential
    notices: dict[tuple[str, str], Notice] = attrs.field(factory=dict)
    runtime: list[PluginFailure] = attrs.field(factory=list)
    chain: tuple[str, ...] = ()
    program_chain: tuple[str, ...] = ()
    shared: SharedMemo = attrs.field(factory=SharedMemo)
    """The planner's bounded memo, shared by every plan (pure functions of their key only)."""
    memo: dict[tuple[object, ...], object] = attrs.field(factory=dict)
    baseline: Roadmap | None = None
    """An earlier roadmap of the learner that milestones are tracked against, if any."""
    """Memo for this plan only (freed with the context when the plan is done)."""

    def warn(
        self, code: str, message: str, rule: str | None = None, source: str | None = None
    ) -> None:
        self.notices.setdefault((code, message), Notice(code, message, rule, source))

    @property
    def members_of(self) -> frozenset[str]:
        return frozenset(m.upper() for m in self.profile.preferences.memberships)

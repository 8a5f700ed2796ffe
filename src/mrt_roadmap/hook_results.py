"""What each runtime hook may return, checked before a result reaches the planner.

A result that breaks its hook's contract is a :class:`BadResult` naming what is wrong; the host
reports it as that plugin's failure and drops the contribution, so a wrong type, an unknown
milestone kind, a duplicate id or an unsourced reason never crashes a plan or yields a roadmap
that fails its own schema. The contracts are documented in :mod:`mrt_roadmap.hookspecs`.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Callable, Mapping, Sequence
from typing import Any, Final, get_args

import attrs

from mrt_roadmap.model_base import Model
from mrt_roadmap.roadmap import Cost, Milestone, MilestoneKind, Notice, Reason, Status
from mrt_roadmap.state import ExamDate, RequirementStatus

KINDS: Final = frozenset(get_args(MilestoneKind))
STATUSES: Final = frozenset(get_args(Status))
CORE_PREFIXES: Final = frozenset(
    {"education", "credential", "exam", "job", "experience", "role", "membership", "course"}
)
"""First parts of the ids the planner itself gives milestones: no plugin namespace may be one."""
MAINTENANCE_DETAILS: Final = ("issuer", "credentials")
"""Keys a ``ce_cycle`` or ``renewal`` milestone's ``details`` must have (the issuer governs the
cycle; the credentials it keeps alive)."""


class BadResult(Exception):
    """A hook returned something its contract does not allow; the message says what."""


@attrs.frozen(repr=False, eq=False)
class CallArgs(Model):
    """What a hook call was given, for checks that depend on it (an exam date's earliest day)
    and the namespace a plugin's milestone ids must start with."""

    hook: str
    kwargs: Mapping[str, Any]


def namespace_of(plugin: str) -> str:
    """The milestone-id namespace of plugin ``plugin``: its name without the ``mrt-roadmap-``
    or ``mrt-roadmap.`` prefix, ``-`` as ``_`` (``mrt-roadmap-ctr`` -> ``ctr``)."""
    name = plugin.lower()
    for prefix in ("mrt-roadmap-", "mrt-roadmap.", "mrt_roadmap_"):
        if name.startswith(prefix) and len(name) > len(prefix):
            name = name[len(prefix) :]
            break
    return name.replace("-", "_")


def _is_date(value: Any) -> bool:
    return isinstance(value, dt.date) and not isinstance(value, dt.datetime)


def _kind_name(value: Any) -> str:
    return type(value).__name__


def check_reason(reason: Any, where: str) -> None:
    if not isinstance(reason, Reason):
        raise BadResult(f"{where}: a reason must be a Reason, not {_kind_name(reason)}")
    if not isinstance(reason.text, str) or not reason.text.strip():
        raise BadResult(f"{where}: a reason needs its text")
    source = reason.source
    if source is None:
        if reason.verified:
            raise BadResult(
                f"{where}: a reason without a source must be marked verified=False "
                "(unsourced), so the roadmap warns"
            )
    elif not isinstance(source, str) or not source.startswith(("https://", "http://")):
        raise BadResult(f"{where}: a reason's source must be a URL, not {source!r}")
    if reason.as_of is not None and not _is_date(reason.as_of):
        raise BadResult(f"{where}: a reason's as_of must be a date")


def check_cost(cost: Any, where: str) -> None:
    if not isinstance(cost, Cost):
        raise BadResult(f"{where}: cost must be a Cost, not {_kind_name(cost)}")
    amount = cost.amount
    if amount is not None and (
        isinstance(amount, bool) or not isinstance(amount, int | float) or not math.isfinite(amount)
    ):
        raise BadResult(f"{where}: a cost's amount must be a finite number or None, not {amount!r}")
    if amount is not None and amount < 0:
        raise BadResult(f"{where}: a cost's amount cannot be negative ({amount!r})")
    if not isinstance(cost.basis, str) or not isinstance(cost.currency, str):
        raise BadResult(f"{where}: a cost's basis and currency must be text")


def check_milestone(milestone: Any, namespaces: tuple[str, ...], where: str) -> None:
    """One milestone a plugin returns: type, id in the plugin's namespace, kind, dates,
    status, reasons and, for ``ce_cycle`` and ``renewal``, the details every reader needs."""
    if not isinstance(milestone, Milestone):
        raise BadResult(f"{where}: expected a Milestone, got {_kind_name(milestone)}")
    ident = milestone.id
    where = f"{where} {ident!r}"
    if not isinstance(ident, str) or not ident.startswith(tuple(f"{n}." for n in namespaces)):
        raise BadResult(
            f"{where}: a milestone id must start with '{namespaces[0]}.', the plugin's namespace"
        )
    if milestone.kind not in KINDS:
        raise BadResult(f"{where}: kind {milestone.kind!r} is not one of {sorted(KINDS)}")
    if milestone.status not in STATUSES:
        raise BadResult(f"{where}: status {milestone.status!r} is not one of {sorted(STATUSES)}")
    if not _is_date(milestone.start) or not _is_date(milestone.end):
        raise BadResult(f"{where}: start and end must be dates")
    if milestone.end < milestone.start:
        raise BadResult(f"{where}: ends ({milestone.end}) before it starts ({milestone.start})")
    if not isinstance(milestone.title, str) or not milestone.title.strip():
        raise BadResult(f"{where}: a milestone needs a title")
    if milestone.credential is not None and not isinstance(milestone.credential, str):
        raise BadResult(f"{where}: credential must be an id (text)")
    if not all(isinstance(d, str) for d in milestone.depends_on):
        raise BadResult(f"{where}: depends_on must list milestone ids")
    if milestone.cost is not None:
        check_cost(milestone.cost, where)
    if not milestone.why:
        raise BadResult(f"{where}: a milestone needs at least one reason (why)")
    for reason in milestone.why:
        check_reason(reason, where)
    if milestone.kind in ("ce_cycle", "renewal"):
        missing = [k for k in MAINTENANCE_DETAILS if k not in milestone.details]
        if missing:
            raise BadResult(f"{where}: a {milestone.kind} needs details {missing}")


def check_milestones(result: Any, namespaces: tuple[str, ...], where: str) -> tuple[Milestone, ...]:
    """A sequence of milestones with unique ids (``None`` is none)."""
    if result is None:
        return ()
    if isinstance(result, str | bytes | Mapping | Milestone) or not isinstance(result, Sequence):
        raise BadResult(f"{where}: expected a list of Milestone, got {_kind_name(result)}")
    seen: set[str] = set()
    for milestone in result:
        check_milestone(milestone, namespaces, where)
        if milestone.id in seen:
            raise BadResult(f"{where}: milestone id {milestone.id!r} is returned twice")
        seen.add(milestone.id)
    return tuple(result)


def _requirement_status(result: Any, namespaces: tuple[str, ...], call: CallArgs) -> Any:
    if result is None:
        return None
    where = call.hook
    if not isinstance(result, RequirementStatus):
        raise BadResult(f"{where}: expected a RequirementStatus or None, got {_kind_name(result)}")
    if result.met_on is not None and not _is_date(result.met_on):
        raise BadResult(f"{where}: met_on must be a date or None")
    if not isinstance(result.reason, str):
        raise BadResult(f"{where}: reason must be text")
    if result.valid_until is not None:
        if not _is_date(result.valid_until):
            raise BadResult(f"{where}: valid_until must be a date or None")
        if result.met_on is not None and result.valid_until < result.met_on:
            raise BadResult(
                f"{where}: valid_until ({result.valid_until}) is before met_on ({result.met_on})"
            )
    check_milestones(result.milestones, namespaces, where)
    return result


def _exam_date(result: Any, namespaces: tuple[str, ...], call: CallArgs) -> Any:
    """An :class:`ExamDate` (a plain date becomes one without a reason) on or after the
    earliest day the call allowed."""
    if result is None:
        return None
    where = call.hook
    if _is_date(result):
        result = ExamDate(result)
    if not isinstance(result, ExamDate) or not _is_date(result.day):
        raise BadResult(f"{where}: expected an ExamDate, a date or None, got {_kind_name(result)}")
    earliest = call.kwargs.get("earliest")
    if earliest is not None and result.day < earliest:
        raise BadResult(f"{where}: {result.day} is before the earliest allowed day {earliest}")
    if result.reason is not None:
        check_reason(result.reason, where)
    return result


def _milestone_list(result: Any, namespaces: tuple[str, ...], call: CallArgs) -> Any:
    return check_milestones(result, namespaces, call.hook) or None


def _notices(result: Any, namespaces: tuple[str, ...], call: CallArgs) -> Any:
    """Notices with a code in the plugin's namespace, a message and a source URL (whether the
    plugin declared the code is checked by the host, which knows the catalog)."""
    where = call.hook
    if result is None:
        return None
    if isinstance(result, str | bytes | Mapping | Notice) or not isinstance(result, Sequence):
        raise BadResult(f"{where}: expected a list of Notice, got {_kind_name(result)}")
    for notice in result:
        if not isinstance(notice, Notice):
            raise BadResult(f"{where}: expected a Notice, got {_kind_name(notice)}")
        code = notice.code
        if not isinstance(code, str) or not code.startswith(tuple(f"{n}." for n in namespaces)):
            raise BadResult(
                f"{where}: notice code {code!r} must start with '{namespaces[0]}.', the "
                "plugin's namespace"
            )
        if not isinstance(notice.message, str) or not notice.message.strip():
            raise BadResult(f"{where}: notice {code!r} needs a message")
        source = notice.source
        if not isinstance(source, str) or not source.startswith(("https://", "http://")):
            raise BadResult(f"{where}: notice {code!r} needs the source URL of its rule")
    return tuple(result) or None


CHECKS: Final[Mapping[str, Callable[[Any, tuple[str, ...], CallArgs], Any]]] = {
    "mrt_roadmap_requirement_status": _requirement_status,
    "mrt_roadmap_exam_date": _exam_date,
    "mrt_roadmap_maintenance": _milestone_list,
    "mrt_roadmap_milestones": _milestone_list,
    "mrt_roadmap_notices": _notices,
}
"""The result check of each runtime hook: the result as the planner takes it, or BadResult."""


def check(hook: str, result: Any, namespaces: tuple[str, ...], call: CallArgs) -> Any:
    """``result`` of an implementation of ``hook``, checked (and lists made tuples). Milestone
    ids must live in one of ``namespaces``: the plugin's own, and for a wrapper's replacement
    also that of the plugin whose result it wraps."""
    checker = CHECKS.get(hook)
    return result if checker is None else checker(result, namespaces, call)

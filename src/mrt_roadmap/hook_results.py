"""What each runtime hook may return, checked before a result reaches the planner.

A result that breaks its hook's contract is a :class:`BadResult` naming what is wrong; the host
reports it as that plugin's failure and drops the contribution, so a wrong type, an unknown
milestone kind, a duplicate id or an unsourced reason never crashes a plan or yields a roadmap
that fails its own schema. The contracts are documented in :mod:`mrt_roadmap.hookspecs`.
"""

from __future__ import annotations

import datetime as dt
import functools
import math
from collections.abc import Callable, Mapping, Sequence
from typing import Any, Final, NamedTuple, get_args

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


class CallArgs(NamedTuple):
    """What a hook call was given, for checks that depend on it (an exam date's earliest day).
    A named tuple: one is made per hook call, on the planner's hot path."""

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


def _as_given(value: Any) -> Any:
    """``value`` as untyped: attrs does not check field types, so a plugin's object may hold
    anything in them whatever its annotations say."""
    return value


def _kind_name(value: Any) -> str:
    return type(value).__name__


_URL = ("https://", "http://")
_VALID_REASONS: dict[int, Reason] = {}
"""Reasons already found valid, by identity (reasons are immutable, and plugins often return
the same memoized objects plan after plan); cleared past :data:`_VALID_REASONS_MAX`."""
_VALID_REASONS_MAX = 4096


def reason_problem(reason: Any) -> str | None:
    """What is wrong with a reason a plugin gives, or ``None``."""
    if _VALID_REASONS.get(id(reason)) is reason:
        return None
    if not isinstance(reason, Reason):
        return f"a reason must be a Reason, not {_kind_name(reason)}"
    if not isinstance(reason.text, str) or not reason.text.strip():
        return "a reason needs its text"
    source = reason.source
    if source is None:
        if reason.verified:
            return (
                "a reason without a source must be marked verified=False (unsourced), so the "
                "roadmap warns"
            )
    elif not isinstance(source, str) or not source.startswith(_URL):
        return f"a reason's source must be a URL, not {source!r}"
    if reason.as_of is not None and not _is_date(reason.as_of):
        return "a reason's as_of must be a date"
    if len(_VALID_REASONS) >= _VALID_REASONS_MAX:
        _VALID_REASONS.clear()
    _VALID_REASONS[id(reason)] = reason
    return None


def check_reason(reason: Any, where: str) -> None:
    problem = reason_problem(reason)
    if problem is not None:
        raise BadResult(f"{where}: {problem}")


def cost_problem(cost: Any) -> str | None:
    """What is wrong with a milestone's cost, or ``None``."""
    if not isinstance(cost, Cost):
        return f"cost must be a Cost, not {_kind_name(cost)}"
    cost = _as_given(cost)  # a plugin may have put anything in the fields
    amount = cost.amount
    if amount is not None and (
        isinstance(amount, bool) or not isinstance(amount, int | float) or not math.isfinite(amount)
    ):
        return f"a cost's amount must be a finite number or None, not {amount!r}"
    if amount is not None and amount < 0:
        return f"a cost's amount cannot be negative ({amount!r})"
    if not isinstance(cost.basis, str) or not isinstance(cost.currency, str):
        return "a cost's basis and currency must be text"
    return None


def _plainly_valid(milestone: Any, prefixes: tuple[str, ...]) -> bool:
    """The common case, decided in one expression (the planner's hot path): a milestone of the
    exact types, in the namespace, with sourced reasons and no cost or a numeric one. Anything
    else goes through :func:`milestone_problem`, which says what is wrong."""
    m = milestone
    return (
        type(m) is Milestone
        and type(m.id) is str
        and m.id.startswith(prefixes)
        and m.kind in KINDS
        and m.status in STATUSES
        and type(m.start) is dt.date
        and type(m.end) is dt.date
        and m.start <= m.end
        and type(m.title) is str
        and bool(m.title)
        and (m.credential is None or type(m.credential) is str)
        and bool(m.why)
        and all(
            type(r) is Reason
            and type(r.text) is str
            and bool(r.text)
            and (
                (r.source is None and r.verified is False)
                or (type(r.source) is str and r.source.startswith(_URL))
            )
            and (r.as_of is None or type(r.as_of) is dt.date)
            for r in m.why
        )
        and (
            m.cost is None
            or (
                type(m.cost) is Cost
                and (m.cost.amount is None or type(m.cost.amount) in (int, float))
                and cost_problem(m.cost) is None
            )
        )
        and all(type(d) is str for d in m.depends_on)
        and (
            m.kind not in ("ce_cycle", "renewal")
            or all(k in m.details for k in MAINTENANCE_DETAILS)
        )
    )


def milestone_problem(milestone: Any, prefixes: tuple[str, ...]) -> str | None:
    """What is wrong with one milestone a plugin returns (type, id in one of ``prefixes``,
    kind, dates, status, reasons and, for ``ce_cycle`` and ``renewal``, the details every
    reader needs), or ``None``."""
    if not isinstance(milestone, Milestone):
        return f"expected a Milestone, got {_kind_name(milestone)}"
    milestone = _as_given(milestone)  # a plugin may have put anything in the fields
    ident = milestone.id
    if not isinstance(ident, str) or not ident.startswith(prefixes):
        return f"a milestone id must start with '{prefixes[0]}', the plugin's namespace"
    if milestone.kind not in KINDS:
        return f"kind {milestone.kind!r} is not one of {sorted(KINDS)}"
    if milestone.status not in STATUSES:
        return f"status {milestone.status!r} is not one of {sorted(STATUSES)}"
    start, end = milestone.start, milestone.end
    if not _is_date(start) or not _is_date(end):
        return "start and end must be dates"
    if end < start:
        return f"ends ({end}) before it starts ({start})"
    if not isinstance(milestone.title, str) or not milestone.title.strip():
        return "a milestone needs a title"
    if milestone.credential is not None and not isinstance(milestone.credential, str):
        return "credential must be an id (text)"
    if not all(isinstance(d, str) for d in milestone.depends_on):
        return "depends_on must list milestone ids"
    if milestone.cost is not None and (problem := cost_problem(milestone.cost)):
        return problem
    if not milestone.why:
        return "a milestone needs at least one reason (why)"
    for reason in milestone.why:
        if problem := reason_problem(reason):
            return problem
    if milestone.kind in ("ce_cycle", "renewal"):
        missing = [k for k in MAINTENANCE_DETAILS if k not in milestone.details]
        if missing:
            return f"a {milestone.kind} needs details {missing}"
    return None


def _is_sequence(value: Any) -> bool:
    """A sequence of items, not text, bytes, a mapping or a single milestone (the slow path of
    the checks: abstract-class tests are costly)."""
    if isinstance(value, str | bytes | Mapping | Milestone):
        return False
    return isinstance(value, Sequence)


@functools.lru_cache(maxsize=256)
def _prefixes(namespaces: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(f"{n}." for n in namespaces)


def check_milestones(result: Any, namespaces: tuple[str, ...], where: str) -> tuple[Milestone, ...]:
    """A sequence of milestones with unique ids (``None`` is none)."""
    if result is None:
        return ()
    if type(result) is not list and type(result) is not tuple and not _is_sequence(result):
        raise BadResult(f"{where}: expected a list of Milestone, got {_kind_name(result)}")
    prefixes = _prefixes(namespaces)
    seen: set[str] = set()
    for milestone in result:
        problem = (
            None if _plainly_valid(milestone, prefixes) else milestone_problem(milestone, prefixes)
        )
        if problem is not None:
            ident = getattr(milestone, "id", None)
            label = f" {ident!r}" if isinstance(ident, str) else ""
            raise BadResult(f"{where}{label}: {problem}")
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
    if isinstance(result, Notice) or not (type(result) in (list, tuple) or _is_sequence(result)):
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

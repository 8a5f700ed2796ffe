"""What changes between two roadmaps: goals, milestones, costs and warnings (``compare``).

A :class:`Comparison` reads from plan A to plan B: ``before`` is A's value and ``after`` B's,
``days`` is ``after - before`` (negative: earlier in B). ``compare(b, a)`` is exactly
``compare(a, b).mirror()`` (earlier and later, added and removed, gained and lost swapped; days
and amounts negated), and ``compare(a, a).is_empty`` holds.

Milestones of the two plans are paired in three passes, so that "enrol in the AS instead of the
AAS" is one changed education milestone, not a removal plus an addition:

1. the same ``id``;
2. milestones that name what they are about, by kind and that thing: a credential (exam,
   credential, CE cycle, renewal: kind + credential + issuer) or a role (advancement, job:
   kind + ``details.role``), several with the same key taken in date order;
3. the others (education, experience, jobs to build experience), by kind and what they serve:
   the credentials and roles of the milestones that depend on them, directly or not. The same
   set pairs first, then the largest overlap, then the nearest start.

Unpaired milestones are added (only in B) or removed (only in A). Costs compare known amounts
only: an amount no source gives stays unknown (``null``), never zero.
"""

from __future__ import annotations

import datetime as dt
import json
from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Any, Literal

import attrs

from mrt_roadmap.errors import InputError, Problem
from mrt_roadmap.model_base import Model
from mrt_roadmap.roadmap import MILESTONE_KINDS, GoalResult, Milestone, Notice, Roadmap

PairedBy = Literal["id", "credential", "role", "serves"]
COMPARISON_FORMATS = ("text", "md", "json")
"""Formats :func:`render` writes."""
_COMPARED = ("id", "kind", "title", "start", "end", "status", "credential", "cost")
"""Milestone fields whose change makes a paired milestone "changed", in report order."""


@attrs.frozen(repr=False, eq=False)
class PlanRef(Model):
    """Which roadmap a side of the comparison is."""

    profile_id: str
    profile_name: str | None
    as_of: dt.date
    horizon: dt.date
    total_cost: float | None


@attrs.frozen(repr=False, eq=False)
class GoalChange(Model):
    """A goal reached on another date, or reached in one plan only (``days`` is then null)."""

    id: str
    kind: Literal["credential", "role"]
    target: str
    before: dt.date | None
    after: dt.date | None
    days: int | None
    route_before: str | None
    route_after: str | None

    def mirror(self) -> GoalChange:
        days = None if self.days is None else -self.days
        return GoalChange(
            self.id,
            self.kind,
            self.target,
            self.after,
            self.before,
            days,
            self.route_after,
            self.route_before,
        )


@attrs.frozen(repr=False, eq=False)
class GoalChanges(Model):
    """Goals (by goal id) reached earlier, later, only in B (newly) or only in A (no longer)."""

    earlier: tuple[GoalChange, ...] = ()
    later: tuple[GoalChange, ...] = ()
    newly_reached: tuple[GoalChange, ...] = ()
    no_longer_reached: tuple[GoalChange, ...] = ()


@attrs.frozen(repr=False, eq=False)
class MilestoneRef(Model):
    """The compared fields of one milestone. ``cost`` is its amount; ``cost_unknown`` is true
    when it has a cost no source gives the amount of."""

    id: str
    kind: str
    title: str
    start: dt.date
    end: dt.date
    status: str
    credential: str | None
    cost: float | None
    cost_unknown: bool

    @classmethod
    def of(cls, m: Milestone) -> MilestoneRef:
        amount = None if m.cost is None else m.cost.amount
        unknown = m.cost is not None and m.cost.amount is None
        return cls(m.id, m.kind, m.title, m.start, m.end, m.status, m.credential, amount, unknown)


@attrs.frozen(repr=False, eq=False)
class MilestoneChange(Model):
    """One milestone of A paired with one of B that differs: which fields changed, how far it
    moved (days, B minus A) and the cost difference (null unless both amounts are known)."""

    paired_by: PairedBy
    before: MilestoneRef
    after: MilestoneRef
    changed: tuple[str, ...]
    start_days: int
    end_days: int
    cost_difference: float | None

    def mirror(self) -> MilestoneChange:
        cost = None if self.cost_difference is None else _negate(self.cost_difference)
        return MilestoneChange(
            self.paired_by,
            self.after,
            self.before,
            self.changed,
            -self.start_days,
            -self.end_days,
            cost,
        )


@attrs.frozen(repr=False, eq=False)
class MilestoneChanges(Model):
    """Milestones only in B (added), only in A (removed), and paired but different."""

    added: tuple[MilestoneRef, ...] = ()
    removed: tuple[MilestoneRef, ...] = ()
    changed: tuple[MilestoneChange, ...] = ()


@attrs.frozen(repr=False, eq=False)
class CostDifference(Model):
    """Known total costs (``total_cost``) of A and B, their difference (null unless both are
    known) and how many milestones of each have a cost of unknown amount."""

    before: float | None
    after: float | None
    difference: float | None
    unknown_before: int
    unknown_after: int

    def mirror(self) -> CostDifference:
        diff = None if self.difference is None else _negate(self.difference)
        return CostDifference(
            self.after, self.before, diff, self.unknown_after, self.unknown_before
        )


@attrs.frozen(repr=False, eq=False)
class WarningChanges(Model):
    """Warnings (by code and message) only in B (gained) and only in A (lost)."""

    gained: tuple[Notice, ...] = ()
    lost: tuple[Notice, ...] = ()


@attrs.frozen(repr=False, eq=False)
class Comparison(Model):
    """The difference from roadmap A to roadmap B (``comparison.schema.json``)."""

    a: PlanRef
    b: PlanRef
    goals: GoalChanges
    milestones: MilestoneChanges
    cost: CostDifference
    warnings: WarningChanges
    schema_version: str = "1.0"

    @property
    def is_empty(self) -> bool:
        """True when B differs from A in nothing compared (goals, milestones, costs, warnings)."""
        g, m, w, c = self.goals, self.milestones, self.warnings, self.cost
        return not (
            g.earlier or g.later or g.newly_reached or g.no_longer_reached
            or m.added or m.removed or m.changed or w.gained or w.lost
            or c.before != c.after or c.unknown_before != c.unknown_after
        )  # fmt: skip

    def mirror(self) -> Comparison:
        """The comparison from B to A (what ``compare(b, a)`` returns)."""
        g, m, w = self.goals, self.milestones, self.warnings
        return _canonical(
            self.b,
            self.a,
            GoalChanges(
                earlier=tuple(x.mirror() for x in g.later),
                later=tuple(x.mirror() for x in g.earlier),
                newly_reached=tuple(x.mirror() for x in g.no_longer_reached),
                no_longer_reached=tuple(x.mirror() for x in g.newly_reached),
            ),
            MilestoneChanges(m.removed, m.added, tuple(x.mirror() for x in m.changed)),
            self.cost.mirror(),
            WarningChanges(w.lost, w.gained),
        )

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready data (fresh objects), in a deterministic order."""
        data: dict[str, Any] = json.loads(self.to_json(indent=None))
        return data

    def to_json(self, *, indent: int | None = 2) -> str:
        """JSON text following ``comparison.schema.json`` (same comparison, same bytes)."""
        data = attrs.asdict(self, value_serializer=_json_value)
        if indent is None:
            return json.dumps(data, ensure_ascii=False, separators=(",", ":"))
        return json.dumps(data, ensure_ascii=False, indent=indent) + "\n"

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Comparison:
        """Rebuild a comparison from its JSON form; :class:`~mrt_roadmap.errors.InputError`
        lists every problem by JSON path when ``data`` breaks the schema."""
        from mrt_roadmap.convert import converter
        from mrt_roadmap.errors import InputError
        from mrt_roadmap.schemas import validate

        problems = validate("comparison", data)
        if problems:
            raise InputError("comparison", problems)
        built: Comparison = converter().structure(data, cls)
        return built


def _json_value(_: Any, __: Any, value: Any) -> Any:
    return value.isoformat() if isinstance(value, dt.date) else value


def _negate(amount: float) -> float:
    return -amount + 0.0  # never -0.0


# -- compare ------------------------------------------------------------------------------------
def compare(a: Roadmap, b: Roadmap) -> Comparison:
    """What changes from roadmap ``a`` to roadmap ``b`` (see the module docstring)."""
    untyped: tuple[tuple[str, object], ...] = (("a", a), ("b", b))  # callers may pass anything
    for name, value in untyped:
        if not isinstance(value, Roadmap):
            kind = type(value).__name__
            problem = Problem(f"{name} (argument)", f"expected a Roadmap, got {kind}", "argument")
            raise InputError(f"argument {name}", [problem])
    pairs, removed, added = _pair(a.milestones, b.milestones)
    changed = [c for c in (_change(x, y, how) for x, y, how in pairs) if c is not None]
    return _canonical(
        _ref(a),
        _ref(b),
        _goal_changes(a.goals, b.goals),
        MilestoneChanges(
            tuple(MilestoneRef.of(m) for m in added),
            tuple(MilestoneRef.of(m) for m in removed),
            tuple(changed),
        ),
        CostDifference(
            a.total_cost,
            b.total_cost,
            _difference(a.total_cost, b.total_cost),
            _unknown_costs(a),
            _unknown_costs(b),
        ),
        WarningChanges(_extra(b.warnings, a.warnings), _extra(a.warnings, b.warnings)),
    )


def _ref(r: Roadmap) -> PlanRef:
    return PlanRef(r.profile_id, r.profile_name, r.as_of, r.horizon, r.total_cost)


def _difference(before: float | None, after: float | None) -> float | None:
    return None if before is None or after is None else after - before + 0.0


def _unknown_costs(r: Roadmap) -> int:
    return sum(1 for m in r.milestones if m.cost is not None and m.cost.amount is None)


def _goal_changes(a: Sequence[GoalResult], b: Sequence[GoalResult]) -> GoalChanges:
    before: dict[str, GoalResult] = {}
    after: dict[str, GoalResult] = {}
    for goals, into in ((a, before), (b, after)):
        for g in goals:
            into.setdefault(g.id, g)
    found: dict[str, list[GoalChange]] = {"earlier": [], "later": [], "new": [], "gone": []}
    for ident in sorted(before.keys() | after.keys()):
        ga, gb = before.get(ident), after.get(ident)
        day_a = ga.reached_on if ga else None
        day_b = gb.reached_on if gb else None
        if day_a == day_b:
            continue
        kind, target = min((g.kind, g.target) for g in (ga, gb) if g is not None)
        days = None if day_a is None or day_b is None else (day_b - day_a).days
        change = GoalChange(
            ident,
            kind,
            target,
            day_a,
            day_b,
            days,
            ga.route if ga else None,
            gb.route if gb else None,
        )
        if day_a is None:
            found["new"].append(change)
        elif day_b is None:
            found["gone"].append(change)
        else:
            found["earlier" if day_b < day_a else "later"].append(change)
    return GoalChanges(
        tuple(found["earlier"]), tuple(found["later"]), tuple(found["new"]), tuple(found["gone"])
    )


def _extra(mine: Iterable[Notice], theirs: Iterable[Notice]) -> tuple[Notice, ...]:
    """The notices of ``mine`` beyond those of ``theirs`` (by code and message, with repeats)."""
    left = Counter((n.code, n.message) for n in theirs)
    out = []
    for n in mine:
        key = (n.code, n.message)
        if left[key]:
            left[key] -= 1
        else:
            out.append(n)
    return tuple(out)


def _change(x: Milestone, y: Milestone, how: PairedBy) -> MilestoneChange | None:
    before, after = MilestoneRef.of(x), MilestoneRef.of(y)
    changed = tuple(
        name
        for name in _COMPARED
        if (
            (before.cost, before.cost_unknown) != (after.cost, after.cost_unknown)
            if name == "cost"
            else getattr(before, name) != getattr(after, name)
        )
    )
    if not changed:
        return None
    return MilestoneChange(
        how,
        before,
        after,
        changed,
        (y.start - x.start).days,
        (y.end - x.end).days,
        _difference(before.cost, after.cost),
    )


# -- pairing ------------------------------------------------------------------------------------
Pair = tuple[Milestone, Milestone, PairedBy]


def pair_milestones(
    a: Sequence[Milestone], b: Sequence[Milestone]
) -> list[tuple[Milestone, Milestone]]:
    """The milestones of ``a`` and ``b`` that are the same step: by id, then by subject, then
    by the goals they serve (as :func:`compare` pairs them)."""
    return [(x, y) for x, y, _how in _pair(a, b)[0]]


def _order(m: Milestone) -> tuple[Any, ...]:
    """A total order of milestones (ties only between milestones alike in every compared field)."""
    return (m.start, m.end, m.id, m.kind, m.title, repr(MilestoneRef.of(m)))


def _pair(
    a: Sequence[Milestone], b: Sequence[Milestone]
) -> tuple[list[Pair], list[Milestone], list[Milestone]]:
    """Pairs (A, B, how), then A's unpaired and B's unpaired milestones."""
    by_id, rest_a, rest_b = _pair_in_order(list(a), list(b), lambda m: (m.id,))
    by_key, rest_a, rest_b = _pair_in_order(rest_a, rest_b, _self_key)
    by_service, rest_a, rest_b = _pair_by_service(rest_a, rest_b, _served(a), _served(b))
    pairs: list[Pair] = [(x, y, "id") for x, y in by_id]
    pairs += [(x, y, _how(x)) for x, y in by_key]
    pairs += [(x, y, "serves") for x, y in by_service]
    return pairs, rest_a, rest_b


def _self_key(m: Milestone) -> tuple[str, ...] | None:
    """What a milestone is about when it says so itself: a role, or a credential (and issuer)."""
    role = m.details.get("role")
    if isinstance(role, str):
        return (m.kind, "role", role)
    if m.credential is not None:
        issuer = m.details.get("issuer")
        return (m.kind, "credential", m.credential, issuer if isinstance(issuer, str) else "")
    return None


def _how(m: Milestone) -> PairedBy:
    return "role" if isinstance(m.details.get("role"), str) else "credential"


def _pair_in_order(
    a: list[Milestone], b: list[Milestone], key: Callable[[Milestone], tuple[str, ...] | None]
) -> tuple[list[tuple[Milestone, Milestone]], list[Milestone], list[Milestone]]:
    """Milestones with the same key paired in date order; the rest of A and of B."""
    groups: dict[tuple[str, ...], tuple[list[Milestone], list[Milestone]]] = {}
    for side, items in ((0, a), (1, b)):
        for m in items:
            k = key(m)
            if k is not None:
                groups.setdefault(k, ([], []))[side].append(m)
    pairs = []
    paired: set[int] = set()
    for xs, ys in groups.values():
        for x, y in zip(sorted(xs, key=_order), sorted(ys, key=_order), strict=False):
            pairs.append((x, y))
            paired.update((id(x), id(y)))
    return (
        pairs,
        [m for m in a if id(m) not in paired],
        [m for m in b if id(m) not in paired],
    )


def _served(roadmap: Sequence[Milestone]) -> dict[str, frozenset[tuple[str, str]]]:
    """For each milestone id, the credentials and roles of the milestones that depend on it,
    directly or through others."""
    dependents: dict[str, list[Milestone]] = {}
    for m in roadmap:
        for dep in m.depends_on:
            dependents.setdefault(dep, []).append(m)
    served: dict[str, frozenset[tuple[str, str]]] = {}
    for m in roadmap:
        found: set[tuple[str, str]] = set()
        seen = {m.id}
        pending = list(dependents.get(m.id, ()))
        while pending:
            d = pending.pop()
            if d.id in seen:
                continue
            seen.add(d.id)
            role = d.details.get("role")
            if isinstance(role, str):
                found.add(("role", role))
            elif d.credential is not None:
                found.add(("credential", d.credential))
            pending.extend(dependents.get(d.id, ()))
        served.setdefault(m.id, frozenset(found))
    return served


def _pair_by_service(
    a: list[Milestone],
    b: list[Milestone],
    served_a: Mapping[str, frozenset[tuple[str, str]]],
    served_b: Mapping[str, frozenset[tuple[str, str]]],
) -> tuple[list[tuple[Milestone, Milestone]], list[Milestone], list[Milestone]]:
    """Milestones of the same kind that serve the same credentials or roles: the same set
    first, then the largest overlap, then the nearest dates. The score is symmetric in A and B,
    so pairing B with A gives the same pairs."""
    scored = []
    for x in a:
        sx = served_a.get(x.id, frozenset())
        if not sx or _self_key(x) is not None:
            continue
        for y in b:
            sy = served_b.get(y.id, frozenset())
            common = sx & sy
            if y.kind != x.kind or not common or _self_key(y) is not None:
                continue
            score = (
                sx != sy,
                -len(common),
                abs((y.start - x.start).days),
                abs((y.end - x.end).days),
                *sorted((_order(x), _order(y))),
            )
            scored.append((score, x, y))
    scored.sort(key=lambda item: item[0])
    pairs = []
    paired: set[int] = set()
    for _, x, y in scored:
        if id(x) not in paired and id(y) not in paired:
            pairs.append((x, y))
            paired.update((id(x), id(y)))
    return (
        pairs,
        [m for m in a if id(m) not in paired],
        [m for m in b if id(m) not in paired],
    )


# -- canonical order ----------------------------------------------------------------------------
def _kind_order(kind: str) -> int:
    return MILESTONE_KINDS.index(kind) if kind in MILESTONE_KINDS else len(MILESTONE_KINDS)


def _ref_order(m: MilestoneRef) -> tuple[Any, ...]:
    return (m.start, m.end, _kind_order(m.kind), m.id, repr(m))


def _canonical(
    a: PlanRef,
    b: PlanRef,
    goals: GoalChanges,
    milestones: MilestoneChanges,
    cost: CostDifference,
    warnings: WarningChanges,
) -> Comparison:
    """A comparison with every list in its one deterministic order."""

    def by_goal(items: tuple[GoalChange, ...]) -> tuple[GoalChange, ...]:
        return tuple(sorted(items, key=lambda g: (g.id, repr(g))))

    def by_notice(items: tuple[Notice, ...]) -> tuple[Notice, ...]:
        return tuple(sorted(items, key=lambda n: (n.code, n.message, repr(n))))

    return Comparison(
        a,
        b,
        GoalChanges(*(by_goal(x) for x in attrs.astuple(goals, recurse=False))),
        MilestoneChanges(
            tuple(sorted(milestones.added, key=_ref_order)),
            tuple(sorted(milestones.removed, key=_ref_order)),
            tuple(
                sorted(
                    milestones.changed,
                    key=lambda c: (*_ref_order(c.before), *_ref_order(c.after), repr(c)),
                )
            ),
        ),
        cost,
        WarningChanges(by_notice(warnings.gained), by_notice(warnings.lost)),
    )


# -- text and Markdown --------------------------------------------------------------------------
def render(
    comparison: Comparison, fmt: str = "text", *, labels: tuple[str, str] | None = None
) -> str:
    """The comparison as ``text``, ``md`` (Markdown) or ``json``; ``labels`` name plans A and B
    (e.g. the files they came from) in text and Markdown."""
    if fmt == "json":
        return comparison.to_json()
    if fmt == "text":
        return to_text(comparison, labels=labels)
    if fmt == "md":
        return to_markdown(comparison, labels=labels)
    from mrt_roadmap.errors import UnknownIdError

    raise UnknownIdError("comparison format", fmt, COMPARISON_FORMATS)


def _plural(n: int, word: str) -> str:
    return f"{n:,} {word}" if n == 1 else f"{n:,} {word}s"


def _shift(days: int) -> str:
    """``3 days earlier``, ``1 day later``, ``same day``."""
    if days == 0:
        return "same day"
    return f"{_plural(abs(days), 'day')} {'earlier' if days < 0 else 'later'}"


def _when(m: MilestoneRef) -> str:
    return m.start.isoformat() if m.start == m.end else f"{m.start} to {m.end}"


def _amount(value: float | None, unknown: bool = False) -> str:
    from mrt_roadmap.formats._common import money

    if value is None:
        return "unknown" if unknown else "none"
    return money(value)


def _signed(value: float) -> str:
    from mrt_roadmap.formats._common import money

    return f"+{money(value)}" if value >= 0 else f"-{money(-value)}"


def _cost_note(m: MilestoneRef) -> str:
    if m.cost is not None:
        return f" ({_amount(m.cost)})"
    return " (cost unknown)" if m.cost_unknown else ""


def _goal_lines(goals: GoalChanges) -> list[str]:
    """One sentence per goal change (plain text; the caller escapes it for its format)."""
    lines = []
    for g in (*goals.earlier, *goals.later):
        lines.append(f"{g.target}: {_shift(g.days or 0)} ({g.before} -> {g.after})")
    for g in goals.newly_reached:
        lines.append(f"{g.target}: newly reached on {g.after} (not reached in A)")
    for g in goals.no_longer_reached:
        lines.append(f"{g.target}: no longer reached (reached on {g.before} in A)")
    return lines


def _change_line(c: MilestoneChange) -> str:
    """What happened to one paired milestone, in one sentence."""
    before, after = c.before, c.after
    parts = []
    if "title" in c.changed:
        parts.append(f"{before.title} -> {after.title}")
    else:
        parts.append(after.title)
    if "start" in c.changed or "end" in c.changed:
        if c.start_days == c.end_days:
            moved = _shift(c.start_days)
        elif c.start_days == 0:
            moved = f"ends {_shift(c.end_days)}"
        else:
            moved = f"starts {_shift(c.start_days)}, ends {_shift(c.end_days)}"
        parts.append(f"{moved} ({_when(before)} -> {_when(after)})")
    if "status" in c.changed:
        parts.append(f"status {before.status} -> {after.status}")
    if "credential" in c.changed:
        parts.append(f"credential {before.credential} -> {after.credential}")
    if "cost" in c.changed:
        cost = f"cost {_amount(before.cost, before.cost_unknown)} -> "
        cost += _amount(after.cost, after.cost_unknown)
        if c.cost_difference is not None:
            cost += f" ({_signed(c.cost_difference)})"
        parts.append(cost)
    return "; ".join(parts)


def _cost_lines(c: CostDifference) -> list[str]:
    if c.difference is None:
        total = f"known costs {_amount(c.before)} -> {_amount(c.after)}"
    elif c.difference == 0:
        total = f"known costs {_amount(c.before)} in both (no change)"
    else:
        total = f"known costs {_amount(c.before)} -> {_amount(c.after)} ({_signed(c.difference)})"
    lines = [total]
    if c.unknown_before or c.unknown_after:
        lines.append(
            f"costs of unknown amount (left out of the totals): {c.unknown_before} in A, "
            f"{c.unknown_after} in B"
        )
    return lines


def _plan_line(name: str, label: str | None, ref: PlanRef) -> str:
    who = ref.profile_name or ref.profile_id
    where = f"{label}: " if label else ""
    return f"{name}: {where}{who} (as of {ref.as_of}, to {ref.horizon})"


def to_text(comparison: Comparison, *, labels: tuple[str, str] | None = None) -> str:
    """A readable summary for a terminal; control characters are shown escaped."""
    from mrt_roadmap.formats._common import one_line
    from mrt_roadmap.formats.safe_text import visible_controls

    def safe(text: str) -> str:
        return visible_controls(one_line(text))

    c = comparison
    la, lb = labels or (None, None)
    out = [
        "Comparison of two roadmaps",
        f"  {safe(_plan_line('A', la, c.a))}",
        f"  {safe(_plan_line('B', lb, c.b))}",
        "",
    ]
    if c.is_empty:
        return "\n".join([*out, "No differences.", ""])
    goals = _goal_lines(c.goals)
    out.append("Goals")
    out += [f"  {safe(line)}" for line in goals] or ["  no change"]
    m = c.milestones
    out += ["", "Milestones"]
    for mark, refs in (("+ added  ", m.added), ("- removed", m.removed)):
        for r in refs:
            out.append(f"  {mark} {r.kind:<11} {safe(r.title)}, {_when(r)}{_cost_note(r)}")
    out += [f"  ~ changed {x.before.kind:<11} {safe(_change_line(x))}" for x in m.changed]
    if not (m.added or m.removed or m.changed):
        out.append("  no change")
    out += ["", "Cost"]
    out += [f"  {line}" for line in _cost_lines(c.cost)]
    out += ["", "Warnings"]
    w = c.warnings
    out += [f"  + gained [{safe(n.code)}] {safe(n.message)}" for n in w.gained]
    out += [f"  - lost   [{safe(n.code)}] {safe(n.message)}" for n in w.lost]
    if not (w.gained or w.lost):
        out.append("  no change")
    return "\n".join([*out, ""])


def to_markdown(comparison: Comparison, *, labels: tuple[str, str] | None = None) -> str:
    """The same summary as a Markdown document; text from profiles and plugins is escaped."""
    from mrt_roadmap.formats.markdown import md_escape

    c = comparison
    la, lb = labels or (None, None)
    out = [
        "# Comparison of two roadmaps",
        "",
        f"- {md_escape(_plan_line('A', la, c.a))}",
        f"- {md_escape(_plan_line('B', lb, c.b))}",
        "",
    ]
    if c.is_empty:
        return "\n".join([*out, "No differences.", ""])
    goals = _goal_lines(c.goals)
    out += ["## Goals", ""]
    out += [f"- {_md(line)}" for line in goals] or ["No change."]
    m = c.milestones
    for heading, refs in (("Added milestones", m.added), ("Removed milestones", m.removed)):
        if refs:
            out += ["", f"## {heading}", ""]
            out += [
                f"- {md_escape(f'{r.kind}: {r.title}, {_when(r)}{_cost_note(r)}')}" for r in refs
            ]
    if m.changed:
        out += ["", "## Changed milestones", ""]
        out += [f"- {_md(f'{x.before.kind}: {_change_line(x)}')}" for x in m.changed]
    out += ["", "## Cost", ""]
    out += [f"- {_md(line)}" for line in _cost_lines(c.cost)]
    w = c.warnings
    if w.gained or w.lost:
        out += ["", "## Warnings", ""]
        out += [f"- gained: `{_code(n.code)}` {md_escape(n.message)}" for n in w.gained]
        out += [f"- lost: `{_code(n.code)}` {md_escape(n.message)}" for n in w.lost]
    return "\n".join([*out, ""])


def _md(text: str) -> str:
    """``text`` as inert Markdown, with its arrows as arrows."""
    from mrt_roadmap.formats.markdown import md_escape

    return md_escape(text).replace(" -&gt; ", " \N{RIGHTWARDS ARROW} ")


def _code(code: str) -> str:
    """A warning code for a Markdown code span (backticks and controls removed)."""
    from mrt_roadmap.formats._common import one_line
    from mrt_roadmap.formats.safe_text import visible_controls

    return visible_controls(one_line(code)).replace("`", "'") or "-"

"""Assembly: a finished plan state becomes the :class:`Roadmap`.

Warnings about the plan's steps, the plugins' extra milestones and notices (given a draft
roadmap to read), each milestone's status and on-track status, the known total cost, the rules
used with the plugin that registered each, and the assumptions every roadmap states.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from mrt_roadmap.catalog import Catalog
from mrt_roadmap.context import Context
from mrt_roadmap.maintenance import tracking_for
from mrt_roadmap.profile import Profile
from mrt_roadmap.roadmap import (
    MILESTONE_KINDS,
    GoalResult,
    Milestone,
    PluginInfo,
    Roadmap,
    RoleFacts,
    RuleUsed,
    Status,
)
from mrt_roadmap.state import FTE_HOURS_PER_WEEK, PlanState

ASSUMPTIONS = (
    "Study time is one resource: one program (or one exam preparation) at a time.",
    "Work experience accrues in parallel with study, counted as full-time equivalent "
    f"({FTE_HOURS_PER_WEEK:g} hours a week = {FTE_HOURS_PER_WEEK * 52:,.0f} hours a year, the "
    "planner's default full-time week, wherever neither a requirement nor its experience area "
    "defines full time).",
    "Exams are planned on the first day you are eligible (and prepared, where a source gives "
    "preparation time); a failed attempt you record moves the next one past the retake wait, "
    "and further retakes are not planned, their wait is stated.",
)
"""What every roadmap assumes; :func:`assumptions` adds the definitions of full time applied."""


def assumptions(milestones: Iterable[Milestone]) -> tuple[str, ...]:
    """:data:`ASSUMPTIONS`, then each definition of full time a rule or an area gave that the
    roadmap's experience milestones were counted with (``details["full_time"]``)."""
    extra: dict[str, None] = {}
    for m in milestones:
        basis = m.details.get("full_time") if m.kind == "experience" else None
        if not basis or basis.get("defined_by") == "default":
            continue
        week = float(basis.get("hours_per_week") or FTE_HOURS_PER_WEEK)
        whose = "its rule" if basis.get("defined_by") == "requirement" else "its experience area"
        source = f" ({basis['source']})" if basis.get("source") else ""
        extra[
            f"{m.title}: full time counted as {week * 52:,.0f} hours a year ({week:g} hours a "
            f"week), as {whose} defines it{source}."
        ] = None
    return (*ASSUMPTIONS, *extra)


class RuleOwners:
    """The plugin that registered the definition a rule id names, looked up once per id: one
    entry per catalog rule, kept by the planner between plans."""

    def __init__(self, catalog: Catalog) -> None:
        self._catalog = catalog
        self._owners: dict[str, str | None] = {}

    def __len__(self) -> int:
        return len(self._owners)

    def owner(self, rule: str) -> str | None:
        """The owner of ``rule`` (``<credential>.eligibility...``, ``program.bs_him...``,
        ``role.him_manager``, ``calendar.us_semester...``), or ``None``."""
        if rule not in self._owners:
            head, _, rest = rule.partition(".")
            kinds = {"program": "program", "role": "role", "calendar": "calendar"}
            key = (kinds[head], rest.split(".")[0]) if head in kinds else ("credential", head)
            self._owners[rule] = self._catalog.owners.get(key)
        return self._owners[rule]


def assemble_roadmap(
    profile: Profile,
    ctx: Context,
    state: PlanState,
    goals: Sequence[GoalResult],
    owners: RuleOwners,
) -> Roadmap:
    """The roadmap of the finished (and maintained) plan ``state``, with what the milestones and
    notices plugins add to a draft of it and a warning for each plugin that failed."""
    _warn_about_steps(state.milestones, ctx)
    extra: list[tuple[str, Milestone]] = []
    adds_milestones = ctx.host.implemented("mrt_roadmap_milestones")
    adds_notices = ctx.host.implemented("mrt_roadmap_notices")
    if adds_milestones or adds_notices:
        draft = _build(profile, ctx, state.milestones, goals, owners)
        notices_seen = len(ctx.notices)
        if adds_milestones:
            extra = ctx.host.extra_milestones(profile, draft, ctx.runtime)
        if adds_notices:
            for notice in ctx.host.notices(profile, draft, ctx.runtime):
                ctx.warn(notice.code, notice.message, notice.rule, notice.source)
        unchanged = len(ctx.notices) == notices_seen and not ctx.runtime
        if unchanged and not extra and not ctx.host.failures:
            return draft  # nothing was added: the draft is the roadmap
    milestones = list(state.milestones)
    known = {m.id for m in milestones}
    for name, m in extra:
        if m.id in known:
            ctx.warn(
                "plugin-duplicate-milestone",
                f"plugin {name} returned milestone id {m.id!r} twice or "
                "reused an existing id; it was dropped",
            )
            continue
        known.add(m.id)
        milestones.append(m.attributed(name))
    for failure in ctx.runtime:
        ctx.warn(
            "plugin-failed",
            f"plugin {failure.name}=={failure.version} failed at {failure.stage}: "
            f"{failure.error}; its contribution is missing from this roadmap",
        )
    for failure in ctx.host.failures:
        ctx.warn("plugin-failed", str(failure))
    return _build(profile, ctx, milestones, goals, owners)


def _warn_about_steps(milestones: Iterable[Milestone], ctx: Context) -> None:
    """Warn about steps still ahead whose cost no source gives, and about new jobs."""
    for m in milestones:
        if m.end < ctx.as_of:
            continue
        if m.cost is not None and m.cost.amount is None:
            ctx.warn(
                "cost-unknown",
                f"{m.cost.basis}: not in our sources; the total cost leaves it out.",
            )
        if m.kind == "job" and m.id.startswith("job."):
            ctx.warn(
                "job-search-time",
                "The plan starts each new job on the day you qualify for it; no source gives "
                "typical job-search times (new graduates report many applications), so allow "
                "extra time.",
            )


def _build(
    profile: Profile,
    ctx: Context,
    milestones: Sequence[Milestone],
    goals: Sequence[GoalResult],
    owners: RuleOwners,
) -> Roadmap:
    """The roadmap of ``milestones``: statuses, order, tracking, cost, rules and warnings."""
    kind_order = {k: i for i, k in enumerate(MILESTONE_KINDS)}
    final = []
    ids = set()
    for m in milestones:
        ids.add(m.id)
    # One copy per milestone: its status, dependencies and on-track status together.
    for m, tracking in zip(milestones, tracking_for(milestones, profile, ctx), strict=True):
        status: Status = (
            "done" if m.end < ctx.as_of else "in_progress" if m.start <= ctx.as_of else "planned"
        )
        deps = tuple(sorted(d for d in m.depends_on if d in ids and d != m.id))
        final.append(m.with_status(status, deps, tracking))
    final.sort(key=lambda m: (m.start, m.end, kind_order.get(m.kind, 99), m.id))
    total = None
    known_costs = [
        m.cost.amount for m in final if m.cost and m.cost.amount is not None and m.status != "done"
    ]
    if known_costs:
        total = round(sum(known_costs), 2)
    budget = profile.preferences.budget
    if budget is not None and total is not None and total > budget:
        ctx.warn("over-budget", f"Known costs (${total:,.0f}) exceed your budget (${budget:,.0f}).")
    rules: dict[str, RuleUsed] = {}
    for m in final:
        for r in m.why:
            if r.rule and r.source and r.as_of and r.rule not in rules:
                owner = owners.owner(r.rule) or m.plugin
                rules[r.rule] = RuleUsed(r.rule, r.text, r.source, r.as_of, r.verified, owner)
    plugins = tuple(PluginInfo(p.name, p.version) for p in ctx.host.plugins)
    warnings = tuple(sorted(ctx.notices.values(), key=lambda n: (n.code, n.message)))
    return Roadmap(
        profile_id=profile.id,
        profile_name=profile.name,
        as_of=ctx.as_of,
        horizon=ctx.horizon,
        milestones=tuple(final),
        goals=tuple(goals),
        warnings=warnings,
        plugins=plugins,
        rules=tuple(sorted(rules.values(), key=lambda r: r.id)),
        assumptions=assumptions(final),
        total_cost=total,
        roles=roles_reached(final, ctx.catalog),
    )


def roles_reached(milestones: Sequence[Milestone], catalog: Catalog) -> tuple[RoleFacts, ...]:
    """The catalog roles the milestones reach (``job.<role>`` or ``role.<role>``), by the day
    first reached, each with its occupation's pay and outlook."""
    first: dict[str, Milestone] = {}
    for m in milestones:
        kind, _, ident = m.id.partition(".")
        known = kind in ("job", "role") and ident in catalog.roles
        if known and (ident not in first or m.end < first[ident].end):
            first[ident] = m
    out = []
    for ident, m in sorted(first.items(), key=lambda item: (item[1].end, item[0])):
        role = catalog.roles[ident]
        out.append(
            RoleFacts(
                role.id,
                role.title,
                m.end,
                m.id,
                role.current_earnings,
                role.earnings[1:],
                role.current_outlook,
                role.outlook[1:],
            )
        )
    return tuple(out)

"""The planner: goals -> routes -> scheduled steps -> maintenance -> roadmap.

For each goal, every eligibility route is simulated against the plan built so far; the route
that finishes earliest wins (ties: lower cost, fewer steps, stable order) and the others are
kept, with why they lost, for the explanation.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING

import attrs
from dateutil.relativedelta import relativedelta

from mrt_roadmap.context import Context, CredentialPlan, SharedMemo
from mrt_roadmap.definitions import Credential, EligibilityRule, Role, Route
from mrt_roadmap.eligibility import Outcome, satisfy
from mrt_roadmap.errors import ProfileError
from mrt_roadmap.exams import passed_not_held, schedule_exam
from mrt_roadmap.model_base import FrozenDict, freeze
from mrt_roadmap.pluginmanager import PluginHost, get_plugin_host
from mrt_roadmap.profile import LEVEL_RANK, CeActivity, Education, Profile, load_profile
from mrt_roadmap.profile_checks import check_profile
from mrt_roadmap.programs import in_progress_end, with_program_facts
from mrt_roadmap.roadmap import (
    MILESTONE_KINDS,
    Alternative,
    GoalResult,
    Milestone,
    MilestoneKind,
    PluginInfo,
    Reason,
    Roadmap,
    RuleUsed,
    Status,
)
from mrt_roadmap.state import (
    FTE_HOURS_PER_WEEK,
    CredentialRecord,
    EducationRecord,
    Holding,
    JobRecord,
    PlanState,
    ce_sort_key,
)
from mrt_roadmap.tracking import baseline_pairs, track

if TYPE_CHECKING:
    from mrt_roadmap.explanation import Explanation

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
        self._owners: dict[str, str | None] = {}

    # -- public API ---------------------------------------------------------------------------
    def plan(
        self,
        profile: Profile,
        *,
        as_of: dt.date | None = None,
        horizon_years: int | None = None,
        baseline: Roadmap | None = None,
    ) -> Roadmap:
        """Plan a roadmap for ``profile`` (validated). ``as_of`` overrides ``profile.as_of``;
        ``baseline``, an earlier roadmap of the same learner, is what each milestone's
        ``tracking`` is measured against (without one, against the learner's dated facts)."""
        profile, ctx, state = self._start(profile, as_of, horizon_years)
        if baseline is not None:
            ctx.baseline = _checked_baseline(baseline, profile)
        goals = self._goals(profile)
        results: list[GoalResult] = []
        for kind, target, goal_id in goals:
            if kind == "credential":
                state, result = self._credential_goal(target, goal_id, state, ctx)
            else:
                state, result = self._role_goal(ctx.catalog.role(target), goal_id, state, ctx)
            results.append(result)
        if not profile.goals.roles:
            state = self._advancement(state, ctx)
        return self._finish(profile, ctx, state, results)

    def explain(
        self, profile: Profile, credential: str, *, as_of: dt.date | None = None
    ) -> Explanation:
        """Route by route: is the learner eligible, what is missing, when could it be met."""
        from mrt_roadmap.explanation import explain_credential

        return explain_credential(self, profile, credential, as_of)

    # -- set-up -------------------------------------------------------------------------------
    def _start(
        self, profile: Profile, as_of: dt.date | None, horizon_years: int | None
    ) -> tuple[Profile, Context, PlanState]:
        untyped: object = profile  # callers without a type checker may pass a mapping or text
        if not isinstance(untyped, Profile):
            profile = load_profile(profile, as_of=as_of)
        as_of = as_of or profile.as_of
        problems = check_profile(profile, self.catalog, as_of, horizon_years)
        if problems:
            raise ProfileError(problems)
        assert as_of is not None
        profile = with_program_facts(self._canonical(profile), self.catalog.programs)
        years = horizon_years or profile.goals.horizon_years
        horizon = as_of + relativedelta(years=years)
        start = max(as_of, profile.availability.start or as_of)
        ctx = Context(
            profile=profile,
            catalog=self.catalog,
            host=self.host,
            as_of=as_of,
            horizon=horizon,
            study_hours=profile.availability.study_hours_per_week,
            job_hours=profile.preferences.job_hours_per_week,
            wants_bachelor=self._wants_bachelor(profile),
            plan_credential=self._plan_credential,
            shared=self.shared,
        )
        return profile, ctx, self._initial_state(profile, ctx, start)

    def _canonical(self, profile: Profile) -> Profile:
        """Aliases resolved to canonical credential ids (a former name to the current id), and
        the plugins' settings read-only (plugins receive this profile: none may change the
        caller's)."""
        if type(profile.plugins) is not FrozenDict:
            profile = attrs.evolve(profile, plugins=freeze(profile.plugins))
        resolve = self.catalog.resolve_credential
        ids = [*(h.id for h in profile.credentials), *profile.goals.credentials]
        goal_ids = profile.goals.credentials
        if all(resolve(i) in (None, i) for i in ids) and len(set(goal_ids)) == len(goal_ids):
            return profile  # already canonical (the usual case): no copies
        held = tuple(
            attrs.evolve(
                h,
                id=resolve(h.id) or h.id,
                alias=h.alias or (h.id if (resolve(h.id) or h.id) != h.id else None),
            )
            for h in profile.credentials
        )
        goals = attrs.evolve(
            profile.goals,
            credentials=tuple(dict.fromkeys(resolve(c) or c for c in profile.goals.credentials)),
        )
        return attrs.evolve(profile, credentials=held, goals=goals)

    def _wants_bachelor(self, profile: Profile) -> bool:
        if profile.preferences.plans_bachelor is not None:
            return profile.preferences.plans_bachelor
        for cid in profile.goals.credentials:
            ident = self.catalog.resolve_credential(cid)
            cred = self.catalog.credentials.get(ident or "")
            if cred and _min_level_rank(cred.eligibility) >= LEVEL_RANK["bachelor"]:
                return True
        for rid in profile.goals.roles:
            role = self.catalog.roles.get(rid)
            if role and any(
                r.kind == "education"
                and LEVEL_RANK.get(r.get("level", ""), 0) >= LEVEL_RANK["bachelor"]
                for r in role.requirements
            ):
                return True
        return False

    def _initial_state(self, profile: Profile, ctx: Context, start: dt.date) -> PlanState:
        as_of = ctx.as_of
        education = []
        milestones = []
        track_free = start
        for index, edu in enumerate(profile.education):
            record, milestone = self._profile_education(index, edu, ctx, start)
            education.append(record)
            if milestone is not None:
                milestones.append(milestone)
            if edu.status == "in_progress" and record.end is not None:
                track_free = max(track_free, record.end + dt.timedelta(days=1))
        credentials = []
        for held in profile.credentials:
            mid = f"credential.{held.id}"
            credentials.append(CredentialRecord(held.id, held.earned, held.earned, False, mid))
            cred = self.catalog.credentials[held.id]
            milestones.append(
                Milestone(
                    id=mid,
                    kind="credential",
                    title=f"{cred.name} ({cred.id}) held",
                    start=held.earned,
                    end=held.earned,
                    credential=cred.id,
                    why=(Reason("From your profile"),),
                )
            )
        for passed in passed_not_held(profile, ctx):
            credentials.append(passed.record)
            milestones.append(passed.milestone)
        jobs = []
        for exp in profile.experience:
            if exp.start > as_of:
                continue  # a job that has not started is not a fact yet
            # Accrued from the job's own start, whatever as_of is: replanning later never
            # moves the day a requirement is reached.
            jobs.append(
                JobRecord(
                    area=exp.area,
                    start=exp.start,
                    hours_per_week=exp.hours_per_week,
                    end=exp.end,
                )
            )
        return PlanState(
            as_of=as_of,
            start=start,
            education=tuple(education),
            credentials=tuple(credentials),
            jobs=tuple(jobs),
            milestones=tuple(milestones),
            track_free=track_free,
        )

    def _profile_education(
        self, index: int, edu: Education, ctx: Context, start: dt.date
    ) -> tuple[EducationRecord, Milestone | None]:
        """The award record and milestone of profile entry ``index`` (its level, field, degree
        and accreditation already filled from its catalog program: ``with_program_facts``)."""
        completed = edu.status == "completed"
        withdrawn = edu.status == "withdrawn"
        level = edu.level
        assert level is not None  # check_profile: a level, or a catalog program that gives it
        title = _education_title(level, edu.degree, edu.field, edu.institution)
        end = edu.end if edu.end is not None else (ctx.as_of if completed or withdrawn else None)
        credits = edu.credits if completed else (edu.credits_completed or 0)
        last_term = None
        why: tuple[Reason, ...] = ()
        details: dict[str, object] = {}
        if edu.status == "in_progress" and edu.end is not None:
            finish = in_progress_end(edu, title, ctx, start)
            end, last_term, credits = finish.end, finish.last_term_start, finish.credits
            why, details = finish.why, dict(finish.details)
        mid = f"education.profile.{index}"
        record = EducationRecord(
            level=level,
            field=edu.field,
            credits=credits,
            end=end,
            degree=edu.degree,
            accreditation=edu.accreditation,
            courses=tuple((c.name, c.semesters) for c in edu.courses),
            start=edu.start,
            last_term_start=last_term,
            program=edu.program,
            completed=completed,
            milestone=mid if (edu.end or edu.start) else None,
            withdrawn=withdrawn,
        )
        if not (edu.end or edu.start):
            return record, None
        last = end if edu.status == "in_progress" else (edu.end or edu.start)
        first = edu.start or last
        assert first is not None
        assert last is not None
        milestone = Milestone(
            id=mid,
            kind="education",
            title=title,
            start=first,
            end=last,
            why=(Reason("From your profile" + _EDUCATION_STATUS[edu.status]), *why),
            details={"credits": credits, "accreditation": list(edu.accreditation), **details},
        )
        return record, milestone

    def _default_goals(self, profile: Profile) -> list[str]:
        """The credentials marked ``default_goal`` that the learner holds neither directly nor
        through a credential that replaces them."""
        held = {self.catalog.resolve_credential(h.id) or h.id for h in profile.credentials}
        covered = set(held)
        for cid in held:
            cred = self.catalog.credentials.get(cid)
            if cred is not None:
                covered.update(self.catalog.resolve_credential(r) or r for r in cred.replaces)
        return [
            c.id
            for c in self.catalog.credentials.values()
            if c.default_goal and c.id not in covered
        ]

    def _goals(self, profile: Profile) -> list[tuple[str, str, str]]:
        creds = list(profile.goals.credentials)
        if not creds and not profile.goals.roles:
            creds = self._default_goals(profile)
        order = {c: i for i, c in enumerate(creds)}
        creds.sort(
            key=lambda c: (_min_level_rank(self.catalog.credentials[c].eligibility), order[c])
        )
        goals = [("credential", c, f"goal.credential.{c}") for c in creds]
        goals += [("role", r, f"goal.role.{r}") for r in profile.goals.roles]
        return goals

    # -- credentials --------------------------------------------------------------------------
    def _credential_goal(
        self, cid: str, goal_id: str, state: PlanState, ctx: Context
    ) -> tuple[PlanState, GoalResult]:
        cred = self.catalog.credentials[cid]
        rec = state.credential_record(cid)
        if rec is not None and not rec.planned:
            return state, GoalResult(
                goal_id, "credential", cid, rec.earned, route="held", route_label="already held"
            )
        plan = self._plan_credential(cid, state, ctx)
        alternatives = tuple(
            Alternative(r, label, finish, why) for r, label, finish, why in plan.alternatives
        )
        if plan.blocked or plan.earned is None:
            ctx.warn("goal-unreachable", f"{cred.id} cannot be planned: {plan.blocked}")
            return state, GoalResult(
                goal_id, "credential", cid, None, why_not=plan.blocked, alternatives=alternatives
            )
        reached = plan.earned if plan.earned <= ctx.horizon else None
        why_not = None
        if reached is None:
            why_not = (
                f"reachable on {plan.earned.isoformat()}, after the horizon "
                f"({ctx.horizon.isoformat()}); more study hours or a longer horizon would help"
            )
            ctx.warn("goal-beyond-horizon", f"{cred.id}: {why_not}")
        return plan.state, GoalResult(
            goal_id, "credential", cid, reached, plan.route, plan.route_label, why_not, alternatives
        )

    def _plan_credential(self, cid: str, state: PlanState, ctx: Context) -> CredentialPlan:
        """Choose the route to ``cid`` that finishes earliest; schedule exam and credential."""
        rec = state.credential_record(cid)
        if rec is not None:
            return CredentialPlan(
                state, rec.earned, "held", "already held or planned", None, [], rec.milestone
            )
        cred = self.catalog.credentials[cid]
        # Every rule still in force on or after the start date competes: a route counts only if
        # its rule is in force on the exam date it leads to (rules change over time).
        rules = [
            r
            for r in cred.eligibility
            if r.effective_until is None or r.effective_until >= state.start
        ]
        if not rules:
            return CredentialPlan(
                state, None, None, None, f"no eligibility rule of {cid} is in force", []
            )
        # Warnings raised while simulating a route belong to that route: only the chosen
        # route's are kept.
        before = ctx.notices
        sims: list[
            tuple[int, EligibilityRule, Route, tuple[PlanState, dt.date, str | None, float]]
        ] = []
        route_notices = []
        ctx.chain = (*ctx.chain, cid)
        try:
            for rule in rules:
                for route in rule.routes:
                    ctx.notices = dict(before)
                    sim = self._simulate_route(cred, rule, route, state, ctx)
                    sim = self._check_rule_in_force(cred, rule, sim)
                    sims.append((len(sims), rule, route, sim))
                    route_notices.append(ctx.notices)
        finally:
            ctx.chain = ctx.chain[:-1]
            ctx.notices = before
        ok = [
            (sim[1], sim[3], len(sim[0].milestones), order, rule, route, sim)
            for order, rule, route, sim in sims
            if sim[2] is None
        ]
        if not ok:
            why = "; ".join(f"{route.label}: {sim[2]}" for _, _, route, sim in sims)
            return CredentialPlan(
                state,
                None,
                None,
                None,
                why,
                [
                    (route.id, route.label, None, f"not available: {sim[2]}")
                    for _, _, route, sim in sims
                ],
            )
        ok.sort(key=lambda o: (o[0], o[1], o[2], o[3]))
        best = ok[0]
        alternatives: list[tuple[str, str, dt.date | None, str]] = []
        for earned, cost, steps, _order, _rule, route, _sim in ok[1:]:
            if earned > best[0]:
                because = f"finishes later ({earned.isoformat()} vs {best[0].isoformat()})"
            elif cost > best[1]:
                because = f"costs more (${cost:,.0f} vs ${best[1]:,.0f})"
            elif steps > best[2]:
                because = f"more steps ({steps - len(state.milestones)} vs {best[2] - len(state.milestones)})"
            else:
                because = "listed after the chosen route (same date, cost and steps)"
            alternatives.append((route.id, route.label, earned, because))
        for _, _, route, sim in sims:
            if sim[2] is not None:
                alternatives.append((route.id, route.label, None, f"not available: {sim[2]}"))
        rule, route = best[4], best[5]
        ctx.notices = route_notices[best[3]]
        new_state = best[6][0]
        self._warn_unverified(cred, rule, route, ctx)
        return CredentialPlan(
            new_state, best[0], route.id, route.label, None, alternatives, f"credential.{cid}"
        )

    @staticmethod
    def _check_rule_in_force(
        cred: Credential, rule: EligibilityRule, sim: tuple[PlanState, dt.date, str | None, float]
    ) -> tuple[PlanState, dt.date, str | None, float]:
        """Refuse a simulated route whose rule is not in force on the exam date it leads to."""
        state, earned, blocked, _cost = sim
        if blocked is not None:
            return sim
        record = state.credential_record(cred.id)
        day = (record.exam if record else None) or earned
        if rule.in_force(day):
            return sim
        if rule.effective_until is not None and day > rule.effective_until:
            why = f"this rule ended on {rule.effective_until.isoformat()}, before the exam ({day.isoformat()})"
        else:
            start = rule.effective_from.isoformat() if rule.effective_from else "?"
            why = f"this rule applies from {start}, after the exam ({day.isoformat()})"
        return state, dt.date.max, why, math.inf

    def _simulate_route(
        self, cred: Credential, rule: EligibilityRule, route: Route, state: PlanState, ctx: Context
    ) -> tuple[PlanState, dt.date, str | None, float]:
        """(state, earned, blocked, cost) for taking ``route`` to ``cred`` from ``state``."""
        rule_id = f"{cred.id}.eligibility.{route.id}"
        # A rule that takes effect later can be used from its first day.
        eligible = max(state.start, rule.effective_from or state.start)
        exam_from = eligible
        reasons: list[Reason] = []
        deps: list[str] = []
        windows: list[tuple[dt.date, str]] = []
        sim = state
        for req in route.requirements:
            out: Outcome = satisfy(
                req, sim, ctx, rule_id=rule_id, fallback=rule.provenance, route=route
            )
            if out.blocked or out.met_on is None:
                return state, dt.date.max, out.blocked or f"{req.label} cannot be met", math.inf
            if out.valid_until is not None:
                windows.append((out.valid_until, req.label))
            sim = out.state
            eligible = max(eligible, out.met_on)
            early = cred.exam is not None and cred.exam.early_testing
            exam_from = max(exam_from, (out.exam_from if early else None) or out.met_on)
            reasons.extend(out.reasons)
            deps.extend(d for d in out.deps if d)
        goal_reason = Reason(
            f"{cred.name} ({cred.id}), issued by {cred.issuer}: route '{route.label}'",
            rule_id,
            rule.provenance.source,
            rule.provenance.as_of,
            rule.provenance.verified,
        )
        new: list[Milestone] = []
        credential_deps = list(dict.fromkeys(deps))
        earned = eligible
        exam_day: dt.date | None = None
        prep_known = True
        if cred.exam is not None:
            booked = schedule_exam(
                cred,
                cred.exam,
                sim,
                ctx,
                eligible=eligible,
                exam_from=exam_from,
                deps=credential_deps,
                reasons=[goal_reason, *reasons],
            )
            sim, earned, exam_day, prep_known = (
                booked.state,
                booked.earned,
                booked.day,
                booked.prep_known,
            )
            new.append(booked.milestone)
            credential_deps.append(booked.milestone.id)
        lapsed = _lapsed_requirement(windows, exam_day or eligible)
        if lapsed is not None:
            return state, dt.date.max, lapsed, math.inf
        cred_why = [goal_reason]
        if exam_day is not None and earned > exam_day:
            cred_why.append(_granted_reason(cred, tested_early=exam_day < eligible))
        for rec in rule.recommendations:
            prov = rec.provenance or rule.provenance
            cred_why.append(
                Reason(
                    f"Recommended, not required: {rec.text}",
                    f"{cred.id}.recommendation",
                    prov.source,
                    prov.as_of,
                    prov.verified,
                )
            )
        for replaced in cred.replaces:
            if sim.credential_record(replaced):
                cred_why.append(
                    Reason(
                        f"{cred.id} replaces {replaced} once granted",
                        f"{cred.id}.replaces",
                        cred.provenance.source,
                        cred.provenance.as_of,
                        cred.provenance.verified,
                    )
                )
        credential_id = f"credential.{cred.id}"
        new.append(
            Milestone(
                id=credential_id,
                kind="credential",
                title=f"Earn {cred.name} ({cred.id})",
                start=earned,
                end=earned,
                credential=cred.id,
                depends_on=tuple(dict.fromkeys(credential_deps)),
                why=tuple(cred_why),
            )
        )
        sim = sim.add(*new)
        sim = sim.replace(
            credentials=(
                *sim.credentials,
                CredentialRecord(
                    cred.id, earned, exam_day, True, credential_id, prep_known=prep_known
                ),
            ),
        )
        total = sum(
            m.cost.amount
            for m in sim.milestones
            if m.cost and m.cost.amount is not None and not state.has_milestone(m.id)
        )
        return sim, earned, None, float(total)

    def _warn_unverified(
        self, cred: Credential, rule: EligibilityRule, route: Route, ctx: Context
    ) -> None:
        provs = [rule.provenance] + [r.provenance for r in route.requirements if r.provenance]
        for prov in provs:
            if not prov.verified:
                ctx.warn(
                    "unverified-rule",
                    f"{cred.id}: the route '{route.label}' rests on a rule found only in a secondary "
                    f"source ({prov.source}); confirm it with {cred.issuer} before relying on it.",
                    rule=f"{cred.id}.eligibility.{route.id}",
                    source=prov.source,
                )

    # -- roles ---------------------------------------------------------------------------------
    def _role_goal(
        self, role: Role, goal_id: str, state: PlanState, ctx: Context
    ) -> tuple[PlanState, GoalResult]:
        sim, reached, blocked = self._reach_role(role, state, ctx, allow_steps=True)
        if blocked or reached is None:
            ctx.warn("goal-unreachable", f"{role.title} cannot be planned: {blocked}")
            return state, GoalResult(goal_id, "role", role.id, None, why_not=blocked)
        for prov in [role.provenance, *(r.provenance for r in role.requirements if r.provenance)]:
            if not prov.verified:
                ctx.warn(
                    "unverified-rule",
                    f"{role.title}: its requirements rest on a secondary source ({prov.source}); "
                    "treat the date as indicative and check local job postings.",
                    rule=f"role.{role.id}",
                    source=prov.source,
                )
        on_time = reached if reached <= ctx.horizon else None
        why_not = None
        if on_time is None:
            why_not = (
                f"reachable on {reached.isoformat()}, after the horizon ({ctx.horizon.isoformat()})"
            )
            ctx.warn("goal-beyond-horizon", f"{role.title}: {why_not}")
        return sim, GoalResult(
            goal_id,
            "role",
            role.id,
            on_time,
            route="requirements",
            route_label="; ".join(r.label for r in role.requirements),
            why_not=why_not,
        )

    def _reach_role(
        self, role: Role, state: PlanState, ctx: Context, *, allow_steps: bool
    ) -> tuple[PlanState, dt.date | None, str | None]:
        sim = state
        reached = state.as_of
        reasons: list[Reason] = []
        deps: list[str] = []
        for req in role.requirements:
            out = satisfy(
                req,
                sim,
                ctx,
                rule_id=f"role.{role.id}",
                fallback=role.provenance,
                allow_steps=allow_steps,
            )
            if out.blocked or out.met_on is None:
                return state, None, out.blocked or f"{req.label} cannot be met"
            sim, reached = out.state, max(reached, out.met_on)
            reasons.extend(out.reasons)
            deps.extend(d for d in out.deps if d)
        kind: MilestoneKind = "advancement" if role.rank >= 2 else "job"
        head = Reason(
            f"{role.title}: {role.notes}" if role.notes else role.title,
            f"role.{role.id}",
            role.provenance.source,
            role.provenance.as_of,
            role.provenance.verified,
        )
        milestone = Milestone(
            id=f"role.{role.id}",
            kind=kind,
            title=f"Eligible for {role.title}",
            start=reached,
            end=reached,
            depends_on=tuple(dict.fromkeys(deps)),
            why=(head, *reasons),
            details={"role": role.id, "rank": role.rank, "ladder": role.ladder},
        )
        return sim.add(milestone), reached, None

    def _advancement(self, state: PlanState, ctx: Context) -> PlanState:
        """Roles the plan makes the learner eligible for, without adding steps."""
        for role in sorted(ctx.catalog.roles.values(), key=lambda r: (r.rank, r.id)):
            if role.rank < 1:
                continue
            sim, reached, blocked = self._reach_role(role, state, ctx, allow_steps=False)
            if blocked is None and reached is not None and reached <= ctx.horizon:
                state = sim
        return state

    # -- finishing ------------------------------------------------------------------------------
    def _ce_in_current_cycle(
        self, cid: str, earned: dt.date, log: Sequence[CeActivity], ctx: Context
    ) -> float:
        """CE in ``log`` (held credential ``cid``'s) dated in its cycle that contains ``as_of``
        (nothing carries over); kept as ``Holding.ce_earned_current_cycle``."""
        rules = self.catalog.credentials[cid].maintenance
        if rules is None or not log:
            return 0
        for cycle in rules.cycles(earned, ctx.as_of):
            if cycle.contains(ctx.as_of):
                return cycle.ce_earned(log)
        return 0

    def _ce_log(self, profile: Profile) -> tuple[CeActivity, ...]:
        """The profile's CE entries by date, each naming canonical credential ids (an entry
        naming an alias, e.g. ``CTR``, names ``ODS``)."""
        resolve = self.catalog.resolve_credential
        out = []
        for entry in profile.progress.ce:
            names = tuple(dict.fromkeys(resolve(n) or n for n in entry.credentials))
            same = names == entry.credentials
            out.append(entry if same else attrs.evolve(entry, credentials=names))
        return tuple(sorted(out, key=ce_sort_key))

    def _holdings(self, state: PlanState, ctx: Context) -> tuple[Holding, ...]:
        records = sorted(state.credentials, key=lambda r: (r.earned, r.id))
        replaced: dict[str, dt.date] = {}
        for rec in records:
            for old in self.catalog.credentials[rec.id].replaces:
                old_id = self.catalog.resolve_credential(old) or old
                replaced[old_id] = min(replaced.get(old_id, dt.date.max), rec.earned)
        log = self._ce_log(ctx.profile)
        log_from = log[0].date if log else None
        out = []
        for rec in records:
            held = ctx.profile.holds(rec.id)
            cred = self.catalog.credentials[rec.id]
            # One shared object per entry: a combined total counts it once (Holding.combined_log).
            mine = tuple(e for e in log if e.counts_for(rec.id, cred.issuer)) if held else ()
            out.append(
                Holding(
                    cred,
                    rec.earned,
                    rec.planned,
                    self._ce_in_current_cycle(rec.id, held.earned, mine, ctx) if held else 0,
                    replaced.get(rec.id),
                    rec.milestone,
                    exam=rec.exam if rec.planned else None,
                    exam_milestone=f"exam.{rec.id}" if rec.planned and rec.exam else None,
                    ce_log=mine,
                    ce_log_from=log_from,
                )
            )
        return tuple(out)  # handed to every plugin in turn: none may change it for the next

    def _finish(
        self, profile: Profile, ctx: Context, state: PlanState, goals: list[GoalResult]
    ) -> Roadmap:
        holdings = self._holdings(state, ctx)
        maintained = ctx.host.maintenance(holdings, profile, ctx.as_of, ctx.horizon, ctx.runtime)
        state = state.add(*(m.attributed(name) for name, m in maintained))
        schemes = {
            h.credential.maintenance.scheme
            for h in holdings
            if h.credential.maintenance and h.earned <= ctx.horizon
        }
        covered = {m.details.get("scheme", m.details.get("issuer")) for _, m in maintained}
        for scheme in sorted(s for s in schemes if s not in covered):
            ctx.warn(
                "no-maintenance-rules",
                f"No installed plugin computes {scheme} maintenance: CE cycles "
                f"for {scheme} credentials are missing from this roadmap.",
            )
        for m in state.milestones:
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
        extra: list[tuple[str, Milestone]] = []
        adds_milestones = ctx.host.implemented("mrt_roadmap_milestones")
        adds_notices = ctx.host.implemented("mrt_roadmap_notices")
        if adds_milestones or adds_notices:
            draft = self._assemble(profile, ctx, state.milestones, goals)
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
        return self._assemble(profile, ctx, milestones, goals)

    def _rule_owner(self, rule: str) -> str | None:
        """The plugin that registered the definition a rule id names (``<credential>.eligibility...``,
        ``program.bs_him...``, ``role.him_manager``, ``calendar.us_semester...``)."""
        if rule not in self._owners:
            head, _, rest = rule.partition(".")
            kinds = {"program": "program", "role": "role", "calendar": "calendar"}
            key = (kinds[head], rest.split(".")[0]) if head in kinds else ("credential", head)
            self._owners[rule] = self.catalog.owners.get(key)
        return self._owners[rule]

    def _assemble(
        self,
        profile: Profile,
        ctx: Context,
        milestones: Iterable[Milestone],
        goals: list[GoalResult],
    ) -> Roadmap:
        kind_order = {k: i for i, k in enumerate(MILESTONE_KINDS)}
        final = []
        ids = set()
        for m in milestones:
            ids.add(m.id)
        for m in milestones:
            status: Status = (
                "done"
                if m.end < ctx.as_of
                else "in_progress"
                if m.start <= ctx.as_of
                else "planned"
            )
            deps = tuple(sorted(d for d in m.depends_on if d in ids and d != m.id))
            same = status == m.status and deps == m.depends_on
            final.append(m if same else m.with_status(status, deps))
        final.sort(key=lambda m: (m.start, m.end, kind_order.get(m.kind, 99), m.id))
        baseline = baseline_pairs(final, ctx.baseline) if ctx.baseline is not None else None
        final = track(final, profile, ctx.as_of, baseline)
        total = None
        known_costs = [
            m.cost.amount
            for m in final
            if m.cost and m.cost.amount is not None and m.status != "done"
        ]
        if known_costs:
            total = round(sum(known_costs), 2)
        budget = profile.preferences.budget
        if budget is not None and total is not None and total > budget:
            ctx.warn(
                "over-budget", f"Known costs (${total:,.0f}) exceed your budget (${budget:,.0f})."
            )
        rules: dict[str, RuleUsed] = {}
        for m in final:
            for r in m.why:
                if r.rule and r.source and r.as_of and r.rule not in rules:
                    owner = self._rule_owner(r.rule) or m.plugin
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
        )


def _checked_baseline(baseline: object, profile: Profile) -> Roadmap:
    """``baseline`` if it is a roadmap of this profile; else an :class:`InputError`."""
    from mrt_roadmap.errors import InputError, Problem

    if not isinstance(baseline, Roadmap):
        kind = type(baseline).__name__
        raise InputError("baseline", [Problem("$", f"expected a Roadmap, got {kind}")])
    if baseline.profile_id != profile.id:
        message = f"a roadmap of profile {baseline.profile_id!r}, not of {profile.id!r}"
        raise InputError("baseline", [Problem("$.profile_id", message)])
    return baseline


_EDUCATION_STATUS = {
    "completed": "",
    "in_progress": " (in progress)",
    "withdrawn": " (withdrawn: its credits count, the award does not)",
}


def _lapsed_requirement(windows: Sequence[tuple[dt.date, str]], day: dt.date) -> str | None:
    """Why a route is not available when its exam (or, without an exam, the day it is met)
    falls after the last day one of its requirements still counts, else ``None``."""
    for until, label in sorted(windows):
        if day > until:
            return (
                f"{label} counts only until {until.isoformat()}, and the earliest exam this "
                f"route allows is {day.isoformat()}"
            )
    return None


def _granted_reason(cred: Credential, *, tested_early: bool) -> Reason:
    """Why the credential comes after the exam day: the exam's ``early_testing_rule`` for an
    early tester, where the data gives one; otherwise every requirement must be met first."""
    rule = cred.exam.early_testing_rule if cred.exam is not None else None
    if tested_early and rule is not None:
        prov = rule.provenance
        return Reason(
            rule.text, f"{cred.id}.early_testing.use", prov.source, prov.as_of, prov.verified
        )
    return Reason("Credential granted once every requirement is met", f"{cred.id}.granted")


def _min_level_rank(rules: Sequence[EligibilityRule]) -> int:
    """Lowest education rank any current route of a credential needs (0 when none)."""
    best = 99
    for rule in rules:
        for route in rule.routes:
            need = 0
            for req in route.requirements:
                if req.kind == "education":
                    levels = req.get("levels") or [req.get("level", "high_school")]
                    need = max(need, min(LEVEL_RANK.get(lv, 0) for lv in levels))
            best = min(best, need)
    return 0 if best == 99 else best


_LEVEL_NAMES = {
    "high_school": "High-school diploma",
    "certificate": "Certificate",
    "associate": "Associate degree",
    "bachelor": "Bachelor's degree",
    "post_bacc_certificate": "Post-baccalaureate certificate",
    "master": "Master's degree",
    "doctorate": "Doctorate",
}


def _education_title(level: str, degree: str | None, field: str, institution: str | None) -> str:
    title = f"{degree} degree" if degree and degree.isupper() else _LEVEL_NAMES.get(level, level)
    if field and field != "other" and level != "high_school":
        title += f" in {field.replace('_', ' ')}"
    if institution:
        title += f" ({institution})"
    return title


__all__ = ["Planner"]

"""What the learner aims at, in the order the planner pursues it.

Credentials come first, by the lowest education any of their routes needs (so a credential that
another may build on is planned first), then roles. A profile without goals aims at the
catalog's default goals it does not hold already, directly or through a credential that
replaces them.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Literal

import attrs

from mrt_roadmap.catalog import Catalog
from mrt_roadmap.definitions import EligibilityRule
from mrt_roadmap.model_base import Model
from mrt_roadmap.profile import LEVEL_RANK, Profile


@attrs.frozen(repr=False, eq=False)
class GoalSpec(Model):
    """One goal to plan: a credential or a role id, and the id its ``GoalResult`` carries."""

    kind: Literal["credential", "role"]
    target: str
    id: str


def goals_in_order(profile: Profile, catalog: Catalog) -> tuple[GoalSpec, ...]:
    """The goals of ``profile`` (canonical credential ids) in planning order."""
    creds = list(profile.goals.credentials)
    if not creds and not profile.goals.roles:
        creds = default_goals(profile, catalog)
    order = {c: i for i, c in enumerate(creds)}
    creds.sort(key=lambda c: (min_level_rank(catalog.credentials[c].eligibility), order[c]))
    return (
        *(GoalSpec("credential", c, f"goal.credential.{c}") for c in creds),
        *(GoalSpec("role", r, f"goal.role.{r}") for r in profile.goals.roles),
    )


def default_goals(profile: Profile, catalog: Catalog) -> list[str]:
    """The credentials marked ``default_goal`` that the learner holds neither directly nor
    through a credential that replaces them."""
    held = {catalog.resolve_credential(h.id) or h.id for h in profile.credentials}
    covered = set(held)
    for cid in held:
        cred = catalog.credentials.get(cid)
        if cred is not None:
            covered.update(catalog.resolve_credential(r) or r for r in cred.replaces)
    return [c.id for c in catalog.credentials.values() if c.default_goal and c.id not in covered]


def wants_bachelor(profile: Profile, catalog: Catalog) -> bool:
    """Whether the learner plans a bachelor's: as the preferences say, else whether a goal
    needs one."""
    if profile.preferences.plans_bachelor is not None:
        return profile.preferences.plans_bachelor
    for cid in profile.goals.credentials:
        ident = catalog.resolve_credential(cid)
        cred = catalog.credentials.get(ident or "")
        if cred and min_level_rank(cred.eligibility) >= LEVEL_RANK["bachelor"]:
            return True
    for rid in profile.goals.roles:
        role = catalog.roles.get(rid)
        if role and any(
            r.kind == "education"
            and LEVEL_RANK.get(r.get("level", ""), 0) >= LEVEL_RANK["bachelor"]
            for r in role.requirements
        ):
            return True
    return False


def min_level_rank(rules: Sequence[EligibilityRule]) -> int:
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

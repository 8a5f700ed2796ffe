"""Checks of a profile's meaning against the catalog (after the schema has checked its shape):
unknown credentials, roles, areas and programs, and dates that contradict ``as_of``."""

from __future__ import annotations

import datetime as dt

from mrt_roadmap.catalog import Catalog
from mrt_roadmap.errors import Problem
from mrt_roadmap.profile import Profile

KNOWN_PLUGIN_DISTRIBUTIONS = {
    "CCS": "mrt-roadmap-ccs",
    "CCS-P": "mrt-roadmap-ccs",
    "CHDA": "mrt-roadmap-chda",
    "ODS": "mrt-roadmap-ctr",
    "CTR": "mrt-roadmap-ctr",
    "CHPS": "mrt-roadmap-chps",
    "CPC": "mrt-roadmap-aapc",
    "COC": "mrt-roadmap-aapc",
    "CRC": "mrt-roadmap-aapc",
    "CPC-A": "mrt-roadmap-aapc",
    "COC-A": "mrt-roadmap-aapc",
}
"""Credentials provided by the project's own plugin distributions, for 'install X' hints."""


def unknown_credential_message(name: str, catalog: Catalog) -> str:
    dist = KNOWN_PLUGIN_DISTRIBUTIONS.get(name.upper())
    hint = (
        f"install the plugin {dist} (pip install {dist})"
        if dist
        else "is the plugin that provides it installed? (`mrt-roadmap plugins`)"
    )
    return f"unknown credential {name!r}: {hint}; known: {', '.join(sorted(catalog.credentials))}"


def check_profile(profile: Profile, catalog: Catalog, as_of: dt.date | None) -> list[Problem]:
    """Every problem of meaning, each located by JSON path."""
    problems: list[Problem] = []
    if as_of is None:
        problems.append(
            Problem(
                "$.as_of",
                "required: the planner never reads the clock; give as_of in the profile or --as-of",
            )
        )
    for i, held in enumerate(profile.credentials):
        if catalog.resolve_credential(held.id) is None:
            problems.append(
                Problem(f"$.credentials[{i}].id", unknown_credential_message(held.id, catalog))
            )
        if as_of is not None and held.earned > as_of:
            problems.append(
                Problem(
                    f"$.credentials[{i}].earned",
                    f"{held.earned} is after as_of {as_of}: a held credential was earned already",
                )
            )
    for i, goal in enumerate(profile.goals.credentials):
        if catalog.resolve_credential(goal) is None:
            problems.append(
                Problem(f"$.goals.credentials[{i}]", unknown_credential_message(goal, catalog))
            )
    for i, role in enumerate(profile.goals.roles):
        if role not in catalog.roles:
            problems.append(
                Problem(
                    f"$.goals.roles[{i}]",
                    f"unknown role {role!r}; known: {', '.join(catalog.roles)}",
                )
            )
    for i, exp in enumerate(profile.experience):
        if exp.area not in catalog.experience_areas:
            problems.append(
                Problem(
                    f"$.experience[{i}].area",
                    f"unknown experience area {exp.area!r}; known: "
                    f"{', '.join(catalog.experience_areas)}",
                )
            )
    for i, edu in enumerate(profile.education):
        where = f"$.education[{i}]"
        if edu.program is not None and edu.program not in catalog.programs:
            problems.append(
                Problem(
                    f"{where}.program",
                    f"unknown program {edu.program!r}; known: {', '.join(catalog.programs)}",
                )
            )
        if edu.status == "in_progress" and edu.end is None:
            problems.append(
                Problem(f"{where}.end", "required for education in progress (expected end)")
            )
        if (
            as_of is not None
            and edu.status == "completed"
            and edu.end is not None
            and edu.end > as_of
        ):
            problems.append(
                Problem(
                    f"{where}.end",
                    f"{edu.end} is after as_of {as_of} for completed "
                    "education; use status in_progress",
                )
            )
        if edu.start is not None and edu.end is not None and edu.start > edu.end:
            problems.append(Problem(f"{where}.start", f"{edu.start} is after end {edu.end}"))
    return problems

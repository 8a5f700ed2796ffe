"""Checks of a profile's meaning against the catalog (after the schema has checked its shape):
unknown credentials, roles, areas and programs, education entries that contradict their catalog
program, and dates that contradict ``as_of``."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

from mrt_roadmap.catalog import Catalog
from mrt_roadmap.definitions import Program
from mrt_roadmap.errors import Problem
from mrt_roadmap.profile import Education, Profile


def contested_message(kind: str, name: str, catalog: Catalog) -> str | None:
    """Why ``name`` is missing when plugins clash over it, else ``None``."""
    plugins = catalog.contested.get((kind, name.upper()))
    if plugins is None:
        return None
    return (
        f"{kind} {name!r} is left out because plugins {', '.join(plugins)} each claim it; "
        "keep one with --block NAME (or MRT_ROADMAP_BLOCK_PLUGINS)"
    )


def unknown_credential_message(name: str, catalog: Catalog) -> str:
    """Why ``name`` is unknown: a clash, a plugin to install (``catalog.install_hints``), or
    the credentials that are known."""
    contested = contested_message("credential", name, catalog)
    if contested:
        return contested
    dist = catalog.install_hint(name)
    hint = (
        f"install the plugin {dist} (pip install {dist})"
        if dist
        else "is the plugin that provides it installed? (`mrt-roadmap plugins`)"
    )
    return f"unknown credential {name!r}: {hint}; known: {', '.join(sorted(catalog.credentials))}"


EARLIEST_DATE = dt.date(1900, 1, 1)
LATEST_DATE = dt.date(2200, 12, 31)
"""Dates a profile or a caller may give: with a horizon of at most
:data:`MAX_HORIZON_YEARS`, no planned date comes near the calendar's end (year 9999)."""
MAX_HORIZON_YEARS = 30


def _dates(profile: Profile) -> Iterator[tuple[str, dt.date | None]]:
    yield "$.as_of", profile.as_of
    yield "$.availability.start", profile.availability.start
    for i, edu in enumerate(profile.education):
        yield f"$.education[{i}].start", edu.start
        yield f"$.education[{i}].end", edu.end
    for i, held in enumerate(profile.credentials):
        yield f"$.credentials[{i}].earned", held.earned
    for i, exp in enumerate(profile.experience):
        yield f"$.experience[{i}].start", exp.start
        yield f"$.experience[{i}].end", exp.end
    for i, ce in enumerate(profile.progress.ce):
        yield f"$.progress.ce[{i}].date", ce.date
    for i, attempt in enumerate(profile.progress.exam_attempts):
        yield f"$.progress.exam_attempts[{i}].date", attempt.date


def check_dates(
    profile: Profile, as_of: dt.date | None, horizon_years: int | None = None
) -> list[Problem]:
    """Dates outside the supported range and out-of-range arguments (``as_of``,
    ``horizon_years`` given by a caller instead of the profile)."""
    found = [*_dates(profile)]
    if as_of is not None and as_of != profile.as_of:
        found.append(("as_of (argument)", as_of))
    problems = [
        Problem(path, f"{day} is outside the supported dates {EARLIEST_DATE}..{LATEST_DATE}")
        for path, day in found
        if day is not None and not EARLIEST_DATE <= day <= LATEST_DATE
    ]
    if horizon_years is not None and (
        isinstance(horizon_years, bool)
        or not isinstance(horizon_years, int)
        or not 1 <= horizon_years <= MAX_HORIZON_YEARS
    ):
        problems.append(
            Problem(
                "horizon_years (argument)",
                f"{horizon_years!r} is not a whole number of years from 1 to {MAX_HORIZON_YEARS}",
            )
        )
    return problems


def check_profile(
    profile: Profile, catalog: Catalog, as_of: dt.date | None, horizon_years: int | None = None
) -> list[Problem]:
    """Every problem of meaning, each located by JSON path (arguments by name)."""
    if as_of is not None and (not isinstance(as_of, dt.date) or isinstance(as_of, dt.datetime)):
        kind = type(as_of).__name__
        return [Problem("as_of (argument)", f"expected a datetime.date, got {kind}")]
    problems = check_dates(profile, as_of, horizon_years)
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
            message = contested_message("role", role, catalog)
            problems.append(
                Problem(
                    f"$.goals.roles[{i}]",
                    message or f"unknown role {role!r}; known: {', '.join(catalog.roles)}",
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
        elif edu.program is not None:
            problems.extend(_contradictions(edu, catalog.programs[edu.program], where))
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
    problems.extend(_dated_facts(profile, catalog, as_of))
    return problems


def _contradictions(edu: Education, program: Program, where: str) -> list[Problem]:
    """Where an education entry contradicts the catalog program it names: another level,
    field (other than the default ``other``) or degree, or an accreditation of the program it
    leaves out. What the entry leaves out is taken from the program."""
    found = []
    said = f"contradicts program {program.id}"
    if edu.level is not None and edu.level != program.level:
        found.append(Problem(f"{where}.level", f"{edu.level} {said} ({program.level})"))
    if edu.field not in ("other", program.field):
        found.append(Problem(f"{where}.field", f"{edu.field} {said} ({program.field})"))
    if (
        edu.degree is not None
        and program.degree is not None
        and edu.degree.upper() != program.degree.upper()
    ):
        found.append(Problem(f"{where}.degree", f"{edu.degree} {said} ({program.degree})"))
    missing = [a for a in program.accreditation if a not in edu.accreditation]
    if edu.accreditation and missing:
        found.append(
            Problem(
                f"{where}.accreditation",
                f"missing {', '.join(missing)}: {said} "
                f"({', '.join(program.accreditation)}); list it or leave accreditation out",
            )
        )
    return found


def _dated_facts(profile: Profile, catalog: Catalog, as_of: dt.date | None) -> list[Problem]:
    """Jobs, CE activities, exam attempts and preferred programs: known ids, and dates that
    are facts (on or before ``as_of``) and in order."""
    problems: list[Problem] = []
    for i, exp in enumerate(profile.experience):
        where = f"$.experience[{i}]"
        if exp.end is not None and exp.end < exp.start:
            problems.append(Problem(f"{where}.end", f"{exp.end} is before start {exp.start}"))
        if as_of is not None and exp.start > as_of:
            problems.append(
                Problem(f"{where}.start", f"{exp.start} is after as_of {as_of}: not a fact yet")
            )
    for i, ce in enumerate(profile.progress.ce):
        where = f"$.progress.ce[{i}]"
        if as_of is not None and ce.date > as_of:
            problems.append(
                Problem(f"{where}.date", f"{ce.date} is after as_of {as_of}: not a fact yet")
            )
        for j, name in enumerate(ce.credentials):
            if catalog.resolve_credential(name) is None:
                message = unknown_credential_message(name, catalog)
                problems.append(Problem(f"{where}.credentials[{j}]", message))
    for i, attempt in enumerate(profile.progress.exam_attempts):
        where = f"$.progress.exam_attempts[{i}]"
        if catalog.resolve_credential(attempt.credential) is None:
            message = unknown_credential_message(attempt.credential, catalog)
            problems.append(Problem(f"{where}.credential", message))
        if as_of is not None and attempt.date > as_of:
            problems.append(
                Problem(f"{where}.date", f"{attempt.date} is after as_of {as_of}: not a fact yet")
            )
    for i, program in enumerate(profile.preferences.programs):
        if program not in catalog.programs:
            problems.append(
                Problem(
                    f"$.preferences.programs[{i}]",
                    f"unknown program {program!r}; known: {', '.join(catalog.programs)}",
                )
            )
    return problems

"""Checks of a profile's meaning against the catalog (after the schema has checked its shape):
unknown credentials, roles, areas and programs, education entries that contradict their catalog
program, and dates that contradict ``as_of``."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator

from mrt_roadmap.catalog import Catalog
from mrt_roadmap.definitions import Program
from mrt_roadmap.errors import Problem, safe_value
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
        Problem(
            path,
            f"{day} is outside the supported dates {EARLIEST_DATE}..{LATEST_DATE}",
            "date-out-of-range",
            value=day.isoformat(),
            params={"earliest": EARLIEST_DATE.isoformat(), "latest": LATEST_DATE.isoformat()},
        )
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
                "argument",
            )
        )
    return problems


def argument_problems(as_of: object) -> list[Problem]:
    """The problem with an ``as_of`` given by a caller that is not a ``datetime.date`` (a
    ``datetime`` included), else none."""
    if as_of is None or (isinstance(as_of, dt.date) and not isinstance(as_of, dt.datetime)):
        return []
    kind = type(as_of).__name__
    return [Problem("as_of (argument)", f"expected a datetime.date, got {kind}", "argument")]


def check_profile(
    profile: Profile, catalog: Catalog, as_of: dt.date | None, horizon_years: int | None = None
) -> list[Problem]:
    """Every problem of meaning, each located by JSON path (arguments by name)."""
    wrong = argument_problems(as_of)
    if wrong:
        return wrong
    problems = check_dates(profile, as_of, horizon_years)
    if as_of is None:
        problems.append(
            Problem(
                "$.as_of",
                "required: the planner never reads the clock; give as_of in the profile or --as-of",
                "as-of-required",
            )
        )
    for i, held in enumerate(profile.credentials):
        if catalog.resolve_credential(held.id) is None:
            problems.append(_unknown_credential(f"$.credentials[{i}].id", held.id, catalog))
        if as_of is not None and held.earned > as_of:
            problems.append(
                _after_as_of(
                    f"$.credentials[{i}].earned",
                    held.earned,
                    as_of,
                    f"{held.earned} is after as_of {as_of}: a held credential was earned already",
                )
            )
    for i, goal in enumerate(profile.goals.credentials):
        if catalog.resolve_credential(goal) is None:
            problems.append(_unknown_credential(f"$.goals.credentials[{i}]", goal, catalog))
    for i, role in enumerate(profile.goals.roles):
        if role not in catalog.roles:
            contested = contested_message("role", role, catalog)
            message = contested or f"unknown role {role!r}; known: {', '.join(catalog.roles)}"
            code = "contested-id" if contested else "unknown-role"
            problems.append(_unknown(f"$.goals.roles[{i}]", message, code, role, catalog.roles))
    for i, exp in enumerate(profile.experience):
        if exp.area not in catalog.experience_areas:
            known = catalog.experience_areas
            message = f"unknown experience area {exp.area!r}; known: {', '.join(known)}"
            problems.append(
                _unknown(f"$.experience[{i}].area", message, "unknown-area", exp.area, known)
            )
    for i, edu in enumerate(profile.education):
        where = f"$.education[{i}]"
        if edu.program is not None and edu.program not in catalog.programs:
            problems.append(_unknown_program(f"{where}.program", edu.program, catalog))
        elif edu.program is not None:
            problems.extend(_contradictions(edu, catalog.programs[edu.program], where))
        if edu.status == "in_progress" and edu.end is None:
            problems.append(
                Problem(
                    f"{where}.end",
                    "required for education in progress (expected end)",
                    "end-required",
                )
            )
        if (
            as_of is not None
            and edu.status == "completed"
            and edu.end is not None
            and edu.end > as_of
        ):
            problems.append(
                _after_as_of(
                    f"{where}.end",
                    edu.end,
                    as_of,
                    f"{edu.end} is after as_of {as_of} for completed "
                    "education; use status in_progress",
                )
            )
        if edu.start is not None and edu.end is not None and edu.start > edu.end:
            problems.append(
                _out_of_order(f"{where}.end", edu.end, edu.start, f"{edu.end} is before start")
            )
    problems.extend(_dated_facts(profile, catalog, as_of))
    return problems


def _contradictions(edu: Education, program: Program, where: str) -> list[Problem]:
    """Where an education entry contradicts the catalog program it names: another level,
    field (other than the default ``other``) or degree, or an accreditation of the program it
    leaves out. What the entry leaves out is taken from the program."""
    found = []
    said = f"contradicts program {program.id}"

    def contradiction(key: str, given: object, expected: str, message: str) -> Problem:
        return Problem(
            f"{where}.{key}",
            message,
            "program-contradiction",
            value=safe_value(given),
            params={"program": program.id, "expected": expected},
        )

    if edu.level is not None and edu.level != program.level:
        message = f"{edu.level} {said} ({program.level})"
        found.append(contradiction("level", edu.level, program.level, message))
    if edu.field not in ("other", program.field):
        message = f"{edu.field} {said} ({program.field})"
        found.append(contradiction("field", edu.field, program.field, message))
    if (
        edu.degree is not None
        and program.degree is not None
        and edu.degree.upper() != program.degree.upper()
    ):
        message = f"{edu.degree} {said} ({program.degree})"
        found.append(contradiction("degree", edu.degree, program.degree, message))
    missing = [a for a in program.accreditation if a not in edu.accreditation]
    if edu.accreditation and missing:
        expected = ", ".join(program.accreditation)
        message = (
            f"missing {', '.join(missing)}: {said} ({expected}); list it or leave accreditation out"
        )
        found.append(contradiction("accreditation", None, expected, message))
    return found


def _dated_facts(profile: Profile, catalog: Catalog, as_of: dt.date | None) -> list[Problem]:
    """Jobs, CE activities, exam attempts and preferred programs: known ids, and dates that
    are facts (on or before ``as_of``) and in order."""
    problems: list[Problem] = []
    for i, exp in enumerate(profile.experience):
        where = f"$.experience[{i}]"
        if exp.end is not None and exp.end < exp.start:
            problems.append(
                _out_of_order(f"{where}.end", exp.end, exp.start, f"{exp.end} is before start")
            )
        if as_of is not None and exp.start > as_of:
            message = f"{exp.start} is after as_of {as_of}: not a fact yet"
            problems.append(_after_as_of(f"{where}.start", exp.start, as_of, message))
    for i, ce in enumerate(profile.progress.ce):
        where = f"$.progress.ce[{i}]"
        if as_of is not None and ce.date > as_of:
            message = f"{ce.date} is after as_of {as_of}: not a fact yet"
            problems.append(_after_as_of(f"{where}.date", ce.date, as_of, message))
        for j, name in enumerate(ce.credentials):
            if catalog.resolve_credential(name) is None:
                problems.append(_unknown_credential(f"{where}.credentials[{j}]", name, catalog))
    for i, attempt in enumerate(profile.progress.exam_attempts):
        where = f"$.progress.exam_attempts[{i}]"
        if catalog.resolve_credential(attempt.credential) is None:
            problems.append(_unknown_credential(f"{where}.credential", attempt.credential, catalog))
        if as_of is not None and attempt.date > as_of:
            message = f"{attempt.date} is after as_of {as_of}: not a fact yet"
            problems.append(_after_as_of(f"{where}.date", attempt.date, as_of, message))
    for i, program in enumerate(profile.preferences.programs):
        if program not in catalog.programs:
            problems.append(_unknown_program(f"$.preferences.programs[{i}]", program, catalog))
    return problems


def _unknown(path: str, message: str, code: str, given: str, known: Iterable[str]) -> Problem:
    return Problem(path, message, code, value=safe_value(given), params={"known": sorted(known)})


def _unknown_credential(path: str, name: str, catalog: Catalog) -> Problem:
    code = "contested-id" if catalog.contested.get(("credential", name.upper())) else None
    message = unknown_credential_message(name, catalog)
    return _unknown(path, message, code or "unknown-credential", name, catalog.credentials)


def _unknown_program(path: str, name: str, catalog: Catalog) -> Problem:
    message = f"unknown program {name!r}; known: {', '.join(catalog.programs)}"
    return _unknown(path, message, "unknown-program", name, catalog.programs)


def _after_as_of(path: str, day: dt.date, as_of: dt.date, message: str) -> Problem:
    params = {"as_of": as_of.isoformat()}
    return Problem(path, message, "date-after-as-of", value=day.isoformat(), params=params)


def _out_of_order(path: str, day: dt.date, other: dt.date, said: str) -> Problem:
    """``day`` (at ``path``) on the wrong side of ``other``; ``said`` + `` {other}``."""
    params = {"other": other.isoformat()}
    message = f"{said} {other}"
    return Problem(path, message, "date-order", value=day.isoformat(), params=params)

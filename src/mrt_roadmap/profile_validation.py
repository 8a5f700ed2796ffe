"""Every problem of a profile in one call: its limits, its shape (the schema) and its meaning
(against the catalog and the planning date), for apps that show a form's errors all at once.

Meaning is checked even when the shape is wrong: the parts the schema rejects are set aside (an
array entry, a key) and the rest is checked, so a learner with a bad number of study hours and
an unknown goal hears of both. Problems in what was set aside are the schema's own.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

import attrs

from mrt_roadmap import json_input
from mrt_roadmap.errors import PathPart, Problem, ProfileError
from mrt_roadmap.model_base import thaw
from mrt_roadmap.profile import Profile, read_source

if TYPE_CHECKING:
    from mrt_roadmap.catalog import Catalog

ProfileSource = Profile | Mapping[str, Any] | str | Path | bytes
"""What every door of the library accepts as a profile: a :class:`Profile`, a mapping (parsed
JSON), JSON text (a ``str`` starting with ``{``; any other ``str`` is a path), UTF-8 JSON
``bytes`` (never a path: the safe choice for untrusted input such as a request body) or a path
to a JSON file."""

_PLACEHOLDERS: Mapping[str, Any] = {
    "profile_version": 2,
    "id": "-",
    "availability": {"study_hours_per_week": 1},
}
"""Required keys put back, after the schema rejected them, so the rest can be checked."""
_MAX_ROUNDS = 3


def find_problems(
    source: object,
    catalog: Catalog,
    *,
    as_of: dt.date | None = None,
    horizon_years: int | None = None,
) -> list[Problem]:
    """Every problem of ``source`` (see :data:`ProfileSource`), sorted by path; empty when it
    can be planned."""
    from mrt_roadmap.profile_checks import argument_problems, check_profile

    wrong = argument_problems(as_of)
    if wrong:
        return wrong
    found = read_source(source)
    if found.problems:
        return found.problems
    data = found.data
    from mrt_roadmap.profile_upgrade import upgrade_profile, version_of
    from mrt_roadmap.schemas import validate

    if isinstance(data, Mapping) and version_of(data) == 1:
        problems = validate("profile-v1", data)
        if problems:
            return problems
        try:
            data = upgrade_profile(data, as_of=as_of)
        except ProfileError as exc:
            return list(exc.problems)
    problems = validate("profile", data)
    if not isinstance(data, Mapping):
        return problems
    kept = _Salvage(data).without(problems)
    if kept is None:
        return problems
    profile = kept.profile
    day = as_of or profile.as_of
    meaning = [kept.original(p) for p in check_profile(profile, catalog, day, horizon_years)]
    return sorted(
        {*problems, *(p for p in meaning if not kept.set_aside(p))},
        key=lambda p: (p.path, p.code, p.message),
    )


@attrs.frozen
class _Kept:
    """The profile built from what the schema accepted, and how to map its paths back."""

    profile: Profile
    removed: Mapping[tuple[PathPart, ...], tuple[int, ...]]
    """Per array (by path): the indexes of the original entries set aside, ascending."""
    cut: frozenset[tuple[PathPart, ...]]

    def original(self, problem: Problem) -> Problem:
        """``problem`` with its array indexes those of the original data."""
        parts = list(problem.parts)
        for at, part in enumerate(parts):
            removed = self.removed.get(tuple(parts[:at]))
            if removed and isinstance(part, int):
                index = part
                for gone in removed:
                    if gone <= index:
                        index += 1
                parts[at] = index
                break
        if parts == list(problem.parts):
            return problem
        new = tuple(parts)
        return attrs.evolve(problem, path=json_input.json_path(new), parts=new)

    def set_aside(self, problem: Problem) -> bool:
        """Whether ``problem`` is about a part the schema rejected (reported already)."""
        parts = problem.parts
        return any(parts[: len(c)] == c for c in self.cut)


class _Salvage:
    """Sets aside what the schema rejects until the rest is a valid profile."""

    def __init__(self, data: Mapping[str, Any]) -> None:
        self.data = data

    def without(self, problems: list[Problem]) -> _Kept | None:
        from mrt_roadmap.convert import converter
        from mrt_roadmap.schemas import validate

        data: Any = self.data
        removed: dict[tuple[PathPart, ...], set[int]] = {}
        cut: set[tuple[PathPart, ...]] = set()
        for round_ in range(_MAX_ROUNDS):
            if not problems:
                try:
                    profile = converter().structure(data, Profile)
                except (ValueError, TypeError):
                    return None
                ordered = {k: tuple(sorted(v)) for k, v in removed.items()}
                return _Kept(profile, ordered, frozenset(cut))
            cuts = {_cut_point(p.parts) for p in problems}
            if () in cuts or (round_ and any(isinstance(c[-1], int) for c in cuts)):
                # the root is wrong, or an entry of data pruned already: indexes would be
                # those of the pruned data
                return None
            data = _pruned(data, cuts, removed)
            cut |= cuts
            problems = validate("profile", data)
        return None


def _cut_point(parts: tuple[PathPart, ...]) -> tuple[PathPart, ...]:
    """What to set aside for a problem at ``parts``: the array entry it is in, else the key
    itself (the whole ``availability`` object, whose keys are required)."""
    if parts and parts[0] == "availability":
        return ("availability",)
    for at, part in enumerate(parts):
        if isinstance(part, int):
            return parts[: at + 1]
    return parts


def _pruned(
    data: Any,
    cuts: set[tuple[PathPart, ...]],
    removed: dict[tuple[PathPart, ...], set[int]],
) -> Any:
    """A copy of ``data`` without the parts at ``cuts``, required top-level keys put back.
    Array entries set aside are recorded in ``removed`` by original index."""
    copy = thaw(data)
    by_array: dict[tuple[PathPart, ...], set[int]] = {}
    for parts in cuts:
        if isinstance(parts[-1], int):
            by_array.setdefault(parts[:-1], set()).add(parts[-1])
        else:
            parent = _at(copy, parts[:-1])
            if isinstance(parent, dict):
                parent.pop(parts[-1], None)
    for array_path, indexes in by_array.items():
        array = _at(copy, array_path)
        if not isinstance(array, list):
            continue
        for index in sorted(indexes, reverse=True):
            if 0 <= index < len(array):
                del array[index]
        removed.setdefault(array_path, set()).update(indexes)
    for key, value in _PLACEHOLDERS.items():
        copy.setdefault(key, thaw(value))
    return copy


def _at(data: Any, parts: tuple[PathPart, ...]) -> Any:
    for part in parts:
        if isinstance(data, dict) and isinstance(part, str):
            data = data.get(part)
        elif isinstance(data, list) and isinstance(part, int) and 0 <= part < len(data):
            data = data[part]
        else:
            return None
    return data

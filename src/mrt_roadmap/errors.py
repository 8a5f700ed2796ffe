"""The exception hierarchy of mrt-roadmap: every error the library raises derives from one base."""

from __future__ import annotations

from collections.abc import Iterable

import attrs

from mrt_roadmap.model_base import Model


@attrs.frozen(repr=False, eq=False)
class Problem(Model):
    """One thing wrong with an input, located by a JSON path such as ``$.goals.credentials[0]``."""

    path: str
    message: str

    def __str__(self) -> str:
        return f"{self.path}: {self.message}"


MAX_PROBLEMS_SHOWN = 50
"""Problems listed in an error's message; all of them stay in ``problems``."""


class MrtRoadmapError(Exception):
    """Base class of every error raised by mrt-roadmap."""


class InputError(MrtRoadmapError, ValueError):
    """Input (a profile, a plugin definition, an argument) is invalid; ``problems`` lists why."""

    def __init__(self, what: str, problems: Iterable[Problem]) -> None:
        self.what = what
        self.problems: tuple[Problem, ...] = tuple(problems)
        shown = [f"  - {p}" for p in self.problems[:MAX_PROBLEMS_SHOWN]]
        if len(self.problems) > MAX_PROBLEMS_SHOWN:
            shown.append(f"  - ... and {len(self.problems) - MAX_PROBLEMS_SHOWN:,} more")
        lines = "\n".join(shown)
        super().__init__(f"{what} is invalid ({len(self.problems)} problem(s)):\n{lines}")


class ProfileError(InputError):
    """A learner profile failed validation (schema or meaning)."""

    def __init__(self, problems: Iterable[Problem], what: str = "profile") -> None:
        super().__init__(what, problems)


class DefinitionError(InputError):
    """A credential, program or role definition registered by a plugin is invalid."""


class CatalogError(MrtRoadmapError):
    """The catalog of credentials, programs and roles is inconsistent (duplicate id, cycle...)."""


class UnknownIdError(MrtRoadmapError, LookupError):
    """An id (credential, program, role, exporter) is not in the catalog."""

    def __init__(self, kind: str, ident: str, available: Iterable[str], hint: str = "") -> None:
        self.kind = kind
        self.ident = ident
        self.available = tuple(sorted(available))
        shown = (
            repr(ident) if len(ident) <= 60 else f"{ident[:60]!r}... ({len(ident):,} characters)"
        )
        message = f"unknown {kind} {shown}; available: {', '.join(self.available) or '(none)'}"
        if hint:
            message += f". {hint}"
        super().__init__(message)

    def __str__(self) -> str:
        return str(self.args[0])


class PluginError(MrtRoadmapError):
    """A plugin failed to load, register or run (raised only in strict mode)."""


class OutputError(MrtRoadmapError):
    """An output could not be written (full disk, no permission, a symlink refused...); the
    message names the path and the reason, and ``path`` holds the path."""

    def __init__(self, path: str, reason: str) -> None:
        self.path = path
        self.reason = reason
        super().__init__(f"cannot write {path}: {reason}")

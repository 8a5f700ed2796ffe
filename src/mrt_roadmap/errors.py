"""The exception hierarchy of mrt-roadmap: every error the library raises derives from one base."""

from __future__ import annotations

import ast
import re
from collections.abc import Iterable, Mapping
from typing import Any

import attrs

from mrt_roadmap.model_base import EMPTY, Model, frozen_mapping

PathPart = str | int
"""One step of a path into JSON data: an object key or an array index."""


@attrs.frozen(repr=False, eq=False)
class Problem(Model):
    """One thing wrong with an input, located by a JSON path such as ``$.goals.credentials[0]``.

    ``code`` is stable (documented in the user guide, section "Problem codes"): map problems to
    form fields by ``parts`` and to your own wording by ``code`` and ``params``. ``message`` is
    the technical wording the CLI prints; :attr:`learner_message` is written for learners.
    """

    path: str
    message: str
    code: str = "invalid"
    parts: tuple[PathPart, ...] = attrs.field(eq=False, hash=False)
    """The path as keys and indexes: ``("goals", "credentials", 0)``; an argument of a call
    (``as_of``) is a one-part path ``("as_of",)``."""
    value: Any = attrs.field(default=None, eq=False, hash=False)
    """The offending value when it is safe to show (a number, a boolean or a string of at most
    60 characters); ``None`` otherwise."""
    params: Mapping[str, Any] = attrs.field(
        default=EMPTY, converter=frozen_mapping, eq=False, hash=False
    )
    """What the code needs to be explained, e.g. ``{"allowed": [...]}`` for ``enum``; each
    code's parameters are listed with it in the user guide."""

    @parts.default
    def _parts_of_path(self) -> tuple[PathPart, ...]:
        return parse_path(self.path)

    @property
    def learner_message(self) -> str:
        """A sentence for a learner filling a form (English; translate by ``code``)."""
        from mrt_roadmap.problem_codes import learner_message

        return learner_message(self)

    def __str__(self) -> str:
        return f"{self.path}: {self.message}"


_STEP = re.compile(
    r"\.(?P<name>[A-Za-z_][A-Za-z0-9_]*)|\[(?P<index>\d+)\]"
    r"|\[(?P<quoted>'(?:[^'\\]|\\.)*'|\"(?:[^\"\\]|\\.)*\")\]"
)


def parse_path(path: str) -> tuple[PathPart, ...]:
    """``("goals", "credentials", 0)`` from ``$.goals.credentials[0]``; an argument's label
    (``as_of (argument)``) gives ``("as_of",)``. What cannot be read stops the parts there."""
    if not path.startswith("$"):
        return (path.split(" ", 1)[0],) if path else ()
    parts: list[PathPart] = []
    at = 1
    while at < len(path):
        step = _STEP.match(path, at)
        if step is None:
            break
        if step["name"] is not None:
            parts.append(step["name"])
        elif step["index"] is not None:
            parts.append(int(step["index"]))
        else:
            parts.append(ast.literal_eval(step["quoted"]))
        at = step.end()
    return tuple(parts)


def safe_value(value: object) -> Any:
    """``value`` when it is safe to echo back (number, boolean, short string), else ``None``."""
    if isinstance(value, bool | float) or (isinstance(value, int) and abs(value) < 10**18):
        return value
    if isinstance(value, str) and len(value) <= 60:
        return value
    return None


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

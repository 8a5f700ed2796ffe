"""The stable codes of :class:`~mrt_roadmap.errors.Problem` and the learner-facing sentence of
each.

A code never changes meaning within a major version; new codes may be added in a minor one.
Every code is documented in ``docs/user-guide.md`` (section "Problem codes"; a test checks).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Final

if TYPE_CHECKING:
    from mrt_roadmap.errors import Problem

LEARNER_TEXT: Final[Mapping[str, str]] = {
    # reading the input
    "unreadable": "The file cannot be read.",
    "too-large": "The file is too large to be a profile.",
    "encoding": "The file is not saved as UTF-8 text; save it as UTF-8 and try again.",
    "json-syntax": "The file is not valid JSON.",
    "depth": "The data is nested too deeply.",
    "number": "This number is not allowed here (too large, or not a finite number).",
    "text-too-long": "This text is too long.",
    "text-encoding": "This text holds characters that are not valid Unicode.",
    "too-many-items": "This list has too many entries.",
    "duplicate-key": "A field appears more than once: {key}.",
    "key-type": "A field name is not valid text.",
    # the shape (profile schema)
    "type": "This should be {expected_text}.",
    "enum": "Choose one of: {allowed_text}.",
    "pattern": "This value is not in the expected form.",
    "format": "This should be a {format_text}.",
    "required": "This field is required.",
    "unknown-key": "This field is not part of a profile{suggestion_text}",
    "range": "This number should be {range_text}.",
    "length": "This text should be {range_text} characters long.",
    "items-count": "This list should have {range_text} entries.",
    "duplicate-item": "This list has the same entry twice.",
    "schema": "This value is not valid here.",
    # the meaning (against the catalog and the planning date)
    "unknown-credential": "{value_text} is not a credential we know.",
    "contested-id": "{value_text} is offered by more than one plugin, so it is left out.",
    "unknown-role": "{value_text} is not a career role we know.",
    "unknown-area": "{value_text} is not a work area we know.",
    "unknown-program": "{value_text} is not a program we know.",
    "program-contradiction": "This does not match the program chosen ({expected}).",
    "as-of-required": "The planning date is required.",
    "date-out-of-range": "This date should be between {earliest} and {latest}.",
    "date-after-as-of": "This date is after the planning date ({as_of}); it must have happened.",
    "date-order": "This date is before the date it should follow ({other}).",
    "end-required": "The expected end date is required for a program in progress.",
    "argument": "An argument of the call is invalid.",
    "invalid": "This value is not valid.",
}
"""Every code, with the sentence shown to learners (``{...}``: a parameter of the problem)."""

CODES: Final = frozenset(LEARNER_TEXT)

_TYPE_NAMES: Final[Mapping[str, str]] = {
    "string": "text",
    "integer": "a whole number",
    "number": "a number",
    "boolean": "true or false",
    "object": "a group of fields",
    "array": "a list",
    "null": "empty",
}


def learner_message(problem: Problem) -> str:
    """The learner sentence of ``problem`` (its technical message when the code is unknown)."""
    template = LEARNER_TEXT.get(problem.code)
    if template is None:
        return problem.message
    try:
        params = {**problem.params, **_derived(problem)}
        return template.format_map(params)
    except (TypeError, ValueError, KeyError, AttributeError):  # params missing or odd
        return problem.message


def _derived(problem: Problem) -> dict[str, str]:
    params = problem.params
    expected = params.get("expected")
    names = [expected] if isinstance(expected, str) else list(expected or ())
    derived = {
        "expected_text": " or ".join(_TYPE_NAMES.get(str(n), str(n)) for n in names),
        "allowed_text": ", ".join(str(a) for a in params.get("allowed", ())),
        "format_text": "date (YYYY-MM-DD)" if params.get("format") == "date" else "valid value",
        "value_text": repr(problem.value) if problem.value is not None else "This value",
        "range_text": _range(params.get("minimum"), params.get("maximum")),
    }
    suggestion = params.get("suggestion")
    derived["suggestion_text"] = f"; did you mean {suggestion!r}?" if suggestion else "."
    return derived


def _range(low: object, high: object) -> str:
    if low is not None and high is not None:
        return f"from {low} to {high}"
    if low is not None:
        return f"at least {low}"
    if high is not None:
        return f"at most {high}"
    return "in range"

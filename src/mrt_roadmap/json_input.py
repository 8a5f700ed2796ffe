"""Reading untrusted JSON input safely: bounded size, UTF-8 only, no duplicate keys, finite
numbers of sane size, bounded nesting, string lengths and array lengths.

Every check reports a :class:`~mrt_roadmap.errors.Problem` located by JSON path, so a hostile or
broken input is always a clear error and never an exception from the standard library. The limits
are documented in ``docs/reliability.md``; the profile schema sets tighter limits field by field.
"""

from __future__ import annotations

import json
import math
import re
from collections import Counter
from collections.abc import Iterator, Mapping
from typing import IO, Any, Final, NamedTuple

from mrt_roadmap.errors import Problem

MAX_INPUT_BYTES: Final = 2 * 1024 * 1024
"""Largest JSON input read (2 MiB); a typical profile is 1-3 kB."""
MAX_DEPTH: Final = 32
"""Deepest nesting of arrays and objects (a profile needs 4)."""
MAX_STRING_CHARS: Final = 10_000
"""Longest string anywhere, keys included."""
MAX_ITEMS: Final = 10_000
"""Most items in one array or members in one object."""
MAX_INT_DIGITS: Final = 18
"""Most digits of an integer (beyond this no count, credit or hour is meaningful)."""
MAX_ECHO_CHARS: Final = 60
"""Longest piece of input quoted back in an error message."""

_SURROGATE = re.compile("[\ud800-\udfff]")
_IDENTIFIER = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")
_BOMS = (
    (b"\xff\xfe\x00\x00", "UTF-32"),
    (b"\x00\x00\xfe\xff", "UTF-32"),
    (b"\xff\xfe", "UTF-16"),
    (b"\xfe\xff", "UTF-16"),
)


def short(value: object, limit: int = MAX_ECHO_CHARS) -> str:
    """``repr(value)``, cut to ``limit`` characters with the full length stated."""
    if isinstance(value, str):
        text = value if len(value) <= limit else value[:limit]
        shown = repr(text)
        return shown if len(value) <= limit else f"{shown}... ({len(value):,} characters)"
    if isinstance(value, int) and not isinstance(value, bool) and value.bit_length() > 3 * limit:
        return f"an integer of about {int(value.bit_length() * math.log10(2)) + 1:,} digits"
    shown = repr(value)
    return shown if len(shown) <= limit else f"{shown[:limit]}... ({len(shown):,} characters)"


def cut(text: str, limit: int = 200) -> str:
    """``text`` as it is, or its first ``limit`` characters with the full length stated."""
    return text if len(text) <= limit else f"{text[:limit]}... ({len(text):,} characters)"


def json_path(parts: tuple[str | int, ...], root: str = "$") -> str:
    """``$.goals.credentials[0]`` from ``("goals", "credentials", 0)`` (jsonschema's style)."""
    out = [root]
    for part in parts:
        if isinstance(part, int):
            out.append(f"[{part}]")
        elif _IDENTIFIER.match(part):
            out.append(f".{part}")
        else:
            out.append(f"[{short(part)}]")
    return "".join(out)


# -- bytes to text ------------------------------------------------------------------------------
def read_limited(stream: IO[bytes], limit: int = MAX_INPUT_BYTES) -> bytes | None:
    """At most ``limit`` bytes of ``stream``; ``None`` when it holds more (it is not read on)."""
    data = stream.read(limit + 1)
    return None if len(data) > limit else data


def too_large(limit: int = MAX_INPUT_BYTES) -> Problem:
    return Problem("$", f"input larger than {limit:,} bytes (a profile is a few kB)", "too-large")


def decode(data: bytes) -> tuple[str | None, list[Problem]]:
    """UTF-8 text from ``data`` (a UTF-8 byte-order mark is dropped), or the problem."""
    for bom, name in _BOMS:
        if data.startswith(bom):
            return None, [
                Problem("$", f"the file is {name}; save it as UTF-8 and try again", "encoding")
            ]
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    if b"\x00" in data:
        return None, [
            Problem(
                "$",
                "holds NUL bytes (UTF-16 or UTF-32 text?); save it as UTF-8 and try again",
                "encoding",
            )
        ]
    try:
        return data.decode("utf-8"), []
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        byte = data[exc.start : exc.start + 1].hex()
        return None, [
            Problem(
                "$",
                f"not UTF-8 text: byte 0x{byte} at offset {exc.start} (line {line}) is not valid "
                "UTF-8 (a Latin-1 or Windows-1252 file?); save it as UTF-8 and try again",
                "encoding",
            )
        ]


# -- text to data -------------------------------------------------------------------------------
class _Rejected:
    """A JSON value the parser met that no profile may hold (NaN, Infinity, a huge integer)."""

    __slots__ = ("why",)

    def __init__(self, why: str) -> None:
        self.why = why

    def __repr__(self) -> str:
        return self.why


class _Parse:
    """One parse: remembers objects whose keys repeat, to report them by path afterwards."""

    def __init__(self) -> None:
        self.repeated: dict[int, list[str]] = {}

    def pairs(self, pairs: list[tuple[str, Any]]) -> dict[str, Any]:
        obj = dict(pairs)
        if len(obj) != len(pairs):
            counts = Counter(key for key, _ in pairs)
            self.repeated[id(obj)] = sorted(key for key, n in counts.items() if n > 1)
        return obj

    @staticmethod
    def constant(name: str) -> _Rejected:
        return _Rejected(f"{name} is not a JSON number; use a finite number")

    @staticmethod
    def integer(text: str) -> int | _Rejected:
        digits = len(text.lstrip("-"))
        if digits > MAX_INT_DIGITS:
            return _Rejected(f"an integer of {digits:,} digits is out of range")
        return int(text)


def parse(text: str) -> tuple[Any, list[Problem]]:
    """Parse JSON text and check it against the limits; ``(data, problems)``."""
    state = _Parse()
    try:
        data = json.loads(
            text,
            object_pairs_hook=state.pairs,
            parse_constant=state.constant,
            parse_int=state.integer,
        )
    except json.JSONDecodeError as exc:
        where = f"at line {exc.lineno} column {exc.colno}"
        return None, [Problem("$", f"not valid JSON: {exc.msg} {where}", "json-syntax")]
    except RecursionError:
        return None, [Problem("$", f"nested deeper than {MAX_DEPTH} levels", "depth")]
    return data, list(check(data, state.repeated))


class Scan(NamedTuple):
    """What one walk over input data found: every problem with the limits, and whether the
    data holds only what JSON text parses into (dicts with string keys, lists, strings,
    numbers, booleans, ``None``)."""

    problems: list[Problem]
    plain: bool


def scan(data: Any, repeated: Mapping[int, list[str]] | None = None) -> Scan:
    """One walk over ``data`` (parsed JSON, or a mapping built in Python): every way it breaks
    the limits, and whether it is plain JSON data."""
    repeated = repeated or {}
    problems: list[Problem] = []
    plain = True
    stack: list[tuple[Any, tuple[str | int, ...]]] = [(data, ())]
    while stack:
        value, parts = stack.pop()
        kind = type(value)
        if kind is str:
            if len(value) > MAX_STRING_CHARS or not (value.isascii() or _valid_unicode(value)):
                problems.append(_string_problem(value, parts))
            continue
        if kind is int or kind is bool or value is None:
            if kind is int and not -_INT_LIMIT < value < _INT_LIMIT:
                problems.append(
                    Problem(json_path(parts), f"{short(value)} is out of range", "number")
                )
            continue
        if kind is float:
            if not math.isfinite(value):
                message = f"{value!r}: not a finite number (or too large)"
                problems.append(Problem(json_path(parts), message, "number"))
            continue
        if len(parts) > MAX_DEPTH:
            problems.append(
                Problem(json_path(parts), f"nested deeper than {MAX_DEPTH} levels", "depth")
            )
            continue
        if isinstance(value, Mapping):
            plain = plain and kind is dict
            problems.extend(_check_object(value, parts, repeated.get(id(value), ())))
            members = [(v, (*parts, k)) for k, v in value.items() if type(k) is str]
            plain = plain and len(members) == len(value)
            stack.extend(reversed(members))
        elif isinstance(value, list | tuple):
            plain = plain and kind is list
            if len(value) > MAX_ITEMS:
                problems.append(
                    Problem(
                        json_path(parts),
                        f"{len(value):,} items; at most {MAX_ITEMS:,}",
                        "too-many-items",
                    )
                )
                continue
            stack.extend((v, (*parts, i)) for i, v in reversed(list(enumerate(value))))
        else:
            plain = False
            problems.extend(_check_scalar(value, parts))
    return Scan(problems, plain)


def check(data: Any, repeated: Mapping[int, list[str]] | None = None) -> Iterator[Problem]:
    """Every way ``data`` (parsed JSON, or a mapping built in Python) breaks the limits."""
    return iter(scan(data, repeated).problems)


_INT_LIMIT = 10**MAX_INT_DIGITS


def _valid_unicode(text: str) -> bool:
    return _SURROGATE.search(text) is None


def _string_problem(value: str, parts: tuple[str | int, ...]) -> Problem:
    if len(value) > MAX_STRING_CHARS:
        message = f"{len(value):,} characters; at most {MAX_STRING_CHARS:,}"
        return Problem(json_path(parts), message, "text-too-long")
    message = "not valid Unicode: holds a lone surrogate (\\ud800-\\udfff)"
    return Problem(json_path(parts), message, "text-encoding")


def _check_object(
    obj: Mapping[Any, Any], parts: tuple[str | int, ...], repeated: Any
) -> Iterator[Problem]:
    if (
        len(obj) <= MAX_ITEMS
        and not repeated
        and all(
            type(k) is str and len(k) <= MAX_STRING_CHARS and (k.isascii() or _valid_unicode(k))
            for k in obj
        )
    ):
        return
    where = json_path(parts)
    if len(obj) > MAX_ITEMS:
        yield Problem(where, f"{len(obj):,} members; at most {MAX_ITEMS:,}", "too-many-items")
    for key in repeated:
        yield Problem(
            where,
            f"key {short(key)} appears more than once",
            "duplicate-key",
            params={"key": short(key)},
        )
    for key in obj:
        if not isinstance(key, str):
            yield Problem(where, f"key {short(key)} is not a string", "key-type")
        elif len(key) > MAX_STRING_CHARS or _SURROGATE.search(key):
            yield Problem(where, f"key {short(key)} is too long or not valid Unicode", "key-type")


def _check_scalar(value: Any, parts: tuple[str | int, ...]) -> Iterator[Problem]:
    if isinstance(value, _Rejected):
        yield Problem(json_path(parts), value.why, "number")
    elif isinstance(value, str):
        if len(value) > MAX_STRING_CHARS:
            yield Problem(
                json_path(parts),
                f"{len(value):,} characters; at most {MAX_STRING_CHARS:,}",
                "text-too-long",
            )
        elif _SURROGATE.search(value):
            yield Problem(
                json_path(parts),
                "not valid Unicode: holds a lone surrogate (\\ud800-\\udfff)",
                "text-encoding",
            )
    elif isinstance(value, float) and not math.isfinite(value):
        yield Problem(json_path(parts), f"{value!r}: not a finite number (or too large)", "number")
    elif isinstance(value, int) and abs(value) >= 10**MAX_INT_DIGITS:
        yield Problem(json_path(parts), f"{short(value)} is out of range", "number")
    elif not isinstance(value, str | int | float):
        # a set, bytes, a date, any object: nothing JSON can hold (str, int and float
        # subclasses, e.g. enums, write as their value)
        message = f"a {type(value).__name__} is not a JSON value"
        yield Problem(json_path(parts), message, "type", params={"expected": "JSON value"})

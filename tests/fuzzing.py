"""Fuzzing mrt-roadmap's edges: hostile profiles through the library and the CLI.

Cases start from the bundled example profiles and are broken on purpose: a value anywhere
replaced by a hostile one (NaN, Infinity, huge or negative numbers, dates at the calendar's ends,
lone surrogates, control characters, very long strings, deep nesting, wrong types), keys removed
or added, duplicate keys, and the text encoded as UTF-8, UTF-8 with a byte-order mark, UTF-16 or
Latin-1, or cut short. Each case is read, validated, planned, explained and exported in every
format. The only acceptable outcomes are a roadmap or an :class:`~mrt_roadmap.errors.MrtRoadmapError`;
anything else is a crash, and a case that runs past its time limit is a hang.

``tests/test_fuzz.py`` runs a few hundred cases in the test suite; ``./dev fuzz`` runs many more
(``python tests/fuzzing.py --cases 10000``) and prints counts by outcome.
"""

from __future__ import annotations

import argparse
import contextlib
import copy
import datetime as dt
import enum
import json
import resource
import signal
import sys
import time
import traceback
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "src" / "mrt_roadmap" / "examples"
CORPUS = ROOT / "tests" / "fuzz_corpus"
CLI_EVERY = 10
"""``./dev fuzz`` also runs about one case in this many through ``mrt-roadmap plan -``."""
CASE_SECONDS = 10
"""Time limit of one case: planning a profile takes milliseconds."""
MEMORY_LIMIT = 3 * 1024**3
"""Address-space limit of a ``./dev fuzz`` run: a case that needs more is a crash."""


class Outcome(enum.Enum):
    PLANNED = "planned"
    REJECTED = "rejected (clear error)"
    CRASH = "crash"
    HANG = "hang"


class CaseTimeout(BaseException):
    """Raised by the alarm in a case that runs past :data:`CASE_SECONDS`."""


def example_dicts() -> list[dict[str, Any]]:
    return [json.loads(p.read_text("utf-8")) for p in sorted(EXAMPLES.glob("*.json"))]


# -- strategies ---------------------------------------------------------------------------------
HOSTILE_SCALARS = st.one_of(
    st.floats(allow_nan=True, allow_infinity=True),
    st.sampled_from([float("nan"), float("inf"), -float("inf"), -0.0, 1e308, -1e-308]),
    st.integers(min_value=-(10**30), max_value=10**30),
    st.sampled_from([10**5000, -(10**400), 2**63, -1, 0, 720, 721, 81]),
    st.sampled_from(
        [
            "9999-12-31",
            "0001-01-01",
            "1899-12-31",
            "2201-01-01",
            "2026-02-30",
            "2026-13-01",
            "",
            "\ud800",
            "a\udfffb",
            "\x1b[31mred\x1b[0m",
            "\x00\x07\x9b",
            "<script>alert(1)</script>",
            "https://evil.example/x",
            "x" * 20_000,
            "rhit",
            "CTR",
            "CPC-A",
        ]
    ),
    st.text(max_size=40),
    st.text(st.characters(categories=["Cc", "Cs", "Co", "Zl", "Zp"]), max_size=10),
    st.none(),
    st.booleans(),
)


def deep(value: Any, depth: int) -> Any:
    for _ in range(depth):
        value = [value] if depth % 2 else {"k": value}
    return value


HOSTILE_VALUES = st.one_of(
    HOSTILE_SCALARS,
    st.lists(HOSTILE_SCALARS, max_size=5),
    st.dictionaries(st.text(max_size=8), HOSTILE_SCALARS, max_size=3),
    st.builds(deep, HOSTILE_SCALARS, st.integers(1, 200)),
    st.builds(lambda n: list(range(n)), st.sampled_from([10_001, 200])),
)


def _paths(value: Any, parts: tuple[Any, ...] = ()) -> Iterator[tuple[Any, ...]]:
    yield parts
    if isinstance(value, dict):
        for key, item in value.items():
            yield from _paths(item, (*parts, key))
    elif isinstance(value, list):
        for i, item in enumerate(value):
            yield from _paths(item, (*parts, i))


def _parent(data: Any, parts: tuple[Any, ...]) -> Any:
    for part in parts[:-1]:
        data = data[part]
    return data


@st.composite
def hostile_profiles(draw: st.DrawFn) -> Any:
    """An example profile with one to four hostile edits."""
    data: Any = copy.deepcopy(draw(st.sampled_from(example_dicts())))
    for _ in range(draw(st.integers(1, 4))):
        paths = list(_paths(data))
        parts = draw(st.sampled_from(paths))
        action = draw(st.sampled_from(["replace", "replace", "delete", "add", "whole"]))
        if action == "whole" or not parts:
            data = draw(HOSTILE_VALUES) if draw(st.booleans()) else data
            continue
        parent = _parent(data, parts)
        if action == "replace":
            parent[parts[-1]] = draw(HOSTILE_VALUES)
        elif action == "delete":
            del parent[parts[-1]]
        elif isinstance(parent, dict):
            parent[draw(st.sampled_from(["extra", "id", "as_of", "\ud800", "x" * 300]))] = draw(
                HOSTILE_VALUES
            )
        else:
            parent.append(draw(HOSTILE_VALUES))
        if not isinstance(data, dict | list):
            break
    return data


CREDENTIAL_NAMES = ["RHIT", "RHIA", "CCS", "CCS-P", "CHDA", "CHPS", "ODS", "CTR", "CPC", "CPC-A"]
ROLE_NAMES = ["him_clerk", "entry_coder", "rhit_technician", "him_supervisor", "him_manager"]


def _plausible_like(draw: st.DrawFn, old: Any, key: Any) -> Any:
    """A value of the same kind as ``old`` within (or at the edge of) what the schema allows:
    these cases reach deep into planning instead of stopping at validation."""
    if isinstance(old, bool):
        return draw(st.booleans())
    if isinstance(old, int | float):
        return draw(
            st.one_of(
                st.sampled_from([0, 1e-9, 0.5, 1, 12, 40, 80, 120, 400, 720]),
                st.floats(0, 80, allow_nan=False),
                st.integers(0, 720),
            )
        )
    if isinstance(old, str) and len(old) == 10 and old[4] == "-":
        day = draw(st.dates(dt.date(1900, 1, 1), dt.date(2200, 12, 31)))
        return day.isoformat()
    if isinstance(old, str):
        return draw(st.sampled_from([*CREDENTIAL_NAMES, *ROLE_NAMES, "coding", "him", "x"]))
    if isinstance(old, list) and key in ("credentials", "roles"):
        names = CREDENTIAL_NAMES if key == "credentials" else ROLE_NAMES
        return draw(st.lists(st.sampled_from(names), max_size=4, unique=True))
    return old


@st.composite
def plausible_profiles(draw: st.DrawFn) -> Any:
    """An example profile with up to six values changed to other plausible ones."""
    data: Any = copy.deepcopy(draw(st.sampled_from(example_dicts())))
    for _ in range(draw(st.integers(1, 6))):
        parts = draw(st.sampled_from([p for p in _paths(data) if p]))
        parent = _parent(data, parts)
        parent[parts[-1]] = _plausible_like(draw, parent[parts[-1]], parts[-1])
    return data


HUGE = "<an integer too long for json.dumps>"


def _huge_as_placeholder(value: Any) -> Any:
    """``value`` with integers json.dumps cannot write replaced by :data:`HUGE`."""
    if isinstance(value, dict):
        return {k: _huge_as_placeholder(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_huge_as_placeholder(v) for v in value]
    if isinstance(value, int) and value.bit_length() > 4000:
        return HUGE
    return value


ENCODINGS = ["utf-8", "utf-8", "utf-8", "utf-8-sig", "utf-16", "latin-1", "cp1252"]


@st.composite
def hostile_inputs(draw: st.DrawFn) -> bytes:
    """The bytes of a file holding a hostile profile: odd encodings, duplicate keys, cut short."""
    data = _huge_as_placeholder(draw(hostile_profiles()))
    text = json.dumps(data, allow_nan=True, ensure_ascii=draw(st.booleans()))
    text = text.replace(json.dumps(HUGE), "9" * 5000)
    if draw(st.integers(0, 9)) == 0 and text.startswith("{") and len(text) > 2:
        text = '{"id": "dup", ' + text[1:]  # a duplicate key when the profile has an id
    if draw(st.integers(0, 19)) == 0 and text.startswith("{") and len(text) > 2:
        depth = draw(st.integers(30, 100_000))  # deeper than any Python object can be written
        text = '{"plugins": ' + "[" * depth + "]" * depth + ", " + text[1:]
    encoding = draw(st.sampled_from(ENCODINGS))
    try:
        raw = text.encode(encoding, errors="surrogatepass")
    except UnicodeEncodeError:  # Latin-1 and cp1252 cannot hold every character
        raw = text.encode(encoding, errors="backslashreplace")
    if draw(st.integers(0, 9)) == 0:
        raw = raw[: draw(st.integers(0, len(raw)))]
    return raw


def fuzz_planner() -> Any:
    """A planner with every installed plugin, so every example profile can plan."""
    from mrt_roadmap.planner import Planner
    from mrt_roadmap.pluginmanager import PluginHost

    return Planner(PluginHost(load_entrypoints=True))


# -- running one case ---------------------------------------------------------------------------
@contextlib.contextmanager
def time_limit(seconds: int) -> Iterator[None]:
    """Raise :class:`CaseTimeout` inside the block after ``seconds`` (main thread, POSIX)."""

    def expire(signum: int, frame: Any) -> None:
        raise CaseTimeout

    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def exercise(raw: bytes | Any, planner: Any) -> Outcome:
    """Read (bytes) or take (a Python object) a profile, plan it, explain its first goal and
    export it in every format; raises whatever the library raises."""
    from mrt_roadmap.errors import MrtRoadmapError
    from mrt_roadmap.profile import profile_from_bytes, profile_from_dict

    try:
        profile = profile_from_bytes(raw) if isinstance(raw, bytes) else profile_from_dict(raw)
        roadmap = planner.plan(profile)
        for exporter in planner.host.exporters.exporters.values():
            exporter.function(roadmap)
        goal = next(iter(profile.goals.credentials), "RHIT")
        planner.explain(profile, goal)
    except MrtRoadmapError as exc:
        if not str(exc):
            raise AssertionError("an error must say what is wrong") from exc
        return Outcome.REJECTED
    return Outcome.PLANNED


def exercise_cli(raw: bytes) -> Outcome:
    """``mrt-roadmap plan -`` on ``raw`` (in-process): exit 0 or 2, no traceback."""
    from click.testing import CliRunner

    from mrt_roadmap.cli import cli

    result = CliRunner().invoke(cli, ["plan", "-", "-f", "json"], input=raw)
    if result.exit_code not in (0, 2) or not isinstance(result.exception, SystemExit | None):
        raise AssertionError(f"exit {result.exit_code}: {result.exception!r}\n{result.output}")
    if "Traceback" in result.output:
        raise AssertionError(result.output)
    return Outcome.PLANNED if result.exit_code == 0 else Outcome.REJECTED


def run_cli_case(raw: bytes, seconds: int = CASE_SECONDS) -> tuple[Outcome, str]:
    """The outcome of one case through the command line."""
    try:
        with time_limit(seconds):
            return exercise_cli(raw), ""
    except CaseTimeout:
        return Outcome.HANG, f"ran past {seconds} s"
    except Exception:
        return Outcome.CRASH, traceback.format_exc(limit=-3)


def run_case(raw: bytes | Any, planner: Any, seconds: int = CASE_SECONDS) -> tuple[Outcome, str]:
    """The outcome of one case, and for a crash or hang what happened."""
    try:
        with time_limit(seconds):
            return exercise(raw, planner), ""
    except CaseTimeout:
        return Outcome.HANG, f"ran past {seconds} s"
    except Exception:
        return Outcome.CRASH, traceback.format_exc(limit=-3)


# -- ./dev fuzz ---------------------------------------------------------------------------------
def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--cases", type=int, default=10_000, help="how many generated cases")
    parser.add_argument("--seed", type=int, default=0, help="hypothesis seed (0: random)")
    args = parser.parse_args(argv)

    resource.setrlimit(resource.RLIMIT_AS, (MEMORY_LIMIT, resource.RLIM_INFINITY))
    planner = fuzz_planner()
    counts: Counter[str] = Counter()
    crashes: list[str] = []
    byte_cases: list[int] = []
    started = time.monotonic()

    def record(outcome: Outcome, detail: str, what: str) -> None:
        counts[f"{what}: {outcome.value}"] += 1
        if outcome in (Outcome.CRASH, Outcome.HANG):
            crashes.append(f"{what} {outcome.value}: {detail}")

    for path in sorted(CORPUS.iterdir()):
        if path.suffix == ".json":
            record(*run_case(path.read_bytes(), planner), "corpus")

    @settings(
        max_examples=args.cases,
        deadline=None,
        database=None,
        derandomize=False,
        suppress_health_check=list(HealthCheck),
    )
    @given(st.one_of(hostile_inputs(), hostile_profiles(), plausible_profiles()))
    def generated(case: Any) -> None:
        record(*run_case(case, planner), "bytes" if isinstance(case, bytes) else "objects")
        if isinstance(case, bytes):
            byte_cases.append(len(case))
            if len(byte_cases) % CLI_EVERY == 0:
                record(*run_cli_case(case), "cli (plan -)")

    if args.seed:
        from hypothesis import seed

        generated = seed(args.seed)(generated)
    generated()
    elapsed = time.monotonic() - started
    total = sum(counts.values())
    print(f"{total} cases in {elapsed:.0f} s")
    for key, n in sorted(counts.items()):
        print(f"  {key:<36} {n:>6}")
    bad = sum(n for k, n in counts.items() if k.endswith(("crash", "hang")))
    print(f"crashes and hangs: {bad}")
    for line in crashes[:20]:
        print(line)
    return 1 if bad else 0


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT / "src"))
    sys.exit(main())

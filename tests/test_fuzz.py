"""Fuzzing in the test suite: the audit's crash corpus and generated hostile profiles.

Every input ends in a roadmap or a clear :class:`~mrt_roadmap.errors.MrtRoadmapError`: never
another exception, never a hang (each case has a time limit), and the CLI exits 0 or 2 with no
traceback. ``./dev fuzz`` runs the same cases in far larger numbers.
"""

from __future__ import annotations

import tracemalloc
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from fuzzing import (
    CORPUS,
    Outcome,
    fuzz_planner,
    hostile_inputs,
    hostile_profiles,
    plausible_profiles,
    run_case,
)
from hypothesis import HealthCheck, given, settings

from mrt_roadmap.cli import cli

CORPUS_FILES = sorted(CORPUS.glob("*.json"))
CORPUS_MEMORY_BYTES = 64 * 1024**2
"""Most memory one corpus case may allocate (tracemalloc peak); the largest file is 100 kB."""


@pytest.fixture(scope="module")
def planner() -> Any:
    return fuzz_planner()


def test_the_corpus_covers_every_class_of_the_audit():
    names = {p.stem for p in CORPUS_FILES}
    for word in (
        "9999",
        "nan",
        "infinity",
        "5000-digits",
        "nesting-1000",
        "latin1",
        "utf16",
        "surrogate",
        "duplicate-key",
        "bom",
        "control-characters",
    ):
        assert any(word in n for n in names), word


@pytest.mark.parametrize("path", CORPUS_FILES, ids=lambda p: p.stem)
def test_each_corpus_file_gives_a_roadmap_or_a_clear_error(path: Path, planner: Any):
    tracemalloc.start()
    try:
        outcome, detail = run_case(path.read_bytes(), planner)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    expected = Outcome.PLANNED if path.stem.startswith("ok-") else Outcome.REJECTED
    assert outcome is expected, detail
    assert peak < CORPUS_MEMORY_BYTES


@pytest.mark.parametrize("command", ["plan", "validate", "explain"])
def test_the_cli_exits_0_or_2_without_a_traceback_on_every_corpus_file(command: str):
    runner = CliRunner()
    for path in CORPUS_FILES:
        args = [command, str(path), *(["RHIA"] if command == "explain" else [])]
        result = runner.invoke(cli, args)
        expected = 0 if path.stem.startswith("ok-") else 2
        assert result.exit_code == expected, (path.name, result.output, result.exception)
        assert isinstance(result.exception, SystemExit | None), (path.name, result.exception)
        assert "Traceback" not in result.output


@pytest.mark.parametrize("option", [["--as-of", "9999-12-31"], ["--as-of", "0001-01-01"]])
def test_out_of_range_options_are_clear_errors(option: list[str]):
    profile = str(CORPUS / "ok-utf8-bom.json")
    for command in (["plan", profile], ["explain", profile, "RHIA"], ["validate", profile]):
        result = CliRunner().invoke(cli, [*command, *option])
        assert result.exit_code == 2, (command, result.output)
        assert "outside the supported dates" in result.output


FUZZ_SETTINGS = settings(
    max_examples=150,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)


@FUZZ_SETTINGS
@given(case=hostile_inputs())
def test_hostile_files_never_crash(case: bytes):
    outcome, detail = run_case(case, PLANNER)
    assert outcome in (Outcome.PLANNED, Outcome.REJECTED), detail


@FUZZ_SETTINGS
@given(case=hostile_profiles())
def test_hostile_python_objects_never_crash(case: Any):
    outcome, detail = run_case(case, PLANNER)
    assert outcome in (Outcome.PLANNED, Outcome.REJECTED), detail


@FUZZ_SETTINGS
@given(case=plausible_profiles())
def test_plausible_edits_plan_or_are_rejected_clearly(case: Any):
    outcome, detail = run_case(case, PLANNER)
    assert outcome in (Outcome.PLANNED, Outcome.REJECTED), detail


PLANNER = fuzz_planner()

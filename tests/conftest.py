from __future__ import annotations

from typing import Any

import pytest

from mrt_roadmap.planner import Planner
from mrt_roadmap.testing import example_profile, make_planner


@pytest.fixture(scope="session")
def core_planner() -> Planner:
    """Built-in plugins only: installed third-party plugins never leak into core tests."""
    return make_planner()


@pytest.fixture
def example() -> Any:
    """Loader of bundled example profiles (the author kit's ``example_profile``)."""
    return example_profile


def _validated(real_plan: Any) -> Any:
    import json

    from mrt_roadmap.formats.json_format import to_json
    from mrt_roadmap.schemas import validate

    def plan(self: Planner, *args: Any, **kwargs: Any) -> Any:
        roadmap = real_plan(self, *args, **kwargs)
        problems = validate("roadmap", json.loads(to_json(roadmap)), plain_json=True)
        assert not problems, f"roadmap breaks roadmap.schema.json: {problems[:3]}"
        return roadmap

    return plan


@pytest.fixture(autouse=True)
def _every_roadmap_keeps_its_schema(
    request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Every roadmap a planner makes anywhere in the test suite is validated against
    roadmap.schema.json: a test that plans anything also checks the published contract
    (except tests marked ``allows_invalid_roadmaps``, which check that invalid ones are caught).
    Comparisons are validated by tests/test_comparison.py's property tests."""
    if request.node.get_closest_marker("allows_invalid_roadmaps") is None:
        monkeypatch.setattr(Planner, "plan", _validated(Planner.plan))


@pytest.fixture
def run(monkeypatch: pytest.MonkeyPatch) -> Any:
    """Invoke the CLI with the built-in plugins only, whatever is installed; hosts built here
    are not left in the process-wide cache for later tests."""
    import functools

    from click.testing import CliRunner

    from mrt_roadmap.cli import cli
    from mrt_roadmap.pluginmanager import _cached_host

    monkeypatch.setenv("MRT_ROADMAP_LOAD_PLUGINS", "")
    _cached_host.cache_clear()
    monkeypatch.setattr(
        "mrt_roadmap.pluginmanager._cached_host", functools.cache(_cached_host.__wrapped__)
    )
    runner = CliRunner()

    def invoke(*args: str, input: str | None = None) -> Any:
        return runner.invoke(cli, list(args), input=input, catch_exceptions=False)

    return invoke

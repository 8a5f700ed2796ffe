from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from mrt_roadmap.planner import Planner
from mrt_roadmap.testing import example_profile, make_planner


@pytest.fixture(scope="session", autouse=True)
def _private_cache(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    """The start-up cache of this test session (and its subprocesses) lives in a temporary
    folder: the user's own cache is neither read nor written."""
    mp = pytest.MonkeyPatch()
    mp.setenv("MRT_ROADMAP_CACHE_DIR", str(tmp_path_factory.mktemp("mrt-roadmap-cache")))
    yield
    mp.undo()


@pytest.fixture(scope="session")
def core_planner() -> Planner:
    """Built-in plugins only: installed third-party plugins never leak into core tests."""
    return make_planner()


@pytest.fixture
def example() -> Any:
    """Loader of bundled example profiles (the author kit's ``example_profile``)."""
    return example_profile

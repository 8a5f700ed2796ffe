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

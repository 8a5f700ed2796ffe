from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from mrt_roadmap.planner import Planner
from mrt_roadmap.testing import make_planner

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "src" / "mrt_roadmap" / "examples"


@pytest.fixture(scope="session")
def core_planner() -> Planner:
    """Built-in plugins only: installed third-party plugins never leak into core tests."""
    return make_planner()


@pytest.fixture
def example() -> Any:
    def load(name: str) -> dict[str, Any]:
        data: dict[str, Any] = json.loads((EXAMPLES / f"{name}.json").read_text())
        return data

    return load

"""Docs stay true: every hook is documented (signature heading) and has a test."""

from __future__ import annotations

import inspect
import re
from pathlib import Path

import pytest

from mrt_roadmap.hookspecs import RoadmapSpecs

ROOT = Path(__file__).resolve().parents[1]
HOOKS = sorted(n for n in dir(RoadmapSpecs) if n.startswith("mrt_roadmap_"))


def signature(name: str) -> str:
    params = [p for p in inspect.signature(getattr(RoadmapSpecs, name)).parameters if p != "self"]
    return f"{name}({', '.join(params)})"


def test_there_are_hooks():
    assert len(HOOKS) == 7


@pytest.mark.parametrize("hook", HOOKS)
def test_hook_is_documented_with_its_signature(hook):
    text = (ROOT / "docs" / "hooks.md").read_text()
    assert f"## {signature(hook)}" in text


@pytest.mark.parametrize("hook", HOOKS)
def test_hook_has_a_docstring_with_an_example(hook):
    doc = getattr(RoadmapSpecs, hook).__doc__ or ""
    assert ":returns:" in doc
    assert "Example::" in doc
    assert "versionadded" in doc


@pytest.mark.parametrize("hook", HOOKS)
def test_hook_has_a_test(hook):
    tests = "\n".join(
        p.read_text() for p in (ROOT / "tests").glob("test_*.py") if p.name != "test_docs.py"
    )
    assert re.search(rf"def test_{hook}\w*\(", tests), f"no test named test_{hook}..."


def test_docs_name_every_module_in_the_architecture():
    text = (ROOT / "docs" / "architecture.md").read_text()
    modules = sorted(
        p.stem for p in (ROOT / "src" / "mrt_roadmap").glob("*.py") if p.stem != "__init__"
    )
    missing = [m for m in modules if f"{m}.py" not in text]
    assert not missing, f"docs/architecture.md does not mention {missing}"

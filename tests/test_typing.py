"""The typed surface: ``mypy --strict`` accepts an embedding written with top-level names only,
and rejects misspelt names (the lazy module ``__getattr__`` is hidden from type checkers)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

mypy_api = pytest.importorskip("mypy.api")

HERE = Path(__file__).resolve().parent / "typing"


def mypy(tmp_path: Path, *files: Path) -> tuple[str, int]:
    out, err, status = mypy_api.run(
        ["--strict", "--no-error-summary", f"--cache-dir={tmp_path / 'cache'}", *map(str, files)]
    )
    return out + err, status


def test_an_embedding_with_top_level_names_passes_mypy_strict(tmp_path):
    source = (HERE / "embed_ok.py").read_text(encoding="utf-8")
    assert "type: ignore" not in source
    assert not re.search(r"^\s*from mrt_roadmap\.", source, re.MULTILINE)
    output, status = mypy(tmp_path, HERE / "embed_ok.py")
    assert status == 0, output


def test_misspelt_names_fail_mypy_strict(tmp_path):
    output, status = mypy(tmp_path, HERE / "embed_misspelt.py")
    assert status == 1
    lines = sorted(re.findall(r"embed_misspelt\.py:(\d+): error: (.*)", output))
    assert [(n, m.split(";")[0].split("  [")[0]) for n, m in lines] == [
        ("7", 'Module has no attribute "Plannr"'),
        ("8", 'Module has no attribute "Milestones"'),
        ("9", 'Module has no attribute "validate_profile"'),
    ]

"""Plugins import mrt-roadmap only through its public doors.

Plugin source (``plugins/*/src``, the built-ins, the template and its variants, the code samples
of docs/plugin-authors.md) imports ``from mrt_roadmap.plugin import ...`` only. Plugin tests may
also use the embedding API (``mrt_roadmap``) and the author kit (``mrt_roadmap.testing``).
"""

from __future__ import annotations

import ast
import re
import textwrap
from pathlib import Path

import pytest

import mrt_roadmap
import mrt_roadmap.plugin

ROOT = Path(__file__).resolve().parents[1]
GUIDE = ROOT / "docs" / "plugin-authors.md"
TEMPLATE = ROOT / "examples" / "plugin-template"
SOURCE_ONLY = {"mrt_roadmap.plugin"}
TEST_MODULES = {"mrt_roadmap", "mrt_roadmap.plugin", "mrt_roadmap.testing"}
FENCE = re.compile(r"(?:<!-- from: (\S+) -->\n)?```python\n(.*?)```", re.DOTALL)


def plugin_files() -> list[Path]:
    """Every Python file of the plugins, the built-ins and the template."""
    found = [
        *ROOT.glob("plugins/*/src/**/*.py"),
        *ROOT.glob("plugins/*/tests/**/*.py"),
        *(ROOT / "src" / "mrt_roadmap" / "builtin").glob("*.py"),
        *TEMPLATE.rglob("*.py"),
    ]
    return sorted(p for p in found if "__pycache__" not in p.parts)


def is_test(path: str) -> bool:
    return "tests" in Path(path).parts


def violations(
    tree: ast.AST, where: str, line_offset: int = 0, test: bool | None = None
) -> list[str]:
    """``where:line: import`` for each import of mrt_roadmap outside the allowed doors (those of
    a test file if ``test``, by default if ``where`` is under a ``tests`` folder)."""
    test = is_test(where) if test is None else test
    out = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names = [a.name for a in node.names if a.name.split(".")[0] == "mrt_roadmap"]
            bad = [n for n in names if not test or n not in TEST_MODULES]
            text = f"import {', '.join(bad)}"
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            module = node.module
            if module.split(".")[0] != "mrt_roadmap":
                continue
            if test and module == "mrt_roadmap":
                public = {*mrt_roadmap.__all__, "plugin", "testing"}
                bad = [a.name for a in node.names if a.name not in public]
            elif module in (TEST_MODULES if test else SOURCE_ONLY):
                bad = []
            else:
                bad = [a.name for a in node.names]
            text = f"from {module} import {', '.join(bad)}"
        else:
            continue
        if bad:
            out.append(f"{where}:{node.lineno + line_offset}: {text}")
    return out


def guide_blocks() -> list[tuple[str, int, str]]:
    """``(label, first line, code)`` of each fenced Python block of the guide; an excerpt
    (``<!-- from: path -->``) is judged as the file it is copied from."""
    text = GUIDE.read_text(encoding="utf-8")
    out = []
    for m in FENCE.finditer(text):
        line = text.count("\n", 0, m.start(2))
        label = m.group(1) or "docs/plugin-authors.md"
        out.append((label, line, m.group(2)))
    return out


def test_there_are_files_to_check():
    files = {p.relative_to(ROOT).as_posix() for p in plugin_files()}
    assert "src/mrt_roadmap/builtin/ahima.py" in files
    assert "plugins/mrt-roadmap-ctr/src/mrt_roadmap_ctr/maintenance.py" in files
    assert "examples/plugin-template/tests/test_mrt_roadmap_example.py" in files
    assert any("variants/join-issuer" in f for f in files)
    assert len(guide_blocks()) >= 5


@pytest.mark.parametrize("path", plugin_files(), ids=lambda p: p.relative_to(ROOT).as_posix())
def test_plugin_file_imports_only_the_public_doors(path: Path):
    rel = path.relative_to(ROOT).as_posix()
    found = violations(ast.parse(path.read_text(encoding="utf-8"), rel), rel)
    assert not found, "import from mrt_roadmap.plugin instead:\n" + "\n".join(found)


def test_guide_code_imports_only_the_public_doors():
    found = []
    for label, line, code in guide_blocks():
        try:
            tree = ast.parse(textwrap.dedent(code))
        except SyntaxError:  # an excerpt of a file: judge its import lines alone
            lines = [s for s in code.splitlines() if s.strip().startswith(("from ", "import "))]
            tree = ast.parse(textwrap.dedent("\n".join(lines)))
        found += violations(tree, "docs/plugin-authors.md", line, test=is_test(label))
    assert not found, "docs/plugin-authors.md: import from mrt_roadmap.plugin:\n" + "\n".join(found)


@pytest.mark.parametrize(
    ("code", "where", "bad"),
    [
        ("from mrt_roadmap.plugin import Milestone", "plugins/x/src/m.py", False),
        ("from mrt_roadmap import hookimpl", "plugins/x/src/m.py", True),
        ("from mrt_roadmap.roadmap import Milestone", "plugins/x/src/m.py", True),
        ("import mrt_roadmap.plugin", "plugins/x/src/m.py", True),
        ("if TYPE_CHECKING:\n    from mrt_roadmap.state import Holding", "src/b.py", True),
        ("from mrt_roadmap_ccs import DATA", "plugins/x/src/m.py", False),
        ("from mrt_roadmap import Planner, profile_from_dict", "plugins/x/tests/t.py", False),
        ("from mrt_roadmap.testing import run_cli", "plugins/x/tests/t.py", False),
        ("import mrt_roadmap", "plugins/x/tests/t.py", False),
        ("from mrt_roadmap import cli", "plugins/x/tests/t.py", True),
        ("from mrt_roadmap.cli import cli", "plugins/x/tests/t.py", True),
        ("def f():\n    from mrt_roadmap.planner import Planner", "plugins/x/tests/t.py", True),
    ],
)
def test_the_rule_itself(code, where, bad):
    found = violations(ast.parse(code), where)
    assert bool(found) is bad, found
    if bad:
        assert found[0].startswith(f"{where}:{code.count(chr(10)) + 1}: ")


def test_every_public_name_exists_and_is_in_the_guide_reference():
    names = mrt_roadmap.plugin.__all__
    missing = [n for n in names if not hasattr(mrt_roadmap.plugin, n)]
    assert not missing, f"mrt_roadmap.plugin.__all__ names {missing}, which do not exist"
    text = GUIDE.read_text(encoding="utf-8")
    start = text.index("## The `mrt_roadmap.plugin` namespace")
    end = text.index("\n## ", start + 1)
    listed = re.findall(r"^- `(\w+)`: \S", text[start:end], re.MULTILINE)
    assert sorted(set(names) - set(listed)) == [], "docs/plugin-authors.md: document these"
    assert sorted(set(listed) - set(names)) == [], "docs/plugin-authors.md lists names not exported"
    assert len(listed) == len(set(listed))

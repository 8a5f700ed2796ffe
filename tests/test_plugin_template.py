"""The plugin template (examples/plugin-template) and its generate.py: renaming, a generated
plugin that imports, honours the contract and plans the expected dates, and refusals.

No pip install here: ``./dev test`` installs a generated copy and runs its own tests."""

from __future__ import annotations

import datetime as dt
import importlib
import importlib.util
import re
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

from mrt_roadmap.profile import profile_from_dict
from mrt_roadmap.testing import assert_plugin_contract, ce_cycle, check_plugin, make_planner

ROOT = Path(__file__).resolve().parents[1]
TEMPLATE = ROOT / "examples" / "plugin-template"
SCRIPT = TEMPLATE / "generate.py"
PLACEHOLDERS = re.compile(r"mrt-roadmap-example|mrt_roadmap_example|EXMPL|\bexample\b")


def _load_generator() -> ModuleType:
    spec = importlib.util.spec_from_file_location("mrt_plugin_template_generate", SCRIPT)
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


gen = _load_generator()


def files_of(folder: Path) -> dict[str, str]:
    """Relative path -> text of every file under ``folder``."""
    return {
        p.relative_to(folder).as_posix(): p.read_text(encoding="utf-8")
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("gen") / "mrt-roadmap-tplcheck"
    assert gen.main(["--name", "tplcheck", "--out", str(out)]) == 0
    return out


def _import_generated(folder: Path, module: str) -> Iterator[ModuleType]:
    with pytest.MonkeyPatch.context() as mp:
        mp.syspath_prepend(str(folder / "src"))
        try:
            yield importlib.import_module(module)
        finally:
            for name in [n for n in sys.modules if n == module or n.startswith(f"{module}.")]:
                del sys.modules[name]


@pytest.fixture(scope="module")
def plugin(generated: Path) -> Iterator[ModuleType]:
    yield from _import_generated(generated, "mrt_roadmap_tplcheck")


def profile(credential: str) -> Any:
    return profile_from_dict(
        {
            "id": "template-check",
            "as_of": "2026-11-26",
            "education": [{"level": "high_school", "status": "completed", "end": "2015-06-12"}],
            "experience": [{"area": "him", "months": 24, "hours_per_week": 40, "current": True}],
            "availability": {"study_hours_per_week": 10},
            "goals": {"credentials": [credential], "horizon_years": 3},
        }
    )


def test_generated_layout_and_names(generated: Path) -> None:
    files = files_of(generated)
    assert sorted(files) == [
        "README.md",
        "pyproject.toml",
        "src/mrt_roadmap_tplcheck/__init__.py",
        "src/mrt_roadmap_tplcheck/data.json",
        "src/mrt_roadmap_tplcheck/py.typed",
        "tests/test_mrt_roadmap_tplcheck.py",
    ]
    pyproject = files["pyproject.toml"]
    assert 'name = "mrt-roadmap-tplcheck"' in pyproject
    assert '[project.entry-points.mrt_roadmap]\ntplcheck = "mrt_roadmap_tplcheck"' in pyproject
    assert 'packages = ["src/mrt_roadmap_tplcheck"]' in pyproject
    assert 'dependencies = ["mrt-roadmap>=0.1,<0.2"]' in pyproject
    assert 'filterwarnings = ["error"]' in pyproject
    assert '"id": "TPLCHECK"' in files["src/mrt_roadmap_tplcheck/data.json"]
    assert files["README.md"].startswith("# mrt-roadmap-tplcheck\n")
    assert "template-only" not in files["README.md"]


def test_no_placeholder_is_left(generated: Path) -> None:
    for rel, text in files_of(generated).items():
        assert not PLACEHOLDERS.search(rel), rel
        assert not PLACEHOLDERS.findall(text), f"{rel}: {sorted(set(PLACEHOLDERS.findall(text)))}"
    # the made-up issuer keeps its name: it is prose, not the placeholder
    assert "Example Credentialing Body" in files_of(generated)["src/mrt_roadmap_tplcheck/data.json"]


def test_generated_module_imports_and_honours_the_contract(plugin: ModuleType) -> None:
    assert plugin.__name__ == "mrt_roadmap_tplcheck"
    assert (plugin.PLUGIN, plugin.CREDENTIAL_ID, plugin.MRT_ROADMAP_API) == (
        "tplcheck",
        "TPLCHECK",
        2,
    )
    assert_plugin_contract(plugin)


def test_generated_plugin_plans_the_expected_exam_date(plugin: ModuleType) -> None:
    roadmap = make_planner(plugin).plan(profile("TPLCHECK"))
    (goal,) = roadmap.goals
    assert (goal.route, goal.reached_on) == ("him_experience", dt.date(2027, 1, 4))
    # eligible 2026-11-26 (Thu) + 5 business days = 2026-12-03; the next quarterly testing day
    # skips Friday 2027-01-01 (New Year's Day): Monday 2027-01-04
    exam = roadmap.milestone("exam.TPLCHECK")
    assert exam.end == dt.date(2027, 1, 4)
    assert exam.details["eligible_from"] == "2026-12-03"
    renewals = [m for m in roadmap.by_kind("renewal") if m.credential == "TPLCHECK"]
    assert [(m.id, m.plugin) for m in renewals] == [
        (f"tplcheck.renewal.TPLCHECK.{day}", "mrt_roadmap_tplcheck")
        for day in ("2028-01-03", "2029-01-03", "2030-01-03")
    ]


def test_hyphenated_name(tmp_path: Path) -> None:
    out = tmp_path / "mrt-roadmap-ncra-ods"
    assert gen.main(["--name", "ncra-ods", "--out", str(out)]) == 0
    pyproject = (out / "pyproject.toml").read_text(encoding="utf-8")
    assert 'ncra-ods = "mrt_roadmap_ncra_ods"' in pyproject
    for module in _import_generated(out, "mrt_roadmap_ncra_ods"):
        assert module.PLUGIN == "ncra-ods"
        catalog = make_planner(module).catalog
        assert catalog.resolve_credential("NCRA-ODS-T") == "NCRA-ODS"
        roadmap = make_planner(module).plan(profile("NCRA-ODS"))
        renewals = [m.id for m in roadmap.by_kind("renewal") if m.credential == "NCRA-ODS"]
        assert renewals
        assert all(i.startswith("ncra_ods.renewal.NCRA-ODS.") for i in renewals), renewals


def test_script_runs_as_dev_runs_it(tmp_path: Path) -> None:
    out = tmp_path / "mrt-roadmap-acme"
    result = subprocess.run(
        [sys.executable, str(SCRIPT), "--name", "acme", "--out", str(out)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert "mrt_roadmap_acme" in result.stdout
    assert (out / "src" / "mrt_roadmap_acme" / "__init__.py").is_file()


@pytest.mark.parametrize(
    "name",
    [
        "",
        "Acme",
        "1acme",
        "ac_me",
        "ac me",
        "acme-",
        "-acme",
        "ac--me",
        "acmé",
        "a" * 41,
        "mrt-roadmap-acme",
        "ahima",
        "education",
        "example",
        "my-example-body",
    ],
)
def test_refuses_bad_names(name: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "plugin"
    assert gen.main([f"--name={name}", "--out", str(out)]) == 2
    assert "error" in capsys.readouterr().err
    assert not out.exists()
    assert list(tmp_path.iterdir()) == []


def test_refuses_an_existing_folder(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "mrt-roadmap-acme"
    out.mkdir()
    (out / "mine.txt").write_text("keep me", encoding="utf-8")
    assert gen.main(["--name", "acme", "--out", str(out)]) == 2
    assert "already exists" in capsys.readouterr().err
    assert files_of(out) == {"mine.txt": "keep me"}
    empty = tmp_path / "empty"
    empty.mkdir()
    assert gen.main(["--name", "acme", "--out", str(empty)]) == 2
    assert list(empty.iterdir()) == []


def test_skips_caches_builds_and_the_script(tmp_path: Path) -> None:
    template = tmp_path / "template"
    shutil.copytree(TEMPLATE, template)
    for junk in (
        "src/mrt_roadmap_example/__pycache__/x.cpython-311.pyc",
        "src/mrt_roadmap_example.egg-info/PKG-INFO",
        ".pytest_cache/README.md",
        "build/lib/x.py",
    ):
        (template / junk).parent.mkdir(parents=True, exist_ok=True)
        (template / junk).write_text("junk", encoding="utf-8")
    out = tmp_path / "out"
    gen.generate("acme", out, template=template)
    assert sorted(files_of(out)) == [
        "README.md",
        "pyproject.toml",
        "src/mrt_roadmap_acme/__init__.py",
        "src/mrt_roadmap_acme/data.json",
        "src/mrt_roadmap_acme/py.typed",
        "tests/test_mrt_roadmap_acme.py",
    ]


# -- the join-issuer variant: an AHIMA credential in AHIMA's combined CE totals ----
@pytest.fixture(scope="module")
def generated_join(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("gen") / "mrt-roadmap-tpljoin"
    assert gen.main(["--name", "tpljoin", "--variant", "join-issuer", "--out", str(out)]) == 0
    return out


@pytest.fixture(scope="module")
def join_plugin(generated_join: Path) -> Iterator[ModuleType]:
    yield from _import_generated(generated_join, "mrt_roadmap_tpljoin")


def test_join_variant_layout_and_names(generated_join: Path) -> None:
    files = files_of(generated_join)
    assert sorted(files) == [
        "README.md",
        "pyproject.toml",
        "src/mrt_roadmap_tpljoin/__init__.py",
        "src/mrt_roadmap_tpljoin/data.json",
        "src/mrt_roadmap_tpljoin/py.typed",
        "tests/test_mrt_roadmap_tpljoin.py",
    ]
    base = (TEMPLATE / "pyproject.toml").read_text(encoding="utf-8")
    assert files["pyproject.toml"] == gen.rename(base, "tpljoin")  # shared with the default
    assert "variant `join-issuer`" in files["README.md"]
    assert '"scheme": "AHIMA"' in files["src/mrt_roadmap_tpljoin/data.json"]
    for rel, text in files.items():
        assert not PLACEHOLDERS.findall(text), rel
    assert "def mrt_roadmap_maintenance" not in files["src/mrt_roadmap_tpljoin/__init__.py"]


def test_join_variant_registers_only_and_joins_ahima_totals(join_plugin: ModuleType) -> None:
    assert_plugin_contract(join_plugin)
    hooks = {n for n in dir(join_plugin) if n.startswith("mrt_roadmap_")}
    assert hooks == {"mrt_roadmap_register"}
    learner = {
        "id": "join-check",
        "as_of": "2026-11-26",
        "education": [{"level": "associate", "status": "completed", "end": "2020-05-15"}],
        "credentials": [{"id": "RHIT", "earned": "2020-07-01"}],
        "experience": [{"area": "health_data", "months": 6, "hours_per_week": 40, "current": True}],
        "availability": {"study_hours_per_week": 10},
        "goals": {"credentials": ["TPLJOIN"], "horizon_years": 5},
    }
    roadmap = check_plugin(join_plugin, profiles=[learner])["join-check"]
    assert roadmap.goals[0].reached_on == dt.date(2027, 6, 3)
    joined = ce_cycle(roadmap, "AHIMA", "2028-07-01")
    assert (list(joined.details["credentials"]), joined.details["ce_required"]) == (
        ["RHIT", "TPLJOIN"],
        30,
    )


def test_unknown_variant_is_refused(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(gen.UsageError, match="unknown variant 'old'"):
        gen.generate("acme", tmp_path / "out", variant="old")
    with pytest.raises(SystemExit) as exit_info:
        gen.main(["--name", "acme", "--variant", "old", "--out", str(tmp_path / "out")])
    assert exit_info.value.code == 2
    assert "invalid choice" in capsys.readouterr().err
    assert list(tmp_path.iterdir()) == []


def test_every_variant_has_an_overlay_folder() -> None:
    folders = {p.name for p in (TEMPLATE / gen.VARIANTS_DIR).iterdir() if p.is_dir()}
    assert folders == set(gen.VARIANTS) - {gen.DEFAULT_VARIANT}


# -- docs/plugin-authors.md stays true to the template and the code ----
GUIDE = ROOT / "docs" / "plugin-authors.md"
EXCERPT = re.compile(r"<!-- from: (\S+) -->\n```\w*\n(.*?)\n```", re.DOTALL)


def test_guide_excerpts_are_copied_from_the_template() -> None:
    excerpts = EXCERPT.findall(GUIDE.read_text(encoding="utf-8"))
    assert len(excerpts) >= 8
    for path, block in excerpts:
        source = (ROOT / path).read_text(encoding="utf-8")
        assert block in source, f"docs/plugin-authors.md: excerpt no longer in {path}:\n{block}"


def test_guide_names_every_hook_and_the_loading_switches() -> None:
    from mrt_roadmap import pluginmanager
    from mrt_roadmap.hookspecs import RoadmapSpecs
    from mrt_roadmap.markers import ENTRY_POINT_GROUP, PLUGIN_API_VERSION

    text = GUIDE.read_text(encoding="utf-8")
    hooks = [n for n in dir(RoadmapSpecs) if n.startswith("mrt_roadmap_")]
    missing = [h for h in hooks if f"`{h}(" not in text]
    assert not missing, missing
    for name in (pluginmanager.ENV_BLOCK, pluginmanager.ENV_ALLOW, pluginmanager.ENV_STRICT):
        assert name in text
    assert f"[project.entry-points.{ENTRY_POINT_GROUP}]" in text
    assert f"MRT_ROADMAP_API = {PLUGIN_API_VERSION}" in text
    for builtin in pluginmanager.BUILTIN_PLUGINS:
        assert f"`{builtin}`" in text
        assert builtin in gen.RESERVED

"""examples/embed.py runs, as a module and as a script, and prints what it promises."""

from __future__ import annotations

import contextlib
import importlib.util
import io
import json
import re
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from types import ModuleType

import pytest

import mrt_roadmap
from mrt_roadmap import Planner, ProfileError, load_profile
from mrt_roadmap.schemas import validate

ROOT = Path(__file__).resolve().parents[1]
SCRIPT = ROOT / "examples" / "embed.py"
P5 = "p5-working-rhit-to-rhia"


@pytest.fixture(scope="module")
def embed() -> ModuleType:
    spec = importlib.util.spec_from_file_location("embed_example", SCRIPT)
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def run(embed: ModuleType, tmp_path_factory: pytest.TempPathFactory) -> tuple[list[str], Path]:
    out = tmp_path_factory.mktemp("embed")
    buffer = io.StringIO()
    with contextlib.redirect_stdout(buffer):
        assert embed.main([str(out)]) == 0
    return buffer.getvalue().splitlines(), out


def test_it_plans_every_bundled_profile_with_one_planner(run, embed):
    lines, _ = run
    assert lines[0].startswith("plugins: mrt-roadmap.education, mrt-roadmap.ahima")
    names = list(embed.bundled_profiles())
    assert "demo-new-learner" in names
    assert P5 in names
    planned = [line for line in lines if line.startswith("planned ") and "typed-1" not in line]
    invalid = [
        line
        for line in lines
        if line.startswith("invalid ") and not line.startswith("invalid bad-example")
    ]
    assert len(planned) + len(invalid) == len(names)
    # Built-in plugins only: these dates are the persona tests' hand-checked dates.
    assert (
        "planned demo-new-learner: RHIT 2029-05-04, him_supervisor 2029-11-22; 13 milestones; "
        "known cost $8,869; warnings: cost-unknown, job-search-time, unverified-rule"
    ) in lines
    assert any(
        line.startswith(f"planned {P5}: RHIA 2031-12-12, him_supervisor 2026-11-26;")
        for line in lines
    )
    assert any(
        line.startswith("planned p3-single-parent-rhit: RHIT not within the horizon;")
        and "goal-beyond-horizon" in line
        for line in lines
    )


def test_a_form_gets_every_problem_at_once_mapped_to_its_fields(run):
    lines, _ = run
    start = lines.index("form: 3 problem(s)")
    assert lines[start + 1 : start + 4] == [
        "  [hours] range: This number should be at most 80.",
        "  [goals] unknown-credential: 'RHIX' is not a credential we know.",
        "  [goals] unknown-key: This field is not part of a profile; did you mean 'horizon_years'?",
    ]


def test_a_typed_profile_is_checked_and_planned(run, embed):
    lines, _ = run
    assert "typed profile: 0 problem(s)" in lines
    assert any(line.startswith("planned typed-1: RHIT 2030-05-04;") for line in lines)
    as_json = mrt_roadmap.profile_to_dict(embed.typed_profile())
    assert mrt_roadmap.export(mrt_roadmap.plan(as_json)) == mrt_roadmap.export(
        mrt_roadmap.plan(embed.typed_profile())
    )


def test_it_prints_each_problem_of_a_bad_profile_by_json_path(run):
    lines, _ = run
    start = lines.index("invalid bad-example: 3 problem(s)")
    problems = lines[start + 1 : start + 4]  # sorted by path
    assert problems[0] == (
        "  $.credentials[0].earned: 2027-06-01 is after as_of 2026-11-26: "
        "a held credential was earned already"
    )
    assert problems[1].startswith("  $.experience[0].area: unknown experience area 'billing'")
    assert problems[2].startswith("  $.goals.credentials[0]: unknown credential 'CDIP'")


def test_it_exports_schema_valid_json_and_an_html_fragment(run):
    lines, out = run
    data = json.loads((out / f"{P5}.json").read_text(encoding="utf-8"))
    assert data["profile_id"] == P5
    assert validate("roadmap", data) == []
    assert (
        f"exported {P5}.json ({len((out / f'{P5}.json').read_text()):,} characters, schema problems: 0)"
        in lines
    )
    # The same profile planned again gives the same bytes.
    again = mrt_roadmap.export(mrt_roadmap.plan(ROOT / "examples" / "profiles" / f"{P5}.json"))
    assert (out / f"{P5}.json").read_text(encoding="utf-8") == again
    fragment = (out / f"{P5}.html").read_text(encoding="utf-8")
    assert fragment.startswith('<section class="mrt-roadmap"')
    assert f'data-profile="{P5}"' in fragment
    assert "<script" not in fragment
    assert "<html" not in fragment
    assert fragment.count("<h3 ") == 1  # heading_level=3: under the host page's own h2
    calendar = (out / f"{P5}.ics").read_text(encoding="utf-8")
    assert calendar.startswith("BEGIN:VCALENDAR")
    assert "BEGIN:VTODO" not in calendar  # deadlines are events by default
    assert f"exported {P5}.ics (text/calendar; charset=utf-8)" in lines
    assert f"output folder: {out}" in lines


def test_the_batch_reports_each_bad_item_and_goes_on(run):
    lines, _ = run
    batch = [line for line in lines if line.startswith("batch ")]
    items = [re.match(r"batch (\S+):", line).group(1) for line in batch[:-1]]  # type: ignore[union-attr]
    assert items[2] == "bad-example"
    assert items[5] == "not-json"
    assert batch[2].startswith(
        "batch bad-example: FAILED (3 problem(s); first $.credentials[0].earned"
    )
    assert batch[5].startswith("batch not-json: FAILED (1 problem(s); first $: not valid JSON")
    assert f"batch {P5}: ok (2/2 goals reached)" in batch
    assert "batch p3-single-parent-rhit: ok (0/1 goals reached)" in batch
    planned = sum(line.startswith("planned ") and "typed-1" not in line for line in lines)
    assert batch[-1] == f"batch done: {planned} planned, {len(items) - planned} failed"
    assert len(items) - planned >= 2


def test_a_shared_planner_gives_the_same_roadmaps_on_threads(embed):
    planner = Planner()
    items = list(embed.bundled_profiles().items()) * 3
    alone = {
        name: mrt_roadmap.export(result)
        for name, result in (embed.plan_item(Planner(), n, d) for n, d in items[: len(items) // 3])
        if not isinstance(result, ProfileError)
    }
    with ThreadPoolExecutor(max_workers=8) as pool:
        threaded = list(pool.map(lambda item: embed.plan_item(planner, *item), items))
    for name, result in threaded:
        if isinstance(result, ProfileError):
            assert name not in alone
        else:
            assert mrt_roadmap.export(result) == alone[name]


def test_plan_item_keeps_the_problems(embed):
    name, result = embed.plan_item(Planner(), "x", embed.BAD_PROFILE)
    assert name == "x"
    assert isinstance(result, ProfileError)
    assert [p.path for p in result.problems] == [
        "$.credentials[0].earned",
        "$.experience[0].area",
        "$.goals.credentials[0]",
    ]
    with pytest.raises(ProfileError):
        load_profile(embed.BAD_PROFILE | {"colour": "red"})


def test_it_runs_as_a_script(tmp_path):
    done = subprocess.run(
        [sys.executable, str(SCRIPT), str(tmp_path / "out")],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert "batch done:" in done.stdout.splitlines()[-1]
    assert (tmp_path / "out" / f"{P5}.json").is_file()
    assert (tmp_path / "out" / f"{P5}.html").is_file()

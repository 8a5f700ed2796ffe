"""The command line: exit codes, no tracebacks, nothing written on failure."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from example_files import BUILTIN_PROFILES, EXAMPLES

from mrt_roadmap.schemas import fast_validator, validate


def write_profile(folder: Path, **fields: object) -> Path:
    """A small profile file (id x, as of 2026-11-26, 5 study hours a week) plus ``fields``."""
    data = {"id": "x", "as_of": "2026-11-26", "availability": {"study_hours_per_week": 5}, **fields}
    path = folder / "p.json"
    path.write_text(json.dumps(data))
    return path


def test_demo_needs_no_arguments(run):
    result = run("demo")
    assert result.exit_code == 0
    assert "Roadmap for Demo" in result.output
    assert "Sit the RHIT exam" in result.output
    assert "2029-01-19" in result.output


def test_demo_lists_bundled_profiles(run):
    result = run("demo", "--list")
    assert result.exit_code == 0
    assert "p3-single-parent-rhit" in result.output.split()


@pytest.mark.parametrize("name", BUILTIN_PROFILES)
def test_plan_json_validates_and_is_identical_run_to_run(run, name):
    first = run("plan", str(EXAMPLES / f"{name}.json"), "--format", "json")
    second = run("plan", str(EXAMPLES / f"{name}.json"), "--format", "json")
    assert first.exit_code == 0
    assert first.output == second.output
    data = json.loads(first.output)
    assert validate("roadmap", data) == []
    assert data["profile_id"] == name


def test_plan_writes_a_file_atomically(run, tmp_path):
    out = tmp_path / "r.json"
    result = run("plan", str(EXAMPLES / "demo-new-learner.json"), "-f", "json", "-o", str(out))
    assert result.exit_code == 0
    assert json.loads(out.read_text())["profile_id"] == "demo-new-learner"
    assert list(tmp_path.iterdir()) == [out]


def test_bad_profile_exits_2_lists_paths_and_writes_nothing(run, tmp_path):
    bad = tmp_path / "bad.json"
    bad.write_text(
        json.dumps({"id": "x", "availability": {"study_hours_per_week": 0}, "goals": {"roles": 3}})
    )
    out = tmp_path / "out.json"
    result = run("plan", str(bad), "-o", str(out))
    assert result.exit_code == 2
    assert "$.availability.study_hours_per_week" in result.output
    assert "$.goals.roles" in result.output
    assert "Traceback" not in result.output
    assert not out.exists()
    assert [p.name for p in tmp_path.iterdir()] == ["bad.json"]


def test_unknown_goal_names_the_plugin_to_install(run, tmp_path):
    p = write_profile(tmp_path, goals={"credentials": ["CTR"]})
    result = run("plan", str(p))
    assert result.exit_code == 2
    assert "$.goals.credentials[0]" in result.output
    assert "mrt-roadmap-ctr" in result.output


@pytest.mark.parametrize(
    ("content", "expected"),
    [("{", "not valid JSON"), ("[]", "is not of type 'object'"), ('{"id": 1}', "$.id")],
)
def test_garbage_input_never_gives_a_traceback(run, tmp_path, content, expected):
    p = tmp_path / "p.json"
    p.write_text(content)
    result = run("plan", str(p))
    assert result.exit_code == 2
    assert expected in result.output
    assert "Traceback" not in result.output


def test_missing_file_and_bad_options(run, tmp_path):
    assert run("plan", str(tmp_path / "nope.json")).exit_code == 2
    assert (
        run("plan", str(EXAMPLES / "demo-new-learner.json"), "--as-of", "2026-13-01").exit_code == 2
    )
    result = run("plan", str(EXAMPLES / "demo-new-learner.json"), "--format", "pdf")
    assert result.exit_code == 2
    assert "unknown format 'pdf'" in result.output


def test_profile_from_standard_input(run):
    text = (EXAMPLES / "demo-new-learner.json").read_text()
    result = run("plan", "-", "-f", "json", input=text)
    assert result.exit_code == 0
    assert json.loads(result.output)["profile_id"] == "demo-new-learner"
    assert run("plan", "-", input="{oops").exit_code == 2


def test_as_of_and_horizon_options(run):
    result = run(
        "plan",
        str(EXAMPLES / "demo-new-learner.json"),
        "-f",
        "json",
        "--as-of",
        "2027-06-01",
        "--horizon-years",
        "2",
    )
    data = json.loads(result.output)
    assert data["as_of"] == "2027-06-01"
    assert data["horizon"] == "2029-06-01"


def test_validate(run, tmp_path):
    assert run("validate", str(EXAMPLES / "p5-working-rhit-to-rhia.json")).output.endswith(
        ": valid\n"
    )
    p = tmp_path / "p.json"
    p.write_text(
        json.dumps(
            {
                "id": "x",
                "as_of": "2026-11-26",
                "availability": {"study_hours_per_week": 5},
                "experience": [{"area": "juggling"}],
            }
        )
    )
    result = run("validate", str(p))
    assert result.exit_code == 2
    assert "$.experience[0].area" in result.output


def test_explain(run):
    result = run("explain", str(EXAMPLES / "p5-working-rhit-to-rhia.json"), "rhia")
    assert result.exit_code == 0
    assert "not yet eligible" in result.output
    assert "route cahiim_bachelor" in result.output
    assert "2031-12-12" in result.output
    as_json = json.loads(
        run("explain", str(EXAMPLES / "p5-working-rhit-to-rhia.json"), "RHIT", "--json").output
    )
    assert as_json["held"] is True
    assert run("explain", str(EXAMPLES / "p5-working-rhit-to-rhia.json"), "XYZ").exit_code == 2


def test_plugins_and_credentials_and_schema(run):
    listing = run("plugins")
    assert "mrt-roadmap.ahima" in listing.output
    assert "credential: RHIA, RHIT" in listing.output
    data = json.loads(run("plugins", "--json").output)
    assert {p["name"] for p in data["plugins"]} >= {"mrt-roadmap.education", "mrt-roadmap.careers"}
    assert data["failed"] == []
    creds = run("credentials").output
    assert "RHIT" in creds
    assert "AHIMA" in creds
    assert "https://" in creds
    assert "RRA" in creds
    assert "him_supervisor" in run("credentials", "--roles").output
    assert "bs_him_completion" in run("credentials", "--programs").output
    schema = json.loads(run("schema", "roadmap").output)
    assert schema["$id"].endswith("roadmap.schema.json")
    assert run("schema", "nope").exit_code == 2


def test_strict_mode_exits_3_on_a_broken_plugin(run, monkeypatch):
    class FakeEP:
        name, value = "broken", "broken_mod"
        dist_name, version = "mrt-roadmap-broken", "0.0.1"

        def load(self):
            raise ImportError("kaput")

    monkeypatch.delenv("MRT_ROADMAP_LOAD_PLUGINS")
    monkeypatch.setattr("mrt_roadmap.entrypoints.find", lambda group: [FakeEP()])
    tolerant = run("plugins")
    assert tolerant.exit_code == 0
    assert "FAILED mrt-roadmap-broken 0.0.1 at import: ImportError: kaput" in tolerant.output
    assert run("demo").exit_code == 0
    strict = run("--strict", "demo")
    assert strict.exit_code == 3
    assert "kaput" in strict.output
    assert "Traceback" not in strict.output


def test_errors_name_the_input(run, tmp_path):
    p = write_profile(tmp_path, goals={"roles": ["astronaut"]})
    result = run("plan", str(p))
    assert result.exit_code == 2
    assert f"profile {p} is invalid" in result.output
    assert "profile (standard input) is invalid" in run("plan", "-", input=p.read_text()).output


def test_validate_accepts_as_of_for_profiles_without_one(run, tmp_path):
    p = tmp_path / "p.json"
    p.write_text(json.dumps({"id": "x", "availability": {"study_hours_per_week": 5}}))
    assert run("validate", str(p)).exit_code == 2
    assert run("validate", str(p), "--as-of", "2026-11-26").exit_code == 0


def test_the_script_tunes_the_collector_for_a_short_process_and_exits_as_click_says():
    import subprocess
    import sys

    code = (
        "import gc, sys\n"
        "from mrt_roadmap.cli import main, GC_THRESHOLDS\n"
        "sys.argv = ['mrt-roadmap', *sys.argv[1:]]\n"
        "try:\n"
        "    main()\n"
        "finally:\n"
        "    print(gc.get_threshold() == GC_THRESHOLDS, gc.get_freeze_count() > 0, file=sys.stderr)\n"
    )
    ok = subprocess.run(
        [sys.executable, "-c", code, "schema", "profile"], capture_output=True, text=True
    )
    assert ok.returncode == 0
    assert json.loads(ok.stdout)["$id"].endswith("profile.schema.json")
    assert ok.stderr.split() == ["True", "True"]
    bad = subprocess.run(
        [sys.executable, "-c", code, "schema", "nope"], capture_output=True, text=True
    )
    assert bad.returncode == 2
    assert "Traceback" not in bad.stderr


@pytest.mark.skipif(fast_validator("profile") is None, reason="needs the compiled validator")
def test_planning_a_valid_profile_never_imports_jsonschema(tmp_path):
    """A cold start pays only for what it uses: jsonschema (the reference that explains what is
    wrong, by path) is imported when the compiled validator rejects something, not before."""
    example = str(EXAMPLES / "p5-working-rhit-to-rhia.json")
    code = (
        "import sys\n"
        "from mrt_roadmap.cli import main\n"
        f"sys.argv = ['mrt-roadmap', 'plan', {example!r}, '-f', 'json', '-o', {str(tmp_path / 'r.json')!r}]\n"
        "try:\n"
        "    main()\n"
        "except SystemExit as done:\n"
        "    assert done.code in (0, None), done.code\n"
        "print(sorted(m for m in ('jsonschema', 'referencing') if m in sys.modules))\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=120
    )
    assert out.stdout.strip().splitlines()[-1] == "[]"
    assert json.loads((tmp_path / "r.json").read_text("utf-8"))["profile_id"]

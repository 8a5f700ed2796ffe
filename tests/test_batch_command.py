"""`mrt-roadmap batch`: a cohort from JSON Lines, in order, on worker processes, every result the
same as planning the profile alone; a cohort summary under its schema."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

import mrt_roadmap
from mrt_roadmap.cli import cli
from mrt_roadmap.cohort_summary import summarize, to_markdown
from mrt_roadmap.schemas import validate
from mrt_roadmap.testing import example_profile

EXAMPLES = sorted(
    p.stem for p in (Path(__file__).resolve().parents[1] / "examples" / "profiles").glob("*.json")
)


def cohort(size: int) -> list[dict[str, Any]]:
    """``size`` distinct profiles: the examples with other study hours and ids."""
    out = []
    bases = [example_profile(name) for name in EXAMPLES]
    for i in range(size):
        data = copy.deepcopy(bases[i % len(bases)])
        data["id"] = f"{data['id']}-{i}"
        data["availability"]["study_hours_per_week"] = 6 + i % 30
        out.append(data)
    return out


def write_lines(path: Path, profiles: list[Any]) -> Path:
    path.write_text("".join(json.dumps(p) + "\n" for p in profiles), encoding="utf-8")
    return path


def test_two_thousand_profiles_on_two_workers_match_planning_each_alone(tmp_path):
    profiles = cohort(2000)
    profiles[10] = {
        "id": "bad-10",
        "name": "Private Name",
        "availability": {"study_hours_per_week": 100},
    }
    source = write_lines(tmp_path / "cohort.jsonl", profiles)
    out = tmp_path / "out.jsonl"
    summary = tmp_path / "summary.json"
    result = CliRunner().invoke(
        cli,
        [
            "batch",
            str(source),
            "-o",
            str(out),
            "--workers",
            "2",
            "--summary",
            str(summary),
            "--no-progress",
        ],
    )
    assert result.exit_code == 2, result.output  # one profile had problems; the rest planned
    lines = out.read_text(encoding="utf-8").splitlines()
    assert len(lines) == 2000
    planner = mrt_roadmap.Planner()
    for index, (line, profile) in enumerate(zip(lines, profiles, strict=True)):
        if index == 10:
            record = json.loads(line)
            assert record["profile_id"] == "bad-10"
            assert [p["code"] for p in record["problems"]] == ["range"]
            assert "Private Name" not in line
            continue
        alone = mrt_roadmap.export(planner.plan(profile), planner=planner)
        assert line == alone, f"line {index} differs from planning its profile alone"
    data = json.loads(summary.read_text(encoding="utf-8"))
    assert validate("cohort-summary", data) == []
    assert (data["profiles"], data["planned"], data["with_problems"]) == (2000, 1999, 1)
    assert "1,999 planned, 1 with problems" in result.output


def test_a_folder_or_standard_input_and_a_markdown_summary(tmp_path):
    folder = tmp_path / "profiles"
    folder.mkdir()
    for data in cohort(9):
        (folder / f"{data['id']}.json").write_text(json.dumps(data), encoding="utf-8")
    md = tmp_path / "summary.md"
    result = CliRunner().invoke(cli, ["batch", str(folder), "--summary", str(md)])
    assert result.exit_code == 0, result.output
    assert len([line for line in result.output.splitlines() if line.startswith("{")]) == 9
    report = md.read_text(encoding="utf-8")
    assert report.startswith("# Cohort summary")
    assert "reached by year" in report
    stdin = CliRunner().invoke(
        cli, ["batch", "-"], input="".join(json.dumps(p) + "\n" for p in cohort(3))
    )
    assert stdin.exit_code == 0
    assert [
        json.loads(line)["profile_id"] for line in stdin.output.splitlines() if line.startswith("{")
    ] == [p["id"] for p in cohort(3)]


def test_a_missing_input_or_unknown_format_exits_2_and_writes_nothing(tmp_path):
    out = tmp_path / "out.jsonl"
    missing = CliRunner().invoke(cli, ["batch", str(tmp_path / "nope.jsonl"), "-o", str(out)])
    assert missing.exit_code == 2
    assert "Traceback" not in missing.output
    source = write_lines(tmp_path / "c.jsonl", cohort(2))
    bad_format = CliRunner().invoke(cli, ["batch", str(source), "-f", "pdf", "-o", str(out)])
    assert bad_format.exit_code == 2
    assert not out.exists()
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []


def test_summarize_counts_reach_by_goal_with_quartiles_and_blocking_reasons():
    planner = mrt_roadmap.Planner()
    results = list(planner.plan_many(cohort(27)))
    summary = summarize(results)
    assert summary.profiles == summary.planned == 27
    goals = {(g.kind, g.target): g for g in summary.goals}
    rhit = goals[("credential", "RHIT")]
    assert rhit.profiles >= rhit.reached > 0
    assert rhit.quartile_1 <= rhit.median <= rhit.quartile_3
    assert sum(rhit.by_year.values()) == rhit.reached
    assert validate("cohort-summary", summary.to_dict()) == []
    assert to_markdown(summary).count("## ") >= len(summary.goals)


@pytest.mark.parametrize("fmt", ["text", "md"])
def test_other_formats_are_records_holding_the_text(tmp_path, fmt):
    source = write_lines(tmp_path / "c.jsonl", cohort(2))
    result = CliRunner().invoke(cli, ["batch", str(source), "-f", fmt])
    records = [json.loads(line) for line in result.output.splitlines() if line.startswith("{")]
    assert [r["format"] for r in records] == [fmt, fmt]
    assert all(r["text"] for r in records)


def test_count_items_gives_the_progress_bar_its_total(tmp_path):
    from mrt_roadmap.batch_lines import count_items, read_items

    lines = write_lines(tmp_path / "c.jsonl", cohort(5))
    lines.write_text(lines.read_text() + "\n  \n", encoding="utf-8")  # blank lines are skipped
    folder = tmp_path / "folder"
    folder.mkdir()
    for data in cohort(3):
        (folder / f"{data['id']}.json").write_text(json.dumps(data), encoding="utf-8")
    assert count_items(lines) == len(list(read_items(lines))) == 5
    assert count_items(folder) == len(list(read_items(folder))) == 3
    with lines.open("rb") as stream:
        assert count_items(stream) is None  # a stream is read once, by the batch


def test_a_forced_progress_bar_counts_to_the_total_on_standard_error(tmp_path):
    pytest.importorskip("tqdm")
    source = write_lines(tmp_path / "c.jsonl", cohort(4))
    result = CliRunner().invoke(
        cli, ["batch", str(source), "-o", str(tmp_path / "o.jsonl"), "--progress"]
    )
    assert result.exit_code == 0, result.output
    assert "4/4" in result.stderr
    assert "4 profiles: 4 planned" in result.stderr

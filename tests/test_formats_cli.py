"""Every example profile in every format, through the command line."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from example_files import BUILTIN_PROFILES, EXAMPLES, PLUGIN_PROFILES
from icalendar import Calendar

from mrt_roadmap.cli import cli
from mrt_roadmap.schemas import validate

FORMATS = ["md", "ics", "html", "html-fragment", "mermaid", "json", "text"]


def check(fmt: str, text: str, profile_id: str) -> None:
    """Concrete checks that the output is the format it claims to be."""
    assert text
    if fmt == "json":
        data = json.loads(text)
        assert validate("roadmap", data) == []
        assert data["profile_id"] == profile_id
    elif fmt == "ics":
        cal = Calendar.from_ical(text.encode("utf-8"))
        assert str(cal["VERSION"]) == "2.0"
        assert cal.walk("VEVENT") or cal.walk("VTODO")
    elif fmt == "html":
        assert text.startswith("<!DOCTYPE html>")
        assert 'role="img"' in text
        assert "<script" not in text
    elif fmt == "html-fragment":
        assert text.startswith('<section class="mrt-roadmap"')
    elif fmt == "md":
        assert text.startswith("# Career roadmap: ")
        assert "## Timeline" in text
    elif fmt == "mermaid":
        assert text.startswith("gantt\n    title Roadmap for ")
    elif fmt == "text":
        assert text.startswith("Roadmap for ")


def run_plan(profile: str, fmt: str, out: Path):
    return CliRunner().invoke(
        cli, ["plan", str(EXAMPLES / f"{profile}.json"), "--format", fmt, "-o", str(out)]
    )


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("profile", BUILTIN_PROFILES)
def test_every_builtin_profile_in_every_format(profile, fmt, tmp_path):
    out = tmp_path / f"roadmap.{fmt}"
    result = run_plan(profile, fmt, out)
    assert result.exit_code == 0, result.output
    text = out.read_text(encoding="utf-8")
    check(fmt, text, profile)
    again = tmp_path / "again"
    assert run_plan(profile, fmt, again).exit_code == 0
    assert again.read_bytes() == out.read_bytes(), "same profile, same bytes"


@pytest.mark.parametrize("profile", PLUGIN_PROFILES)
def test_profiles_that_need_plugins(profile, tmp_path):
    """These plan only with a credential plugin installed; without it they must fail cleanly."""
    result = run_plan(profile, "json", tmp_path / "probe.json")
    if result.exit_code == 2 and "unknown credential" in result.output:
        assert "install the plugin" in result.output
        pytest.skip(f"{profile} needs a credential plugin that is not installed")
    assert result.exit_code == 0, result.output
    for fmt in FORMATS:
        out = tmp_path / f"roadmap.{fmt}"
        result = run_plan(profile, fmt, out)
        assert result.exit_code == 0, result.output
        check(fmt, out.read_text(encoding="utf-8"), profile)


def test_formats_are_listed_and_unknown_format_fails(tmp_path):
    runner = CliRunner()
    listing = runner.invoke(cli, ["plugins", "--json"])
    assert listing.exit_code == 0
    rows = json.loads(listing.output)["plugins"]
    exporters = next(r for r in rows if r["name"] == "mrt-roadmap.exporters")
    assert set(exporters["provides"]["format"]) >= set(FORMATS)
    out = tmp_path / "x"
    bad = runner.invoke(
        cli, ["plan", str(EXAMPLES / "demo-new-learner.json"), "-f", "pdf", "-o", str(out)]
    )
    assert bad.exit_code == 2
    assert "unknown format 'pdf'" in bad.output
    assert not out.exists()


def test_demo_command_writes_html(tmp_path):
    out = tmp_path / "demo.html"
    result = CliRunner().invoke(cli, ["demo", "--format", "html", "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert "Career roadmap: Demo: new learner" in out.read_text(encoding="utf-8")

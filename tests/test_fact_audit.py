"""The fact audit: every sourced fact with host, age and verified flag; stale facts flagged."""

from __future__ import annotations

import datetime as dt
import json

from click.testing import CliRunner

import mrt_roadmap
from mrt_roadmap.cli import cli
from mrt_roadmap.fact_audit import FRESHNESS_YEARS, audit

ON = dt.date(2026, 11, 30)


def test_every_sourced_fact_is_listed_with_its_age_and_flags():
    planner = mrt_roadmap.Planner()
    entries = audit(planner.catalog, ON)
    facts = {e.fact: e for e in entries}
    assert len(entries) > 150
    ods_window = facts["ODS.exam"]
    assert ods_window.host == "www.ncra-usa.org"
    maintenance = facts["RHIT.maintenance"]
    assert (maintenance.as_of, maintenance.verified, maintenance.stale) == (
        dt.date(2019, 1, 1),
        True,
        True,
    )
    assert maintenance.age_years == 7.9
    assert facts["CCA"].stale is False  # 2024-01-01: under three years old
    retake = facts["RHIT.exam.retake_wait_days"]
    assert (retake.host, retake.verified) == ("ahima.org", False)
    assert {"mrt-roadmap.ahima", "mrt-roadmap-ctr", "mrt-roadmap.careers"} <= {
        e.owner for e in entries
    }
    assert all(e.stale == (e.as_of < ON.replace(year=ON.year - FRESHNESS_YEARS)) for e in entries)


def test_no_verified_fact_is_stale_without_a_note():
    """Keeping data fresh is routine: a verified fact older than the freshness limit says why
    its date still holds (or is re-read)."""
    entries = audit(mrt_roadmap.Planner().catalog, ON)
    assert [e.fact for e in entries if e.needs_note] == []


def test_the_cli_prints_the_audit_as_text_and_json():
    runner = CliRunner()
    text = runner.invoke(cli, ["credentials", "--audit", "--as-of", "2026-11-30"])
    assert text.exit_code == 0, text.output
    lines = text.output.splitlines()
    assert lines[0].startswith("Fact audit on 2026-11-30: ")
    assert any(line.startswith("RHIT.maintenance ") and "verified, STALE" in line for line in lines)
    assert "stale," in lines[-1]
    assert "source hosts: " in lines[-1]
    as_json = runner.invoke(cli, ["credentials", "--audit", "--as-of", "2026-11-30", "--json"])
    data = json.loads(as_json.output)
    assert {"fact", "owner", "source", "host", "as_of", "age_years", "verified", "stale"} <= set(
        data[0]
    )

"""The cohort summary's HTML report: self-contained, charts that match the numbers, escaped."""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from click.testing import CliRunner

from mrt_roadmap.cli import cli
from mrt_roadmap.cohort_summary import CohortSummary, GoalSummary

SVG = "{http://www.w3.org/2000/svg}"


def goal(**changes: object) -> GoalSummary:
    fields: dict[str, object] = {
        "kind": "credential",
        "target": "RHIT",
        "profiles": 8,
        "reached": 4,
        "first": "2027-05-01",
        "quartile_1": "2027-05-01",
        "median": "2027-06-01",
        "quartile_3": "2029-01-10",
        "last": "2029-01-10",
        "by_year": {"2027": 3, "2029": 1},
        "blocking": (("no program in the catalog meets: x", 4),),
    }
    fields.update(changes)
    return GoalSummary(**fields)  # type: ignore[arg-type]


def summary(*goals: GoalSummary, warnings=(("ahima.unverified", 5),)) -> CohortSummary:
    return CohortSummary(8, 7, 1, goals, 2003.0, 14021.0, 7, warnings, (("range", 1),))


def svgs(page: str) -> list[ET.Element]:
    return [ET.fromstring(m) for m in re.findall(r"<svg\b.*?</svg>", page, flags=re.S)]


def test_each_year_from_first_to_last_has_a_bar_and_a_share_of_those_aiming():
    page = summary(goal()).to_html()
    (chart,) = svgs(page)
    bars = chart.findall(f"{SVG}rect")
    assert [b.find(f"{SVG}title").text for b in bars] == ["2027: 3", "2028: 0", "2029: 1"]
    heights = [float(b.get("height")) for b in bars]
    assert heights[1] == 0
    assert heights[0] == pytest.approx(3 * heights[2], abs=0.2)  # bars scale with the counts
    points = chart.find(f"{SVG}polyline").get("points").split()
    share_y = [float(p.split(",")[1]) for p in points]
    assert share_y[0] == share_y[1] > share_y[2]  # the share reached only ever rises
    rows = re.findall(
        r'<tr><th scope="row">(\d{4})</th><td class="num">(\d+)</td>'
        r'<td class="num">(\d+%)</td></tr>',
        page,
    )
    assert rows == [("2027", "3", "38%"), ("2028", "0", "38%"), ("2029", "1", "50%")]
    assert "4 of 8 reach it within their horizon (50%)" in page


def test_the_page_is_self_contained_and_lists_warnings_and_problems():
    page = summary(goal(), goal(kind="role", target="entry_coder")).to_html()
    assert "<script" not in page
    assert not re.search(r"""(src|href)=["'](?!#)""", page)  # only links within the page
    assert "Content-Security-Policy" in page
    assert len(svgs(page)) == 2
    assert "<code>ahima.unverified</code>" in page
    assert "<code>range</code>" in page
    assert "median $2,003 per learner" in page


def test_a_goal_nobody_reaches_has_no_chart_but_its_reasons():
    nobody = goal(
        reached=0, first=None, quartile_1=None, median=None, quartile_3=None, last=None, by_year={}
    )
    page = summary(nobody).to_html()
    assert svgs(page) == []
    assert "none within the horizon" in page
    assert "no program in the catalog meets: x" in page


def test_text_from_profiles_and_plugins_is_escaped():
    hostile = goal(target="<script>alert(1)</script>", blocking=(("a & b <i>", 2),))
    page = summary(hostile, warnings=(("x.<b>", 1),)).to_html()
    assert "<script>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "a &amp; b &lt;i&gt;" in page
    assert "x.&lt;b&gt;" in page
    for chart in svgs(page):  # still well-formed XML
        assert chart.find(f"{SVG}title") is not None


def test_batch_writes_an_html_summary_for_an_html_name(tmp_path: Path):
    examples = sorted(
        (Path(__file__).resolve().parents[1] / "examples" / "profiles").glob("*.json")
    )
    source = tmp_path / "c.jsonl"
    source.write_text("".join(json.dumps(json.loads(p.read_text())) + "\n" for p in examples))
    report = tmp_path / "summary.html"
    result = CliRunner().invoke(
        cli, ["batch", str(source), "-o", str(tmp_path / "o.jsonl"), "--summary", str(report)]
    )
    assert result.exit_code == 0, result.output
    page = report.read_text(encoding="utf-8")
    assert page.startswith("<!DOCTYPE html>")
    assert f"{len(examples)} profiles: {len(examples)} planned" in page
    assert len(svgs(page)) >= 1


def test_odd_summaries_built_by_hand_still_render():
    early = goal(by_year={"0999": 2}, reached=2)
    (chart,) = svgs(summary(early).to_html())
    assert [b.find(f"{SVG}title").text for b in chart.findall(f"{SVG}rect")] == ["0999: 2"]
    assert svgs(summary(goal(by_year={"2027": 0}, reached=0)).to_html()) == []
    labels = goal(by_year={"spring": 1, "fall": 2}, reached=3)
    (chart,) = svgs(summary(labels).to_html())
    assert [b.find(f"{SVG}title").text for b in chart.findall(f"{SVG}rect")] == [
        "fall: 2",
        "spring: 1",
    ]

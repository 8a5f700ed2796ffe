"""Pay and outlook along the roadmap: each role reached carries its occupation's dated,
attributed figures; older figures (the seed article's) only as history with their period."""

from __future__ import annotations

import datetime as dt
import json

import pytest

import mrt_roadmap
from mrt_roadmap.schemas import validate
from mrt_roadmap.testing import example_profile


@pytest.fixture(scope="module")
def planner() -> mrt_roadmap.Planner:
    return mrt_roadmap.Planner()


def technician(planner: mrt_roadmap.Planner) -> mrt_roadmap.Roadmap:
    data = example_profile("demo-new-learner")
    data["goals"] = {"credentials": [], "roles": ["rhit_technician"], "horizon_years": 8}
    return planner.plan(data)


def test_a_reached_role_carries_current_pay_and_outlook_with_history(planner):
    roadmap = technician(planner)
    (facts,) = [r for r in roadmap.roles if r.role == "rhit_technician"]
    assert facts.reached_on is not None
    pay = facts.earnings
    assert pay is not None
    assert (pay.occupation_code, pay.period, pay.median, pay.basis, pay.area) == (
        "29-2072",
        "May 2020",
        44090,
        "annual",
        "US",
    )
    assert pay.p10 is None
    assert pay.p90 is None
    assert pay.provenance.verified
    # the seed article's $37,110 is the May 2015 median of the former occupation: history
    (older,) = facts.earnings_history
    assert (older.period, older.median, older.occupation_code) == ("May 2015", 37110, "29-2071")
    outlook = facts.outlook
    assert outlook is not None
    assert (outlook.period, outlook.growth_percent, outlook.employment) == ("2019-29", 8, 341600)
    seed = [o for o in facts.outlook_history if o.period == "2016-26"]
    assert [(o.growth_percent, o.provenance.verified) for o in seed] == [(13, False)]


def test_the_json_carries_them_under_the_schema(planner):
    roadmap = technician(planner)
    data = json.loads(mrt_roadmap.export(roadmap, planner=planner))
    assert validate("roadmap", data) == []
    (role,) = [r for r in data["roles"] if r["role"] == "rhit_technician"]
    assert {k: role["earnings"][k] for k in ("median", "p10", "p90", "period", "verified")} == {
        "median": 44090,
        "p10": None,
        "p90": None,
        "period": "May 2020",
        "verified": True,
    }
    assert role["earnings"]["source"].startswith("https://www.bls.gov/ooh/")
    assert role["outlook"]["growth_percent"] == 8
    from mrt_roadmap.formats.json_format import from_dict

    again = mrt_roadmap.export(from_dict(data), planner=planner)
    assert json.loads(again) == data  # a stored roadmap reads back with its pay and outlook


def test_text_markdown_and_html_show_pay_outlook_and_history(planner):
    roadmap = technician(planner)
    text = mrt_roadmap.export(roadmap, "text", planner=planner)
    assert "pay: median $44,090 a year; US, May 2020, SOC 29-2072" in text
    assert "outlook: +8% over 2019-29 (341,600 jobs); US, SOC 29-2072" in text
    assert "earlier: median $37,110 a year; US, May 2015, SOC 29-2071" in text
    md = mrt_roadmap.export(roadmap, "md", planner=planner)
    assert "## Pay and outlook" in md
    html = mrt_roadmap.export(roadmap, "html-fragment", planner=planner)
    assert "Pay and outlook" in html
    assert "median $44,090 a year" in html


def test_a_plugins_role_brings_its_own_figures(planner):
    data = example_profile("p7-nurse-to-ods")
    roadmap = planner.plan(data)
    (registrar,) = [r for r in roadmap.roles if r.role == "cancer_registrar"]
    assert registrar.reached_on == dt.date(2026, 11, 26)
    assert registrar.earnings is not None
    assert (registrar.earnings.median, registrar.earnings.period) == (58250, "May 2022")
    (may_2021,) = registrar.earnings_history
    assert (may_2021.p10, may_2021.median, may_2021.p90) == (29680, 55560, 98490)
    assert registrar.outlook is not None
    assert (registrar.outlook.growth_percent, registrar.outlook.openings_per_year) == (16, 3100)


def test_a_role_without_sourced_figures_says_so(planner):
    roadmap = planner.plan(example_profile("p5-working-rhit-to-rhia"))
    (supervisor,) = [r for r in roadmap.roles if r.role == "him_supervisor"]
    assert supervisor.earnings is None
    assert supervisor.outlook is None
    text = mrt_roadmap.export(roadmap, "text", planner=planner)
    assert "pay: pay not in our sources" in text

"""Mermaid gantt export: syntax of every line, sections, tags, and neutralised titles."""

from __future__ import annotations

import copy
import re

import attrs
import pytest

import mrt_roadmap
from mrt_roadmap.formats import _common as c
from mrt_roadmap.formats.mermaid import mermaid_text, to_mermaid
from mrt_roadmap.profile import profile_from_dict
from mrt_roadmap.roadmap import Roadmap

XSS = "<script>alert(1)</script>"
L, R = (
    "\N{SINGLE LEFT-POINTING ANGLE QUOTATION MARK}",
    "\N{SINGLE RIGHT-POINTING ANGLE QUOTATION MARK}",
)
COLON, HASH = "\N{MODIFIER LETTER COLON}", "\N{FULLWIDTH NUMBER SIGN}"
DATE = r"\d{4}-\d{2}-\d{2}"
TASK = re.compile(
    rf"^    (?P<title>[^:#;\n<>%]+?) :(?P<tags>((done|active|crit|milestone), )*)"
    rf"(?P<start>{DATE}), (?P<end>{DATE}|0d)$"
)
HEADER = re.compile(
    r"^(gantt|    title [^:#;<>]+|    dateFormat YYYY-MM-DD|    axisFormat %Y|    todayMarker off"
    r"|    %% .+|    section [^:#;<>]+)$"
)


@pytest.fixture
def p5(core_planner, example) -> Roadmap:
    return core_planner.plan(profile_from_dict(example("p5-working-rhit-to-rhia")))


def check_syntax(text: str) -> list[re.Match[str]]:
    """Every line is a known statement or a well-formed task; return the tasks."""
    assert text.startswith("gantt\n")
    assert text.endswith("\n")
    tasks = []
    for line in text.rstrip("\n").split("\n"):
        task = TASK.match(line)
        if task:
            tasks.append(task)
        else:
            assert HEADER.match(line), f"not valid gantt syntax: {line!r}"
    return tasks


def test_sections_tasks_and_tags(p5):
    text = to_mermaid(p5)
    tasks = check_syntax(text)
    sections = re.findall(r"^    section (.+)$", text, flags=re.M)
    assert sections == [
        "Plan",
        "Education",
        "Exams",
        "Credentials",
        "CE cycles",
        "Renewals",
        "Advancement",
    ]
    assert tasks[0].group("title") == "As of 2026-11-26"
    assert tasks[0].group("tags") == "milestone, "
    drawn, earlier = c.in_window(p5)
    assert len(tasks) == len(drawn) + 1
    assert f"%% {len(earlier)} milestone(s) completed before 2025-01-01 are not drawn" in text
    by_title = {t.group("title").strip(): t for t in tasks}
    program = by_title["BS in HIM, RHIT-to-RHIA / 2+2 completion track (junior-level entry)"]
    assert (program.group("tags"), program.group("start"), program.group("end")) == (
        "",
        "2027-08-25",
        "2031-12-12",
    )
    earn = by_title["Earn Registered Health Information Administrator (RHIA)"]
    assert earn.group("tags") == "crit, milestone, "
    assert earn.group("end") == "0d"
    cycles = [t for t in tasks if t.group("title").startswith("AHIMA CE cycle")]
    # four RHIT cycles (the last ends as RHIA replaces RHIT), then RHIA's own
    assert [t.group("tags") for t in cycles] == ["active, ", "", "", "", ""]
    assert "    todayMarker off\n" in text


def test_titles_are_neutralised():
    raw = "a: b # c; d\ne <f> & `g` %% h {i} \\ j"
    safe = mermaid_text(raw)
    for ch in ":#;\n<>`%{}\\":
        assert ch not in safe
    assert safe == f"a{COLON} b {HASH} c, d e {L}f{R} and 'g' percent percent h (i) / j"
    assert mermaid_text("section 5 review").startswith("\N{WORD JOINER}section")
    assert mermaid_text("Click here").startswith("\N{WORD JOINER}")
    assert mermaid_text("Sections") == "Sections"
    assert mermaid_text("") == "untitled"
    assert len(mermaid_text("x" * 500)) == 90


def test_hostile_profile_text(core_planner, example):
    data = copy.deepcopy(example("p5-working-rhit-to-rhia"))
    data["name"] = f"{XSS}: title; #x\nsection Evil"
    data["education"][1]["institution"] = XSS
    data["experience"][0]["title"] = XSS
    roadmap = core_planner.plan(profile_from_dict(data))
    # Show the completed AAS (with the institution in its title) in the chart.
    roadmap = attrs.evolve(roadmap, as_of=roadmap.as_of.replace(year=2018))
    text = to_mermaid(roadmap)
    check_syntax(text)
    assert "<" not in text
    assert ">" not in text
    assert (
        text.splitlines()[1]
        == f"    title Roadmap for {L}script{R}alert(1){L}/script{R}{COLON} title, {HASH}x section Evil"
    )
    # the catalog program's name, with the institution, cut to the chart's 90 characters
    program = "Associate of Applied Science (AAS) in Health Information Technology"
    assert f"    {program} ({L}script{R}alert(1){L}/sc… :done, 2017-08-28, 2019-05-10" in text
    assert "section Evil" not in [line.strip() for line in text.splitlines()]


def test_deterministic_and_registered(p5, core_planner):
    assert to_mermaid(p5) == to_mermaid(p5)
    assert mrt_roadmap.export(p5, "mermaid", planner=core_planner) == to_mermaid(p5)
    assert core_planner.host.exporters.get("mermaid").suffix == ".mmd"

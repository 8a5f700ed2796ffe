"""Markdown export: structure, links to sources, and escaping of text from a profile."""

from __future__ import annotations

import copy
import re

import attrs
import pytest

import mrt_roadmap
from mrt_roadmap.formats.markdown import md_escape, md_link, to_markdown
from mrt_roadmap.profile import profile_from_dict
from mrt_roadmap.roadmap import Roadmap

XSS = "<script>alert(1)</script>"


@pytest.fixture
def p5(core_planner, example) -> Roadmap:
    return core_planner.plan(profile_from_dict(example("p5-working-rhit-to-rhia")))


@pytest.fixture
def hostile(core_planner, example) -> Roadmap:
    data = copy.deepcopy(example("p5-working-rhit-to-rhia"))
    data["name"] = f"{XSS} [click](javascript:alert(2)) **bold** | pipe"
    data["education"][1]["institution"] = XSS
    data["experience"][0]["title"] = XSS
    return core_planner.plan(profile_from_dict(data))


def test_document_structure(p5):
    md = to_markdown(p5)
    assert md.startswith(
        "# Career roadmap: P5: working RHIT, 33, wants RHIA and a supervisor role\n"
    )
    headings = re.findall(r"^## (.+)$", md, flags=re.M)
    assert headings == [
        "Summary",
        "Timeline",
        "Milestones",
        "Pay and outlook",
        "Warnings",
        "Assumptions",
    ]
    # the supervisor role has no sourced pay: the document says so instead of a number
    assert "- **HIM / coding supervisor** (reached 2026-11-26)" in md
    assert "  - Pay: pay not in our sources" in md
    assert p5.assumptions
    for assumption in p5.assumptions:
        assert f"- {md_escape(assumption)}" in md
    assert "Planned as of **2026-11-26**, horizon **2032-11-26**" in md
    assert md.endswith("\n")
    assert not md.endswith("\n\n\n")


def test_summary_goals_and_cost(p5):
    md = to_markdown(p5)
    assert (
        "| RHIA (credential) | reached **2031-12-12** | "
        "Complete a CAHIIM-accredited baccalaureate HIM program |"
    ) in md
    assert "| HIM / coding supervisor (role) | reached **2026-11-26** |" in md
    assert "**Total known cost:** \\$30,769" in md
    assert "finishes later (2034-08-13 vs 2031-12-12)" in md


def test_timeline_table_has_a_row_per_milestone(p5):
    md = to_markdown(p5)
    table = md.split("## Timeline", 1)[1].split("```mermaid", 1)[0]
    rows = [line for line in table.splitlines() if line.startswith("| 20")]
    assert len(rows) == len(p5.milestones)
    assert rows[0].startswith("| 2011-06-10 | education | [High-school diploma](#m-")
    exam = next(r for r in rows if "Sit the RHIA exam" in r)
    assert exam.endswith("| 🗓️ planned | \\$229 |")
    cycle = next(r for r in rows if "2025-06-20" in r)
    assert "| CE cycle |" in cycle
    assert "⏳ in progress" in cycle


def test_each_milestone_with_reasons_and_source_links(p5):
    md = to_markdown(p5)
    sections = re.split(r"^### ", md.split("## Milestones", 1)[1], flags=re.M)[1:]
    assert len(sections) == len(p5.milestones)
    for m, section in zip(p5.milestones, sections, strict=True):
        anchor = re.match(r'<a id="(m-[0-9a-f]{10})"></a>', section)
        assert anchor is not None
        assert f"(#{anchor.group(1)})" in md, "the timeline links to the section"
        assert "**Status:**" in section
        for reason in m.why:
            if reason.source:
                host = reason.source.split("/")[2].removeprefix("www.")
                assert f"[{host}](<{reason.source}>)" in section
    cycle = sections[3]
    assert "20 CEUs required, 8 still to earn" in cycle
    assert "(rule AHIMA.maintenance.cycle, as of 2024-01-01)" in cycle
    role = sections[4]
    assert "unverified" in role
    program = next(s for s in sections if s.startswith('<a id="m-') and "BS in HIM" in s[:80])
    assert "**Schedule:** 13 terms: Fall 2027 (5 cr); Spring 2028 (5 cr)" in program
    assert "**Cost:** \\$30,540" in program


def test_warnings_listed(p5):
    md = to_markdown(p5)
    warnings = md.split("## Warnings", 1)[1]
    for w in p5.warnings:
        assert f"**{md_escape(w.code)}**: {md_escape(w.message)}" in warnings


def test_mermaid_chart_embedded_and_optional(p5):
    md = to_markdown(p5)
    block = md.split("```mermaid\n", 1)[1].split("\n```", 1)[0]
    assert block.startswith("gantt\n")
    assert "```mermaid" not in to_markdown(p5, chart=False)


def test_profile_text_is_escaped(hostile):
    md = to_markdown(hostile)
    assert "<script" not in md.lower()
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in md
    assert md.splitlines()[0] == (
        "# Career roadmap: &lt;script&gt;alert(1)&lt;/script&gt; "
        "\\[click\\](javascript:alert(2)) \\*\\*bold\\*\\* \\| pipe"
    )
    assert not re.search(r"(?<!\\)\]\(javascript:", md), "no live link"
    assert (
        "Associate of Applied Science (AAS) in Health Information Technology (&lt;script&gt;alert(1)&lt;/script&gt;)"
        in md
    )
    # Table rows keep their column count: a "|" in the text is escaped.
    for line in md.split("## Timeline", 1)[1].split("```", 1)[0].splitlines():
        if line.startswith("| 20"):
            assert len(re.findall(r"(?<!\\)\|", line)) == 6


def test_unsafe_source_urls_are_not_linked(p5):
    cycle = next(
        c
        for c in p5.by_kind("ce_cycle")
        if c.details["issuer"] == "AHIMA" and c.start.isoformat() == "2025-06-20"
    )
    why = (
        attrs.evolve(cycle.why[0], source="javascript:alert(1)"),
        attrs.evolve(cycle.why[1], source="https://example.org/a b)(c>"),
    )
    roadmap = attrs.evolve(
        p5,
        milestones=tuple(
            attrs.evolve(m, why=why) if m.id == cycle.id else m for m in p5.milestones
        ),
    )
    md = to_markdown(roadmap)
    assert "javascript:" not in md
    assert "[example.org](<https://example.org/a%20b%29%28c%3E>)" in md


def test_escape_helpers():
    assert md_escape("a*b_c`d`[e](f) #1 | ~x~ $5 \\") == (
        "a\\*b\\_c\\`d\\`\\[e\\](f) \\#1 \\| \\~x\\~ \\$5 \\\\"
    )
    assert md_escape("<b>&amp;</b>\nnext") == "&lt;b&gt;&amp;amp;&lt;/b&gt; next"
    assert md_link("x", "ftp://example.org") == "x"
    assert md_link("a_b", "https://example.org/p") == "[a\\_b](<https://example.org/p>)"


def test_deterministic_and_registered(p5, core_planner):
    assert to_markdown(p5) == to_markdown(p5)
    assert mrt_roadmap.export(p5, "md", planner=core_planner) == to_markdown(p5)
    exporter = core_planner.host.exporters.get("md")
    assert exporter.suffix == ".md"
    assert exporter.media_type.startswith("text/markdown")

"""HTML export: a self-contained page and a fragment, checked as markup and in a real browser."""

from __future__ import annotations

import copy
import html as html_lib
import itertools
import json
import os
import re
import shutil
import subprocess
import sys
from html.parser import HTMLParser
from importlib import resources
from pathlib import Path

import attrs
import pytest

import mrt_roadmap
from mrt_roadmap.formats import _common as c
from mrt_roadmap.formats.html import environment, to_html, to_html_fragment
from mrt_roadmap.profile import profile_from_dict
from mrt_roadmap.roadmap import Roadmap

XSS = "<script>alert(1)</script>"
VOID = {"meta", "link", "br", "img", "input", "hr", "rect", "line", "polygon", "path", "circle"}
BROWSERS = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable", "chrome")


class Tree(HTMLParser):
    """Collects tags, attributes and text; fails on unbalanced markup."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[str] = []
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.text: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))
        if tag not in VOID:
            self.stack.append(tag)

    def handle_startendtag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))

    def handle_endtag(self, tag):
        if tag in VOID:
            return
        assert self.stack, f"</{tag}> without an opening tag"
        assert self.stack[-1] == tag, f"</{tag}> closes <{self.stack[-1]}>"
        self.stack.pop()

    def handle_data(self, data):
        self.text.append(data)

    def find(self, tag: str, **want: str) -> list[dict[str, str | None]]:
        return [a for t, a in self.tags if t == tag and all(a.get(k) == v for k, v in want.items())]


def parse(markup: str) -> Tree:
    tree = Tree()
    tree.feed(markup)
    tree.close()
    assert tree.stack == [], f"unclosed: {tree.stack}"
    return tree


@pytest.fixture
def p5(core_planner, example) -> Roadmap:
    return core_planner.plan(profile_from_dict(example("p5-working-rhit-to-rhia")))


@pytest.fixture
def hostile(core_planner, example) -> Roadmap:
    data = copy.deepcopy(example("p5-working-rhit-to-rhia"))
    data["name"] = XSS + ' "quoted" & <img src=x onerror=alert(2)>'
    data["education"][1]["institution"] = XSS
    data["experience"][0]["title"] = XSS
    roadmap = core_planner.plan(profile_from_dict(data))
    cycle = next(
        c
        for c in roadmap.by_kind("ce_cycle")
        if c.details["issuer"] == "AHIMA" and c.start.isoformat() == "2025-06-20"
    )
    why = (attrs.evolve(cycle.why[0], source="javascript:alert(3)"), *cycle.why[1:])
    return attrs.evolve(
        roadmap,
        milestones=tuple(
            attrs.evolve(m, why=why) if m.id == cycle.id else m for m in roadmap.milestones
        ),
    )


def test_page_is_self_contained(p5):
    page = to_html(p5)
    assert page.startswith('<!DOCTYPE html>\n<html lang="en">')
    tree = parse(page)
    assert tree.find("meta", charset="utf-8")
    csp = tree.find("meta", **{"http-equiv": "Content-Security-Policy"})
    assert csp
    assert csp[0]["content"].startswith("default-src 'none'")
    assert not tree.find("script")
    assert not tree.find("link")
    assert not tree.find("img")
    assert not re.search(r"\bsrc=|url\(|@import", page), "no external assets"
    assert [t for t, _ in tree.tags].count("style") == 1
    assert "".join(tree.text).count("Career roadmap: P5: working RHIT") == 2  # <title> and <h1>


def test_headings_are_sensible(p5):
    tree = parse(to_html(p5))
    levels = [int(t[1]) for t, _ in tree.tags if re.fullmatch(r"h[1-6]", t)]
    assert levels[0] == 1
    assert levels.count(1) == 1
    assert all(b - a <= 1 for a, b in itertools.pairwise(levels)), "no skipped level"
    assert levels.count(3) == len(p5.milestones)
    fragment = parse(to_html_fragment(p5))
    flevels = [int(t[1]) for t, _ in fragment.tags if re.fullmatch(r"h[1-6]", t)]
    assert flevels[0] == 2
    assert min(flevels) == 2
    assert flevels.count(4) == len(p5.milestones)


def test_svg_timeline(p5):
    page = to_html(p5)
    tree = parse(page)
    (svg,) = tree.find("svg")
    assert svg["role"] == "img"
    title_id, desc_id = svg["aria-labelledby"].split()
    assert tree.find("title", id=title_id)
    assert tree.find("desc", id=desc_id)
    drawn, earlier = c.in_window(p5)
    desc = re.search(r"<desc[^>]*>(.*?)</desc>", page, re.S).group(1)
    assert f"with {len(drawn)} milestone(s)" in desc
    assert f"{len(earlier)} milestone(s) completed before 2025" in desc
    lanes = [a["data-kind"] for a in tree.find("g") if "data-kind" in a]
    assert lanes == ["education", "exam", "credential", "ce_cycle", "renewal", "advancement"]
    (today,) = tree.find("line", **{"class": "today"})
    assert today["data-date"] == "2026-11-26"
    assert "Today 2026-11-26" in page
    ce = [
        a
        for a in tree.find("rect")
        if "shape" in (a.get("class") or "")
        and float(a["y"]) >= 0
        and "alt" in (a.get("class") or "")
    ]
    cycles = re.findall(r'<g class="lane k-ce_cycle".*?</g>\n</g>', page, re.S)[0]
    assert cycles.count('class="shape ') == len(p5.by_kind("ce_cycle")) == 5
    assert cycles.count("20 CEUs</text>") == 3  # RHIT's; its last cycle ends as RHIA replaces it
    assert cycles.count("30 CEUs</text>") == 1
    assert len(ce) == 2, "every other CE cycle is shaded differently"
    assert page.count('class="term"') == 13
    # The text equivalent lists every milestone.
    table = page.split('<details class="tl-text">', 1)[1].split("</details>", 1)[0]
    assert table.count("<tr><td") == len(p5.milestones)


def test_milestones_reasons_sources_and_warnings(p5):
    page = to_html(p5)
    tree = parse(page)
    items = [a for a in tree.find("li") if "milestone" in (a.get("class") or "").split()]
    assert len(items) == len(p5.milestones)
    hrefs = {a["href"] for a in tree.find("a")}
    for m in p5.milestones:
        for reason in m.why:
            if reason.source:
                assert reason.source in hrefs
    for a in tree.find("a"):
        assert a["href"].startswith(("#", "https://", "http://"))
        if not a["href"].startswith("#"):
            assert a["rel"] == "noopener noreferrer external"
            continue
        assert tree.find("li", id=a["href"][1:]), f"dangling anchor {a['href']}"
    assert "Total known cost: <strong>$30,769</strong>" in page
    assert 'reached <strong><time datetime="2031-12-12">2031-12-12</time></strong>' in page
    warnings = page.split("<h2", 1)[1].split('class="warnings"', 1)[1]
    for w in p5.warnings:
        assert w.message.replace("'", "&#39;") in warnings
    assert "(rule role.him_supervisor, as of 2026-01-01, unverified)" in page
    assert "20 CEUs required, 12 CEUs earned so far, 8 CEUs still to earn" in page


def test_fragment_is_embeddable(p5):
    fragment = to_html_fragment(p5)
    assert fragment.startswith('<section class="mrt-roadmap"')
    assert fragment.rstrip().endswith("</section>")
    tree = parse(fragment)
    assert not tree.find("html")
    assert not tree.find("head")
    assert not tree.find("script")
    assert [t for t, _ in tree.tags].count("style") == 1
    css = fragment.split("<style>", 1)[1].split("</style>", 1)[0]
    css = re.sub(r"/\*.*?\*/", "", css, flags=re.S)
    selectors = [s.strip() for s in re.findall(r"(?:^|})\s*([^{}@]+)\{", css)]
    assert selectors
    top_level_comma = r",(?![^()]*\))"  # not the commas inside :where(...)
    assert all(
        s.strip().startswith(".mrt-roadmap")
        for sel in selectors
        for s in re.split(top_level_comma, sel)
    ), "every rule is scoped to the fragment"
    assert to_html_fragment(p5, heading_level=3).count("<h3 ") == 1


def test_profile_text_is_escaped(hostile):
    for markup in (to_html(hostile), to_html_fragment(hostile)):
        tree = parse(markup)
        assert not tree.find("script")
        assert not tree.find("img")
        assert "<script" not in markup
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in markup
        assert "&#34;quoted&#34; &amp; &lt;img src=x onerror=alert(2)&gt;" in markup
        assert (
            "Associate of Applied Science (AAS) in Health Information Technology "
            "(&lt;script&gt;alert(1)&lt;/script&gt;)" in markup
        )
        assert "javascript:" not in markup


def test_deterministic_registered_and_cached(p5, core_planner):
    assert to_html(p5) == to_html(p5)
    assert mrt_roadmap.export(p5, "html", planner=core_planner) == to_html(p5)
    assert mrt_roadmap.export(p5, "html-fragment", planner=core_planner) == to_html_fragment(p5)
    assert environment() is environment()
    assert environment().autoescape is True


def test_templates_are_package_resources():
    folder = resources.files("mrt_roadmap") / "formats" / "templates"
    names = {p.name for p in folder.iterdir()}
    assert {
        "page.html.j2",
        "fragment.html.j2",
        "_roadmap.html.j2",
        "timeline.svg.j2",
        "roadmap.css",
    } <= names


def test_import_stays_cheap():
    code = (
        "import sys, mrt_roadmap; "
        "print(sorted(m for m in ('jinja2', 'icalendar') if m in sys.modules))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=60
    )
    assert out.stdout.strip() == "[]"


def find_browser() -> str | None:
    explicit = os.environ.get("MRT_BROWSER")
    if explicit:
        return shutil.which(explicit) or (explicit if Path(explicit).exists() else None)
    for name in BROWSERS:
        found = shutil.which(name)
        if found:
            return found
    return None


@pytest.fixture
def browser() -> str:
    found = find_browser()
    if found is None:
        message = (
            "no headless Chromium found (looked for MRT_BROWSER, "
            + ", ".join(BROWSERS)
            + "); install one, e.g. `apt-get install -y chromium` on Debian/Ubuntu"
        )
        if os.environ.get("MRT_REQUIRE_BROWSER") == "1":
            pytest.fail(f"MRT_REQUIRE_BROWSER=1 but {message}")
        pytest.skip(message)
    return found


def run_browser(browser: str, tmp_path: Path, *args: str) -> subprocess.CompletedProcess[str]:
    cmd = [
        browser,
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
        "--hide-scrollbars",
        f"--user-data-dir={tmp_path / 'profile'}",
        *args,
    ]
    return subprocess.run(
        cmd, capture_output=True, text=True, timeout=120, check=False, stdin=subprocess.DEVNULL
    )


@pytest.mark.browser
def test_renders_in_a_headless_browser(browser, p5, tmp_path):
    page = tmp_path / "roadmap.html"
    page.write_text(to_html(p5), encoding="utf-8")
    png = tmp_path / "roadmap.png"
    shot = run_browser(
        browser, tmp_path, f"--screenshot={png}", "--window-size=1280,2000", page.as_uri()
    )
    assert png.exists(), shot.stderr[-2000:]
    data = png.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    assert int.from_bytes(data[16:20], "big") == 1280
    assert int.from_bytes(data[20:24], "big") == 2000
    assert len(data) > 30_000, "a blank page compresses to a few kB"
    dom = run_browser(browser, tmp_path, "--dump-dom", page.as_uri())
    assert dom.returncode == 0, dom.stderr[-2000:]
    tree = parse(dom.stdout)
    (svg,) = tree.find("svg", role="img")
    assert svg["data-mrt"] == "timeline"
    lanes = [a["data-kind"] for a in tree.find("g") if "data-kind" in a]
    assert "ce_cycle" in lanes
    assert tree.find("line", **{"class": "today"})[0]["data-date"] == "2026-11-26"
    assert "Career roadmap: P5: working RHIT" in "".join(tree.text)


HOSTILE_HOST_CSS = """
html { font-size: 10px; }
body { margin: 0; color: purple; font: italic 30px/3 serif; text-transform: uppercase;
  letter-spacing: 4px; text-align: center; word-spacing: 9px; }
h1, h2, h3, h4, h5, h6 { color: red; text-transform: uppercase; font-family: serif;
  letter-spacing: 6px; margin: 60px; border-bottom: 4px solid red; font-size: 50px; }
header, footer { background: black; color: yellow; padding: 40px; border: 3px dashed red; }
section { padding: 25px; margin: 25px; border: 2px solid blue; }
table { border: 5px solid red; font-size: 30px; border-collapse: separate; width: 50%; }
th, td { padding: 20px; background: pink; text-align: right; }
ul, ol { list-style: square; padding-left: 80px; margin: 40px; }
li { color: green; margin: 20px; }
p { margin: 50px; font-size: 25px; font-weight: 900; }
a { color: orange; text-decoration: overline; }
dl, dt, dd { margin: 30px; font-weight: 100; }
code, time, span, strong { font-family: cursive; font-size: 40px; }
details, summary { display: block; background: gray; }
"""
PROBE = """<pre id="probe"></pre><script>
const props = ["color", "background-color", "font-family", "font-size", "font-style",
  "font-weight", "line-height", "letter-spacing", "word-spacing", "text-transform",
  "text-align", "margin-top", "margin-left", "padding-top", "padding-left", "border-top-width",
  "border-bottom-width", "list-style-type", "display", "width"];
const out = [];
for (const el of document.querySelectorAll(".mrt-roadmap, .mrt-roadmap *")) {
  if (el.closest("svg")) continue;
  const cs = getComputedStyle(el);
  out.push([el.tagName, ...props.map((p) => cs.getPropertyValue(p))]);
}
document.getElementById("probe").textContent = JSON.stringify(out);
</script>"""


def computed_styles(browser: str, tmp_path: Path, name: str, host_css: str, fragment: str):
    page = tmp_path / f"{name}.html"
    page.write_text(
        "<!DOCTYPE html>\n<html><head><meta charset='utf-8'>"
        f"<style>body {{ margin: 0; }}\n{host_css}</style></head>"
        f"<body>{fragment}{PROBE}</body></html>",
        encoding="utf-8",
    )
    dom = run_browser(browser, tmp_path, "--window-size=1280,2000", "--dump-dom", page.as_uri())
    assert dom.returncode == 0, dom.stderr[-2000:]
    found = re.search(r'<pre id="probe">(.*?)</pre>', dom.stdout, re.S)
    assert found, dom.stdout[-2000:]
    return json.loads(html_lib.unescape(found.group(1)))


@pytest.mark.browser
def test_fragment_ignores_an_ordinary_host_stylesheet(browser, p5, tmp_path):
    """The fragment in a page whose h2, header, table, ul, p... rules would restyle it renders
    exactly as in a page without them: every element's computed style is the same."""
    fragment = to_html_fragment(p5)
    plain = computed_styles(browser, tmp_path, "plain", "", fragment)
    hostile = computed_styles(browser, tmp_path, "hostile", HOSTILE_HOST_CSS, fragment)
    assert len(plain) > 300
    assert {row[0] for row in plain} >= {"H2", "HEADER", "TABLE", "UL", "LI", "P", "TD"}
    differences = [(p, h) for p, h in zip(plain, hostile, strict=True) if p != h]
    assert differences == [], differences[:5]
    title = next(row for row in plain if row[0] == "H2")
    assert title[10] == "none"  # text-transform: the fragment's own

"""Text from a profile is made safe: no control character reaches a terminal, no bare URL or
address becomes a Markdown link, and the SVG timeline is well-formed XML for any input."""

from __future__ import annotations

import copy
import re
import unicodedata
import xml.etree.ElementTree as ET

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from markupsafe import Markup

from mrt_roadmap.formats import _common as c
from mrt_roadmap.formats.html import to_html, to_html_fragment, xml_safe
from mrt_roadmap.formats.markdown import md_escape, to_markdown
from mrt_roadmap.formats.safe_text import visible_controls
from mrt_roadmap.formats.text import to_text
from mrt_roadmap.profile import profile_from_dict
from mrt_roadmap.roadmap import Roadmap
from mrt_roadmap.testing import example_profile, make_planner

PLANNER = make_planner()
BASE = example_profile("p5-working-rhit-to-rhia")
# Pieces that hostile or unlucky text is made of, mixed with arbitrary characters.
PIECES = [
    "\x1b[31m",
    "\x1b]0;title\x07",
    "\x9b2J",
    "\x00",
    "\r",
    "\x08",
    "\x7f",
    "\x85",
    "\ufffe",
    "\uffff",
    "http://",
    "https://evil.example/a_b",
    "ftp://x.org",
    "www.",
    "WWW.evil.com",
    "dana@example.com",
    "mailto:",
    "xmpp:",
    "@",
    ".",
    "`",
    "\\",
    "<",
    "&",
    "|",
]
HOSTILE = st.lists(st.one_of(st.text(max_size=8), st.sampled_from(PIECES)), max_size=12).map(
    "".join
)
PROPERTY = settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def plan_with(name: str, institution: str) -> Roadmap:
    """The example p5 planned with ``name`` and an education ``institution`` (which reaches a
    milestone title)."""
    data = copy.deepcopy(BASE)
    data["name"] = name
    data["education"][1]["institution"] = institution
    return PLANNER.plan(profile_from_dict(data))


def unsafe_characters(text: str) -> list[str]:
    """Control characters other than newline and tab, surrogates, U+FFFE and U+FFFF."""
    return [
        ch
        for ch in text
        if (unicodedata.category(ch) in ("Cc", "Cs") and ch not in "\n\t") or ch in "\ufffe\uffff"
    ]


@PROPERTY
@given(name=HOSTILE, institution=HOSTILE)
def test_text_output_has_no_control_characters(name, institution):
    assert unsafe_characters(to_text(plan_with(name, institution))) == []


@PROPERTY
@given(name=HOSTILE, institution=HOSTILE)
def test_svg_is_well_formed_xml_and_keeps_the_name(name, institution):
    roadmap = plan_with(name, institution)
    for html in (to_html(roadmap), to_html_fragment(roadmap)):
        assert unsafe_characters(html) == []
        svg = ET.fromstring(re.search(r"<svg\b.*?</svg>", html, flags=re.S).group())
        title = svg.find("{http://www.w3.org/2000/svg}title")
        expected = visible_controls(c.display_name(roadmap))
        assert title.text == f"Timeline of the roadmap for {expected}"


def autolink_triggers(markdown: str) -> list[str]:
    """What GitHub's Markdown (cmark-gfm) could turn into a link outside code and link
    destinations: ``://`` or ``www.`` with no backslash escape inside, and any ``@`` (e-mail
    autolinks ignore escapes)."""
    text = re.sub(r"^```.*?^```$", "", markdown, flags=re.M | re.S)  # fenced code (Mermaid)
    text = re.sub(r"\\[!-/:-@\[-`{-~]", "\x00", text)  # a backslash escape is not text
    text = re.sub(r"`[^`]*`", "", text)  # code spans
    text = re.sub(r"\]\((?:<[^>]*>|#[^)]*)\)", "]", text)  # link destinations
    return re.findall(r"://|www\.|@", text, flags=re.I)


@PROPERTY
@given(name=HOSTILE, institution=HOSTILE)
def test_markdown_has_no_autolink_and_no_control_characters(name, institution):
    md = to_markdown(plan_with(name, institution))
    assert autolink_triggers(md) == []
    assert unsafe_characters(md) == []


def test_the_autolink_check_finds_bare_urls_and_addresses():
    found = autolink_triggers("x http://a.b www.c.d e@f.gh `i@j.kl` \\` m@n.op")
    assert found == ["://", "www.", "@", "@"]
    assert autolink_triggers("[a](<https://a.b/c>) http\\://x www\\.y") == []


def test_an_escape_sequence_is_shown_not_sent():
    text = to_text(plan_with("Dana \x1b[2J\x9b31m", "College\r"))
    assert "Roadmap for Dana \\x1b[2J\\x9b31m (as of" in text
    assert "(College\\x0d)" in text


@pytest.mark.parametrize(
    ("raw", "escaped"),
    # Each escaped form renders as the raw text, with no link, in cmark-gfm (checked with the
    # cmarkgfm bindings, which link every raw form here).
    [
        ("http://evil.example/x", "http\\://evil.example/x"),
        ("HTTPS://X.ORG", "HTTPS\\://X.ORG"),
        ("(www.evil.com)", "(www\\.evil.com)"),
        ("dana@example.com", "`dana@example.com`"),
        ("mailto:dana@example.com", "mailto:`dana@example.com`"),
        ("xmpp:foo@bar.baz/txt", "xmpp:`foo@bar.baz`/txt"),
        ("a|b@c.de|c", "a\\|`b@c.de`\\|c"),
        ("`a@b.co`", "\\``a@b.co`\\`"),
        ("ESC \x1b[31m", "ESC \\\\x1b\\[31m"),
    ],
)
def test_md_escape(raw, escaped):
    assert md_escape(raw) == escaped


def test_only_links_the_document_makes_are_links():
    md = to_markdown(plan_with("Dana", "College"))
    warnings = md.split("## Warnings", 1)[1]
    assert "(http\\://besthealthcarecareers.com/articles/medical-coding/)" in warnings
    assert "[besthealthcarecareers.com](<http://besthealthcarecareers.com/articles/" in warnings
    assert autolink_triggers(md) == []


def test_visible_controls():
    assert visible_controls("a\tb\nc") == "a\tb\nc"
    assert visible_controls("\x00\x1b\x7f\x9b\ud800\ufffe\uffff") == (
        "\\x00\\x1b\\x7f\\x9b\\ud800\\ufffe\\uffff"
    )
    assert visible_controls("é ✓ \u00a0 \U0001f600") == "é ✓ \u00a0 \U0001f600"


def test_xml_safe_keeps_markup_as_markup():
    assert xml_safe(Markup("<b>\x1b</b>")) == Markup("<b>\\x1b</b>")
    assert isinstance(xml_safe(Markup("<b>\x1b</b>")), Markup)
    assert xml_safe(3) == 3

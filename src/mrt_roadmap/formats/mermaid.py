"""Mermaid ``gantt`` text: a chart of the roadmap for Markdown viewers that render Mermaid.

Titles are neutralised with :func:`mermaid_text`: the characters that end or split a Gantt
statement (``:`` ``#`` ``;`` newlines), start a comment (``%%``) or could be read as markup
(``<`` ``>`` ``&`` and backticks) are replaced by look-alike or plain characters, and a title that
begins with a Gantt keyword (``section``, ``title``, ``click`` ...) is kept from being parsed as one.
"""

from __future__ import annotations

import re

from mrt_roadmap.formats import _common as c
from mrt_roadmap.roadmap import Milestone, Roadmap

_REPLACEMENTS = {
    ":": "\N{MODIFIER LETTER COLON}",
    "#": "\N{FULLWIDTH NUMBER SIGN}",
    ";": ",",
    "<": "\N{SINGLE LEFT-POINTING ANGLE QUOTATION MARK}",
    ">": "\N{SINGLE RIGHT-POINTING ANGLE QUOTATION MARK}",
    "&": " and ",
    "`": "'",
    "%": " percent",
    "{": "(",
    "}": ")",
    "\\": "/",
}
_TABLE = str.maketrans(_REPLACEMENTS)
# Statements the Gantt grammar recognises at the start of a line (case-insensitive).
_KEYWORDS = re.compile(
    r"^(title|section|click|call|href|dateformat|inclusiveenddates|topaxis|axisformat|"
    r"tickinterval|includes|excludes|todaymarker|weekday|weekend|accdescr|acctitle|gantt|"
    r"displaymode)\b",
    re.IGNORECASE,
)
_MAX_TITLE = 90


def mermaid_text(text: object, *, limit: int = _MAX_TITLE) -> str:
    """``text`` made safe for a Mermaid Gantt title or task name (one line, at most ``limit``
    characters)."""
    s = c.one_line(str(text).translate(_TABLE))
    if len(s) > limit:
        s = s[: limit - 1].rstrip() + "…"
    if _KEYWORDS.match(s):
        # A leading word joiner is invisible but stops the lexer from seeing a keyword.
        s = "\N{WORD JOINER}" + s
    return s or "untitled"


def _tags(m: Milestone, goal_ids: frozenset[str]) -> list[str]:
    tags = []
    if m.status == "done":
        tags.append("done")
    elif m.status == "in_progress":
        tags.append("active")
    if m.id in goal_ids:
        tags.append("crit")
    if m.start == m.end:
        tags.append("milestone")
    return tags


def to_mermaid(roadmap: Roadmap) -> str:
    """The roadmap as a Mermaid ``gantt`` chart: a section per kind of milestone, spans as bars,
    deadlines and one-day events as milestones, goals marked ``crit``, ``as_of`` as a milestone.

    Milestones finished before the chart's window (see ``_common.window``) are left out and
    counted in a comment, so old schooling does not squash the plan into a sliver.
    """
    drawn, earlier = c.in_window(roadmap)
    goal_ids = c.goal_milestone_ids(roadmap)
    out = [
        "gantt",
        "    title " + mermaid_text(f"Roadmap for {c.display_name(roadmap)}", limit=120),
        "    dateFormat YYYY-MM-DD",
        "    axisFormat %Y",
        "    todayMarker off",
    ]
    if earlier:
        out.append(
            f"    %% {len(earlier)} milestone(s) completed before "
            f"{c.window(roadmap)[0].isoformat()} are not drawn"
        )
    out += [
        "    section Plan",
        f"    As of {roadmap.as_of.isoformat()} :milestone, {roadmap.as_of.isoformat()}, 0d",
    ]
    for kind in c.kinds_present(roadmap, drawn):
        out.append(f"    section {mermaid_text(c.kind_label(kind))}")
        for m in drawn:
            if m.kind != kind:
                continue
            tags = _tags(m, goal_ids)
            if m.start == m.end:
                spec = [*tags, m.start.isoformat(), "0d"]
            else:
                spec = [*tags, m.start.isoformat(), m.end.isoformat()]
            out.append(f"    {mermaid_text(m.title)} :{', '.join(spec)}")
    return "\n".join(out) + "\n"

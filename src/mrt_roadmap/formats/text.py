"""A plain-text timeline a learner can follow at a terminal.

The result is terminal-safe: control characters from any data (ESC, CSI, CR...) are shown as
visible escapes by :func:`~mrt_roadmap.formats.safe_text.visible_controls`, so no escape sequence
in a profile or a plugin's text reaches the terminal.
"""

from __future__ import annotations

import textwrap

from mrt_roadmap.formats._common import pay_lines
from mrt_roadmap.formats.safe_text import visible_controls
from mrt_roadmap.roadmap import Milestone, Roadmap

_MARK = {"done": "x", "in_progress": "~", "planned": " "}
_ALERTS = {"at_risk": "AT RISK", "overdue": "OVERDUE", "missed": "MISSED"}
"""Tracking statuses the timeline calls out (done and on-track steps need no line)."""


def _when(m: Milestone) -> str:
    if m.start == m.end:
        return m.start.isoformat()
    return f"{m.start.isoformat()} -> {m.end.isoformat()}"


def to_text(roadmap: Roadmap, *, reasons: bool = True) -> str:
    """The roadmap as a readable timeline: goals, milestones with their first reasons, warnings.

    Control characters are shown escaped (``\\x1b``), never sent to the terminal."""
    out = [
        f"Roadmap for {roadmap.profile_name or roadmap.profile_id} (as of {roadmap.as_of}, "
        f"to {roadmap.horizon})",
        "",
    ]
    out.append("Goals")
    for g in roadmap.goals:
        if g.reached_on:
            out.append(f"  * {g.target}: reached {g.reached_on} via {g.route_label or g.route}")
        else:
            out.append(f"  * {g.target}: not within the horizon - {g.why_not}")
        for alt in g.alternatives:
            out.append(f"      - not chosen: {alt.label} ({alt.lost_because})")
    if roadmap.total_cost is not None:
        out.append(f"  Known costs: ${roadmap.total_cost:,.0f} (unsourced costs are left out)")
    out += ["", "Timeline"]
    for m in roadmap.milestones:
        out.append(f"  [{_MARK[m.status]}] {_when(m):<25} {m.kind:<12} {m.title}")
        if m.cost and m.cost.amount is not None and m.status != "done":
            out.append(f"{'':34}cost: ${m.cost.amount:,.0f} ({m.cost.basis})")
        if m.tracking is not None and m.tracking.status in _ALERTS:
            label = _ALERTS[m.tracking.status]
            out.append(f"{'':34}{label}: {m.tracking.reason}")
        if reasons:
            for r in m.why[:3]:
                text = r.text + (f" [{r.source}]" if r.source else "")
                out.extend(
                    textwrap.wrap(
                        text,
                        100,
                        initial_indent=" " * 34 + "why: ",
                        subsequent_indent=" " * 39,
                        break_long_words=False,
                        break_on_hyphens=False,
                    )
                )
    pay = pay_lines(roadmap)
    if pay:
        out += ["", "Pay and outlook of the roles reached (national figures, dated)"]
        for line in pay:
            out.append(f"  * {line.title} (reached {line.reached_on})")
            for text in (f"pay: {line.pay}", f"outlook: {line.outlook}", *line.history):
                out.extend(
                    textwrap.wrap(text, 100, initial_indent="      ", subsequent_indent="        ")
                )
            if line.sources:
                out.append(f"      source: {', '.join(line.sources)}")
    if roadmap.warnings:
        out += ["", "Warnings"]
        for w in roadmap.warnings:
            out.extend(
                textwrap.wrap(
                    f"{w.code}: {w.message}", 100, initial_indent="  ! ", subsequent_indent="    "
                )
            )
    out += ["", "Legend: [x] done  [~] in progress  [ ] planned"]
    return visible_controls("\n".join(out) + "\n")

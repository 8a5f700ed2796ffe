"""HTML: a self-contained page (``html``) and an embeddable fragment (``html-fragment``).

No external assets and no scripts: inline CSS (scoped to ``.mrt-roadmap``) and an inline SVG
timeline with a lane per kind of milestone, ``as_of`` marked and CE cycles drawn as alternating
bars. The SVG has ``role="img"``, ``<title>``/``<desc>`` and a table as its text equivalent.

Templates live in ``mrt_roadmap/formats/templates`` and are rendered by Jinja2 with autoescape on;
Jinja2 is imported on first use and its environment is built once. Before autoescaping, every
``{{ value }}`` that is a string passes through
:func:`~mrt_roadmap.formats.safe_text.visible_controls`, so characters that XML 1.0 forbids
(controls, lone surrogates, U+FFFE/U+FFFF) never reach the page: the SVG and the page stay
well-formed for any input.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from mrt_roadmap.formats import _common as c
from mrt_roadmap.formats.safe_text import visible_controls
from mrt_roadmap.roadmap import Milestone, Roadmap

if TYPE_CHECKING:
    import jinja2

# SVG geometry (user units; the SVG scales to its container's width).
WIDTH = 960
LABEL_W = 118
RIGHT_PAD = 18
TOP = 40
LANE_H = 30
ROW_H = 22
BAR_H = 14
BOTTOM = 14


@functools.cache
def environment() -> jinja2.Environment:
    """The Jinja2 environment (autoescape on, strict undefined, :func:`xml_safe` on every
    printed value), built once per process."""
    import jinja2

    return jinja2.Environment(
        loader=jinja2.PackageLoader("mrt_roadmap", "formats/templates"),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        finalize=xml_safe,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )


def xml_safe(value: Any) -> Any:
    """A string with its unsafe characters shown escaped (markup stays markup); other values
    unchanged. Jinja2 calls it on each ``{{ value }}`` before autoescaping."""
    if not isinstance(value, str):
        return value
    from markupsafe import Markup

    if isinstance(value, Markup):
        return Markup(visible_controls(value))
    return visible_controls(value)


def coordinate(x: float) -> str:
    """A coordinate with one decimal, deterministic and compact."""
    return f"{x:.1f}".removesuffix(".0")


class _Scale:
    def __init__(self, lo: dt.date, hi: dt.date) -> None:
        self.lo, self.hi = lo, hi
        self.span = max((hi - lo).days, 1)

    def x(self, d: dt.date) -> float:
        d = min(max(d, self.lo), self.hi)
        return LABEL_W + (d - self.lo).days / self.span * (WIDTH - LABEL_W - RIGHT_PAD)


def _rows(items: Sequence[Milestone]) -> list[int]:
    """Greedy row assignment so that overlapping spans in one lane do not overlap on screen."""
    ends: list[dt.date] = []
    rows = []
    for m in items:
        for i, end in enumerate(ends):
            if m.start > end:
                ends[i] = max(end, m.end)
                rows.append(i)
                break
        else:
            ends.append(m.end)
            rows.append(len(ends) - 1)
    return rows


def _point_label(m: Milestone) -> str:
    if m.kind == "exam" and m.credential:
        return f"{m.credential} exam"
    if m.kind == "credential" and m.credential:
        return m.credential
    return ""


def _timeline(roadmap: Roadmap, prefix: str) -> dict[str, Any]:
    drawn, earlier = c.in_window(roadmap)
    lo, hi = c.window(roadmap)
    scale = _Scale(lo, hi)
    goal_ids = c.goal_milestone_ids(roadmap)
    lanes: list[dict[str, Any]] = []
    y = TOP
    for lane_no, kind in enumerate(c.kinds_present(roadmap, drawn)):
        items = sorted((m for m in drawn if m.kind == kind), key=lambda m: (m.start, m.end))
        rows = _rows(items)
        n_rows = max(rows) + 1 if rows else 1
        height = LANE_H + (n_rows - 1) * ROW_H
        shapes: list[dict[str, Any]] = []
        ce_index = 0
        for m, row in zip(items, rows, strict=True):
            cy = y + (LANE_H - BAR_H) / 2 + row * ROW_H
            label = f"{m.title} — {c.when(m)} — {c.STATUS_LABELS.get(m.status, m.status)}"
            anchor = f"#{prefix}-{c.short_hash(m.id, length=10)}"
            goal = m.id in goal_ids
            if m.start == m.end:
                x = scale.x(m.start)
                cx, mid, r = x, cy + BAR_H / 2, BAR_H / 2 + 1
                shapes.append(
                    {
                        "type": "point",
                        "status": m.status,
                        "kind": m.kind,
                        "goal": goal,
                        "title": label,
                        "href": anchor,
                        "points": f"{coordinate(cx)},{coordinate(mid - r)} {coordinate(cx + r)},{coordinate(mid)} "
                        f"{coordinate(cx)},{coordinate(mid + r)} {coordinate(cx - r)},{coordinate(mid)}",
                        "label": (_point_label(m) + (" ★" if goal else "")).strip(),
                        "lx": coordinate(cx + r + 3),
                        "ly": coordinate(mid + 4),
                    }
                )
                continue
            x0, x1 = scale.x(m.start), scale.x(m.end)
            width = max(x1 - x0, 2.0)
            shape: dict[str, Any] = {
                "type": "bar",
                "status": m.status,
                "kind": m.kind,
                "goal": goal,
                "title": label,
                "href": anchor,
                "x": coordinate(x0),
                "y": coordinate(cy),
                "w": coordinate(width),
                "h": BAR_H,
                "terms": [],
                "text": "",
                "alt": False,
            }
            if m.kind == "ce_cycle":
                shape["alt"] = ce_index % 2 == 1
                ce_index += 1
                req = m.details.get("ce_required")
                if isinstance(req, int | float) and width > 58:
                    shape["text"] = f"{req:g} {m.details.get('unit') or 'CE'}s"
            for t in c.schedule(m):
                tx0, tx1 = scale.x(t["start"]), scale.x(t["end"])
                shape["terms"].append({"x": coordinate(tx0), "w": coordinate(max(tx1 - tx0, 1.0))})
            if shape["text"]:
                shape["tx"], shape["ty"] = coordinate(x0 + width / 2), coordinate(cy + BAR_H - 3)
            shapes.append(shape)
        lanes.append(
            {
                "kind": kind,
                "label": c.kind_label(kind),
                "y": y,
                "h": height,
                "odd": lane_no % 2 == 1,
                "ly": coordinate(y + LANE_H / 2 + 4),
                "shapes": shapes,
            }
        )
        y += height
    bottom = y
    step = 1 if (hi.year - lo.year) <= 14 else (2 if (hi.year - lo.year) <= 28 else 5)
    ticks = [
        {
            "x": coordinate(scale.x(dt.date(year, 1, 1))),
            "label": str(year),
            "tx": coordinate(scale.x(dt.date(year, 7, 1))),
        }
        for year in range(lo.year, hi.year, step)
    ]
    today = scale.x(roadmap.as_of)
    horizon = scale.x(roadmap.horizon)
    total = len(drawn)
    desc = (
        f"Timeline from {lo.year} to {hi.year - 1} with {total} milestone(s) in "
        f"{len(lanes)} lane(s): "
        + "; ".join(f"{lane['label']}: {len(lane['shapes'])}" for lane in lanes)
        + f". A vertical line marks today ({roadmap.as_of.isoformat()}) and a dashed line the "
        f"horizon ({roadmap.horizon.isoformat()}). The table after the chart lists the same "
        "milestones in words."
    )
    if earlier:
        desc += f" {len(earlier)} milestone(s) completed before {lo.year} are listed but not drawn."
    return {
        "width": WIDTH,
        "height": bottom + BOTTOM,
        "label_w": LABEL_W,
        "right": WIDTH - RIGHT_PAD,
        "top": TOP,
        "bottom": bottom,
        "lanes": lanes,
        "ticks": ticks,
        "today": coordinate(today),
        "today_anchor": "end" if today > WIDTH - 150 else "start",
        "today_tx": coordinate(today - 4 if today > WIDTH - 150 else today + 4),
        "horizon": coordinate(horizon),
        "show_horizon": roadmap.horizon < hi and abs(horizon - today) > 40,
        "desc": desc,
        "earlier": len(earlier),
        "lo_year": lo.year,
    }


def _milestone(m: Milestone, prefix: str, goal_ids: frozenset[str]) -> dict[str, Any]:
    reasons = [
        {"text": t, "url": u, "label": c.source_label(u) if u else "", "note": n}
        for t, u, n in c.iter_reasons(m)
    ]
    cost = None
    if m.cost is not None:
        src = c.safe_url(m.cost.source)
        cost = {
            "text": c.cost_text(m.cost),
            "url": src,
            "label": c.source_label(src) if src else "",
            "as_of": m.cost.as_of.isoformat() if m.cost.as_of else "",
        }
    ce = []
    if m.kind == "ce_cycle":
        unit = str(m.details.get("unit") or "CE")
        for key, label in (
            ("ce_required", "required"),
            ("ce_earned", "earned so far"),
            ("ce_remaining", "still to earn"),
        ):
            val = m.details.get(key)
            if isinstance(val, int | float):
                ce.append(f"{val:g} {c.units(unit)} {label}")
    terms = [
        {
            "label": c.term_label(t),
            "start": t["start"].isoformat(),
            "end": t["end"].isoformat(),
            "credits": f"{t['credits']:g}" if t["credits"] is not None else "\N{EN DASH}",
        }
        for t in c.schedule(m)
    ]
    return {
        "id": f"{prefix}-{c.short_hash(m.id, length=10)}",
        "title": c.one_line(m.title),
        "kind": m.kind,
        "kind_label": c.KIND_SINGULAR.get(m.kind, m.kind.replace("_", " ")),
        "status": m.status,
        "status_label": c.STATUS_LABELS.get(m.status, m.status),
        "when": c.when(m),
        "start": m.start.isoformat(),
        "end": m.end.isoformat(),
        "credential": m.credential or "",
        "cost": cost,
        "reasons": reasons,
        "terms": terms,
        "ce": ", ".join(ce),
        "goal": m.id in goal_ids,
        "depends_on": ", ".join(m.depends_on),
    }


def context(roadmap: Roadmap, *, heading_level: int = 2) -> dict[str, Any]:
    """Everything the templates need, as plain data (useful for custom templates)."""
    prefix = "mrt-" + c.short_hash(roadmap.profile_id, length=8)
    goal_ids = c.goal_milestone_ids(roadmap)
    goals = []
    for g in roadmap.goals:
        goals.append(
            {
                "target": c.goal_target(g, roadmap),
                "kind": g.kind,
                "reached_on": g.reached_on.isoformat() if g.reached_on else "",
                "route": c.one_line(g.route_label or g.route or ""),
                "why_not": c.one_line(g.why_not or ""),
                "alternatives": [
                    {
                        "label": a.label,
                        "finish": a.finish.isoformat() if a.finish else "",
                        "lost_because": a.lost_because,
                    }
                    for a in g.alternatives
                ],
            }
        )
    level = min(max(heading_level, 1), 4)
    return {
        "prefix": prefix,
        "h": level,
        "h2": level + 1,
        "h3": level + 2,
        "name": c.display_name(roadmap),
        "profile_id": roadmap.profile_id,
        "as_of": roadmap.as_of.isoformat(),
        "horizon": roadmap.horizon.isoformat(),
        "goals": goals,
        "total_cost": c.money(roadmap.total_cost) if roadmap.total_cost is not None else "",
        "timeline": _timeline(roadmap, prefix) if roadmap.milestones else None,
        "milestones": [_milestone(m, prefix, goal_ids) for m in roadmap.milestones],
        "warnings": [
            {
                "code": w.code,
                "message": c.one_line(w.message),
                "url": c.safe_url(w.source),
                "label": c.source_label(w.source) if c.safe_url(w.source) and w.source else "",
            }
            for w in roadmap.warnings
        ],
        "pay": [
            {
                "title": line.title,
                "reached_on": line.reached_on,
                "pay": line.pay,
                "outlook": line.outlook,
                "history": list(line.history),
                "sources": [{"url": u, "label": c.source_label(u)} for u in line.sources],
            }
            for line in c.pay_lines(roadmap)
        ],
        "assumptions": [c.one_line(a) for a in roadmap.assumptions],
        "plugins": [f"{p.name} {p.version}" for p in roadmap.plugins],
        "kinds": [{"kind": k, "label": c.kind_label(k)} for k in c.kinds_present(roadmap)],
    }


def to_html_fragment(roadmap: Roadmap, *, heading_level: int = 2) -> str:
    """An embeddable ``<section class="mrt-roadmap">`` with its own scoped ``<style>``; its title
    is an ``<h{heading_level}>`` (sections and milestones use the next two levels)."""
    ctx = context(roadmap, heading_level=heading_level)
    ctx["inline_style"] = True
    return environment().get_template("fragment.html.j2").render(ctx)


def to_html(roadmap: Roadmap) -> str:
    """A complete, self-contained HTML5 page (no external assets, no scripts)."""
    ctx = context(roadmap, heading_level=1)
    ctx["inline_style"] = False
    return environment().get_template("page.html.j2").render(ctx)

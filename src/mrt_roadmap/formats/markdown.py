"""Markdown (CommonMark + GitHub tables): a readable roadmap document.

Every piece of text that comes from a profile or a plugin is escaped with :func:`md_escape`, so
Markdown and raw HTML in a profile name (``<script>...</script>``) render as literal text. Links
are only made for absolute http(s) source URLs.

Bare URLs in such text do not become links either. GitHub-flavoured Markdown (cmark-gfm) links
``http://x``, ``https://x``, ``ftp://x`` and ``www.x`` while it parses inlines, so a backslash
escape of the ``:`` or of the ``.`` of ``www.`` is enough: the escaped character is consumed
before the autolinker sees it. E-mail addresses (and ``mailto:``/``xmpp:`` ones) are found
after parsing, in text nodes that cmark-gfm first merges, escapes and entities included; only a
non-text node stops that, so any run of address characters around an ``@`` becomes a code span
(`` `dana@example.com` ``), which renders as literal text in every CommonMark viewer. Control
characters are shown escaped (:func:`~mrt_roadmap.formats.safe_text.visible_controls`).
"""

from __future__ import annotations

import re

from mrt_roadmap.formats import _common as c
from mrt_roadmap.formats.safe_text import visible_controls
from mrt_roadmap.roadmap import Milestone, Roadmap

# Characters with a meaning in CommonMark/GFM inline syntax, escaped with a backslash. Brackets
# are escaped, so "(", ")" and "!" cannot form a link or an image and stay unescaped (readable).
_MD_SPECIAL = re.compile(r"([\\`*_\[\]#|~$])")
# Autolink triggers of GFM, broken by escaping one character (see the module docstring).
_URL_COLON = re.compile(r":(?=//)")
_WWW_DOT = re.compile(r"(?<=[Ww]{3})\.")
# A run of e-mail address characters around one or more "@": shown as a code span. It holds no
# backtick, pipe, "<" or "&", so it needs no escaping inside the span (nor in a table cell).
_EMAIL_LIKE = re.compile(r"[A-Za-z0-9.+_-]*@[A-Za-z0-9.+_@-]*")
_STATUS_MARK = {"done": "✅ done", "in_progress": "⏳ in progress", "planned": "🗓️ planned"}


def md_escape(text: object) -> str:
    """``text`` as inert Markdown: one line, control characters shown escaped, HTML special
    characters as entities, Markdown punctuation backslash-escaped and no autolink (safe in
    paragraphs, headings, list items and table cells)."""
    return _inert(visible_controls(c.one_line(str(text))))


def _inert(s: str) -> str:
    """Escape ``s``; each run of address characters around an ``@`` becomes a code span."""
    pieces = []
    start = 0
    for email in _EMAIL_LIKE.finditer(s):
        pieces += [_escape_inline(s[start : email.start()]), f"`{email.group()}`"]
        start = email.end()
    pieces.append(_escape_inline(s[start:]))
    return "".join(pieces)


def _escape_inline(s: str) -> str:
    """Entities, punctuation escapes, and the URL autolink triggers broken (``s`` has no ``@``)."""
    s = s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    # Line-start markers ("-", "1.", "=") need no escape: escaped text is always placed after
    # other text or a list marker, never at the start of a line.
    s = _MD_SPECIAL.sub(r"\\\1", s)
    return _WWW_DOT.sub(r"\\.", _URL_COLON.sub(r"\\:", s))


def md_link(label: str, url: str | None) -> str:
    """``[label](url)`` for a safe http(s) URL, else the escaped label alone."""
    safe = c.safe_url(url)
    if safe is None:
        return md_escape(label)
    return f"[{md_escape(label)}](<{safe.replace('>', '%3E').replace('<', '%3C')}>)"


def _status(m: Milestone) -> str:
    if c.missed(m):
        return "❌ missed"
    return _STATUS_MARK.get(m.status, md_escape(m.status))


def _summary(roadmap: Roadmap, out: list[str]) -> None:
    out += ["## Summary", ""]
    if roadmap.goals:
        out += ["| Goal | Result | Route |", "|---|---|---|"]
        for g in roadmap.goals:
            target = md_escape(f"{c.goal_target(g, roadmap)} ({g.kind})")
            if g.reached_on:
                result = f"reached **{g.reached_on.isoformat()}**"
            else:
                result = "not planned within the horizon: " + md_escape(g.why_not or "unknown")
            route = md_escape(g.route_label or g.route or "\N{EN DASH}")
            out.append(f"| {target} | {result} | {route} |")
        out.append("")
        alternatives = [(g, a) for g in roadmap.goals for a in g.alternatives]
        if alternatives:
            out += ["Routes considered and not chosen:", ""]
            for g, a in alternatives:
                finish = f", would finish {a.finish.isoformat()}" if a.finish else ""
                out.append(
                    f"- {md_escape(g.target)}: {md_escape(a.label)}{md_escape(finish)} "
                    f"— {md_escape(a.lost_because)}"
                )
            out.append("")
    else:
        out += ["No goals were given.", ""]
    if roadmap.total_cost is not None:
        out.append(
            f"**Total known cost:** {md_escape(c.money(roadmap.total_cost))} "
            "(costs without a source are left out; see the warnings)."
        )
    else:
        out.append("**Total known cost:** unknown (no cost in the plan has a source).")
    out.append("")


def _timeline(roadmap: Roadmap, out: list[str]) -> None:
    out += [
        "## Timeline",
        "",
        "| When | Kind | Milestone | Status | Cost |",
        "|---|---|---|---|---|",
    ]
    for m in roadmap.milestones:
        cost = "\N{EN DASH}"
        if m.cost is not None:
            cost = (
                md_escape(c.money(m.cost.amount, m.cost.currency))
                if m.cost.amount is not None
                else "unknown"
            )
        kind = md_escape(c.KIND_SINGULAR.get(m.kind, m.kind))
        out.append(
            f"| {md_escape(c.when(m))} | {kind} | [{md_escape(m.title)}](#{_anchor(m)}) "
            f"| {_status(m)} | {cost} |"
        )
    out.append("")


def _anchor(m: Milestone) -> str:
    return "m-" + c.short_hash(m.id, length=10)


def _milestone(m: Milestone, goal_ids: frozenset[str], out: list[str]) -> None:
    star = " ⭐" if m.id in goal_ids else ""
    out += [f'### <a id="{_anchor(m)}"></a>{md_escape(m.title)}{star}', ""]
    kind = md_escape(c.KIND_SINGULAR.get(m.kind, m.kind))
    out.append(f"- **When:** {md_escape(c.when(m))} · **Kind:** {kind} · **Status:** {_status(m)}")
    if m.credential:
        out.append(f"- **Credential:** {md_escape(m.credential)}")
    if m.tracking is not None and m.tracking.status != "done":
        state = m.tracking.status.replace("_", " ")
        out.append(f"- **Tracking:** {md_escape(state)} ({md_escape(m.tracking.reason)})")
    if m.cost is not None:
        src = ""
        if c.safe_url(m.cost.source):
            as_of = f", as of {m.cost.as_of.isoformat()}" if m.cost.as_of else ""
            src = f" — {md_link(c.source_label(m.cost.source or ''), m.cost.source)}{md_escape(as_of)}"
        out.append(f"- **Cost:** {md_escape(c.cost_text(m.cost))}{src}")
    terms = c.schedule(m)
    if terms:
        listing = "; ".join(
            f"{c.term_label(t)} ({t['credits']:g} cr)"
            if t["credits"] is not None
            else c.term_label(t)
            for t in terms
        )
        out.append(f"- **Schedule:** {len(terms)} terms: {md_escape(listing)}")
    if m.kind == "ce_cycle" and m.details.get("ce_required") is not None:
        unit = str(m.details.get("unit") or "CE")
        parts = [f"{m.details['ce_required']:g} {c.units(unit)} required"]
        if isinstance(m.details.get("ce_remaining"), int | float):
            parts.append(f"{m.details['ce_remaining']:g} still to earn")
        out.append(f"- **Continuing education:** {md_escape(', '.join(parts))}")
    if m.depends_on:
        out.append(f"- **After:** {md_escape(', '.join(m.depends_on))}")
    if m.why:
        out.append("- **Why:**")
        for text, url, note in c.iter_reasons(m):
            line = f"  - {md_escape(text)}"
            if url:
                line += f" — source: {md_link(c.source_label(url), url)}"
            if note:
                line += f" ({md_escape(note)})"
            out.append(line)
    out.append("")


def to_markdown(roadmap: Roadmap, *, chart: bool = True) -> str:
    """The roadmap as a Markdown document: summary, timeline table, milestones with reasons and
    linked sources, warnings and assumptions. With ``chart``, a Mermaid Gantt chart is included
    (GitHub, GitLab and many editors render it; others show it as a code block)."""
    from mrt_roadmap.formats.mermaid import to_mermaid

    out = [f"# Career roadmap: {md_escape(c.display_name(roadmap))}", ""]
    out += [
        f"Planned as of **{roadmap.as_of.isoformat()}**, horizon "
        f"**{roadmap.horizon.isoformat()}** (profile {md_escape(roadmap.profile_id)}).",
        "",
    ]
    _summary(roadmap, out)
    _timeline(roadmap, out)
    if chart and roadmap.milestones:
        out += ["```mermaid", to_mermaid(roadmap).rstrip("\n"), "```", ""]
    out += ["## Milestones", ""]
    goal_ids = c.goal_milestone_ids(roadmap)
    for m in roadmap.milestones:
        _milestone(m, goal_ids, out)
    pay = c.pay_lines(roadmap)
    if pay:
        out += [
            "## Pay and outlook",
            "",
            "National figures for each role the roadmap reaches, with their period and source;"
            " older figures are history, not current pay.",
            "",
        ]
        for role in pay:
            out.append(f"- **{md_escape(role.title)}** (reached {role.reached_on})")
            out.append(f"  - Pay: {md_escape(role.pay)}")
            out.append(f"  - Outlook: {md_escape(role.outlook)}")
            out += [f"  - {md_escape(h)}" for h in role.history]
            if role.sources:
                links = ", ".join(md_link(c.source_label(u), u) for u in role.sources)
                out.append(f"  - Sources: {links}")
        out.append("")
    if roadmap.warnings:
        out += ["## Warnings", ""]
        for w in roadmap.warnings:
            line = f"- ⚠️ **{md_escape(w.code)}**: {md_escape(w.message)}"
            if c.safe_url(w.source):
                line += f" — source: {md_link(c.source_label(w.source or ''), w.source)}"
            out.append(line)
        out.append("")
    if roadmap.assumptions:
        out += ["## Assumptions", ""]
        out += [f"- {md_escape(a)}" for a in roadmap.assumptions]
        out.append("")
    if roadmap.plugins:
        names = ", ".join(f"{p.name} {p.version}" for p in roadmap.plugins)
        out += [
            f"<sub>Made with mrt-roadmap; plugins: {md_escape(names)}. Rules change: check "
            "each source before you rely on it.</sub>",
            "",
        ]
    # The Mermaid block is not escaped by md_escape: control characters are shown escaped here.
    return visible_controls("\n".join(out))

"""Small helpers shared by the document exporters (Markdown, HTML, Mermaid, iCalendar).

Everything here is pure: it reads a :class:`Roadmap` and returns plain values, never the clock.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Iterator, Mapping, Sequence
from typing import Any, NamedTuple
from urllib.parse import quote, urlsplit

from mrt_roadmap.definitions import Earnings, Outlook
from mrt_roadmap.roadmap import MILESTONE_KINDS, Cost, GoalResult, Milestone, Roadmap

KIND_LABELS: Mapping[str, str] = {
    "education": "Education",
    "exam": "Exams",
    "credential": "Credentials",
    "experience": "Experience",
    "ce_cycle": "CE cycles",
    "renewal": "Renewals",
    "advancement": "Advancement",
    "job": "Jobs",
}
KIND_SINGULAR: Mapping[str, str] = {
    "education": "education",
    "exam": "exam",
    "credential": "credential",
    "experience": "experience",
    "ce_cycle": "CE cycle",
    "renewal": "renewal deadline",
    "advancement": "advancement",
    "job": "job",
}
STATUS_LABELS: Mapping[str, str] = {
    "done": "done",
    "in_progress": "in progress",
    "planned": "planned",
}


def kind_order(kind: str) -> int:
    """Position of ``kind`` among the known kinds; unknown kinds (from plugins) sort last."""
    return MILESTONE_KINDS.index(kind) if kind in MILESTONE_KINDS else len(MILESTONE_KINDS)


def kind_label(kind: str) -> str:
    """Plural heading for a milestone kind (``ce_cycle`` -> ``CE cycles``)."""
    return KIND_LABELS.get(kind, kind.replace("_", " ").capitalize())


def kinds_present(roadmap: Roadmap, milestones: Sequence[Milestone] | None = None) -> list[str]:
    """The kinds that occur in the roadmap, in the canonical order."""
    items = roadmap.milestones if milestones is None else milestones
    return sorted({m.kind for m in items}, key=lambda k: (kind_order(k), k))


def display_name(roadmap: Roadmap) -> str:
    """The learner-facing name of the roadmap (profile name, else its id), on one line."""
    return one_line(roadmap.profile_name or roadmap.profile_id)


def one_line(text: str) -> str:
    """Collapse every run of whitespace (newlines included) into one space."""
    return " ".join(text.split())


def when(m: Milestone) -> str:
    """``2027-01-14 to 2029-05-04`` (with an en dash) for a span, the single date for a deadline or an event."""
    if m.start == m.end:
        return m.start.isoformat()
    return f"{m.start.isoformat()} \N{EN DASH} {m.end.isoformat()}"


def units(unit: object) -> str:
    """The plural of a CE unit: ``CEUs``, ``CE hours`` (a unit already plural stays so)."""
    text = str(unit or "CE unit")
    return text if text.endswith("s") else f"{text}s"


def missed(m: Milestone) -> bool:
    """Whether ``m`` is a past CE cycle whose logged CE fell short (tracking ``missed``)."""
    return m.tracking is not None and m.tracking.status == "missed"


def money(amount: float, currency: str = "USD") -> str:
    """``$8,640`` (whole dollars) or ``8,640 EUR`` for other currencies."""
    if currency == "USD":
        return f"${amount:,.0f}"
    return f"{amount:,.0f} {currency}"


def cost_text(cost: Cost) -> str:
    """A cost as a phrase: amount (or "amount unknown") and its basis."""
    if cost.amount is None:
        return f"amount unknown ({cost.basis})"
    return f"{money(cost.amount, cost.currency)} ({cost.basis})"


def safe_url(url: str | None) -> str | None:
    """``url`` if it is an absolute http(s) URL, percent-encoding characters that could break out
    of a Markdown link or an HTML attribute; ``None`` for anything else (``javascript:`` etc.)."""
    if not url:
        return None
    url = url.strip()
    try:
        parts = urlsplit(url)
    except ValueError:
        return None
    if parts.scheme.lower() not in ("http", "https") or not parts.netloc:
        return None
    return quote(url, safe="/:?#[]@!$&'*+,;=%-._~")


def source_label(url: str) -> str:
    """A short label for a source link: its host without ``www.`` (``ahima.org``)."""
    host = urlsplit(url).hostname or url
    return host.removeprefix("www.")


def goal_target(goal: GoalResult, roadmap: Roadmap) -> str:
    """A goal's target in words: the credential id, or the role's title where the roadmap has it."""
    if goal.kind == "role":
        for m in roadmap.milestones:
            if m.details.get("role") == goal.target and m.title.startswith("Eligible for "):
                return m.title.removeprefix("Eligible for ")
    return goal.target


def goal_milestone_ids(roadmap: Roadmap) -> frozenset[str]:
    """Ids of the milestones where a goal is reached (credential earned, role eligible)."""
    ids = set()
    for g in roadmap.goals:
        ids.add(f"credential.{g.target}" if g.kind == "credential" else f"role.{g.target}")
    return frozenset(i for i in ids if any(m.id == i for m in roadmap.milestones))


def schedule(m: Milestone) -> list[dict[str, Any]]:
    """The term schedule of an education milestone (``details["schedule"]``), validated lightly.

    Each entry has ``term`` (str), ``start``/``end`` (dates) and ``credits`` (number or None);
    entries that do not parse are skipped rather than failing the export.
    """
    out: list[dict[str, Any]] = []
    raw = m.details.get("schedule") or ()
    if not isinstance(raw, list | tuple):
        return out
    for entry in raw:
        if not isinstance(entry, Mapping):
            continue
        start, end = as_date(entry.get("start")), as_date(entry.get("end"))
        if start is None or end is None:
            continue
        credits = entry.get("credits")
        out.append(
            {
                "term": str(entry.get("term") or "term"),
                "start": start,
                "end": max(start, end),
                "credits": credits if isinstance(credits, int | float) else None,
            }
        )
    return out


def term_label(term: Mapping[str, Any]) -> str:
    """``Fall 2027`` from a schedule entry."""
    return f"{str(term['term']).replace('_', ' ').capitalize()} {term['start'].year}"


def as_date(value: Any) -> dt.date | None:
    """A date from a date or an ISO string; ``None`` otherwise."""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        try:
            return dt.date.fromisoformat(value)
        except ValueError:
            return None
    return None


def exam_date(m: Milestone) -> dt.date:
    """The day of an exam (``details["exam_date"]``; the milestone's end otherwise)."""
    return as_date(m.details.get("exam_date")) or m.end


def window(roadmap: Roadmap) -> tuple[dt.date, dt.date]:
    """The span a chart shows: from January of the year of the earliest unfinished milestone (or
    of ``as_of``) to the end of the year of the last milestone (or of the horizon).

    Milestones finished before the window are listed in the documents but not drawn.
    """
    starts = [m.start for m in roadmap.milestones if m.status != "done" or m.end >= roadmap.as_of]
    first = min([roadmap.as_of, *starts])
    last = max([roadmap.horizon, *(m.end for m in roadmap.milestones)])
    return dt.date(first.year, 1, 1), dt.date(last.year + 1, 1, 1)


def in_window(roadmap: Roadmap) -> tuple[list[Milestone], list[Milestone]]:
    """``(drawn, earlier)``: milestones that overlap :func:`window`, and those finished before it."""
    lo, _ = window(roadmap)
    drawn = [m for m in roadmap.milestones if m.end >= lo]
    earlier = [m for m in roadmap.milestones if m.end < lo]
    return drawn, earlier


def short_hash(*parts: str, length: int = 16) -> str:
    """A stable hex digest of ``parts`` (NUL-separated), for ids and UIDs."""
    digest = hashlib.sha256("\x00".join(parts).encode("utf-8")).hexdigest()
    return digest[:length]


def iter_reasons(m: Milestone) -> Iterator[tuple[str, str | None, str | None]]:
    """``(text, safe source URL, note)`` for each reason; note says "as of" and "unverified"."""
    for r in m.why:
        notes = []
        if r.rule:
            notes.append(f"rule {r.rule}")
        if r.as_of:
            notes.append(f"as of {r.as_of.isoformat()}")
        if not r.verified:
            notes.append("unverified")
        yield one_line(r.text), safe_url(r.source), ", ".join(notes) or None


class PayLine(NamedTuple):
    """What a role reached pays and its outlook, in words, with the sources (for every format)."""

    title: str
    reached_on: str
    pay: str
    outlook: str
    history: tuple[str, ...]
    sources: tuple[str, ...]


def _money(amount: float | None, currency: str) -> str | None:
    if amount is None:
        return None
    return f"${amount:,.0f}" if currency == "USD" else f"{amount:,.0f} {currency}"


def pay_text(e: Earnings) -> str:
    """``median $58,250 a year (10th-90th percentile: $29,680-$98,490); US, May 2022, SOC
    29-9021``; unknown figures are left out, and said to be unknown."""
    per = "a year" if e.basis == "annual" else "an hour"
    median = _money(e.median, e.currency)
    low, high = _money(e.p10, e.currency), _money(e.p90, e.currency)
    parts = [f"median {median} {per}" if median else "median not in our sources"]
    if low and high:
        parts.append(f"(10th-90th percentile: {low}-{high})")
    flag = "" if e.provenance.verified else "; unverified"
    return f"{' '.join(parts)}; {e.area}, {e.period}, SOC {e.occupation_code}{flag}"


def outlook_text(o: Outlook) -> str:
    """``+16% over 2022-32 (37,900 jobs; about 3,100 openings a year); US, SOC 29-9021``."""
    growth = (
        f"{o.growth_percent:+g}% over {o.period}"
        if o.growth_percent is not None
        else f"growth over {o.period} not in our sources"
    )
    extra = []
    if o.employment is not None:
        extra.append(f"{o.employment:,} jobs")
    if o.openings_per_year is not None:
        extra.append(f"about {o.openings_per_year:,} openings a year")
    flag = "" if o.provenance.verified else "; unverified"
    more = f" ({'; '.join(extra)})" if extra else ""
    return f"{growth}{more}; {o.area}, SOC {o.occupation_code}{flag}"


def pay_lines(roadmap: Roadmap) -> list[PayLine]:
    """One line per role the roadmap reaches: current pay and outlook (or that no source gives
    them), older figures as history with their period, and the sources."""
    out = []
    for r in roadmap.roles:
        history = tuple(
            [f"earlier: {pay_text(e)}" for e in r.earnings_history]
            + [f"earlier projection: {outlook_text(o)}" for o in r.outlook_history]
        )
        sources = tuple(
            dict.fromkeys(
                url
                for item in (r.earnings, r.outlook, *r.earnings_history, *r.outlook_history)
                if item is not None and (url := safe_url(item.provenance.source))
            )
        )
        out.append(
            PayLine(
                r.title,
                r.reached_on.isoformat() if r.reached_on else "not within the horizon",
                pay_text(r.earnings) if r.earnings else "pay not in our sources",
                outlook_text(r.outlook) if r.outlook else "outlook not in our sources",
                history,
                sources,
            )
        )
    return out

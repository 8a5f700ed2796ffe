"""iCalendar (RFC 5545): terms, exams and deadlines, as events the calendars people use import.

* ``VEVENT`` for every term of an education milestone (``details["schedule"]``; the whole program
  when there is no schedule) and for every exam day. Terms are all-day, ``TRANSP:TRANSPARENT``
  (a four-month term must not show you as busy); exams are ``OPAQUE``.
* Every deadline (the end of a CE cycle: earn the CE by then, its category minimums,
  ``details["ce_minimums"]``, whatever the issuer; a renewal) is an all-day ``VEVENT`` on the
  deadline, ``TRANSPARENT``, with ``VALARM`` reminders 90 and 30 days before it. Google Calendar
  and Outlook import events only (they drop ``VTODO``), so this is the default.
* ``todos=True``: deadlines are ``VTODO`` with ``DUE`` instead (``DTSTART`` the cycle's start),
  with the same reminders (``RELATED=END``: relative to ``DUE``); finished ones are
  ``COMPLETED``. Apple Reminders/Calendar and Thunderbird show these as tasks.
* Finished deadlines have no alarms.
* ``UID`` = sha256(profile id, milestone id, part) ``@mrt-roadmap``: importing an updated roadmap
  updates the same entries instead of duplicating them.
* ``DTSTAMP``/``LAST-MODIFIED`` = ``as_of`` at 00:00 UTC: no clock is read and the same roadmap
  gives the same bytes.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from mrt_roadmap.formats import _common as c
from mrt_roadmap.roadmap import Milestone, Roadmap

PRODID = "-//mrt-roadmap//Career roadmap//EN"
UID_DOMAIN = "mrt-roadmap"
REMINDER_DAYS: tuple[int, ...] = (90, 30)
_CATEGORY = {
    "education": "Education",
    "exam": "Exam",
    "ce_cycle": "Continuing education",
    "renewal": "Renewal",
}
_TASK_STATUS = {"done": "COMPLETED", "in_progress": "IN-PROCESS", "planned": "NEEDS-ACTION"}


def uid(profile_id: str, milestone_id: str, part: str = "") -> str:
    """The stable UID of one calendar entry: the same inputs always give the same UID."""
    return f"{c.short_hash(profile_id, milestone_id, part, length=32)}@{UID_DOMAIN}"


def _stamp(roadmap: Roadmap) -> dt.datetime:
    return dt.datetime.combine(roadmap.as_of, dt.time(0, 0), tzinfo=dt.UTC)


def _description(m: Milestone, lead: list[str]) -> str:
    lines = list(lead)
    if m.cost is not None:
        lines.append(f"Cost: {c.cost_text(m.cost)}")
    reasons = list(c.iter_reasons(m))
    if reasons:
        lines.append("Why:")
        for text, url, note in reasons:
            extra = f" ({note})" if note else ""
            lines.append(f"- {text}{extra}" + (f" Source: {url}" if url else ""))
    return "\n".join(lines)


def _first_source(m: Milestone) -> str | None:
    for r in m.why:
        url = c.safe_url(r.source)
        if url:
            return url
    return None


def _common_props(comp: Any, roadmap: Roadmap, m: Milestone, part: str, summary: str) -> None:
    stamp = _stamp(roadmap)
    comp.add("uid", uid(roadmap.profile_id, m.id, part))
    comp.add("dtstamp", stamp)
    comp.add("last-modified", stamp)
    comp.add("summary", c.one_line(summary))
    comp.add("categories", [_CATEGORY.get(m.kind, c.kind_label(m.kind))])
    url = _first_source(m)
    if url:
        comp.add("url", url)


def _event(
    roadmap: Roadmap,
    m: Milestone,
    part: str,
    summary: str,
    start: dt.date,
    end: dt.date,
    lead: list[str],
    *,
    busy: bool,
) -> Any:
    from icalendar import Event

    ev = Event()
    _common_props(ev, roadmap, m, part, summary)
    ev.add("dtstart", start)
    ev.add("dtend", end + dt.timedelta(days=1))  # all-day: DTEND is exclusive
    ev.add("transp", "OPAQUE" if busy else "TRANSPARENT")
    ev.add("status", "CONFIRMED" if m.status == "done" else "TENTATIVE")
    ev.add("description", _description(m, lead))
    return ev


def _todo(
    roadmap: Roadmap, m: Milestone, summary: str, start: dt.date | None, lead: list[str]
) -> Any:
    from icalendar import Todo

    todo = Todo()
    _common_props(todo, roadmap, m, "todo", summary)
    if start is not None and start < m.end:
        todo.add("dtstart", start)
    todo.add("due", m.end)
    todo.add(
        "status", "NEEDS-ACTION" if c.missed(m) else _TASK_STATUS.get(m.status, "NEEDS-ACTION")
    )
    if m.status == "done" and not c.missed(m):
        todo.add("percent-complete", 100)
        todo.add("completed", dt.datetime.combine(m.end, dt.time(0, 0), tzinfo=dt.UTC))
    todo.add("description", _description(m, lead))
    _add_reminders(todo, roadmap, m, summary, related="END")
    return todo


def _deadline_event(roadmap: Roadmap, m: Milestone, summary: str, lead: list[str]) -> Any:
    """The deadline ``m.end`` as an all-day event with reminders before it."""
    event = _event(roadmap, m, "deadline", summary, m.end, m.end, lead, busy=False)
    _add_reminders(event, roadmap, m, summary, related="START")
    return event


def _add_reminders(comp: Any, roadmap: Roadmap, m: Milestone, summary: str, related: str) -> None:
    """``VALARM`` reminders :data:`REMINDER_DAYS` before the deadline (none once done)."""
    from icalendar import Alarm

    if m.status == "done":
        return
    for days in REMINDER_DAYS:
        alarm = Alarm()
        alarm.add("uid", uid(roadmap.profile_id, m.id, f"alarm-{days}"))
        alarm.add("action", "DISPLAY")
        alarm.add("description", f"In {days} days ({m.end.isoformat()}): {c.one_line(summary)}")
        alarm.add("trigger", dt.timedelta(days=-days), parameters={"RELATED": related})
        comp.add_component(alarm)


def _ce_lead(m: Milestone) -> list[str]:
    d = m.details
    unit = str(d.get("unit") or "CE")
    lead = [
        f"Continuing-education cycle {m.start.isoformat()} to {m.end.isoformat()}"
        + (f" ({d['issuer']})" if d.get("issuer") else "")
        + "."
    ]
    if isinstance(d.get("ce_required"), int | float):
        lead.append(
            f"Required: {d['ce_required']:g} {c.units(unit)}"
            + (f" for {', '.join(map(str, d['credentials']))}" if d.get("credentials") else "")
            + "."
        )
    if isinstance(d.get("ce_remaining"), int | float):
        lead.append(f"Still to earn: {d['ce_remaining']:g} {c.units(unit)}.")
    minimums = d.get("ce_minimums")
    for minimum in minimums if isinstance(minimums, list | tuple) else ():
        amount = minimum.get("amount") if isinstance(minimum, Mapping) else None
        if isinstance(amount, int | float) and not isinstance(amount, bool):
            label = c.one_line(str(minimum.get("label") or "")).strip()
            lead.append(f"At least {amount:g} {c.units(unit)}{' ' + label if label else ''}.")
    return lead


def to_ical_calendar(roadmap: Roadmap, *, todos: bool = False) -> Any:
    """The roadmap as an ``icalendar.Calendar`` (for callers who want to add to it);
    ``todos``: deadlines as ``VTODO`` instead of all-day events."""
    from icalendar import Calendar

    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    cal.add("x-wr-calname", f"Career roadmap: {c.display_name(roadmap)}")
    goals = "; ".join(
        f"{g.target}: {g.reached_on.isoformat() if g.reached_on else 'not within the horizon'}"
        for g in roadmap.goals
    )
    cal.add("x-wr-caldesc", f"Planned as of {roadmap.as_of.isoformat()}. Goals: {goals or 'none'}.")
    for m in roadmap.milestones:
        if m.kind == "education":
            terms = c.schedule(m)
            if terms:
                for i, t in enumerate(terms, start=1):
                    credits = f", {t['credits']:g} credits" if t["credits"] is not None else ""
                    summary = f"{c.term_label(t)} term ({i}/{len(terms)}): {m.title}"
                    lead = [f"Term {i} of {len(terms)} of {m.title}{credits}."]
                    cal.add_component(
                        _event(
                            roadmap, m, f"term-{i}", summary, t["start"], t["end"], lead, busy=False
                        )
                    )
            elif m.status != "done":
                cal.add_component(
                    _event(
                        roadmap, m, "program", m.title, m.start, m.end, [f"{m.title}."], busy=False
                    )
                )
        elif m.kind == "exam":
            day = c.exam_date(m)
            lead = [f"Exam day: {day.isoformat()}."]
            if m.start < day:
                lead.append(f"Preparation starts {m.start.isoformat()}.")
            cal.add_component(_event(roadmap, m, "exam", m.title, day, day, lead, busy=True))
        elif m.kind in ("ce_cycle", "renewal") and not m.details.get("ended_by_replacement"):
            # (a cycle ended by a replacing credential has nothing due: no deadline)
            if m.kind == "ce_cycle":
                summary, start, lead = f"Deadline: {m.title}", m.start, _ce_lead(m)
            else:
                summary, start, lead = m.title, None, [f"Due {m.end.isoformat()}."]
            if todos:
                cal.add_component(_todo(roadmap, m, summary, start, lead))
            else:
                cal.add_component(_deadline_event(roadmap, m, summary, lead))
    return cal


def to_ics(roadmap: Roadmap, *, todos: bool = False) -> str:
    """The roadmap as iCalendar text (CRLF line endings; same roadmap, same bytes);
    ``todos``: deadlines as ``VTODO`` instead of all-day events."""
    data: bytes = to_ical_calendar(roadmap, todos=todos).to_ical()
    return data.decode("utf-8")

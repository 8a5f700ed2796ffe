"""iCalendar export: parsed back with icalendar and checked field by field."""

from __future__ import annotations

import copy
import datetime as dt

import attrs
import pytest
from icalendar import Calendar

import mrt_roadmap
from mrt_roadmap.formats import _common as c
from mrt_roadmap.formats.ics import PRODID, to_ics, uid
from mrt_roadmap.profile import profile_from_dict
from mrt_roadmap.roadmap import Roadmap

UTC = dt.UTC


@pytest.fixture
def p5(core_planner, example) -> Roadmap:
    return core_planner.plan(profile_from_dict(example("p5-working-rhit-to-rhia")))


@pytest.fixture
def demo(core_planner, example) -> Roadmap:
    return core_planner.plan(profile_from_dict(example("demo-new-learner")))


def parse(text: str) -> Calendar:
    return Calendar.from_ical(text.encode("utf-8"))


def by_uid(cal: Calendar, name: str) -> dict[str, object]:
    return {str(comp["UID"]): comp for comp in cal.walk(name)}


def test_calendar_properties(p5):
    cal = parse(to_ics(p5))
    assert str(cal["VERSION"]) == "2.0"
    assert str(cal["PRODID"]) == PRODID
    assert str(cal["CALSCALE"]) == "GREGORIAN"
    assert str(cal["METHOD"]) == "PUBLISH"
    assert str(cal["X-WR-CALNAME"]) == f"Career roadmap: {p5.profile_name}"
    assert "RHIA: 2031-12-12" in str(cal["X-WR-CALDESC"])


def test_output_is_rfc5545_text_and_deterministic(p5):
    first, second = to_ics(p5), to_ics(p5)
    assert first == second
    assert first.startswith("BEGIN:VCALENDAR\r\n")
    assert first.endswith("END:VCALENDAR\r\n")
    lines = first.split("\r\n")
    assert "\n" not in "".join(lines), "every line ends with CRLF"
    assert all(len(line.encode("utf-8")) <= 75 for line in lines), "long lines are folded"


def test_dtstamp_comes_from_as_of_not_the_clock(p5):
    cal = parse(to_ics(p5))
    stamp = dt.datetime(2026, 11, 26, tzinfo=UTC)
    comps = [*cal.walk("VEVENT"), *cal.walk("VTODO")]
    assert comps
    for comp in comps:
        assert comp["DTSTAMP"].dt == stamp
        assert comp["LAST-MODIFIED"].dt == stamp
    later = attrs.evolve(p5, as_of=dt.date(2027, 1, 5))
    for comp in parse(to_ics(later)).walk("VTODO"):
        assert comp["DTSTAMP"].dt == dt.datetime(2027, 1, 5, tzinfo=UTC)


def test_one_event_per_program_term(p5):
    cal = parse(to_ics(p5))
    program = p5.milestone("education.bs_him_completion")
    terms = program.details["schedule"]
    assert len(terms) == 13
    events = by_uid(cal, "VEVENT")
    for i, term in enumerate(terms, start=1):
        ev = events[uid(p5.profile_id, program.id, f"term-{i}")]
        start = dt.date.fromisoformat(term["start"])
        end = dt.date.fromisoformat(term["end"])
        assert ev["DTSTART"].dt == start
        assert ev["DTEND"].dt == end + dt.timedelta(days=1)  # all-day: exclusive end
        assert str(ev["SUMMARY"]) == (
            f"{term['term'].capitalize()} {start.year} term ({i}/13): {program.title}"
        )
        assert str(ev["TRANSP"]) == "TRANSPARENT"
        assert str(ev["STATUS"]) == "TENTATIVE"
        assert f"{term['credits']:g} credits" in str(ev["DESCRIPTION"])
        assert ev["CATEGORIES"].cats == ["Education"]
    # Completed schooling from the profile has no schedule and is not put in the calendar.
    assert uid(p5.profile_id, "education.profile.1", "program") not in events


def test_exam_event(p5):
    events = by_uid(parse(to_ics(p5)), "VEVENT")
    exam = events[uid(p5.profile_id, "exam.RHIA", "exam")]
    assert str(exam["SUMMARY"]) == "Sit the RHIA exam"
    assert exam["DTSTART"].dt == dt.date(2031, 9, 1)
    assert exam["DTEND"].dt == dt.date(2031, 9, 2)
    assert str(exam["TRANSP"]) == "OPAQUE"
    assert exam["CATEGORIES"].cats == ["Exam"]
    assert str(exam["URL"]).startswith("https://")
    terms = len(p5.milestone("education.bs_him_completion").details["schedule"])
    deadlines = len(
        [
            m
            for m in (*p5.by_kind("ce_cycle"), *p5.by_kind("renewal"))
            if not m.details.get("ended_by_replacement")
        ]
    )
    assert len(events) == terms + 1 + deadlines
    assert len(by_uid(parse(to_ics(p5, todos=True)), "VEVENT")) == terms + 1


def test_deadlines_are_all_day_events_with_reminders_by_default(p5):
    """Google Calendar and Outlook import events only: every CE cycle end and renewal is an
    all-day event on its deadline, with the reminders of the to-do variant."""
    cal = parse(to_ics(p5))
    assert cal.walk("VTODO") == []
    events = by_uid(cal, "VEVENT")
    deadlines = [*p5.by_kind("ce_cycle"), *p5.by_kind("renewal")]
    # RHIT's last cycle ends as RHIA replaces RHIT: nothing is due, so no deadline
    ended = [m for m in deadlines if m.details.get("ended_by_replacement")]
    assert [m.id for m in ended] == ["ahima.ce.7"]
    assert uid(p5.profile_id, "ahima.ce.7", "deadline") not in events
    deadlines = [m for m in deadlines if m not in ended]
    assert len(deadlines) == 8
    for m in deadlines:
        ev = events[uid(p5.profile_id, m.id, "deadline")]
        assert ev["DTSTART"].dt == m.end
        assert not isinstance(ev["DTSTART"].dt, dt.datetime)
        assert ev["DTEND"].dt == m.end + dt.timedelta(days=1)
        assert str(ev["TRANSP"]) == "TRANSPARENT"
        if m.kind == "ce_cycle":
            assert str(ev["SUMMARY"]) == f"Deadline: {m.title}"
            required = f"Required: {m.details['ce_required']:g} CEUs for {m.credential}."
            assert required in str(ev["DESCRIPTION"])
            assert ev["CATEGORIES"].cats == ["Continuing education"]
        else:
            assert str(ev["SUMMARY"]) == m.title
            assert ev["CATEGORIES"].cats == ["Renewal"]
        alarms = ev.walk("VALARM")
        assert sorted(a["TRIGGER"].dt for a in alarms) == [
            dt.timedelta(days=-90),
            dt.timedelta(days=-30),
        ]
        assert {a["TRIGGER"].params["RELATED"] for a in alarms} == {"START"}
    # the same deadlines as to-dos keep UIDs of their own, stable across exports
    todos = by_uid(parse(to_ics(p5, todos=True)), "VTODO")
    assert {uid(p5.profile_id, m.id, "todo") for m in deadlines} == set(todos)
    assert to_ics(p5) == to_ics(p5)


def test_the_todos_option_reaches_the_format_through_export(p5, core_planner):
    assert mrt_roadmap.export(p5, "ics", planner=core_planner, todos=True) == to_ics(p5, todos=True)
    with pytest.raises(mrt_roadmap.InputError) as info:
        mrt_roadmap.export(p5, "ics", planner=core_planner, todo=True)
    assert info.value.problems[0].code == "unknown-key"
    assert "todos" in str(info.value)


def test_one_todo_per_ce_deadline_with_alarms(p5):
    cal = parse(to_ics(p5, todos=True))
    todos = by_uid(cal, "VTODO")
    cycles = [c for c in p5.by_kind("ce_cycle") if not c.details.get("ended_by_replacement")]
    renewals = p5.by_kind("renewal")
    assert len(cycles) == 4
    assert len(renewals) == 4
    assert len(todos) == len(cycles) + len(renewals)
    for m in [*cycles, *renewals]:
        todo = todos[uid(p5.profile_id, m.id, "todo")]
        assert todo["DUE"].dt == m.end
        assert isinstance(todo["DUE"].dt, dt.date)
        assert not isinstance(todo["DUE"].dt, dt.datetime)
        if m.kind == "ce_cycle":
            assert todo["DTSTART"].dt == m.start
            assert str(todo["SUMMARY"]) == f"Deadline: {m.title}"
            required = f"Required: {m.details['ce_required']:g} CEUs for {m.credential}."
            assert required in str(todo["DESCRIPTION"])
            assert todo["CATEGORIES"].cats == ["Continuing education"]
        else:
            assert "DTSTART" not in todo
            assert str(todo["SUMMARY"]) == m.title
            assert todo["CATEGORIES"].cats == ["Renewal"]
        expected = {"in_progress": "IN-PROCESS", "planned": "NEEDS-ACTION"}[m.status]
        assert str(todo["STATUS"]) == expected
        alarms = todo.walk("VALARM")
        assert len(alarms) == 2
        triggers = sorted(a["TRIGGER"].dt for a in alarms)
        assert triggers == [dt.timedelta(days=-90), dt.timedelta(days=-30)]
        for alarm in alarms:
            assert alarm["TRIGGER"].params["RELATED"] == "END"
            assert str(alarm["ACTION"]) == "DISPLAY"
            assert m.end.isoformat() in str(alarm["DESCRIPTION"])
    current = next(c for c in p5.by_kind("ce_cycle") if c.start.isoformat() == "2025-06-20")
    in_progress = todos[uid(p5.profile_id, current.id, "todo")]
    assert "Still to earn: 8 CEUs." in str(in_progress["DESCRIPTION"])


def test_finished_deadline_is_completed_without_alarms(p5):
    cycle = next(
        c
        for c in p5.by_kind("ce_cycle")
        if c.details["issuer"] == "AHIMA" and c.start.isoformat() == "2025-06-20"
    )
    done = attrs.evolve(cycle, status="done")
    roadmap = attrs.evolve(
        p5, milestones=tuple(done if m.id == cycle.id else m for m in p5.milestones)
    )
    todo = by_uid(parse(to_ics(roadmap, todos=True)), "VTODO")[uid(p5.profile_id, cycle.id, "todo")]
    assert str(todo["STATUS"]) == "COMPLETED"
    assert int(todo["PERCENT-COMPLETE"]) == 100
    assert todo.walk("VALARM") == []
    event = by_uid(parse(to_ics(roadmap)), "VEVENT")[uid(p5.profile_id, cycle.id, "deadline")]
    assert str(event["STATUS"]) == "CONFIRMED"
    assert event.walk("VALARM") == []


def test_uids_are_stable_unique_and_scoped(p5, demo):
    cal = parse(to_ics(p5))
    uids = [str(comp["UID"]) for comp in [*cal.walk("VEVENT"), *cal.walk("VTODO")]]
    assert len(uids) == len(set(uids))
    assert all(u.endswith("@mrt-roadmap") and len(u.split("@")[0]) == 32 for u in uids)
    assert uid("p", "m", "x") == uid("p", "m", "x") != uid("q", "m", "x")
    other = parse(to_ics(demo))
    assert not set(uids) & {str(comp["UID"]) for comp in other.walk("VEVENT")}


def test_same_uids_after_a_profile_change(core_planner, example):
    data = example("demo-new-learner")
    before = core_planner.plan(profile_from_dict(data))
    changed = copy.deepcopy(data)
    changed["name"] = "Demo, renamed"
    changed["availability"]["study_hours_per_week"] = 20  # slower study: every date moves
    after = core_planner.plan(profile_from_dict(changed))
    cal_before, cal_after = parse(to_ics(before)), parse(to_ics(after))
    exam_uid = uid(data["id"], "exam.RHIT", "exam")
    ev_before = by_uid(cal_before, "VEVENT")[exam_uid]
    ev_after = by_uid(cal_after, "VEVENT")[exam_uid]
    assert ev_before["DTSTART"].dt != ev_after["DTSTART"].dt, "the change moved the exam..."
    # ...and re-importing updates the same entry: terms are keyed by their number, so the
    # first terms keep their UIDs even though the schedule got longer.
    terms_before = {u for u in by_uid(cal_before, "VEVENT") if u != exam_uid}
    terms_after = {u for u in by_uid(cal_after, "VEVENT") if u != exam_uid}
    assert terms_before
    assert terms_before <= terms_after
    # A change that does not move dates keeps every UID.
    renamed = copy.deepcopy(data)
    renamed["name"] = "Another name"
    again = parse(to_ics(core_planner.plan(profile_from_dict(renamed))))
    for name in ("VEVENT", "VTODO"):
        assert set(by_uid(again, name)) == set(by_uid(cal_before, name))


def test_program_without_schedule_is_one_event(p5):
    program = p5.milestone("education.bs_him_completion")
    details = {k: v for k, v in program.details.items() if k != "schedule"}
    plain = attrs.evolve(program, details=details)
    roadmap = attrs.evolve(
        p5, milestones=tuple(plain if m.id == program.id else m for m in p5.milestones)
    )
    events = by_uid(parse(to_ics(roadmap, todos=True)), "VEVENT")
    ev = events[uid(p5.profile_id, program.id, "program")]
    assert ev["DTSTART"].dt == program.start
    assert ev["DTEND"].dt == program.end + dt.timedelta(days=1)
    assert len(events) == 2


def test_hostile_text_and_sources(p5):
    cycle = next(
        c
        for c in p5.by_kind("ce_cycle")
        if c.details["issuer"] == "AHIMA" and c.start.isoformat() == "2025-06-20"
    )
    reasons = (attrs.evolve(cycle.why[0], source="javascript:alert(1)"),)
    evil = attrs.evolve(cycle, title="CE; cycle,\nwith: <b>odd</b> text", why=reasons)
    roadmap = attrs.evolve(
        p5,
        profile_name="<script>alert(1)</script>",
        milestones=tuple(evil if m.id == cycle.id else m for m in p5.milestones),
    )
    for cal, kind, part in (
        (parse(to_ics(roadmap, todos=True)), "VTODO", "todo"),
        (parse(to_ics(roadmap)), "VEVENT", "deadline"),
    ):
        entry = by_uid(cal, kind)[uid(p5.profile_id, cycle.id, part)]
        assert str(entry["SUMMARY"]) == "Deadline: CE; cycle, with: <b>odd</b> text"
        assert "URL" not in entry
        assert "javascript:" not in str(entry["DESCRIPTION"])


def test_registered_and_exported_through_the_api(p5, core_planner):
    text = mrt_roadmap.export(p5, "ics", planner=core_planner)
    assert text == to_ics(p5)
    exporter = core_planner.host.exporters.get("ics")
    assert exporter.media_type.startswith("text/calendar")
    assert exporter.suffix == ".ics"
    assert exporter.plugin == "mrt-roadmap.exporters"


def test_common_schedule_tolerates_bad_entries(p5):
    program = p5.milestone("education.bs_him_completion")
    bad = attrs.evolve(
        program,
        details={
            **program.details,
            "schedule": [{"term": "fall"}, "x", {"start": "2030-01-01", "end": "2030-02-01"}],
        },
    )
    terms = c.schedule(bad)
    assert terms == [
        {"term": "term", "start": dt.date(2030, 1, 1), "end": dt.date(2030, 2, 1), "credits": None}
    ]

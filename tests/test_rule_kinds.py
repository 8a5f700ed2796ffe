"""What real credentials need from plugins: their own warnings, requirements with a validity
window that see their route, and exam dates that carry their own reason."""

from __future__ import annotations

import datetime as dt
from typing import Any

import plugin_fixtures as fx
import pytest
from dateutil.relativedelta import relativedelta

from mrt_roadmap.errors import CatalogError
from mrt_roadmap.planner import Planner
from mrt_roadmap.plugin import ExamDate, Notice, Reason, RequirementStatus, hookimpl
from mrt_roadmap.pluginmanager import PluginHost
from mrt_roadmap.profile import profile_from_dict
from mrt_roadmap.registry import CatalogBuilder

PROFILE = {
    "id": "rules",
    "as_of": "2026-11-26",
    "education": [{"level": "high_school", "end": "2010-06-01"}],
    "availability": {"study_hours_per_week": 10},
}
EXAM = {"source": fx.SOURCE, "as_of": "2025-01-01", "processing_business_days": 0}
COURSE_DAYS = 90


def plan(*plugins: Any, goals: tuple[str, ...]) -> Any:
    host = PluginHost(load_entrypoints=False, plugins=plugins)
    data = {**PROFILE, "goals": {"credentials": list(goals)}}
    return Planner(host).plan(profile_from_dict(data))


def warnings(roadmap: Any, code: str) -> list[Any]:
    return [w for w in roadmap.warnings if w.code == code]


# -- plugin-defined notices ------------------------------------------------------------------------
class Warns:
    """Declares ``warns.check-calendar`` and raises it (or an undeclared code) for every plan."""

    PLUGIN_NAME = "warns"

    def __init__(self, code: str = "warns.check-calendar", source: str | None = fx.SOURCE) -> None:
        self.code, self.source = code, source

    @hookimpl
    def mrt_roadmap_register(self, registry: Any) -> None:
        registry.add_notice_code("warns.check-calendar", "the issuer's calendar may have moved")

    @hookimpl
    def mrt_roadmap_notices(self, roadmap: Any) -> list[Notice]:
        return [Notice(self.code, "check the calendar", "WARNS.calendar", self.source)]


def test_mrt_roadmap_notices_raises_a_warning_of_the_plugins_own_with_its_source():
    roadmap = plan(Warns(), goals=())
    (notice,) = warnings(roadmap, "warns.check-calendar")
    assert notice.message == "check the calendar"
    assert notice.source == fx.SOURCE
    host = PluginHost(load_entrypoints=False, plugins=[Warns()])
    (record,) = [p for p in host.plugins if p.name == "warns"]
    assert record.provides["notice_code"] == ("warns.check-calendar",)
    assert host.catalog.notice_codes["warns.check-calendar"].plugin == "warns"


@pytest.mark.parametrize(
    ("plugin", "message"),
    [
        (Warns(code="warns.never-declared"), "raised notice 'warns.never-declared'"),
        (Warns(code="other.check-calendar"), "must start with 'warns.'"),
        (Warns(source=None), "needs the source URL of its rule"),
    ],
)
def test_an_undeclared_unsourced_or_foreign_notice_is_a_plugin_failure(plugin, message):
    roadmap = plan(plugin, goals=())
    assert not [w for w in roadmap.warnings if w.code.startswith(("warns.", "other."))]
    (failure,) = warnings(roadmap, "plugin-failed")
    assert message in failure.message


@pytest.mark.parametrize("code", ["no-namespace", "warns.Bad_Words", "warns."])
def test_a_notice_code_must_be_namespaced_hyphenated_words(code):
    with pytest.raises(CatalogError, match=r"must be '<namespace>\.<words-with-hyphens>'"):
        CatalogBuilder().for_plugin("warns").add_notice_code(code, "meaning")


def test_the_ods_plugin_warns_when_the_exam_window_is_projected(example):
    planner = Planner(PluginHost(load_entrypoints=True))
    roadmap = planner.plan(profile_from_dict(example("p7-nurse-to-ods")))
    (notice,) = warnings(roadmap, "ctr.projected-window")
    assert "projected" in notice.message
    assert notice.source
    assert notice.source.startswith("https://www.ncra-usa.org/")
    exam = roadmap.milestone("exam.ODS")
    assert any(r.rule == "ODS.exam.windows" and r.source for r in exam.why)


# -- requirements with a validity window that see their route -----------------------------------------
class CourseThenExam:
    """A course (90 days from the start) whose completion counts for ``valid_months`` months;
    its reason names the route's other requirements, which it can see."""

    PLUGIN_NAME = "course"

    def __init__(self, valid_months: int) -> None:
        self.valid_months = valid_months
        self.routes_seen: list[Any] = []

    @hookimpl
    def mrt_roadmap_register(self, registry: Any) -> None:
        registry.add_requirement_kind("course")
        requirements = [
            {"kind": "course", "label": "the prep course"},
            {"kind": "education", "level": "high_school", "label": "a diploma"},
        ]
        registry.add_credential(fx.credential("COURSED", requirements, exam=EXAM))

    @hookimpl
    def mrt_roadmap_requirement_status(self, state: Any, route: Any) -> RequirementStatus:
        self.routes_seen.append(route)
        done = state.start + dt.timedelta(days=COURSE_DAYS)
        others = [r.label for r in route.requirements if r.kind != "course"]
        return RequirementStatus(
            done,
            f"course done {done}; also needed on this route: {', '.join(others)}",
            valid_until=done + relativedelta(months=self.valid_months),
        )


class LateWindow:
    """Moves the COURSED exam to a date in 2029, with its own sourced reason."""

    PLUGIN_NAME = "late-window"

    @hookimpl
    def mrt_roadmap_exam_date(self, credential: Any) -> ExamDate | None:
        if credential.id != "COURSED":
            return None
        why = Reason(
            "the next sitting is in 2029", "COURSED.sittings", fx.SOURCE, dt.date(2025, 1, 1)
        )
        return ExamDate(dt.date(2029, 3, 1), why)


def test_a_requirement_sees_its_route_and_its_window_holds_the_exam():
    course = CourseThenExam(valid_months=12)
    roadmap = plan(course, goals=("COURSED",))
    goal = roadmap.goals[0]
    assert goal.reached_on is not None
    exam = roadmap.milestone("exam.COURSED")
    done = dt.date(2026, 11, 26) + dt.timedelta(days=COURSE_DAYS)
    assert exam.end <= done + relativedelta(months=12)
    assert course.routes_seen
    assert course.routes_seen[0].id == "only"
    assert any("also needed on this route: a diploma" in r.text for r in exam.why)


def test_an_exam_after_the_window_makes_the_route_unavailable_and_says_why():
    roadmap = plan(CourseThenExam(valid_months=12), LateWindow(), goals=("COURSED",))
    goal = roadmap.goals[0]
    assert goal.reached_on is None
    assert "the prep course counts only until 2028-02-24" in (goal.why_not or "")
    assert "the earliest exam this route allows is 2029-03-01" in (goal.why_not or "")


def test_a_long_enough_window_lets_the_late_exam_through_with_its_reason():
    roadmap = plan(CourseThenExam(valid_months=36), LateWindow(), goals=("COURSED",))
    exam = roadmap.milestone("exam.COURSED")
    assert exam.end == dt.date(2029, 3, 1)
    (why,) = [r for r in exam.why if r.rule == "COURSED.sittings"]
    assert why.text == "the next sitting is in 2029"
    assert why.source == fx.SOURCE


def test_valid_until_before_met_on_is_a_plugin_failure():
    class Backwards(CourseThenExam):
        @hookimpl
        def mrt_roadmap_requirement_status(self, state: Any, route: Any) -> RequirementStatus:
            done = state.start + dt.timedelta(days=COURSE_DAYS)
            return RequirementStatus(done, "done", valid_until=done - dt.timedelta(days=1))

    roadmap = plan(Backwards(valid_months=12), goals=("COURSED",))
    (failure,) = warnings(roadmap, "plugin-failed")
    assert "valid_until" in failure.message
    assert "is before met_on" in failure.message


def test_an_exam_date_without_a_reason_is_marked_unsourced():
    class PlainDate:
        PLUGIN_NAME = "plain"

        @hookimpl
        def mrt_roadmap_exam_date(self, credential: Any) -> dt.date | None:
            return dt.date(2027, 5, 3) if credential.id == "HOOKED" else None

    roadmap = plan(
        fx.Registers("d", fx.credential("HOOKED", exam=EXAM)), PlainDate(), goals=("HOOKED",)
    )
    exam = roadmap.milestone("exam.HOOKED")
    assert exam.end == dt.date(2027, 5, 3)
    (why,) = [r for r in exam.why if r.rule == "HOOKED.exam.date"]
    assert "plugin plain" in why.text
    assert why.verified is False

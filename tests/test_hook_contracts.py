"""Hooks are called through pluggy and every result is checked: a wrong return is an attributed
plugin failure (its contribution dropped, planning goes on, ``--strict`` exits 3), and pluggy's
own features (tryfirst/trylast, specname, wrapper=True, call monitoring) work as pluggy
documents."""

from __future__ import annotations

import datetime as dt
import subprocess
import sys
import textwrap
from typing import Any

import plugin_fixtures as fx
import pytest

from mrt_roadmap.errors import PluginError
from mrt_roadmap.planner import Planner
from mrt_roadmap.plugin import Cost, ExamDate, Milestone, Reason, RequirementStatus, hookimpl
from mrt_roadmap.pluginmanager import PluginHost
from mrt_roadmap.profile import profile_from_dict

PROFILE = {
    "id": "contracts",
    "as_of": "2026-11-26",
    "education": [{"level": "high_school", "end": "2010-06-01"}],
    "availability": {"study_hours_per_week": 10},
}
EXAM = {"source": fx.SOURCE, "as_of": "2025-01-01", "processing_business_days": 0}
DAY = dt.date(2027, 3, 1)
SOURCED = (Reason("a sourced rule", "x.rule", fx.SOURCE, dt.date(2025, 1, 1)),)


def host(*plugins: Any, **kw: Any) -> PluginHost:
    return PluginHost(load_entrypoints=False, plugins=plugins, **kw)


def plan(h: PluginHost, goals: tuple[str, ...] = ("HOOKED",)) -> Any:
    return Planner(h).plan(profile_from_dict({**PROFILE, "goals": {"credentials": list(goals)}}))


def registers() -> fx.Registers:
    return fx.Registers("defs", fx.credential("HOOKED", exam=EXAM))


def failures(roadmap: Any, plugin: str) -> list[str]:
    return [
        w.message for w in roadmap.warnings if w.code == "plugin-failed" and plugin in w.message
    ]


def milestone(ident: str, **kw: Any) -> Milestone:
    fields: dict[str, Any] = {
        "id": ident,
        "kind": "advancement",
        "title": "A step",
        "start": DAY,
        "end": DAY,
        "why": SOURCED,
    }
    fields.update(kw)
    return Milestone(**fields)


class Returns:
    """Implements ``hook`` returning ``value`` (called with whatever arguments it asks for)."""

    def __init__(self, hook: str, value: Any, name: str = "returns") -> None:
        self.PLUGIN_NAME = name
        setattr(self, hook, hookimpl(specname=hook)(lambda *args, **kw: value))


WRONG = [
    ("mrt_roadmap_maintenance", [{"id": "returns.x"}], "expected a Milestone, got dict"),
    ("mrt_roadmap_maintenance", milestone("returns.one"), "expected a list of Milestone"),
    ("mrt_roadmap_milestones", "text", "expected a list of Milestone, got str"),
    ("mrt_roadmap_requirement_status", DAY, "expected a RequirementStatus or None, got date"),
    ("mrt_roadmap_exam_date", "2027-01-01", "expected an ExamDate, a date or None, got str"),
    (
        "mrt_roadmap_exam_date",
        dt.datetime(2027, 1, 1),
        "expected an ExamDate, a date or None, got datetime",
    ),
    ("mrt_roadmap_exam_date", dt.date(2020, 1, 1), "is before the earliest allowed day"),
    ("mrt_roadmap_milestones", [milestone("returns.k", kind="party")], "kind 'party' is not"),
    ("mrt_roadmap_milestones", [milestone("returns.d"), milestone("returns.d")], "returned twice"),
    ("mrt_roadmap_milestones", [milestone("elsewhere.x")], "must start with 'returns.'"),
    (
        "mrt_roadmap_milestones",
        [milestone("returns.r", why=(Reason("trust me"),))],
        "without a source must be marked verified=False",
    ),
    ("mrt_roadmap_milestones", [milestone("returns.w", why=())], "needs at least one reason"),
    (
        "mrt_roadmap_milestones",
        [milestone("returns.t", cost=Cost("ten", "fee"))],  # type: ignore[arg-type]
        "a cost's amount must be a finite number or None, not 'ten'",
    ),
    (
        "mrt_roadmap_milestones",
        [milestone("returns.n", cost=Cost(float("nan"), "fee"))],
        "must be a finite number or None, not nan",
    ),
    (
        "mrt_roadmap_milestones",
        [milestone("returns.e", end=dt.date(2027, 1, 1))],
        "ends (2027-01-01) before it starts",
    ),
    (
        "mrt_roadmap_maintenance",
        [milestone("returns.c", kind="ce_cycle", details={"credentials": ["HOOKED"]})],
        "a ce_cycle needs details ['issuer']",
    ),
]


@pytest.mark.parametrize(("hook", "value", "message"), WRONG, ids=lambda v: str(v)[:40])
def test_a_wrong_return_is_an_attributed_failure_and_planning_goes_on(hook, value, message):
    if hook == "mrt_roadmap_requirement_status":  # called for a plugin's requirement kind
        roadmap = plan(host(fx.PracticumKind(), Returns(hook, value)), goals=("LAB",))
    else:
        roadmap = plan(host(registers(), Returns(hook, value)))
    (failure,) = failures(roadmap, "returns")
    assert f"failed at runtime ({hook})" in failure
    assert message in failure
    assert roadmap.goals[0].reached_on is not None
    assert not [m for m in roadmap.milestones if m.plugin == "returns"]


@pytest.mark.parametrize(("hook", "value", "message"), WRONG[:4], ids=lambda v: str(v)[:40])
def test_a_wrong_return_in_strict_mode_is_a_plugin_error(hook, value, message):
    with pytest.raises(PluginError, match="returns"):
        plan(
            host(registers(), fx.PracticumKind(), Returns(hook, value), strict=True),
            ("HOOKED", "LAB"),
        )


def test_good_returns_are_kept_and_attributed():
    good = [milestone("returns.ok", why=(Reason("my own note", verified=False),))]
    roadmap = plan(host(registers(), Returns("mrt_roadmap_milestones", good)))
    assert roadmap.milestone("returns.ok").plugin == "returns"
    assert not failures(roadmap, "returns")


# -- pluggy's features ----------------------------------------------------------------------
class ExamDay:
    def __init__(self, name: str, day: dt.date, **opts: Any) -> None:
        self.PLUGIN_NAME = name

        @hookimpl(specname="mrt_roadmap_exam_date", **opts)
        def pick(earliest: dt.date) -> dt.date:
            return max(day, earliest)

        self.pick = pick


def test_tryfirst_and_trylast_order_firstresult_hooks():
    late = ExamDay("late", dt.date(2027, 6, 1), tryfirst=True)
    early = ExamDay("early", dt.date(2027, 2, 1), trylast=True)
    roadmap = plan(host(registers(), late, early))
    assert roadmap.milestone("exam.HOOKED").end == dt.date(2027, 6, 1)
    roadmap = plan(
        host(
            registers(),
            ExamDay("late", dt.date(2027, 6, 1), trylast=True),
            ExamDay("early", dt.date(2027, 2, 1)),
        )
    )
    assert roadmap.milestone("exam.HOOKED").end == dt.date(2027, 2, 1)


def test_an_implementation_under_another_name_is_called_through_specname():
    roadmap = plan(host(registers(), ExamDay("named", dt.date(2027, 4, 1))))
    assert roadmap.milestone("exam.HOOKED").end == dt.date(2027, 4, 1)


class Postpones:
    """A new-style wrapper that moves any chosen exam date a week later."""

    PLUGIN_NAME = "postpones"

    @hookimpl(wrapper=True)
    def mrt_roadmap_exam_date(self) -> Any:
        chosen = yield  # an ExamDate: results are checked and normalised before wrappers see them
        if chosen is None:
            return None
        return ExamDate(chosen.day + dt.timedelta(days=7), chosen.reason)


def test_a_new_style_wrapper_sees_and_replaces_the_result():
    roadmap = plan(host(registers(), ExamDay("day", dt.date(2027, 4, 1)), Postpones()))
    assert roadmap.milestone("exam.HOOKED").end == dt.date(2027, 4, 8)


class BreaksAfterYield:
    PLUGIN_NAME = "breaks-after"

    @hookimpl(wrapper=True)
    def mrt_roadmap_exam_date(self) -> Any:
        yield
        raise RuntimeError("wrapper broke")


class ReplacesWithText:
    PLUGIN_NAME = "replaces"

    @hookimpl(wrapper=True)
    def mrt_roadmap_exam_date(self) -> Any:
        yield
        return "next Tuesday"


@pytest.mark.parametrize(
    ("wrapper", "message"),
    [(BreaksAfterYield(), "RuntimeError: wrapper broke"), (ReplacesWithText(), "got str")],
)
def test_a_failing_wrapper_is_isolated_and_the_inner_result_passes_through(wrapper, message):
    roadmap = plan(host(registers(), ExamDay("day", dt.date(2027, 4, 1)), wrapper))
    assert roadmap.milestone("exam.HOOKED").end == dt.date(2027, 4, 1)
    (failure,) = failures(roadmap, wrapper.PLUGIN_NAME)
    assert message in failure


class OldStyleWrapper:
    PLUGIN_NAME = "old-style"

    @hookimpl(hookwrapper=True)
    def mrt_roadmap_maintenance(self) -> Any:
        yield


def test_an_old_style_hookwrapper_is_refused_at_load_with_a_clear_message():
    h = host(registers(), OldStyleWrapper())
    (failure,) = h.failures
    assert failure.name == "old-style"
    assert failure.stage == "validate"
    assert "hookwrapper=True is not supported" in failure.error
    assert "wrapper=True" in failure.error
    assert plan(h).goals[0].reached_on is not None


def test_call_monitoring_sees_every_hook_call():
    h = host(registers(), ExamDay("day", dt.date(2027, 4, 1)))
    seen: list[str] = []
    undo = h.pm.add_hookcall_monitoring(
        lambda name, impls, kwargs: seen.append(name), lambda *args: None
    )
    try:
        plan(h)
    finally:
        undo()
    assert "mrt_roadmap_exam_date" in seen
    assert "mrt_roadmap_maintenance" in seen


class StatusWrapper:
    """wrapper=True on a firstresult hook whose inner plugin answers a new requirement kind."""

    PLUGIN_NAME = "status-wrapper"

    @hookimpl(wrapper=True)
    def mrt_roadmap_requirement_status(self, requirement: Any) -> Any:
        status = yield
        if status is None or requirement.kind != "lab_hours":
            return status
        return RequirementStatus(status.met_on, status.reason + " (checked)", status.milestones)


def test_a_wrapper_on_requirement_status_returns_a_status_not_a_tuple():
    roadmap = plan(host(fx.PracticumKind(), StatusWrapper()), goals=("LAB",))
    assert roadmap.goals[0].reached_on == dt.date(2027, 2, 4)
    assert not failures(roadmap, "status-wrapper")


# -- the command line ----------------------------------------------------------------------------
def test_the_cli_names_the_plugin_and_prints_no_traceback(tmp_path):
    module = tmp_path / "bad_return_plugin.py"
    module.write_text(
        textwrap.dedent(
            """
            from mrt_roadmap.plugin import hookimpl

            @hookimpl
            def mrt_roadmap_maintenance():
                return [{"not": "a milestone"}]
            """
        )
    )
    script = textwrap.dedent(
        f"""
        import sys
        sys.path.insert(0, {str(tmp_path)!r})
        import bad_return_plugin
        from mrt_roadmap import pluginmanager
        real = pluginmanager.PluginHost.__init__
        def init(self, **kw):
            kw["plugins"] = (*kw.get("plugins", ()), bad_return_plugin)
            real(self, **kw)
        pluginmanager.PluginHost.__init__ = init
        from mrt_roadmap.cli import main
        sys.argv = ["mrt-roadmap", *sys.argv[1:]]
        main()
        """
    )
    profile = "examples/profiles/p5-working-rhit-to-rhia.json"
    tolerant = subprocess.run(
        [sys.executable, "-c", script, "plan", profile], capture_output=True, text=True
    )
    assert tolerant.returncode == 0, tolerant.stderr
    assert "bad_return_plugin" in tolerant.stdout
    assert "expected a Milestone, got dict" in tolerant.stdout
    strict = subprocess.run(
        [sys.executable, "-c", script, "--strict", "plan", profile], capture_output=True, text=True
    )
    assert strict.returncode == 3
    assert "bad_return_plugin" in strict.stderr
    assert "Traceback" not in tolerant.stderr + strict.stderr


class DropsRenewals:
    """A wrapper on a collecting hook: keeps the other plugins' CE cycles, drops renewals."""

    PLUGIN_NAME = "drops-renewals"

    @hookimpl(wrapper=True)
    def mrt_roadmap_maintenance(self) -> Any:
        results = yield
        return [[m for m in result if m.kind != "renewal"] for result in results]


def test_a_wrapper_on_a_collecting_hook_filters_other_plugins_results():
    plain = plan(host(fx.Registers("m", fx.credential("MNT")), fx.Maintains()), goals=("MNT",))
    assert [m for m in plain.by_kind("renewal") if m.credential == "MNT"]
    wrapped = plan(
        host(fx.Registers("m", fx.credential("MNT")), fx.Maintains(), DropsRenewals()),
        goals=("MNT",),
    )
    assert not [m for m in wrapped.by_kind("renewal") if m.credential == "MNT"]
    assert not failures(wrapped, "drops-renewals")


class AnswersEveryKind:
    """Answers requirement_status for any kind, declared by it or not."""

    PLUGIN_NAME = "answers-all"

    @hookimpl(tryfirst=True)
    def mrt_roadmap_requirement_status(self) -> RequirementStatus:
        return RequirementStatus(dt.date(2026, 12, 1), "I say so")


def test_only_the_plugin_that_declared_a_kind_may_answer_for_it():
    roadmap = plan(host(fx.PracticumKind(), AnswersEveryKind()), goals=("LAB",))
    (failure,) = failures(roadmap, "answers-all")
    assert "answered requirement kind 'lab_hours', which plugin practicum declared" in failure
    assert roadmap.goals[0].reached_on == dt.date(2027, 2, 4)  # the owner's answer


def test_a_kind_nobody_declared_cannot_be_answered_and_is_reported_at_load():
    cred = fx.credential("ORPHAN", [{"kind": "moon_walk", "label": "walk on the moon"}])
    h = host(fx.Registers("orphan", cred), AnswersEveryKind())
    assert any(
        "ORPHAN (plugin orphan) needs requirement kind 'moon_walk'" in w for w in h.load_warnings
    )
    roadmap = plan(h, goals=("ORPHAN",))
    (failure,) = failures(roadmap, "answers-all")
    assert "which it has not declared (registry.add_requirement_kind)" in failure
    assert roadmap.goals[0].reached_on is None

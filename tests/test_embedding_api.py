"""The embedding API as an application uses it: one way in for every profile source, typed
construction that cannot skip a check, one-pass validation with coded problems, the typed
top-level surface, export options, batches on the app's planner, threads and asyncio."""

from __future__ import annotations

import asyncio
import datetime as dt
import json
import re
from collections.abc import Mapping
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import pytest
from fuzzing import plausible_profiles
from hypothesis import HealthCheck, assume, given, settings

import mrt_roadmap
from mrt_roadmap.problem_codes import CODES, LEARNER_TEXT
from mrt_roadmap.testing import example_profile

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "examples" / "profiles"
CORPUS = ROOT / "tests" / "fuzz_corpus"
GUIDE = ROOT / "docs" / "user-guide.md"
API_DOC = ROOT / "docs" / "api.md"

# -- typed construction ------------------------------------------------------------------------
_PARTS: Mapping[str, Any] = {
    "availability": mrt_roadmap.Availability,
    "goals": mrt_roadmap.Goals,
    "preferences": mrt_roadmap.Preferences,
    "progress": mrt_roadmap.Progress,
}
_ENTRIES: Mapping[str, Any] = {
    "education": mrt_roadmap.Education,
    "credentials": mrt_roadmap.HeldCredential,
    "experience": mrt_roadmap.Experience,
    "courses": mrt_roadmap.Course,
    "ce": mrt_roadmap.CeActivity,
    "exam_attempts": mrt_roadmap.ExamAttempt,
}
_DATES = frozenset({"as_of", "start", "end", "earned", "date"})


def typed(data: Mapping[str, Any], cls: Any = mrt_roadmap.Profile) -> Any:
    """``data`` built with the public classes, as an application would write it by hand
    (numbers as given: ``credits=66``, not ``66.0``)."""
    kwargs: dict[str, Any] = {}
    for key, value in data.items():
        if key == "$schema":
            continue
        if key in _PARTS and isinstance(value, Mapping):
            kwargs[key] = typed(value, _PARTS[key])
        elif (
            key in _ENTRIES
            and isinstance(value, list)
            and all(isinstance(v, Mapping) for v in value)
        ):
            kwargs[key] = tuple(typed(v, _ENTRIES[key]) for v in value)
        elif isinstance(value, list):
            kwargs[key] = tuple(value)
        elif key in _DATES and isinstance(value, str):
            kwargs[key] = dt.date.fromisoformat(value)
        else:
            kwargs[key] = value
    return cls(**kwargs)


def examples() -> list[str]:
    return sorted(p.stem for p in EXAMPLES.glob("*.json"))


@pytest.fixture(scope="module")
def full_planner() -> mrt_roadmap.Planner:
    """Every installed plugin (the bundled examples need them all)."""
    return mrt_roadmap.Planner()


@pytest.mark.parametrize("name", examples())
def test_typed_construction_gives_byte_identical_roadmaps(name, full_planner):
    data = example_profile(name)
    by_hand = typed(data)
    assert isinstance(by_hand, mrt_roadmap.Profile)
    from_json = full_planner.plan(EXAMPLES / f"{name}.json")
    from_python = full_planner.plan(by_hand)
    assert mrt_roadmap.export(from_python, planner=full_planner) == mrt_roadmap.export(
        from_json, planner=full_planner
    )
    assert mrt_roadmap.validate(by_hand, full_planner) == []
    # profile_to_dict writes the same data the file holds (numbers as numbers either way)
    assert mrt_roadmap.profile_from_dict(
        mrt_roadmap.profile_to_dict(by_hand)
    ) == mrt_roadmap.load_profile(data)


@pytest.mark.parametrize(
    ("change", "path", "code"),
    [
        ({"id": ""}, "$.id", "length"),
        ({"availability": mrt_roadmap.Availability(study_hours_per_week=100)}, None, "range"),
        ({"availability": mrt_roadmap.Availability(study_hours_per_week=-5)}, None, "range"),
        ({"goals": mrt_roadmap.Goals(horizon_years=0)}, "$.goals.horizon_years", "range"),
        ({"as_of": "2026-11-26T00:00"}, "$.as_of", "format"),
        ({"as_of": dt.datetime(2026, 11, 26, 8, 0)}, "$.as_of", "format"),
        ({"education": (mrt_roadmap.Education(level="college"),)}, None, "enum"),  # type: ignore[arg-type]
    ],
)
def test_a_profile_built_in_python_cannot_skip_a_check(change, path, code, core_planner):
    base = typed(example_profile("demo-new-learner"))
    bad = mrt_roadmap.Profile(**{**_fields(base), **change})
    problems = mrt_roadmap.validate(bad, core_planner)
    assert code in {p.code for p in problems}
    if path is not None:
        assert path in {p.path for p in problems}
    with pytest.raises(mrt_roadmap.ProfileError) as info:
        core_planner.plan(bad)
    assert isinstance(info.value, mrt_roadmap.MrtRoadmapError)
    assert info.value.problems == tuple(problems)


def _fields(profile: mrt_roadmap.Profile) -> dict[str, Any]:
    import attrs

    return {f.name: getattr(profile, f.name) for f in attrs.fields(type(profile))}


@settings(
    max_examples=30,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
)
@given(data=plausible_profiles())
def test_profile_to_dict_round_trips(data):
    planner = _planner()
    assume(mrt_roadmap.validate(data, planner) == [])
    profile = mrt_roadmap.load_profile(data)
    again = mrt_roadmap.profile_to_dict(profile)
    assert json.loads(json.dumps(again)) == again  # plain JSON data
    assert mrt_roadmap.validate(again, planner) == []
    assert mrt_roadmap.profile_from_dict(again) == profile
    first = mrt_roadmap.export(planner.plan(profile), planner=planner)
    assert mrt_roadmap.export(planner.plan(again), planner=planner) == first


_PLANNER: list[mrt_roadmap.Planner] = []


def _planner() -> mrt_roadmap.Planner:
    if not _PLANNER:  # every installed plugin: the examples' credentials are all known
        _PLANNER.append(mrt_roadmap.Planner())
    return _PLANNER[0]


# -- one way in ------------------------------------------------------------------------------
def test_every_door_takes_every_profile_source_alike(core_planner):
    path = EXAMPLES / "p5-working-rhit-to-rhia.json"
    text = path.read_text(encoding="utf-8")
    sources: list[Any] = [
        path,
        str(path),
        text,
        text.encode(),
        json.loads(text),
        mrt_roadmap.load_profile(path),
        typed(json.loads(text)),
    ]
    expected = mrt_roadmap.export(core_planner.plan(path), planner=core_planner)
    for source in sources:
        assert mrt_roadmap.validate(source, core_planner) == []
        got = mrt_roadmap.plan(source, planner=core_planner)
        assert mrt_roadmap.export(got, planner=core_planner) == expected
        assert core_planner.explain(source, "RHIA").eligible_now is False
    batch = list(core_planner.plan_many(sources))
    assert all(r.ok for r in batch)
    assert {mrt_roadmap.export(r.roadmap, planner=core_planner) for r in batch} == {expected}


def test_bytes_are_never_taken_for_a_path(core_planner, tmp_path):
    secret = tmp_path / "secret.json"
    secret.write_text(json.dumps(example_profile("demo-new-learner")))
    problems = mrt_roadmap.validate(str(secret).encode(), core_planner)
    assert [p.code for p in problems] == ["json-syntax"]


def test_plan_many_uses_the_given_planner_and_never_echoes_a_profile(core_planner):
    secret_name = "Dana Private-Name"
    bad = {**example_profile("demo-new-learner"), "name": secret_name, "goals": {"roles": 3}}
    typed_bad = typed({**example_profile("demo-new-learner"), "name": secret_name})
    typed_bad = mrt_roadmap.Profile(**{**_fields(typed_bad), "id": ""})
    results = list(
        mrt_roadmap.plan_many(
            [bad, typed_bad, example_profile("p8-rhia-to-chps")], planner=core_planner
        )
    )
    for result in results[:2]:
        assert not result.ok
        assert secret_name not in (result.error or "")
        assert all(secret_name not in str(p) for p in result.problems)
    assert results[0].error.startswith("item 0 (profile 'demo-new-learner') is invalid")
    # CHPS comes from a plugin the core planner does not load: the batch used this planner
    assert [p.code for p in results[2].problems] == ["unknown-credential"]


def test_a_planner_with_plugin_objects_refuses_a_process_pool(core_planner):
    from concurrent.futures import ProcessPoolExecutor

    from mrt_roadmap.testing import make_planner

    class Nothing:
        PLUGIN_NAME = "nothing"

    planner = make_planner(Nothing())
    with ProcessPoolExecutor(max_workers=1) as pool, pytest.raises(mrt_roadmap.InputError) as info:
        list(
            mrt_roadmap.plan_many(
                [example_profile("demo-new-learner")], planner=planner, executor=pool
            )
        )
    assert info.value.problems[0].path == "executor (argument)"


# -- validation for apps ---------------------------------------------------------------------
def test_validate_returns_shape_and_meaning_problems_in_one_call(core_planner):
    data = example_profile("p5-working-rhit-to-rhia")
    data["availability"]["study_hours_per_week"] = 100
    data["education"].insert(0, {"level": "college"})
    data["experience"].append({"area": "weird", "start": "2020-01-01"})
    data["goals"]["credentials"] = ["RHIA", "NOPE"]
    data["credentials"][0]["earned"] = "2030-01-01"
    data["surprise"] = 1
    problems = mrt_roadmap.validate(data, core_planner)
    found = [(p.path, p.code) for p in problems]
    assert found == [
        ("$.availability.study_hours_per_week", "range"),
        ("$.credentials[0].earned", "date-after-as-of"),
        ("$.education[0].level", "enum"),
        # the bad education entry was set aside: this index is the original one
        (f"$.experience[{len(data['experience']) - 1}].area", "unknown-area"),
        ("$.goals.credentials[1]", "unknown-credential"),
        ("$.surprise", "unknown-key"),
    ]
    by_code = {p.code: p for p in problems}
    assert by_code["range"].parts == ("availability", "study_hours_per_week")
    assert by_code["range"].value == 100
    assert by_code["range"].params == {"maximum": 80}
    assert by_code["range"].learner_message == "This number should be at most 80."
    assert by_code["enum"].learner_message.startswith("Choose one of: high_school, certificate")
    assert by_code["unknown-credential"].value == "NOPE"
    assert by_code["date-after-as-of"].params == {"as_of": "2026-11-26"}
    with pytest.raises(mrt_roadmap.ProfileError) as info:
        mrt_roadmap.plan(data, planner=core_planner)
    assert list(info.value.problems) == problems  # plan reports them all too


def test_a_missing_required_key_is_reported_where_it_belongs(core_planner):
    data = example_profile("demo-new-learner")
    del data["availability"]["study_hours_per_week"]
    (problem,) = mrt_roadmap.validate(data, core_planner)
    assert (problem.path, problem.code) == ("$.availability.study_hours_per_week", "required")
    assert problem.learner_message == "This field is required."


CLI_BAD_INPUTS: list[Any] = [
    {"id": "x", "availability": {"study_hours_per_week": 0}, "goals": {"roles": 3}},
    {
        "profile_version": 2,
        "id": "x",
        "as_of": "2026-11-26",
        "availability": {"study_hours_per_week": 5},
        "goals": {"credentials": ["CTR"]},
    },
    {
        "profile_version": 2,
        "id": "x",
        "as_of": "2026-11-26",
        "availability": {"study_hours_per_week": 5},
        "goals": {"roles": ["astronaut"]},
    },
    {"id": "x", "availability": {"study_hours_per_week": 5}},
    "{",
    "{oops",
    b"[]",
    '{"id": 1}',
]


@pytest.mark.parametrize(
    "source",
    [*CLI_BAD_INPUTS, *sorted(CORPUS.glob("bad-*.json"))],
    ids=lambda s: s.name if isinstance(s, Path) else repr(s)[:40],
)
def test_every_bad_input_gets_every_problem_with_a_documented_code(source, core_planner):
    problems = mrt_roadmap.validate(source, core_planner)
    assert problems, "a bad input has at least one problem"
    assert {p.code for p in problems} <= CODES
    for problem in problems:
        assert problem.learner_message
        assert problem.path.startswith("$") or problem.path.endswith("(argument)")
    with pytest.raises(mrt_roadmap.ProfileError) as info:
        mrt_roadmap.plan(source, planner=core_planner)
    assert [p.path for p in info.value.problems] == [p.path for p in problems]


def test_every_problem_code_is_documented_in_the_user_guide():
    text = GUIDE.read_text(encoding="utf-8")
    start = text.index("#### Problem codes")
    end = text.index("\n### ", start)
    listed = set(re.findall(r"^\| `([a-z-]+)` \|", text[start:end], re.MULTILINE))
    assert listed == set(CODES), (sorted(set(CODES) - listed), sorted(listed - set(CODES)))
    assert set(LEARNER_TEXT) == set(CODES)


# -- the typed surface -----------------------------------------------------------------------
def test_all_matches_the_documented_api_list():
    text = API_DOC.read_text(encoding="utf-8")
    documented = set(re.findall(r"^- `([A-Za-z_]+)`", text, re.MULTILINE))
    assert documented == set(mrt_roadmap.__all__), (
        sorted(set(mrt_roadmap.__all__) - documented),
        sorted(documented - set(mrt_roadmap.__all__)),
    )
    for name in mrt_roadmap.__all__:
        assert getattr(mrt_roadmap, name) is not None
    assert sorted(dir(mrt_roadmap)) == sorted(mrt_roadmap.__all__)
    with pytest.raises(AttributeError):
        mrt_roadmap.Plannr  # type: ignore[attr-defined]  # noqa: B018


def test_milestone_details_of_every_example_use_only_documented_keys():
    from mrt_roadmap.milestone_details import DETAILS_BY_KIND

    planner = mrt_roadmap.Planner()  # every installed plugin: their milestones too
    for name in examples():
        roadmap = planner.plan(EXAMPLES / f"{name}.json")
        for m in roadmap.milestones:
            declared = DETAILS_BY_KIND[m.kind].__annotations__
            assert set(m.details) <= set(declared), (m.id, set(m.details) - set(declared))


# -- export, threads, asyncio ----------------------------------------------------------------
def test_output_formats_list_media_types_suffixes_and_options(core_planner):
    infos = {f.name: f for f in mrt_roadmap.output_formats(core_planner)}
    assert set(infos) >= {"json", "text", "md", "ics", "html", "html-fragment", "mermaid"}
    assert infos["ics"].media_type.startswith("text/calendar")
    assert infos["ics"].suffix == ".ics"
    assert [o.name for o in infos["ics"].options] == ["todos"]
    assert [(o.name, o.default) for o in infos["html-fragment"].options] == [("heading_level", 2)]
    roadmap = core_planner.plan(EXAMPLES / "demo-new-learner.json")
    fragment = mrt_roadmap.export(roadmap, "html-fragment", planner=core_planner, heading_level=4)
    assert fragment.count("<h4 ") == 1
    compact = mrt_roadmap.export(roadmap, "json", planner=core_planner, indent=None)
    assert "\n" not in compact.strip()
    with pytest.raises(mrt_roadmap.InputError):
        mrt_roadmap.export(roadmap, "md", planner=core_planner, heading_level=2)


def test_one_planner_serves_many_threads_with_sequential_results(core_planner):
    names = examples() * 4
    alone = {
        n: mrt_roadmap.export(core_planner.plan(EXAMPLES / f"{n}.json"), planner=core_planner)
        for n in examples()
        if not mrt_roadmap.validate(EXAMPLES / f"{n}.json", core_planner)
    }
    with ThreadPoolExecutor(max_workers=8) as pool:
        results = list(
            pool.map(
                lambda n: (n, mrt_roadmap.validate(EXAMPLES / f"{n}.json", core_planner)), names
            )
        )
        planned = list(
            pool.map(
                lambda n: mrt_roadmap.export(
                    core_planner.plan(EXAMPLES / f"{n}.json"), planner=core_planner
                ),
                [n for n in names if n in alone],
            )
        )
    assert planned == [alone[n] for n in names if n in alone]
    assert all((not problems) == (n in alone) for n, problems in results)


def test_plan_async_keeps_the_event_loop_free(core_planner):
    async def main() -> list[str]:
        ticks = 0

        async def tick() -> None:
            nonlocal ticks
            while True:
                ticks += 1
                await asyncio.sleep(0)

        ticker = asyncio.create_task(tick())
        roadmaps = await asyncio.gather(
            *(
                mrt_roadmap.plan_async(EXAMPLES / f"{n}.json", planner=core_planner)
                for n in ("demo-new-learner", "p5-working-rhit-to-rhia")
            )
        )
        ticker.cancel()
        assert ticks > 0, "the loop ran other tasks while planning"
        return [r.profile_id for r in roadmaps]

    assert asyncio.run(main()) == ["demo-new-learner", "p5-working-rhit-to-rhia"]


# -- hostile and careless callers (found by review) ------------------------------------------
SECRET = "Jane Secret-Learner"


def _secret_profile() -> dict[str, Any]:
    return {**example_profile("demo-new-learner"), "name": SECRET}


def test_a_wrong_as_of_argument_is_a_problem_at_every_door(core_planner):
    v1 = {
        "id": "a",
        "availability": {"study_hours_per_week": 10},
        "goals": {"credentials": ["RHIT"]},
    }
    for as_of in ("2026-01-01", dt.datetime(2026, 1, 1)):
        (problem,) = mrt_roadmap.validate(v1, core_planner, as_of=as_of)  # type: ignore[arg-type]
        assert (problem.path, problem.code) == ("as_of (argument)", "argument")
        with pytest.raises(mrt_roadmap.ProfileError):
            core_planner.plan(v1, as_of=as_of)  # type: ignore[arg-type]
    results = list(
        mrt_roadmap.plan_many(
            [example_profile("demo-new-learner"), v1],
            planner=core_planner,
            as_of=dt.datetime(2026, 1, 1),  # type: ignore[arg-type]
        )
    )
    assert [r.problems[0].code for r in results] == ["argument", "argument"]


@pytest.mark.parametrize(
    "source",
    [
        "\ufeff" + json.dumps(_secret_profile())[:-1],  # JSON text with a BOM, cut short
        "[" + json.dumps(_secret_profile()) + "]",
        json.dumps([_secret_profile()]).encode(),
        json.dumps(_secret_profile()).replace("{", "", 1),  # not JSON, not a path either
    ],
)
def test_errors_never_quote_the_profile(source, core_planner):
    problems = mrt_roadmap.validate(source, core_planner)
    assert problems
    with pytest.raises(mrt_roadmap.ProfileError) as info:
        core_planner.plan(source)
    assert SECRET not in str(info.value)
    assert all(SECRET not in p.message for p in problems)


def test_json_text_with_a_byte_order_mark_and_other_mappings_are_read(core_planner):
    import types

    good = _secret_profile()
    assert mrt_roadmap.validate("\ufeff" + json.dumps(good), core_planner) == []
    assert mrt_roadmap.validate(types.MappingProxyType(good), core_planner) == []
    assert core_planner.plan(types.MappingProxyType(good)).profile_id == "demo-new-learner"


def test_values_json_cannot_hold_are_problems_and_never_stop_a_batch(core_planner):
    from concurrent.futures import ProcessPoolExecutor

    good = mrt_roadmap.load_profile(example_profile("demo-new-learner"))
    odd = mrt_roadmap.Profile(**{**_fields(good), "plugins": {"s": {1, 2}}})
    (problem,) = mrt_roadmap.validate(odd, core_planner)
    assert (problem.path, problem.code) == ("$.plugins.s", "type")
    unpicklable = mrt_roadmap.Profile(**{**_fields(good), "plugins": {"f": lambda: 1}})
    with ProcessPoolExecutor(max_workers=1) as pool:
        results = list(
            mrt_roadmap.plan_many(
                [
                    example_profile("demo-new-learner"),
                    unpicklable,
                    example_profile("p5-working-rhit-to-rhia"),
                ],
                executor=pool,
            )
        )
    assert [r.ok for r in results] == [True, False, True]
    assert results[1].error.startswith("item 1 (profile 'demo-new-learner'): unexpected")


def test_a_profile_that_holds_itself_is_a_profile_error():
    loop: dict[str, Any] = {}
    loop["x"] = loop
    with pytest.raises(mrt_roadmap.ProfileError) as info:
        mrt_roadmap.Profile(
            id="a", availability=mrt_roadmap.Availability(study_hours_per_week=10), plugins=loop
        )
    assert info.value.problems[0].code == "depth"


@pytest.mark.parametrize(
    ("fmt", "options", "code"),
    [
        ("ics", {"todos": "false"}, "type"),
        ("html-fragment", {"heading_level": 0}, "range"),
        ("html-fragment", {"heading_level": True}, "type"),
        ("html-fragment", {"heading_level": "3"}, "type"),
        ("json", {"indent": "x"}, "type"),
        ("json", {"indent": 10**6}, "range"),
    ],
)
def test_export_option_values_are_checked_before_the_format_runs(fmt, options, code, core_planner):
    roadmap = core_planner.plan(EXAMPLES / "demo-new-learner.json")
    with pytest.raises(mrt_roadmap.InputError) as info:
        mrt_roadmap.export(roadmap, fmt, planner=core_planner, **options)
    assert [p.code for p in info.value.problems] == [code]


def test_wrong_arguments_are_input_errors(core_planner):
    good = example_profile("demo-new-learner")
    roadmap = core_planner.plan(good)
    calls = [
        lambda: mrt_roadmap.explain(good, 5, planner=core_planner),  # type: ignore[arg-type]
        lambda: core_planner.explain(good, None),  # type: ignore[arg-type]
        lambda: mrt_roadmap.validate(good, dt.date(2026, 1, 1)),  # type: ignore[arg-type]
        lambda: mrt_roadmap.export(roadmap, None, planner=core_planner),  # type: ignore[arg-type]
        lambda: mrt_roadmap.export(good, "json", planner=core_planner),  # type: ignore[arg-type]
        lambda: mrt_roadmap.compare({}, {}),  # type: ignore[arg-type]
    ]
    for call in calls:
        with pytest.raises(mrt_roadmap.InputError) as info:
            call()
        assert info.value.problems[0].code == "argument"


def test_plan_and_validate_list_problems_in_the_same_order(core_planner):
    bad = example_profile("p5-working-rhit-to-rhia")
    bad["credentials"][0]["id"] = "NOPE"
    bad["goals"]["credentials"] = ["RHIA", "NOPE2"]
    bad["experience"][0]["area"] = "weird"
    with pytest.raises(mrt_roadmap.ProfileError) as info:
        core_planner.plan(bad)
    assert list(info.value.problems) == mrt_roadmap.validate(bad, core_planner)


def test_an_education_end_before_its_start_is_reported_at_the_end(core_planner):
    data = example_profile("demo-new-learner")
    data["education"][0].update({"start": "2021-01-01", "end": "2020-01-01"})
    (problem,) = mrt_roadmap.validate(data, core_planner)
    assert (problem.path, problem.code) == ("$.education[0].end", "date-order")
    assert problem.learner_message == (
        "This date is before the date it should follow (2021-01-01)."
    )


def test_learner_messages_survive_odd_params():
    odd = mrt_roadmap.Problem("$.x", "technical", "enum", params={"allowed": 5})
    assert odd.learner_message == "technical"
    missing = mrt_roadmap.Problem("$.x", "technical", "date-out-of-range")
    assert missing.learner_message == "technical"
    from mrt_roadmap.json_input import check

    data = {"a": 1}
    (dup,) = check(data, {id(data): ["k" * 5000]})  # a 5,000-character key, twice
    assert dup.code == "duplicate-key"
    assert len(dup.learner_message) < 200

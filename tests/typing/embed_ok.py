"""An embedding that type-checks with ``mypy --strict`` using only ``mrt_roadmap`` top-level
names: build, validate, plan, compare, batch and export. Checked by ``tests/test_typing.py``
(and ``./dev lint``); it needs no comment that silences mypy."""

from __future__ import annotations

import asyncio
import datetime as dt
from concurrent.futures import ThreadPoolExecutor
from typing import cast

import mrt_roadmap


def build() -> mrt_roadmap.Profile:
    level: mrt_roadmap.EducationLevel = "high_school"
    return mrt_roadmap.Profile(
        id="typed",
        as_of=dt.date(2026, 11, 26),
        availability=mrt_roadmap.Availability(study_hours_per_week=10),
        education=(mrt_roadmap.Education(level=level),),
        experience=(mrt_roadmap.Experience(area="him", start=dt.date(2025, 1, 6)),),
        goals=mrt_roadmap.Goals(credentials=("RHIT",)),
        progress=mrt_roadmap.Progress(
            ce=(mrt_roadmap.CeActivity(date=dt.date(2026, 1, 5), amount=2.0, unit="CEU"),)
        ),
    )


def form_errors(data: dict[str, object], planner: mrt_roadmap.Planner) -> dict[str, str]:
    problems: list[mrt_roadmap.Problem] = mrt_roadmap.validate(data, planner)
    return {".".join(map(str, p.parts)): f"{p.code}: {p.learner_message}" for p in problems}


def exam_day(roadmap: mrt_roadmap.Roadmap) -> str | None:
    for milestone in roadmap.by_kind("exam"):
        details = cast("mrt_roadmap.ExamDetails", milestone.details)
        return details.get("exam_date")
    return None


def main() -> None:
    planner = mrt_roadmap.Planner(mrt_roadmap.get_plugin_host())
    profile = build()
    assert mrt_roadmap.validate(profile, planner) == []
    roadmap: mrt_roadmap.Roadmap = planner.plan(profile)
    later = mrt_roadmap.plan(
        mrt_roadmap.profile_to_dict(profile), as_of=dt.date(2027, 6, 1), planner=planner
    )
    change: mrt_roadmap.Comparison = mrt_roadmap.compare(roadmap, later)
    print(change.to_json(indent=None))
    goal: mrt_roadmap.GoalResult = roadmap.goals[0]
    print(goal.target, goal.reached_on, exam_day(roadmap))
    warnings: tuple[mrt_roadmap.Notice, ...] = roadmap.warnings
    print([w.code for w in warnings])
    print(form_errors({"id": ""}, planner))
    formats: tuple[mrt_roadmap.FormatInfo, ...] = mrt_roadmap.output_formats(planner)
    for info in formats:
        print(info.name, info.media_type, info.suffix, [o.name for o in info.options])
    print(mrt_roadmap.export(roadmap, "ics", planner=planner, todos=True)[:20])
    with ThreadPoolExecutor(max_workers=2) as pool:
        results: list[mrt_roadmap.BatchResult] = list(
            mrt_roadmap.plan_many([profile, b"{}"], planner=planner, executor=pool)
        )
    for result in results:
        if result.roadmap is None:
            print(result.index, [p.code for p in result.problems])
    answer: mrt_roadmap.Explanation = planner.explain(profile, "RHIT")
    print(answer.eligible_now)
    again = asyncio.run(mrt_roadmap.plan_async(profile, planner=planner))
    print(again.profile_id)
    try:
        planner.plan({"id": "x"})
    except mrt_roadmap.ProfileError as error:
        print(len(error.problems))
    except mrt_roadmap.MrtRoadmapError:
        raise


if __name__ == "__main__":
    main()

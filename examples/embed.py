"""Embed mrt-roadmap in another application, in-process, with only ``mrt_roadmap`` names.

    python examples/embed.py [OUT_DIR]

1. Build one :class:`~mrt_roadmap.Planner` (it loads the plugins and the catalog once).
2. Validate a form submission: ``mrt_roadmap.validate`` returns every problem at once, each with
   a stable ``code``, its path as ``parts`` (mapped here to the form's fields) and a sentence
   for the learner.
3. Build a profile in Python with the typed classes; it is checked exactly as JSON would be.
4. Plan every profile bundled with the package (``mrt_roadmap/examples/*.json``).
5. Handle an invalid profile: :class:`~mrt_roadmap.ProfileError` lists each problem by JSON path.
6. Export one roadmap as JSON, as an embeddable HTML fragment (``heading_level=3``) and as
   iCalendar into OUT_DIR (default: a new temporary folder), and check the JSON against
   ``roadmap.schema.json``.
7. Plan a batch with ``planner.plan_many`` on a thread pool: a bad profile is reported for its
   item, without its content, and the batch goes on.

The script prints what it does; ``tests/test_embed_example.py`` runs it and checks the output.
"""

from __future__ import annotations

import json
import sys
import tempfile
from concurrent.futures import ThreadPoolExecutor
from importlib import resources
from pathlib import Path
from typing import Any

import mrt_roadmap
from mrt_roadmap import Planner, Problem, ProfileError, Roadmap

# What a web form sends: one field out of range, one unknown goal, one typo in a field name. All
# three come back from one call to validate().
FORM_PROFILE: dict[str, Any] = {
    "profile_version": 2,
    "id": "form-1",
    "as_of": "2026-11-26",
    "education": [{"level": "high_school", "status": "completed"}],
    "availability": {"study_hours_per_week": 100},
    "goals": {"credentials": ["RHIT", "RHIX"], "horizon_yaers": 5},
}
FORM_FIELDS: dict[tuple[str | int, ...], str] = {
    ("availability", "study_hours_per_week"): "hours",
    ("goals", "credentials"): "goals",
    ("goals",): "goals",
    ("education",): "education",
}
"""The form's field for each profile path prefix (the longest prefix wins)."""

# A profile that is well formed (it passes the JSON Schema) but wrong in meaning: the planner's
# checks against the catalog reject it, listing every problem at once.
BAD_PROFILE: dict[str, Any] = {
    "id": "bad-example",
    "as_of": "2026-11-26",
    "credentials": [{"id": "RHIT", "earned": "2027-06-01"}],
    "experience": [{"area": "billing", "months": 12}],
    "availability": {"study_hours_per_week": 10},
    "goals": {"credentials": ["CDIP"]},
}


def bundled_profiles() -> dict[str, dict[str, Any]]:
    """The example profiles shipped inside the package, by name (file name without .json)."""
    folder = resources.files("mrt_roadmap") / "examples"
    files = sorted((f for f in folder.iterdir() if f.name.endswith(".json")), key=lambda f: f.name)
    return {f.name.removesuffix(".json"): json.loads(f.read_text("utf-8")) for f in files}


def summary(roadmap: Roadmap) -> str:
    """One line per roadmap: each goal and when it is reached, known cost, warning codes."""
    goals = ", ".join(
        f"{g.target} {g.reached_on.isoformat() if g.reached_on else 'not within the horizon'}"
        for g in roadmap.goals
    )
    cost = f"${roadmap.total_cost:,.0f}" if roadmap.total_cost is not None else "unknown"
    codes = ", ".join(sorted({w.code for w in roadmap.warnings})) or "none"
    return (
        f"{roadmap.profile_id}: {goals}; {len(roadmap.milestones)} milestones; "
        f"known cost {cost}; warnings: {codes}"
    )


def report_problems(name: str, error: ProfileError) -> None:
    print(f"invalid {name}: {len(error.problems)} problem(s)")
    for problem in error.problems:
        print(f"  {problem.path}: {problem.message}")


def plan_item(planner: Planner, name: str, source: Any) -> tuple[str, Roadmap | ProfileError]:
    """Plan one batch item; a bad profile becomes the item's result instead of an exception."""
    try:
        return name, planner.plan(source)
    except ProfileError as error:
        return name, error


def form_field(problem: Problem) -> str:
    """The form field a problem belongs to: the longest known prefix of its path."""
    for size in range(len(problem.parts), 0, -1):
        field = FORM_FIELDS.get(problem.parts[:size])
        if field is not None:
            return field
    return "(whole form)"


def typed_profile() -> mrt_roadmap.Profile:
    """A learner built in Python: an associate's in progress, RHIT as the goal."""
    import datetime as dt

    return mrt_roadmap.Profile(
        id="typed-1",
        as_of=dt.date(2026, 11, 26),
        availability=mrt_roadmap.Availability(study_hours_per_week=12),
        education=(
            mrt_roadmap.Education(level="high_school"),
            mrt_roadmap.Education(
                program="aas_hit",
                status="in_progress",
                start=dt.date(2025, 8, 25),
                end=dt.date(2027, 5, 15),
                credits_completed=30,
            ),
        ),
        goals=mrt_roadmap.Goals(credentials=("RHIT",)),
    )


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    out_dir = Path(args[0]) if args else Path(tempfile.mkdtemp(prefix="mrt-roadmap-embed-"))
    out_dir.mkdir(parents=True, exist_ok=True)

    # 1. One planner for the whole application: plugins and catalog are loaded here, once.
    planner = Planner()
    print("plugins:", ", ".join(p.name for p in planner.host.plugins))

    # 2. Validate a form submission: every problem at once, mapped to the form's fields.
    problems = mrt_roadmap.validate(FORM_PROFILE, planner)
    print(f"form: {len(problems)} problem(s)")
    for problem in problems:
        print(f"  [{form_field(problem)}] {problem.code}: {problem.learner_message}")

    # 3. A profile built in Python is checked like JSON, and plans like it.
    typed = typed_profile()
    print(f"typed profile: {len(mrt_roadmap.validate(typed, planner))} problem(s)")
    print("planned", summary(planner.plan(typed)))

    # 4. Plan each bundled profile (any source: a mapping, JSON text, a path or a Profile).
    profiles = bundled_profiles()
    roadmaps: dict[str, Roadmap] = {}
    for name, data in profiles.items():
        try:
            roadmaps[name] = planner.plan(data)
        except ProfileError as error:  # e.g. a profile whose plugin is not installed
            report_problems(name, error)
            continue
        print("planned", summary(roadmaps[name]))

    # 5. A bad profile: every problem has a JSON path and a message.
    try:
        planner.plan(BAD_PROFILE)
    except ProfileError as error:
        report_problems(BAD_PROFILE["id"], error)

    # 6. Export: canonical JSON (checked against the schema), the embeddable HTML fragment
    #    under the host page's own <h2>, and iCalendar; output_formats() says how to save each.
    name = "p5-working-rhit-to-rhia"
    if name in roadmaps:
        roadmap = roadmaps[name]
        saving = {f.name: f for f in mrt_roadmap.output_formats(planner)}
        as_json = mrt_roadmap.export(roadmap, "json", planner=planner)
        problems = validate_roadmap(as_json)
        fragment = mrt_roadmap.export(roadmap, "html-fragment", planner=planner, heading_level=3)
        calendar = mrt_roadmap.export(roadmap, "ics", planner=planner)
        for fmt, text in (("json", as_json), ("html-fragment", fragment), ("ics", calendar)):
            (out_dir / f"{name}{saving[fmt].suffix}").write_text(text, encoding="utf-8")
        print(
            f"exported {name}.json ({len(as_json):,} characters, schema problems: {len(problems)})"
        )
        print(f"exported {name}.html ({fragment.splitlines()[0]}...)")
        print(f"exported {name}.ics ({saving['ics'].media_type})")
        print("output folder:", out_dir)

    # 7. A batch on a thread pool: the planner is shared; each item reports its own outcome,
    #    and a bad item's error names it by index and id, never by its content.
    batch: list[tuple[str, Any]] = [(n, d) for n, d in profiles.items()]
    batch.insert(2, (BAD_PROFILE["id"], BAD_PROFILE))
    batch.insert(5, ("not-json", '{"id": "broken",'))
    with ThreadPoolExecutor(max_workers=4) as pool:
        results = list(planner.plan_many((d for _, d in batch), executor=pool))
    failed = 0
    for (item, _), result in zip(batch, results, strict=True):
        if result.roadmap is None:
            failed += 1
            first = result.problems[0] if result.problems else result.error
            print(f"batch {item}: FAILED ({len(result.problems)} problem(s); first {first})")
        else:
            reached = sum(g.reached_on is not None for g in result.roadmap.goals)
            print(f"batch {item}: ok ({reached}/{len(result.roadmap.goals)} goals reached)")
    print(f"batch done: {len(results) - failed} planned, {failed} failed")
    return 0


def validate_roadmap(text: str) -> list[str]:
    """Problems of a roadmap's JSON against the published ``roadmap.schema.json`` (shipped in
    the package), as a consumer of the JSON checks it with ``jsonschema``."""
    from jsonschema import Draft202012Validator

    schema_file = resources.files("mrt_roadmap") / "schemas" / "roadmap.schema.json"
    validator = Draft202012Validator(json.loads(schema_file.read_text("utf-8")))
    return [error.message for error in validator.iter_errors(json.loads(text))]


if __name__ == "__main__":
    raise SystemExit(main())

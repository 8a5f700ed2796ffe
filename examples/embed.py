"""Embed mrt-roadmap in another application, in-process.

    python examples/embed.py [OUT_DIR]

1. Build one :class:`~mrt_roadmap.Planner` (it loads the plugins and the catalog once).
2. Plan every profile bundled with the package (``mrt_roadmap/examples/*.json``).
3. Handle an invalid profile: :class:`~mrt_roadmap.ProfileError` lists each problem by JSON path.
4. Export one roadmap as JSON and as an embeddable HTML fragment into OUT_DIR (default: a new
   temporary folder), and check the JSON against ``roadmap.schema.json``.
5. Plan a batch on a thread pool, reporting a bad profile per item without stopping the batch.

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
from mrt_roadmap import Planner, ProfileError, Roadmap, load_profile
from mrt_roadmap.schemas import validate

# A profile that is well formed (it passes the JSON Schema) but wrong in meaning: the planner's
# checks against the catalog reject it, listing every problem at once.
BAD_PROFILE: dict[str, Any] = {
    "id": "bad-example",
    "as_of": "2026-11-26",
    "credentials": [{"id": "RHIT", "earned": "2027-06-01"}],
    "experience": [{"area": "billing", "months": 12}],
    "availability": {"study_hours_per_week": 10},
    "goals": {"credentials": ["CCA"]},
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
        return name, planner.plan(load_profile(source))
    except ProfileError as error:
        return name, error


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    out_dir = Path(args[0]) if args else Path(tempfile.mkdtemp(prefix="mrt-roadmap-embed-"))
    out_dir.mkdir(parents=True, exist_ok=True)

    # 1. One planner for the whole application: plugins and catalog are loaded here, once.
    planner = Planner()
    print("plugins:", ", ".join(p.name for p in planner.host.plugins))

    # 2. Plan each bundled profile (a mapping is validated against profile.schema.json first).
    profiles = bundled_profiles()
    roadmaps: dict[str, Roadmap] = {}
    for name, data in profiles.items():
        try:
            roadmaps[name] = planner.plan(load_profile(data))
        except ProfileError as error:  # e.g. a profile whose plugin is not installed
            report_problems(name, error)
            continue
        print("planned", summary(roadmaps[name]))

    # 3. A bad profile: every problem has a JSON path and a message.
    try:
        planner.plan(load_profile(BAD_PROFILE))
    except ProfileError as error:
        report_problems(BAD_PROFILE["id"], error)

    # 4. Export: canonical JSON (checked against the schema) and the embeddable HTML fragment.
    name = "p5-working-rhit-to-rhia"
    if name in roadmaps:
        roadmap = roadmaps[name]
        as_json = mrt_roadmap.export(roadmap, "json", planner=planner)
        problems = validate("roadmap", json.loads(as_json))
        fragment = mrt_roadmap.export(roadmap, "html-fragment", planner=planner)
        (out_dir / f"{name}.json").write_text(as_json, encoding="utf-8")
        (out_dir / f"{name}.html").write_text(fragment, encoding="utf-8")
        print(
            f"exported {name}.json ({len(as_json):,} characters, schema problems: {len(problems)})"
        )
        print(f"exported {name}.html ({fragment.splitlines()[0]}...)")
        print("output folder:", out_dir)

    # 5. A batch on a thread pool: the planner is shared; each item reports its own outcome.
    batch: list[tuple[str, Any]] = [(n, d) for n, d in profiles.items()]
    batch.insert(2, (BAD_PROFILE["id"], BAD_PROFILE))
    batch.insert(5, ("not-json", '{"id": "broken",'))
    with ThreadPoolExecutor(max_workers=4) as pool:
        results = list(pool.map(lambda item: plan_item(planner, *item), batch))
    failed = 0
    for item, result in results:
        if isinstance(result, ProfileError):
            failed += 1
            first = result.problems[0]
            print(f"batch {item}: FAILED ({len(result.problems)} problem(s); first {first})")
        else:
            reached = sum(g.reached_on is not None for g in result.goals)
            print(f"batch {item}: ok ({reached}/{len(result.goals)} goals reached)")
    print(f"batch done: {len(results) - failed} planned, {failed} failed")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

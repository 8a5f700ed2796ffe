"""Benchmarks, reported as ratios measured side by side in one run (this machine is noisy).

1. In-process: validate + plan + serialise one profile to JSON (validators, catalog and plugin
   manager built once), against validating the same profile against its schema alone.
2. Whole process: ``mrt-roadmap plan PROFILE`` against
   ``python -c "import jsonschema, pluggy, attrs, cattrs, click"``.
3. Plugins: planning with every installed plugin against the built-ins alone, same profile.

Each timing is the median of interleaved repetitions. Usage: ``./dev bench [--quick]``.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "src" / "mrt_roadmap" / "examples"


def median_time(fn: Callable[[], object], repeat: int, number: int) -> float:
    samples = []
    for _ in range(repeat):
        start = time.perf_counter()
        for _ in range(number):
            fn()
        samples.append((time.perf_counter() - start) / number)
    return statistics.median(samples)


def interleaved(
    a: Callable[[], object], b: Callable[[], object], rounds: int, number: int
) -> tuple[float, float]:
    """Median per-call time of a and b, alternating rounds so both see the same machine load."""
    ta, tb = [], []
    for _ in range(rounds):
        ta.append(median_time(a, 1, number))
        tb.append(median_time(b, 1, number))
    return statistics.median(ta), statistics.median(tb)


def in_process(profile: str, rounds: int) -> dict[str, float]:
    from mrt_roadmap.formats.json_format import to_json
    from mrt_roadmap.planner import Planner
    from mrt_roadmap.pluginmanager import PluginHost
    from mrt_roadmap.profile import profile_from_dict
    from mrt_roadmap.schemas import validate

    data = json.loads((EXAMPLES / f"{profile}.json").read_text())
    planner = Planner(PluginHost(load_entrypoints=False))
    validate("profile", data)

    def full() -> str:
        return to_json(planner.plan(profile_from_dict(data)))

    full()
    t_plan, t_validate = interleaved(full, lambda: validate("profile", data), rounds, 20)
    return {"plan_ms": t_plan * 1e3, "validate_ms": t_validate * 1e3, "ratio": t_plan / t_validate}


def compile_sources() -> None:
    """Write bytecode for the project's sources, as installing a wheel does: an editable install
    under PYTHONDONTWRITEBYTECODE=1 would otherwise recompile every module in every process."""
    import compileall

    for folder in [ROOT / "src", *sorted((ROOT / "plugins").glob("*/src"))]:
        compileall.compile_dir(str(folder), quiet=1)


def whole_process(profile: str, rounds: int) -> dict[str, float]:
    compile_sources()
    exe = Path(sys.executable).with_name("mrt-roadmap")
    plan_cmd = [str(exe), "plan", str(EXAMPLES / f"{profile}.json"), "--format", "json"]
    base_cmd = [sys.executable, "-c", "import jsonschema, pluggy, attrs, cattrs, click"]

    def run(cmd: list[str]) -> Callable[[], object]:
        return lambda: subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL)

    run(plan_cmd)()
    t_plan, t_base = interleaved(run(plan_cmd), run(base_cmd), rounds, 1)
    return {"plan_s": t_plan, "imports_s": t_base, "ratio": t_plan / t_base}


def plugins_overhead(profile: str, rounds: int) -> dict[str, float]:
    from mrt_roadmap.formats.json_format import to_json
    from mrt_roadmap.planner import Planner
    from mrt_roadmap.pluginmanager import PluginHost
    from mrt_roadmap.profile import profile_from_dict

    data = json.loads((EXAMPLES / f"{profile}.json").read_text())
    everything = Planner(PluginHost(load_entrypoints=True))
    builtins = Planner(PluginHost(load_entrypoints=False))
    profile_obj = profile_from_dict(data)

    def with_all() -> str:
        return to_json(everything.plan(profile_obj))

    def with_builtins() -> str:
        return to_json(builtins.plan(profile_obj))

    with_all()
    with_builtins()
    t_all, t_core = interleaved(with_all, with_builtins, rounds, 20)
    return {
        "plugins": float(len(everything.host.plugins)),
        "all_ms": t_all * 1e3,
        "builtins_ms": t_core * 1e3,
        "ratio": t_all / t_core,
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--profile", default="demo-new-learner")
    parser.add_argument("--quick", action="store_true", help="fewer rounds")
    parser.add_argument("--json", action="store_true", help="print JSON")
    args = parser.parse_args()
    rounds = 3 if args.quick else 9
    results = {
        "profile": args.profile,
        "in_process": in_process(args.profile, rounds),
        "whole_process": whole_process(args.profile, max(3, rounds // 2)),
        "plugins": plugins_overhead(args.profile, rounds),
    }
    if args.json:
        print(json.dumps(results, indent=2))
        return 0
    ip, wp, pl = results["in_process"], results["whole_process"], results["plugins"]
    print(f"profile: {args.profile}")
    print(
        f"in-process  validate+plan+JSON {ip['plan_ms']:.2f} ms vs validate alone "
        f"{ip['validate_ms']:.3f} ms -> {ip['ratio']:.1f}x (target <= 5x)"
    )
    print(
        f"process     mrt-roadmap plan {wp['plan_s'] * 1e3:.0f} ms vs imports {wp['imports_s'] * 1e3:.0f} ms"
        f" -> {wp['ratio']:.2f}x (target <= 1.5x)"
    )
    print(
        f"plugins     {pl['plugins']:.0f} plugins {pl['all_ms']:.2f} ms vs built-ins {pl['builtins_ms']:.2f} ms"
        f" -> {pl['ratio']:.2f}x (target <= 1.5x)"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())

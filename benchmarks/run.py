"""Benchmarks, reported as ratios measured side by side in one run (this machine is noisy).

1. In-process: validate + plan + serialise one profile to JSON (validators, catalog and plugin
   manager built once), against validating the same profile against its schema alone. The
   criterion is about a typical profile (default: P5, a working RHIT planning the RHIA); with
   ``--all`` every bundled example is measured, so the extremes are visible too.
2. Whole process: ``mrt-roadmap plan PROFILE --format json`` against
   ``python -c "import jsonschema, pluggy, attrs, cattrs, click"``.
3. Plugins: planning with every installed plugin against the built-ins alone, same profile.
5. Progress: the same profile with a 200-entry CE log and 20 dated jobs against it without
   them (a learner who kept the profile up to date for years).
6. Throughput: profiles per second on one core over every bundled example, from JSON text to
   roadmap JSON (``benchmarks/cohort.py`` measures the ``batch`` command, workers and Dask).

The two sides are timed in alternating rounds so both see the same machine load. Each ratio is
given from the medians of the rounds (the criterion) and from their minima (the least disturbed
rounds, as ``timeit`` recommends). With ``--instructions`` the same two ratios are also counted
in CPU instructions under valgrind (callgrind), which no other load on the machine disturbs.
4. Memory (``--memory``, on its own): one long-lived planner plans distinct profiles (variations
   of the bundled examples: dates, names, study hours); after a warm-up, the resident set size
   is read every 1,000 profiles. A planner whose memos are bounded grows by ~0 MB per 1,000.

Usage: ``./dev bench [--quick] [--all] [--profile NAME] [--instructions] [--memory [N]]
[--cohort] [--scale SMALL LARGE]``.
"""

from __future__ import annotations

import argparse
import datetime as dt
import gc
import itertools
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "src" / "mrt_roadmap" / "examples"
TYPICAL = "p5-working-rhit-to-rhia"


def per_call(fn: Callable[[], object], number: int) -> float:
    start = time.perf_counter()
    for _ in range(number):
        fn()
    return (time.perf_counter() - start) / number


def interleaved(
    a: Callable[[], object], b: Callable[[], object], rounds: int, number: int
) -> dict[str, float]:
    """Per-call times of a and b over alternating rounds: medians, minima and both ratios."""
    ta, tb = [], []
    for _ in range(rounds):
        ta.append(per_call(a, number))
        tb.append(per_call(b, number))
    ma, mb = statistics.median(ta), statistics.median(tb)
    return {
        "a_median": ma,
        "b_median": mb,
        "ratio": ma / mb,
        "a_min": min(ta),
        "b_min": min(tb),
        "ratio_min": min(ta) / min(tb),
    }


def in_process(profile: str, rounds: int) -> dict[str, float]:
    from mrt_roadmap.formats.json_format import to_json
    from mrt_roadmap.planner import Planner
    from mrt_roadmap.pluginmanager import get_plugin_host
    from mrt_roadmap.profile import profile_from_dict
    from mrt_roadmap.schemas import validate

    data = json.loads((EXAMPLES / f"{profile}.json").read_text())
    planner = Planner(get_plugin_host())
    validate("profile", data)

    def full() -> str:
        return to_json(planner.plan(profile_from_dict(data)))

    full()
    r = interleaved(full, lambda: validate("profile", data), rounds, 20)
    return {
        "plan_ms": r["a_median"] * 1e3,
        "validate_ms": r["b_median"] * 1e3,
        "ratio": r["ratio"],
        "ratio_min": r["ratio_min"],
    }


def throughput(rounds: int) -> dict[str, float]:
    """Profiles per second on one core: every bundled example, from its JSON text to the
    roadmap's JSON text (read, validate, plan, write), as ``mrt-roadmap batch`` does per line."""
    from mrt_roadmap.formats.json_format import to_json
    from mrt_roadmap.planner import Planner
    from mrt_roadmap.pluginmanager import get_plugin_host

    texts = [p.read_bytes() for p in sorted(EXAMPLES.glob("*.json"))]
    planner = Planner(get_plugin_host())

    def all_examples() -> None:
        for text in texts:
            to_json(planner.plan(text))

    all_examples()
    times = [per_call(all_examples, 10) / len(texts) for _ in range(rounds)]
    return {"profiles_per_s": 1 / statistics.median(times), "best": 1 / min(times)}


def with_progress(data: dict[str, Any], ce_entries: int = 200, jobs: int = 20) -> dict[str, Any]:
    """``data`` with a CE log of ``ce_entries`` activities spread over the six years before
    ``as_of`` and ``jobs`` dated jobs (some ended, some going on), as a learner who kept their
    profile up to date for years would have."""
    as_of = dt.date.fromisoformat(data["as_of"])
    areas = ["coding", "him", "health_data", "privacy_security", "other_healthcare"]
    ce = [
        {
            "date": (as_of - dt.timedelta(days=(i * 2190) // ce_entries)).isoformat(),
            "amount": 1 + i % 3,
            "issuer": "AHIMA",
            "categories": ["hiim_domain"] if i % 2 else ["hiim_domain", "ahima_sourced"],
            "title": f"Webinar {i}",
        }
        for i in range(ce_entries)
    ]
    experience = []
    for i in range(jobs):
        start = as_of - dt.timedelta(days=300 * (i + 1))
        job: dict[str, Any] = {"area": areas[i % len(areas)], "start": start.isoformat()}
        if i % 4:
            job["end"] = (start + dt.timedelta(days=200)).isoformat()
        job["hours_per_week"] = 10 + i % 30
        experience.append(job)
    return {**data, "experience": experience, "progress": {"ce": ce}}


def progress_overhead(profile: str, rounds: int) -> dict[str, float]:
    """Planning ``profile`` with a 200-entry CE log and 20 dated jobs against the same profile
    without them: the plan alone (the criterion), and the whole pipeline (read + validate +
    plan + JSON), where the larger input costs most."""
    from mrt_roadmap.formats.json_format import to_json
    from mrt_roadmap.planner import Planner
    from mrt_roadmap.pluginmanager import get_plugin_host
    from mrt_roadmap.profile import profile_from_dict

    plain = json.loads((EXAMPLES / f"{profile}.json").read_text())
    plain = {**plain, "experience": [], "progress": {}}
    full = with_progress(plain)
    planner = Planner(get_plugin_host())
    built_full, built_plain = profile_from_dict(full), profile_from_dict(plain)

    def pipeline(data: dict[str, Any]) -> Callable[[], str]:
        return lambda: to_json(planner.plan(profile_from_dict(data)))

    pipeline(full)()
    plan = interleaved(
        lambda: planner.plan(built_full), lambda: planner.plan(built_plain), rounds, 20
    )
    whole = interleaved(pipeline(full), pipeline(plain), rounds, 10)
    return {
        "with_ms": plan["a_median"] * 1e3,
        "without_ms": plan["b_median"] * 1e3,
        "ratio": plan["ratio"],
        "ratio_min": plan["ratio_min"],
        "pipeline_with_ms": whole["a_median"] * 1e3,
        "pipeline_without_ms": whole["b_median"] * 1e3,
        "pipeline_ratio": whole["ratio"],
    }


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

    run(plan_cmd)()  # a first start, so both sides run with warm OS file caches
    r = interleaved(run(plan_cmd), run(base_cmd), rounds, 1)
    return {
        "plan_s": r["a_median"],
        "imports_s": r["b_median"],
        "ratio": r["ratio"],
        "ratio_min": r["ratio_min"],
    }


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
    r = interleaved(with_all, with_builtins, rounds, 20)
    return {
        "plugins": float(len(everything.host.plugins)),
        "all_ms": r["a_median"] * 1e3,
        "builtins_ms": r["b_median"] * 1e3,
        "ratio": r["ratio"],
        "ratio_min": r["ratio_min"],
    }


def hooks_overhead(rounds: int) -> dict[str, float]:
    """Every example planned with every plugin: the plugin API's contained, checked hook calls
    vs the same plugins' implementations called bare through pluggy (no time budget, no result
    check): what containment and return checks cost a plan (issue 10: at most 1.1x)."""
    from mrt_roadmap.hook_calls import RUNTIME_HOOKS
    from mrt_roadmap.planner import Planner
    from mrt_roadmap.pluginmanager import PluginHost
    from mrt_roadmap.profile import load_profile

    profiles = [load_profile(p) for p in sorted(EXAMPLES.glob("*.json"))]
    contained = Planner(PluginHost(load_entrypoints=True))
    bare_host = PluginHost(load_entrypoints=True)
    for hook in RUNTIME_HOOKS:
        for impl in getattr(bare_host.pm.hook, hook).get_hookimpls():
            impl.function = getattr(impl.function, "__wrapped__", impl.function)
    bare = Planner(bare_host)

    def plan_all(planner: Planner) -> Callable[[], object]:
        return lambda: [planner.plan(p) for p in profiles]

    for planner in (contained, bare):
        plan_all(planner)()
    r = interleaved(plan_all(contained), plan_all(bare), rounds, 3)
    return {
        "contained_ms": r["a_median"] * 1e3 / len(profiles),
        "bare_ms": r["b_median"] * 1e3 / len(profiles),
        "ratio": r["ratio"],
        "ratio_min": r["ratio_min"],
    }


def variant(bases: list[dict[str, Any]], i: int) -> dict[str, Any]:
    """The ``i``-th distinct profile made from the bundled examples (cheap, always valid)."""
    data = json.loads(json.dumps(bases[i % len(bases)]))
    step = i // len(bases)
    data["id"] = f"{data['id']}-{i}"
    data["name"] = f"Variant {i}"
    data["as_of"] = (
        dt.date.fromisoformat(data["as_of"]) + dt.timedelta(days=step % 1500)
    ).isoformat()
    data["availability"]["study_hours_per_week"] = 6 + (i * 7) % 25
    return data


def rss_mb() -> float:
    """Resident set size of this process now, in MB (peak RSS where /proc is missing)."""
    try:
        with open("/proc/self/statm") as f:
            pages = int(f.read().split()[1])
        return pages * os.sysconf("SC_PAGE_SIZE") / 2**20
    except OSError:
        import resource

        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        return peak / (2**20 if sys.platform == "darwin" else 2**10)


def memory(profiles: int, warmup: int = 1000, step: int = 1000) -> dict[str, Any]:
    """RSS after a warm-up and then every ``step`` distinct profiles, on one planner."""
    from mrt_roadmap.planner import Planner
    from mrt_roadmap.pluginmanager import get_plugin_host
    from mrt_roadmap.profile import profile_from_dict

    bases = [json.loads(p.read_text()) for p in sorted(EXAMPLES.glob("*.json"))]
    planner = Planner(get_plugin_host())
    done = 0

    def plan_until(count: int) -> None:
        nonlocal done
        while done < count:
            planner.plan(profile_from_dict(variant(bases, done)))
            done += 1

    plan_until(warmup)
    gc.collect()
    points = [(done, rss_mb())]
    started = time.perf_counter()
    while done < warmup + profiles:
        plan_until(done + step)
        gc.collect()
        points.append((done, rss_mb()))
    elapsed = time.perf_counter() - started
    growth = [(b[1] - a[1]) / (b[0] - a[0]) * 1000 for a, b in itertools.pairwise(points)]
    return {
        "points": points,
        "mb_per_1000": growth,
        "mean_mb_per_1000": statistics.mean(growth),
        "plans_per_s": profiles / elapsed,
        "memo_entries": float(len(planner.shared)),
        "lru_caches": lru_caches(),
    }


def lru_caches() -> dict[str, int]:
    """Entries held by the process-wide ``functools.lru_cache``s the planner uses (bounded)."""
    import importlib

    found = {}
    for module, names in [
        ("mrt_roadmap.terms", ["_year_terms", "add_business_days"]),
        ("mrt_roadmap.builtin.ahima", ["_reasons_for", "_cycle"]),
        ("mrt_roadmap_aapc.maintenance", ["_years_after"]),
    ]:
        try:
            mod = importlib.import_module(module)
        except ImportError:
            continue
        for name in names:
            info = getattr(mod, name).cache_info()
            found[f"{module}.{name}"] = f"{info.currsize}/{info.maxsize}"
    return found


def _instructions(cmd: list[str]) -> int:
    """CPU instructions ``cmd`` executes, counted by callgrind (hash seed fixed)."""
    env = {**os.environ, "PYTHONHASHSEED": "0"}
    run = subprocess.run(
        ["valgrind", "--tool=callgrind", "--callgrind-out-file=/dev/null", *cmd],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
        check=True,
    )
    found = re.search(r"I\s+refs:\s+([\d,]+)", run.stderr)
    if found is None:
        raise RuntimeError(f"no instruction count in valgrind's output: {run.stderr[-500:]}")
    return int(found.group(1).replace(",", ""))


def instruction_ratios(profile: str, calls: int) -> dict[str, float]:
    """Both ratios in instructions: in-process per call (setup subtracted), and whole process."""
    me = [sys.executable, __file__, "--worker"]
    _instructions([*me, profile, "full", "0"])  # a first start fills the start-up cache
    setup = _instructions([*me, profile, "full", "0"])
    full = (_instructions([*me, profile, "full", str(calls)]) - setup) / calls
    valid = (_instructions([*me, profile, "validate", str(calls)]) - setup) / calls
    exe = str(Path(sys.executable).with_name("mrt-roadmap"))
    plan = _instructions([exe, "plan", str(EXAMPLES / f"{profile}.json"), "--format", "json"])
    base = _instructions([sys.executable, "-c", "import jsonschema, pluggy, attrs, cattrs, click"])
    return {
        "full_per_call": full,
        "validate_per_call": valid,
        "in_process_ratio": full / valid,
        "plan_process": float(plan),
        "imports_process": float(base),
        "process_ratio": plan / base,
    }


def _worker(profile: str, mode: str, calls: int) -> None:
    """Set up as in :func:`in_process`, then run ``calls`` of one side (under valgrind)."""
    from mrt_roadmap.formats.json_format import to_json
    from mrt_roadmap.planner import Planner
    from mrt_roadmap.pluginmanager import get_plugin_host
    from mrt_roadmap.profile import profile_from_dict
    from mrt_roadmap.schemas import validate

    data = json.loads((EXAMPLES / f"{profile}.json").read_text())
    planner = Planner(get_plugin_host())
    for _ in range(2):
        to_json(planner.plan(profile_from_dict(data)))
    validate("profile", data)
    for _ in range(calls):
        if mode == "full":
            to_json(planner.plan(profile_from_dict(data)))
        else:
            validate("profile", data)


def report_memory(result: dict[str, Any], as_json: bool) -> int:
    if as_json:
        print(json.dumps(result, indent=2))
        return 0
    print("memory: one planner, distinct profiles; RSS after gc, per 1,000 profiles after warm-up")
    for (done, mb), growth in zip(result["points"][1:], result["mb_per_1000"], strict=True):
        print(f"  after {done:>6,} profiles: RSS {mb:7.1f} MB ({growth:+.2f} MB per 1,000)")
    print(
        f"memory      growth {result['mean_mb_per_1000']:+.2f} MB per 1,000 profiles "
        f"(target ~0), {result['plans_per_s']:.0f} plans/s, "
        f"{result['memo_entries']:.0f} shared memo entries (start {result['points'][0][1]:.1f} MB)"
    )
    caches = ", ".join(f"{name.rsplit('.', 1)[1]} {n}" for name, n in result["lru_caches"].items())
    print(f"lru_caches  {caches}")
    return 0


def main() -> int:
    if sys.argv[1:2] == ["--worker"]:
        _worker(sys.argv[2], sys.argv[3], int(sys.argv[4]))
        return 0
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--profile", default=TYPICAL, help=f"example profile (default {TYPICAL})")
    parser.add_argument("--all", action="store_true", help="in-process: every example profile")
    parser.add_argument("--quick", action="store_true", help="fewer rounds")
    parser.add_argument("--json", action="store_true", help="print JSON")
    parser.add_argument(
        "--memory",
        nargs="?",
        type=int,
        const=6000,
        metavar="N",
        help="only the memory benchmark: RSS growth over N distinct profiles (default 6000)",
    )
    parser.add_argument(
        "--instructions", action="store_true", help="also count instructions (needs valgrind)"
    )
    parser.add_argument(
        "--cohort",
        action="store_true",
        help="also the cohort benchmarks (benchmarks/cohort.py: batch on 1 and 2 workers, Dask)",
    )
    parser.add_argument(
        "--scale",
        type=int,
        nargs=2,
        metavar=("SMALL", "LARGE"),
        help="also mrt-roadmap batch on SMALL and LARGE generated profiles (e.g. 10000 100000): "
        "profiles/s/core and peak memory",
    )
    args = parser.parse_args()
    if args.instructions and shutil.which("valgrind") is None:
        parser.error("--instructions needs valgrind (apt-get install valgrind)")
    if args.memory is not None:
        return report_memory(memory(args.memory), args.json)
    rounds = 5 if args.quick else 15
    names = sorted(p.stem for p in EXAMPLES.glob("*.json")) if args.all else [args.profile]
    results = {
        "profile": args.profile,
        "in_process": {name: in_process(name, rounds) for name in names},
        "whole_process": whole_process(args.profile, max(5, rounds)),
        "plugins": plugins_overhead(args.profile, rounds),
        "hooks": hooks_overhead(rounds),
        "progress": progress_overhead(args.profile, rounds),
        "throughput": throughput(rounds),
    }
    if args.instructions:
        results["instructions"] = {
            name: instruction_ratios(name, 5 if args.quick else 10) for name in names
        }
    if args.json:
        print(json.dumps(results, indent=2))
        return 0
    print("ratios: median of alternating rounds (min of rounds in brackets)")
    for name, ip in results["in_process"].items():
        print(
            f"in-process  {name}: validate+plan+JSON {ip['plan_ms']:.2f} ms vs validate alone "
            f"{ip['validate_ms']:.3f} ms -> {ip['ratio']:.2f}x [{ip['ratio_min']:.2f}x] "
            "(target <= 1.0x)"
        )
    wp, pl = results["whole_process"], results["plugins"]
    print(
        f"process     {args.profile}: mrt-roadmap plan {wp['plan_s'] * 1e3:.0f} ms vs imports "
        f"{wp['imports_s'] * 1e3:.0f} ms -> {wp['ratio']:.2f}x [{wp['ratio_min']:.2f}x] "
        "(target <= 1.3x)"
    )
    print(
        f"plugins     {pl['plugins']:.0f} plugins {pl['all_ms']:.2f} ms vs built-ins "
        f"{pl['builtins_ms']:.2f} ms -> {pl['ratio']:.2f}x [{pl['ratio_min']:.2f}x] "
        "(target <= 1.5x)"
    )
    hk = results["hooks"]
    print(
        f"hooks       every example, every plugin: contained and checked calls "
        f"{hk['contained_ms']:.2f} ms vs bare pluggy calls {hk['bare_ms']:.2f} ms per plan -> "
        f"{hk['ratio']:.2f}x [{hk['ratio_min']:.2f}x] (target <= 1.1x)"
    )
    pr = results["progress"]
    print(
        f"progress    {args.profile} planned with a 200-entry CE log and 20 jobs "
        f"{pr['with_ms']:.2f} ms vs without {pr['without_ms']:.2f} ms -> {pr['ratio']:.2f}x "
        f"[{pr['ratio_min']:.2f}x] (target <= 1.5x); with reading, validation and JSON "
        f"{pr['pipeline_with_ms']:.2f} vs {pr['pipeline_without_ms']:.2f} ms -> "
        f"{pr['pipeline_ratio']:.2f}x"
    )
    tp = results["throughput"]
    print(
        f"throughput  every example, JSON text to roadmap JSON on one core: "
        f"{tp['profiles_per_s']:.0f} profiles/s [{tp['best']:.0f}] (target >= 3000)"
    )
    for name, ir in results.get("instructions", {}).items():
        print(
            f"instructions {name}: in-process {ir['full_per_call'] / 1e6:.1f}M vs "
            f"{ir['validate_per_call'] / 1e6:.1f}M -> {ir['in_process_ratio']:.2f}x; process "
            f"{ir['plan_process'] / 1e6:.0f}M vs {ir['imports_process'] / 1e6:.0f}M -> "
            f"{ir['process_ratio']:.2f}x"
        )
    sys.stdout.flush()
    cohort_script = [sys.executable, str(ROOT / "benchmarks" / "cohort.py")]
    if args.cohort:
        subprocess.run(cohort_script, check=True)
    if args.scale:
        subprocess.run([*cohort_script, "--scale", *map(str, args.scale)], check=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())

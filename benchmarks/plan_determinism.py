"""The same command on an idle and on a saturated machine: the same stages and the same answer.

The automatic strategy plans with its cost model, not the clock (docs/guide.md, "Time budget").
This script runs ``pinnls solve example:NAME --threads 1`` with the defaults twice, once as the
machine is and once while one busy loop per core saturates every core, and compares the chosen
stages and the rel L2 errors; it writes docs/figures/plan_determinism.json (docs/benchmarks.md,
section 11 quotes it).

    .venv/bin/python benchmarks/plan_determinism.py [--json PATH] [NAME ...]  # advection_gauss
    .venv/bin/python benchmarks/plan_determinism.py --limits 10,30 NAME ...

``--limits`` runs each problem with each ``--time-limit`` instead, and writes
docs/figures/time_limits.json: the wall time against the limit (the hard stop must hold).
A NAME that ends in ``.py`` is a problem file's path. Options after the limits, before the
names: ``--loaded`` runs every solve while one busy loop per core saturates the machine;
``--json PATH`` writes there instead.

    .venv/bin/python benchmarks/plan_determinism.py --limits 10,30 --loaded \
        --json docs/figures/time_limits_loaded.json advection_gauss benchmarks/axes/heat_2d_ms.py
"""

from __future__ import annotations

import json
import multiprocessing
import os
import platform
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
OUTPUT = ROOT / "docs" / "figures" / "plan_determinism.json"
LIMITS = ROOT / "docs" / "figures" / "time_limits.json"


def _busy() -> None:
    while True:
        pass


def solve(name: str, out: Path, extra: tuple[str, ...] = ()) -> dict:
    """One run of the defaults; the report's stages, error and times."""
    target = name if name.endswith(".py") else f"example:{name}"
    command = [sys.executable, "-m", "pinnls", "solve", target, "--threads", "1"]
    command += ["--out", str(out), "--quiet", "--format", "h5", *extra]
    start = time.perf_counter()
    subprocess.run(command, check=True, cwd=ROOT, env={**os.environ, "OMP_NUM_THREADS": "1"})
    process = time.perf_counter() - start
    report = json.loads((out / "report.json").read_text())
    record = report["strategy"]
    stages = record.get("stages") or []
    return {
        "stages": [[s["kind"], s["width"], s["scale"], s["rows"], s["estimate"]] for s in stages],
        "chosen": record.get("chosen"),
        "stop_reason": report["stop_reason"],
        "rel_l2_error": report["rel_l2_error"],
        "wall_seconds": report["wall_seconds"],
        "process_seconds": process,
        "planned": record.get("planned"),
    }


def compare(name: str, folder: Path) -> dict:
    stem = Path(name).stem
    alone = solve(name, folder / f"{stem}-alone")
    busy_loops = [
        multiprocessing.Process(target=_busy, daemon=True) for _ in range(os.cpu_count() or 1)
    ]
    for loop in busy_loops:
        loop.start()
    try:
        loaded = solve(name, folder / f"{stem}-loaded")
    finally:
        for loop in busy_loops:
            loop.terminate()
    same = alone["stages"] == loaded["stages"] and alone["chosen"] == loaded["chosen"]
    difference = abs(alone["rel_l2_error"] - loaded["rel_l2_error"]) / alone["rel_l2_error"]
    return {
        "problem": name,
        "alone": alone,
        "loaded": loaded,
        "busy_loops": len(busy_loops),
        "same_stages": same,
        "relative_difference_of_rel_l2": difference,
    }


def limits(
    names: list[str], seconds: list[float], loaded: bool = False, path: Path = LIMITS
) -> None:
    busy_loops = [
        multiprocessing.Process(target=_busy, daemon=True)
        for _ in range((os.cpu_count() or 1) if loaded else 0)
    ]
    for loop in busy_loops:
        loop.start()
    try:
        with tempfile.TemporaryDirectory() as scratch:
            rows = []
            for name in names:
                for limit in seconds:
                    out = Path(scratch) / f"{Path(name).stem}-{limit:g}"
                    run = solve(name, out, ("--time-limit", f"{limit:g}"))
                    rows.append({"problem": name, "time_limit": limit, **run})
    finally:
        for loop in busy_loops:
            loop.terminate()
    result = {
        "command": f"benchmarks/plan_determinism.py --limits {','.join(map(str, seconds))} "
        + ("--loaded " if loaded else "")
        + " ".join(names),
        "machine": f"{platform.machine()}, {os.cpu_count()} cores, {platform.python_version()}",
        "busy_loops": len(busy_loops),
        "rows": rows,
    }
    path.write_text(json.dumps(result, indent=2) + "\n")
    print("| problem | --time-limit | wall (training) | process | stop reason | rel L2 |")
    print("| --- | --- | --- | --- | --- | --- |")
    for r in rows:
        print(
            f"| {Path(r['problem']).stem} | {r['time_limit']:g} s | {r['wall_seconds']:.1f} s | "
            f"{r['process_seconds']:.1f} s | {r['stop_reason']} | {r['rel_l2_error']:.2e} |"
        )


def main() -> None:
    if sys.argv[1:2] == ["--limits"]:
        rest, loaded, path = sys.argv[3:], False, LIMITS
        while rest[:1] in (["--loaded"], ["--json"]):
            if rest[0] == "--loaded":
                loaded, rest = True, rest[1:]
            else:
                path, rest = Path(rest[1]), rest[2:]
        seconds = [float(v) for v in sys.argv[2].split(",")]
        limits(rest or ["advection_gauss"], seconds, loaded, path)
        return
    names, path = sys.argv[1:], OUTPUT
    if names[:1] == ["--json"]:
        path, names = Path(names[1]), names[2:]
    names = names or ["advection_gauss"]
    with tempfile.TemporaryDirectory() as scratch:
        rows = [compare(name, Path(scratch)) for name in names]
    result = {
        "command": "benchmarks/plan_determinism.py " + " ".join(names),
        "machine": f"{platform.machine()}, {os.cpu_count()} cores, {platform.python_version()}",
        "rows": rows,
    }
    path.write_text(json.dumps(result, indent=2) + "\n")
    print("| problem | stages | same stages | rel L2 alone | rel L2 loaded | wall alone | loaded |")
    print("| --- | --- | --- | --- | --- | --- | --- |")
    for r in rows:
        a, b = r["alone"], r["loaded"]
        print(
            f"| {Path(r['problem']).stem} | {len(a['stages'])} | {r['same_stages']} "
            f"| {a['rel_l2_error']:.3e} "
            f"| {b['rel_l2_error']:.3e} | {a['wall_seconds']:.0f} s | {b['wall_seconds']:.0f} s |"
        )


if __name__ == "__main__":
    main()

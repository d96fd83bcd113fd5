"""The same command on an idle and on a saturated machine: the same stages and the same answer.

The automatic strategy plans with its cost model, not the clock (docs/guide.md, "Time budget").
This script runs ``pinnls solve example:NAME --threads 1`` with the defaults twice, once as the
machine is and once while one busy loop per core saturates every core, and compares the chosen
stages and the rel L2 errors; it writes docs/figures/plan_determinism.json (docs/benchmarks.md,
section 11 quotes it).

    .venv/bin/python benchmarks/plan_determinism.py [NAME ...]   # default: advection_gauss
    .venv/bin/python benchmarks/plan_determinism.py --limits 10,30 NAME ...

``--limits`` runs each problem with each ``--time-limit`` instead, and writes
docs/figures/time_limits.json: the wall time against the limit (the hard stop must hold).
"""

from __future__ import annotations

import json
import multiprocessing
import os
import platform
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
OUTPUT = ROOT / "docs" / "figures" / "plan_determinism.json"
LIMITS = ROOT / "docs" / "figures" / "time_limits.json"


def _busy() -> None:
    while True:
        pass


def solve(name: str, out: Path, extra: tuple[str, ...] = ()) -> dict:
    """One run of the defaults; the report's stages, error and times."""
    command = [sys.executable, "-m", "pinnls", "solve", f"example:{name}", "--threads", "1"]
    command += ["--out", str(out), "--quiet", "--format", "h5", *extra]
    subprocess.run(command, check=True, cwd=ROOT, env={**os.environ, "OMP_NUM_THREADS": "1"})
    report = json.loads((out / "report.json").read_text())
    record = report["strategy"]
    stages = record.get("stages") or []
    return {
        "stages": [[s["kind"], s["width"], s["scale"], s["rows"], s["estimate"]] for s in stages],
        "chosen": record.get("chosen"),
        "stop_reason": report["stop_reason"],
        "rel_l2_error": report["rel_l2_error"],
        "wall_seconds": report["wall_seconds"],
        "planned": record.get("planned"),
    }


def compare(name: str, folder: Path) -> dict:
    alone = solve(name, folder / f"{name}-alone")
    busy_loops = [
        multiprocessing.Process(target=_busy, daemon=True) for _ in range(os.cpu_count() or 1)
    ]
    for loop in busy_loops:
        loop.start()
    try:
        loaded = solve(name, folder / f"{name}-loaded")
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


def limits(names: list[str], seconds: list[float]) -> None:
    with tempfile.TemporaryDirectory() as scratch:
        rows = []
        for name in names:
            for limit in seconds:
                out = Path(scratch) / f"{name}-{limit:g}"
                run = solve(name, out, ("--time-limit", f"{limit:g}"))
                rows.append({"problem": name, "time_limit": limit, **run})
    result = {
        "command": f"benchmarks/plan_determinism.py --limits {','.join(map(str, seconds))} "
        + " ".join(names),
        "machine": f"{platform.machine()}, {os.cpu_count()} cores, {platform.python_version()}",
        "rows": rows,
    }
    LIMITS.write_text(json.dumps(result, indent=2) + "\n")
    print("| problem | --time-limit | wall | stop reason | rel L2 |")
    print("| --- | --- | --- | --- | --- |")
    for r in rows:
        print(
            f"| {r['problem']} | {r['time_limit']:g} s | {r['wall_seconds']:.1f} s | "
            f"{r['stop_reason']} | {r['rel_l2_error']:.2e} |"
        )


def main() -> None:
    if sys.argv[1:2] == ["--limits"]:
        limits(sys.argv[3:] or ["advection_gauss"], [float(v) for v in sys.argv[2].split(",")])
        return
    names = sys.argv[1:] or ["advection_gauss"]
    with tempfile.TemporaryDirectory() as scratch:
        rows = [compare(name, Path(scratch)) for name in names]
    result = {
        "command": "benchmarks/plan_determinism.py " + " ".join(names),
        "machine": f"{platform.machine()}, {os.cpu_count()} cores, {platform.python_version()}",
        "rows": rows,
    }
    OUTPUT.write_text(json.dumps(result, indent=2) + "\n")
    print("| problem | stages | same stages | rel L2 alone | rel L2 loaded | wall alone | loaded |")
    print("| --- | --- | --- | --- | --- | --- | --- |")
    for r in rows:
        a, b = r["alone"], r["loaded"]
        print(
            f"| {r['problem']} | {len(a['stages'])} | {r['same_stages']} | {a['rel_l2_error']:.3e} "
            f"| {b['rel_l2_error']:.3e} | {a['wall_seconds']:.0f} s | {b['wall_seconds']:.0f} s |"
        )


if __name__ == "__main__":
    main()

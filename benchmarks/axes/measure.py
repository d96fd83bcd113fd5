"""Per-axis steepness, measured with the defaults (docs/benchmarks.md, "Per-axis steepness").

Solves each problem with ``pinnls solve`` and the default settings (``optimizer`` auto, plan 60
planned seconds), one torch thread, niced, and once more with ``--axis-scales x=1`` (the
isotropic basis and clouds of the strategy before per-axis steepness: the probe is skipped
when the factors are given, and all ones draw the isotropic basis bit for bit). Two-axis
problems run once: the per-axis probe runs on three axes or more, so they take the stages they
always took. Writes the table's JSON::

    PYTHONPATH=. nice -n 10 .venv/bin/python benchmarks/axes/measure.py \\
        --json docs/figures/axes.json

The plan does not read the clock, so the errors, widths and choices are the same on a busy
machine; only the wall times grow with the load (recorded beside each run).
With ``--from-runs DIR`` nothing is solved: the reports already in ``DIR/<name>/report.json``
(run by hand with the same commands, e.g. side by side) are collected.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

#: name -> (problem file, extra flags): the per-axis runs and their isotropic baselines.
RUNS = {
    "rotation_auto": ("problems/rotation_2d.py", []),
    "rotation_iso": ("problems/rotation_2d.py", ["--axis-scales", "x=1"]),
    "heat_auto": ("benchmarks/axes/heat_2d_ms.py", []),
    "heat_iso": ("benchmarks/axes/heat_2d_ms.py", ["--axis-scales", "x=1"]),
    "advection_auto": ("problems/advection_gauss.py", []),
}


def solve(name: str, out: Path) -> dict:
    problem, extra = RUNS[name]
    command = [sys.executable, "-m", "pinnls", "solve", problem, "--threads", "1", "--quiet"]
    command += ["--out", str(out / name), *extra]
    env = {**os.environ, "OMP_NUM_THREADS": "1"}
    began = time.perf_counter()
    subprocess.run(command, cwd=ROOT, env=env, check=True)
    wall = time.perf_counter() - began
    return {"process_wall": wall, "load": os.getloadavg()[0]}


def row(name: str, folder: Path, measured: dict | None) -> dict:
    report = json.loads((folder / name / "report.json").read_text())
    strategy = report["strategy"]
    chosen = strategy["chosen"]
    # The per-axis probe's own stages: probes with factors at the first probe width (the later
    # stages with factors are the usual ones, run with the factors chosen).
    first = min(stage["width"] for stage in strategy["stages"] if stage["kind"] == "probe")
    per_axis = [
        stage
        for stage in strategy["stages"]
        if stage["kind"] == "probe" and stage["width"] == first and stage.get("axis_scales")
    ]
    out = {
        "problem": RUNS[name][0],
        "flags": " ".join(RUNS[name][1]) or "defaults",
        "rel_l2_error": report["rel_l2_error"],
        "estimate": chosen["estimate"],
        "width": chosen["width"],
        "scale": chosen["scale"],
        "axis_scales": chosen.get("axis_scales"),
        "stages": len(strategy["stages"]),
        "per_axis_probes": len(per_axis),
        "per_axis_planned": sum(stage["planned"] for stage in per_axis),
        "stop_reason": strategy["stop_reason"],
        "planned": strategy["planned"],
        "wall_seconds": report["wall_seconds"],
    }
    if measured:
        out.update(measured)
    return out


def _summary(path: Path) -> dict[str, dict]:
    """``NAME rc=0 wall=SECONDS load=L1 L5 L15`` lines (a shell loop's log of the runs): the
    process wall time and the 1-minute load average when each run ended."""
    out: dict[str, dict] = {}
    if not path.exists():
        return out
    for line in path.read_text().splitlines():
        name, _, rest = line.partition(" ")
        fields = dict(part.split("=", 1) for part in rest.split(" ") if "=" in part)
        out[name] = {"process_wall": float(fields["wall"]), "load": float(fields["load"])}
    return out


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--json", required=True)
    parser.add_argument("--out", default="results/axes", help="where the runs write")
    parser.add_argument("--from-runs", default=None, help="collect these reports, solve nothing")
    parser.add_argument("--only", default=None, help="comma-separated names of RUNS")
    args = parser.parse_args(argv)
    names = args.only.split(",") if args.only else list(RUNS)
    folder = Path(args.from_runs or args.out)
    rows = {}
    logged = _summary(folder / "summary.txt") if args.from_runs else {}
    for name in names:
        measured = logged.get(name) if args.from_runs else solve(name, folder)
        rows[name] = row(name, folder, measured)
        print(name, json.dumps(rows[name]), flush=True)
    data = {
        "command": "PYTHONPATH=. nice -n 10 .venv/bin/python benchmarks/axes/measure.py "
        "--json docs/figures/axes.json",
        "provenance": "collected from runs made by hand with the same commands"
        if args.from_runs
        else "run by this script",
        "runs": rows,
    }
    Path(args.json).write_text(json.dumps(data, indent=2) + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

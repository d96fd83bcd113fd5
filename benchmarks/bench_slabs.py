"""Time slabs on long horizons: error against the number of slabs and against wall time.

Each run is the CLI on one thread (``pinnls solve FILE --threads 1 ...``), as a user would run
it, in a fresh process; its report.json gives the error, the validation estimate, the wall
time and, with slabs, each slab's error and interface jump.

Usage::

    python benchmarks/bench_slabs.py                     # every case below, ~25 min
    python benchmarks/bench_slabs.py --only advection_c50 --json docs/figures/slabs.json

Cases (``benchmarks/slabs/``): the jaxpi advection benchmark (c = 50), ten periods of
``u_t + u_x = 0`` and DeepXDE's wave_1d example; each with the defaults, with fixed numbers of
slabs (the automatic strategy on every slab) and with several time limits.
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
import platform
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PINNLS = [sys.executable, "-m", "pinnls"]

#: (problem, extra flags) in the order they run.
CASES = {
    "advection_c50": [[], ["--time-slabs", "1"], ["--time-slabs", "5"], ["--time-slabs", "10"],
                      ["--time-slabs", "20"], ["--time-slabs", "1", "--time-limit", "120"],
                      ["--time-limit", "20"], ["--time-limit", "120"]],
    "advection_long": [[], ["--time-slabs", "1"], ["--time-slabs", "10"], ["--time-slabs", "20"]],
    "wave_1d": [[], ["--time-slabs", "1"], ["--time-slabs", "10"], ["--time-slabs", "20"]],
}  # fmt: skip


def run(problem: str, flags: list[str]) -> dict:
    """One CLI solve; the report's numbers."""
    with tempfile.TemporaryDirectory() as folder:
        out = Path(folder) / "out"
        file = ROOT / "benchmarks" / "slabs" / f"{problem}.py"
        command = [*PINNLS, "solve", str(file), "--threads", "1", "--quiet", "--format", "h5",
                   "--out", str(out), *flags]  # fmt: skip
        began = time.perf_counter()
        done = subprocess.run(command, capture_output=True, text=True, cwd=ROOT)
        elapsed = time.perf_counter() - began
        if done.returncode != 0:
            return {"problem": problem, "flags": flags, "status": done.returncode,
                    "error": done.stderr.strip().splitlines()[-1:]}  # fmt: skip
        report = json.loads((out / "report.json").read_text())
    slabs = report.get("slabs") or []
    strategy = report.get("strategy") or {}
    return {
        "problem": problem,
        "flags": flags,
        "status": 0,
        "rel_l2": report["rel_l2_error"],
        "validation": (report.get("validation") or {}).get("total"),
        "wall": report["wall_seconds"],
        "elapsed": elapsed,
        "slabs": len(slabs) or 1,
        "widths": sorted({s["width"] for s in slabs}) or [strategy.get("chosen", {}).get("width")],
        "decision": strategy.get("decision"),
        "per_slab": [
            {
                "slab": s["slab"],
                "interval": s["interval"],
                "width": s["width"],
                "rel_l2": s["rel_l2_error"],
                "validation": s["validation"],
                "jump": None
                if s["jump"] is None
                else max(v["max"] for k, v in s["jump"].items() if k != "time"),
                "seconds": s["seconds"],
            }
            for s in slabs
        ],
    }


def table(results: list[dict]) -> str:
    lines = [
        "| problem | flags | slabs | widths | rel L2 | validation | wall s |",
        "| --- | --- | --- | --- | --- | --- | --- |",
    ]
    for r in results:
        if r["status"]:
            lines.append(f"| {r['problem']} | `{' '.join(r['flags'])}` | failed: {r['error']} |")
            continue
        widths = ", ".join(str(w) for w in r["widths"])
        lines.append(
            f"| {r['problem']} | `{' '.join(r['flags']) or '(defaults)'}` | {r['slabs']} | "
            f"{widths} | {r['rel_l2']:.2e} | {r['validation']:.2e} | {r['wall']:.1f} |"
        )
    return "\n".join(lines)


def per_slab_table(result: dict) -> str:
    """One run's slabs: interval, width, error, estimate, largest interface jump, seconds."""
    lines = [
        "| slab | interval | width | rel L2 | validation | jump at start | seconds |",
        "| --- | --- | --- | --- | --- | --- | --- |",
    ]
    for s in result["per_slab"]:
        jump = "" if s["jump"] is None else f"{s['jump']:.1e}"
        lines.append(
            f"| {s['slab']} | [{s['interval'][0]:g}, {s['interval'][1]:g}] | {s['width']} | "
            f"{s['rel_l2']:.1e} | {s['validation']:.1e} | {jump} | {s['seconds']:.1f} |"
        )
    return "\n".join(lines)


def record(results: list[dict]) -> dict:
    """The JSON written beside docs/benchmarks.md, section 9."""
    return {
        "command": "python benchmarks/bench_slabs.py --json docs/figures/slabs.json",
        "machine": f"{platform.machine()}, {os.cpu_count()} CPUs, one thread per run",
        "date": datetime.date.today().isoformat(),
        "results": results,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", nargs="*", choices=sorted(CASES))
    parser.add_argument("--json", type=Path, help="write the results here (and print the table)")
    args = parser.parse_args(argv)
    results = []
    for problem in args.only or CASES:
        for flags in CASES[problem]:
            results.append(run(problem, flags))
            r = results[-1]
            keys = ("problem", "flags", "rel_l2", "wall", "slabs")
            print(json.dumps({k: r.get(k) for k in keys}), flush=True)
            if args.json:
                args.json.write_text(json.dumps(record(results), indent=1) + "\n")
    print(table(results))
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""Domains that are not boxes (issue 24): the bundled shape problems with the defaults.

Each run is the CLI on one thread (``pinnls solve FILE --threads 1``), as a user would run it,
in a fresh process; its report.json gives the error (inside the shape), the validation
estimate and the wall time. The issue's targets are printed beside the numbers.

Usage::

    python benchmarks/shapes.py                 # all three, about 4 minutes on one core
    python benchmarks/shapes.py --only poisson_disk
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PINNLS = [sys.executable, "-m", "pinnls"]

#: problem -> (rel L2 target, seconds target), from issue 24.
TARGETS = {
    "poisson_disk": (1e-8, 60.0),
    "heat_lshape": (1e-6, 120.0),
    "transport_obstacle": (1e-5, 120.0),
}


def run(problem: str) -> dict:
    """One CLI solve with the defaults; the report's numbers."""
    with tempfile.TemporaryDirectory() as folder:
        out = Path(folder) / "out"
        command = [*PINNLS, "solve", str(ROOT / "problems" / f"{problem}.py"), "--threads", "1",
                   "--quiet", "--format", "h5", "--out", str(out)]  # fmt: skip
        began = time.perf_counter()
        done = subprocess.run(command, capture_output=True, text=True, cwd=ROOT)
        elapsed = time.perf_counter() - began
        if done.returncode != 0:
            return {"problem": problem, "status": done.returncode,
                    "error": done.stderr.strip().splitlines()[-1:]}  # fmt: skip
        report = json.loads((out / "report.json").read_text())
    chosen = (report.get("strategy") or {}).get("chosen") or {}
    return {
        "problem": problem,
        "status": 0,
        "rel_l2": report["rel_l2_error"],
        "validation": (report.get("validation") or {}).get("total"),
        "wall": report["wall_seconds"],
        "elapsed": elapsed,
        "width": chosen.get("width"),
        "slabs": len(report.get("slabs") or []) or 1,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", choices=sorted(TARGETS), action="append")
    parser.add_argument("--json", type=Path, help="also write the rows to this JSON file")
    args = parser.parse_args(argv)
    rows = []
    print("| problem | width | slabs | rel L2 | validation | wall s | process s | target | met |")
    print("| --- | --- | --- | --- | --- | --- | --- | --- | --- |")
    for problem in args.only or TARGETS:
        r = run(problem)
        error, seconds = TARGETS[problem]
        if r["status"]:
            print(f"| {problem} | failed ({r['status']}): {r['error']} |")
            continue
        met = r["rel_l2"] <= error and r["wall"] <= seconds
        rows.append({**r, "target_rel_l2": error, "target_seconds": seconds, "met": met})
        print(
            f"| {problem} | {r['width']} | {r['slabs']} | {r['rel_l2']:.2e} | "
            f"{r['validation']:.2e} | {r['wall']:.1f} | {r['elapsed']:.1f} | "
            f"<= {error:g} in {seconds:g} s | {'yes' if met else 'no'} |",
            flush=True,
        )
    if args.json:
        command = "PYTHONPATH=. .venv/bin/python benchmarks/shapes.py " + " ".join(
            argv or sys.argv[1:]
        )
        load = os.getloadavg()[0]
        args.json.write_text(
            json.dumps({"command": command, "load_at_end": load, "rows": rows}, indent=1)
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

"""Assembly of a system against the same work for one unknown.

1-D acoustics ``p_t + 4 v_x = 0``, ``v_t + p_x = 0`` has two equations of two unknowns each: its
interior rows are ``[A^(p) | A^(v)]``, one directional pass per unknown and equation. The scalar
reference is transport ``u_t + 2 u_x = 0`` on the same points, one directional pass per row. If
the system's assembly keeps the scalar's speed, assembling both equations costs about four
scalar passes (2 equations x 2 unknowns), i.e. the same time per (row, column block).

Prints a markdown table (median of repeats, one thread) and writes
docs/figures/system_assembly.json. Run::

    python benchmarks/bench_system_assembly.py --widths 256,1024 --points 4096 --repeats 7
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import time
from pathlib import Path

import sympy as sp
import torch

from pinnls import Box, Grid, Problem, compile_problem
from pinnls.numeric.assembly import System
from pinnls.numeric.basis import Basis

x, t = sp.symbols("x t")


def systems(points: int) -> dict[str, Problem]:
    p, v, u = sp.Function("p"), sp.Function("v"), sp.Function("u")
    side = int(round(points**0.5))
    cloud = Grid(n=side)  # side x side cell centres
    acoustics = Problem([p(x, t), v(x, t)], Box(x=(0, 1), t=(0, 1)), name="acoustics")
    acoustics.equation("mass", sp.Eq(p(x, t).diff(t) + 4 * v(x, t).diff(x), 0), points=cloud)
    acoustics.equation("momentum", sp.Eq(v(x, t).diff(t) + p(x, t).diff(x), 0), points=cloud)
    scalar = Problem(u(x, t), Box(x=(0, 1), t=(0, 1)), name="transport")
    scalar.equation("pde", sp.Eq(u(x, t).diff(t) + 2 * u(x, t).diff(x), 0), points=cloud)
    return {"scalar": scalar, "system": acoustics}


def median_seconds(system: System, basis: Basis, repeats: int) -> float:
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        with torch.no_grad():
            for term in system.terms:
                term.block(basis)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--widths", default="256,1024")
    parser.add_argument("--points", type=int, default=4096)
    parser.add_argument("--repeats", type=int, default=7)
    parser.add_argument("--json", default="docs/figures/system_assembly.json")
    args = parser.parse_args()
    torch.set_num_threads(1)
    rows = []
    problems = systems(args.points)
    for width in map(int, args.widths.split(",")):
        result = {"width": width}
        for kind, problem in problems.items():
            compiled = compile_problem(problem, {"width": width})
            basis = Basis(compiled.lower, compiled.upper, width, activation="tanh")
            system = System(compiled, torch.float64, "cpu")
            median_seconds(system, basis, 1)  # warm-up
            result[kind] = median_seconds(system, basis, args.repeats)
            result[f"{kind}_rows"] = system.rows
            result[f"{kind}_columns"] = basis.size * compiled.unknown_count
        # Per (row, column block): the system has 2x the rows and 2 blocks per row.
        result["ratio"] = result["system"] / result["scalar"]
        result["ratio_per_row_block"] = result["ratio"] / 4
        rows.append(result)
    print(
        f"Assembly of acoustics (2 equations, 2 unknowns) vs scalar transport, "
        f"{args.points} points, one thread, median of {args.repeats}\n"
    )
    print("| width | scalar s | system s | system / scalar | per (row, block) |")
    print("| --- | --- | --- | --- | --- |")
    for r in rows:
        print(
            f"| {r['width']} | {r['scalar']:.4f} | {r['system']:.4f} | {r['ratio']:.2f} "
            f"| {r['ratio_per_row_block']:.2f} |"
        )
    record = {
        "script": "benchmarks/bench_system_assembly.py",
        "machine": platform.machine(),
        "processor": platform.processor() or platform.machine(),
        "cpus": os.cpu_count(),
        "torch": torch.__version__,
        "threads": 1,
        "points": args.points,
        "repeats": args.repeats,
        "rows": rows,
    }
    Path(args.json).write_text(json.dumps(record, indent=2) + "\n")


if __name__ == "__main__":
    main()

"""Heat 2d-MS (benchmarks/axes/heat_2d_ms.py) on a chain of local bases along x, solved by one
banded QR, against one global basis at equal columns (docs/benchmarks.md section 33).

Heat 2d-MS has ten periods along x and half of one along y: the automatic strategy's global
basis reached 2.16e-3 in 300 planned seconds (width 4096 and more would be needed for 1e-4, and
its dense QR grows as rows x width^2). Here the box is cut into ``K`` strips along x (one
period each), each with ``F`` tanh features (``subdomains`` ``x=K``), and the block-sparse
system is solved by :func:`pinnls.numeric.block_sparse.solve_chain`. The settings are set by
hand (steepness ``init_scale``, per-axis factors ``x``, ``y=0.25``; Sobol clouds of 6 interior
rows per column, the initial face one per column, the faces y = 0, 1 half of one, 512 on x =
0, 1); the automatic strategy does not choose a chain yet. The global rows take the automatic
strategy's own steepness (1.5, x=16, y=0.25) on the same clouds and are solved by
``pinnls.solve`` (LSGD, least squares only: the product's dense path).

Reported per run: rel L2 on 20,000 random points of the box, the CPU seconds (one thread,
``time.process_time``) of assembling and of solving, and the columns and rows.

Usage::

    PYTHONPATH=. OMP_NUM_THREADS=1 nice -n 5 .venv/bin/python benchmarks/heat_2d_ms_chain.py \\
        --json docs/figures/heat_2d_ms_chain.json
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import time
import warnings

import numpy as np
import torch

PROBLEM = "benchmarks/axes/heat_2d_ms.py"
#: (kind, strips K, features per strip F or global width, init_scale, x factor)
RUNS = (
    ("chain", 10, 300, 1.0, 8.0),
    ("global", 1, 3000, 1.5, 16.0),
    ("chain", 10, 600, 1.0, 8.0),
    ("global", 1, 6000, 1.5, 16.0),
    ("chain", 10, 900, 1.0, 8.0),
)


def clouds(columns: int) -> dict:
    return {
        "pde": {"points": f"sobol:{6 * columns}"},
        "initial": {"points": f"sobol:{columns}"},
        "side-x0": {"points": "sobol:512"},
        "side-x1": {"points": "sobol:512"},
        "side-y0": {"points": f"sobol:{columns // 2}"},
        "side-y1": {"points": f"sobol:{columns // 2}"},
    }


def run(kind: str, strips: int, features: int, scale: float, factor: float) -> dict:
    import pinnls
    from pinnls import Settings, compile_problem
    from pinnls.numeric.assembly import System
    from pinnls.numeric.block_sparse import assemble_blocks, solve_chain
    from pinnls.training import build_basis

    problem = pinnls.load_problem(PROBLEM).problem
    columns = strips * features
    base = {"optimizer": "lsgd", "activation": "tanh", "iterations": 0, "init_scale": scale}
    extra = {"subdomains": f"x={strips}"} if kind == "chain" else {}
    settings = Settings.from_mapping(
        base,
        width=columns,
        device="cpu",
        terms=clouds(columns),
        axis_scales={"x": factor, "y": 0.25},
        **extra,
    )
    compiled = compile_problem(problem, settings)
    points = np.random.default_rng(0).random((20_000, 3)) * np.array([1.0, 1.0, 5.0])
    exact = compiled.exact(points)
    if kind == "chain":
        basis = build_basis(compiled, settings)
        system = System(compiled, torch.float64, "cpu")
        began = time.process_time()
        blocks = assemble_blocks(system, basis)
        assembled = time.process_time()
        coefficients, info = solve_chain(blocks, basis.subdomains)
        solved = time.process_time()
        with torch.no_grad():
            values = np.concatenate(
                [
                    (basis(torch.from_numpy(part)) @ torch.from_numpy(coefficients)).numpy()
                    for part in np.array_split(points, 20)
                ]
            )
        rows, assembly, solve = system.rows, assembled - began, solved - assembled
        rank = info["rank"]
    else:
        began = time.process_time()
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            solution = pinnls.solve(compiled, settings)
        assembly, solve = None, time.process_time() - began
        values = np.concatenate([solution(part) for part in np.array_split(points, 20)])
        rows, rank = solution.rows, solution.rank
    return {
        "kind": kind,
        "strips": strips,
        "features": features,
        "columns": columns + 1,
        "init_scale": scale,
        "x_factor": factor,
        "rows": int(rows),
        "rank": int(rank),
        "assembly_cpu": assembly,
        "solve_cpu": solve,
        "rel_l2": float(np.linalg.norm(values - exact) / np.linalg.norm(exact)),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--json", help="write the rows here")
    args = parser.parse_args()
    torch.set_num_threads(1)
    started = time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime())
    load = os.getloadavg()
    rows = []
    for spec in RUNS:
        rows.append(run(*spec))
        print(json.dumps(rows[-1]), flush=True)
    if args.json:
        record = {
            "command": "PYTHONPATH=. OMP_NUM_THREADS=1 nice -n 5 python "
            f"benchmarks/heat_2d_ms_chain.py --json {args.json}",
            "machine": f"{platform.machine()}, {os.cpu_count()} CPUs, {platform.platform()}, "
            f"torch {torch.__version__}, one thread",
            "started": started,
            "load_before": load,
            "load_after": os.getloadavg(),
            "rows": rows,
        }
        with open(args.json, "w") as handle:
            json.dump(record, handle, indent=1)


if __name__ == "__main__":
    main()
